// The app editor at /app/<app>/<page>-<id>/edit: pages, palette and explorer on the
// left, the canvas (or a query, JS object or datasource editor) in the centre, the
// property pane on the right. The canvas is drawn by the viewer's widgets and
// evaluation engine, so what the builder sees is what users will see.
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useParams } from "react-router";
import { ApiError, type Application } from "../api/client";
import { editorApi, type Action, type Datasource, type EditPage, type JsObject } from "../api/editorApi";
import { useToast } from "../components/Toasts";
import { flattenDsl } from "../engine/dsl";
import type { PageDef } from "../engine/types";
import { PageRuntime } from "../runtime/pageRuntime";
import { pageIdFromSegment } from "../runtime/urls";
import { configBindings, urlGlobals } from "../runtime/viewerData";
import { NoAccessPage, NotFoundPage } from "../pages/ErrorPages";
import { RuntimeContext } from "../widgets/context";
import { EditorContext, useDocumentVersion, type CentreView, type EditorState } from "./EditorContext";
import { EditorHeader } from "./EditorHeader";
import { ConflictBanner } from "./ConflictBanner";
import { LeftPanel } from "./LeftPanel";
import { CentrePanel } from "./CentrePanel";
import { PropertyPane } from "./PropertyPane";
import { PageDocument } from "./model/pageDocument";
import { isValidName } from "./model/rename";
import { renameEverywhere } from "./model/renameEverywhere";
import { parentOf, findWidget, widgetNames } from "./model/dslOps";

interface Loaded {
  app: Application;
  page: EditPage;
  pages: EditPage[];
  actions: Action[];
  jsObjects: JsObject[];
  datasources: Datasource[];
}

type LoadState = { kind: "loading" } | { kind: "ready"; data: Loaded } | { kind: "not-found" } | { kind: "no-access" } | { kind: "error"; message: string };

async function loadEditor(pageId: string): Promise<Loaded> {
  const page = await editorApi.page(pageId);
  const appPromise = editorApi.application(page.applicationId);
  const [app, pages, actions, jsObjects, datasources] = await Promise.all([
    appPromise,
    editorApi.pages(page.applicationId),
    editorApi.actions(page.id),
    editorApi.jsObjects(page.id),
    // Developers may lack the right to list datasources; the editor still opens.
    appPromise.then((a) => editorApi.datasources(a.workspaceId)).catch(() => [] as Datasource[]),
  ]);
  return { app, page, pages, actions, jsObjects, datasources };
}

