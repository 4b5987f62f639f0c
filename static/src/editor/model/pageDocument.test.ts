import { afterEach, beforeEach, expect, test, vi } from "vitest";
import type { DslWidget } from "../../api/client";
import { PageDocument, type LayoutStore } from "./pageDocument";

const dsl = (text: string): DslWidget => ({ widgetName: "MainContainer", widgetId: "0", type: "CANVAS_WIDGET", children: [{ widgetName: "T", widgetId: "t", type: "TEXT_WIDGET", text }] });

/** A server page with a version, refusing stale saves like the real one. */
function fakeServer(initial: DslWidget) {
  const server = { dsl: initial, version: 1, saves: 0 };
  const store: LayoutStore = {
    async save(d, version) {
      if (version !== server.version) throw Object.assign(new Error("stale"), { status: 409 });
      server.saves += 1;
      server.dsl = d;
      server.version += 1;
      return { version: server.version };
    },
    async load() {
      return { dsl: server.dsl, version: server.version };
    },
  };
  return { server, store };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

test("edits are saved once after a pause, with the state going unsaved → saving → saved", async () => {
  const { server, store } = fakeServer(dsl("a"));
  const doc = new PageDocument(server.dsl, 1, store, 500);
  doc.change(dsl("b"));
  doc.change(dsl("c"));
  expect(doc.saveState).toBe("unsaved");
  await vi.advanceTimersByTimeAsync(600);
  expect(server.saves).toBe(1);
  expect(server.dsl).toEqual(dsl("c"));
  expect(doc.saveState).toBe("saved");
  expect(doc.version).toBe(2);
});

test("a stale save becomes a conflict; reload theirs keeps mine one undo away", async () => {
  const { server, store } = fakeServer(dsl("a"));
  const doc = new PageDocument(server.dsl, 1, store, 10);
  server.dsl = dsl("theirs");
  server.version = 2;
  const mine = dsl("mine");
  doc.change(mine);
  await vi.advanceTimersByTimeAsync(20);
  expect(doc.saveState).toBe("conflict");
  expect(doc.theirs?.dsl).toEqual(dsl("theirs"));
  doc.change(dsl("more of mine"));
  await vi.advanceTimersByTimeAsync(20);
  expect(server.dsl).toEqual(dsl("theirs"));
  await doc.reloadTheirs();
  expect(doc.dsl).toEqual(dsl("theirs"));
  expect(doc.saveState).toBe("saved");
  doc.undo();
  expect(doc.dsl).toEqual(dsl("more of mine"));
});

test("keep mine saves over theirs at the new version and theirs stays one undo away", async () => {
  const { server, store } = fakeServer(dsl("a"));
  const doc = new PageDocument(server.dsl, 1, store, 10);
  server.dsl = dsl("theirs");
  server.version = 5;
  doc.change(dsl("mine"));
  await vi.advanceTimersByTimeAsync(20);
  expect(doc.saveState).toBe("conflict");
  await doc.keepMine();
  expect(server.dsl).toEqual(dsl("mine"));
  expect(doc.saveState).toBe("saved");
  expect(doc.version).toBe(6);
  doc.undo();
  expect(doc.dsl).toEqual(dsl("theirs"));
});

test("quick edits of one property are one undo step; other edits are their own", () => {
  const { server, store } = fakeServer(dsl("a"));
  const doc = new PageDocument(server.dsl, 1, store, 10_000);
  doc.change(dsl("b"));
  doc.change(dsl("bc"), undefined, "t.text");
  doc.change(dsl("bcd"), undefined, "t.text");
  doc.undo();
  expect(doc.dsl).toEqual(dsl("b"));
  doc.redo();
  expect(doc.dsl).toEqual(dsl("bcd"));
});

test("merge both keeps their change and mine, saved at the new version", async () => {
  const two = (a: string, b: string): DslWidget => ({
    widgetName: "MainContainer",
    widgetId: "0",
    type: "CANVAS_WIDGET",
    children: [
      { widgetName: "A", widgetId: "a", type: "TEXT_WIDGET", parentId: "0", leftColumn: 0, rightColumn: 10, topRow: 0, bottomRow: 4, text: a },
      { widgetName: "B", widgetId: "b", type: "TEXT_WIDGET", parentId: "0", leftColumn: 20, rightColumn: 30, topRow: 0, bottomRow: 4, text: b },
    ],
  });
  const { server, store } = fakeServer(two("a", "b"));
  const doc = new PageDocument(server.dsl, 1, store, 10);
  server.dsl = two("theirs", "b");
  server.version = 3;
  doc.change(two("a", "mine"));
  await vi.advanceTimersByTimeAsync(20);
  expect(doc.saveState).toBe("conflict");
  await doc.mergeBoth();
  expect(server.dsl).toEqual(two("theirs", "mine"));
  expect(doc.saveState).toBe("saved");
  expect(doc.version).toBe(4);
});
