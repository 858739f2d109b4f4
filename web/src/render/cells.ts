// State -> DOM for the cells. One element per cell, kept across renders; only what changed is
// written (state objects are immutable, so a changed reference means changed content). The
// markup is the same as py/cove/_site/render.py's (the chrome is generated from
// py/cove/_output/chrome.py), so a prerendered page is adopted as-is.
// Outputs and errors arrive drawn by the engine (py/cove/_output/render.py): inserted as they are.
import type { CellView, ConsoleChunk, PageState } from "../state";
import { CELL_BAR_HTML, CODE_FOLD, CODE_STATIC, STDERR } from "./chrome";
import { escapeHtml } from "./escape";

export type PageMode = "edit" | "run";

export interface CellHooks {
  // The code area of a cell exists (new or adopted): edit mode mounts an editor there.
  mounted(cell: CellView, code: HTMLElement): void;
  removed(id: string): void;
  // New output HTML was written: elements that need script (anywidgets) start here.
  outputWritten(output: HTMLElement): void;
}

interface CellDom {
  readonly root: HTMLElement;
  readonly code: HTMLElement;
  readonly output: HTMLElement;
  readonly console: HTMLElement;
  // What the DOM shows now, to skip writes that would change nothing.
  view: CellView | null;
  outputHtml: string;
  consoleShown: readonly ConsoleChunk[];
}

export function cellBarHtml(): string {
  return CELL_BAR_HTML;
}

export function codeHtml(cell: Pick<CellView, "code" | "hideCode">, mode: PageMode): string {
  const pre = CODE_STATIC[0] + escapeHtml(cell.code) + CODE_STATIC[1];
  if (mode === "edit") return pre;
  return cell.hideCode ? "" : CODE_FOLD[0] + pre + CODE_FOLD[1];
}

export function outputHtml(cell: Pick<CellView, "outputs" | "error">): string {
  return cell.error ? cell.error.html : cell.outputs.map((o) => o.html).join("");
}

// The console is drawn here, not by the engine: it streams, and the page appends each new piece
// of text to what it shows (writeConsole). The stderr mark is chrome.ts's, as in the prerender.
export function renderConsole(chunks: readonly ConsoleChunk[]): string {
  return chunks
    .map((c) => (c.stream === "stderr" ? STDERR[0] + escapeHtml(c.text) + STDERR[1] : escapeHtml(c.text)))
    .join("");
}

export class NotebookView {
  readonly #root: HTMLElement;
  readonly #mode: PageMode;
  readonly #hooks: CellHooks;
  readonly #cells = new Map<string, CellDom>();
  readonly #owned = new WeakSet<Element>();

  constructor(root: HTMLElement, mode: PageMode, hooks: CellHooks) {
    this.#root = root;
    this.#mode = mode;
    this.#hooks = hooks;
  }

  /** The element of a cell, for focus and scrolling. */
  element(id: string): HTMLElement | null {
    return this.#cells.get(id)?.root ?? null;
  }

