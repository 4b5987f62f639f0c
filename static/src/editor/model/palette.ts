// The widget palette: what can be dragged onto the canvas, with the size (columns ×
// rows) and the properties a fresh widget starts with. Plain data: no React.
import type { DslWidget } from "../../api/client";
import { newWidgetId, uniqueName } from "./dslOps";

export interface PaletteEntry {
  type: string;
  label: string;
  /** The stem of new names: Text → Text1, Text2, … */
  name: string;
  columns: number;
  rows: number;
  props: Record<string, unknown>;
  /** Holds other widgets on a canvas of its own. */
  container?: boolean;
  /** Tabs: one canvas per tab. */
  tabs?: string[];
}

export const PALETTE: PaletteEntry[] = [
  { type: "TEXT_WIDGET", label: "Text", name: "Text", columns: 16, rows: 4, props: { text: "Label", fontSize: "1rem", textAlign: "LEFT" } },
  { type: "BUTTON_WIDGET", label: "Button", name: "Button", columns: 16, rows: 4, props: { text: "Submit", buttonVariant: "PRIMARY" } },
  { type: "INPUT_WIDGET_V2", label: "Input", name: "Input", columns: 20, rows: 7, props: { label: "Label", inputType: "TEXT", defaultText: "" } },
  { type: "TABLE_WIDGET_V2", label: "Table", name: "Table", columns: 34, rows: 28, props: { tableData: '{{[{ "id": 1, "name": "Ada" }, { "id": 2, "name": "Grace" }]}}', pageSize: 10, isVisibleSearch: true, isVisiblePagination: true } },
  { type: "SELECT_WIDGET", label: "Select", name: "Select", columns: 20, rows: 7, props: { label: "Label", options: '{{[{ "label": "Blue", "value": "BLUE" }, { "label": "Green", "value": "GREEN" }]}}', defaultOptionValue: "" } },
  { type: "MULTI_SELECT_WIDGET_V2", label: "Multi-select", name: "MultiSelect", columns: 20, rows: 7, props: { label: "Label", options: '{{[{ "label": "Blue", "value": "BLUE" }]}}', defaultOptionValue: "{{[]}}" } },
  { type: "CHECKBOX_WIDGET", label: "Checkbox", name: "Checkbox", columns: 12, rows: 4, props: { label: "Label", defaultCheckedState: false } },
  { type: "CHECKBOX_GROUP_WIDGET", label: "Checkbox group", name: "CheckboxGroup", columns: 20, rows: 6, props: { label: "Label", options: '{{[{ "label": "A", "value": "A" }, { "label": "B", "value": "B" }]}}', defaultSelectedValues: "{{[]}}" } },
  { type: "SWITCH_WIDGET", label: "Switch", name: "Switch", columns: 12, rows: 4, props: { label: "Label", defaultSwitchState: false } },
  { type: "RADIO_GROUP_WIDGET", label: "Radio group", name: "RadioGroup", columns: 20, rows: 6, props: { label: "Label", options: '{{[{ "label": "Yes", "value": "Y" }, { "label": "No", "value": "N" }]}}', defaultOptionValue: "Y" } },
  { type: "DATE_PICKER_WIDGET2", label: "Date picker", name: "DatePicker", columns: 20, rows: 7, props: { label: "Date", dateFormat: "YYYY-MM-DD" } },
  { type: "IMAGE_WIDGET", label: "Image", name: "Image", columns: 12, rows: 12, props: { image: "", objectFit: "cover" } },
  { type: "CHART_WIDGET", label: "Chart", name: "Chart", columns: 24, rows: 32, props: { chartType: "LINE_CHART", chartName: "Sales", chartData: '{{[{ "seriesName": "Sales", "data": [{ "x": "Mon", "y": 10 }, { "x": "Tue", "y": 20 }] }]}}' } },
  { type: "DIVIDER_WIDGET", label: "Divider", name: "Divider", columns: 20, rows: 2, props: { orientation: "horizontal" } },
  { type: "ICON_BUTTON_WIDGET", label: "Icon button", name: "IconButton", columns: 4, rows: 4, props: { iconName: "plus" } },
  { type: "FILE_PICKER_WIDGET_V2", label: "File picker", name: "FilePicker", columns: 16, rows: 4, props: { label: "Select files", maxNumFiles: 1 } },
  { type: "CONTAINER_WIDGET", label: "Container", name: "Container", columns: 24, rows: 20, props: { backgroundColor: "#ffffff" }, container: true },
  { type: "FORM_WIDGET", label: "Form", name: "Form", columns: 24, rows: 30, props: { backgroundColor: "#ffffff" }, container: true },
  { type: "TABS_WIDGET", label: "Tabs", name: "Tabs", columns: 24, rows: 30, props: { shouldShowTabs: true, defaultTab: "Tab 1" }, tabs: ["Tab 1", "Tab 2"] },
  { type: "MODAL_WIDGET", label: "Modal", name: "Modal", columns: 24, rows: 24, props: { canOutsideClickClose: true }, container: true },
];

export function paletteEntry(type: string): PaletteEntry | undefined {
  return PALETTE.find((p) => p.type === type);
}

/** A new widget of a palette entry at a place, with a name no one on the page uses. */
export function createWidget(entry: PaletteEntry, leftColumn: number, topRow: number, taken: Set<string>, makeId: () => string = newWidgetId): DslWidget {
  const widgetId = makeId();
  const widgetName = uniqueName(entry.name, taken);
  const bindings = Object.entries(entry.props)
    .filter(([, v]) => typeof v === "string" && v.includes("{{"))
    .map(([key]) => ({ key }));
  const widget: DslWidget = {
    widgetName,
    widgetId,
    type: entry.type,
    leftColumn,
    rightColumn: leftColumn + entry.columns,
    topRow,
    bottomRow: topRow + entry.rows,
    isVisible: true,
    version: 1,
    dynamicBindingPathList: bindings,
    dynamicTriggerPathList: [],
    ...structuredClone(entry.props),
  };
  const canvas = (extra: Record<string, unknown>): DslWidget => {
    const canvasName = uniqueName("Canvas", taken);
    taken.add(canvasName);
    return {
      widgetName: canvasName,
      widgetId: makeId(),
      type: "CANVAS_WIDGET",
      parentId: widgetId,
      leftColumn: 0,
      rightColumn: 64,
      topRow: 0,
      bottomRow: entry.rows,
      detachFromLayout: true,
      canExtend: false,
      isVisible: true,
      dynamicBindingPathList: [],
      dynamicTriggerPathList: [],
      children: [],
      ...extra,
    };
  };
  if (entry.tabs) {
    taken.add(widgetName);
    const tabs = entry.tabs.map((label, index) => ({ id: `tab${index + 1}`, label, index, isVisible: true }));
    widget.tabsObj = Object.fromEntries(tabs.map((t) => [t.id, t]));
    widget.children = tabs.map((t) => canvas({ tabId: t.id, tabName: t.label }));
  }
  if (entry.container) {
    taken.add(widgetName);
    widget.children = [canvas({})];
  }
  return widget;
}
