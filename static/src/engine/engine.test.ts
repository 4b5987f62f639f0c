import { describe, expect, it } from "vitest";
import { makeEngine, widget } from "./testkit";
import { extractReferences, parseJsObject } from "./references";
import { splitTemplate } from "./templates";

describe("bindings and references", () => {
  it("splits templates, keeping braces inside code and strings", () => {
    expect(splitTemplate("Hi {{ {a: '}}'}.a }}!")).toEqual([
      { kind: "text", text: "Hi " },
      { kind: "js", code: " {a: '}}'}.a " },
      { kind: "text", text: "!" },
    ]);
  });

  it("extracts member paths and ignores locals, strings and property keys", () => {
    const r = extractReferences("Table1.selectedRow.name + items.map((x) => x.id + Input1['text']).join(' Text2.text ')");
    expect(r.paths.sort()).toEqual(["Input1.text", "Table1.selectedRow.name", "items.map"]);
  });

  it("reports syntax errors readably", () => {
    expect(extractReferences("Input1.text +").error).toMatch(/Syntax error/);
  });

  it("parses JS objects into variables and functions", () => {
    const { members } = parseJsObject("export default { count: 1, inc() { return this.count + 1 }, load: async () => 2 }");
    expect(members.map((m) => [m.name, m.kind, m.isAsync])).toEqual([
      ["count", "variable", false],
      ["inc", "function", false],
      ["load", "function", true],
    ]);
  });
});

describe("evaluation order", () => {
  it("evaluates in dependency order regardless of declaration order", () => {
    const { w } = makeEngine([
      widget("Text3", "TEXT_WIDGET", { text: "{{Text2.text}}!" }),
      widget("Text2", "TEXT_WIDGET", { text: "{{Text1.text.toUpperCase()}}" }),
      widget("Text1", "TEXT_WIDGET", { text: "{{Input1.text}} world" }),
      widget("Input1", "INPUT_WIDGET_V2", { defaultText: "hello" }),
    ]);
    expect(w("Text3").text).toBe("HELLO WORLD!");
  });

  it("keeps the type of a single binding and stringifies mixed text", () => {
    const { w } = makeEngine([
      widget("T", "TABLE_WIDGET_V2", { tableData: "{{[{a: 1}, {a: 2}]}}" }),
      widget("Text1", "TEXT_WIDGET", { text: "rows: {{T.tableData.length}} first: {{T.tableData[0]}}" }),
    ]);
    expect(w("T").tableData).toEqual([{ a: 1 }, { a: 2 }]);
    expect(w("Text1").text).toBe('rows: 2 first: {"a":1}');
  });

  it("validates and coerces values with readable errors", () => {
    const { engine, w } = makeEngine([
      widget("B", "BUTTON_WIDGET", { text: "Go", isDisabled: "{{'yes'}}" }),
      widget("T", "TABLE_WIDGET_V2", { tableData: "{{'[{\"a\":1}]'}}" }),
      widget("S", "SELECT_WIDGET", { options: "{{['x', 'y']}}" }),
      widget("N", "TEXT_WIDGET", { text: "{{ {a: 1} }}" }),
    ]);
    expect(w("B").isDisabled).toBe(false);
    expect(engine.errorsOf("B").isDisabled).toBe('Expected true or false, but got the text "yes".');
    expect(w("T").tableData).toEqual([{ a: 1 }]);
    expect(w("S").options).toEqual([{ label: "x", value: "x" }, { label: "y", value: "y" }]);
    expect(w("N").text).toContain('"a": 1');
  });

  it("shows a thrown error on the property and keeps the rest working", () => {
    const { engine, w } = makeEngine([
      widget("Text1", "TEXT_WIDGET", { text: "{{nothing.here}}" }),
      widget("Text2", "TEXT_WIDGET", { text: "ok {{1 + 1}}" }),
    ]);
    expect(engine.errorsOf("Text1").text).toMatch(/nothing is not defined/);
    expect(w("Text2").text).toBe("ok 2");
  });

  it("evaluates nested binding paths such as table columns", () => {
    const { w } = makeEngine([
      widget("T", "TABLE_WIDGET_V2", {
        tableData: "{{[{n: 'a'}]}}",
        primaryColumns: { n: { computedValue: "{{T.processedTableData.map((currentRow) => currentRow.n + '!')}}" } },
      }),
    ]);
    expect((w("T").primaryColumns as { n: { computedValue: unknown } }).n.computedValue).toEqual(["a!"]);
  });
});

describe("cycles", () => {
  it("marks every property on a cycle and evaluates the others", () => {
    const { engine, w } = makeEngine([
      widget("A", "TEXT_WIDGET", { text: "{{B.text}}" }),
      widget("B", "TEXT_WIDGET", { text: "{{A.text}}" }),
      widget("C", "TEXT_WIDGET", { text: "{{Input1.text}} still works" }),
      widget("Input1", "INPUT_WIDGET_V2", { defaultText: "x" }),
    ]);
    expect(engine.errorsOf("A").text).toMatch(/Cyclic dependency: .*A\.text.*B\.text|Cyclic dependency: .*B\.text.*A\.text/);
    expect(engine.errorsOf("B").text).toMatch(/Cyclic dependency/);
    expect(w("C").text).toBe("x still works");
    engine.setMeta("Input1", { inputText: "y" });
    expect(w("C").text).toBe("y still works");
  });

  it("detects a property that reads itself", () => {
    const { engine } = makeEngine([widget("A", "TEXT_WIDGET", { text: "{{A.text + 1}}" })]);
    expect(engine.errorsOf("A").text).toMatch(/Cyclic dependency: A\.text → A\.text/);
  });

  it("does not invent a cycle for a property that does not exist", () => {
    const { engine } = makeEngine([widget("A", "TEXT_WIDGET", { text: "{{A.missing}}" })]);
    expect(engine.errorsOf("A").text).toBeUndefined();
  });
});

