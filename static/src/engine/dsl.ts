// Turning a page's DSL (a widget tree) into the flat widget list the engine evaluates.
import type { WidgetDef } from "./types";

export interface DslNode {
  widgetName: string;
  widgetId: string;
  type: string;
  children?: DslNode[];
  dynamicBindingPathList?: { key: string }[];
  dynamicTriggerPathList?: { key: string }[];
  [prop: string]: unknown;
}

export function flattenDsl(root: DslNode): WidgetDef[] {
  const out: WidgetDef[] = [];
  const visit = (node: DslNode, parentName?: string) => {
    const { children, ...props } = node;
    out.push({
      widgetId: String(node.widgetId),
      widgetName: String(node.widgetName),
      type: String(node.type),
      parentName,
      props,
      dynamicBindingPathList: node.dynamicBindingPathList,
      dynamicTriggerPathList: node.dynamicTriggerPathList,
    });
    for (const c of children ?? []) visit(c, node.widgetName);
  };
  visit(root);
  return out;
}
