import { expect, test } from "vitest";
import { CompletionContext } from "@codemirror/autocomplete";
import { EditorState } from "@codemirror/state";
import { completionSource, type CompletionScope } from "./completion";

const scope: CompletionScope = {
  widgets: () => ({ Input1: { text: "Ada", isValid: true, __items: [] }, Table1: { selectedRow: { id: 1, name: "x" } } }),
  actions: () => ["getUsers"],
  jsObjects: () => [{ name: "Helpers", body: "export default { total: 0, sum(a, b) { return a + b } }" }],
};

function complete(doc: string) {
  const state = EditorState.create({ doc });
  const result = completionSource(scope)(new CompletionContext(state, doc.length, false));
  return result ? { from: result.from, labels: result.options.map((o) => o.label) } : null;
}

test("names of widgets, queries, JS objects and global functions", () => {
  const r = complete("{{ Inp");
  expect(r?.from).toBe(3);
  expect(r?.labels).toEqual(expect.arrayContaining(["Input1", "Table1", "getUsers", "Helpers", "showAlert", "appsmith"]));
});

test("fields after a dot: evaluated widget state, nested values, query and JS object members", () => {
  expect(complete("{{Input1.")?.labels).toEqual(["text", "isValid"]);
  expect(complete("{{Table1.selectedRow.na")?.labels).toEqual(["id", "name"]);
  expect(complete("{{getUsers.")?.labels).toEqual(["data", "isLoading", "responseMeta", "run", "clear"]);
  expect(complete("{{Helpers.")?.labels).toEqual(["total", "sum"]);
  expect(complete("{{nothing.")).toBeNull();
});
