import { describe, expect, test } from "vitest";
import type { DslWidget } from "../../api/client";
import { boxOf, deleteWidgets, duplicateWidgets, findByName, findWidget, insertWidget, moveWidget, moveWidgets, nestWidget, overlaps, pasteWidgets, resizeWidget, setProperty, uniqueName } from "./dslOps";

const w = (widgetName: string, [l, t, r, b]: number[], extra: Partial<DslWidget> = {}): DslWidget => ({
  widgetName,
  widgetId: `id-${widgetName}`,
  type: "TEXT_WIDGET",
  parentId: "0",
  leftColumn: l,
  topRow: t,
  rightColumn: r,
  bottomRow: b,
  ...extra,
});
const page = (...children: DslWidget[]): DslWidget => ({ widgetName: "MainContainer", widgetId: "0", type: "CANVAS_WIDGET", children });
const container = (name: string, box: number[], children: DslWidget[] = []): DslWidget =>
  w(name, box, {
    type: "CONTAINER_WIDGET",
    children: [{ widgetName: `${name}Canvas`, widgetId: `id-${name}Canvas`, type: "CANVAS_WIDGET", parentId: `id-${name}`, children }],
  });

function noOverlaps(canvas: DslWidget) {
  const c = canvas.children ?? [];
  for (let i = 0; i < c.length; i += 1) for (let j = i + 1; j < c.length; j += 1) expect(overlaps(boxOf(c[i]), boxOf(c[j])), `${c[i].widgetName} overlaps ${c[j].widgetName}`).toBe(false);
}

describe("moving and resizing", () => {
  test("a move keeps the size and leaves the original tree untouched", () => {
    const before = page(w("A", [0, 0, 10, 4]), w("B", [20, 0, 30, 4]));
    const after = moveWidget(before, "id-A", 5, 20);
    expect(boxOf(findWidget(after, "id-A")!)).toEqual({ leftColumn: 5, topRow: 20, rightColumn: 15, bottomRow: 24 });
    expect(boxOf(findWidget(before, "id-A")!)).toEqual({ leftColumn: 0, topRow: 0, rightColumn: 10, bottomRow: 4 });
    expect(findWidget(after, "id-B")).toBe(findWidget(before, "id-B"));
  });

  test("moves stay inside the 64 columns", () => {
    const after = moveWidget(page(w("A", [0, 0, 10, 4])), "id-A", 60, -3);
    expect(boxOf(findWidget(after, "id-A")!)).toEqual({ leftColumn: 54, topRow: 0, rightColumn: 64, bottomRow: 4 });
  });

  test("widgets in the way move down, and push the ones below them in turn", () => {
    const before = page(w("A", [0, 0, 10, 4]), w("B", [0, 10, 10, 14]), w("C", [0, 14, 10, 20]), w("D", [40, 10, 50, 14]));
    const after = moveWidget(before, "id-A", 0, 8);
    expect(boxOf(findWidget(after, "id-B")!).topRow).toBe(12);
    expect(boxOf(findWidget(after, "id-C")!).topRow).toBe(16);
    expect(findWidget(after, "id-D")).toBe(findWidget(before, "id-D"));
    noOverlaps(after);
  });

  test("a resize that grows over a neighbour pushes it down", () => {
    const after = resizeWidget(page(w("A", [0, 0, 10, 4]), w("B", [0, 5, 10, 9])), "id-A", { leftColumn: 0, topRow: 0, rightColumn: 20, bottomRow: 8 });
    expect(boxOf(findWidget(after, "id-A")!)).toEqual({ leftColumn: 0, topRow: 0, rightColumn: 20, bottomRow: 8 });
    expect(boxOf(findWidget(after, "id-B")!).topRow).toBe(8);
  });
});

