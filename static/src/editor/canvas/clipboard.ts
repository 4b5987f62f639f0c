// The editor's widget clipboard: copies of widget subtrees, kept in this tab and in
// localStorage so that copy in one page and paste in another works.
import type { DslWidget } from "../../api/client";

const KEY = "tessera.editor.clipboard";
let memory: DslWidget[] = [];

export function copyWidgets(widgets: DslWidget[]) {
  memory = structuredClone(widgets);
  try {
    localStorage.setItem(KEY, JSON.stringify(memory));
  } catch {
    // Storage full or disabled: the in-tab copy still works.
  }
}

export function clipboardWidgets(): DslWidget[] {
  if (memory.length) return memory;
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? "[]") as DslWidget[];
  } catch {
    return [];
  }
}
