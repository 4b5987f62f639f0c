// Select and Multi-select. Option values can be any JSON value, so the DOM works with
// option indexes and the widget state gets the real values.
import { optionsOf } from "../engine/widgetSpecs";
import { useWidget, useWidgetEvents } from "./context";
import type { WidgetProps } from "./types";

const str = (v: unknown) => (v === undefined || v === null ? "" : String(v));

export function SelectWidget({ node }: WidgetProps) {
  const s = useWidget(node.widgetName);
  const { setMeta } = useWidgetEvents(node.widgetName);
  const options = optionsOf(s);
  const index = options.findIndex((o) => o.value === s.selectedOptionValue);
  return (
    <label className="input-widget">
      {str(s.label) && <span className="widget-label">{str(s.label)}</span>}
      <select
        className="input-field"
        aria-label={str(s.label) || node.widgetName}
        value={index >= 0 ? String(index) : ""}
        disabled={!!s.isDisabled}
        onChange={(e) => setMeta({ value: e.target.value === "" ? "" : options[Number(e.target.value)]?.value }, "onOptionChange")}
      >
        <option value="">{str(s.placeholderText) || "Select an option"}</option>
        {options.map((o, i) => (
          <option key={i} value={String(i)}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

export function MultiSelectWidget({ node }: WidgetProps) {
  const s = useWidget(node.widgetName);
  const { setMeta } = useWidgetEvents(node.widgetName);
  const options = optionsOf(s);
  const selected = Array.isArray(s.selectedOptionValues) ? (s.selectedOptionValues as unknown[]) : [];
  return (
    <label className="input-widget">
      {str(s.label) && <span className="widget-label">{str(s.label)}</span>}
      <select
        multiple
        className="input-field multi"
        aria-label={str(s.label) || node.widgetName}
        value={options.flatMap((o, i) => (selected.includes(o.value) ? [String(i)] : []))}
        disabled={!!s.isDisabled}
        onChange={(e) => setMeta({ values: Array.from(e.target.selectedOptions).map((o) => options[Number(o.value)]?.value) }, "onOptionChange")}
      >
        {options.map((o, i) => (
          <option key={i} value={String(i)}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}
