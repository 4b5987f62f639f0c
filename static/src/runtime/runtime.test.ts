import { describe, expect, it } from "vitest";
import { pageIdFromSegment, slugify, viewerUrl } from "./urls";
import { configBindings } from "./viewerData";
import { flattenDsl } from "../engine/dsl";

describe("viewer addresses", () => {
  it("are readable and end in the page id", () => {
    expect(slugify("Sales Dashboard (EU)")).toBe("sales-dashboard-eu");
    const url = viewerUrl({ name: "Sales", slug: "sales" }, { id: "01a2033564f2753a8797071a", name: "Page 1", slug: "page-1" });
    expect(url).toBe("/app/sales/page-1-01a2033564f2753a8797071a");
    expect(pageIdFromSegment("page-1-01a2033564f2753a8797071a")).toBe("01a2033564f2753a8797071a");
    expect(pageIdFromSegment("orders-0190a3b2-7c4d-7e8f-9a0b-1c2d3e4f5a6b")).toBe("0190a3b2-7c4d-7e8f-9a0b-1c2d3e4f5a6b");
  });
});

describe("query bindings", () => {
  it("are every {{ }} expression in the configuration, as written", () => {
    const config = { body: "SELECT * FROM t WHERE a = {{Input1.text}} AND b = {{ Select1.selectedOptionValue }}", headers: [{ key: "x", value: "{{appsmith.user.email}}" }] };
    expect(configBindings(config)).toEqual(["Input1.text", " Select1.selectedOptionValue ", "appsmith.user.email"]);
  });
});

describe("DSL", () => {
  it("flattens the widget tree, naming each widget's parent", () => {
    const widgets = flattenDsl({
      widgetName: "MainContainer",
      widgetId: "0",
      type: "CANVAS_WIDGET",
      children: [{ widgetName: "Box", widgetId: "1", type: "CONTAINER_WIDGET", children: [{ widgetName: "Inner", widgetId: "2", type: "TEXT_WIDGET", text: "hi" }] }],
    });
    expect(widgets.map((w) => [w.widgetName, w.parentName])).toEqual([
      ["MainContainer", undefined],
      ["Box", "MainContainer"],
      ["Inner", "Box"],
    ]);
    expect(widgets[2].props.text).toBe("hi");
    expect("children" in widgets[1].props).toBe(false);
  });
});

describe("WidgetStore.patch", () => {
  it("shows a user's change at once and lets the next evaluation replace it", async () => {
    const { WidgetStore } = await import("./widgetStore");
    const store = new WidgetStore();
    store.apply({ widgets: { Agree: { isChecked: false, label: "Agree" } }, errors: {} } as never);
    let notified = 0;
    store.subscribe("Agree", () => (notified += 1));
    store.patch("Agree", { isChecked: true });
    expect(store.get("Agree")).toEqual({ isChecked: true, label: "Agree" });
    expect(notified).toBe(1);
    store.apply({ widgets: { Agree: { isChecked: false, label: "Agree" } }, errors: {} } as never);
    expect(store.get("Agree")?.isChecked).toBe(false);
    store.patch("Missing", { x: 1 });
    expect(store.get("Missing")).toBeUndefined();
  });
});
