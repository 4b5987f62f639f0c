import { describe, expect, test } from "vitest";
import type { DslWidget } from "../../api/client";
import { renameInCode, renameInDsl, renameInJsBody, renameInTemplate, renameInValue } from "./rename";

describe("renaming references", () => {
  test("Table1 is rewritten and Table10 is left alone", () => {
    expect(renameInTemplate("{{Table1.selectedRow.id}}", "Table1", "users")).toBe("{{users.selectedRow.id}}");
    expect(renameInTemplate("{{Table10.data}}", "Table1", "users")).toBe("{{Table10.data}}");
  });

  test("text around bindings, strings, comments and properties are untouched", () => {
    const src = "Table1: {{ Table1.data.length /* Table1 */ + 'Table1' + x.Table1 }} rows of Table1";
    expect(renameInTemplate(src, "Table1", "users")).toBe("Table1: {{ users.data.length /* Table1 */ + 'Table1' + x.Table1 }} rows of Table1");
  });

  test("computed access, calls and several bindings in one string", () => {
    expect(renameInTemplate("{{Table1['data'][0]}} and {{ f(Table1) }}", "Table1", "T")).toBe("{{T['data'][0]}} and {{ f(T) }}");
  });

  test("triggers with statements", () => {
    expect(renameInTemplate("{{ getUsers.run(); showAlert(getUsers.data.length) }}", "getUsers", "fetchUsers")).toBe(
      "{{ fetchUsers.run(); showAlert(fetchUsers.data.length) }}",
    );
    expect(renameInTemplate("{{ getUsers.run().then(() => { getUsers2.run(); }) }}", "getUsers", "q")).toBe("{{ q.run().then(() => { getUsers2.run(); }) }}");
  });

  test("shorthand properties keep their key", () => {
    expect(renameInCode("({ Table1 })", "Table1", "users")).toBe("({ Table1: users })");
  });

  test("code that declares the name itself or does not parse stays as it is", () => {
    expect(renameInCode("(() => { const Table1 = 2; return Table1 })()", "Table1", "users")).toBe("(() => { const Table1 = 2; return Table1 })()");
    expect(renameInTemplate("{{ Table1. }}", "Table1", "users")).toBe("{{ Table1. }}");
  });

  test("JS object bodies", () => {
    const body = "export default {\n  pick: () => Table1.selectedRow,\n  async load() { await getUsers.run(); return Table10.data }\n}";
    expect(renameInJsBody(body, "Table1", "users")).toBe(body.replace("Table1.selectedRow", "users.selectedRow"));
  });

  test("query configurations at any depth", () => {
    const config = { body: "select * from t where id = {{Table1.selectedRow.id}}", headers: [{ key: "x", value: "{{Table10.data}}" }] };
    const out = renameInValue(config, "Table1", "users");
    expect(out.body).toBe("select * from t where id = {{users.selectedRow.id}}");
    expect(out.headers).toBe(config.headers);
  });

  test("a whole DSL: the widget itself and every reference", () => {
    const dsl: DslWidget = {
      widgetName: "MainContainer",
      widgetId: "0",
      type: "CANVAS_WIDGET",
      children: [
        { widgetName: "Table1", widgetId: "a", type: "TABLE_WIDGET_V2", tableData: "{{q.data}}" },
        { widgetName: "Table10", widgetId: "b", type: "TABLE_WIDGET_V2", tableData: "{{Table10.data}}" },
        { widgetName: "Text1", widgetId: "c", type: "TEXT_WIDGET", text: "{{Table1.selectedRow.id}}", onClick: "{{ Table1.data }}" },
      ],
    };
    const out = renameInDsl(dsl, "Table1", "users");
    expect(out.children?.map((c) => c.widgetName)).toEqual(["users", "Table10", "Text1"]);
    expect(out.children?.[1]).toBe(dsl.children?.[1]);
    expect(out.children?.[2].text).toBe("{{users.selectedRow.id}}");
    expect(out.children?.[2].onClick).toBe("{{ users.data }}");
  });
});
