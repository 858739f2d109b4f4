// One notebook embedded in a docs page (py/cove/_docs/embed.py writes its markup): the same
// Controller, cell view and UI hydration as an exported page, scoped to the embed's element,
// with its kernel on the page's shared worker (hub.ts).
import { Banners } from "../banners";
import { Controller, type Indicator } from "../controller";
import { Editors } from "../editor";
import type { WorkerFactory } from "../kernel";
import type { Event } from "../protocol";
import { NotebookView } from "../render/cells";
import { enhanceOutputs } from "../render/enhance";
import { download } from "../save";
import { resumeCommand } from "../boot/resume";
import type { SandboxHost } from "../guard/sandbox";
import { type Action, Toolbar } from "../toolbar";
import { Hydrator } from "../ui/hydrate";

/** The JSON in an embed's `<script type="application/json" class="cove-embed-config">`. */
export interface EmbedConfig {
  readonly id: string;
  readonly filename: string;
  readonly code: string;
  readonly snapshot: readonly Event[] | null;
  readonly resume: unknown;
  readonly editable: boolean;
  readonly showCode: boolean;
  // The site starts no Python until the reader asks ("Run this page").
  readonly lazy?: boolean;
  // The shared runtime folder, relative to the page, and the files in it.
  readonly runtime: { readonly base: string; readonly worker: string; readonly pyodide: string; readonly lock: string };
}

export interface RuntimeURLs {
  readonly worker: string;
  readonly pyodide: string;
  readonly lock: string;
}

export function readEmbedConfig(root: HTMLElement): EmbedConfig {
  const text = root.querySelector(":scope > script.cove-embed-config")?.textContent;
  if (!text) throw new Error("a Cove embed without its configuration");
  return JSON.parse(text) as EmbedConfig;
}

export function runtimeURLs(config: EmbedConfig, pageURL: string): RuntimeURLs {
  const base = new URL(config.runtime.base, pageURL).href;
  return {
    worker: new URL(config.runtime.worker, base).href,
    pyodide: new URL(config.runtime.pyodide, base).href,
    lock: new URL(config.runtime.lock, base).href,
  };
}

// A click or a submit is an action, not state: not repeated after a restart.
const ACTIONS_NOT_STATE = new Set(["button", "run_button", "form"]);

export class DocsNotebook {
  readonly root: HTMLElement;
  readonly config: EmbedConfig;
  readonly #controller: Controller;
  readonly #view: NotebookView;
  readonly #toolbar: Toolbar;
  readonly #banners: Banners;
  readonly #editors: Editors | null;
  readonly #changed: () => void;
  #shownError = "";

