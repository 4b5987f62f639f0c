// What every part of the editor reads: the app, its pages, the page document (DSL,
// history, selection, autosave), the page's queries, JS objects and the workspace's
// datasources, the running page used to draw the canvas, and what the centre shows.
import { createContext, useCallback, useContext, useSyncExternalStore } from "react";
import type { Application } from "../api/client";
import type { Action, Datasource, EditPage, JsObject } from "../api/editorApi";
import type { PageRuntime } from "../runtime/pageRuntime";
import type { PageDocument } from "./model/pageDocument";

export type CentreView = { kind: "canvas" } | { kind: "query"; id: string } | { kind: "js"; id: string } | { kind: "datasource"; id: string | "new"; pluginId?: string };

export interface EditorState {
  app: Application;
  setApp: (a: Application) => void;
  page: EditPage;
  pages: EditPage[];
  reloadPages: () => Promise<void>;
  doc: PageDocument;
  actions: Action[];
  setActions: (f: (a: Action[]) => Action[]) => void;
  jsObjects: JsObject[];
  setJsObjects: (f: (j: JsObject[]) => JsObject[]) => void;
  datasources: Datasource[];
  setDatasources: (f: (d: Datasource[]) => Datasource[]) => void;
  runtime: PageRuntime | undefined;
  centre: CentreView;
  /** Preview: the canvas is used like the viewer (widgets take clicks and typing). */
  preview: boolean;
  setPreview: (p: boolean) => void;
  setCentre: (c: CentreView) => void;
  /** Renames a widget, query or JS object and rewrites every reference to it. */
  rename: (from: string, to: string) => Promise<boolean>;
  /** Every name on the page: widgets, queries, JS objects. */
  takenNames: () => Set<string>;
}

export const EditorContext = createContext<EditorState | null>(null);

export function useEditor(): EditorState {
  const e = useContext(EditorContext);
  if (!e) throw new Error("Editor parts must be rendered inside the editor.");
  return e;
}

/** Re-renders on every change of the page document; returns a counter that changes with it. */
export function useDocumentVersion(doc: PageDocument): number {
  const subscribe = useCallback((cb: () => void) => doc.subscribe(cb), [doc]);
  return useSyncExternalStore(subscribe, () => docTick(doc));
}

const ticks = new WeakMap<PageDocument, { dsl: unknown; sel: unknown; state: string; n: number }>();
function docTick(doc: PageDocument): number {
  const last = ticks.get(doc);
  if (last && last.dsl === doc.dsl && last.sel === doc.selection && last.state === doc.saveState) return last.n;
  const n = (last?.n ?? 0) + 1;
  ticks.set(doc, { dsl: doc.dsl, sel: doc.selection, state: doc.saveState, n });
  return n;
}
