// The editor's canvas: the page drawn by the viewer's widgets on the 64-column grid,
// with selection, moving, resizing, nesting and dropping from the palette on top.
// Dragging is a small hand-written pointer-event drag snapped to the grid (react-grid-
// layout does not nest grids or drop into other canvases the way the DSL needs); the
// widgets themselves do not receive clicks while editing (see the CSS).
import { useLayoutEffect, useRef, useState, type DragEvent, type PointerEvent as ReactPointerEvent } from "react";
import type { DslWidget } from "../../api/client";
import { EditModeContext } from "../../widgets/context";
import { WidgetCanvas } from "../../widgets/WidgetCanvas";
import { useDocumentVersion, useEditor } from "../EditorContext";
import { boxOf, clampBox, findByName, findWidget, insertWidget, moveWidget, moveWidgets, nestWidget, parentOf, resizeWidget, type Box } from "../model/dslOps";
import { createWidget, paletteEntry } from "../model/palette";
import { PALETTE_MIME, paletteDrag, setPaletteDrag } from "./paletteDrag";
import { canvasAt, hitOf, ROW_HEIGHT, widgetElement, type CanvasHit, type PixelBox } from "./geometry";
import { SelectionOverlay } from "./SelectionOverlay";
import { useCanvasKeys } from "./useCanvasKeys";

type Drag =
  | { kind: "move"; id: string; group: string[]; el: HTMLElement; startX: number; startY: number; grabX: number; grabY: number; cols: number; rows: number; started: boolean; target?: { canvas: string; col: number; row: number } }
  | { kind: "resize"; id: string; handle: string; startX: number; startY: number; start: Box; parent: CanvasHit; box?: Box };


