// What a query run answered: a table for a list of rows, JSON otherwise, with the
// execution time and any error.
import type { ActionRun } from "../runtime/pageRuntime";

export function QueryResponse({ run }: { run: ActionRun }) {
  const r = run.result;
  const error = run.error ?? (r && !r.isExecutionSuccess ? r.error?.message ?? r.readableError ?? "The query failed." : undefined);
  const body = r?.body;
  const rows = Array.isArray(body) && body.length > 0 && body.every((x) => x && typeof x === "object" && !Array.isArray(x)) ? (body as Record<string, unknown>[]) : undefined;
  const columns = rows ? [...new Set(rows.slice(0, 50).flatMap((x) => Object.keys(x)))] : [];
  return (
    <section className="query-response" data-testid="query-response">
      <div className="row">
        <strong>{error ? "Failed" : "Response"}</strong>
        <span className="hint" data-testid="query-time">
          {r?.executionTime ? `${r.executionTime} ms on the server · ` : ""}
          {Math.round(run.ms)} ms in all
        </span>
        {rows && <span className="hint">{rows.length} rows</span>}
      </div>
      {error && (
        <pre className="evaluated-error" role="alert" data-testid="query-error">
          {error}
        </pre>
      )}
      {rows ? (
        <div className="response-table">
          <table>
            <thead>
              <tr>
                {columns.map((c) => (
                  <th key={c}>{c}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.slice(0, 200).map((row, i) => (
                <tr key={i}>
                  {columns.map((c) => (
                    <td key={c}>{typeof row[c] === "object" ? JSON.stringify(row[c]) : String(row[c] ?? "")}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : body !== undefined && !error ? (
        <pre className="response-json">{JSON.stringify(body, null, 2)}</pre>
      ) : null}
    </section>
  );
}
