// The query editor: datasource, the form of its plugin (SQL, REST, GraphQL, MongoDB,
// Redis) with `{{ }}` bindings, settings (run on page load, timeout, confirm before
// running, prepared statements) and Run, which shows the response with its time.
import { useState } from "react";
import { editorApi, type Action } from "../api/editorApi";
import { useToast } from "../components/Toasts";
import type { ActionRun } from "../runtime/pageRuntime";
import { CodeField } from "./CodeField";
import { useEditor } from "./EditorContext";
import { EntityNameField } from "./EntityNameField";
import { KeyValueList, pairsOf } from "./KeyValueList";
import { pluginInfo } from "./plugins";
import { QueryResponse } from "./QueryResponse";
import { useCompletionScope } from "./useCompletionScope";
import { useDebouncedSave } from "./useDebouncedSave";

type Config = Record<string, unknown>;
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"];
const MONGO_COMMANDS = ["FIND", "INSERT", "UPDATE", "DELETE", "COUNT", "AGGREGATE"];

export function QueryEditor({ id }: { id: string }) {
  const { actions, setActions, datasources, runtime, setCentre } = useEditor();
  const toast = useToast();
  const scope = useCompletionScope();
  const action = actions.find((a) => a.id === id);
  const [run, setRun] = useState<ActionRun>();
  const [running, setRunning] = useState(false);
  const saver = useDebouncedSave<Action>(async (a) => {
    const saved = await editorApi.updateAction(a.id, {
      datasource: a.datasource,
      pluginId: a.pluginId,
      actionConfiguration: a.actionConfiguration,
      executeOnLoad: a.executeOnLoad,
      confirmBeforeExecute: a.confirmBeforeExecute,
      preparedStatementsDisabled: a.preparedStatementsDisabled,
    });
    if (saved.warnings?.length) toast(saved.warnings.join("\n"), "warning");
  });
  if (!action) return <p className="hint">This query no longer exists.</p>;
  const kind = pluginInfo(action.pluginId).kind;
  const config = action.actionConfiguration ?? {};
  const update = (patch: Partial<Action>) => {
    const next = { ...action, ...patch };
    setActions((list) => list.map((a) => (a.id === id ? next : a)));
    saver.schedule(next);
  };
  const setConfig = (patch: Config) => update({ actionConfiguration: { ...config, ...patch } });
  const text = (k: string) => (typeof config[k] === "string" ? (config[k] as string) : "");
  const formData = (config.formData as Config) ?? {};

  const doRun = async () => {
    if (!runtime) return;
    if (action.confirmBeforeExecute && !window.confirm(`Run ${action.name}?`)) return;
    setRunning(true);
    try {
      await saver.flush();
      // Let the canvas pick up the saved query before running it.
      await new Promise((r) => setTimeout(r, 150));
      setRun(await runtime.runAction(action.name));
    } finally {
      setRunning(false);
    }
  };

  const remove = async () => {
    if (!window.confirm(`Delete the query ${action.name}?`)) return;
    await editorApi.deleteAction(action.id);
    setActions((list) => list.filter((a) => a.id !== id));
    setCentre({ kind: "canvas" });
  };

  return (
    <div className="entity-editor query-editor" data-testid="query-editor">
      <div className="row">
        <EntityNameField name={action.name} label="Query name" />
        <select
          aria-label="Datasource"
          value={action.datasource?.id ?? ""}
          onChange={(e) => {
            const ds = datasources.find((d) => d.id === e.target.value);
            if (ds) update({ datasource: { id: ds.id }, pluginId: ds.pluginId });
          }}
        >
          {datasources.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name} ({pluginInfo(d.pluginId).label})
            </option>
          ))}
        </select>
        <span className="hint">{saver.state === "saving" ? "Saving…" : saver.state === "unsaved" ? "Unsaved" : saver.state === "error" ? "Not saved" : "Saved"}</span>
        <span className="spacer" />
        <button className="primary" onClick={() => void doRun()} disabled={running || !runtime} data-testid="run-query">
          {running ? "Running…" : "Run"}
        </button>
        <button onClick={() => void remove()}>Delete</button>
      </div>

      {kind === "sql" && <CodeField multiline value={text("body")} onChange={(body) => setConfig({ body })} scope={scope} label="SQL" testId="query-body" />}
      {kind === "redis" && <CodeField value={text("body")} onChange={(body) => setConfig({ body })} scope={scope} label="Redis command" testId="query-body" />}
      {(kind === "rest" || kind === "graphql") && (
        <>
          <div className="row">
            <select aria-label="HTTP method" value={text("httpMethod") || "GET"} onChange={(e) => setConfig({ httpMethod: e.target.value })}>
              {METHODS.map((m) => (
                <option key={m}>{m}</option>
              ))}
            </select>
            <div className="grow">
              <CodeField value={text("path")} onChange={(path) => setConfig({ path })} scope={scope} label="URL path" placeholder="/users?limit={{Input1.text}}" testId="query-path" />
            </div>
          </div>
          <KeyValueList label="Headers" pairs={pairsOf(config.headers)} onChange={(headers) => setConfig({ headers })} />
          {kind === "rest" && <KeyValueList label="Query parameters" pairs={pairsOf(config.queryParameters)} onChange={(queryParameters) => setConfig({ queryParameters })} />}
          <label>{kind === "graphql" ? "Query" : "Body"}</label>
          <CodeField multiline value={text("body")} onChange={(body) => setConfig({ body })} scope={scope} label={kind === "graphql" ? "GraphQL query" : "Body"} testId="query-body" />
          {kind === "graphql" && (
            <>
              <label>Variables</label>
              <CodeField value={typeof config.variables === "string" ? config.variables : ""} onChange={(variables) => setConfig({ variables })} scope={scope} label="GraphQL variables" />
            </>
          )}
        </>
      )}
      {kind === "mongo" && (
        <>
          <div className="row">
            <select aria-label="Command" value={String(formData.command ?? "FIND")} onChange={(e) => setConfig({ formData: { ...formData, command: e.target.value } })}>
              {MONGO_COMMANDS.map((c) => (
                <option key={c}>{c}</option>
              ))}
            </select>
            <input aria-label="Collection" placeholder="Collection" value={String(formData.collection ?? "")} onChange={(e) => setConfig({ formData: { ...formData, collection: e.target.value } })} />
          </div>
          <label>Query / documents (JSON)</label>
          <CodeField multiline value={String(formData.query ?? "")} onChange={(query) => setConfig({ formData: { ...formData, query } })} scope={scope} label="MongoDB query" testId="query-body" />
        </>
      )}

      <details className="query-settings">
        <summary>Settings</summary>
        <label className="row">
          <input type="checkbox" checked={!!action.executeOnLoad} onChange={(e) => update({ executeOnLoad: e.target.checked })} aria-label="Run on page load" /> Run on page load
        </label>
        <label className="row">
          <input type="checkbox" checked={!!action.confirmBeforeExecute} onChange={(e) => update({ confirmBeforeExecute: e.target.checked })} /> Ask for confirmation before running
        </label>
        {kind === "sql" && (
          <label className="row">
            <input type="checkbox" checked={!action.preparedStatementsDisabled} onChange={(e) => update({ preparedStatementsDisabled: !e.target.checked })} /> Use prepared statements
            (bindings are sent as parameters; turn off only for dynamic SQL)
          </label>
        )}
        <label className="row">
          Timeout (ms)
          <input type="number" min={1} value={Number(config.timeoutInMillisecond ?? 10000)} onChange={(e) => setConfig({ timeoutInMillisecond: Number(e.target.value) })} />
        </label>
      </details>
      {run && <QueryResponse run={run} />}
    </div>
  );
}
