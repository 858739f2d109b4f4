// The page: reads its config, adopts the prerendered cells, starts the kernel worker, and wires
// the controller's state to the DOM (cells, toolbar, banners, editors, UI elements).
import { Banners } from "./banners";
import { type CoveConfig, type Urls, filesFor, readConfig, resolveUrls } from "./config";
import { Controller } from "./controller";
import { Editors } from "./editor";
import { NotebookView } from "./render/cells";
import { enhanceOutputs } from "./render/enhance";
import { DiskWatcher, download, postSave } from "./save";
import { codeFromHash, shareHash } from "./share";
import { toSnapshot } from "./snapshot";
import { resumeCommand } from "./boot/resume";
import { takeEarlyWorker } from "./boot/early";
import { Precomputed, catchUp } from "./boot/precomputed";
import type { PageState } from "./state";
import { type Action, Toolbar } from "./toolbar";
import { Hydrator } from "./ui/hydrate";
import { LocalStore, fingerprint } from "./local";
import { attachAutosave } from "./autosave";
import type { CellSpec } from "./protocol";
import { SandboxHost, hasCoveCsp } from "./guard/sandbox";
import { linkedNotebook, reportHeight, revealLinked, showStartError } from "./embed";

// query_params() changed in the notebook: the URL shows them (replaceState: no reload, no
// history entry per change; the hash, which may carry a shared notebook, is kept).
function showQueryParams(params: Record<string, unknown>): void {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    for (const v of Array.isArray(value) ? value : [value]) query.append(key, String(v));
  }
  const search = query.toString();
  history.replaceState(history.state, "", `${location.pathname}${search ? `?${search}` : ""}${location.hash}`);
}

function required<T extends HTMLElement>(selector: string): T {
  const el = document.querySelector<T>(selector);
  if (!el) throw new Error(`the page has no ${selector}`);
  return el;
}

class Page {
  readonly #config: CoveConfig;
  readonly #urls: Urls;
  readonly #controller: Controller;
  readonly #view: NotebookView;
  readonly #editors: Editors | null;
  readonly #banners: Banners;
  readonly #toolbar: Toolbar;
  readonly #watcher: DiskWatcher | null;
  #baseHash: string | null;
  #shownMissing = "";
  #shownError = "";
  readonly #local: LocalStore;

