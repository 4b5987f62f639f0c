// Setting up apps through the real API for browser tests and benchmarks: accounts,
// workspaces, apps, page layouts, datasources, queries, publishing.
let counter = 0;

export async function signUpAdmin(session, email = "admin@example.com", password = "correct horse battery") {
  await session.call("POST", "/users", { email, password, name: "Admin" });
  return { email, password };
}

export async function createWorkspace(session, name = `Workspace ${++counter}`) {
  return session.call("POST", "/workspaces", { name });
}

/** Saves `dsl` on the app's first page (with the version read, as the editor does). */
export async function saveLayout(session, pageId, dsl) {
  const page = await session.call("GET", `/pages/${pageId}`);
  return session.call("PUT", `/pages/${pageId}/layout`, { dsl, version: page.version });
}

export function viewerPath(app, page) {
  return `/app/${app.slug}/${page.slug}-${page.id}`;
}

/**
 * Creates a workspace (unless given) and an app whose first page has `dsl`, runs
 * `beforePublish` (to add queries), publishes, and returns ids and the viewer URL.
 */
export async function publishApp(session, name, dsl, { workspaceId, beforePublish } = {}) {
  const workspace = workspaceId ? { id: workspaceId } : await createWorkspace(session, `${name} workspace`);
  const app = await session.call("POST", "/applications", { workspaceId: workspace.id, name });
  const page = app.pages[0];
  await saveLayout(session, page.id, dsl);
  if (beforePublish) await beforePublish({ app, page, workspaceId: workspace.id });
  await session.call("POST", `/applications/publish/${app.id}`, {});
  return { app, page, workspaceId: workspace.id, url: `${session.baseUrl}${viewerPath(app, page)}` };
}
