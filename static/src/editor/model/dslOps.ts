// Operations on a page's DSL for the editor: find, move, resize, insert, delete, nest,
// set a property, copy. Plain TypeScript without React so that Vitest can test them.
// Every operation returns a new tree and leaves the given one untouched (unchanged
// branches are shared), which is what lets the undo history keep whole snapshots.
import type { DslWidget } from "../../api/client";

export const GRID_COLUMNS = 64;

export interface Box {
  leftColumn: number;
  rightColumn: number;
  topRow: number;
  bottomRow: number;
}

const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : Number(v) || 0);

export function boxOf(w: DslWidget): Box {
  return { leftColumn: num(w.leftColumn), rightColumn: num(w.rightColumn), topRow: num(w.topRow), bottomRow: num(w.bottomRow) };
}

export function overlaps(a: Box, b: Box): boolean {
  return a.leftColumn < b.rightColumn && b.leftColumn < a.rightColumn && a.topRow < b.bottomRow && b.topRow < a.bottomRow;
}

/** Calls `fn` on every widget of the tree, parents before children. */
export function walk(root: DslWidget, fn: (w: DslWidget, parent: DslWidget | undefined) => void, parent?: DslWidget) {
  fn(root, parent);
  for (const c of root.children ?? []) walk(c, fn, root);
}

export function findWidget(root: DslWidget, id: string): DslWidget | undefined {
  if (root.widgetId === id) return root;
  for (const c of root.children ?? []) {
    const found = findWidget(c, id);
    if (found) return found;
  }
  return undefined;
}

export function findByName(root: DslWidget, name: string): DslWidget | undefined {
  let found: DslWidget | undefined;
  walk(root, (w) => {
    if (!found && w.widgetName === name) found = w;
  });
  return found;
}

export function parentOf(root: DslWidget, id: string): DslWidget | undefined {
  for (const c of root.children ?? []) {
    if (c.widgetId === id) return root;
    const p = parentOf(c, id);
    if (p) return p;
  }
  return undefined;
}

export function widgetNames(root: DslWidget): Set<string> {
  const names = new Set<string>();
  walk(root, (w) => names.add(w.widgetName));
  return names;
}

/** Replaces the widget with `id` by `fn(widget)`, copying only the path down to it. */
export function updateWidget(root: DslWidget, id: string, fn: (w: DslWidget) => DslWidget): DslWidget {
  if (root.widgetId === id) return fn(root);
  if (!root.children) return root;
  let changed = false;
  const children = root.children.map((c) => {
    const next = updateWidget(c, id, fn);
    if (next !== c) changed = true;
    return next;
  });
  return changed ? { ...root, children } : root;
}

/** Clamps a box into the grid: at least one column and row, inside 0..64 columns. */
export function clampBox(b: Box): Box {
  const width = Math.max(1, Math.min(GRID_COLUMNS, Math.round(b.rightColumn - b.leftColumn)));
  const height = Math.max(1, Math.round(b.bottomRow - b.topRow));
  const left = Math.max(0, Math.min(GRID_COLUMNS - width, Math.round(b.leftColumn)));
  const top = Math.max(0, Math.round(b.topRow));
  return { leftColumn: left, rightColumn: left + width, topRow: top, bottomRow: top + height };
}

/**
 * Keeps the widgets of one canvas from overlapping: the widget `fixedId` stays where it
 * is and every sibling that would overlap is moved down (keeping its height), in order
 * from the top so that a pushed widget pushes the ones below it in turn.
 */
export function reflow(canvas: DslWidget, fixedId: string): DslWidget {
  const children = canvas.children ?? [];
  const fixed = children.find((c) => c.widgetId === fixedId);
  // Modals float above the page: they take no room on the grid.
  if (!fixed || fixed.type === "MODAL_WIDGET") return canvas;
  const placed: Box[] = [boxOf(fixed)];
  const others = children.filter((c) => c !== fixed && c.type !== "MODAL_WIDGET").sort((a, b) => num(a.topRow) - num(b.topRow) || num(a.leftColumn) - num(b.leftColumn));
  const moved = new Map<string, DslWidget>();
  for (const o of others) {
    const box = boxOf(o);
    const height = box.bottomRow - box.topRow;
    let hit = placed.find((p) => overlaps(p, box));
    while (hit) {
      box.topRow = hit.bottomRow;
      box.bottomRow = box.topRow + height;
      hit = placed.find((p) => overlaps(p, box));
    }
    if (box.topRow !== num(o.topRow)) moved.set(o.widgetId, { ...o, topRow: box.topRow, bottomRow: box.bottomRow });
    placed.push(box);
  }
  if (moved.size === 0) return canvas;
  return { ...canvas, children: children.map((c) => moved.get(c.widgetId) ?? c) };
}

