// The names code fields complete: evaluated widget state from the running canvas, and
// the page's queries and JS objects.
import { useMemo } from "react";
import { flattenDsl } from "../engine/dsl";
import { useEditor } from "./EditorContext";
import type { CompletionScope } from "./completion";

export function useCompletionScope(): CompletionScope {
  const { runtime, doc, actions, jsObjects } = useEditor();
  return useMemo(
    () => ({
      widgets: () => {
        const out: Record<string, Record<string, unknown>> = {};
        for (const w of flattenDsl(doc.dsl)) if (w.type !== "CANVAS_WIDGET") out[w.widgetName] = runtime?.store.get(w.widgetName) ?? {};
        return out;
      },
      actions: () => actions.map((a) => a.name),
      jsObjects: () => jsObjects,
    }),
    [runtime, doc, actions, jsObjects],
  );
}