export function EditorPage() {
  const { pageSegment = "" } = useParams();
  const pageId = pageIdFromSegment(pageSegment);
  const [state, setState] = useState<LoadState>({ kind: "loading" });
  useEffect(() => {
    let cancelled = false;
    setState({ kind: "loading" });
    loadEditor(pageId).then(
      (data) => !cancelled && setState({ kind: "ready", data }),
      (e: unknown) => {
        if (cancelled) return;
        if (e instanceof ApiError && e.isNotFound) setState({ kind: "not-found" });
        else if (e instanceof ApiError && (e.isForbidden || e.isUnauthenticated)) setState({ kind: "no-access" });
        else setState({ kind: "error", message: e instanceof Error ? e.message : String(e) });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [pageId]);
  if (state.kind === "loading") return <div className="viewer-loading">Loading the editor…</div>;
  if (state.kind === "not-found") return <NotFoundPage what="app or page" />;
  if (state.kind === "no-access") return <NoAccessPage loggedIn={false} />;
  if (state.kind === "error")
    return (
      <main className="error-page">
        <h1>The editor could not be opened</h1>
        <p>{state.message}</p>
      </main>
    );
  return <Editor key={state.data.page.id} data={state.data} />;
}

export function pageDefOf(dsl: PageDocument["dsl"], actions: Action[], jsObjects: JsObject[]): PageDef {
  return {
    widgets: flattenDsl(dsl),
    actions: actions.map((a) => ({ id: a.id, name: a.name, executeOnLoad: !!a.executeOnLoad, bindings: [...new Set(configBindings(a.actionConfiguration))] })),
    jsObjects: jsObjects.map((j) => ({ id: j.id, name: j.name, body: j.body })),
    globals: { user: {}, URL: urlGlobals(), mode: "EDIT", store: {} },
  };
}

const PLACE_KEYS = new Set(["leftColumn", "rightColumn", "topRow", "bottomRow"]);

/** The DSL as text without widget positions: what evaluation depends on. */
function withoutPlaces(dsl: PageDocument["dsl"]): string {
  return JSON.stringify(dsl, (key, value) => (PLACE_KEYS.has(key) ? undefined : value));
}

/** The modal a selected widget is (or sits in), if any. */
function modalAround(dsl: PageDocument["dsl"], selection: string[]): string | undefined {
  if (selection.length !== 1) return undefined;
  for (let w = findWidget(dsl, selection[0]); w; w = parentOf(dsl, w.widgetId)) if (w.type === "MODAL_WIDGET") return w.widgetName;
  return undefined;
}

function Editor({ data }: { data: Loaded }) {
  const toast = useToast();
  const [app, setApp] = useState(data.app);
  const [pages, setPages] = useState(data.pages);
  const [actions, setActionsState] = useState(data.actions);
  const [jsObjects, setJsState] = useState(data.jsObjects);
  const [datasources, setDsState] = useState(data.datasources);
  const [centre, setCentre] = useState<CentreView>({ kind: "canvas" });
  const [preview, setPreview] = useState(false);
  const [runtime, setRuntime] = useState<PageRuntime>();
  const page = data.page;
  const doc = useMemo(
    () =>
      new PageDocument(page.layouts[0]?.dsl ?? { widgetName: "MainContainer", widgetId: "0", type: "CANVAS_WIDGET", children: [] }, page.version, {
        save: (dsl, version) => editorApi.saveLayout(page.id, dsl, version),
        load: async () => {
          const p = await editorApi.page(page.id);
          return { dsl: p.layouts[0].dsl, version: p.version };
        },
      }),
    [page],
  );
  useEffect(() => () => doc.dispose(), [doc]);
  // Leaving with changes not yet on the server asks first.
  useEffect(() => {
    const onUnload = (e: BeforeUnloadEvent) => {
      if (doc.saveState === "saved") return;
      void doc.saveNow();
      e.preventDefault();
    };
    window.addEventListener("beforeunload", onUnload);
    return () => window.removeEventListener("beforeunload", onUnload);
  }, [doc]);
  useDocumentVersion(doc);

  // The canvas's running page: started once, re-evaluated from scratch after edits.
  useEffect(() => {
    const r = new PageRuntime(
      pageDefOf(doc.dsl, actions, jsObjects),
      (e) => {
        if (e.type === "alert") toast(e.message, e.kind);
      },
      undefined,
      async (message) => window.confirm(message),
      true,
    );
    let disposed = false;
    void r.ready().then(() => {
      if (disposed) return;
      setRuntime(r);
      r.runOnLoad();
    });
    document.title = `Editing ${page.name} | ${data.app.name}`;
    return () => {
      disposed = true;
      r.dispose();
    };
    // Started once per page; later changes go through reload below.
  }, [doc]);
  // A selected modal (or a widget inside one) is shown open, also across re-evaluations.
  const openModal = useRef<string | undefined>(undefined);
  useEffect(() => {
    const modal = modalAround(doc.dsl, doc.selection);
    if (modal && modal !== openModal.current) void runtime?.setMeta(modal, { isVisible: true });
    openModal.current = modal;
  }, [runtime, doc.dsl, doc.selection]);
  // Moving and resizing change no binding, so they do not re-evaluate the page.
  const evaluationKey = useMemo(() => withoutPlaces(doc.dsl), [doc.dsl]);
  useEffect(() => {
    if (!runtime) return;
    const t = setTimeout(() => {
      runtime.reload(pageDefOf(doc.dsl, actions, jsObjects));
      if (openModal.current) void runtime.setMeta(openModal.current, { isVisible: true });
    }, 30);
    return () => clearTimeout(t);
    // doc.dsl is read when the timer fires; evaluationKey says when it matters.
  }, [runtime, doc, evaluationKey, actions, jsObjects]);

  const takenNames = useCallback(() => new Set([...widgetNames(doc.dsl), ...actions.map((a) => a.name), ...jsObjects.map((j) => j.name)]), [doc, actions, jsObjects]);

  const rename = useCallback(
    async (from: string, to: string): Promise<boolean> => {
      if (from === to) return true;
      if (!isValidName(to)) {
        toast(`"${to}" is not a valid name: use letters, digits, _ and $, not starting with a digit.`, "error");
        return false;
      }
      if (takenNames().has(to)) {
        toast(`The name ${to} is already used on this page.`, "error");
        return false;
      }
      try {
        const next = await renameEverywhere(editorApi, from, to, { dsl: doc.dsl, actions, jsObjects });
        setActionsState(next.actions);
        setJsState(next.jsObjects);
        doc.change(next.dsl);
        await doc.saveNow();
        return true;
      } catch (e) {
        toast(`Renaming ${from} failed: ${e instanceof Error ? e.message : String(e)}`, "error");
        return false;
      }
    },
    [actions, jsObjects, doc, takenNames, toast],
  );

  const state: EditorState = {
    app,
    setApp,
    page,
    pages,
    reloadPages: async () => setPages(await editorApi.pages(app.id)),
    doc,
    actions,
    setActions: (f) => setActionsState(f),
    jsObjects,
    setJsObjects: (f) => setJsState(f),
    datasources,
    setDatasources: (f) => setDsState(f),
    runtime,
    centre,
    setCentre: (c: CentreView) => {
      setCentre(c);
      if (c.kind !== "canvas") setPreview(false);
    },
    preview,
    setPreview: (p: boolean) => {
      setPreview(p);
      if (p) setCentre({ kind: "canvas" });
    },
    rename,
    takenNames,
  };

  return (
    <EditorContext.Provider value={state}>
      <div className="editor" data-testid="editor">
        <EditorHeader />
        <ConflictBanner />
        <div className="editor-body">
          <LeftPanel />
          {runtime ? (
            <RuntimeContext.Provider value={runtime}>
              <CentrePanel />
              <PropertyPane />
            </RuntimeContext.Provider>
          ) : (
            <div className="editor-centre viewer-loading">Drawing the page…</div>
          )}
        </div>
      </div>
    </EditorContext.Provider>
  );
}