  constructor(config: CoveConfig, code: string, origin: "published" | "shared" | "restored" | "linked", cells?: readonly CellSpec[]) {
    const shared = origin === "shared";
    this.#config = config;
    this.#urls = resolveUrls(config, document.baseURI);
    this.#baseHash = config.save?.hash ?? null;
    this.#local = new LocalStore(location.pathname, config.filename);
    const notebook = required<HTMLElement>(".cove-notebook");
    // The prerendered outputs belong to the published code, not to this code.
    if (origin !== "published") notebook.replaceChildren();
    this.#banners = new Banners(required<HTMLElement>(".cove-banners"));
    const early = origin === "published" ? Precomputed.fromConfig(config.precompute, this.#urls.base) : null;
    early?.preload(); // the slices: a first change is answered without a round trip
    early?.watch(document);
    this.#controller = new Controller({
      boot: {
        pyodideURL: this.#urls.pyodide, lockURL: this.#urls.lock, filename: config.filename, code,
        install: this.#urls.install && config.save ? { url: this.#urls.install, token: config.save.token, header: config.save.header ?? "X-Cove-Token" } : null,
        indexURLs: config.index,
        files: filesFor(config, this.#urls),
        query: location.search,
      },
      onQueryParams: showQueryParams,
      snapshot: origin === "published" ? config.snapshot : null,
      resume: origin === "published" ? resumeCommand(config.snapshot, config.resume) : null,
      early,
      factory: () => takeEarlyWorker(this.#urls.worker) ?? new Worker(this.#urls.worker, { type: "module", name: "cove-kernel" }),
      autoRun: !shared,
      perf: performance,
      ...(cells ? { cells } : {}),
      liveCode: (id) => this.#editors?.code(id) ?? null,
      // A click or a submit is an action, not state: not repeated after a restart.
      restorable: (id) => !["button", "run_button", "form"].includes(document.querySelector<HTMLElement>(`[data-cove-id="${CSS.escape(id)}"]`)?.dataset["coveUi"] ?? ""),
    });
    this.#editors =
      config.mode === "edit"
        ? new Editors({
            run: (id, c, advance) => this.#runCell(id, c, advance),
            changed: (id, c) => this.#controller.editCell(id, c),
          })
        : null;
    // Outputs that could run code live in sandboxed frames (guard/sandbox.ts); under the page's
    // CSP they are moved to web/sandbox.html so that their scripts can run there.
    const sandboxes = new SandboxHost(hasCoveCsp() ? new URL("web/sandbox.html", this.#urls.base).href : null);
    const hydrator = new Hydrator(
      document,
      (id, value, time) => this.#controller.setUiValue(id, value, time),
      (id, message) => this.#controller.sendUiMessage(id, message),
    );
    this.#view = new NotebookView(notebook, config.mode, {
      mounted: (cell, el) => this.#editors?.add(cell.id, el, cell.code),
      removed: (id) => this.#editors?.remove(id),
      outputWritten: (el) => {
        sandboxes.mount(el);
        hydrator.mount(el);
        void enhanceOutputs(el);
      },
    });
    hydrator.mount(notebook); // prerendered outputs
    if (origin === "published") catchUp(notebook, (id, value, time) => this.#controller.setUiValue(id, value, time));
    sandboxes.mount(notebook);
    void enhanceOutputs(notebook);
    this.#toolbar = new Toolbar(required<HTMLElement>(".cove-toolbar"), (a) => void this.#action(a));
    this.#controller.onUiMessage((id, message) => hydrator.message(id, message));
    this.#controller.subscribe((s) => this.#render(s));
    notebook.addEventListener("click", (e) => this.#cellAction(e));
    document.addEventListener("keydown", (e) => {
      if ((e.ctrlKey || e.metaKey) && e.key === "s" && config.mode === "edit") {
        e.preventDefault();
        void this.#action("save");
      }
    });
    // An install wrote the package into the PEP 723 header: keep it in the file (same rules as
    // any save: atomic, refused when the file changed on disk).
    if (config.save) this.#controller.onInstalled((requirements) => { if (requirements.length) void this.#save(false); });
    this.#watcher = config.save && this.#urls.status ? new DiskWatcher(this.#urls.status, config.save, this.#baseHash) : null;
    // No server to save to: every change is kept in this browser (not for a share link's or
    // another file's code, which would replace the reader's own copy).
    const autosave =
      config.mode === "edit" && !config.save && (origin === "published" || origin === "restored")
        ? attachAutosave({
            controller: this.#controller,
            flushEditors: () => this.#editors?.flushAll(),
            store: this.#local,
            published: fingerprint(config.code),
            failed: () => this.#banners.show("autosave", "error", "This browser refused to keep your changes: download the notebook to keep them.", [{ label: "OK", run: () => {} }]),
          })
        : null;
    if (origin === "restored") {
      const changed = this.#local.load()?.published !== fingerprint(config.code) ? " The published notebook has changed since." : "";
      this.#banners.show("restored", "info", `Restored unsaved changes kept in this browser.${changed}`, [
        { label: "Back to the published version", run: () => { autosave?.stop(); this.#local.clear(); location.reload(); } },
        { label: "OK", run: () => {} },
      ]);
    }
    if (shared) {
      this.#banners.show("shared", "warn", "This notebook came from a share link. Read it first: nothing has run, and nothing will until you press Run.", [
        { label: "Run", primary: true, run: () => this.#controller.runAll() },
      ]);
    }
  }

  start(): void {
    this.#render(this.#controller.state);
    if (performance.getEntriesByName("cove:prerendered").length === 0) performance.mark("cove:prerendered");
    this.#controller.start();
    this.#watcher?.start(() =>
      this.#banners.show("disk", "warn", `${this.#config.filename} changed on disk.`, [
        { label: "Reload it (drops unsaved edits)", run: () => location.reload() },
        { label: "Keep mine", run: () => {} },
      ]),
    );
  }

  #render(state: PageState): void {
    const c = this.#controller;
    this.#view.render(state);
    const indicator = c.indicator;
    if (document.documentElement.dataset["coveKernel"] !== indicator) document.documentElement.dataset["coveKernel"] = indicator;
    this.#toolbar.update({ indicator, booted: c.booted, mode: state.mode, message: state.kernelMessage });
    this.#kernelBanner(indicator, state.kernelMessage, state.commandError);
    this.#missingBanner(state);
  }

  #kernelBanner(indicator: string, message: string, commandError: string | null): void {
    const key = indicator === "error" ? `k:${message}` : commandError ? `c:${commandError}` : "";
    if (key === this.#shownError) return;
    this.#shownError = key;
    if (indicator === "error") {
      this.#banners.show("kernel", "error", message || "The kernel stopped.", [{ label: "Restart", primary: true, run: () => void this.#controller.restart("crash") }]);
    } else if (commandError) {
      this.#banners.show("kernel", "warn", commandError, [{ label: "Dismiss", run: () => {} }]);
    } else {
      this.#banners.hide("kernel");
    }
  }

  #missingBanner(state: PageState): void {
    const modules = [...new Set(Object.values(state.missing).flat())].sort();
    const key = modules.join(",");
    if (key === this.#shownMissing) return;
    this.#shownMissing = key;
    if (!modules.length) return this.#banners.hide("missing");
    this.#banners.show("missing", "info", `Not installed: ${modules.join(", ")}.`, [
      { label: `Install ${modules.length > 1 ? "them" : "it"}`, primary: true, run: () => this.#controller.installModules(modules) },
    ]);
  }

  #runCell(id: string, code: string, advance: boolean): void {
    this.#controller.runCells([{ id, code }]);
    if (!advance) return;
    const cells = this.#controller.state.cells;
    const next = cells[cells.findIndex((c) => c.id === id) + 1];
    if (next) this.#editors?.focus(next.id);
  }

  #cellAction(e: MouseEvent): void {
    const button = (e.target as Element | null)?.closest<HTMLButtonElement>("button[data-cell-action]");
    const id = button?.closest<HTMLElement>(".cove-cell")?.dataset["cellId"];
    if (!button || !id) return;
    const c = this.#controller;
    const index = c.state.cells.findIndex((cell) => cell.id === id);
    switch (button.dataset["cellAction"]) {
      case "run":
        this.#runCell(id, this.#editors?.code(id) ?? c.state.cells[index]?.code ?? "", false);
        break;
      case "up":
        if (index > 0) c.moveCell(id, index - 1);
        break;
      case "down":
        if (index < c.state.cells.length - 1) c.moveCell(id, index + 1);
        break;
      case "add-below":
        this.#editors?.focus(c.addCell(index + 1));
        break;
      case "delete":
        c.deleteCell(id);
        break;
      default:
        break;
    }
  }

  async #text(): Promise<string> {
    this.#editors?.flushAll();
    return this.#controller.serialize();
  }

  async #action(action: Action): Promise<void> {
    const c = this.#controller;
    switch (action) {
      case "run-all":
        this.#editors?.flushAll();
        this.#banners.hide("shared");
        return c.runAll();
      case "run-stale":
        this.#editors?.flushAll();
        return c.runStale();
      case "stop":
        if (c.stop() === "restarted") {
          this.#banners.show("stop", "info", "Stopped by restarting the kernel (this page cannot interrupt a running cell in place).", [{ label: "OK", run: () => {} }]);
        }
        return;
      case "restart":
        return c.restart();
      case "mode":
        return c.setMode(c.state.mode === "lazy" ? "autorun" : "lazy");
      case "add-cell": {
        const id = c.addCell(c.state.cells.length);
        this.#editors?.focus(id);
        return;
      }
      case "save":
        return this.#save(false);
      case "download":
        return download(this.#config.filename, await this.#text());
      case "share":
        return this.#share();
      default: {
        const _: never = action;
        return _;
      }
    }
  }

  async #save(force: boolean): Promise<void> {
    const save = this.#config.save;
    if (!save || !this.#urls.save) {
      const ok = this.#local.save(await this.#text(), fingerprint(this.#config.code));
      if (ok) document.documentElement.dataset["coveSaved"] = String(Date.now());
      this.#banners.show("save", ok ? "info" : "error", ok ? "Saved in this browser (Download keeps a copy as a file)." : "This browser refused to store the notebook.", [{ label: "OK", run: () => {} }]);
      return;
    }
    const code = await this.#text();
    const snapshot = toSnapshot(this.#controller.state, (id) => this.#editors?.code(id) ?? null);
    const result = await postSave(this.#urls.save, save, { code, base_hash: this.#baseHash, snapshot, force });
    switch (result.kind) {
      case "saved":
        this.#baseHash = result.hash;
        if (this.#watcher) this.#watcher.known = result.hash;
        this.#banners.hide("save");
        this.#banners.hide("disk");
        document.documentElement.dataset["coveSaved"] = String(Date.now());
        return;
      case "conflict":
        this.#banners.show("save", "warn", `Not saved: ${result.message}.`, [
          { label: "Reload it (drops unsaved edits)", run: () => location.reload() },
          { label: "Overwrite it", run: () => void this.#save(true) },
        ]);
        return;
      case "error":
        this.#banners.show("save", "error", `Not saved: ${result.message}`, [{ label: "Dismiss", run: () => {} }]);
        return;
      default: {
        const _: never = result;
        return _;
      }
    }
  }

  async #share(): Promise<void> {
    const url = `${location.href.split("#")[0]}${await shareHash(await this.#text())}`;
    let copied = false;
    try {
      await navigator.clipboard.writeText(url);
      copied = true;
    } catch {
      // no clipboard permission: the link is shown to copy by hand
    }
    this.#banners.show("share", "info", `${copied ? "Link copied" : "Share link"}: ${url}`, [{ label: "Close", run: () => {} }]);
  }
}

