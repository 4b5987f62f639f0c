// Finding `{{ }}` bindings in property strings. The scanner counts braces and skips
// string literals so that `{{ {a: "}}"} }}` is one binding, not two.

export type TemplatePart = { kind: "text"; text: string } | { kind: "js"; code: string };

/** True when the string contains at least one complete `{{ }}` binding. */
export function hasBinding(value: unknown): value is string {
  return typeof value === "string" && value.includes("{{") && splitTemplate(value).some((p) => p.kind === "js");
}

/** Splits "Hello {{name}}!" into text and code parts; unclosed `{{` stays text. */
export function splitTemplate(source: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let text = "";
  let i = 0;
  while (i < source.length) {
    if (source[i] === "{" && source[i + 1] === "{") {
      const end = findClose(source, i + 2);
      if (end < 0) {
        text += source.slice(i);
        break;
      }
      if (text) parts.push({ kind: "text", text });
      text = "";
      parts.push({ kind: "js", code: source.slice(i + 2, end) });
      i = end + 2;
    } else {
      text += source[i];
      i += 1;
    }
  }
  if (text) parts.push({ kind: "text", text });
  return parts;
}

/** The binding expressions of a property string, as written between the braces. */
export function bindingExpressions(source: string): string[] {
  return splitTemplate(source)
    .filter((p): p is { kind: "js"; code: string } => p.kind === "js")
    .map((p) => p.code);
}

function findClose(s: string, from: number): number {
  let depth = 0;
  let i = from;
  while (i < s.length) {
    const c = s[i];
    if (c === '"' || c === "'" || c === "`") {
      i = skipString(s, i, c);
      continue;
    }
    if (c === "{") depth += 1;
    else if (c === "}") {
      if (depth === 0 && s[i + 1] === "}") return i;
      if (depth > 0) depth -= 1;
    }
    i += 1;
  }
  return -1;
}

function skipString(s: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < s.length) {
    if (s[i] === "\\") i += 2;
    else if (s[i] === quote) return i + 1;
    else i += 1;
  }
  return i;
}
