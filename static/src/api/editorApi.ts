// The API calls of the editor: the unpublished (edit-mode) copies of pages, queries,
// JS objects and datasources, saving layouts with their version, page management and
// publishing. Same envelope and CSRF handling as the viewer's client.
import { request, type Application, type DslWidget, type ExecuteResult } from "./client";

export interface EditPage {
  id: string;
  applicationId: string;
  name: string;
  slug: string;
  order?: number;
  isDefault?: boolean;
  isHidden?: boolean;
  version: number;
  layouts: { id?: string; dsl: DslWidget }[];
}

export interface Action {
  id: string;
  version?: number;
  name: string;
  pageId: string;
  pluginId: string;
  datasource?: { id: string } | null;
  actionConfiguration: Record<string, unknown>;
  executeOnLoad?: boolean;
  confirmBeforeExecute?: boolean;
  preparedStatementsDisabled?: boolean;
  warnings?: string[];
}

export interface JsObject {
  id: string;
  version?: number;
  name: string;
  pageId: string;
  body: string;
}

export interface Datasource {
  id: string;
  version?: number;
  name: string;
  pluginId: string;
  workspaceId: string;
  datasourceConfiguration: Record<string, unknown>;
  isConfigured?: boolean;
}

const q = encodeURIComponent;

export const editorApi = {
  application: (id: string) => request<Application>("GET", `/applications/${q(id)}`),
  updateApplication: (id: string, patch: { name?: string; isPublic?: boolean; icon?: string }) => request<Application>("PUT", `/applications/${q(id)}`, patch),
  publish: (id: string) => request<unknown>("POST", `/applications/publish/${q(id)}`, {}),

  pages: (applicationId: string) => request<EditPage[]>("GET", `/pages?applicationId=${q(applicationId)}`),
  page: (id: string) => request<EditPage>("GET", `/pages/${q(id)}`),
  saveLayout: (id: string, dsl: DslWidget, version: number) => request<EditPage>("PUT", `/pages/${q(id)}/layout`, { dsl, version }),
  createPage: (applicationId: string, name: string) => request<EditPage>("POST", "/pages", { applicationId, name }),
  renamePage: (id: string, name: string) => request<EditPage>("PUT", `/pages/${q(id)}`, { name }),
  deletePage: (id: string) => request<unknown>("DELETE", `/pages/${q(id)}`),
  makeDefaultPage: (applicationId: string, pageId: string) => request<unknown>("PUT", `/applications/${q(applicationId)}/pages/${q(pageId)}/makeDefault`, {}),
  movePage: (applicationId: string, pageId: string, order: number) => request<unknown>("PUT", `/applications/${q(applicationId)}/pages/${q(pageId)}/reorder?order=${order}`, {}),

  actions: (pageId: string) => request<Action[]>("GET", `/actions?pageId=${q(pageId)}`),
  createAction: (a: Omit<Action, "id">) => request<Action>("POST", "/actions", a),
  updateAction: (id: string, a: Partial<Action>) => request<Action>("PUT", `/actions/${q(id)}`, a),
  deleteAction: (id: string) => request<unknown>("DELETE", `/actions/${q(id)}`),
  execute: (actionId: string, params: Record<string, unknown>) => request<ExecuteResult>("POST", "/actions/execute", { actionId, viewMode: false, params }),

  jsObjects: (pageId: string) => request<JsObject[]>("GET", `/collections/actions?pageId=${q(pageId)}`),
  createJsObject: (o: Omit<JsObject, "id">) => request<JsObject>("POST", "/collections/actions", o),
  updateJsObject: (id: string, o: Partial<JsObject>) => request<JsObject>("PUT", `/collections/actions/${q(id)}`, o),
  deleteJsObject: (id: string) => request<unknown>("DELETE", `/collections/actions/${q(id)}`),

  datasources: (workspaceId: string) => request<Datasource[]>("GET", `/datasources?workspaceId=${q(workspaceId)}`),
  createDatasource: (d: Omit<Datasource, "id">) => request<Datasource>("POST", "/datasources", d),
  updateDatasource: (id: string, d: Partial<Datasource>) => request<Datasource>("PUT", `/datasources/${q(id)}`, d),
  deleteDatasource: (id: string) => request<unknown>("DELETE", `/datasources/${q(id)}`),
  testDatasource: (d: Partial<Datasource>) => request<{ success?: boolean; messages?: string[]; invalids?: string[] }>("POST", "/datasources/test", d),
};
