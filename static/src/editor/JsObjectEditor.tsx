// The JS object editor: the `export default { … }` body, its functions, and Run, which
// calls one function against the page's current state and shows its result and what
// it wrote to the console.
import { useMemo, useState } from "react";
import { editorApi, type JsObject } from "../api/editorApi";
import { Engine, errorMessage } from "../engine/engine";
import { parseJsObject } from "../engine/references";
import { CodeField } from "./CodeField";
import { useEditor } from "./EditorContext";
import { EntityNameField } from "./EntityNameField";
import { pageDefOf } from "./EditorPage";
import { useCompletionScope } from "./useCompletionScope";
import { useDebouncedSave } from "./useDebouncedSave";

interface RunOutput {
  fn: string;
  result?: string;
  error?: string;
  logs: string[];
}

const show = (v: unknown) => {
  if (typeof v === "string") return v;
  try {
    return JSON.stringify(v, null, 2) ?? String(v);
  } catch {
    return String(v);
  }
};

export function JsObjectEditor({ id }: { id: string }) {
  const { jsObjects, setJsObjects, doc, actions, setCentre } = useEditor();
  const scope = useCompletionScope();
  const js = jsObjects.find((j) => j.id === id);
  const [fn, setFn] = useState("");
  const [output, setOutput] = useState<RunOutput>();
  const saver = useDebouncedSave<JsObject>(async (o) => void (await editorApi.updateJsObject(o.id, { body: o.body })));
  const parsed = useMemo(() => parseJsObject(js?.body ?? ""), [js?.body]);
  if (!js) return <p className="hint">This JS object no longer exists.</p>;
  const functions = parsed.members.filter((m) => m.kind === "function").map((m) => m.name);
  const chosen = functions.includes(fn) ? fn : functions[0] ?? "";

  const runFunction = async () => {
    const logs: string[] = [];
    const original = { log: console.log, info: console.info, warn: console.warn, error: console.error };
    const capture = (kind: string) => (...args: unknown[]) => logs.push(`${kind === "log" ? "" : `${kind}: `}${args.map(show).join(" ")}`);
    // A separate engine on this thread: the function sees the page as evaluated now.
    const engine = new Engine(pageDefOf(doc.dsl, actions, jsObjects), {
      executeAction: (req) => editorApi.execute(req.actionId, req.params),
      effect: (e) => e.type === "alert" && logs.push(`alert: ${e.message}`),
      update: () => {},
    });
    engine.evaluateAll();
    Object.assign(console, { log: capture("log"), info: capture("info"), warn: capture("warn"), error: capture("error") });
    try {
      const result = await engine.callJsFunction(js.name, chosen);
      setOutput({ fn: chosen, result: show(result), logs });
    } catch (e) {
      setOutput({ fn: chosen, error: errorMessage(e), logs });
    } finally {
      Object.assign(console, original);
    }
  };

  const remove = async () => {
    if (!window.confirm(`Delete the JS object ${js.name}?`)) return;
    await editorApi.deleteJsObject(js.id);
    setJsObjects((list) => list.filter((j) => j.id !== id));
    setCentre({ kind: "canvas" });
  };

  return (
    <div className="entity-editor js-editor" data-testid="js-editor">
      <div className="row">
        <EntityNameField name={js.name} label="JS object name" />
        <span className="hint">{saver.state === "saving" ? "Saving…" : saver.state === "unsaved" ? "Unsaved" : saver.state === "error" ? "Not saved" : "Saved"}</span>
        <span className="spacer" />
        <select aria-label="Function to run" value={chosen} onChange={(e) => setFn(e.target.value)}>
          {functions.map((f) => (
            <option key={f}>{f}</option>
          ))}
        </select>
        <button className="primary" disabled={!chosen} onClick={() => void runFunction()} data-testid="run-js">
          Run
        </button>
        <button onClick={() => void remove()}>Delete</button>
      </div>
      {parsed.error && (
        <div className="evaluated-error" role="note">
          {parsed.error}
        </div>
      )}
      <CodeField
        multiline
        value={js.body}
        onChange={(body) => {
          const next = { ...js, body };
          setJsObjects((list) => list.map((j) => (j.id === id ? next : j)));
          saver.schedule(next);
        }}
        scope={scope}
        label="JS object body"
        testId="js-body"
      />
      {output && (
        <section className="query-response" data-testid="js-output">
          <strong>{output.fn}()</strong>
          {output.error ? <pre className="evaluated-error">{output.error}</pre> : <pre className="response-json">{output.result}</pre>}
          {output.logs.length > 0 && (
            <>
              <div className="hint">Console</div>
              <pre className="console-output">{output.logs.join("\n")}</pre>
            </>
          )}
        </section>
      )}
    </div>
  );
}
