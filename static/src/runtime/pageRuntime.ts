// One running page: starts the evaluation worker with the published page, keeps the
// evaluated widget state, and carries user events to the worker and effects (toasts,
// navigation, downloads) back to the UI.
import type { ActionResult, Effect, PageDef } from "../engine/types";
import type { FromWorker, ToWorker } from "./protocol";
import { WidgetStore } from "./widgetStore";

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

  private actionRuns = new Map<number, (r: ActionRun) => void>();
  private nextRequest = 1;

  constructor(
    page: PageDef,
    private onEffect: (e: Effect) => void,
    private readonly editMode = false,
  ) {
    this.indexChildren(page);
    this.worker = new Worker(new URL("./evaluation.worker.ts", import.meta.url), { type: "module" });
    let resolveFirst!: () => void;
    this.firstUpdate = new Promise((r) => (resolveFirst = r));
    this.worker.onmessage = (ev: MessageEvent<FromWorker>) => {
      const m = ev.data;
      if (m.type === "update") {
        this.store.apply(m.update);
        resolveFirst();
      } else if (m.type === "effect") this.onEffect(m.effect);
      else if (m.type === "actionRun") {
        this.actionRuns.get(m.requestId)?.({ result: m.result, error: m.error, ms: m.ms });
        this.actionRuns.delete(m.requestId);
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
  setMeta(widget: string, patch: Record<string, unknown>, trigger?: string, extra?: Record<string, unknown>) {
    this.send({ type: "meta", widget, patch, trigger, extra });
  }

  trigger(widget: string, prop: string, extra?: Record<string, unknown>) {
    this.send({ type: "trigger", widget, prop, extra });
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