  constructor(root: HTMLElement, config: EmbedConfig, urls: RuntimeURLs, factory: WorkerFactory, sandboxes: SandboxHost, changed: () => void) {
    this.root = root;
    this.config = config;
    this.#changed = changed;
    const notebook = this.#part(".cove-notebook");
    const id = config.id;
    this.#controller = new Controller({
      boot: { pyodideURL: urls.pyodide, lockURL: urls.lock, filename: config.filename, code: config.code },
      snapshot: config.snapshot,
      resume: resumeCommand(config.snapshot, config.resume),
      factory,
      autoRun: true,
      // Each notebook's marks carry its id; the page marks the SPEC's names once all are there.
      perf: {
        mark: (name: string) => performance.mark(`${name}:${id}`),
        measure: (name: string, options?: PerformanceMeasureOptions) => performance.measure(name, options),
        now: () => performance.now(),
      } as Pick<Performance, "mark" | "measure" | "now">,
      liveCode: (cell) => this.#editors?.code(cell) ?? null,
      restorable: (element) => !ACTIONS_NOT_STATE.has(root.querySelector<HTMLElement>(`[data-cove-id="${CSS.escape(element)}"]`)?.dataset["coveUi"] ?? ""),
    });
    const controller = this.#controller;
    this.#editors = config.editable
      ? new Editors({ run: (cell, code) => controller.runCells([{ id: cell, code }]), changed: (cell, code) => controller.editCell(cell, code) })
      : null;
    // Element ids repeat across notebooks (cells are c0, c1, … in each): everything that finds
    // elements by id looks inside this embed only.
    const hydrator = new Hydrator(root, (el, value, time) => controller.setUiValue(el, value, time), (el, m) => controller.sendUiMessage(el, m));
    this.#view = new NotebookView(notebook, config.editable ? "edit" : "run", {
      mounted: (cell, el) => this.#editors?.add(cell.id, el, cell.code),
      removed: (cell) => this.#editors?.remove(cell),
      outputWritten: (el) => {
        sandboxes.mount(el);
        hydrator.mount(el);
        void enhanceOutputs(el);
      },
    });
    hydrator.mount(notebook);
    sandboxes.mount(notebook);
    void enhanceOutputs(notebook);
    this.#banners = new Banners(this.#part(".cove-banners"));
    this.#toolbar = new Toolbar(this.#part(".cove-toolbar"), (a) => void this.#action(a));
    controller.onUiMessage((el, m) => hydrator.message(el, m));
    controller.subscribe(() => this.#render());
    notebook.addEventListener("click", (e) => {
      const button = (e.target as Element | null)?.closest<HTMLButtonElement>("button[data-cell-action='run']");
      const cell = button?.closest<HTMLElement>(".cove-cell")?.dataset["cellId"];
      if (cell) controller.runCells([{ id: cell, code: this.#editors?.code(cell) ?? controller.state.cells.find((x) => x.id === cell)?.code ?? "" }]);
    });
  }

  get indicator(): Indicator {
    return this.#controller.indicator;
  }

  get booted(): boolean {
    return this.#controller.booted;
  }

  get interactive(): boolean {
    return this.#controller.interactive;
  }

  start(): void {
    this.#banners.hide("lazy");
    this.#render();
    this.#controller.start();
  }

  /** A lazy page: say that nothing runs yet and offer to start the whole page. */
  offerStart(startPage: () => void): void {
    const state = this.root.querySelector<HTMLElement>(".cove-kernel-state");
    if (state) state.textContent = "Not running";
    this.#banners.show("lazy", "info", "The outputs below are as they were when this page was built. Run it to change them.", [
      { label: "Run this page", primary: true, run: startPage },
    ]);
  }

  /** Its kernel went away with a worker another notebook needed replaced: bring it back from
   *  the page's copy (cells and UI values), as after a crash. */
  restore(): void {
    void this.#controller.restart("crash");
  }

  #part(selector: string): HTMLElement {
    const el = this.root.querySelector<HTMLElement>(`:scope > ${selector}, :scope > * > ${selector}`);
    if (!el) throw new Error(`a Cove embed without ${selector}`);
    return el;
  }

  #render(): void {
    const c = this.#controller;
    const state = c.state;
    this.#view.render(state);
    if (this.config.showCode) for (const d of this.root.querySelectorAll<HTMLDetailsElement>("details.cove-code-fold:not([open])")) d.open = true;
    const indicator = c.indicator;
    if (this.root.dataset["coveKernel"] !== indicator) this.root.dataset["coveKernel"] = indicator;
    this.#toolbar.update({ indicator, booted: c.booted, mode: state.mode, message: state.kernelMessage });
    const key = indicator === "error" ? `k:${state.kernelMessage}` : state.commandError ? `c:${state.commandError}` : "";
    if (key !== this.#shownError) {
      this.#shownError = key;
      if (indicator === "error") this.#banners.show("kernel", "error", state.kernelMessage || "The kernel stopped.", [{ label: "Restart", primary: true, run: () => void c.restart("crash") }]);
      else if (state.commandError) this.#banners.show("kernel", "warn", state.commandError, [{ label: "Dismiss", run: () => {} }]);
      else this.#banners.hide("kernel");
    }
    this.#changed();
  }

  async #action(action: Action): Promise<void> {
    const c = this.#controller;
    switch (action) {
      case "run-all":
        this.#editors?.flushAll();
        return c.runAll();
      case "stop":
        c.stop();
        return;
      case "restart":
        return c.restart();
      case "download":
        this.#editors?.flushAll();
        return download(this.config.filename, await c.serialize());
      default:
        return; // the other toolbar actions are not offered in a docs page
    }
  }
}
