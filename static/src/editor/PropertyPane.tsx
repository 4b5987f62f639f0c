// The property pane of the selected widget, generated from its type's property
// definitions: the name (renaming rewrites references), then each property with a
// switch to JS mode and the evaluated value or error under it.
import { useCallback, useEffect, useState, useSyncExternalStore } from "react";
import type { DslWidget } from "../api/client";
import { useDocumentVersion, useEditor } from "./EditorContext";
import { CodeField } from "./CodeField";
import { findWidget, setProperty } from "./model/dslOps";
import { propertyDefs, type PropertyDef } from "./model/propertyDefs";
import { useCompletionScope } from "./useCompletionScope";

export function PropertyPane() {
  const { doc } = useEditor();
  useDocumentVersion(doc);
  const selected = doc.selection.length === 1 ? findWidget(doc.dsl, doc.selection[0]) : undefined;
  return (
    <aside className="editor-right" aria-label="Properties" data-testid="property-pane">
      {!selected ? (
        <p className="hint">{doc.selection.length > 1 ? `${doc.selection.length} widgets selected.` : "Select a widget to see its properties."}</p>
      ) : (
        <WidgetProperties key={selected.widgetId} widget={selected} />
      )}
    </aside>
  );
}

function WidgetProperties({ widget }: { widget: DslWidget }) {
  const defs = propertyDefs(widget.type);
  const sections = ["Content", "Behaviour", "Style", "Events"] as const;
  return (
    <div className="property-pane">
      <WidgetNameField widget={widget} />
      <div className="hint">{widget.type}</div>
      {sections.map((section) => {
        const list = defs.filter((d) => d.section === section);
        if (!list.length) return null;
        return (
          <section key={section} className="property-section">
            <h4>{section}</h4>
            {list.map((def) => (
              <PropertyField key={def.key} widget={widget} def={def} />
            ))}
          </section>
        );
      })}
    </div>
  );
}

function WidgetNameField({ widget }: { widget: DslWidget }) {
  const { rename } = useEditor();
  const [name, setName] = useState(widget.widgetName);
  useEffect(() => setName(widget.widgetName), [widget.widgetName]);
  const commit = async () => {
    if (name !== widget.widgetName && !(await rename(widget.widgetName, name))) setName(widget.widgetName);
  };
  return (
    <input
      className="name-field"
      aria-label="Widget name"
      value={name}
      onChange={(e) => setName(e.target.value)}
      onBlur={() => void commit()}
      onKeyDown={(e) => {
        if (e.key === "Enter") (e.target as HTMLInputElement).blur();
        if (e.key === "Escape") setName(widget.widgetName);
      }}
    />
  );
}

const asText = (v: unknown) => (v === undefined || v === null ? "" : typeof v === "string" ? v : JSON.stringify(v));
const isJsValue = (v: unknown) => typeof v === "string" && v.includes("{{");

function PropertyField({ widget, def }: { widget: DslWidget; def: PropertyDef }) {
  const { doc } = useEditor();
  const scope = useCompletionScope();
  const raw = widget[def.key];
  const codeOnly = def.control === "text" || def.control === "code" || def.control === "event";
  const [jsMode, setJsMode] = useState(codeOnly || isJsValue(raw));
  const set = useCallback(
    (value: unknown) => {
      const current = findWidget(doc.dsl, widget.widgetId);
      if (!current || current[def.key] === value) return;
      doc.change(setProperty(doc.dsl, widget.widgetId, def.key, value, def.control === "event"), undefined, `${widget.widgetId}.${def.key}`);
    },
    [doc, widget.widgetId, def],
  );
  const fromText = (text: string): unknown => {
    if (def.control === "number" && !isJsValue(text) && text.trim() !== "" && Number.isFinite(Number(text))) return Number(text);
    if (def.control === "switch" && (text === "true" || text === "false")) return text === "true";
    return text;
  };
  const id = `prop-${widget.widgetId}-${def.key}`;
  return (
    <div className="property" data-property={def.key}>
      <div className="property-label">
        <label htmlFor={id}>{def.label}</label>
        {!codeOnly && (
          <button className={`js-toggle${jsMode ? " on" : ""}`} aria-pressed={jsMode} title="Write this value as JavaScript" onClick={() => setJsMode(!jsMode)} aria-label={`JS mode for ${def.label}`}>
            JS
          </button>
        )}
      </div>
      {jsMode ? (
        <CodeField
          value={asText(raw)}
          onChange={(t) => set(fromText(t))}
          scope={scope}
          label={def.label}
          placeholder={def.control === "event" ? "{{ Query1.run() }}" : undefined}
          testId={`field-${def.key}`}
        />
      ) : def.control === "switch" ? (
        <input id={id} type="checkbox" checked={!!raw} onChange={(e) => set(e.target.checked)} />
      ) : def.control === "select" ? (
        <select id={id} value={asText(raw)} onChange={(e) => set(e.target.value)}>
          <option value=""></option>
          {def.options?.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      ) : (
        <input id={id} type="number" value={asText(raw)} onChange={(e) => set(e.target.value === "" ? undefined : Number(e.target.value))} />
      )}
      {def.control !== "event" && <EvaluatedValue name={widget.widgetName} prop={def.key} raw={raw} />}
    </div>
  );
}

/** The evaluated value of a property, or its error, as the running canvas sees it. */
function EvaluatedValue({ name, prop, raw }: { name: string; prop: string; raw: unknown }) {
  const { runtime } = useEditor();
  const subscribe = useCallback((cb: () => void) => runtime?.store.subscribe(name, cb) ?? (() => {}), [runtime, name]);
  const state = useSyncExternalStore(subscribe, () => runtime?.store.get(name));
  const errors = useSyncExternalStore(subscribe, () => runtime?.store.errorsOf(name));
  const error = errors?.[prop];
  if (error)
    return (
      <div className="evaluated evaluated-error" role="note" data-testid={`evaluated-${prop}`}>
        {error}
      </div>
    );
  if (!isJsValue(raw)) return null;
  const value = state?.[prop];
  let text: string;
  try {
    text = value === undefined ? "undefined" : JSON.stringify(value, null, 1) ?? String(value);
  } catch {
    text = String(value);
  }
  return (
    <div className="evaluated" data-testid={`evaluated-${prop}`}>
      {text.length > 300 ? `${text.slice(0, 300)}…` : text}
    </div>
  );
}
