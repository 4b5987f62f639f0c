// The box one widget occupies: its position, hiding it when `isVisible` is false, and
// showing binding errors (cycles, wrong types) on the widget itself.
import { memo, useContext } from "react";
import type { DslWidget } from "../api/client";
import { EditModeContext, useWidget, useWidgetErrors } from "./context";
import { componentFor } from "./registry";
import { WidgetErrorBoundary } from "./WidgetErrorBoundary";

interface Props {
  node: DslWidget;
  left: number;
  top: number;
  width: number;
  height: number;
}

export const WidgetFrame = memo(function WidgetFrame({ node, left, top, width, height }: Props) {
  const state = useWidget(node.widgetName);
  const errors = useWidgetErrors(node.widgetName);
  const editing = useContext(EditModeContext);
  const Component = componentFor(node.type);
  if (node.type === "MODAL_WIDGET")
    return (
      <WidgetErrorBoundary widgetName={node.widgetName}>
        <Component node={node} width={width} height={height} />
      </WidgetErrorBoundary>
    );
  if (state.isVisible === false && !editing) return null;
  const errorList = Object.entries(errors);
  return (
    <div
      className={`widget widget-${node.type.toLowerCase()}${state.isVisible === false ? " widget-hidden" : ""}`}
      style={{ left, top, width, height }}
      data-widget-name={node.widgetName}
      data-widget-type={node.type}
    >
      <WidgetErrorBoundary widgetName={node.widgetName}>
        <Component node={node} width={width} height={height} />
      </WidgetErrorBoundary>
      {errorList.length > 0 && (
        <div className="widget-errors" role="note" data-testid="widget-error">
          {errorList.map(([path, message]) => (
            <div key={path}>
              <strong>{`${node.widgetName}.${path}`}</strong>: {message}
            </div>
          ))}
        </div>
      )}
    </div>
  );
});
