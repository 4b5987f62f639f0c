// The home page: the user's workspaces and their apps, with create, open, import and
// export. Plain on purpose; the editor brings the rest.
import { useCallback, useEffect, useState, type FormEvent } from "react";
import { Link, useNavigate } from "react-router";
import { api, ApiError, exportUrl, type Application, type User, type Workspace } from "../api/client";
import { useToast } from "../components/Toasts";
import { defaultPage, viewerUrl } from "../runtime/urls";

interface WorkspaceWithApps {
  workspace: Workspace;
  apps: Application[];
}

export function HomePage() {
  const [user, setUser] = useState<User>();
  const [rows, setRows] = useState<WorkspaceWithApps[]>();
  const [newWorkspace, setNewWorkspace] = useState("");
  const navigate = useNavigate();
  const toast = useToast();

  const load = useCallback(async () => {
    try {
      const me = await api.me();
      if (!me || me.isAnonymous) throw new ApiError(401, "UNAUTHENTICATED", "Log in first.");
      setUser(me);
      const workspaces = await api.workspaces();
      // One workspace whose apps cannot be listed must not hide the others.
      const all = await Promise.all(
        workspaces.map(async (workspace) => ({
          workspace,
          apps: await api.applications(workspace.id).catch((e: unknown) => {
            toast(`The apps of ${workspace.name} could not be listed: ${(e as Error).message}`, "error");
            return [] as Application[];
          }),
        })),
      );
      setRows(all);
    } catch (e) {
      if (e instanceof ApiError && e.isUnauthenticated) navigate("/user/login", { replace: true });
      else toast(e instanceof Error ? e.message : String(e), "error");
    }
  }, [navigate, toast]);

  useEffect(() => {
    void load();
  }, [load]);

  const createWorkspace = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await api.createWorkspace(newWorkspace.trim());
      setNewWorkspace("");
      await load();
    } catch (err) {
      toast((err as Error).message, "error");
    }
  };

  const logOut = async () => {
    await api.logOut().catch(() => undefined);
    navigate("/user/login");
  };

  return (
    <main className="home">
      <header className="home-header">
        <h1>Tessera</h1>
        <span className="spacer" />
        {user && <span className="who">{user.name || user.email}</span>}
        <button onClick={logOut}>Log out</button>
      </header>
      <form className="inline-form" onSubmit={createWorkspace}>
        <input aria-label="New workspace name" placeholder="New workspace name" value={newWorkspace} onChange={(e) => setNewWorkspace(e.target.value)} required />
        <button type="submit">Create workspace</button>
      </form>
      {rows === undefined ? <p>Loading…</p> : rows.length === 0 ? <p>You have no workspaces yet. Create one above.</p> : null}
      {rows?.map((r) => <WorkspaceSection key={r.workspace.id} row={r} onChanged={load} />)}
    </main>
  );
}

function WorkspaceSection({ row, onChanged }: { row: WorkspaceWithApps; onChanged: () => Promise<void> }) {
  const [name, setName] = useState("");
  const toast = useToast();
  const navigate = useNavigate();

  const create = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await api.createApplication(row.workspace.id, name.trim());
      setName("");
      await onChanged();
    } catch (err) {
      toast((err as Error).message, "error");
    }
  };

  const importFile = async (file: File | undefined) => {
    if (!file) return;
    try {
      const report = await api.importApplication(row.workspace.id, file);
      toast(
        `Imported ${file.name}: ${report.pages} pages, ${report.widgets} widgets, ${report.actions} queries, ${report.jsObjects} JS objects.`,
        "success",
      );
      // Never hide what did not come across.
      for (const item of report.skipped ?? []) toast(`Left out ${item.kind} ${item.name}: ${item.reason}`, "warning");
      for (const name of report.datasourcesNeedingConfiguration ?? []) toast(`The datasource ${name} needs its credentials entered.`, "warning");
      await onChanged();
    } catch (err) {
      toast((err as Error).message, "error");
    }
  };

  const open = async (app: Application) => {
    try {
      const full = app.pages?.length ? app : await api.viewApplication(app.id);
      const page = defaultPage(full);
      if (!page) throw new Error(`${app.name} has no pages.`);
      navigate(viewerUrl(full, page));
    } catch (err) {
      toast((err as Error).message, "error");
    }
  };

  const edit = async (app: Application) => {
    try {
      const full = app.pages?.length ? app : await api.viewApplication(app.id);
      const page = defaultPage(full);
      if (!page) throw new Error(`${app.name} has no pages.`);
      navigate(`${viewerUrl(full, page)}/edit`);
    } catch (err) {
      toast((err as Error).message, "error");
    }
  };

  // The server answers with the file itself (and its name), so the browser downloads it.
  const exportApp = (app: Application) => {
    const a = document.createElement("a");
    a.href = exportUrl(app.id);
    a.download = "";
    a.click();
  };

  return (
    <section className="workspace" data-workspace={row.workspace.name}>
      <h2>{row.workspace.name}</h2>
      <ul className="app-list">
        {row.apps.map((app) => (
          <li key={app.id} className="app-card">
            <span className="app-name">{app.name}</span>
            {app.isPublished === false && <span className="badge">not published yet</span>}
            <button onClick={() => open(app)}>Open</button>
            <button onClick={() => edit(app)}>Edit</button>
            <button onClick={() => exportApp(app)}>Export</button>
          </li>
        ))}
        {row.apps.length === 0 && <li className="empty">No apps in this workspace yet.</li>}
      </ul>
      <form className="inline-form" onSubmit={create}>
        <input aria-label={`New app name in ${row.workspace.name}`} placeholder="New app name" value={name} onChange={(e) => setName(e.target.value)} required />
        <button type="submit">Create app</button>
        <label className="file-button">
          Import app…
          <input type="file" accept="application/json,.json" onChange={(e) => importFile(e.target.files?.[0])} hidden />
        </label>
      </form>
      <p className="hint">
        Opening an app shows its published version. <Link to="/applications">Refresh</Link>
      </p>
    </section>
  );
}
