// Input widgets: Input (text, number, e-mail, password, multi-line), Checkbox, Switch,
// Checkbox group, Radio group, Date picker and File picker. Each reports what the user
// did as the widget's state and runs its event property.
import { useEffect, useRef, useState, type ChangeEvent } from "react";
import { inputProblem } from "../engine/widgetSpecs";
import { useWidget, useWidgetEvents } from "./context";
import type { WidgetProps } from "./types";

const str = (v: unknown) => (v === undefined || v === null ? "" : String(v));
type Option = { label: string; value: unknown };
const optionsOf = (v: unknown): Option[] => (Array.isArray(v) ? (v as Option[]) : []);

function Label({ text, required }: { text: unknown; required?: unknown }) {
  if (!str(text)) return null;
  return (
    <span className="widget-label">
      {str(text)}
      {required ? <span className="required"> *</span> : null}
    </span>
  );
}

const HTML_INPUT_TYPES: Record<string, string> = { NUMBER: "number", EMAIL: "email", PASSWORD: "password", TEXT: "text" };

export function InputWidget({ node }: WidgetProps) {
  const s = useWidget(node.widgetName);
  const { setMeta, trigger } = useWidgetEvents(node.widgetName);
  const serverText = str(s.inputText);
  // The field keeps its own text so typing never waits for the evaluation worker;
  // outside changes (a reset, a default that changed) replace it.
  const [text, setText] = useState(serverText);
  const sent = useRef(serverText);
  useEffect(() => {
    if (serverText !== sent.current) {
      sent.current = serverText;
      setText(serverText);
    }
  }, [serverText]);
  const [touched, setTouched] = useState(false);
  const onChange = (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => {
    setText(e.target.value);
    sent.current = e.target.value;
    setTouched(true);
    setMeta({ inputText: e.target.value }, "onTextChanged");
  };
  const problem = touched || s.isDirty ? inputProblem(s, text) : "";
  const type = str(s.inputType) || "TEXT";
  const common = {
    className: `input-field${problem ? " invalid" : ""}`,
    value: text,
    placeholder: str(s.placeholderText),
    disabled: !!s.isDisabled,
    "aria-label": str(s.label) || node.widgetName,
    "aria-invalid": problem ? true : undefined,
    onChange,
    onBlur: () => setTouched(true),
    onFocus: () => trigger("onFocus"),
  };
  return (
    <label className="input-widget">
      <Label text={s.label} required={s.isRequired} />
      {type === "MULTI_LINE_TEXT" ? (
        <textarea {...common} />
      ) : (
        <input
          {...common}
          type={HTML_INPUT_TYPES[type] ?? "text"}
          onKeyDown={(e) => {
            if (e.key === "Enter") trigger("onSubmit");
          }}
        />
      )}
      {problem && <span className="input-problem">{problem}</span>}
    </label>
  );
}

export function CheckboxWidget({ node }: WidgetProps) {
  const s = useWidget(node.widgetName);
  const { setMeta } = useWidgetEvents(node.widgetName);
  return (
    <label className="check-widget">
      <input type="checkbox" checked={!!s.isChecked} disabled={!!s.isDisabled} onChange={(e) => setMeta({ isChecked: e.target.checked }, "onCheckChange")} />
      <span>{str(s.label)}</span>
    </label>
  );
}

export function SwitchWidget({ node }: WidgetProps) {
  const s = useWidget(node.widgetName);
  const { setMeta } = useWidgetEvents(node.widgetName);
  return (
    <label className="check-widget switch">
      <input
        type="checkbox"
        role="switch"
        checked={!!s.isSwitchedOn}
        disabled={!!s.isDisabled}
        onChange={(e) => setMeta({ isSwitchedOn: e.target.checked }, "onChange")}
      />
      <span>{str(s.label)}</span>
    </label>
  );
}

export function CheckboxGroupWidget({ node }: WidgetProps) {
  const s = useWidget(node.widgetName);
  const { setMeta } = useWidgetEvents(node.widgetName);
  const selected = Array.isArray(s.selectedValues) ? (s.selectedValues as unknown[]) : [];
  const toggle = (v: unknown, on: boolean) => {
    const next = on ? [...selected, v] : selected.filter((x) => x !== v);
    setMeta({ selectedValues: next }, "onSelectionChange");
  };
  return (
    <fieldset className="group-widget">
      <legend>
        <Label text={s.label} required={s.isRequired} />
      </legend>
      {optionsOf(s.options).map((o, i) => (
        <label key={i} className="check-widget">
          <input type="checkbox" checked={selected.includes(o.value)} disabled={!!s.isDisabled} onChange={(e) => toggle(o.value, e.target.checked)} />
          <span>{o.label}</span>
        </label>
      ))}
    </fieldset>
  );
}

export function RadioGroupWidget({ node }: WidgetProps) {
  const s = useWidget(node.widgetName);
  const { setMeta } = useWidgetEvents(node.widgetName);
  return (
    <fieldset className="group-widget">
      <legend>
        <Label text={s.label} required={s.isRequired} />
      </legend>
      {optionsOf(s.options).map((o, i) => (
        <label key={i} className="check-widget">
          <input
            type="radio"
            name={node.widgetId}
            checked={s.selectedOptionValue === o.value}
            disabled={!!s.isDisabled}
            onChange={() => setMeta({ value: o.value }, "onSelectionChange")}
          />
          <span>{o.label}</span>
        </label>
      ))}
    </fieldset>
  );
}

export function DatePickerWidget({ node }: WidgetProps) {
  const s = useWidget(node.widgetName);
  const { setMeta } = useWidgetEvents(node.widgetName);
  return (
    <label className="input-widget">
      <Label text={s.label} required={s.isRequired} />
      <input
        className="input-field"
        type="date"
        value={str(s.selectedDate).slice(0, 10)}
        min={str(s.minDate).slice(0, 10) || undefined}
        max={str(s.maxDate).slice(0, 10) || undefined}
        disabled={!!s.isDisabled}
        onChange={(e) => setMeta({ selectedDate: e.target.value ? new Date(`${e.target.value}T00:00:00Z`).toISOString() : "" }, "onDateSelected")}
      />
    </label>
  );
}

function readFile(file: File, as: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result);
    reader.onerror = () => reject(reader.error);
    if (as === "Text") reader.readAsText(file);
    else reader.readAsDataURL(file);
  });
}

