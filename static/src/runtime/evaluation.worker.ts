// The Web Worker that owns the evaluation engine: bindings are evaluated here so that
// a heavy page never blocks typing or scrolling. Queries are sent to the server from
// here too, with the session cookie of the page.
import { Engine, errorMessage } from "../engine/engine";
import { api } from "../api/client";
import type { ActionResult } from "../engine/types";
import type { FromWorker, ToWorker } from "./protocol";

const post = (m: FromWorker) => (self as unknown as Worker).postMessage(m);
let engine: Engine | undefined;
/** The last answer per query, so that the editor's Run can show the whole response. */
const lastResults = new Map<string, ActionResult>();
const actionIds = new Map<string, string>();

const confirmations = new Map<number, (ok: boolean) => void>();
let nextConfirmation = 1;

function confirm(message: string): Promise<boolean> {
  const id = nextConfirmation++;
  post({ type: "confirm", id, message });
  return new Promise((resolve) => confirmations.set(id, resolve));
}

function done(run: Promise<void>, runId: number | undefined) {
  if (runId !== undefined) void run.finally(() => post({ type: "triggerDone", runId }));
}

self.onmessage = (ev: MessageEvent<ToWorker>) => {
  const msg = ev.data;
  try {
    if (msg.type === "init") {
      actionIds.clear();
      for (const a of msg.page.actions) actionIds.set(a.name, a.id);
      engine = new Engine(msg.page, {
        // The editor runs the unpublished queries (view mode off).
        executeAction: async (req) => {
          const result = await api.execute(req.actionId, req.params, msg.editMode ? false : req.viewMode);
          lastResults.set(req.actionId, result);
          return result;
        },
        effect: (effect) => post({ type: "effect", effect }),
        update: (update) => post({ type: "update", update }),
        confirm,
      });
      engine.evaluateAll();
      return;
    }
    if (msg.type === "confirmed") {
      confirmations.get(msg.id)?.(msg.ok);
      confirmations.delete(msg.id);
      return;
    }
    if (!engine) return;
    if (msg.type === "runOnLoad") {
      void engine.runOnLoad().then(() => post({ type: "onLoadDone" }));
    } else if (msg.type === "meta") {
      engine.setMeta(msg.widget, msg.patch);
      if (msg.trigger) done(engine.runTrigger(msg.widget, msg.trigger, msg.extra), msg.runId);
      else done(Promise.resolve(), msg.runId);
    } else if (msg.type === "reset") {
      engine.resetWidget(msg.widget, true);
    } else if (msg.type === "runAction") {
      const started = performance.now();
      const id = msg.requestId;
      const current = engine;
      void current.runAction(msg.name).then(
        () => post({ type: "actionRun", requestId: id, result: lastOf(msg.name), ms: performance.now() - started }),
        (e: unknown) => post({ type: "actionRun", requestId: id, result: lastOf(msg.name), error: errorMessage(e), ms: performance.now() - started }),
      );
    } else if (msg.type === "trigger") {
      done(engine.runTrigger(msg.widget, msg.prop, msg.extra), msg.runId);
    }
  } catch (e) {
    post({ type: "fatal", message: errorMessage(e) });
  }
};

function lastOf(name: string): ActionResult | undefined {
  const id = actionIds.get(name);
  return id ? lastResults.get(id) : undefined;
}
