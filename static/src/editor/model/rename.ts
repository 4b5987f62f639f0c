// Renaming a widget, query or JS object rewrites every reference to it: in widget
// bindings and triggers, in query configurations and in JS object bodies. References
// are found by parsing with acorn, so `Table1` never touches `Table10`, a string
// "Table1", a property `x.Table1` or a local variable that happens to share the name.
import { parse, type Node } from "acorn";
import { ancestor } from "acorn-walk";
import type { DslWidget } from "../../api/client";
import { splitTemplate } from "../../engine/templates";

type AnyNode = Node & Record<string, any>;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export function isValidName(name: string): boolean {
  return IDENTIFIER.test(name);
}

type Mode = "expression" | "body" | "module";

function parseAs(code: string, mode: Mode): AnyNode {
  const options = { ecmaVersion: "latest" as const, allowReturnOutsideFunction: true, allowAwaitOutsideFunction: true };
  if (mode === "module") return parse(code, { ...options, sourceType: "module" }) as AnyNode;
  if (mode === "body") return parse(code, { ...options, sourceType: "script" }) as AnyNode;
  return parse(`(${code}\n)`, { ...options, sourceType: "script" }) as AnyNode;
}

/**
 * Rewrites free references to `from` in one piece of JavaScript. Code that does not
 * parse, or that declares its own `from`, is returned unchanged.
 */
export function renameInCode(code: string, from: string, to: string, mode: Mode = "expression"): string {
  if (!code.includes(from)) return code;
  let ast: AnyNode;
  try {
    ast = parseAs(code, mode);
  } catch {
    return code;
  }
  const offset = mode === "expression" ? 1 : 0;
  const edits: { start: number; end: number; text: string }[] = [];
  let shadowed = false;
  const visitors = {
    Identifier: (n: Node, _s: unknown, anc: Node[]) => {
      const node = n as AnyNode;
      if (node.name !== from) return;
      const parent = anc[anc.length - 2] as AnyNode | undefined;
      // `{ Table1 }` shorthand: keep the key, point the value at the new name.
      if (parent?.type === "Property" && parent.shorthand && parent.value === node) {
        edits.push({ start: node.start, end: node.end, text: `${from}: ${to}` });
        return;
      }
      edits.push({ start: node.start, end: node.end, text: to });
    },
    VariablePattern: (n: Node) => {
      if ((n as AnyNode).name === from) shadowed = true;
    },
    FunctionDeclaration: (n: Node) => {
      if ((n as AnyNode).id?.name === from) shadowed = true;
    },
  };
  ancestor(ast, visitors as Parameters<typeof ancestor>[1]);
  if (shadowed || edits.length === 0) return code;
  let out = code;
  for (const e of edits.sort((a, b) => b.start - a.start)) {
    out = out.slice(0, e.start - offset) + e.text + out.slice(e.end - offset);
  }
  return out;
}

/** Rewrites references inside every `{{ }}` of a property string; the text around stays. */
export function renameInTemplate(value: string, from: string, to: string): string {
  if (!value.includes("{{") || !value.includes(from)) return value;
  return splitTemplate(value)
    .map((part) => {
      if (part.kind === "text") return part.text;
      // Triggers may hold statements (`a.run(); b.run()`), which are not an expression.
      const asExpression = renameInCode(part.code, from, to, "expression");
      const code = asExpression !== part.code || parses(part.code, "expression") ? asExpression : renameInCode(part.code, from, to, "body");
      return `{{${code}}}`;
    })
    .join("");
}

function parses(code: string, mode: Mode): boolean {
  try {
    parseAs(code, mode);
    return true;
  } catch {
    return false;
  }
}

/** Rewrites every string at any depth of a value (a query's configuration, a widget property). */
export function renameInValue<T>(value: T, from: string, to: string): T {
  if (typeof value === "string") return renameInTemplate(value, from, to) as T;
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((v) => {
      const next = renameInValue(v, from, to);
      if (next !== v) changed = true;
      return next;
    });
    return (changed ? out : value) as T;
  }
  if (value && typeof value === "object") {
    let changed = false;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const next = k === "children" ? v : renameInValue(v, from, to);
      if (next !== v) changed = true;
      out[k] = next;
    }
    return (changed ? out : value) as T;
  }
  return value;
}

/** Rewrites references in a whole DSL and renames the widget called `from`, if any. */
export function renameInDsl(root: DslWidget, from: string, to: string): DslWidget {
  const visit = (w: DslWidget): DslWidget => {
    let next = renameInValue(w, from, to);
    if (next.widgetName === from) next = { ...next, widgetName: to };
    if (w.children) {
      let changed = false;
      const children = w.children.map((c) => {
        const n = visit(c);
        if (n !== c) changed = true;
        return n;
      });
      if (changed) next = { ...next, children };
    }
    return next;
  };
  return visit(root);
}

/** Rewrites references in a JS object's body (`export default { … }`). */
export function renameInJsBody(body: string, from: string, to: string): string {
  return renameInCode(body, from, to, "module");
}