export function FilePickerWidget({ node }: WidgetProps) {
  const s = useWidget(node.widgetName);
  const { setMeta } = useWidgetEvents(node.widgetName);
  const files = Array.isArray(s.files) ? (s.files as { name: string }[]) : [];
  const onChange = async (e: ChangeEvent<HTMLInputElement>) => {
    const chosen = Array.from(e.target.files ?? []).slice(0, typeof s.maxNumFiles === "number" && s.maxNumFiles > 0 ? s.maxNumFiles : undefined);
    const read = await Promise.all(
      chosen.map(async (f) => ({ id: `${f.name}-${f.size}`, name: f.name, type: f.type, size: f.size, dataFormat: str(s.fileDataType) || "Base64", data: await readFile(f, str(s.fileDataType)) })),
    );
    setMeta({ files: read }, "onFilesSelected");
  };
  const accept = Array.isArray(s.allowedFileTypes) ? (s.allowedFileTypes as string[]).filter((t) => t !== "*").join(",") : undefined;
  return (
    <label className="file-picker-widget">
      <span className="button-like">{str(s.label) || "Select files"}</span>
      <input type="file" multiple={s.maxNumFiles !== 1} accept={accept || undefined} disabled={!!s.isDisabled} onChange={onChange} hidden />
      <span className="file-count">{files.length ? files.map((f) => f.name).join(", ") : "No file chosen"}</span>
    </label>
  );
}
