// What the engine knows about each widget type: the type of each property (for
// validation) and the state it exposes to bindings (derived from its properties and
// from what the user did, its "meta" state). Type names are Appsmith's.
import type { PropType } from "./validate";

export type Props = Record<string, unknown>;
export type Meta = Record<string, unknown>;

export interface DerivedProp {
  /** Own properties this value is computed from. */
  deps: string[];
  compute: (props: Props, meta: Meta) => unknown;
}

export interface WidgetSpec {
  types: Record<string, PropType>;
  derived: Record<string, DerivedProp>;
}

const COMMON: Record<string, PropType> = { isVisible: "boolean", isDisabled: "boolean" };

const metaOr = (key: string, fallback: (p: Props) => unknown): DerivedProp["compute"] => (p, m) =>
  m[key] !== undefined ? m[key] : fallback(p);

type Option = { label: string; value: unknown };

/**
 * A select's options: `options` ([{label, value}]), or newer Appsmith apps' `sourceData`
 * (any rows) with `optionLabel`/`optionValue` naming the keys to use.
 */
export function optionsOf(p: Props): Option[] {
  if (Array.isArray(p.sourceData) && p.sourceData.length > 0) {
    const labelKey = typeof p.optionLabel === "string" && p.optionLabel ? p.optionLabel : "label";
    const valueKey = typeof p.optionValue === "string" && p.optionValue ? p.optionValue : "value";
    return (p.sourceData as Record<string, unknown>[])
      .filter((row) => row && typeof row === "object")
      .map((row) => ({ label: String(row[labelKey] ?? row[valueKey] ?? ""), value: row[valueKey] }));
  }
  return Array.isArray(p.options) ? (p.options as Option[]) : [];
}
const labelFor = (p: Props, value: unknown) => optionsOf(p).find((o) => o.value === value)?.label;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Why an input's text is invalid, or "" when it is valid. Shared with the UI. */
export function inputProblem(p: Props, text: string): string {
  if (p.isRequired && text === "") return "This field is required.";
  if (text === "") return "";
  if (p.inputType === "EMAIL" && !EMAIL.test(text)) return "Enter a valid e-mail address.";
  if (p.inputType === "NUMBER") {
    const n = Number(text);
    if (!Number.isFinite(n)) return "Enter a number.";
    if (typeof p.minNum === "number" && n < p.minNum) return `Enter a number of at least ${p.minNum}.`;
    if (typeof p.maxNum === "number" && n > p.maxNum) return `Enter a number of at most ${p.maxNum}.`;
  }
  if (typeof p.maxChars === "number" && text.length > p.maxChars) return `Use at most ${p.maxChars} characters.`;
  if (typeof p.regex === "string" && p.regex !== "") {
    try {
      if (!new RegExp(`^(?:${p.regex})$`).test(text)) return (p.errorMessage as string) || "The value does not match the expected format.";
    } catch {
      return "The pattern in this input's Regex property is not valid.";
    }
  }
  if (p.validation === false) return (p.errorMessage as string) || "Invalid value.";
  return "";
}

const inputText = metaOr("inputText", (p) => (p.defaultText === undefined || p.defaultText === null ? "" : String(p.defaultText)));
const INPUT_DEPS = ["defaultText", "inputType", "isRequired", "regex", "maxChars", "minNum", "maxNum", "validation", "errorMessage"];

const tableRows = (p: Props): Props[] => (Array.isArray(p.tableData) ? (p.tableData as Props[]) : []);
const selectedIndex = (p: Props, m: Meta) => {
  const v = m.selectedRowIndex !== undefined ? m.selectedRowIndex : p.defaultSelectedRowIndex;
  return typeof v === "number" ? v : -1;
};
const selectedIndices = (p: Props, m: Meta): number[] => {
  const v = m.selectedRowIndices !== undefined ? m.selectedRowIndices : p.defaultSelectedRowIndices;
  return Array.isArray(v) ? (v as number[]) : [];
};

/** Pixel sizes the Table is drawn with; the engine needs them for `pageSize`. */
export const TABLE_ROW_HEIGHT = 36;
export const TABLE_CHROME_HEIGHT = 88;

function tablePageSize(p: Props): number {
  const rows = Number(p.bottomRow) - Number(p.topRow);
  if (!Number.isFinite(rows)) return 10;
  return Math.max(1, Math.floor((rows * 10 - TABLE_CHROME_HEIGHT) / TABLE_ROW_HEIGHT));
}

const listItems = (p: Props): unknown[] => (Array.isArray(p.listData) ? (p.listData as unknown[]) : []);

