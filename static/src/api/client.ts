// The one typed client of the backend's JSON API (`/api/v1`). Every response is an
// envelope `{responseMeta: {status, success, error?}, data}`; failures become
// `ApiError`s carrying the stable code and the server's sentence. State-changing
// requests carry `X-Requested-By: tessera` (the server's CSRF defence); the session
// cookie travels by itself. No UI imports: the evaluation worker uses it too.

export interface ResponseMeta {
  status: number;
  success: boolean;
  error?: { code: string; message: string };
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
  get isNotFound() {
    return this.status === 404;
  }
  get isForbidden() {
    return this.status === 403;
  }
  get isUnauthenticated() {
    return this.status === 401;
  }
}

const BASE = "/api/v1";

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export async function request<T>(method: Method, path: string, body?: unknown, init: { form?: FormData } = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (method !== "GET") headers["X-Requested-By"] = "tessera";
  let payload: BodyInit | undefined;
  if (init.form) payload = init.form;
  else if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    payload = JSON.stringify(body);
  }
  let res: Response;
  try {
    res = await fetch(`${BASE}${path}`, { method, headers, body: payload, credentials: "same-origin" });
  } catch {
    throw new ApiError(0, "NETWORK", "The server could not be reached. Check your connection and try again.");
  }
  let json: { responseMeta?: ResponseMeta; data?: unknown } | undefined;
  try {
    json = await res.json();
  } catch {
    json = undefined;
  }
  const meta = json?.responseMeta;
  if (!res.ok || (meta && meta.success === false)) {
    const status = meta?.status ?? res.status;
    throw new ApiError(status, meta?.error?.code ?? `HTTP_${res.status}`, meta?.error?.message ?? `The server answered ${res.status} ${res.statusText}.`);
  }
  return json?.data as T;
}

// ---- shapes (Appsmith's names) -------------------------------------------------------

export interface User {
  id?: string;
  email: string;
  name?: string;
  username?: string;
  isAnonymous?: boolean;
}

export interface Workspace {
  id: string;
  name: string;
  userPermissions?: string[];
}

export interface PageRef {
  id: string;
  name: string;
  slug?: string;
  isDefault?: boolean;
  isHidden?: boolean;
}

export interface Application {
  id: string;
  name: string;
  slug?: string;
  workspaceId: string;
  pages: PageRef[];
  isPublic?: boolean;
  isPublished?: boolean;
  userPermissions?: string[];
}

export interface Layout {
  id?: string;
  dsl: DslWidget;
  layoutOnLoadActions?: { id: string; name: string }[][];
}

export interface Page {
  id: string;
  name: string;
  slug?: string;
  applicationId: string;
  layouts: Layout[];
}

export interface DslWidget {
  widgetName: string;
  widgetId: string;
  type: string;
  parentId?: string;
  leftColumn?: number;
  rightColumn?: number;
  topRow?: number;
  bottomRow?: number;
  children?: DslWidget[];
  dynamicBindingPathList?: { key: string }[];
  dynamicTriggerPathList?: { key: string }[];
  [prop: string]: unknown;
}

export interface ActionView {
  id: string;
  name: string;
  pageId: string;
  executeOnLoad?: boolean;
  jsonPathKeys?: string[];
  confirmBeforeExecute?: boolean;
  actionConfiguration?: Record<string, unknown>;
}

export interface JsObjectView {
  id: string;
  name: string;
  pageId: string;
  body: string;
}

export interface ExecuteResult {
  isExecutionSuccess: boolean;
  body: unknown;
  statusCode?: string;
  headers?: Record<string, unknown>;
  readableError?: string;
  error?: { code?: string; message?: string };
  executionTime?: string;
}

export interface ImportReportItem {
  kind: string;
  name: string;
  reason: string;
}

/** What an import created, and what it changed or could not carry over. */
export interface ImportReport {
  applicationId: string;
  pages: number;
  widgets: number;
  actions: number;
  jsObjects: number;
  datasourcesNeedingConfiguration?: string[];
  changed?: ImportReportItem[];
  skipped?: ImportReportItem[];
}

/** The export file of an app; the server sends it as a download (JSON, no secrets). */
export function exportUrl(applicationId: string): string {
  return `${BASE}/applications/export/${encodeURIComponent(applicationId)}`;
}

// ---- endpoints ------------------------------------------------------------------------

export const api = {
  me: () => request<User>("GET", "/users/me"),
  signUp: (email: string, password: string, name: string) => request<User>("POST", "/users", { email, password, name }),
  logIn: (email: string, password: string) => request<User>("POST", "/login", { email, password }),
  logOut: () => request<unknown>("POST", "/logout", {}),

  workspaces: () => request<Workspace[]>("GET", "/workspaces"),
  createWorkspace: (name: string) => request<Workspace>("POST", "/workspaces", { name }),

  applications: (workspaceId: string) => request<Application[]>("GET", `/applications?workspaceId=${encodeURIComponent(workspaceId)}`),
  createApplication: (workspaceId: string, name: string) =>
    request<Application>("POST", `/applications?workspaceId=${encodeURIComponent(workspaceId)}`, { name, workspaceId }),
  importApplication: (workspaceId: string, file: File) => {
    const form = new FormData();
    form.append("file", file);
    return request<ImportReport>("POST", `/applications/import/${encodeURIComponent(workspaceId)}`, undefined, { form });
  },
  publishApplication: (id: string) => request<unknown>("POST", `/applications/publish/${encodeURIComponent(id)}`, {}),

  viewApplication: (id: string) => request<Application>("GET", `/applications/view/${encodeURIComponent(id)}`),
  viewPage: (pageId: string) => request<Page>("GET", `/pages/${encodeURIComponent(pageId)}/view`),
  viewActions: (applicationId: string) => request<ActionView[]>("GET", `/actions/view?applicationId=${encodeURIComponent(applicationId)}`),
  viewJsObjects: (applicationId: string) => request<JsObjectView[]>("GET", `/collections/actions/view?applicationId=${encodeURIComponent(applicationId)}`),

  execute: (actionId: string, params: Record<string, unknown>, viewMode = true) =>
    request<ExecuteResult>("POST", "/actions/execute", { actionId, viewMode, params }),
};
