// Datasource forms per plugin with Save, Test and Delete. Secrets come back from the
// server masked (`********`) and are sent back unchanged to keep them; the field shows
// them as a password field and never holds the real value.
import { useState } from "react";
import { ApiError } from "../api/client";
import { editorApi, type Datasource } from "../api/editorApi";
import { useToast } from "../components/Toasts";
import { useEditor } from "./EditorContext";
import { KeyValueList, pairsOf } from "./KeyValueList";
import { pluginInfo } from "./plugins";

// Datasource configurations are free-form JSON whose shape depends on the plugin.
type Config = Record<string, any>;

const DEFAULT_PORTS: Record<string, number> = { "postgres-plugin": 5432, "mysql-plugin": 3306, "mongo-plugin": 27017, "redis-plugin": 6379 };

export function DatasourceEditor({ id, pluginId }: { id: string; pluginId?: string }) {
  const { datasources, setDatasources, app, setCentre } = useEditor();
  const toast = useToast();
  const existing = datasources.find((d) => d.id === id);
  const plugin = pluginInfo(existing?.pluginId ?? pluginId);
  const [name, setName] = useState(existing?.name ?? `${plugin.label} ${datasources.length + 1}`);
  const [config, setConfig] = useState<Config>(
    () =>
      structuredClone(existing?.datasourceConfiguration) ??
      (plugin.kind === "rest" || plugin.kind === "graphql"
        ? { url: "", headers: [] }
        : { endpoints: [{ host: "127.0.0.1", port: DEFAULT_PORTS[plugin.id] }], authentication: { username: "", password: "", databaseName: "" } }),
  );
  const [test, setTest] = useState<{ ok: boolean; message: string }>();
  const endpoint = (config.endpoints?.[0] ?? {}) as Config;
  const auth = (config.authentication ?? {}) as Config;
  const setEndpoint = (patch: Config) => setConfig({ ...config, endpoints: [{ ...endpoint, ...patch }] });
  const setAuth = (patch: Config) => setConfig({ ...config, authentication: { ...auth, ...patch } });
  const body = (): Omit<Datasource, "id"> => ({ name, pluginId: plugin.id, workspaceId: app.workspaceId, datasourceConfiguration: config });

  const save = async () => {
    try {
      const saved = existing ? await editorApi.updateDatasource(existing.id, body()) : await editorApi.createDatasource(body());
      setDatasources((list) => (existing ? list.map((d) => (d.id === saved.id ? saved : d)) : [...list, saved]));
      setConfig(structuredClone(saved.datasourceConfiguration));
      toast(`Datasource ${saved.name} saved.`, "success");
      if (!existing) setCentre({ kind: "datasource", id: saved.id });
    } catch (e) {
      toast(`The datasource was not saved: ${e instanceof Error ? e.message : String(e)}`, "error");
    }
  };
  const runTest = async () => {
    setTest(undefined);
    try {
      const r = await editorApi.testDatasource({ ...body(), ...(existing ? { id: existing.id } : {}) });
      const ok = r?.success !== false && !(r?.invalids?.length);
      setTest({ ok, message: ok ? "The connection works." : [...(r.invalids ?? []), ...(r.messages ?? [])].join("\n") || "The connection failed." });
    } catch (e) {
      if (e instanceof ApiError && e.isNotFound) setTest({ ok: false, message: "Testing connections is not available on this server yet; save the datasource and run a query to check it." });
      else setTest({ ok: false, message: e instanceof Error ? e.message : String(e) });
    }
  };
  const remove = async () => {
    if (!existing || !window.confirm(`Delete the datasource ${existing.name}?`)) return;
    try {
      await editorApi.deleteDatasource(existing.id);
      setDatasources((list) => list.filter((d) => d.id !== existing.id));
      setCentre({ kind: "canvas" });
    } catch (e) {
      toast(`The datasource was not deleted: ${e instanceof Error ? e.message : String(e)}`, "error");
    }
  };

  const field = (label: string, value: unknown, onChange: (v: string) => void, type = "text") => (
    <label className="form-field">
      {label}
      <input type={type} value={value === undefined || value === null ? "" : String(value)} onChange={(e) => onChange(e.target.value)} aria-label={label} autoComplete="off" />
    </label>
  );

  return (
    <div className="entity-editor datasource-editor" data-testid="datasource-editor">
      <div className="row">
        <input className="name-field" aria-label="Datasource name" value={name} onChange={(e) => setName(e.target.value)} />
        <span className="badge">{plugin.label}</span>
        <span className="spacer" />
        <button onClick={() => void runTest()}>Test</button>
        <button className="primary" onClick={() => void save()} data-testid="save-datasource">
          Save
        </button>
        {existing && <button onClick={() => void remove()}>Delete</button>}
      </div>
      {(plugin.kind === "sql" || plugin.kind === "mongo" || plugin.kind === "redis") && (
        <>
          {plugin.kind === "mongo" && field("Connection string (optional, instead of host and port)", config.url, (url) => setConfig({ ...config, url }))}
          <div className="row">
            {field("Host", endpoint.host, (host) => setEndpoint({ host }))}
            {field("Port", endpoint.port, (port) => setEndpoint({ port: port === "" ? undefined : Number(port) }), "number")}
          </div>
          {field(plugin.kind === "redis" ? "Database number" : "Database name", auth.databaseName, (databaseName) => setAuth({ databaseName }))}
          {plugin.kind !== "redis" && field("Username", auth.username, (username) => setAuth({ username }))}
          {field("Password", auth.password, (password) => setAuth({ password }), "password")}
          {auth.password === "********" && <p className="hint">The saved password is kept unless you type a new one.</p>}
        </>
      )}
      {(plugin.kind === "rest" || plugin.kind === "graphql") && (
        <>
          {field("URL", config.url, (url) => setConfig({ ...config, url }))}
          <KeyValueList label="Headers" pairs={pairsOf(config.headers)} onChange={(headers) => setConfig({ ...config, headers })} />
        </>
      )}
      {test && (
        <p className={test.ok ? "test-ok" : "evaluated-error"} role="status" data-testid="datasource-test">
          {test.message}
        </p>
      )}
    </div>
  );
}
