// Autosave for editable pages with no server to save to (a static `--mode edit` site, or the
// page opened without `cove edit`): every change to the notebook is written to this browser's
// storage after a short pause, and at once when the page is hidden or closed, so a reload, a
// crashed tab or a closed window loses nothing. main.ts restores the copy on the next visit,
// with a notice and a way back to the published version.
//
// What is stored is the page's own cells (code as typed, ids, options) next to the newest file
// text the kernel produced: the cells never wait for the kernel, which may be stuck in a loop
// or dead when the reader most needs their code kept.
import type { LocalStore } from "./local";
import type { CellSpec } from "./protocol";

export const AUTOSAVE_DELAY_MS = 400;

export interface AutosaveSource {
  /** The page's cells as the reader has them now. */
  cells(): CellSpec[];
  /** The newest file text known (header, setup cell). */
  readonly text: string;
}

export interface Timers {
  setTimeout(f: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export class Autosave {
  readonly #store: Pick<LocalStore, "save">;
  readonly #published: string;
  readonly #source: AutosaveSource;
  readonly #timers: Timers;
  readonly #delay: number;
  #timer: unknown = null;
  #failed = false;
  #stopped = false;
  onFailure: (() => void) | null = null;

  constructor(store: Pick<LocalStore, "save">, published: string, source: AutosaveSource, timers: Timers = globalThis, delay = AUTOSAVE_DELAY_MS) {
    this.#store = store;
    this.#published = published;
    this.#source = source;
    this.#timers = timers;
    this.#delay = delay;
  }

  /** Something changed: write after a pause (each change restarts the pause). */
  changed(): void {
    if (this.#stopped) return;
    if (this.#timer !== null) this.#timers.clearTimeout(this.#timer);
    this.#timer = this.#timers.setTimeout(() => this.flush(), this.#delay);
  }

  get pending(): boolean {
    return this.#timer !== null;
  }

  /** Never write again (the reader is going back to the published version). */
  stop(): void {
    this.#stopped = true;
    if (this.#timer !== null) this.#timers.clearTimeout(this.#timer);
    this.#timer = null;
  }

  /** Write now if a change is waiting. */
  flush(): void {
    if (this.#timer === null) return;
    this.#timers.clearTimeout(this.#timer);
    this.#timer = null;
    const ok = this.#store.save(this.#source.text, this.#published, this.#source.cells());
    if (!ok && !this.#failed) this.onFailure?.(); // say it once, not on every keystroke
    this.#failed = !ok;
  }
}

export interface AutosaveWiring {
  readonly controller: AutosaveSource & { onCodeChange(f: () => void): void };
  // Editors report typing after a pause; on hide, their pending text is taken at once.
  readonly flushEditors: () => void;
  readonly store: Pick<LocalStore, "save">;
  readonly published: string;
  readonly failed: () => void;
}

/** Autosave every change of this page; flush when the page is hidden (tab switch, close,
 *  reload, navigation: the last moments a page is sure to run code). */
export function attachAutosave(w: AutosaveWiring, win: Pick<Window, "addEventListener"> & { document: Document } = window): Autosave {
  const autosave = new Autosave(w.store, w.published, w.controller);
  autosave.onFailure = w.failed;
  w.controller.onCodeChange(() => autosave.changed());
  const now = () => {
    w.flushEditors(); // reports pending typing, which calls changed()
    autosave.flush();
  };
  win.addEventListener("pagehide", now);
  win.document.addEventListener("visibilitychange", () => {
    if (win.document.visibilityState === "hidden") now();
  });
  return autosave;
}
