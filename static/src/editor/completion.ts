// Completion for code fields: the page's widget, query and JS object names, their
// fields (a widget's evaluated state, a query's data/run/clear, a JS object's members),
// and the global functions of event handlers.
import type { CompletionContext, CompletionResult, Completion } from "@codemirror/autocomplete";
import { parseJsObject } from "../engine/references";

export interface CompletionScope {
  widgets: () => Record<string, Record<string, unknown>>;
  actions: () => string[];
  jsObjects: () => { name: string; body: string }[];
}

const GLOBALS = ["appsmith", "showAlert", "navigateTo", "storeValue", "removeValue", "clearStore", "showModal", "closeModal", "resetWidget", "download", "copyToClipboard", "setInterval", "clearInterval"];
const ACTION_FIELDS = ["data", "isLoading", "responseMeta", "run", "clear"];

function fieldsOf(scope: CompletionScope, path: string[]): Completion[] | undefined {
  const [head, ...rest] = path;
  const widgets = scope.widgets();
  if (widgets[head]) {
    let value: unknown = widgets[head];
    for (const k of rest) value = value && typeof value === "object" ? (value as Record<string, unknown>)[k] : undefined;
    if (!value || typeof value !== "object") return undefined;
    return Object.keys(value as object)
      .filter((k) => !k.startsWith("__"))
      .map((k) => ({ label: k, type: "property" }));
  }
  if (rest.length === 0 && scope.actions().includes(head)) return ACTION_FIELDS.map((k) => ({ label: k, type: k === "run" || k === "clear" ? "method" : "property" }));
  const js = scope.jsObjects().find((j) => j.name === head);
  if (js && rest.length === 0) return parseJsObject(js.body).members.map((m) => ({ label: m.name, type: m.kind === "function" ? "method" : "property" }));
  if (head === "appsmith" && rest.length === 0) return ["store", "user", "URL", "mode"].map((k) => ({ label: k, type: "property" }));
  return undefined;
}

export function completionSource(scope: CompletionScope) {
  return (context: CompletionContext): CompletionResult | null => {
    const word = context.matchBefore(/[A-Za-z_$][\w$]*(\.[\w$]*)*$|\.$/);
    if (!word || (word.from === word.to && !context.explicit)) return null;
    const text = word.text;
    const dot = text.lastIndexOf(".");
    if (dot >= 0) {
      const options = fieldsOf(scope, text.slice(0, dot).split("."));
      return options ? { from: word.from + dot + 1, options, validFor: /^[\w$]*$/ } : null;
    }
    const names: Completion[] = [
      ...Object.keys(scope.widgets()).map((label) => ({ label, type: "variable", detail: "widget" })),
      ...scope.actions().map((label) => ({ label, type: "variable", detail: "query" })),
      ...scope.jsObjects().map((j) => ({ label: j.name, type: "variable", detail: "JS object" })),
      ...GLOBALS.map((label) => ({ label, type: "function" })),
    ];
    return { from: word.from, options: names, validFor: /^[\w$]*$/ };
  };
}
