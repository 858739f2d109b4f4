// The page's brain without the DOM: owns the state, talks to the kernel, moves through the boot
// phases (phase.ts), matches each reply to its request by seq, and times reader-driven updates.
// main.ts connects it to the DOM; tests drive it with a fake worker.
import type { CellSpec, Command, Event, Mode, Resume } from "./protocol";
import { KernelClient, type WorkerFactory } from "./kernel";
import { BootPhase, type Phase } from "./phase";
import { type LocalAction, type PageState, fromEvents, initialState, newCell, reduce, reduceLocal } from "./state";
import { UiOutbox } from "./ui-outbox";
import type { BootConfig, Installed } from "./wire";
import type { EarlyAnswers } from "./boot/precomputed";

export type Indicator = "loading" | "ready" | "busy" | "error";

export interface ControllerOptions {
  readonly boot: Omit<BootConfig, "mode" | "code"> & { readonly code: string };
  readonly snapshot: readonly Event[] | null;
  readonly factory: WorkerFactory;
  // False for a notebook opened from a share link: nothing runs until the reader asks.
  readonly autoRun: boolean;
  readonly perf?: Pick<Performance, "mark" | "measure" | "now">;
  // The page's cells to boot with instead of the file's (a copy autosaved in this browser).
  readonly cells?: readonly CellSpec[];
  // The text in a cell's editor right now, which may be newer than what the kernel was told.
  readonly liveCode?: (id: string) => string | null;
  // Whether a UI element's value is state worth re-applying after a restart (a slider's is; a
  // button's click is an action, not state).
  readonly restorable?: (elementId: string) => boolean;
  // Sent instead of run_all by the first boot: the page shows the export's prerender of this
  // code, and the kernel runs only what the live page needs (web/src/boot/resume.ts).
  readonly resume?: Resume | null;
  // The notebook changed query_params(): the page shows them in its URL.
  readonly onQueryParams?: (params: Record<string, unknown>) => void;
  // Answers a UI change from the export's precomputed tables until the kernel has taken over
  // (web/src/boot/precomputed.ts).
  readonly early?: EarlyAnswers | null;
}

export type RestartReason = "stop" | "crash" | "manual";

// How long an interrupt (KeyboardInterrupt through the shared buffer) gets to end the running
// command before Stop falls back to restarting the worker: a cell that catches
// KeyboardInterrupt, or code that never returns to the interpreter, is stopped anyway.
export const INTERRUPT_GRACE_MS = 2500;

const RESTART_REASONS: Record<RestartReason, string> = {
  stop: "Stopped: the kernel was restarted to end this cell. Run it again when it is fixed.",
  crash: "Not run again: the Python runtime crashed while this cell was running.",
  manual: "Not run again: this cell was running when the kernel restarted.",
};

// What the page does when a request in flight is done, by the request's seq.
type Awaiting =
  // run_all, resume or restore bringing a new kernel to what the page shows: then ready.
  | { readonly kind: "boot-run"; readonly resumed: boolean }
  // set_ui_values: at most one in flight; the next batch goes when it is done. Timed from `time`.
  | { readonly kind: "ui"; readonly time: number }
  // serialize, answered by notebook_text with the same seq; no resolve: a background refresh.
  | { readonly kind: "text"; readonly resolve: ((text: string) => void) | null }
  | { readonly kind: "warm" } // background work after a resume (see #warm)
  | { readonly kind: "install" } // answered by `installed` with the same seq
  | { readonly kind: "command" };

interface RestorePlan {
  readonly cells: CellSpec[];
  readonly stopped: string[];
  readonly reason: string;
  readonly keepUi: boolean;
}

