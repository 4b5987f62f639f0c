// Property types: each evaluated widget property is checked and coerced to what the
// widget expects, with a sentence that says what was wrong. An invalid value falls
// back to the type's default so that the widget still renders.

export type PropType =
  | "string"
  | "number"
  | "boolean"
  | "array"
  | "object"
  | "rows" // array of objects (table data, list data)
  | "options" // array of {label, value}
  | "stringArray"
  | "any";

export interface Validated {
  value: unknown;
  error?: string;
}

const DEFAULTS: Record<PropType, () => unknown> = {
  string: () => "",
  number: () => undefined,
  boolean: () => false,
  array: () => [],
  object: () => ({}),
  rows: () => [],
  options: () => [],
  stringArray: () => [],
  any: () => undefined,
};

function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "string") return `the text "${v.length > 40 ? v.slice(0, 40) + "…" : v}"`;
  if (typeof v === "object") return "an object";
  return `${typeof v} ${String(v)}`;
}

function parseJsonIfString(v: unknown): unknown {
  if (typeof v !== "string") return v;
  const t = v.trim();
  if (t === "") return [];
  try {
    return JSON.parse(t);
  } catch {
    return v;
  }
}

export function validate(type: PropType, v: unknown): Validated {
  const fail = (expected: string): Validated => ({
    value: DEFAULTS[type](),
    error: `Expected ${expected}, but got ${describe(v)}.`,
  });
  switch (type) {
    case "any":
      return { value: v };
    case "string":
      if (v === undefined || v === null) return { value: "" };
      if (typeof v === "string") return { value: v };
      if (typeof v === "object") {
        try {
          return { value: JSON.stringify(v, null, 2) };
        } catch {
          return fail("text");
        }
      }
      return { value: String(v) };
    case "number": {
      if (v === undefined || v === null || v === "") return { value: undefined };
      const n = typeof v === "number" ? v : typeof v === "string" ? Number(v) : NaN;
      return Number.isFinite(n) ? { value: n } : fail("a number");
    }
    case "boolean":
      if (typeof v === "boolean") return { value: v };
      if (v === "true") return { value: true };
      if (v === "false" || v === "" || v === undefined || v === null) return { value: false };
      return fail("true or false");
    case "array": {
      const p = parseJsonIfString(v ?? []);
      return Array.isArray(p) ? { value: p } : fail("an array");
    }
    case "stringArray": {
      const p = parseJsonIfString(v ?? []);
      if (!Array.isArray(p)) return fail("an array of values");
      return { value: p.map((x) => (typeof x === "object" ? JSON.stringify(x) : x)) };
    }
    case "object": {
      const p = v === undefined || v === null ? {} : parseJsonIfString(v);
      return p && typeof p === "object" && !Array.isArray(p) ? { value: p } : fail("an object");
    }
    case "rows": {
      const p = parseJsonIfString(v ?? []);
      if (!Array.isArray(p)) return fail("an array of rows (objects)");
      const bad = p.findIndex((r) => r === null || typeof r !== "object" || Array.isArray(r));
      if (bad >= 0) return { value: p.filter((r) => r && typeof r === "object" && !Array.isArray(r)), error: `Expected every row to be an object, but row ${bad} is ${describe(p[bad])}.` };
      return { value: p };
    }
    case "options": {
      const p = parseJsonIfString(v ?? []);
      if (!Array.isArray(p)) return fail('an array of options like [{"label": "A", "value": "a"}]');
      const out: { label: string; value: unknown }[] = [];
      for (let i = 0; i < p.length; i += 1) {
        const o = p[i];
        if (o && typeof o === "object" && "value" in o) {
          out.push({ label: String((o as { label?: unknown }).label ?? (o as { value: unknown }).value), value: (o as { value: unknown }).value });
        } else if (typeof o === "string" || typeof o === "number") {
          out.push({ label: String(o), value: o });
        } else {
          return { value: out, error: `Option ${i} must have a "label" and a "value", but it is ${describe(o)}.` };
        }
      }
      return { value: out };
    }
  }
}