export function EditorCanvas() {
  const { doc, takenNames, preview } = useEditor();
  useDocumentVersion(doc);
  useCanvasKeys(doc, !preview);
  const scrollRef = useRef<HTMLDivElement>(null);
  const contentRef = useRef<HTMLDivElement>(null);
  const drag = useRef<Drag | null>(null);
  const [ghost, setGhost] = useState<PixelBox | null>(null);
  const width = useElementWidth(scrollRef);
  const dsl = doc.dsl;

  const ghostFor = (hit: CanvasHit, box: Box): PixelBox => {
    const origin = contentRef.current!.getBoundingClientRect();
    return {
      left: hit.rect.left - origin.left + box.leftColumn * hit.columnWidth,
      top: hit.rect.top - origin.top + box.topRow * ROW_HEIGHT,
      width: (box.rightColumn - box.leftColumn) * hit.columnWidth,
      height: (box.bottomRow - box.topRow) * ROW_HEIGHT,
    };
  };

  const onPointerDown = (e: ReactPointerEvent<HTMLDivElement>) => {
    if (e.button !== 0) return;
    const root = contentRef.current!;
    // Take the focus from any field, so that Delete and Ctrl+Z act on the canvas.
    root.focus({ preventScroll: true });
    const target = e.target as HTMLElement;
    const handle = target.closest<HTMLElement>("[data-handle]");
    if (handle) {
      const id = handle.dataset.widgetId!;
      const w = findWidget(dsl, id);
      const el = w && widgetElement(root, w.widgetName);
      if (!w || !el?.parentElement) return;
      drag.current = { kind: "resize", id, handle: handle.dataset.handle!, startX: e.clientX, startY: e.clientY, start: boxOf(w), parent: hitOf(el.parentElement) };
      root.setPointerCapture(e.pointerId);
      e.preventDefault();
      return;
    }
    const el = target.closest<HTMLElement>(".widget[data-widget-name]");
    const w = el && root.contains(el) ? findByName(dsl, el.dataset.widgetName!) : undefined;
    if (!el || !w) {
      doc.select([]);
      return;
    }
    if (e.shiftKey || e.metaKey || e.ctrlKey) {
      doc.select(doc.selection.includes(w.widgetId) ? doc.selection.filter((s) => s !== w.widgetId) : [...doc.selection, w.widgetId]);
      return;
    }
    // Dragging one of several selected widgets moves them all.
    const group = doc.selection.length > 1 && doc.selection.includes(w.widgetId) ? doc.selection : [w.widgetId];
    if (!doc.selection.includes(w.widgetId)) doc.select([w.widgetId]);
    const r = el.getBoundingClientRect();
    const b = boxOf(w);
    drag.current = { kind: "move", id: w.widgetId, group, el, startX: e.clientX, startY: e.clientY, grabX: e.clientX - r.left, grabY: e.clientY - r.top, cols: b.rightColumn - b.leftColumn, rows: b.bottomRow - b.topRow, started: false };
    root.setPointerCapture(e.pointerId);
    e.preventDefault();
  };

  const onPointerMove = (e: ReactPointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    if (!d) return;
    if (d.kind === "move") {
      if (!d.started && Math.hypot(e.clientX - d.startX, e.clientY - d.startY) < 4) return;
      d.started = true;
      const hit = canvasAt(contentRef.current!, e.clientX, e.clientY, d.el);
      if (!hit) return;
      const box = clampBox({
        leftColumn: Math.round((e.clientX - d.grabX - hit.rect.left) / hit.columnWidth),
        topRow: Math.round((e.clientY - d.grabY - hit.rect.top) / ROW_HEIGHT),
        rightColumn: 0,
        bottomRow: 0,
      } as Box);
      const placed = clampBox({ leftColumn: box.leftColumn, topRow: box.topRow, rightColumn: box.leftColumn + d.cols, bottomRow: box.topRow + d.rows });
      d.target = { canvas: hit.name, col: placed.leftColumn, row: placed.topRow };
      setGhost(ghostFor(hit, placed));
    } else {
      const dc = Math.round((e.clientX - d.startX) / d.parent.columnWidth);
      const dr = Math.round((e.clientY - d.startY) / ROW_HEIGHT);
      const b = { ...d.start };
      if (d.handle.includes("e")) b.rightColumn = Math.max(b.leftColumn + 1, b.rightColumn + dc);
      if (d.handle.includes("w")) b.leftColumn = Math.min(b.rightColumn - 1, b.leftColumn + dc);
      if (d.handle.includes("s")) b.bottomRow = Math.max(b.topRow + 1, b.bottomRow + dr);
      if (d.handle.includes("n")) b.topRow = Math.min(b.bottomRow - 1, b.topRow + dr);
      d.box = clampBox(b);
      setGhost(ghostFor(d.parent, d.box));
    }
  };

  const onPointerUp = () => {
    const d = drag.current;
    drag.current = null;
    setGhost(null);
    if (!d) return;
    if (d.kind === "resize") {
      if (d.box) doc.change(resizeWidget(dsl, d.id, d.box));
      return;
    }
    if (!d.started || !d.target) {
      // A click on one of several selected widgets selects just that one.
      if (d.group.length > 1) doc.select([d.id]);
      return;
    }
    const canvas = findByName(dsl, d.target.canvas);
    if (!canvas) return;
    const parent = parentOf(dsl, d.id);
    if (d.group.length > 1) {
      // A group moves within its canvas (nesting is one widget at a time).
      const start = boxOf(findWidget(dsl, d.id)!);
      if (parent?.widgetId === canvas.widgetId) doc.change(moveWidgets(dsl, d.group, d.target.col - start.leftColumn, d.target.row - start.topRow));
      return;
    }
    const next = parent?.widgetId === canvas.widgetId ? moveWidget(dsl, d.id, d.target.col, d.target.row) : nestWidget(dsl, d.id, canvas.widgetId, d.target.col, d.target.row);
    doc.change(next);
  };

  const paletteTarget = (e: DragEvent) => {
    const type = paletteDrag();
    const entry = type ? paletteEntry(type) : undefined;
    const hit = canvasAt(contentRef.current!, e.clientX, e.clientY);
    if (!entry || !hit) return undefined;
    const box = clampBox({
      leftColumn: Math.round((e.clientX - hit.rect.left) / hit.columnWidth - entry.columns / 2),
      topRow: Math.round((e.clientY - hit.rect.top) / ROW_HEIGHT - entry.rows / 2),
      rightColumn: 0,
      bottomRow: 0,
    });
    const placed = clampBox({ leftColumn: box.leftColumn, topRow: box.topRow, rightColumn: box.leftColumn + entry.columns, bottomRow: box.topRow + entry.rows });
    return { entry, hit, placed };
  };

  const onDragOver = (e: DragEvent<HTMLDivElement>) => {
    if (!e.dataTransfer.types.includes(PALETTE_MIME)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = "copy";
    const t = paletteTarget(e);
    if (t) setGhost(ghostFor(t.hit, t.placed));
  };

  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    if (!paletteDrag()) setPaletteDrag(e.dataTransfer.getData(PALETTE_MIME) || null);
    const t = paletteTarget(e);
    setGhost(null);
    setPaletteDrag(null);
    if (!t) return;
    e.preventDefault();
    // Modals live on the page itself, wherever they are dropped.
    const canvas = t.entry.type === "MODAL_WIDGET" ? dsl : findByName(dsl, t.hit.name);
    if (!canvas) return;
    const w: DslWidget = createWidget(t.entry, t.placed.leftColumn, t.placed.topRow, takenNames());
    doc.change(insertWidget(dsl, canvas.widgetId, w), [w.widgetId]);
  };

  if (preview)
    return (
      <div className="editor-canvas-scroll" ref={scrollRef}>
        <div className="preview-canvas" data-testid="preview-canvas">
          {width > 0 && <WidgetCanvas canvas={dsl} width={width} minHeight={Math.max(600, Number(dsl.minHeight) || 0)} />}
        </div>
      </div>
    );
  return (
    <div className="editor-canvas-scroll" ref={scrollRef}>
      <div
        className="editor-canvas"
        ref={contentRef}
        data-testid="editor-canvas"
        tabIndex={0}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerUp}
        onDragOver={onDragOver}
        onDragLeave={() => setGhost(null)}
        onDrop={onDrop}
      >
        <EditModeContext.Provider value={true}>
          {width > 0 && <WidgetCanvas canvas={dsl} width={width} minHeight={Math.max(600, Number(dsl.minHeight) || 0)} />}
        </EditModeContext.Provider>
        <SelectionOverlay root={contentRef} width={width} />
        {ghost && <div className="drop-ghost" style={ghost} data-testid="drop-ghost" />}
      </div>
    </div>
  );
}

function useElementWidth(ref: React.RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setWidth(Math.max(320, el.clientWidth - 24));
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref]);
  return width;
}
