// Instance settings for instance administrators at /settings/general: every setting
// with where it comes from, Save, and "Save and restart", which waits for the server to
// answer its health check again. The endpoints (GET/PUT /api/v1/admin/env, POST
// /api/v1/admin/restart) come with the container work; without them the page says so.
import { useEffect, useState } from "react";
import { ApiError, request } from "../api/client";

interface Setting {
  key: string;
  value?: string | null;
  secret: boolean;
  origin: string;
  fixedByEnvironment: boolean;
  editable: boolean;
  applies: string;
  pendingRestart: boolean;
  help: string;
}

type State = { kind: "loading" } | { kind: "ready"; settings: Setting[] } | { kind: "missing" } | { kind: "forbidden" } | { kind: "error"; message: string };

/** Polls the health check until the server answers 200 again (after a restart). */
export async function waitForHealth(timeoutMs = 120_000, everyMs = 1000): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  // Give the restart a moment to take the server down first.
  await new Promise((r) => setTimeout(r, everyMs));
  while (Date.now() < end) {
    try {
      const res = await fetch("/api/v1/health", { cache: "no-store" });
      if (res.ok) return true;
    } catch {
      // down: keep waiting
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  return false;
}

export function AdminSettingsPage() {
  const [state, setState] = useState<State>({ kind: "loading" });
  const [edits, setEdits] = useState<Record<string, string>>({});
  const [status, setStatus] = useState("");
  const load = () =>
    request<{ settings: Setting[] }>("GET", "/admin/env").then(
      (d) => {
        setState({ kind: "ready", settings: d.settings });
        setEdits({});
      },
      (e: unknown) => {
        if (e instanceof ApiError && e.isNotFound) setState({ kind: "missing" });
        else if (e instanceof ApiError && (e.isForbidden || e.isUnauthenticated)) setState({ kind: "forbidden" });
        else setState({ kind: "error", message: e instanceof Error ? e.message : String(e) });
      },
    );
  useEffect(() => {
    void load();
  }, []);

  const save = async (restart: boolean) => {
    try {
      if (Object.keys(edits).length) {
        const r = await request<{ settings: Setting[]; restartRequired: boolean }>("PUT", "/admin/env", edits);
        setState({ kind: "ready", settings: r.settings });
        setEdits({});
        setStatus(r.restartRequired && !restart ? "Saved. Some changes apply after a restart." : "Saved.");
      }
      if (restart) {
        await request("POST", "/admin/restart", {});
        setStatus("Restarting… this page waits for the server to come back.");
        const back = await waitForHealth();
        setStatus(back ? "The server is back with the new settings." : "The server did not come back within two minutes; check its logs.");
        if (back) await load();
      }
    } catch (e) {
      setStatus(e instanceof Error ? e.message : String(e));
    }
  };

  if (state.kind === "loading") return <main className="home">Loading the settings…</main>;
  if (state.kind === "missing")
    return (
      <main className="home">
        <h1>Instance settings</h1>
        <p>This server does not offer settings editing yet.</p>
      </main>
    );
  if (state.kind === "forbidden")
    return (
      <main className="home">
        <h1>Instance settings</h1>
        <p>Only instance administrators can change the settings. <a href="/user/login">Log in</a> as one.</p>
      </main>
    );
  if (state.kind === "error")
    return (
      <main className="home">
        <h1>Instance settings</h1>
        <p className="form-error">{state.message}</p>
      </main>
    );
  return (
    <main className="home admin-settings">
      <h1>Instance settings</h1>
      <table>
        <tbody>
          {state.settings.map((s) => (
            <tr key={s.key}>
              <td>
                <code>{s.key}</code>
              </td>
              <td>
                <input
                  aria-label={s.key}
                  type={s.secret ? "password" : "text"}
                  disabled={!s.editable}
                  value={edits[s.key] ?? s.value ?? ""}
                  onChange={(e) => setEdits({ ...edits, [s.key]: e.target.value })}
                />
              </td>
              <td className="hint">
                {s.help}
                {s.fixedByEnvironment ? " Set by the server's environment; change it there." : ""}
                {s.pendingRestart ? " Saved; applies after a restart." : ""}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="row">
        <button onClick={() => void save(false)} disabled={!Object.keys(edits).length}>
          Save
        </button>
        <button className="primary" onClick={() => void save(true)}>
          Save and restart
        </button>
        <span role="status">{status}</span>
      </div>
    </main>
  );
}
