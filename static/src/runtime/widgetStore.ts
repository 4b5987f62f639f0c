// Evaluated widget state on the main thread. Each widget subscribes to its own name,
// so an update re-renders only the widgets that changed.
import type { EvalUpdate } from "../engine/types";

export type WidgetState = Record<string, unknown>;
type Listener = () => void;

export class WidgetStore {
  private state = new Map<string, WidgetState>();
  private errors = new Map<string, Record<string, string>>();
  private listeners = new Map<string, Set<Listener>>();
  private anyListeners = new Set<Listener>();

  apply(update: EvalUpdate) {
    for (const [name, props] of Object.entries(update.widgets)) {
      this.state.set(name, props);
      this.errors.set(name, update.errors[name] ?? {});
      for (const l of this.listeners.get(name) ?? []) l();
    }
    for (const l of this.anyListeners) l();
  }

  /**
   * Shows what the user just did (a ticked checkbox, a chosen option) at once, before
   * the worker's evaluation of it arrives; that evaluation then replaces the state.
   * Without it a controlled input would snap back until the round trip finishes.
   */
  patch(name: string, values: WidgetState) {
    const current = this.state.get(name);
    if (!current) return;
    this.state.set(name, { ...current, ...values });
    for (const l of this.listeners.get(name) ?? []) l();
  }

  get(name: string): WidgetState | undefined {
    return this.state.get(name);
  }

  errorsOf(name: string): Record<string, string> {
    return this.errors.get(name) ?? EMPTY;
  }

  subscribe(name: string, l: Listener): () => void {
    let set = this.listeners.get(name);
    if (!set) this.listeners.set(name, (set = new Set()));
    set.add(l);
    return () => set.delete(l);
  }

  subscribeAll(l: Listener): () => void {
    this.anyListeners.add(l);
    return () => this.anyListeners.delete(l);
  }
}

const EMPTY: Record<string, string> = {};
