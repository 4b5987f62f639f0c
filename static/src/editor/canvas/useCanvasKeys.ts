// Keyboard on the canvas: Delete/Backspace, Ctrl/Cmd+Z (undo), Ctrl/Cmd+Shift+Z or
// Ctrl+Y (redo), Ctrl/Cmd+C/V/D (copy, paste, duplicate), Escape (clear selection).
// Keys typed into a field (inputs, code editors) are left to that field.
import { useEffect } from "react";
import type { PageDocument } from "../model/pageDocument";
import { canHoldWidgets, deleteWidgets, dropCanvasOf, duplicateWidgets, findWidget, parentOf, pasteWidgets } from "../model/dslOps";
import { clipboardWidgets, copyWidgets } from "./clipboard";

function typingInField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.closest(".cm-editor")) return true;
  const tag = target.tagName;
  return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || target.isContentEditable;
}

export function handleCanvasKey(doc: PageDocument, e: KeyboardEvent): boolean {
  const mod = e.ctrlKey || e.metaKey;
  const key = e.key.toLowerCase();
  const sel = doc.selection;
  if (!mod && (e.key === "Delete" || e.key === "Backspace")) {
    if (!sel.length) return false;
    doc.change(deleteWidgets(doc.dsl, sel), []);
    return true;
  }
  if (e.key === "Escape") {
    doc.select([]);
    return true;
  }
  if (!mod) return false;
  if (key === "z" && !e.shiftKey) doc.undo();
  else if ((key === "z" && e.shiftKey) || (key === "y" && e.ctrlKey)) doc.redo();
  else if (key === "c") {
    const widgets = sel.map((id) => findWidget(doc.dsl, id)).filter((w) => !!w && w.widgetId !== doc.dsl.widgetId);
    if (!widgets.length) return false;
    copyWidgets(widgets as NonNullable<(typeof widgets)[number]>[]);
  } else if (key === "v") {
    const copies = clipboardWidgets();
    if (!copies.length) return false;
    const selected = sel.length === 1 ? findWidget(doc.dsl, sel[0]) : undefined;
    const canvas = selected && canHoldWidgets(selected) ? dropCanvasOf(selected)! : (selected && parentOf(doc.dsl, selected.widgetId)) || doc.dsl;
    const { dsl, ids } = pasteWidgets(doc.dsl, canvas.widgetId, copies);
    doc.change(dsl, ids);
  } else if (key === "d") {
    if (!sel.length) return false;
    const { dsl, ids } = duplicateWidgets(doc.dsl, sel);
    doc.change(dsl, ids);
  } else return false;
  return true;
}

export function useCanvasKeys(doc: PageDocument, enabled = true) {
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (typingInField(e.target)) return;
      if (handleCanvasKey(doc, e)) e.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [doc, enabled]);
}
