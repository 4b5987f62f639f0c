// The page being edited: its DSL with undo history, the selection, and autosave. A
// change is saved after a short pause (debounced) with the version it was read at. A
// save refused as stale (409) puts the document into conflict: nothing more is saved
// until the builder picks "Reload theirs" or "Keep mine", and whichever they pick, the
// other version stays one undo step away, so neither is lost. Plain TypeScript, no React.
import type { DslWidget } from "../../api/client";
import { History } from "./history";
import { mergeDsl } from "./merge";

export type SaveState = "saved" | "unsaved" | "saving" | "conflict" | "error";

export interface LayoutStore {
  save(dsl: DslWidget, version: number): Promise<{ version: number }>;
  load(): Promise<{ dsl: DslWidget; version: number }>;
}

const isConflict = (e: unknown) => typeof e === "object" && e !== null && (e as { status?: number }).status === 409;

export class PageDocument {
  readonly history: History<DslWidget>;
  selection: string[] = [];
  saveState: SaveState = "saved";
  saveError = "";
  /** Their version, while a conflict waits for the builder's choice. */
  theirs?: { dsl: DslWidget; version: number };
  private savedDsl: DslWidget;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private saving: Promise<void> | undefined;
  private listeners = new Set<() => void>();
  private lastCoalesce: string | undefined;
  private lastChangeAt = 0;

  constructor(
    dsl: DslWidget,
    public version: number,
    private readonly store: LayoutStore,
    private readonly delayMs = 600,
  ) {
    this.history = new History(dsl);
    this.savedDsl = dsl;
  }

  get dsl(): DslWidget {
    return this.history.current;
  }

  subscribe(l: () => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  private emit() {
    for (const l of this.listeners) l();
  }

  /**
   * Records an edit as one undo step and schedules a save. Edits with the same
   * `coalesce` key in quick succession (typing into one property) make one step.
   */
  change(next: DslWidget, selection?: string[], coalesce?: string) {
    if (next === this.dsl && !selection) return;
    const now = Date.now();
    if (coalesce && coalesce === this.lastCoalesce && now - this.lastChangeAt < 1500 && this.history.canUndo) this.history.replace(next);
    else this.history.push(next);
    this.lastCoalesce = coalesce;
    this.lastChangeAt = now;
    if (selection) this.selection = selection;
    this.afterEdit();
  }

  select(ids: string[]) {
    this.selection = ids;
    this.emit();
  }

  undo() {
    this.lastCoalesce = undefined;
    if (!this.history.canUndo) return;
    this.history.undo();
    this.afterEdit();
  }

  redo() {
    if (!this.history.canRedo) return;
    this.history.redo();
    this.afterEdit();
  }

  private afterEdit() {
    if (this.saveState !== "conflict") this.saveState = this.dsl === this.savedDsl ? "saved" : "unsaved";
    this.scheduleSave();
    this.emit();
  }

  private scheduleSave() {
    if (this.saveState === "conflict") return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.saveNow(), this.delayMs);
  }

  /** Saves at once (also what the debounce calls); resolves when nothing is left to save. */
  async saveNow(): Promise<void> {
    clearTimeout(this.timer);
    if (this.saving) {
      await this.saving;
      return this.dsl === this.savedDsl || this.saveState === "conflict" ? undefined : this.saveNow();
    }
    if (this.dsl === this.savedDsl || this.saveState === "conflict") return;
    const dsl = this.dsl;
    this.saveState = "saving";
    this.emit();
    this.saving = (async () => {
      try {
        const saved = await this.store.save(dsl, this.version);
        this.version = saved.version;
        this.savedDsl = dsl;
        this.saveState = this.dsl === dsl ? "saved" : "unsaved";
        this.saveError = "";
      } catch (e) {
        if (isConflict(e)) {
          this.saveState = "conflict";
          try {
            this.theirs = await this.store.load();
          } catch {
            this.theirs = undefined;
          }
        } else {
          this.saveState = "error";
          this.saveError = e instanceof Error ? e.message : String(e);
        }
      }
    })();
    await this.saving;
    this.saving = undefined;
    this.emit();
    if ((this.saveState as SaveState) === "unsaved") this.scheduleSave();
  }

  /** Takes their version; mine stays one undo step back. */
  async reloadTheirs() {
    const theirs = this.theirs ?? (await this.store.load());
    this.history.push(theirs.dsl);
    this.version = theirs.version;
    this.savedDsl = theirs.dsl;
    this.theirs = undefined;
    this.selection = [];
    this.saveState = "saved";
    this.emit();
  }

  /** Saves mine over theirs (at the version read now); theirs stays one undo step back. */
  async keepMine() {
    const mine = this.dsl;
    const theirs = await this.store.load();
    this.history.push(theirs.dsl);
    this.history.push(mine);
    this.version = theirs.version;
    this.savedDsl = theirs.dsl;
    this.theirs = undefined;
    this.saveState = "unsaved";
    await this.saveNow();
  }

  /**
   * Keeps both: their version with every widget I added, changed, moved or deleted
   * applied on top (see merge.ts), saved at the version read now. Mine without theirs
   * stays one undo step back.
   */
  async mergeBoth() {
    const theirs = await this.store.load();
    const merged = mergeDsl(this.savedDsl, this.dsl, theirs.dsl);
    this.history.push(merged);
    this.version = theirs.version;
    this.savedDsl = theirs.dsl;
    this.theirs = undefined;
    this.saveState = "unsaved";
    await this.saveNow();
  }

  /** Stops the pending save timer (the editor closed). */
  dispose() {
    clearTimeout(this.timer);
    this.listeners.clear();
  }
}