async function boot(): Promise<void> {
  reportHeight(); // ?embed=1 only
  let config: CoveConfig;
  try {
    config = readConfig(document);
  } catch (err) {
    document.documentElement.dataset["coveKernel"] = "error";
    console.error(err);
    return;
  }
  let code = config.code;
  let origin: "published" | "shared" | "restored" | "linked" = "published";
  let cells: readonly CellSpec[] | undefined;
  try {
    const fromHash = await codeFromHash(location.hash);
    if (fromHash !== null) [code, origin] = [fromHash, "shared"];
  } catch {
    console.warn("cove: the #code= link is damaged; showing the published notebook");
  }
  if (origin === "published") {
    try {
      const linked = await linkedNotebook(location.search, document.baseURI); // ?notebook=URL (embed.ts)
      // Its folder is the one it was fetched from; the site's files belong to another notebook.
      const files = linked && config.files ? { ...config.files, base: new URL(".", linked.url).href, sizes: {}, probe: true } : null;
      if (linked) [config, code, origin] = [{ ...config, filename: linked.filename, files }, linked.code, linked.trusted ? "linked" : "shared"];
    } catch (err) {
      return showStartError(err instanceof Error ? err.message : String(err));
    }
  }
  if (origin === "published" && config.mode === "edit" && !config.save) {
    const copy = new LocalStore(location.pathname, config.filename).load();
    if (copy && (copy.cells || copy.code !== config.code)) [code, origin, cells] = [copy.code, "restored", copy.cells];
  }
  new Page(config, code, origin, cells).start();
  revealLinked();
}

void boot();
