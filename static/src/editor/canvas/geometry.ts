// Where things are on the editor's canvas, read from the DOM: the canvas (page,
// container, form…) under the pointer, the grid cell under a point, a widget's box.
import { GRID_COLUMNS } from "../model/dslOps";

export const ROW_HEIGHT = 10;

export interface CanvasHit {
  el: HTMLElement;
  name: string;
  rect: DOMRect;
  columnWidth: number;
}

/** The innermost canvas at a point, inside `root` and outside `exclude` (the widget being dragged). */
export function canvasAt(root: HTMLElement, x: number, y: number, exclude?: Element | null): CanvasHit | undefined {
  for (const el of document.elementsFromPoint(x, y)) {
    if (!(el instanceof HTMLElement) || !root.contains(el)) continue;
    const canvas = el.closest<HTMLElement>(".canvas[data-canvas]");
    if (!canvas || !root.contains(canvas)) continue;
    if (exclude && (exclude === canvas || exclude.contains(canvas))) continue;
    return hitOf(canvas);
  }
  const top = root.querySelector<HTMLElement>(".canvas[data-canvas]");
  return top ? hitOf(top) : undefined;
}

export function hitOf(canvas: HTMLElement): CanvasHit {
  const rect = canvas.getBoundingClientRect();
  return { el: canvas, name: canvas.dataset.canvas ?? "", rect, columnWidth: rect.width / GRID_COLUMNS };
}

export function widgetElement(root: HTMLElement, name: string): HTMLElement | null {
  return root.querySelector<HTMLElement>(`.widget[data-widget-name="${CSS.escape(name)}"]`);
}

/** A box in pixels relative to `origin`'s top-left corner. */
export interface PixelBox {
  left: number;
  top: number;
  width: number;
  height: number;
}

export function relativeBox(el: Element, origin: Element): PixelBox {
  const r = el.getBoundingClientRect();
  const o = origin.getBoundingClientRect();
  return { left: r.left - o.left, top: r.top - o.top, width: r.width, height: r.height };
}