function placeInParent(root: DslWidget, id: string, box: Box): DslWidget {
  const parent = parentOf(root, id);
  if (!parent) return root;
  const withBox = updateWidget(root, id, (w) => ({ ...w, ...clampBox(box) }));
  return updateWidget(withBox, parent.widgetId, (p) => reflow(p, id));
}

/** Moves a widget inside its canvas to a new top-left corner (in columns and rows). */
export function moveWidget(root: DslWidget, id: string, leftColumn: number, topRow: number): DslWidget {
  const w = findWidget(root, id);
  if (!w) return root;
  const b = boxOf(w);
  return placeInParent(root, id, { leftColumn, topRow, rightColumn: leftColumn + (b.rightColumn - b.leftColumn), bottomRow: topRow + (b.bottomRow - b.topRow) });
}

/** Gives a widget a new box (resizing from any side). */
export function resizeWidget(root: DslWidget, id: string, box: Box): DslWidget {
  return placeInParent(root, id, box);
}

/** The canvas widget children are dropped into: the widget itself when it is a canvas. */
export function dropCanvasOf(w: DslWidget): DslWidget | undefined {
  if (w.type === "CANVAS_WIDGET") return w;
  return w.children?.find((c) => c.type === "CANVAS_WIDGET");
}

/** Widgets that may hold others: dropping onto them nests into their canvas. */
export function canHoldWidgets(w: DslWidget): boolean {
  return !!dropCanvasOf(w) && w.type !== "LIST_WIDGET_V2";
}

function setParentIds(w: DslWidget, parentId: string): DslWidget {
  return { ...w, parentId, children: w.children?.map((c) => setParentIds(c, w.widgetId)) };
}

/** Adds a widget (with its subtree) to the canvas `canvasId` and makes room for it. */
export function insertWidget(root: DslWidget, canvasId: string, widget: DslWidget): DslWidget {
  const canvas = findWidget(root, canvasId);
  if (!canvas) return root;
  const placed = setParentIds({ ...widget, ...clampBox(boxOf(widget)) }, canvasId);
  const withChild = updateWidget(root, canvasId, (c) => ({ ...c, children: [...(c.children ?? []), placed] }));
  return updateWidget(withChild, canvasId, (c) => reflow(c, placed.widgetId));
}

/** Removes widgets (and everything inside them). The root canvas cannot be removed. */
export function deleteWidgets(root: DslWidget, ids: Iterable<string>): DslWidget {
  const gone = new Set(ids);
  gone.delete(root.widgetId);
  const prune = (w: DslWidget): DslWidget => {
    if (!w.children) return w;
    const kept = w.children.filter((c) => !gone.has(c.widgetId));
    let changed = kept.length !== w.children.length;
    const children = kept.map((c) => {
      const next = prune(c);
      if (next !== c) changed = true;
      return next;
    });
    return changed ? { ...w, children } : w;
  };
  return prune(root);
}

function contains(w: DslWidget, id: string): boolean {
  return !!findWidget(w, id);
}

/** Moves a widget into another canvas (a container's, a form's, …) at a position. */
export function nestWidget(root: DslWidget, id: string, canvasId: string, leftColumn: number, topRow: number): DslWidget {
  const w = findWidget(root, id);
  const canvas = findWidget(root, canvasId);
  if (!w || !canvas || canvas.type !== "CANVAS_WIDGET" || contains(w, canvasId)) return root;
  if (parentOf(root, id)?.widgetId === canvasId) return moveWidget(root, id, leftColumn, topRow);
  const b = boxOf(w);
  const moved = { ...w, leftColumn, topRow, rightColumn: leftColumn + (b.rightColumn - b.leftColumn), bottomRow: topRow + (b.bottomRow - b.topRow) };
  return insertWidget(deleteWidgets(root, [id]), canvasId, moved);
}

