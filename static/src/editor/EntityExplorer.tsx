// The explorer: the page's queries and JS objects and the workspace's datasources.
// Click one to edit it in the centre; "+" creates a new one.
import { useState } from "react";
import { editorApi } from "../api/editorApi";
import { useToast } from "../components/Toasts";
import { useEditor } from "./EditorContext";
import { uniqueName } from "./model/dslOps";
import { defaultActionConfiguration, pluginInfo, PLUGINS } from "./plugins";
import { WidgetTree } from "./WidgetTree";

const NEW_JS = "export default {\n  myVar1: [],\n  myFun1() {\n    return \"Hello\";\n  },\n};\n";

export function EntityExplorer() {
  const { page, actions, setActions, jsObjects, setJsObjects, datasources, centre, setCentre, takenNames } = useEditor();
  const toast = useToast();
  const [picking, setPicking] = useState<"query" | "datasource" | null>(null);
  const fail = (what: string) => (e: unknown) => toast(`${what} failed: ${e instanceof Error ? e.message : String(e)}`, "error");

  const newQuery = async (datasourceId: string) => {
    setPicking(null);
    const ds = datasources.find((d) => d.id === datasourceId);
    if (!ds) return;
    const kind = pluginInfo(ds.pluginId).kind;
    try {
      const created = await editorApi.createAction({
        name: uniqueName("Query", takenNames()),
        pageId: page.id,
        pluginId: ds.pluginId,
        datasource: { id: ds.id },
        actionConfiguration: defaultActionConfiguration(kind),
        executeOnLoad: false,
      });
      setActions((a) => [...a, created]);
      setCentre({ kind: "query", id: created.id });
    } catch (e) {
      fail("Creating the query")(e);
    }
  };
  const newJs = async () => {
    try {
      const created = await editorApi.createJsObject({ name: uniqueName("JSObject", takenNames()), pageId: page.id, body: NEW_JS });
      setJsObjects((j) => [...j, created]);
      setCentre({ kind: "js", id: created.id });
    } catch (e) {
      fail("Creating the JS object")(e);
    }
  };
  const active = (kind: string, id: string) => ("id" in centre && centre.kind === kind && centre.id === id ? "active" : undefined);

  return (
    <section className="panel-section explorer" aria-label="Explorer">
      <WidgetTree />
      <header>
        <h3>Queries</h3>
        <button className="icon" aria-label="New query" title="New query" onClick={() => setPicking(picking === "query" ? null : "query")}>
          +
        </button>
      </header>
      {picking === "query" && (
        <div className="picker">
          {datasources.length === 0 ? (
            <span className="hint">Create a datasource first.</span>
          ) : (
            <select aria-label="Datasource for the new query" defaultValue="" onChange={(e) => void newQuery(e.target.value)}>
              <option value="" disabled>
                Choose a datasource…
              </option>
              {datasources.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                </option>
              ))}
            </select>
          )}
        </div>
      )}
      <ul className="entity-list">
        {actions.map((a) => (
          <li key={a.id} className={active("query", a.id)}>
            <a href="#" data-entity="query" onClick={(e) => (e.preventDefault(), setCentre({ kind: "query", id: a.id }))}>
              {a.name}
            </a>
            {a.executeOnLoad ? <span className="badge" title="Runs when the page loads">on load</span> : null}
          </li>
        ))}
      </ul>
      <header>
        <h3>JS objects</h3>
        <button className="icon" aria-label="New JS object" title="New JS object" onClick={() => void newJs()}>
          +
        </button>
      </header>
      <ul className="entity-list">
        {jsObjects.map((j) => (
          <li key={j.id} className={active("js", j.id)}>
            <a href="#" data-entity="js" onClick={(e) => (e.preventDefault(), setCentre({ kind: "js", id: j.id }))}>
              {j.name}
            </a>
          </li>
        ))}
      </ul>
      <header>
        <h3>Datasources</h3>
        <button className="icon" aria-label="New datasource" title="New datasource" onClick={() => setPicking(picking === "datasource" ? null : "datasource")}>
          +
        </button>
      </header>
      {picking === "datasource" && (
        <div className="picker">
          <select
            aria-label="Plugin of the new datasource"
            defaultValue=""
            onChange={(e) => {
              setPicking(null);
              setCentre({ kind: "datasource", id: "new", pluginId: e.target.value });
            }}
          >
            <option value="" disabled>
              Choose a kind…
            </option>
            {PLUGINS.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
          </select>
        </div>
      )}
      <ul className="entity-list">
        {datasources.map((d) => (
          <li key={d.id} className={active("datasource", d.id)}>
            <a href="#" data-entity="datasource" onClick={(e) => (e.preventDefault(), setCentre({ kind: "datasource", id: d.id }))}>
              {d.name}
            </a>
            <span className="badge">{pluginInfo(d.pluginId).label}</span>
          </li>
        ))}
      </ul>
      <p className="hint">
        <a href="#" onClick={(e) => (e.preventDefault(), setCentre({ kind: "canvas" }))}>
          Back to the canvas
        </a>
      </p>
    </section>
  );
}
