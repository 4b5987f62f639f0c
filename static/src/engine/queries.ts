// Queries on a page: their entities in the data tree (`data`, `isLoading`,
// `responseMeta`, `run()`, `clear()`), running them with their bindings' values as
// params, and the order of the on-load queries.
import type { Engine } from "./engine";
import { errorMessage, ReportedError } from "./errors";
import { evalExpression } from "./evaluate";
import { extractReferences } from "./references";
import type { ActionDef, ActionResult } from "./types";

type Entity = Record<string, unknown>;

export class Queries {
  private actions = new Map<string, ActionDef>();

  constructor(private engine: Engine) {}

  /** Registers a query and returns its entity for the data tree. */
  add(a: ActionDef): Entity {
    this.actions.set(a.name, a);
    return {
      data: undefined,
      isLoading: false,
      responseMeta: { isExecutionSuccess: false },
      name: a.name,
      run: (...args: unknown[]) => this.runCall(a.name, args),
      clear: () => this.clear(a.name),
    };
  }

  private runCall(name: string, args: unknown[]): Promise<unknown> {
    this.engine.refuseWhileEvaluating(`${name}.run()`);
    // Older apps call run(onSuccess, onError, params).
    if (typeof args[0] === "function" || typeof args[1] === "function") {
      const [onSuccess, onError, params] = args as [((d: unknown) => unknown) | undefined, ((e: unknown) => unknown) | undefined, Record<string, unknown>];
      return this.run(name, params ?? {}).then(
        (d) => onSuccess?.(d),
        (e) => onError?.(e),
      );
    }
    return this.run(name, (args[0] as Record<string, unknown>) ?? {});
  }

  /** Runs a query: evaluates its bindings into `params`, asks the server, stores the answer. */
  async run(name: string, params: Record<string, unknown> = {}): Promise<unknown> {
    this.engine.refuseWhileEvaluating(`${name}.run()`);
    const action = this.actions.get(name);
    if (!action) throw new Error(`There is no query named ${name}.`);
    if (action.confirmBeforeExecute && this.engine.host.confirm) {
      const ok = await this.engine.host.confirm(`Do you want to run ${name}?`);
      if (!ok) throw new ReportedError(`${name} was not run: cancelled.`);
    }
    const entity = this.engine.tree[name] as Entity;
    entity.isLoading = true;
    this.engine.markDirty([`${name}.isLoading`]);
    this.engine.flush();
    const evaluated: Record<string, unknown> = {};
    const self = { params };
    for (const expr of action.bindings) {
      try {
        evaluated[expr] = toSendable(evalExpression(expr, this.engine.tree, self));
      } catch {
        evaluated[expr] = null;
      }
    }
    let result: ActionResult;
    try {
      result = await this.engine.host.executeAction({ actionId: action.id, viewMode: true, params: evaluated });
    } catch (e) {
      result = { isExecutionSuccess: false, body: null, readableError: errorMessage(e) };
    }
    entity.isLoading = false;
    if (result.isExecutionSuccess) entity.data = result.body;
    entity.responseMeta = { isExecutionSuccess: result.isExecutionSuccess, statusCode: result.statusCode, headers: result.headers ?? {} };
    this.engine.markDirty([`${name}.data`, `${name}.isLoading`, `${name}.responseMeta`]);
    this.engine.flush();
    if (!result.isExecutionSuccess) {
      const message = result.error?.message ?? result.readableError ?? (typeof result.body === "string" ? result.body : "the server reported an error");
      this.engine.host.effect({ type: "alert", kind: "error", message: `${name} failed to run: ${message}` });
      throw new ReportedError(message);
    }
    return entity.data;
  }

  clear(name: string): Promise<void> {
    const entity = this.engine.tree[name] as Entity;
    entity.data = undefined;
    entity.responseMeta = { isExecutionSuccess: false };
    this.engine.markDirty([`${name}.data`, `${name}.responseMeta`]);
    this.engine.flush();
    return Promise.resolve();
  }


  /** The on-load queries, grouped so that each group reads only queries of earlier groups. */
  onLoadWaves(): string[][] {
    const onLoad = [...this.actions.values()].filter((a) => a.executeOnLoad).map((a) => a.name);
    const set = new Set(onLoad);
    const upstream = new Map<string, Set<string>>();
    for (const name of onLoad) {
      const ups = new Set<string>();
      const seen = new Set<string>();
      const queue: string[] = [];
      for (const expr of this.actions.get(name)!.bindings) {
        for (const ref of extractReferences(expr).paths) {
          const t = this.engine.resolveReference(ref);
          if (t) queue.push(t);
        }
      }
      while (queue.length > 0) {
        const n = queue.pop()!;
        if (seen.has(n)) continue;
        seen.add(n);
        const root = n.split(".")[0];
        if (set.has(root) && root !== name) ups.add(root);
        for (const d of this.engine.graph.dependenciesOf(n)) queue.push(d);
      }
      upstream.set(name, ups);
    }
    const waves: string[][] = [];
    const done = new Set<string>();
    let remaining = onLoad;
    while (remaining.length > 0) {
      let ready = remaining.filter((n) => [...upstream.get(n)!].every((u) => done.has(u)));
      if (ready.length === 0) ready = remaining; // queries that read each other: run the rest together
      waves.push(ready);
      for (const r of ready) done.add(r);
      remaining = remaining.filter((n) => !done.has(n));
    }
    return waves;
  }

  /** Runs the on-load queries in dependency order; a failure does not stop the others. */
  async runOnLoad(): Promise<void> {
    for (const wave of this.onLoadWaves()) {
      await Promise.allSettled(wave.map((n) => this.run(n)));
    }
  }

}

/** Values sent to the server must be JSON; functions and cycles are dropped. */
function toSendable(v: unknown): unknown {
  if (v === undefined) return null;
  try {
    return JSON.parse(JSON.stringify(v) ?? "null");
  } catch {
    return String(v);
  }
}
