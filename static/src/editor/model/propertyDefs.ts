// What the property pane shows for each widget type, generated from the engine's
// widget specs (the property types it validates) plus each type's events and the
// choices of enumerated properties. Plain data: no React.
import { specFor } from "../../engine/widgetSpecs";

export type Control = "text" | "code" | "number" | "switch" | "select" | "event";

export interface PropertyDef {
  key: string;
  label: string;
  control: Control;
  options?: string[];
  section: "Content" | "Behaviour" | "Style" | "Events";
}

const EVENTS: Record<string, string[]> = {
  BUTTON_WIDGET: ["onClick"],
  ICON_BUTTON_WIDGET: ["onClick"],
  IMAGE_WIDGET: ["onClick"],
  INPUT_WIDGET_V2: ["onTextChanged", "onSubmit"],
  TABLE_WIDGET_V2: ["onRowSelected", "onPageChange", "onSearchTextChanged", "onSort"],
  SELECT_WIDGET: ["onOptionChange"],
  MULTI_SELECT_WIDGET_V2: ["onOptionChange"],
  CHECKBOX_WIDGET: ["onCheckChange"],
  SWITCH_WIDGET: ["onChange"],
  CHECKBOX_GROUP_WIDGET: ["onSelectionChange"],
  RADIO_GROUP_WIDGET: ["onSelectionChange"],
  DATE_PICKER_WIDGET2: ["onDateSelected"],
  FORM_WIDGET: ["onSubmit"],
  MODAL_WIDGET: ["onClose"],
  TABS_WIDGET: ["onTabSelected"],
  CHART_WIDGET: ["onDataPointClick"],
  LIST_WIDGET_V2: ["onItemClick"],
  FILE_PICKER_WIDGET_V2: ["onFilesSelected"],
};

const CHOICES: Record<string, string[]> = {
  inputType: ["TEXT", "NUMBER", "EMAIL", "PASSWORD"],
  chartType: ["LINE_CHART", "BAR_CHART", "COLUMN_CHART", "PIE_CHART", "AREA_CHART"],
  textAlign: ["LEFT", "CENTER", "RIGHT"],
  fontSize: ["0.875rem", "1rem", "1.25rem", "1.5rem", "1.875rem"],
  buttonVariant: ["PRIMARY", "SECONDARY", "TERTIARY"],
  orientation: ["horizontal", "vertical"],
  objectFit: ["cover", "contain", "auto"],
  fileDataType: ["Base64", "Text", "Binary"],
  buttonType: ["BUTTON", "SUBMIT", "RESET"],
};

const STYLE = new Set(["fontSize", "textAlign", "textColor", "buttonColor", "buttonVariant", "backgroundColor", "color", "objectFit", "imageShape", "orientation"]);
const EXTRA: Record<string, Record<string, "string" | "boolean">> = { BUTTON_WIDGET: { buttonType: "string" } };

/** "defaultSelectedRowIndex" → "Default selected row index". */
export function labelOf(key: string): string {
  const words = key.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function propertyDefs(type: string): PropertyDef[] {
  const types = { ...specFor(type).types, ...EXTRA[type] };
  const defs: PropertyDef[] = [];
  for (const [key, t] of Object.entries(types)) {
    let control: Control;
    if (CHOICES[key]) control = "select";
    else if (t === "boolean") control = "switch";
    else if (t === "number") control = "number";
    else if (t === "string") control = "text";
    else control = "code";
    defs.push({ key, label: labelOf(key), control, options: CHOICES[key], section: STYLE.has(key) ? "Style" : t === "boolean" ? "Behaviour" : "Content" });
  }
  if (type !== "CANVAS_WIDGET") {
    defs.push({ key: "isVisible", label: "Visible", control: "switch", section: "Behaviour" });
    if (type !== "TEXT_WIDGET" && type !== "CONTAINER_WIDGET" && type !== "DIVIDER_WIDGET") defs.push({ key: "isDisabled", label: "Disabled", control: "switch", section: "Behaviour" });
  }
  for (const key of EVENTS[type] ?? []) defs.push({ key, label: labelOf(key), control: "event", section: "Events" });
  return defs;
}

export function isEventProperty(type: string, key: string): boolean {
  return (EVENTS[type] ?? []).includes(key) || /^on[A-Z]/.test(key);
}
