// The evaluation engine: builds the dependency graph of a page (widgets, queries, JS
// objects, globals), evaluates `{{ }}` bindings in topological order, re-evaluates only
// the dependents of a change, and runs event handlers (triggers). Plain TypeScript:
// it runs in a Web Worker in the browser and directly in unit tests.
import { DependencyGraph } from "./graph";
import { evalExpression, evalStatements, evalTemplate, makeFunction } from "./evaluate";
import { extractReferences, parseJsObject } from "./references";
import { bindingExpressions, hasBinding } from "./templates";
import { validate } from "./validate";
import { isTriggerProp, propType, specFor, type DerivedProp, type Meta } from "./widgetSpecs";
import { createGlobalFunctions } from "./triggers";
import { Queries } from "./queries";
import { errorMessage, ReportedError } from "./errors";

export { errorMessage, ReportedError };
import type { ActionDef, EngineHost, EvalUpdate, PageDef, WidgetDef } from "./types";

type NodeInfo =
  | { kind: "binding"; entity: string; path: string[]; source: string; widgetType: string; refs: string[]; parseError?: string; listName?: string }
  | { kind: "derived"; entity: string; name: string; spec: DerivedProp }
  | { kind: "jsvar"; entity: string; name: string; source: string; refs: string[] }
  | { kind: "jsfn"; entity: string; name: string; refs: string[] }
  | { kind: "leaf" };

type Entity = Record<string, unknown>;


export class Engine {
  /** The data tree, also the scope user code runs in. */
  readonly tree: Record<string, unknown> = {};
  readonly graph = new DependencyGraph();
  private nodes = new Map<string, NodeInfo>();
  private widgets = new Map<string, WidgetDef>();
  private childrenOf = new Map<string, string[]>();
  private derivedOf = new Map<string, string[]>();
  private meta = new Map<string, Meta>();
  private listOf = new Map<string, string>();
  private queries = new Queries(this);
  private jsVarSnapshots = new Map<string, string>();
  private errors = new Map<string, Record<string, string>>();
  private dirty = new Set<string>();
  /** True while bindings are being evaluated: actions are refused then. */
  evaluating = false;
  /** Nodes evaluated by the last pass; tests use it to check incremental work. */
  lastEvaluated: string[] = [];

  constructor(
    page: PageDef,
    readonly host: EngineHost,
  ) {
    this.addGlobals(page);
    const parents = new Map(page.widgets.map((w) => [w.widgetName, w]));
    for (const w of page.widgets) {
      // Widgets inside a List are templates: `currentItem` bindings are evaluated per item.
      for (let p = w.parentName; p; p = parents.get(p)?.parentName) {
        if (parents.get(p)?.type === "LIST_WIDGET_V2") {
          this.listOf.set(w.widgetName, p);
          break;
        }
      }
    }
    for (const w of page.widgets) this.addWidget(w);
    for (const a of page.actions) this.addAction(a);
    for (const j of page.jsObjects) this.addJsObject(j.name, j.body);
    Object.assign(this.tree, createGlobalFunctions(this));
    this.connect();
    this.graph.sort();
  }

  // ---- building the graph -------------------------------------------------------

  private addGlobals(page: PageDef) {
    const g = page.globals;
    this.tree.appsmith = { store: { ...g.store }, user: g.user, URL: g.URL, mode: g.mode };
    this.leaf("appsmith");
    for (const k of ["store", "user", "URL", "mode"]) this.child("appsmith", k, { kind: "leaf" });
  }

  private leaf(id: string) {
    this.graph.addNode(id);
    this.nodes.set(id, { kind: "leaf" });
  }

  /** A node for `entity.name` that the entity node itself depends on. */
  private child(entity: string, name: string, info: NodeInfo) {
    const id = `${entity}.${name}`;
    this.graph.addEdge(entity, id);
    this.nodes.set(id, info);
  }

  private addWidget(w: WidgetDef) {
    const name = w.widgetName;
    this.widgets.set(name, w);
    if (w.parentName) {
      const list = this.childrenOf.get(w.parentName) ?? [];
      list.push(name);
      this.childrenOf.set(w.parentName, list);
    }
    const entity: Entity = structuredClone(w.props);
    entity.widgetName = name;
    entity.widgetId = w.widgetId;
    entity.type = w.type;
    this.tree[name] = entity;
    this.meta.set(name, {});
    this.leaf(name);
    const triggers = new Set((w.dynamicTriggerPathList ?? []).map((t) => t.key));
    for (const [key, value] of Object.entries(w.props)) {
      if (key === "children") continue;
      if (isTriggerProp(key, triggers)) {
        this.child(name, key, { kind: "leaf" });
        continue;
      }
      this.child(name, key, { kind: "leaf" });
      if (hasBinding(value)) this.addBindings(name, w.type, [key], value, 0);
      else {
        // Static values are checked once, like evaluated ones (e.g. options written as JSON text).
        const checked = validate(propType(w.type, key), value);
        entity[key] = checked.value;
        if (checked.error) this.setError(name, key, checked.error);
        if (value !== null && typeof value === "object") this.addBindings(name, w.type, [key], value, 0);
      }
    }
    const derived = specFor(w.type).derived;
    this.derivedOf.set(name, Object.keys(derived));
    for (const [prop, spec] of Object.entries(derived)) this.child(name, prop, { kind: "derived", entity: name, name: prop, spec });
  }

