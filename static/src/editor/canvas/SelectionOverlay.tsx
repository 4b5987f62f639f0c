// Outlines the selected widgets with their names, and resize handles on a single one.
import { useLayoutEffect, useState, type RefObject } from "react";
import { useDocumentVersion, useEditor } from "../EditorContext";
import { findWidget } from "../model/dslOps";
import { relativeBox, widgetElement, type PixelBox } from "./geometry";

const HANDLES = ["n", "e", "s", "w", "ne", "se", "sw", "nw"];

export function SelectionOverlay({ root, width }: { root: RefObject<HTMLDivElement | null>; width: number }) {
  const { doc, runtime } = useEditor();
  useDocumentVersion(doc);
  const [boxes, setBoxes] = useState<{ id: string; name: string; box: PixelBox }[]>([]);
  const [tick, setTick] = useState(0);
  useLayoutEffect(() => runtime?.store.subscribeAll(() => setTick((t) => t + 1)), [runtime]);
  useLayoutEffect(() => {
    const el = root.current;
    if (!el) return;
    const out: typeof boxes = [];
    for (const id of doc.selection) {
      const w = findWidget(doc.dsl, id);
      const wEl = w && widgetElement(el, w.widgetName);
      if (w && wEl) out.push({ id, name: w.widgetName, box: relativeBox(wEl, el) });
    }
    setBoxes(out);
  }, [doc, doc.dsl, doc.selection, root, width, tick]);
  return (
    <>
      {boxes.map(({ id, name, box }) => (
        <div key={id} className="selection-box" style={box} data-testid="selection" data-selected={name}>
          <span className="selection-name">{name}</span>
          {boxes.length === 1 &&
            HANDLES.map((h) => <span key={h} className={`handle handle-${h}`} data-handle={h} data-widget-id={id} data-testid={`handle-${h}`} />)}
        </div>
      ))}
    </>
  );
}