  render(state: PageState): void {
    const seen = new Set<string>();
    // Prerendered cells not claimed by id are reused in order, so a kernel whose ids differ
    // from the snapshot's still takes over the painted elements instead of repainting them.
    let spare: HTMLElement[] | null = null;
    const spares = () =>
      (spare ??= [...this.#root.querySelectorAll<HTMLElement>(":scope > .cove-cell")].filter((el) => !this.#owned.has(el)));
    state.cells.forEach((cell, index) => {
      seen.add(cell.id);
      let dom = this.#cells.get(cell.id);
      if (!dom) {
        dom = this.#adopt(cell, spares()) ?? this.#create(cell);
        this.#cells.set(cell.id, dom);
        this.#owned.add(dom.root);
        this.#hooks.mounted(cell, dom.code);
      }
      this.#update(dom, cell, index);
      const at = this.#root.children[index];
      if (at !== dom.root) this.#root.insertBefore(dom.root, at ?? null);
    });
    for (const [id, dom] of this.#cells) {
      if (seen.has(id)) continue;
      this.#hooks.removed(id);
      dom.root.remove();
      this.#owned.delete(dom.root);
      this.#cells.delete(id);
    }
    if (spare) for (const el of spare as HTMLElement[]) if (!this.#owned.has(el)) el.remove();
  }

  #adopt(cell: CellView, spare: HTMLElement[]): CellDom | null {
    let i = spare.findIndex((el) => el.dataset["cellId"] === cell.id);
    if (i < 0) i = spare.findIndex((el) => !this.#cellsHasId(el.dataset["cellId"]));
    if (i < 0) return null;
    const [root] = spare.splice(i, 1);
    const dom = this.#parts(root!);
    // The prerendered markup came from the same events through the same renderer, so what it
    // shows is what this cell's state would render: remember that instead of repainting.
    dom.view = { ...cell, status: (root!.dataset["status"] as CellView["status"]) ?? cell.status };
    // A cell the export could not run shows a note until its first live output replaces it.
    dom.outputHtml = dom.output.querySelector(":scope > .cove-pending") ? "\u0000pending" : outputHtml(cell);
    dom.consoleShown = cell.console;
    return dom;
  }

  #cellsHasId(id: string | undefined): boolean {
    return id !== undefined && this.#cells.has(id);
  }

  #create(cell: CellView): CellDom {
    const root = document.createElement("div");
    root.className = "cove-cell";
    root.innerHTML =
      (this.#mode === "edit" ? cellBarHtml() : "") +
      `<div class="cove-code">${codeHtml(cell, this.#mode)}</div>` +
      `<div class="cove-output"></div><pre class="cove-console"></pre>`;
    const dom = this.#parts(root);
    dom.view = null;
    return dom;
  }

  #parts(root: HTMLElement): CellDom {
    const q = (sel: string) => {
      const el = root.querySelector<HTMLElement>(`:scope > ${sel}`);
      if (!el) throw new Error(`cell element without ${sel}`);
      return el;
    };
    return { root, code: q(".cove-code"), output: q(".cove-output"), console: q(".cove-console"), view: null, outputHtml: "", consoleShown: [] };
  }

  #update(dom: CellDom, cell: CellView, index: number): void {
    const root = dom.root;
    const old = dom.view;
    setAttr(root, "data-cell-index", String(index));
    setAttr(root, "data-cell-id", cell.id);
    setAttr(root, "data-status", cell.status);
    setAttr(root, "data-kind", cell.kind);
    setAttr(root, "data-hide-code", cell.hideCode ? "" : null);
    setAttr(root, "data-disabled", cell.disabled ? "" : null);
    setAttr(root, "aria-label", `Cell ${index + 1}`);
    setAttr(root, "role", "group");
    if (this.#mode === "run") {
      setAttr(dom.code, "hidden", cell.hideCode ? "" : null);
      if (old && (old.code !== cell.code || old.hideCode !== cell.hideCode)) dom.code.innerHTML = codeHtml(cell, "run");
    }
    if (!old || old.outputs !== cell.outputs || old.error !== cell.error) {
      const html = outputHtml(cell);
      // A re-run that produced the same output (the boot run after a prerender, a cell whose
      // result did not change) leaves the DOM alone: no flicker, no lost focus.
      if (html !== dom.outputHtml) {
        dom.output.innerHTML = html;
        dom.outputHtml = html;
        this.#hooks.outputWritten(dom.output);
      }
    }
    if (cell.console !== dom.consoleShown) {
      writeConsole(dom.console, dom.consoleShown, cell.console);
      dom.consoleShown = cell.console;
    }
    dom.view = cell;
  }
}

function setAttr(el: HTMLElement, name: string, value: string | null): void {
  if (value === null) {
    if (el.hasAttribute(name)) el.removeAttribute(name);
  } else if (el.getAttribute(name) !== value) {
    el.setAttribute(name, value);
  }
}

// Streamed output mostly grows the last chunk: append the new text instead of rewriting the
// whole console, which would make a chatty loop quadratic.
function writeConsole(el: HTMLElement, shown: readonly ConsoleChunk[], next: readonly ConsoleChunk[]): void {
  const stick = el.scrollTop + el.clientHeight >= el.scrollHeight - 4;
  const n = shown.length;
  const extends_ =
    n > 0 &&
    next.length >= n &&
    shown.slice(0, n - 1).every((c, i) => next[i] === c) &&
    next[n - 1]!.stream === shown[n - 1]!.stream &&
    next[n - 1]!.text.startsWith(shown[n - 1]!.text);
  if (extends_) {
    const tail = [{ stream: next[n - 1]!.stream, text: next[n - 1]!.text.slice(shown[n - 1]!.text.length) }, ...next.slice(n)];
    el.insertAdjacentHTML("beforeend", renderConsole(tail.filter((c) => c.text)));
  } else {
    el.innerHTML = renderConsole(next);
  }
  if (stick) el.scrollTop = el.scrollHeight;
}
