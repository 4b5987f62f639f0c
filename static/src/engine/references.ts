// Reference extraction: which names from the data tree a piece of JavaScript reads.
// Uses acorn (a real parser) so that strings, comments and local variables are not
// mistaken for references.
import { parse, type Node } from "acorn";
import { ancestor } from "acorn-walk";

export interface ParsedReferences {
  /** Dotted paths rooted at a free identifier, e.g. "Input1.text.length". */
  paths: string[];
  /** A readable parse error, when the code is not valid JavaScript. */
  error?: string;
}

type AnyNode = Node & Record<string, any>;

/**
 * References of an expression (`{{ }}` content) or, with `asBody`, of a function body
 * or statement list. `thisName` maps `this.x` to `<thisName>.x` (JS object methods).
 */
export function extractReferences(code: string, opts: { asBody?: boolean; thisName?: string } = {}): ParsedReferences {
  let ast: AnyNode;
  try {
    ast = parseCode(code, opts.asBody ?? false);
  } catch (e) {
    return { paths: [], error: `Syntax error: ${(e as Error).message}` };
  }
  const declared = new Set<string>();
  const paths = new Set<string>();
  const visitChain = (node: AnyNode, ancestors: AnyNode[]) => {
    let root: string | undefined;
    if (node.type === "Identifier") root = node.name;
    else if (node.type === "ThisExpression") root = opts.thisName;
    if (!root) return;
    const chain = [root];
    // Climb while the current node is the object of a member expression.
    let current = node;
    for (let k = ancestors.length - 2; k >= 0; k -= 1) {
      const parent = ancestors[k];
      if (parent.type !== "MemberExpression" || parent.object !== current) break;
      const key = memberKey(parent);
      if (key === undefined) break;
      chain.push(key);
      current = parent;
    }
    paths.add(chain.join("."));
  };
  // acorn-walk calls VariablePattern for declared names; its types omit that visitor.
  const visitors = {
    Identifier: (n: Node, _s: unknown, anc: Node[]) => visitChain(n as AnyNode, anc as AnyNode[]),
    ThisExpression: (n: Node, _s: unknown, anc: Node[]) => visitChain(n as AnyNode, anc as AnyNode[]),
    VariablePattern: (n: Node) => {
      declared.add((n as AnyNode).name);
    },
    FunctionDeclaration: (n: Node) => {
      const id = (n as AnyNode).id;
      if (id) declared.add(id.name);
    },
  };
  ancestor(ast, visitors as Parameters<typeof ancestor>[1]);
  return { paths: [...paths].filter((p) => !declared.has(p.split(".")[0])) };
}

function memberKey(member: AnyNode): string | undefined {
  if (!member.computed && member.property.type === "Identifier") return member.property.name;
  if (member.computed && member.property.type === "Literal") {
    const v = member.property.value;
    if (typeof v === "string" || typeof v === "number") return String(v);
  }
  return undefined;
}

function parseCode(code: string, asBody: boolean): AnyNode {
  const options = { ecmaVersion: "latest" as const, allowReturnOutsideFunction: true, allowAwaitOutsideFunction: true };
  if (asBody) return parse(code, { ...options, sourceType: "script" }) as AnyNode;
  // An expression: parenthesised so that `{a: 1}` is an object, not a block.
  return parse(`(${code}\n)`, { ...options, sourceType: "script" }) as AnyNode;
}

/** Parses a JS object file (`export default { ... }`) into its members' source text. */
export interface JsObjectMember {
  name: string;
  kind: "function" | "variable";
  /** For functions: a function expression; for variables: an expression. */
  source: string;
  isAsync: boolean;
}

export function parseJsObject(body: string): { members: JsObjectMember[]; error?: string } {
  let ast: AnyNode;
  try {
    ast = parse(body, { ecmaVersion: "latest", sourceType: "module" }) as AnyNode;
  } catch (e) {
    return { members: [], error: `Syntax error: ${(e as Error).message}` };
  }
  const decl = (ast.body as AnyNode[]).find((s) => s.type === "ExportDefaultDeclaration");
  if (!decl || decl.declaration.type !== "ObjectExpression") {
    return { members: [], error: "A JS object must be `export default { ... }`." };
  }
  const members: JsObjectMember[] = [];
  for (const prop of decl.declaration.properties as AnyNode[]) {
    if (prop.type !== "Property" || prop.computed) continue;
    const name = prop.key.type === "Identifier" ? prop.key.name : String(prop.key.value);
    const value = prop.value as AnyNode;
    const text = body.slice(value.start, value.end);
    if (prop.method) {
      members.push({ name, kind: "function", source: `${value.async ? "async " : ""}function ${text}`, isAsync: !!value.async });
    } else if (value.type === "FunctionExpression" || value.type === "ArrowFunctionExpression") {
      members.push({ name, kind: "function", source: text, isAsync: !!value.async });
    } else {
      members.push({ name, kind: "variable", source: text, isAsync: false });
    }
  }
  return { members };
}
