// Compiling and running user JavaScript against a scope object. Functions are
// compiled once per source text and cached: a page re-evaluates the same expressions
// on every keystroke.
import { splitTemplate } from "./templates";

export type Scope = Record<string, unknown>;
type Compiled = (scope: Scope, self: unknown) => unknown;

const expressionCache = new Map<string, Compiled>();
const bodyCache = new Map<string, Compiled>();

// `with` makes every data-tree entity a free variable of the code; the Function
// constructor gives non-strict code, where `with` is allowed.
function compile(source: string, kind: "expression" | "body"): Compiled {
  const cache = kind === "expression" ? expressionCache : bodyCache;
  let fn = cache.get(source);
  if (!fn) {
    // Statement lists run inside an async arrow so that they may `await`.
    const code = kind === "expression" ? `return (${source}\n);` : `return (async () => { ${source}\n })();`;
    const raw = new Function("__scope", `with (__scope) { ${code} \n}`) as (this: unknown, s: Scope) => unknown;
    fn = (scope, self) => raw.call(self, scope);
    cache.set(source, fn);
  }
  return fn;
}

export function evalExpression(code: string, scope: Scope, self?: unknown): unknown {
  return compile(code, "expression")(scope, self);
}

/** Runs statements (a trigger such as `{{ a.run(); showAlert('x') }}`); returns the last value for single expressions. */
export function evalStatements(code: string, scope: Scope, self?: unknown): unknown {
  // Most triggers are single expressions; try that first to get a return value (e.g. a promise).
  try {
    compile(code, "expression");
  } catch {
    return compile(code, "body")(scope, self);
  }
  return compile(code, "expression")(scope, self);
}

/** Creates a function value (a JS object method) whose free names resolve in the scope. */
export function makeFunction(source: string, scope: Scope): (...args: unknown[]) => unknown {
  return compile(source, "expression")(scope, undefined) as (...args: unknown[]) => unknown;
}

/**
 * Evaluates a property string. A string that is exactly one `{{ }}` keeps the
 * expression's type; mixed text concatenates, with objects written as JSON.
 */
export function evalTemplate(source: string, scope: Scope, self?: unknown): unknown {
  const parts = splitTemplate(source);
  if (parts.length === 1 && parts[0].kind === "js") return evalExpression(parts[0].code, scope, self);
  let out = "";
  for (const p of parts) {
    if (p.kind === "text") out += p.text;
    else out += stringify(evalExpression(p.code, scope, self));
  }
  return out;
}

export function stringify(v: unknown): string {
  if (v === undefined || v === null) return "";
  if (typeof v === "object") {
    try {
      return JSON.stringify(v);
    } catch {
      return String(v);
    }
  }
  return String(v);
}