// ---- properties ---------------------------------------------------------------------

const hasBinding = (v: unknown) => typeof v === "string" && /\{\{[\s\S]*\}\}/.test(v);

function withPathList(list: { key: string }[] | undefined, key: string, on: boolean): { key: string }[] {
  const rest = (list ?? []).filter((e) => e.key !== key);
  return on ? [...rest, { key }] : rest;
}

/**
 * Sets one property. The binding and trigger path lists follow the value: a property
 * holding `{{ }}` is listed in `dynamicBindingPathList` (or in `dynamicTriggerPathList`
 * when `isTrigger`), otherwise it is taken off them. `undefined` removes the property.
 */
export function setProperty(root: DslWidget, id: string, key: string, value: unknown, isTrigger = false): DslWidget {
  return updateWidget(root, id, (w) => {
    const next: DslWidget = { ...w };
    if (value === undefined) delete next[key];
    else next[key] = value;
    const dynamic = hasBinding(value);
    next.dynamicBindingPathList = withPathList(w.dynamicBindingPathList, key, dynamic && !isTrigger);
    next.dynamicTriggerPathList = withPathList(w.dynamicTriggerPathList, key, dynamic && isTrigger);
    return next;
  });
}

// ---- names, ids and copies ----------------------------------------------------------

/** `base` followed by the smallest number that makes a name no one uses yet. */
export function uniqueName(base: string, taken: Set<string>): string {
  const stem = base.replace(/\d+$/, "") || "Widget";
  for (let n = 1; ; n += 1) {
    const name = `${stem}${n}`;
    if (!taken.has(name)) return name;
  }
}

let idCounter = 0;
export function newWidgetId(): string {
  idCounter += 1;
  return `${Date.now().toString(36)}${idCounter.toString(36)}${Math.random().toString(36).slice(2, 7)}`;
}

/**
 * A copy of a widget subtree with fresh ids and names no one on the page uses (`taken`
 * grows with the names given out). References between widgets of the copy are not
 * rewritten: a pasted Text still reads the original Input, as in Appsmith.
 */
export function cloneWithNewNames(w: DslWidget, taken: Set<string>, makeId: () => string = newWidgetId): DslWidget {
  const copy = (node: DslWidget, parentId: string | undefined): DslWidget => {
    const widgetId = makeId();
    const widgetName = uniqueName(node.widgetName, taken);
    taken.add(widgetName);
    const out: DslWidget = { ...structuredClone({ ...node, children: undefined }), widgetId, widgetName };
    if (parentId !== undefined) out.parentId = parentId;
    if (node.children) out.children = node.children.map((c) => copy(c, widgetId));
    else delete out.children;
    return out;
  };
  return copy(w, w.parentId);
}

/**
 * Pastes copies of widgets into a canvas. Copies keep their relative layout and go
 * below everything already there (or right below the originals when `beside` is set,
 * as duplicate does), so nothing is covered.
 */
export function pasteWidgets(
  root: DslWidget,
  canvasId: string,
  widgets: DslWidget[],
  opts: { below?: number; makeId?: () => string } = {},
): { dsl: DslWidget; ids: string[] } {
  const canvas = findWidget(root, canvasId);
  if (!canvas || widgets.length === 0) return { dsl: root, ids: [] };
  const taken = widgetNames(root);
  const top = Math.min(...widgets.map((w) => num(w.topRow)));
  const target = opts.below ?? Math.max(0, ...(canvas.children ?? []).filter((c) => c.type !== "MODAL_WIDGET").map((c) => num(c.bottomRow)));
  let dsl = root;
  const ids: string[] = [];
  for (const w of widgets) {
    const copy = cloneWithNewNames(w, taken, opts.makeId);
    const shift = target - top;
    const placed = { ...copy, topRow: num(copy.topRow) + shift, bottomRow: num(copy.bottomRow) + shift };
    dsl = insertWidget(dsl, canvasId, placed);
    ids.push(placed.widgetId);
  }
  return { dsl, ids };
}

