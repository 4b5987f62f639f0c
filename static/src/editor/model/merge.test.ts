import { expect, test } from "vitest";
import type { DslWidget } from "../../api/client";
import { findByName, insertWidget, moveWidget, deleteWidgets, setProperty, boxOf, overlaps } from "./dslOps";
import { mergeDsl } from "./merge";

const w = (name: string, [l, t, r, b]: number[], extra: Partial<DslWidget> = {}): DslWidget => ({
  widgetName: name,
  widgetId: `id-${name}`,
  type: "TEXT_WIDGET",
  parentId: "0",
  leftColumn: l,
  topRow: t,
  rightColumn: r,
  bottomRow: b,
  text: name,
  ...extra,
});
const base: DslWidget = { widgetName: "MainContainer", widgetId: "0", type: "CANVAS_WIDGET", children: [w("A", [0, 0, 10, 4]), w("B", [20, 0, 30, 4]), w("C", [40, 0, 50, 4])] };

test("changes to different widgets from both sides are all kept", () => {
  const theirs = setProperty(base, "id-A", "text", "theirs");
  const mine = moveWidget(setProperty(base, "id-B", "text", "mine"), "id-C", 40, 20);
  const merged = mergeDsl(base, mine, theirs);
  expect(findByName(merged, "A")!.text).toBe("theirs");
  expect(findByName(merged, "B")!.text).toBe("mine");
  expect(findByName(merged, "C")!.topRow).toBe(20);
});

test("additions from both sides stay, with names made unique", () => {
  const theirs = insertWidget(base, "0", w("D", [0, 10, 10, 14]));
  const mine = insertWidget(base, "0", { ...w("D", [30, 10, 40, 14]), widgetId: "mine-D" });
  const merged = mergeDsl(base, mine, theirs);
  const names = merged.children!.map((c) => c.widgetName).sort();
  expect(names).toEqual(["A", "B", "C", "D", "D1"]);
});

test("my deletion goes unless they changed the widget; my widgets push theirs down", () => {
  const theirs = insertWidget(setProperty(base, "id-B", "text", "still wanted"), "0", w("E", [0, 6, 10, 10]));
  const mine = moveWidget(deleteWidgets(base, ["id-B", "id-C"]), "id-A", 0, 6);
  const merged = mergeDsl(base, mine, theirs);
  expect(findByName(merged, "C")).toBeUndefined();
  expect(findByName(merged, "B")!.text).toBe("still wanted");
  const a = boxOf(findByName(merged, "A")!);
  const e = boxOf(findByName(merged, "E")!);
  expect(a.topRow).toBe(6);
  expect(overlaps(a, e)).toBe(false);
});
