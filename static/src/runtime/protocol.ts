// Messages between the page runtime (main thread) and the evaluation worker.
import type { ActionResult, Effect, EvalUpdate, PageDef } from "../engine/types";

export type ToWorker =
  | { type: "init"; page: PageDef; editMode?: boolean }
  | { type: "runAction"; name: string; requestId: number }
  | { type: "runOnLoad" }
  | { type: "meta"; widget: string; patch: Record<string, unknown>; trigger?: string; extra?: Record<string, unknown> }
  | { type: "trigger"; widget: string; prop: string; extra?: Record<string, unknown> }
  | { type: "reset"; widget: string };

export type FromWorker =
  | { type: "update"; update: EvalUpdate }
  | { type: "effect"; effect: Effect }
  | { type: "onLoadDone" }
  | { type: "fatal"; message: string }
  | { type: "actionRun"; requestId: number; result?: ActionResult; error?: string; ms: number };