/** Duplicates widgets right below themselves, in their own canvas. */
export function duplicateWidgets(root: DslWidget, ids: string[], makeId?: () => string): { dsl: DslWidget; ids: string[] } {
  const widgets = ids.map((id) => findWidget(root, id)).filter((w): w is DslWidget => !!w && w.widgetId !== root.widgetId);
  if (widgets.length === 0) return { dsl: root, ids: [] };
  const parent = parentOf(root, widgets[0].widgetId);
  if (!parent) return { dsl: root, ids: [] };
  const siblings = widgets.filter((w) => parentOf(root, w.widgetId)?.widgetId === parent.widgetId);
  const below = Math.max(...siblings.map((w) => num(w.bottomRow)));
  return pasteWidgets(root, parent.widgetId, siblings, { below, makeId });
}

/** The lowest row used in a canvas (where new widgets go when dropped without a place). */
export function bottomOf(canvas: DslWidget): number {
  return Math.max(0, ...(canvas.children ?? []).filter((c) => c.type !== "MODAL_WIDGET").map((c) => num(c.bottomRow)));
}

/**
 * Moves several widgets of one canvas by the same number of columns and rows, keeping
 * their arrangement (the group stays inside the grid); others in the way move down.
 */
export function moveWidgets(root: DslWidget, ids: string[], dCol: number, dRow: number): DslWidget {
  const widgets = ids.map((id) => findWidget(root, id)).filter((w): w is DslWidget => !!w);
  if (widgets.length === 0) return root;
  const parent = parentOf(root, widgets[0].widgetId);
  const group = widgets.filter((w) => parentOf(root, w.widgetId) === parent);
  if (!parent) return root;
  const boxes = group.map(boxOf);
  const minLeft = Math.min(...boxes.map((b) => b.leftColumn));
  const maxRight = Math.max(...boxes.map((b) => b.rightColumn));
  const minTop = Math.min(...boxes.map((b) => b.topRow));
  const dc = Math.max(-minLeft, Math.min(GRID_COLUMNS - maxRight, Math.round(dCol)));
  const dr = Math.max(-minTop, Math.round(dRow));
  if (dc === 0 && dr === 0) return root;
  const moved = new Set(group.map((w) => w.widgetId));
  const next = updateWidget(root, parent.widgetId, (p) => ({
    ...p,
    children: p.children?.map((c) => (moved.has(c.widgetId) ? { ...c, leftColumn: num(c.leftColumn) + dc, rightColumn: num(c.rightColumn) + dc, topRow: num(c.topRow) + dr, bottomRow: num(c.bottomRow) + dr } : c)),
  }));
  // The group keeps its place; the rest moves down out of its way.
  return updateWidget(next, parent.widgetId, (p) => reflowAround(p, moved));
}

/** Like reflow, but the whole group `fixed` stays where it is. */
function reflowAround(canvas: DslWidget, fixed: Set<string>): DslWidget {
  const children = canvas.children ?? [];
  const placed: Box[] = children.filter((c) => fixed.has(c.widgetId)).map(boxOf);
  const others = children.filter((c) => !fixed.has(c.widgetId) && c.type !== "MODAL_WIDGET").sort((a, b) => num(a.topRow) - num(b.topRow) || num(a.leftColumn) - num(b.leftColumn));
  const movedOut = new Map<string, DslWidget>();
  for (const o of others) {
    const box = boxOf(o);
    const height = box.bottomRow - box.topRow;
    let hit = placed.find((p) => overlaps(p, box));
    while (hit) {
      box.topRow = hit.bottomRow;
      box.bottomRow = box.topRow + height;
      hit = placed.find((p) => overlaps(p, box));
    }
    if (box.topRow !== num(o.topRow)) movedOut.set(o.widgetId, { ...o, topRow: box.topRow, bottomRow: box.bottomRow });
    placed.push(box);
  }
  if (movedOut.size === 0) return canvas;
  return { ...canvas, children: children.map((c) => movedOut.get(c.widgetId) ?? c) };
}