export class Controller {
  #state: PageState;
  // The requests in flight, each with what its reply settles (kernel.ts matches replies by seq:
  // a late or unknown one changes nothing here).
  readonly #client: KernelClient<Awaiting>;
  readonly #opts: ControllerOptions;
  readonly #perf: Pick<Performance, "mark" | "measure" | "now"> | null;
  readonly #listeners = new Set<(s: PageState) => void>();
  readonly #installListeners = new Set<(requirements: readonly string[]) => void>();
  readonly #messageListeners = new Set<(elementId: string, message: unknown) => void>();
  readonly #codeListeners = new Set<() => void>();
  readonly #phase = new BootPhase();
  readonly #ui = new UiOutbox();
  // Element messages wait here until the kernel has booted; they go after its first run, which
  // creates the elements they are for.
  readonly #pendingMessages: { element_id: string; message: unknown }[] = [];
  #autoRun: boolean;
  #text: string; // the newest notebook text we know (boot text, then each serialize)
  // The code changed since #text was last refreshed: when the kernel is next idle, ask for the
  // file text in the background, so a restart (or a Stop that restarts) boots from the latest
  // code even if the kernel is stuck by then.
  #textStale = false;
  // Set when the next boot must bring the kernel to the page's state (Restore) rather than
  // run the file as it is; consumed by that boot's first `notebook` event.
  #restore: RestorePlan | null = null;
  #generation = 0; // counts boots, so a timer of an older worker does nothing
  // The page knows the notebook's cells (a kernel described them, or the prerendered snapshot
  // did): a restart can restore them. Before that, a restart boots the file as it is.
  #hasCells: boolean;
  #resume: Resume | null; // for the first boot only
  // Until the first boot is ready, and only while the code is the exported one.
  #early: EarlyAnswers | null;

