import { expect, test } from "vitest";
import { History } from "./history";

test("undo and redo walk the snapshots and a new step forgets the redo branch", () => {
  const h = new History({ v: 0 });
  const a = h.push({ v: 1 });
  const b = h.push({ v: 2 });
  expect(h.undo()).toBe(a);
  expect(h.undo().v).toBe(0);
  expect(h.canUndo).toBe(false);
  expect(h.undo().v).toBe(0);
  expect(h.redo()).toBe(a);
  expect(h.redo()).toBe(b);
  expect(h.canRedo).toBe(false);
  h.undo();
  h.push({ v: 3 });
  expect(h.canRedo).toBe(false);
  expect(h.undo()).toBe(a);
});

test("pushing the same state is not a step, replace is not a step, and the limit holds", () => {
  const start = { v: 0 };
  const h = new History(start, 3);
  h.push(start);
  expect(h.canUndo).toBe(false);
  h.replace({ v: 9 });
  expect(h.canUndo).toBe(false);
  for (let i = 1; i <= 5; i += 1) h.push({ v: i });
  let steps = 0;
  while (h.canUndo) {
    h.undo();
    steps += 1;
  }
  expect(steps).toBe(3);
  expect(h.current.v).toBe(2);
});
