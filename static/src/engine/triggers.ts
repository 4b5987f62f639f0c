// The global functions available to event handlers and JS functions, named as in
// Appsmith: showAlert, navigateTo, storeValue, showModal, ... Each returns a promise so
// that handlers can chain them. They refuse to run inside a property binding.
import type { Engine } from "./engine";
import type { AlertKind } from "./types";

type Timer = ReturnType<typeof globalThis.setInterval>;

const ALERT_KINDS = new Set<AlertKind>(["success", "info", "warning", "error"]);

export function createGlobalFunctions(engine: Engine): Record<string, (...args: never[]) => unknown> {
  const timers = new Map<string, Timer>();
  let timerCounter = 0;
  const guard = (name: string) => engine.refuseWhileEvaluating(`${name}()`);
  const widgetName = (w: unknown): string => (typeof w === "string" ? w : ((w as { widgetName?: string } | null)?.widgetName ?? String(w)));
  const setModal = (name: string, visible: boolean) => {
    const n = widgetName(name);
    if (!engine.hasWidget(n)) throw new Error(`There is no modal named ${n}.`);
    engine.setMeta(n, { isVisible: visible });
  };

  return {
    showAlert(message: unknown = "", kind: string = "info") {
      guard("showAlert");
      const k = ALERT_KINDS.has(kind as AlertKind) ? (kind as AlertKind) : "info";
      engine.host.effect({ type: "alert", message: typeof message === "string" ? message : JSON.stringify(message), kind: k });
      return Promise.resolve();
    },
    navigateTo(target: string, params: Record<string, unknown> = {}, mode: string = "SAME_WINDOW") {
      guard("navigateTo");
      engine.host.effect({ type: "navigate", target: String(target), params: params ?? {}, newWindow: mode === "NEW_WINDOW" });
      return Promise.resolve();
    },
    storeValue(key: string, value: unknown, persist: boolean = true) {
      guard("storeValue");
      engine.replaceStore({ ...engine.store, [key]: value }, persist !== false);
      return Promise.resolve();
    },
    removeValue(key: string) {
      guard("removeValue");
      const next = { ...engine.store };
      delete next[key];
      engine.replaceStore(next, true);
      return Promise.resolve();
    },
    clearStore() {
      guard("clearStore");
      engine.replaceStore({}, true);
      return Promise.resolve();
    },
    showModal(name: string) {
      guard("showModal");
      setModal(name, true);
      return Promise.resolve();
    },
    closeModal(name: string) {
      guard("closeModal");
      setModal(name, false);
      return Promise.resolve();
    },
    resetWidget(name: string, resetChildren: boolean = true) {
      guard("resetWidget");
      const n = widgetName(name);
      if (!engine.resetWidget(n, resetChildren !== false)) return Promise.reject(new Error(`There is no widget named ${n}.`));
      return Promise.resolve();
    },
    download(data: unknown, fileName: string = "download", mimeType: string = "") {
      guard("download");
      engine.host.effect({ type: "download", data, fileName: String(fileName), mimeType: String(mimeType ?? "") });
      return Promise.resolve();
    },
    copyToClipboard(text: unknown) {
      guard("copyToClipboard");
      engine.host.effect({ type: "copy", text: typeof text === "string" ? text : JSON.stringify(text) });
      return Promise.resolve();
    },
    setInterval(callback: () => unknown, ms: number, id?: string) {
      guard("setInterval");
      const key = id ?? `interval-${++timerCounter}`;
      const existing = timers.get(key);
      if (existing !== undefined) globalThis.clearInterval(existing);
      const handle = globalThis.setInterval(() => {
        try {
          const r = callback();
          if (r instanceof Promise) r.catch((e) => engine.reportError(`Interval ${key}`, e)).finally(() => engine.afterUserCode());
        } catch (e) {
          engine.reportError(`Interval ${key}`, e);
        }
        engine.afterUserCode();
      }, Math.max(10, Number(ms) || 0));
      timers.set(key, handle);
      return key;
    },
    clearInterval(id: string) {
      guard("clearInterval");
      const handle = timers.get(id);
      if (handle !== undefined) globalThis.clearInterval(handle);
      timers.delete(id);
      return Promise.resolve();
    },
  } as unknown as Record<string, (...args: never[]) => unknown>;
}
