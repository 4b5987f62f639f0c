// Loads what the viewer needs for one published page: the app (for its page list),
// the page's DSL, its queries and JS objects, and the current user.
import { api, ApiError, type ActionView, type Application, type DslWidget, type JsObjectView, type Page, type User } from "../api/client";
import { flattenDsl } from "../engine/dsl";
import { bindingExpressions } from "../engine/templates";
import type { ActionDef, Globals, PageDef } from "../engine/types";

export interface ViewerData {
  app: Application;
  page: Page;
  dsl: DslWidget;
  def: PageDef;
  user?: User;
}

/** Every `{{ }}` expression found in a query's configuration (strings at any depth). */
export function configBindings(config: unknown, out: string[] = []): string[] {
  if (typeof config === "string") out.push(...bindingExpressions(config));
  else if (Array.isArray(config)) for (const v of config) configBindings(v, out);
  else if (config && typeof config === "object") for (const v of Object.values(config)) configBindings(v, out);
  return out;
}

function toActionDef(a: ActionView, onLoadIds: Set<string>): ActionDef {
  const bindings = [...new Set([...(a.jsonPathKeys ?? []), ...configBindings(a.actionConfiguration)])];
  return { id: a.id, name: a.name, executeOnLoad: !!a.executeOnLoad || onLoadIds.has(a.id), confirmBeforeExecute: !!a.confirmBeforeExecute, bindings };
}

export function storeKey(appId: string) {
  return `tessera.store.${appId}`;
}

function loadStore(appId: string): Record<string, unknown> {
  try {
    return JSON.parse(localStorage.getItem(storeKey(appId)) ?? "{}") as Record<string, unknown>;
  } catch {
    return {};
  }
}

export function urlGlobals(): Globals["URL"] {
  const l = window.location;
  return {
    fullPath: l.href,
    host: l.host,
    hostname: l.hostname,
    pathname: l.pathname,
    queryParams: Object.fromEntries(new URLSearchParams(l.search)),
    hash: l.hash,
    protocol: l.protocol,
    port: l.port,
  };
}

export async function loadViewerData(pageId: string): Promise<ViewerData> {
  const userPromise = api.me().catch(() => undefined);
  const page = await api.viewPage(pageId);
  const [app, actions, jsObjects, user] = await Promise.all([
    api.viewApplication(page.applicationId),
    api.viewActions(page.applicationId).catch((e) => {
      if (e instanceof ApiError && e.isNotFound) return [] as ActionView[];
      throw e;
    }),
    api.viewJsObjects(page.applicationId).catch((e) => {
      if (e instanceof ApiError && e.isNotFound) return [] as JsObjectView[];
      throw e;
    }),
    userPromise,
  ]);
  const layout = page.layouts?.[0];
  const dsl: DslWidget = layout?.dsl ?? { widgetName: "MainContainer", widgetId: "0", type: "CANVAS_WIDGET", children: [] };
  const onLoadIds = new Set((layout?.layoutOnLoadActions ?? []).flat().map((a) => a.id));
  const def: PageDef = {
    widgets: flattenDsl(dsl),
    actions: actions.filter((a) => !a.pageId || a.pageId === page.id).map((a) => toActionDef(a, onLoadIds)),
    jsObjects: jsObjects.filter((j) => !j.pageId || j.pageId === page.id).map((j) => ({ id: j.id, name: j.name, body: j.body })),
    globals: {
      user: user && !user.isAnonymous ? { email: user.email, name: user.name ?? "", username: user.username ?? user.email } : {},
      URL: urlGlobals(),
      mode: "VIEW",
      store: loadStore(app.id),
    },
  };
  return { app, page, dsl, def, user: user && !user.isAnonymous ? user : undefined };
}