export const WIDGET_SPECS: Record<string, WidgetSpec> = {
  TEXT_WIDGET: { types: { text: "string", fontSize: "string", textAlign: "string", textColor: "string" }, derived: {} },
  BUTTON_WIDGET: { types: { text: "string", buttonColor: "string", buttonVariant: "string", tooltip: "string" }, derived: {} },
  ICON_BUTTON_WIDGET: { types: { iconName: "string", buttonColor: "string", tooltip: "string" }, derived: {} },
  DIVIDER_WIDGET: { types: { orientation: "string", color: "string" }, derived: {} },
  IMAGE_WIDGET: { types: { image: "string", defaultImage: "string", objectFit: "string", imageShape: "string" }, derived: {} },
  CONTAINER_WIDGET: { types: { backgroundColor: "string" }, derived: {} },
  FORM_WIDGET: { types: { backgroundColor: "string" }, derived: {} },
  CANVAS_WIDGET: { types: {}, derived: {} },
  INPUT_WIDGET_V2: {
    types: {
      label: "string", defaultText: "any", placeholderText: "string", inputType: "string", isRequired: "boolean",
      regex: "string", maxChars: "number", minNum: "number", maxNum: "number", errorMessage: "string", validation: "boolean", tooltip: "string",
    },
    derived: {
      inputText: { deps: ["defaultText"], compute: inputText },
      text: {
        deps: ["inputText", "inputType"],
        compute: (p, m) => {
          const t = inputText(p, m) as string;
          if (p.inputType === "NUMBER") return t === "" || !Number.isFinite(Number(t)) ? undefined : Number(t);
          return t;
        },
      },
      isValid: { deps: ["inputText", ...INPUT_DEPS], compute: (p, m) => inputProblem(p, inputText(p, m) as string) === "" },
      isDirty: { deps: [], compute: (_p, m) => m.inputText !== undefined },
    },
  },
  TABLE_WIDGET_V2: {
    types: {
      tableData: "rows", isSortable: "boolean", isVisibleSearch: "boolean", isVisiblePagination: "boolean",
      multiRowSelection: "boolean", defaultSelectedRowIndex: "number", defaultSelectedRowIndices: "array",
      columnOrder: "stringArray", primaryColumns: "object", defaultSearchText: "string",
    },
    derived: {
      processedTableData: { deps: ["tableData"], compute: (p) => tableRows(p).map((r, i) => ({ ...r, __originalIndex__: i })) },
      selectedRowIndex: { deps: ["defaultSelectedRowIndex"], compute: selectedIndex },
      selectedRow: { deps: ["tableData", "selectedRowIndex"], compute: (p, m) => tableRows(p)[selectedIndex(p, m)] ?? {} },
      selectedRowIndices: { deps: ["defaultSelectedRowIndices"], compute: selectedIndices },
      selectedRows: { deps: ["tableData", "selectedRowIndices"], compute: (p, m) => selectedIndices(p, m).map((i) => tableRows(p)[i]).filter(Boolean) },
      triggeredRow: { deps: ["tableData"], compute: (p, m) => (typeof m.triggeredRowIndex === "number" ? tableRows(p)[m.triggeredRowIndex] ?? {} : {}) },
      searchText: { deps: ["defaultSearchText"], compute: metaOr("searchText", (p) => p.defaultSearchText ?? "") },
      pageNo: { deps: [], compute: metaOr("pageNo", () => 1) },
      // As in Appsmith, the rows that fit in the widget's height: what server-side
      // paging queries use as their LIMIT.
      pageSize: { deps: ["topRow", "bottomRow"], compute: (p) => tablePageSize(p) },
      sortOrder: { deps: [], compute: metaOr("sortOrder", () => ({ column: "", order: null })) },
    },
  },
  SELECT_WIDGET: {
    types: { options: "options", sourceData: "array", optionLabel: "string", optionValue: "string", defaultOptionValue: "any", label: "string", placeholderText: "string", isRequired: "boolean" },
    derived: {
      selectedOptionValue: { deps: ["defaultOptionValue"], compute: metaOr("value", (p) => p.defaultOptionValue ?? "") },
      selectedOptionLabel: {
        deps: ["options", "sourceData", "selectedOptionValue"],
        compute: (p, m) => labelFor(p, m.value !== undefined ? m.value : p.defaultOptionValue) ?? "",
      },
      isValid: { deps: ["isRequired", "selectedOptionValue"], compute: (p, m) => !p.isRequired || ((m.value ?? p.defaultOptionValue) ?? "") !== "" },
    },
  },
  MULTI_SELECT_WIDGET_V2: {
    types: { options: "options", sourceData: "array", optionLabel: "string", optionValue: "string", defaultOptionValue: "array", label: "string", placeholderText: "string", isRequired: "boolean" },
    derived: {
      selectedOptionValues: { deps: ["defaultOptionValue"], compute: metaOr("values", (p) => p.defaultOptionValue ?? []) },
      selectedOptionLabels: {
        deps: ["options", "sourceData", "selectedOptionValues"],
        compute: (p, m) => ((m.values ?? p.defaultOptionValue ?? []) as unknown[]).map((v) => labelFor(p, v) ?? String(v)),
      },
      isValid: { deps: ["isRequired", "selectedOptionValues"], compute: (p, m) => !p.isRequired || ((m.values ?? p.defaultOptionValue ?? []) as unknown[]).length > 0 },
    },
  },
  CHECKBOX_WIDGET: {
    types: { label: "string", defaultCheckedState: "boolean", isRequired: "boolean" },
    derived: { isChecked: { deps: ["defaultCheckedState"], compute: metaOr("isChecked", (p) => !!p.defaultCheckedState) } },
  },
  SWITCH_WIDGET: {
    types: { label: "string", defaultSwitchState: "boolean" },
    derived: { isSwitchedOn: { deps: ["defaultSwitchState"], compute: metaOr("isSwitchedOn", (p) => !!p.defaultSwitchState) } },
  },
  CHECKBOX_GROUP_WIDGET: {
    types: { label: "string", options: "options", defaultSelectedValues: "array", isRequired: "boolean" },
    derived: { selectedValues: { deps: ["defaultSelectedValues"], compute: metaOr("selectedValues", (p) => p.defaultSelectedValues ?? []) } },
  },
  RADIO_GROUP_WIDGET: {
    types: { label: "string", options: "options", defaultOptionValue: "any", isRequired: "boolean" },
    derived: {
      selectedOptionValue: { deps: ["defaultOptionValue"], compute: metaOr("value", (p) => p.defaultOptionValue ?? "") },
      selectedOptionLabel: { deps: ["options", "selectedOptionValue"], compute: (p, m) => labelFor(p, m.value ?? p.defaultOptionValue) ?? "" },
    },
  },
  DATE_PICKER_WIDGET2: {
    types: { label: "string", defaultDate: "string", dateFormat: "string", minDate: "string", maxDate: "string", isRequired: "boolean" },
    derived: {
      selectedDate: { deps: ["defaultDate"], compute: metaOr("selectedDate", (p) => p.defaultDate ?? "") },
      formattedDate: {
        deps: ["selectedDate"],
        compute: (p, m) => String(m.selectedDate ?? p.defaultDate ?? "").slice(0, 10),
      },
    },
  },
  MODAL_WIDGET: { types: { canOutsideClickClose: "boolean" }, derived: { isVisible: { deps: [], compute: metaOr("isVisible", () => false) } } },
  TABS_WIDGET: {
    types: { tabsObj: "object", defaultTab: "string", shouldShowTabs: "boolean" },
    derived: { selectedTab: { deps: ["defaultTab"], compute: metaOr("selectedTab", (p) => p.defaultTab ?? "") } },
  },
  CHART_WIDGET: {
    types: { chartType: "string", chartName: "string", chartData: "object", xAxisName: "string", yAxisName: "string" },
    derived: { selectedDataPoint: { deps: [], compute: metaOr("selectedDataPoint", () => ({})) } },
  },
  LIST_WIDGET_V2: {
    types: { listData: "array", itemSpacing: "number", pageSize: "number" },
    derived: {
      selectedItemIndex: { deps: [], compute: metaOr("selectedItemIndex", () => -1) },
      selectedItem: { deps: ["listData", "selectedItemIndex"], compute: (p, m) => listItems(p)[(m.selectedItemIndex as number) ?? -1] },
      pageNo: { deps: [], compute: metaOr("pageNo", () => 1) },
    },
  },
  FILE_PICKER_WIDGET_V2: {
    types: { label: "string", maxNumFiles: "number", allowedFileTypes: "array", isRequired: "boolean", fileDataType: "string" },
    derived: {
      files: { deps: [], compute: metaOr("files", () => []) },
      isValid: { deps: ["isRequired", "files"], compute: (p, m) => !p.isRequired || ((m.files as unknown[]) ?? []).length > 0 },
    },
  },
};

const UNKNOWN: WidgetSpec = { types: {}, derived: {} };

export function specFor(type: string): WidgetSpec {
  return WIDGET_SPECS[type] ?? UNKNOWN;
}

export function propType(type: string, prop: string): PropType {
  return specFor(type).types[prop] ?? COMMON[prop] ?? "any";
}

/** Event properties: listed in dynamicTriggerPathList or named like `onClick`. */
export function isTriggerProp(prop: string, triggerPaths: Set<string>): boolean {
  return triggerPaths.has(prop) || /^on[A-Z]/.test(prop);
}
