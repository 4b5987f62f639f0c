// One running page: starts the evaluation worker with the published page, keeps the
// evaluated widget state, and carries user events to the worker and effects (toasts,
// navigation, downloads) back to the UI.
import type { ActionResult, Effect, PageDef } from "../engine/types";
import type { FromWorker, ToWorker } from "./protocol";
import { WidgetStore } from "./widgetStore";

/**
 * Starts an evaluation worker. The viewer starts one while the page data is still
 * loading, so that the worker's code is parsed by the time the page arrives.
 */
export function startEvaluationWorker(): Worker {
  return new Worker(new URL("./evaluation.worker.ts", import.meta.url), { type: "module" });
}

/** What the editor's Run button shows: the whole answer of one query run. */
export interface ActionRun {
  result?: ActionResult;
  error?: string;
  ms: number;
}

export class PageRuntime {
  readonly store = new WidgetStore();
  private worker: Worker;
  private firstUpdate: Promise<void>;
  private childrenOf = new Map<string, string[]>();
  private pending = new Map<number, () => void>();
  private nextRun = 1;
  private actionRuns = new Map<number, (r: ActionRun) => void>();
  private nextRequest = 1;

  constructor(
    page: PageDef,
    private onEffect: (e: Effect) => void,
    worker: Worker = startEvaluationWorker(),
    private askConfirmation: (message: string) => Promise<boolean> = async () => false,
    /** The editor: queries run unpublished (view mode off). */
    private readonly editMode = false,
  ) {
    this.indexChildren(page);
    this.worker = worker;
    let resolveFirst!: () => void;
    this.firstUpdate = new Promise((r) => (resolveFirst = r));
    this.worker.onmessage = (ev: MessageEvent<FromWorker>) => {
      const m = ev.data;
      if (m.type === "update") {
        this.store.apply(m.update);
        resolveFirst();
      } else if (m.type === "effect") this.onEffect(m.effect);
      else if (m.type === "confirm") {
        void this.askConfirmation(m.message).then((ok) => this.send({ type: "confirmed", id: m.id, ok }));
      } else if (m.type === "actionRun") {
        this.actionRuns.get(m.requestId)?.({ result: m.result, error: m.error, ms: m.ms });
        this.actionRuns.delete(m.requestId);
      } else if (m.type === "triggerDone") {
        this.pending.get(m.runId)?.();
        this.pending.delete(m.runId);
      } else if (m.type === "fatal") this.onEffect({ type: "alert", kind: "error", message: m.message });
    };
    this.worker.onerror = (e) => this.onEffect({ type: "alert", kind: "error", message: `The page's evaluation stopped: ${e.message}` });
    this.send({ type: "init", page, editMode });
  }

  private indexChildren(page: PageDef) {
    this.childrenOf.clear();
    for (const w of page.widgets) {
      if (w.parentName) this.childrenOf.set(w.parentName, [...(this.childrenOf.get(w.parentName) ?? []), w.widgetName]);
    }
  }

  /** The editor: evaluates a changed page from scratch in the same worker. */
  reload(page: PageDef) {
    this.indexChildren(page);
    this.send({ type: "init", page, editMode: this.editMode });
  }

  /** The editor's Run button: runs a query with its bindings evaluated, reporting the whole answer. */
  runAction(name: string): Promise<ActionRun> {
    const requestId = this.nextRequest++;
    return new Promise((resolve) => {
      this.actionRuns.set(requestId, resolve);
      this.send({ type: "runAction", name, requestId });
    });
  }

  /** Resolves once the first evaluation of the whole page has arrived. */
  ready(): Promise<void> {
    return this.firstUpdate;
  }

  runOnLoad() {
    this.send({ type: "runOnLoad" });
  }

  /** Records what the user did to a widget, then optionally runs one of its event properties. */
  setMeta(widget: string, patch: Record<string, unknown>, trigger?: string, extra?: Record<string, unknown>): Promise<void> {
    const runId = this.track();
    // Inside a List item the state is per item; there the worker's answer is awaited.
    if (extra?.currentIndex === undefined) this.store.patch(widget, patch);
    this.send({ type: "meta", widget, patch, trigger, extra, runId: runId.id });
    return runId.done;
  }

  /** Runs an event property; resolves when the handler, and what it awaited, finished. */
  trigger(widget: string, prop: string, extra?: Record<string, unknown>): Promise<void> {
    const runId = this.track();
    this.send({ type: "trigger", widget, prop, extra, runId: runId.id });
    return runId.done;
  }

  private track(): { id: number; done: Promise<void> } {
    const id = this.nextRun++;
    const done = new Promise<void>((resolve) => this.pending.set(id, resolve));
    return { id, done };
  }

  /** Returns a widget and its children to their default values (a Form's reset). */
  reset(widget: string) {
    this.send({ type: "reset", widget });
  }

  /** A widget and everything inside it. */
  descendants(widget: string): string[] {
    const out = [widget];
    for (let i = 0; i < out.length; i += 1) out.push(...(this.childrenOf.get(out[i]) ?? []));
    return out;
  }

  dispose() {
    this.worker.terminate();
  }

  private send(m: ToWorker) {
    this.worker.postMessage(m);
  }
}
