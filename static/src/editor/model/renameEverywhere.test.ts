import { expect, test } from "vitest";
import type { Action, JsObject } from "../../api/editorApi";
import { renameEverywhere, type RenameApi } from "./renameEverywhere";

const action = (id: string, name: string, body: string): Action => ({ id, name, pageId: "p", pluginId: "postgres-plugin", actionConfiguration: { body } });
const js = (id: string, name: string, body: string): JsObject => ({ id, name, pageId: "p", body });

function recorder() {
  const calls: [string, string, unknown][] = [];
  const api: RenameApi = {
    updateAction: async (id, patch) => void calls.push(["action", id, patch]),
    updateJsObject: async (id, patch) => void calls.push(["js", id, patch]),
  };
  return { api, calls };
}

test("renaming a query saves it, then the queries and JS objects that read it, and rewrites the DSL", async () => {
  const { api, calls } = recorder();
  const out = await renameEverywhere(api, "getUsers", "fetchUsers", {
    dsl: { widgetName: "MainContainer", widgetId: "0", type: "CANVAS_WIDGET", children: [{ widgetName: "T", widgetId: "t", type: "TABLE_WIDGET_V2", tableData: "{{getUsers.data}}" }] },
    actions: [action("a1", "getUsers", "select 1"), action("a2", "count", "select {{getUsers.data.length}}"), action("a3", "other", "select {{getUsers2.data}}")],
    jsObjects: [js("j1", "Helpers", "export default { f: () => getUsers.run() }")],
  });
  expect(calls).toEqual([
    ["action", "a1", { name: "fetchUsers" }],
    ["action", "a2", { actionConfiguration: { body: "select {{fetchUsers.data.length}}" } }],
    ["js", "j1", { body: "export default { f: () => fetchUsers.run() }" }],
  ]);
  expect(out.actions.map((a) => a.name)).toEqual(["fetchUsers", "count", "other"]);
  expect(out.dsl.children?.[0].tableData).toBe("{{fetchUsers.data}}");
});

test("renaming a JS object saves its new name once, with its body", async () => {
  const { api, calls } = recorder();
  const out = await renameEverywhere(api, "Helpers", "Utils", { dsl: { widgetName: "MainContainer", widgetId: "0", type: "CANVAS_WIDGET" }, actions: [], jsObjects: [js("j1", "Helpers", "export default { a: 1 }")] });
  expect(calls).toEqual([["js", "j1", { name: "Utils", body: "export default { a: 1 }" }]]);
  expect(out.jsObjects[0].name).toBe("Utils");
});