  constructor(opts: ControllerOptions) {
    this.#opts = opts;
    this.#resume = opts.resume ?? null;
    this.#early = opts.early ?? null;
    this.#perf = opts.perf ?? null;
    this.#autoRun = opts.autoRun;
    this.#text = opts.boot.code;
    this.#state = opts.snapshot ? fromEvents(opts.snapshot, initialState(opts.boot.filename)) : initialState(opts.boot.filename);
    this.#state = { ...this.#state, kernel: "loading" };
    // A restored copy shows its cells at once, before any kernel exists.
    if (opts.cells) this.#state = { ...this.#state, cells: opts.cells.map((c) => newCell(c)) };
    this.#hasCells = this.#state.cells.length > 0;
    this.#client = new KernelClient(opts.factory, {
      message: (msg) => this.#receive(msg),
      done: (_seq, awaiting) => this.#done(awaiting),
      crashed: (message) => this.#crashed(message),
    });
    if (opts.cells) this.#restore = { cells: [...opts.cells], stopped: [], reason: "", keepUi: false };
  }

  get state(): PageState {
    return this.#state;
  }

  /** The boot phase: loading, restoring, ready or crashed (phase.ts). */
  get phase(): Phase {
    return this.#phase.value;
  }

  get interactive(): boolean {
    return this.#phase.value === "ready";
  }

  /** The engine's session exists: commands can be sent. */
  get booted(): boolean {
    return this.#phase.value === "restoring" || this.#phase.value === "ready";
  }

  get awaitingRun(): boolean {
    return this.#phase.value === "ready" && !this.#autoRun;
  }

  /** What `document.documentElement.dataset.coveKernel` shows (docs/spec.md §6). */
  get indicator(): Indicator {
    switch (this.#phase.value) {
      case "crashed":
        return "error";
      // "ready" means the notebook ran and the UI is live, so a test (or a reader) that waits
      // for it never acts on a half-booted page.
      case "loading":
      case "restoring":
        return "loading";
      case "ready":
        // Counted from the requests themselves (the kernel's busy/ready events cannot say which
        // command they belong to); background work does not make the page look busy.
        return this.#ui.size > 0 || this.#client.inFlight().some(([, a]) => !isBackground(a)) ? "busy" : "ready";
      default: {
        const _: never = this.#phase.value;
        return _;
      }
    }
  }

  // Packages were installed and the notebook's header lists them (`cove edit` saves the file).
  onInstalled(f: (requirements: readonly string[]) => void): void {
    this.#installListeners.add(f);
  }

  subscribe(f: (s: PageState) => void): void {
    this.#listeners.add(f);
  }

  /** Messages from UI elements (`ui_message`): rows a table asked for, an anywidget's state. */
  onUiMessage(f: (elementId: string, message: unknown) => void): void {
    this.#messageListeners.add(f);
  }

  /** The reader changed the notebook (code, cells, their order or options). */
  onCodeChange(f: () => void): void {
    this.#codeListeners.add(f);
  }

  /** The newest notebook file text the kernel produced (boot text, then each serialize). */
  get text(): string {
    return this.#text;
  }

  start(): void {
    this.#boot(this.#text);
  }

  // ------------------------------------------------------------------------------ commands

  runAll(): void {
    this.#autoRun = true; // the reader asked: later restarts may run again by themselves
    this.#send({ type: "run_all" });
  }

  runStale(): void {
    this.#send({ type: "run_stale" });
  }

  runCells(cells: readonly { id: string; code: string }[]): void {
    for (const c of cells) this.#local({ type: "local_code", id: c.id, code: c.code });
    this.#send({ type: "run_cells", cells: cells.map((c) => ({ id: c.id, code: c.code })) });
  }

  editCell(id: string, code: string): void {
    this.#local({ type: "local_code", id, code });
    this.#send({ type: "edit_cell", id, code });
  }

  addCell(index: number, code = ""): string {
    const id = newCellId(new Set(this.#state.cells.map((c) => c.id)));
    this.#local({ type: "local_add", id, index, code });
    this.#send({ type: "add_cell", id, index, code });
    return id;
  }

  deleteCell(id: string): void {
    this.#local({ type: "local_delete", id });
    this.#send({ type: "delete_cell", id });
  }

  moveCell(id: string, index: number): void {
    this.#local({ type: "local_move", id, index });
    this.#send({ type: "move_cell", id, index });
  }

  setMode(mode: Mode): void {
    this.#state = { ...this.#state, mode };
    this.#send({ type: "set_mode", mode });
  }

  /** A reader's change: before the kernel is ready it waits (and the export's precomputed
   *  tables answer it); then it goes with the next batch. */
  setUiValue(elementId: string, value: unknown, time: number): void {
    this.#ui.set(elementId, value, time, this.#opts.restorable?.(elementId) ?? true);
    if (this.#phase.value !== "ready") this.#early?.change(elementId, value, (id) => this.#runId(id), (events) => this.#applyEarly(events));
    if (!this.#flushUi()) this.#notify();
  }

  /** A message to a UI element that re-runs nothing by itself (a table asking for rows). */
  sendUiMessage(elementId: string, message: unknown): void {
    this.#pendingMessages.push({ element_id: elementId, message });
    if (this.booted) this.#flushMessages();
  }

  #runId(cellId: string): number {
    return this.#state.cells.find((c) => c.id === cellId)?.runId ?? 0;
  }

  // Precomputed outputs: stamped with the run ids the cells had at the change, so any live event
  // (always of a newer run) replaces them.
  #applyEarly(events: readonly Event[]): void {
    this.#state = events.reduce(reduce, this.#state);
    this.#notify();
  }

  #flushMessages(): void {
    for (const m of this.#pendingMessages.splice(0)) this.#send({ type: "send_ui_message", ...m });
  }

  /** Install what provides `modules`: the worker loads the packages (an `install` request), then
   *  the engine records those that loaded and re-runs the cells that needed them. */
  installModules(modules: readonly string[]): void {
    [this.#textStale, this.#early] = [true, null];
    this.#client.install(modules, { kind: "install" });
    this.#notify();
  }

  /** The notebook file text, from the engine's serializer. */
  serialize(): Promise<string> {
    return new Promise((resolve) => this.#serialize(resolve));
  }

  /** The page's cells as the reader has them now (editors included). */
  cells(): CellSpec[] {
    return this.#state.cells.map((c) => ({
      id: c.id,
      code: this.#opts.liveCode?.(c.id) ?? c.code,
      name: c.name,
      kind: c.kind,
      hide_code: c.hideCode,
      disabled: c.disabled,
    }));
  }

  /** Stop the running cell: an interrupt where the page can (cross-origin isolated), else, or
   *  when the interrupt does not end the command in time, a restart that restores the page's
   *  state without the stopped cell. */
  stop(): "interrupted" | "restarted" {
    if (this.#client.interrupt()) {
      // The worker handles requests in order: the oldest one in flight is the one running.
      const generation = this.#generation;
      const running = this.#client.inFlight()[0]?.[0];
      setTimeout(() => {
        if (generation === this.#generation && running !== undefined && this.#client.pending(running)) void this.restart("stop");
      }, INTERRUPT_GRACE_MS);
      return "interrupted";
    }
    void this.restart("stop");
    return "restarted";
  }

  /** A new worker with the page's current code (never an older serialized copy) and, after a
   *  Stop or a crash, the reader's UI values; the cells that were running are not run again. */
  async restart(reason: RestartReason = "manual"): Promise<void> {
    const stopped = this.#state.cells.filter((c) => c.status === "running").map((c) => c.id);
    let text = this.#text;
    if (this.indicator === "ready") {
      // Only the file's header (PEP 723 block, setup cell) comes from this text: cells come
      // from the page. A kernel that does not answer in time is not waited for.
      text = await Promise.race([this.serialize(), new Promise<string>((r) => setTimeout(() => r(this.#text), 2000))]);
    }
    this.#restore = this.#hasCells ? { cells: this.cells(), stopped, reason: RESTART_REASONS[reason], keepUi: reason !== "manual" } : null;
    this.#local({ type: "local_reset" });
    this.#boot(text);
  }

  // ------------------------------------------------------------------------------ internals

  #boot(text: string): void {
    if (this.#generation > 0) this.#early = null; // a restart: the tables may be of older code
    this.#generation++;
    this.#text = text;
    this.#phase.to("loading");
    this.#textStale = false;
    this.#state = { ...this.#state, kernel: "loading", kernelMessage: "Starting…" };
    this.#client.start({ ...this.#opts.boot, code: text, mode: this.#state.mode });
    this.#notify();
  }

  #send(command: Command, awaiting: Awaiting = { kind: "command" }): number {
    if (CHANGES_CODE.has(command.type)) [this.#textStale, this.#early] = [true, null];
    const seq = this.#client.send(command, awaiting);
    if (CHANGES_CODE.has(command.type) && command.type !== "restore") for (const f of this.#codeListeners) f();
    this.#notify();
    return seq;
  }

  #serialize(resolve: ((text: string) => void) | null): void {
    this.#client.send((seq) => ({ type: "serialize", seq }), { kind: "text", resolve });
    this.#notify();
  }

  #local(action: LocalAction): void {
    this.#state = reduceLocal(this.#state, action);
  }

  // Sends what the reader set, once the kernel is ready and no earlier batch is in flight;
  // true when it sent (and so notified).
  #flushUi(): boolean {
    if (this.#phase.value !== "ready" || this.#client.inFlight().some(([, a]) => a.kind === "ui")) return false;
    const batch = this.#ui.take();
    if (!batch) return false;
    this.#send({ type: "set_ui_values", updates: batch.updates }, { kind: "ui", time: batch.time });
    return true;
  }

  #receive(msg: Event | Installed): void {
    if (msg.type === "installed") {
      this.#installed(msg);
    } else if (msg.type === "notebook" && this.#phase.value === "loading") {
      this.#sessionStarted(msg);
    } else {
      this.#state = reduce(this.#state, msg);
      this.#event(msg);
    }
    this.#notify();
  }

  // loading -> restoring (or ready, when nothing is to run): the engine read the file. On a
  // restart the page's own cells replace it (Restore), and the kernel's answer to that is the
  // notebook this page shows; on the first boot of an export, resume; else run it.
  #sessionStarted(notebook: Event & { type: "notebook" }): void {
    this.#perf?.mark("cove:kernel-ready");
    const restore = this.#restore;
    this.#restore = null;
    if (!restore) {
      this.#state = reduce(this.#state, notebook);
      this.#hasCells = true;
    }
    if (this.#autoRun) {
      const resumed = !restore && this.#resume !== null;
      const command: Command = restore ? this.#restoreCommand(restore) : this.#resume ? this.#withEarlyValues(this.#resume) : { type: "run_all" };
      this.#send(command, { kind: "boot-run", resumed });
      this.#phase.to("restoring");
    } else {
      if (restore) this.#send(this.#restoreCommand(restore));
      this.#ready();
    }
    this.#resume = null;
    this.#flushMessages();
  }

  #restoreCommand(r: RestorePlan): Command {
    const ui_values = r.keepUi ? this.#ui.latest() : [];
    return { type: "restore", cells: r.cells, stopped: r.stopped, reason: r.reason, ui_values, run: this.#autoRun };
  }

  // The values the reader set before the kernel was ready go with resume: the kernel's elements
  // take them as they are created (no output of the boot shows the export's values).
  #withEarlyValues(resume: Resume): Resume {
    return { ...resume, ui_values: this.#ui.take()?.updates ?? [] };
  }

  // restoring -> ready: the kernel is the page's. The precomputed tables are done; what the
  // reader set meanwhile goes now.
  #ready(resumed = false): void {
    if (!this.#phase.to("ready")) return; // a run that finished after a crash
    this.#early = null;
    if (this.#autoRun) this.#perf?.mark("cove:interactive");
    if (resumed) this.#warm();
    this.#flushUi();
  }

  #crashed(message: string): void {
    this.#phase.to("crashed");
    this.#state = { ...this.#state, kernel: "error", kernelMessage: message };
    this.#notify();
  }

  #installed(msg: Installed): void {
    if (this.#client.awaiting(msg.seq)?.kind !== "install") return; // not an install this worker was sent
    if (msg.problems.length) this.#state = reduce(this.#state, { type: "command_error", message: `Could not install: ${msg.problems.join("; ")}` });
    if (msg.modules.length) this.#send({ type: "install_modules", modules: [...msg.modules] });
  }

  #event(ev: Event): void {
    switch (ev.type) {
      case "notebook":
        this.#hasCells = true;
        break;
      case "kernel_status":
        // Only the worker reports this state: a boot stage failed, or the interpreter died.
        if (ev.state === "error") this.#phase.to("crashed");
        break;
      case "ui_message":
        for (const f of this.#messageListeners) f(ev.element_id, ev.message);
        break;
      case "query_params":
        this.#opts.onQueryParams?.(ev.params);
        break;
      case "notebook_text": {
        this.#text = ev.text;
        const awaiting = this.#client.awaiting(ev.seq ?? 0);
        if (awaiting?.kind === "text") awaiting.resolve?.(ev.text);
        break;
      }
      case "packages_installed":
        for (const f of this.#installListeners) f(ev.requirements);
        break;
      default:
        break; // the reducer handled it
    }
  }

  // The cells resume skipped run once, silently, while the reader does nothing: the first change
  // then costs what any change costs (py/cove/_runtime/resume.py, warm).
  #warm(): void {
    const generation = this.#generation;
    const idle = (globalThis as { requestIdleCallback?: (f: () => void, o?: { timeout: number }) => void }).requestIdleCallback;
    (idle ?? ((f: () => void) => setTimeout(f, 200)))(() => {
      if (generation !== this.#generation || this.#client.outstanding > 0) return;
      this.#send({ type: "warm" }, { kind: "warm" });
    });
  }

  // A request is done: every event it produced has arrived before this, and listeners render
  // synchronously, so its outputs are in the DOM now.
  #done(awaiting: Awaiting): void {
    switch (awaiting.kind) {
      case "ui":
        this.#perf?.measure("cove:update", { start: awaiting.time, end: this.#perf.now() });
        this.#flushUi();
        break;
      case "boot-run":
        this.#ready(awaiting.resumed);
        break;
      default:
        break;
    }
    if (this.#textStale && this.#client.outstanding === 0 && this.#ui.size === 0 && this.#phase.value === "ready") {
      this.#textStale = false;
      this.#serialize(null);
    }
    this.#notify();
  }

  #notify(): void {
    for (const f of this.#listeners) f(this.#state);
  }
}

// Work the reader did not ask for: it does not make the page look busy.
function isBackground(a: Awaiting): boolean {
  return a.kind === "warm" || (a.kind === "text" && a.resolve === null);
}

const CHANGES_CODE = new Set<Command["type"]>(["run_cells", "edit_cell", "add_cell", "delete_cell", "move_cell", "set_cell_config", "install_modules", "restore"]);

// Short random ids: the page picks the id of a cell it adds, so no reply is needed.
export function newCellId(taken: ReadonlySet<string>): string {
  for (;;) {
    const id = Math.random().toString(36).slice(2, 8);
    if (!taken.has(id)) return id;
  }
}
