// One CodeMirror 6 editor per cell (edit mode). Editors mount lazily, a few per idle slice, so
// a long notebook never blocks the main thread; the prerendered code stays visible meanwhile,
// and a click or focus on it mounts that cell's editor at once. CodeMirror itself is a lazy
// chunk (editor-view.ts): a page in run mode, the reader's view of an export, never loads it.
import type { CellEditor } from "./editor-view";

type EditorModule = typeof import("./editor-view");
let loaded: EditorModule | null = null;
let loading: Promise<EditorModule> | null = null;

function loadEditor(): Promise<EditorModule> {
  return (loading ??= import("./editor-view").then((m) => (loaded = m)));
}

export interface EditorHooks {
  run(id: string, code: string, advance: boolean): void;
  changed(id: string, code: string): void;
}

// Edits are reported after a pause in typing: the kernel marks the cell stale and keeps the text
// for saving; one message per pause, not per keystroke.
const EDIT_DELAY_MS = 300;
const SLICE_MS = 8;

interface Slot {
  readonly el: HTMLElement;
  code: string;
}

export class Editors {
  readonly #hooks: EditorHooks;
  readonly #views = new Map<string, CellEditor>();
  readonly #waiting = new Map<string, Slot>();
  readonly #timers = new Map<string, number>();
  #scheduled = false;

  constructor(hooks: EditorHooks) {
    this.#hooks = hooks;
  }

  /** A cell's code area exists; its editor will mount soon (or now, on first interaction). */
  add(id: string, el: HTMLElement, code: string): void {
    this.#waiting.set(id, { el, code });
    // Mounting replaces the element under the pointer, so the editor takes the focus itself.
    const now = () => this.#mount(id)?.focus();
    el.addEventListener("pointerdown", now, { once: true });
    el.addEventListener("focusin", now, { once: true });
    this.#schedule();
  }

  remove(id: string): void {
    this.#waiting.delete(id);
    clearTimeout(this.#timers.get(id));
    this.#timers.delete(id);
    this.#views.get(id)?.destroy();
    this.#views.delete(id);
  }

  /** The text in a cell's editor (the page owns the code text). */
  code(id: string): string | null {
    return this.#views.get(id)?.text() ?? this.#waiting.get(id)?.code ?? null;
  }

  focus(id: string): void {
    this.#mount(id)?.focus();
  }

  /** Flush a pending "edited" report, e.g. before a run or a save. */
  flush(id: string): void {
    const t = this.#timers.get(id);
    if (t === undefined) return;
    clearTimeout(t);
    this.#timers.delete(id);
    const code = this.code(id);
    if (code !== null) this.#hooks.changed(id, code);
  }

  flushAll(): void {
    for (const id of [...this.#timers.keys()]) this.flush(id);
  }

  #schedule(): void {
    if (this.#scheduled || this.#waiting.size === 0) return;
    if (!loaded) {
      this.#scheduled = true;
      void loadEditor().then(() => {
        this.#scheduled = false;
        this.#schedule();
      });
      return;
    }
    this.#scheduled = true;
    const idle = (globalThis as { requestIdleCallback?: (f: () => void) => void }).requestIdleCallback;
    (idle ?? ((f: () => void) => setTimeout(f, 16)))(() => {
      this.#scheduled = false;
      const start = performance.now();
      for (const id of [...this.#waiting.keys()]) {
        if (performance.now() - start > SLICE_MS) break;
        this.#mount(id);
      }
      this.#schedule();
    });
  }

  #mount(id: string): CellEditor | null {
    const existing = this.#views.get(id);
    if (existing) return existing;
    const slot = this.#waiting.get(id);
    if (!slot) return null;
    if (!loaded) {
      // Asked for before CodeMirror arrived (a click on the code): mount it, focused, on arrival.
      void loadEditor().then(() => this.#mount(id)?.focus());
      return null;
    }
    this.#waiting.delete(id);
    const hadFocus = slot.el.contains(document.activeElement);
    const run = (code: string, advance: boolean) => {
      this.#cancelEdit(id);
      this.#hooks.run(id, code, advance);
    };
    const view = loaded.createEditor(slot.el, slot.code, { run, edited: () => this.#edited(id) });
    this.#views.set(id, view);
    if (hadFocus) view.focus();
    return view;
  }

  #edited(id: string): void {
    clearTimeout(this.#timers.get(id));
    this.#timers.set(id, window.setTimeout(() => this.flush(id), EDIT_DELAY_MS));
  }

  #cancelEdit(id: string): void {
    clearTimeout(this.#timers.get(id));
    this.#timers.delete(id);
  }
}
