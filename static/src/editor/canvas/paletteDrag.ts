// Which palette widget is being dragged: dragover events cannot read the drag data,
// so the palette records the type here when the drag starts.
export const PALETTE_MIME = "application/x-tessera-widget";

let dragging: string | null = null;

export function setPaletteDrag(type: string | null) {
  dragging = type;
}

export function paletteDrag(): string | null {
  return dragging;
}
