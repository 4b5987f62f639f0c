// Shapes that cross the engine's boundary: the page it evaluates, what it asks of its
// host (running queries, showing things), and what it reports back.

/** One widget of the DSL with its children removed (parent named instead). */
export interface WidgetDef {
  widgetId: string;
  widgetName: string;
  type: string;
  parentName?: string;
  props: Record<string, unknown>;
  dynamicTriggerPathList?: { key: string }[];
  dynamicBindingPathList?: { key: string }[];
}

export interface ActionDef {
  id: string;
  name: string;
  executeOnLoad?: boolean;
  /** Ask the person before each run. */
  confirmBeforeExecute?: boolean;
  /** The binding expressions of the query's configuration, as written between {{ }}. */
  bindings: string[];
}

export interface JsObjectDef {
  id: string;
  name: string;
  body: string;
}

export interface Globals {
  user: Record<string, unknown>;
  URL: { fullPath: string; host: string; hostname: string; pathname: string; queryParams: Record<string, string>; hash: string; protocol: string; port: string };
  mode: "VIEW" | "EDIT";
  store: Record<string, unknown>;
}

export interface PageDef {
  widgets: WidgetDef[];
  actions: ActionDef[];
  jsObjects: JsObjectDef[];
  globals: Globals;
}

/** What `POST /api/v1/actions/execute` answers with (its `data`). */
export interface ActionResult {
  isExecutionSuccess: boolean;
  body: unknown;
  statusCode?: string;
  headers?: Record<string, unknown>;
  readableError?: string;
  /** Why it failed, in the server's words. */
  error?: { code?: string; message?: string };
  executionTime?: string;
}

export interface ExecuteRequest {
  actionId: string;
  viewMode: boolean;
  params: Record<string, unknown>;
}

export type AlertKind = "success" | "info" | "warning" | "error";

export type Effect =
  | { type: "alert"; message: string; kind: AlertKind }
  | { type: "navigate"; target: string; params: Record<string, unknown>; newWindow: boolean }
  | { type: "download"; data: unknown; fileName: string; mimeType: string }
  | { type: "copy"; text: string }
  | { type: "store"; store: Record<string, unknown> };

export interface EngineHost {
  executeAction(req: ExecuteRequest): Promise<ActionResult>;
  effect(e: Effect): void;
  /** Called after every evaluation pass with the widgets that changed. */
  update(u: EvalUpdate): void;
  /** Asks the person a yes/no question (queries marked "confirm before running"). */
  confirm?(message: string): Promise<boolean>;
}

/** A batch of evaluated state for the UI: whole widgets that changed and their errors. */
export interface EvalUpdate {
  widgets: Record<string, Record<string, unknown>>;
  errors: Record<string, Record<string, string>>;
  /** How many nodes were evaluated to produce this update (incremental evaluation). */
  evaluatedNodes: number;
}
