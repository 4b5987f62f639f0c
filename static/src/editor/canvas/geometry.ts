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

/**
 * The innermost canvas at a point, inside `root` and outside `exclude` (the widget
 * being dragged). Pointing at a container (Container, Form, …) means its own canvas,
 * which may be drawn with no height while it is empty.
 */
export function canvasAt(root: HTMLElement, x: number, y: number, exclude?: Element | null): CanvasHit | undefined {
  const allowed = (c: Element | null): c is HTMLElement => !!c && root.contains(c) && !(exclude && (exclude === c || exclude.contains(c)));
  for (const el of document.elementsFromPoint(x, y)) {
    if (!(el instanceof HTMLElement) || !root.contains(el)) continue;
    const canvas = el.closest<HTMLElement>(".canvas[data-canvas]");
    const widget = el.closest<HTMLElement>(".widget[data-widget-name]");
    if (widget && allowed(widget) && (!canvas || canvas.contains(widget))) {
      const own = [...widget.querySelectorAll<HTMLElement>(".canvas[data-canvas]")].find((c) => c.parentElement?.closest(".widget") === widget);
      if (own) return hitOf(own);
    }
    if (allowed(canvas)) return hitOf(canvas);
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
