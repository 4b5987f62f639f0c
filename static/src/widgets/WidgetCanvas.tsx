// A canvas: lays its child widgets out on the 64-column grid (10 px rows), scaled to
// the width it is given. Used for the page and inside containers, forms, tabs, modals.
import { memo } from "react";
import type { DslWidget } from "../api/client";
import { WidgetFrame } from "./WidgetFrame";

export const GRID_COLUMNS = 64;
export const ROW_HEIGHT = 10;

export function canvasHeight(children: DslWidget[] | undefined, minHeight = 0): number {
  let rows = 0;
  for (const c of children ?? []) if (c.type !== "MODAL_WIDGET") rows = Math.max(rows, Number(c.bottomRow ?? 0));
  return Math.max(minHeight, rows * ROW_HEIGHT);
}

export const WidgetCanvas = memo(function WidgetCanvas({ canvas, width, minHeight = 0 }: { canvas: DslWidget | undefined; width: number; minHeight?: number }) {
  const children = canvas?.children ?? [];
  const columnWidth = width / GRID_COLUMNS;
  return (
    <div className="canvas" style={{ width, height: canvasHeight(children, minHeight) }} data-canvas={canvas?.widgetName}>
      {children.map((child) =>
        child.type === "MODAL_WIDGET" ? (
          <WidgetFrame key={child.widgetId} node={child} left={0} top={0} width={0} height={0} />
        ) : (
          <WidgetFrame
            key={child.widgetId}
            node={child}
            left={Number(child.leftColumn ?? 0) * columnWidth}
            top={Number(child.topRow ?? 0) * ROW_HEIGHT}
            width={(Number(child.rightColumn ?? 0) - Number(child.leftColumn ?? 0)) * columnWidth}
            height={(Number(child.bottomRow ?? 0) - Number(child.topRow ?? 0)) * ROW_HEIGHT}
          />
        ),
      )}
    </div>
  );
});