describe("incremental re-evaluation", () => {
  it("re-evaluates only the dependents of a change", () => {
    const many = Array.from({ length: 50 }, (_, i) => widget(`Other${i}`, "TEXT_WIDGET", { text: `{{${i} * 2}}` }));
    const { engine, host, w } = makeEngine([
      widget("Input1", "INPUT_WIDGET_V2", { defaultText: "" }),
      widget("Text1", "TEXT_WIDGET", { text: "You typed {{Input1.text}}" }),
      widget("Text2", "TEXT_WIDGET", { text: "{{Text1.text.length}}" }),
      ...many,
    ]);
    const update = engine.setMeta("Input1", { inputText: "abc" })!;
    expect(w("Text1").text).toBe("You typed abc");
    expect(w("Text2").text).toBe("13");
    expect(Object.keys(update.widgets).sort()).toEqual(["Input1", "Text1", "Text2"]);
    expect(engine.lastEvaluated).not.toContain("Other3.text");
    expect(engine.lastEvaluated).toContain("Text2.text");
    expect(host.updates.length).toBe(2);
  });

  it("derives widget state from what the user did", () => {
    const { engine, w } = makeEngine([
      widget("T", "TABLE_WIDGET_V2", { tableData: "{{[{id: 1}, {id: 2}]}}" }),
      widget("S", "SELECT_WIDGET", { options: '[{"label":"One","value":"1"}]', defaultOptionValue: "1" }),
      widget("Text1", "TEXT_WIDGET", { text: "{{T.selectedRow.id}} {{S.selectedOptionLabel}}" }),
    ]);
    expect(w("Text1").text).toBe(" One");
    engine.setMeta("T", { selectedRowIndex: 1 });
    expect(w("Text1").text).toBe("2 One");
  });

  it("gives a table the page size that fits its height, for server-side paging", () => {
    const { engine, w } = makeEngine([
      widget("T", "TABLE_WIDGET_V2", { topRow: 0, bottomRow: 40, serverSidePaginationEnabled: true }),
      widget("Q", "TEXT_WIDGET", { text: "LIMIT {{T.pageSize}} OFFSET {{(T.pageNo - 1) * T.pageSize}}" }),
    ]);
    expect(w("T").pageSize).toBe(8);
    expect(w("Q").text).toBe("LIMIT 8 OFFSET 0");
    engine.setMeta("T", { pageNo: 3 });
    expect(w("Q").text).toBe("LIMIT 8 OFFSET 16");
  });

  it("reads select options from sourceData with optionLabel and optionValue", () => {
    const { engine, w } = makeEngine([
      widget("S", "SELECT_WIDGET", { sourceData: "{{[{name: 'Ada', id: 1}, {name: 'Grace', id: 2}]}}", optionLabel: "name", optionValue: "id", defaultOptionValue: 2 }),
    ]);
    expect(w("S").selectedOptionLabel).toBe("Grace");
    engine.setMeta("S", { value: 1 });
    expect(w("S").selectedOptionLabel).toBe("Ada");
  });

  it("validates inputs: required, e-mail, regex, length, number range", () => {
    const { engine, w } = makeEngine([
      widget("E", "INPUT_WIDGET_V2", { inputType: "EMAIL", isRequired: true }),
      widget("R", "INPUT_WIDGET_V2", { regex: "[a-z]+", maxChars: 3 }),
      widget("N", "INPUT_WIDGET_V2", { inputType: "NUMBER", minNum: 1, maxNum: 5, defaultText: "3" }),
    ]);
    expect(w("E").isValid).toBe(false);
    engine.setMeta("E", { inputText: "a@b.co" });
    expect(w("E").isValid).toBe(true);
    engine.setMeta("R", { inputText: "abcd" });
    expect(w("R").isValid).toBe(false);
    engine.setMeta("R", { inputText: "ab1" });
    expect(w("R").isValid).toBe(false);
    expect(w("N").text).toBe(3);
    engine.setMeta("N", { inputText: "9" });
    expect(w("N").isValid).toBe(false);
  });
});

describe("lists", () => {
  it("evaluates template bindings once per item", () => {
    const { engine, w } = makeEngine([
      widget("List1", "LIST_WIDGET_V2", { listData: "{{[{n: 'a'}, {n: 'b'}]}}" }),
      widget("Canvas1", "CANVAS_WIDGET", {}, "List1"),
      widget("Text1", "TEXT_WIDGET", { text: "{{currentIndex}}: {{currentItem.n}}" }, "Canvas1"),
    ]);
    expect((w("Text1").__items as Record<string, unknown[]>).text).toEqual(["0: a", "1: b"]);
    engine.setMeta("List1", { selectedItemIndex: 1 });
    expect(w("List1").selectedItem).toEqual({ n: "b" });
  });
});
