// Messages between the page runtime (main thread) and the evaluation worker.
import type { ActionResult, Effect, EvalUpdate, PageDef } from "../engine/types";

export type ToWorker =
  | { type: "init"; page: PageDef; editMode?: boolean }
  | { type: "runAction"; name: string; requestId: number }
  | { type: "runOnLoad" }
  | { type: "meta"; widget: string; patch: Record<string, unknown>; trigger?: string; extra?: Record<string, unknown>; runId?: number }
  | { type: "trigger"; widget: string; prop: string; extra?: Record<string, unknown>; runId?: number }
  | { type: "reset"; widget: string }
  | { type: "confirmed"; id: number; ok: boolean };

export type FromWorker =
  | { type: "update"; update: EvalUpdate }
  | { type: "effect"; effect: Effect }
  | { type: "onLoadDone" }
  /** An event handler (and everything it awaited) finished. */
  | { type: "triggerDone"; runId: number }
  | { type: "confirm"; id: number; message: string }
  | { type: "fatal"; message: string }
  /** The editor's Run of one query finished. */
  | { type: "actionRun"; requestId: number; result?: ActionResult; error?: string; ms: number };
