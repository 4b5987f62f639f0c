// Helpers for the engine's unit tests: a page built from short widget lists and a
// host that records what the engine asked for.
import { Engine } from "./engine";
import type { ActionDef, ActionResult, Effect, EvalUpdate, ExecuteRequest, JsObjectDef, WidgetDef } from "./types";

export function widget(widgetName: string, type: string, props: Record<string, unknown> = {}, parentName?: string): WidgetDef {
  return { widgetId: `id-${widgetName}`, widgetName, type, props, parentName };
}

export class RecordingHost {
  effects: Effect[] = [];
  updates: EvalUpdate[] = [];
  requests: ExecuteRequest[] = [];
  responders = new Map<string, (req: ExecuteRequest) => ActionResult | Promise<ActionResult>>();

  executeAction = async (req: ExecuteRequest): Promise<ActionResult> => {
    this.requests.push(req);
    const r = this.responders.get(req.actionId);
    if (!r) return { isExecutionSuccess: false, body: "no responder", readableError: `no responder for ${req.actionId}` };
    return r(req);
  };
  effect = (e: Effect) => {
    this.effects.push(e);
  };
  update = (u: EvalUpdate) => {
    this.updates.push(u);
  };
  alerts(): string[] {
    return this.effects.filter((e) => e.type === "alert").map((e) => (e as { message: string }).message);
  }
}

export function makeEngine(
  widgets: WidgetDef[],
  opts: { actions?: ActionDef[]; jsObjects?: JsObjectDef[]; store?: Record<string, unknown>; host?: RecordingHost } = {},
) {
  const host = opts.host ?? new RecordingHost();
  const engine = new Engine(
    {
      widgets,
      actions: opts.actions ?? [],
      jsObjects: opts.jsObjects ?? [],
      globals: {
        user: { email: "ada@example.com", name: "Ada" },
        URL: { fullPath: "http://x/app/a/p", host: "x", hostname: "x", pathname: "/app/a/p", queryParams: {}, hash: "", protocol: "http:", port: "" },
        mode: "VIEW",
        store: opts.store ?? {},
      },
    },
    host,
  );
  engine.evaluateAll();
  return { engine, host, w: (name: string) => engine.tree[name] as Record<string, unknown> };
}
