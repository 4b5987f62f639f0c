// The viewer: one published page of an app at /app/<app>/<page>-<id>, scaled to the
// window width, with page navigation, on-load queries, toasts, and clear pages for
// "not found" and "no access".
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";
import { useNavigate, useParams } from "react-router";
import { ApiError } from "../api/client";
import { useConfirmDialog } from "../components/ConfirmDialog";
import { useToast } from "../components/Toasts";
import type { Effect } from "../engine/types";
import { PageRuntime, startEvaluationWorker } from "../runtime/pageRuntime";
import { pageIdFromSegment, viewerUrl } from "../runtime/urls";
import { loadViewerData, storeKey, type ViewerData } from "../runtime/viewerData";
import { RuntimeContext } from "../widgets/context";
import { WidgetCanvas } from "../widgets/WidgetCanvas";
import { NoAccessPage, NotFoundPage } from "./ErrorPages";
import { PageNavigation } from "./PageNavigation";

type LoadState = { kind: "loading" } | { kind: "ready"; data: ViewerData } | { kind: "not-found" } | { kind: "no-access"; loggedIn: boolean } | { kind: "error"; message: string };

export function ViewerPage() {
  const { pageSegment = "" } = useParams();
  const pageId = pageIdFromSegment(pageSegment);
  const [state, setState] = useState<LoadState>({ kind: "loading" });

  // Started alongside the data requests; handed to the page (which then owns it).
  const worker = useRef<Worker | null>(null);
  useEffect(
    () => () => {
      worker.current?.terminate();
      worker.current = null;
    },
    [],
  );
  useEffect(() => {
    let cancelled = false;
    worker.current ??= startEvaluationWorker();
    setState({ kind: "loading" });
    loadViewerData(pageId).then(
      (data) => {
        // Marks for the runtime benchmark: where the time to first render goes.
        performance.mark("tessera:data-loaded");
        if (!cancelled) setState({ kind: "ready", data });
      },
      (e: unknown) => {
        if (cancelled) return;
        if (e instanceof ApiError && e.isNotFound) setState({ kind: "not-found" });
        else if (e instanceof ApiError && (e.isForbidden || e.isUnauthenticated)) setState({ kind: "no-access", loggedIn: e.isForbidden });
        else setState({ kind: "error", message: e instanceof Error ? e.message : String(e) });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [pageId]);

  if (state.kind === "loading") return <div className="viewer-loading">Loading…</div>;
  if (state.kind === "not-found") return <NotFoundPage what="app or page" />;
  if (state.kind === "no-access") return <NoAccessPage loggedIn={state.loggedIn} />;
  if (state.kind === "error")
    return (
      <main className="error-page">
        <h1>This app could not be opened</h1>
        <p>{state.message}</p>
      </main>
    );
  return <RunningPage key={state.data.page.id} data={state.data} takeWorker={() => {
    const w = worker.current;
    worker.current = null;
    return w ?? startEvaluationWorker();
  }} />;
}

function RunningPage({ data, takeWorker }: { data: ViewerData; takeWorker: () => Worker }) {
  const toast = useToast();
  const navigate = useNavigate();
  const [runtime, setRuntime] = useState<PageRuntime>();
  const { ask, dialog } = useConfirmDialog();
  const effectRef = useRef<(e: Effect) => void>(() => {});

  effectRef.current = (e: Effect) => {
    switch (e.type) {
      case "alert":
        toast(e.message, e.kind);
        break;
      case "navigate":
        navigateTo(e.target, e.params, e.newWindow);
        break;
      case "download":
        download(e.data, e.fileName, e.mimeType);
        break;
      case "copy":
        void navigator.clipboard?.writeText(e.text).catch(() => toast("Copying to the clipboard was not allowed by the browser.", "warning"));
        break;
      case "store":
        localStorage.setItem(storeKey(data.app.id), JSON.stringify(e.store));
        break;
    }
  };

  const navigateTo = (target: string, params: Record<string, unknown>, newWindow: boolean) => {
    const page = data.app.pages.find((p) => p.name === target || p.id === target || p.slug === target);
    const query = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)])).toString();
    if (page) {
      const url = viewerUrl(data.app, page) + (query ? `?${query}` : "");
      if (newWindow) window.open(url, "_blank", "noopener");
      else navigate(url);
      return;
    }
    if (/^https?:\/\//i.test(target)) {
      const url = target + (query ? (target.includes("?") ? "&" : "?") + query : "");
      if (newWindow) window.open(url, "_blank", "noopener,noreferrer");
      else window.location.assign(url);
      return;
    }
    toast(`There is no page named ${target} in this app.`, "error");
  };

  useEffect(() => {
    const r = new PageRuntime(data.def, (e) => effectRef.current(e), takeWorker(), ask);
    // Draw once the first full evaluation is in, so no widget flashes raw defaults.
    let disposed = false;
    void r.ready().then(() => {
      performance.mark("tessera:first-evaluation");
      if (disposed) return;
      setRuntime(r);
      r.runOnLoad();
    });
    document.title = `${data.page.name} | ${data.app.name}`;
    return () => {
      disposed = true;
      r.dispose();
    };
    // takeWorker is only read once per page.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [data]);

  const width = useWindowWidth();
  if (!runtime) return null;
  return (
    <RuntimeContext.Provider value={runtime}>
      <div className="viewer">
        <header className="viewer-header">
          <span className="app-title">{data.app.name}</span>
          <PageNavigation app={data.app} currentPageId={data.page.id} />
          <span className="spacer" />
          {data.user ? <span className="who">{data.user.name || data.user.email}</span> : null}
        </header>
        <ViewerCanvas data={data} width={width} />
        {dialog}
      </div>
    </RuntimeContext.Provider>
  );
}

function ViewerCanvas({ data, width }: { data: ViewerData; width: number }) {
  return (
    <div className="viewer-canvas" data-testid="viewer-canvas">
      <WidgetCanvas canvas={data.dsl} width={width} minHeight={Number(data.dsl.minHeight) || 0} />
    </div>
  );
}

/** The canvas scales to the window: 64 columns share its width. */
function useWindowWidth(): number {
  const measure = useCallback(() => Math.max(320, document.documentElement.clientWidth - 16), []);
  const [width, setWidth] = useState(measure);
  useLayoutEffect(() => {
    const onResize = () => setWidth(measure());
    window.addEventListener("resize", onResize);
    return () => window.removeEventListener("resize", onResize);
  }, [measure]);
  return width;
}

function download(data: unknown, fileName: string, mimeType: string) {
  const content = typeof data === "string" ? data : JSON.stringify(data, null, 2);
  const isDataUrl = typeof data === "string" && data.startsWith("data:");
  const url = isDataUrl ? data : URL.createObjectURL(new Blob([content], { type: mimeType || (typeof data === "string" ? "text/plain" : "application/json") }));
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName;
  a.click();
  if (!isDataUrl) setTimeout(() => URL.revokeObjectURL(url), 1000);
}
