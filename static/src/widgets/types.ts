import type { DslWidget } from "../api/client";

/** What the canvas passes to every widget component: its DSL node and its size in pixels. */
export interface WidgetProps {
  node: DslWidget;
  width: number;
  height: number;
}