  private addBindings(entity: string, widgetType: string, path: string[], value: unknown, depth: number) {
    if (hasBinding(value)) {
      const refs: string[] = [];
      let parseError: string | undefined;
      for (const code of bindingExpressions(value)) {
        const r = extractReferences(code);
        refs.push(...r.paths);
        parseError ??= r.error;
      }
      const id = `${entity}.${path.join(".")}`;
      const perItem = refs.some((r) => /^(currentItem|currentIndex)(\.|$)/.test(r));
      const listName = perItem ? this.listOf.get(entity) : undefined;
      if (listName) refs.push(`${listName}.listData`);
      const info: NodeInfo = { kind: "binding", entity, path, source: value, widgetType, refs, parseError, listName };
      if (path.length === 1) this.nodes.set(id, info);
      else this.graph.addEdge(`${entity}.${path[0]}`, id), this.nodes.set(id, info);
      return;
    }
    if (depth >= 4 || value === null || typeof value !== "object") return;
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) this.addBindings(entity, widgetType, [...path, k], v, depth + 1);
  }

  private addAction(a: ActionDef) {
    this.tree[a.name] = this.queries.add(a);
    this.leaf(a.name);
    for (const k of ["data", "isLoading", "responseMeta", "run", "clear"]) this.child(a.name, k, { kind: "leaf" });
  }

  private addJsObject(name: string, body: string) {
    const entity: Entity = {};
    this.tree[name] = entity;
    this.leaf(name);
    const parsed = parseJsObject(body);
    if (parsed.error) this.setError(name, "body", parsed.error);
    for (const m of parsed.members) {
      const refs = extractReferences(m.source, { thisName: name }).paths;
      if (m.kind === "variable") {
        this.child(name, m.name, { kind: "jsvar", entity: name, name: m.name, source: m.source, refs });
      } else {
        try {
          const fn = makeFunction(m.source, this.tree);
          entity[m.name] = (...args: unknown[]) => fn.apply(entity, args);
        } catch (e) {
          this.setError(name, m.name, `Syntax error: ${(e as Error).message}`);
        }
        this.child(name, m.name, { kind: "jsfn", entity: name, name: m.name, refs });
      }
    }
  }

  /** Adds the edges from each computed node to the nodes its references resolve to. */
  private connect() {
    for (const [id, info] of this.nodes) {
      if (info.kind === "derived") {
        for (const dep of info.spec.deps) {
          const depId = `${info.entity}.${dep}`;
          if (!this.graph.has(depId)) this.leafChild(info.entity, dep);
          this.graph.addEdge(id, depId);
        }
      } else if (info.kind === "binding" || info.kind === "jsvar" || info.kind === "jsfn") {
        for (const ref of info.refs) {
          const target = this.resolveReference(ref);
          if (target) this.graph.addEdge(id, target);
        }
      }
    }
  }

  private leafChild(entity: string, name: string) {
    this.child(entity, name, { kind: "leaf" });
  }

  /**
   * The node a reference reads, or none: a reference to a property that does not
   * exist would otherwise resolve to its whole entity and create false cycles.
   */
  resolveReference(ref: string): string | undefined {
    const root = ref.split(".")[0];
    if (!this.graph.has(root)) return undefined;
    const target = this.graph.resolve(ref);
    if (target === root && ref !== root) return undefined;
    return target;
  }

  // ---- evaluation -----------------------------------------------------------------

  /** Evaluates everything, reports every widget, and returns the update. */
  evaluateAll(): EvalUpdate {
    return this.evaluate(this.graph.allInOrder(), true);
  }

  markDirty(ids: Iterable<string>) {
    for (const id of ids) this.dirty.add(id);
  }

  /** Re-evaluates what depends on the nodes marked dirty, and reports it. */
  flush(): EvalUpdate | undefined {
    if (this.dirty.size === 0) return undefined;
    const changed = [...this.dirty];
    this.dirty.clear();
    return this.evaluate(this.graph.affectedBy(changed), false);
  }

  private evaluate(order: string[], all: boolean): EvalUpdate {
    const touched = new Set<string>();
    this.evaluating = true;
    try {
      for (const id of order) {
        this.evalNode(id);
        const root = id.split(".")[0];
        if (this.widgets.has(root)) touched.add(root);
      }
    } finally {
      this.evaluating = false;
    }
    this.lastEvaluated = order;
    const update: EvalUpdate = { widgets: {}, errors: {}, evaluatedNodes: order.length };
    const names = all ? [...this.widgets.keys()] : touched;
    for (const name of names) {
      update.widgets[name] = { ...(this.tree[name] as Entity) };
      update.errors[name] = { ...(this.errors.get(name) ?? {}) };
    }
    this.host.update(update);
    return update;
  }

  private evalNode(id: string) {
    const info = this.nodes.get(id);
    if (!info || info.kind === "leaf" || info.kind === "jsfn") return;
    const cycle = this.graph.cycleOf(id);
    const errorKey = info.kind === "binding" ? info.path.join(".") : info.name;
    if (cycle) {
      const path = [...cycle, cycle[0]].join(" → ");
      this.assign(info, info.kind === "binding" ? validate(propType(info.widgetType, info.path[info.path.length - 1]), undefined).value : undefined);
      this.setError(info.entity, errorKey, `Cyclic dependency: ${path}. Remove one of these references.`);
      return;
    }
    try {
      if (info.kind === "binding") {
        if (info.parseError) throw new Error(info.parseError);
        if (info.listName) {
          this.evalPerItem(info, errorKey);
          return;
        }
        const raw = evalTemplate(info.source, this.tree);
        const checked = validate(propType(info.widgetType, info.path[info.path.length - 1]), raw);
        this.assign(info, checked.value);
        if (checked.error) this.setError(info.entity, errorKey, checked.error);
        else this.clearError(info.entity, errorKey);
      } else if (info.kind === "derived") {
        this.assign(info, info.spec.compute(this.tree[info.entity] as Entity, this.meta.get(info.entity) ?? {}));
        this.clearError(info.entity, errorKey);
      } else {
        const value = evalExpression(info.source, this.tree);
        (this.tree[info.entity] as Entity)[info.name] = value;
        this.jsVarSnapshots.set(id, snapshot(value));
        this.clearError(info.entity, errorKey);
      }
    } catch (e) {
      if (info.kind === "binding") this.assign(info, validate(propType(info.widgetType, info.path[info.path.length - 1]), undefined).value);
      this.setError(info.entity, errorKey, errorMessage(e));
    }
  }

  /** A List template property: one value per item, kept in `__items[path]`; the first is the property's own value. */
  private evalPerItem(info: Extract<NodeInfo, { kind: "binding" }>, errorKey: string) {
    const list = this.tree[info.listName!] as Entity;
    const items = Array.isArray(list.listData) ? (list.listData as unknown[]) : [];
    const type = propType(info.widgetType, info.path[info.path.length - 1]);
    let firstError: string | undefined;
    const values = items.map((currentItem, currentIndex) => {
      const scope = Object.assign(Object.create(this.tree) as Record<string, unknown>, { currentItem, currentIndex });
      try {
        const checked = validate(type, evalTemplate(info.source, scope));
        firstError ??= checked.error;
        return checked.value;
      } catch (e) {
        firstError ??= `Item ${currentIndex}: ${errorMessage(e)}`;
        return validate(type, undefined).value;
      }
    });
    const entity = this.tree[info.entity] as Entity;
    const perItem = (entity.__items ??= {}) as Record<string, unknown[]>;
    perItem[errorKey] = values;
    this.assign(info, values[0] ?? validate(type, undefined).value);
    if (firstError) this.setError(info.entity, errorKey, firstError);
    else this.clearError(info.entity, errorKey);
  }

  private assign(info: NodeInfo, value: unknown) {
    if (info.kind === "binding") {
      let target = this.tree[info.entity] as Entity;
      for (const seg of info.path.slice(0, -1)) {
        if (target[seg] === null || typeof target[seg] !== "object") target[seg] = {};
        target = target[seg] as Entity;
      }
      target[info.path[info.path.length - 1]] = value;
    } else if (info.kind === "derived" || info.kind === "jsvar") {
      (this.tree[info.entity] as Entity)[info.name] = value;
    }
  }

  private setError(entity: string, key: string, message: string) {
    const e = this.errors.get(entity) ?? {};
    e[key] = message;
    this.errors.set(entity, e);
  }

  private clearError(entity: string, key: string) {
    const e = this.errors.get(entity);
    if (e) delete e[key];
  }

  errorsOf(entity: string): Record<string, string> {
    return { ...(this.errors.get(entity) ?? {}) };
  }

  // ---- widget state (what the user did) -----------------------------------------

  setMeta(widget: string, patch: Meta): EvalUpdate | undefined {
    if (!this.widgets.has(widget)) return undefined;
    this.meta.set(widget, { ...this.meta.get(widget), ...patch });
    this.markDirty((this.derivedOf.get(widget) ?? []).map((d) => `${widget}.${d}`));
    return this.flush();
  }

  /** Forgets what the user did to a widget (and its children), back to its defaults. */
  resetWidget(widget: string, resetChildren = true): boolean {
    if (!this.widgets.has(widget)) return false;
    const names = resetChildren ? this.descendants(widget) : [widget];
    for (const n of names) {
      this.meta.set(n, {});
      this.markDirty((this.derivedOf.get(n) ?? []).map((d) => `${n}.${d}`));
    }
    this.flush();
    return true;
  }

  descendants(widget: string): string[] {
    const out = [widget];
    for (let i = 0; i < out.length; i += 1) out.push(...(this.childrenOf.get(out[i]) ?? []));
    return out;
  }

  hasWidget(name: string): boolean {
    return this.widgets.has(name);
  }

  // ---- triggers ---------------------------------------------------------------------

  /**
   * Runs an event property of a widget (`onClick`, ...). `extra` adds names to the
   * scope, such as `currentRow` for a table. Errors become error toasts.
   */
  async runTrigger(widget: string, prop: string, extra: Record<string, unknown> = {}): Promise<void> {
    const source = (this.widgets.get(widget)?.props ?? {})[prop];
    if (typeof source !== "string" || !hasBinding(source)) return;
    const scope = Object.assign(Object.create(this.tree) as Record<string, unknown>, extra);
    for (const code of bindingExpressions(source)) {
      try {
        await evalStatements(code, scope);
      } catch (e) {
        this.reportError(`${widget}.${prop}`, e);
      }
      this.afterUserCode();
    }
  }

  /** Calls a JS object function from outside (tests, the console). */
  async callJsFunction(object: string, fn: string, ...args: unknown[]): Promise<unknown> {
    const f = (this.tree[object] as Entity | undefined)?.[fn];
    if (typeof f !== "function") throw new Error(`${object}.${fn} is not a function.`);
    try {
      return await f(...args);
    } finally {
      this.afterUserCode();
    }
  }

  reportError(where: string, e: unknown) {
    if (e instanceof ReportedError) return;
    this.host.effect({ type: "alert", kind: "error", message: `${where} failed: ${errorMessage(e)}` });
  }

  /** After user code ran: JS object variables it changed make their dependents stale. */
  afterUserCode() {
    for (const [id, info] of this.nodes) {
      if (info.kind !== "jsvar") continue;
      const now = snapshot((this.tree[info.entity] as Entity)[info.name]);
      if (now !== this.jsVarSnapshots.get(id)) {
        this.jsVarSnapshots.set(id, now);
        // The value is already in the tree: only its dependents need work.
        for (const d of this.graph.affectedBy([id])) if (d !== id) this.dirty.add(d);
      }
    }
    this.flush();
  }

  // ---- queries (see queries.ts) -------------------------------------------------------

  refuseWhileEvaluating(what: string) {
    if (this.evaluating) throw new Error(`${what} can only be used in an event handler (such as onClick) or a JS function, not in a property value.`);
  }

  runAction(name: string, params: Record<string, unknown> = {}): Promise<unknown> {
    return this.queries.run(name, params);
  }

  clearAction(name: string): Promise<void> {
    return this.queries.clear(name);
  }

  onLoadWaves(): string[][] {
    return this.queries.onLoadWaves();
  }

  runOnLoad(): Promise<void> {
    return this.queries.runOnLoad();
  }

  // ---- store ----------------------------------------------------------------------------

  get store(): Record<string, unknown> {
    return (this.tree.appsmith as { store: Record<string, unknown> }).store;
  }

  replaceStore(store: Record<string, unknown>, persist: boolean) {
    (this.tree.appsmith as { store: Record<string, unknown> }).store = store;
    this.markDirty(["appsmith.store"]);
    this.flush();
    if (persist) this.host.effect({ type: "store", store: { ...store } });
  }

  /** Sets a global (e.g. the URL after navigation) and re-evaluates what reads it. */
  setGlobal(key: "user" | "URL" | "mode", value: unknown) {
    (this.tree.appsmith as Record<string, unknown>)[key] = value;
    this.markDirty([`appsmith.${key}`]);
    this.flush();
  }
}

function snapshot(v: unknown): string {
  try {
    return JSON.stringify(v) ?? "undefined";
  } catch {
    return String(v);
  }
}