describe("inserting, deleting and nesting", () => {
  test("insert makes room, sets parent ids and delete removes subtrees", () => {
    const before = page(w("A", [0, 0, 10, 4]));
    const withBox = insertWidget(before, "0", container("Box1", [0, 2, 30, 20], [w("Inner", [0, 0, 5, 5])]));
    expect(findWidget(withBox, "id-Box1")!.parentId).toBe("0");
    expect(findWidget(withBox, "id-Inner")!.parentId).toBe("id-Box1Canvas");
    expect(boxOf(findWidget(withBox, "id-A")!).topRow).toBe(20);
    const after = deleteWidgets(withBox, ["id-Box1"]);
    expect(findWidget(after, "id-Inner")).toBeUndefined();
    expect(deleteWidgets(after, ["0"])).toBe(after);
  });

  test("nest moves a widget into a container's canvas and refuses to nest into itself", () => {
    const before = page(w("A", [0, 0, 10, 4]), container("Box1", [0, 10, 30, 30]));
    const after = nestWidget(before, "id-A", "id-Box1Canvas", 2, 3);
    expect(after.children!.map((c) => c.widgetName)).toEqual(["Box1"]);
    const a = findWidget(after, "id-A")!;
    expect(a.parentId).toBe("id-Box1Canvas");
    expect(boxOf(a)).toEqual({ leftColumn: 2, topRow: 3, rightColumn: 12, bottomRow: 7 });
    expect(nestWidget(after, "id-Box1", "id-Box1Canvas", 0, 0)).toBe(after);
  });
});

describe("properties", () => {
  test("bindings and triggers are listed and unlisted with their values", () => {
    let dsl = page(w("A", [0, 0, 10, 4]));
    dsl = setProperty(dsl, "id-A", "text", "{{Input1.text}}");
    expect(findWidget(dsl, "id-A")!.dynamicBindingPathList).toEqual([{ key: "text" }]);
    dsl = setProperty(dsl, "id-A", "onClick", "{{q.run()}}", true);
    expect(findWidget(dsl, "id-A")!.dynamicTriggerPathList).toEqual([{ key: "onClick" }]);
    dsl = setProperty(dsl, "id-A", "text", "plain");
    expect(findWidget(dsl, "id-A")!.dynamicBindingPathList).toEqual([]);
    expect(findWidget(dsl, "id-A")!.text).toBe("plain");
  });
});

describe("copies", () => {
  let n = 0;
  const ids = () => `new${++n}`;

  test("unique names take the next free number", () => {
    expect(uniqueName("Text1", new Set(["Text1", "Text2"]))).toBe("Text3");
    expect(uniqueName("Button", new Set())).toBe("Button1");
  });

  test("duplicate puts a renamed copy right below and pushes what is there", () => {
    const before = page(w("Text1", [0, 0, 10, 4]), w("Below", [0, 4, 10, 8]));
    const { dsl, ids: made } = duplicateWidgets(before, ["id-Text1"], ids);
    const copy = findWidget(dsl, made[0])!;
    expect(copy.widgetName).toBe("Text2");
    expect(boxOf(copy)).toEqual({ leftColumn: 0, topRow: 4, rightColumn: 10, bottomRow: 8 });
    expect(boxOf(findByName(dsl, "Below")!).topRow).toBe(8);
    noOverlaps(dsl);
  });

  test("paste of a container copies its children with fresh ids and names", () => {
    const box = container("Box1", [0, 0, 20, 10], [w("Inner1", [0, 0, 5, 5])]);
    const before = page(box);
    const { dsl, ids: made } = pasteWidgets(before, "0", [box], { makeId: ids });
    const copy = findWidget(dsl, made[0])!;
    expect(copy.widgetName).toBe("Box2");
    expect(copy.topRow).toBe(10);
    const inner = copy.children![0].children![0];
    expect(inner.widgetName).toBe("Inner2");
    expect(inner.parentId).toBe(copy.children![0].widgetId);
    expect(inner.widgetId).not.toBe("id-Inner1");
  });
});

describe("moving a multi-selection", () => {
  test("the group keeps its arrangement, stays inside the grid and pushes others down", () => {
    const before = page(w("A", [0, 0, 10, 4]), w("B", [12, 0, 22, 4]), w("C", [0, 8, 30, 12]));
    const after = moveWidgets(before, ["id-A", "id-B"], 60, 6);
    expect(boxOf(findWidget(after, "id-A")!)).toEqual({ leftColumn: 42, topRow: 6, rightColumn: 52, bottomRow: 10 });
    expect(boxOf(findWidget(after, "id-B")!)).toEqual({ leftColumn: 54, topRow: 6, rightColumn: 64, bottomRow: 10 });
    expect(findWidget(after, "id-C")).toBe(findWidget(before, "id-C"));
    const pushed = moveWidgets(before, ["id-A", "id-B"], 0, 6);
    expect(boxOf(findWidget(pushed, "id-C")!).topRow).toBe(10);
    noOverlaps(pushed);
  });
});
