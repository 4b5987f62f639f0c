// What every widget component reads: the running page, the list item it is drawn
// for (inside a List), and its own evaluated state.
import { createContext, useCallback, useContext, useSyncExternalStore } from "react";
import type { PageRuntime } from "../runtime/pageRuntime";
import type { WidgetState } from "../runtime/widgetStore";

export const RuntimeContext = createContext<PageRuntime | null>(null);
export const ListItemContext = createContext<{ index: number; item: unknown } | null>(null);
/** True inside the editor's canvas: hidden widgets still show (faded) so they can be selected. */
export const EditModeContext = createContext(false);
/** The name of the Form a widget sits in, if any. */
export const FormContext = createContext<string | null>(null);

export function useRuntime(): PageRuntime {
  const r = useContext(RuntimeContext);
  if (!r) throw new Error("A widget was rendered outside a running page.");
  return r;
}

const EMPTY: WidgetState = {};

/** The evaluated properties of a widget; inside a List, the values for this item. */
export function useWidget(name: string): WidgetState {
  const runtime = useRuntime();
  const item = useContext(ListItemContext);
  const subscribe = useCallback((cb: () => void) => runtime.store.subscribe(name, cb), [runtime, name]);
  const state = useSyncExternalStore(subscribe, () => runtime.store.get(name) ?? EMPTY);
  if (!item || !state.__items) return state;
  const merged: WidgetState = { ...state };
  for (const [path, values] of Object.entries(state.__items as Record<string, unknown[]>)) {
    if (!path.includes(".")) merged[path] = values[item.index];
  }
  return merged;
}

export function useWidgetErrors(name: string): Record<string, string> {
  const runtime = useRuntime();
  const subscribe = useCallback((cb: () => void) => runtime.store.subscribe(name, cb), [runtime, name]);
  return useSyncExternalStore(subscribe, () => runtime.store.errorsOf(name));
}

/** Sends what the user did and runs event properties, adding `currentItem` inside a List. */
export function useWidgetEvents(name: string) {
  const runtime = useRuntime();
  const item = useContext(ListItemContext);
  const extra = item ? { currentItem: item.item, currentIndex: item.index } : undefined;
  return {
    setMeta: (patch: Record<string, unknown>, trigger?: string, more?: Record<string, unknown>) =>
      runtime.setMeta(name, patch, trigger, { ...extra, ...more }),
    /** Resolves when the handler finished (a button shows it is busy until then). */
    trigger: (prop: string, more?: Record<string, unknown>) => runtime.trigger(name, prop, { ...extra, ...more }),
  };
}
