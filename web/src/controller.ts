// The page's brain without the DOM: owns the state, talks to the kernel, sequences the boot,
// coalesces UI values, and times reader-driven updates. main.ts connects it to the DOM; tests
// drive it with a fake worker.
import type { CellSpec, Command, Event, Mode, Resume } from "./protocol";
import { type KernelListener, KernelClient, type WorkerFactory } from "./kernel";
import { type LocalAction, type PageState, fromEvents, initialState, newCell, reduce, reduceLocal } from "./state";
import type { BootConfig, FromWorker } from "./wire";
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

interface PendingValue {
  readonly value: unknown;
  readonly time: number; // the input event's timeStamp, for performance.measure
}

export class Controller {
  #state: PageState;
  readonly #client: KernelClient;
  readonly #opts: ControllerOptions;
  readonly #perf: Pick<Performance, "mark" | "measure" | "now"> | null;
  readonly #listeners = new Set<(s: PageState) => void>();
  readonly #installListeners = new Set<(requirements: readonly string[]) => void>();
  readonly #messageListeners = new Set<(elementId: string, message: unknown) => void>();
  // Element messages wait here until the kernel has booted; they go after its first run, which
  // creates the elements they are for.
  readonly #pendingMessages: { element_id: string; message: unknown }[] = [];
  #autoRun: boolean;
  #booted = false; // the engine's Session exists (its `notebook` event arrived)
  #interactive = false; // the first full run finished
  #runAllSeq: number | null = null;
  #crash: string | null = null;
  #text: string; // the newest notebook text we know (boot text, then each serialize)
  // UI values wait here while an earlier set_ui_values is in flight: one in flight at most, so a
  // fast drag never builds a backlog, and the newest value per element always goes next.
  readonly #pendingUi = new Map<string, PendingValue>();
  #uiInFlight: number | null = null;
  readonly #uiTimes = new Map<number, number>();
  readonly #textWaiters: ((text: string) => void)[] = [];
  // The code changed since #text was last refreshed: when the kernel is next idle, ask for the
  // file text in the background, so a restart (or a Stop that restarts) boots from the latest
  // code even if the kernel is stuck by then.
  #textStale = false;
  #quietSeq: number | null = null;
  // A `warm` in flight (the first boot resumed; see #warm): background work, not "busy".
  #warmSeq: number | null = null;
  #resumed = false;
  // The last value of each UI element, from the reader's inputs and the kernel's ui_value
  // events: a restarted kernel gets them back (Restore), so a Stop loses no choices.
  readonly #uiValues = new Map<string, unknown>();
  // Set when the next boot must bring the kernel to the page's state (Restore) rather than
  // run the file as it is; consumed by that boot's first `notebook` event.
  #restore: { cells: CellSpec[]; stopped: string[]; reason: string; keepUi: boolean } | null = null;
  #generation = 0; // counts boots, so a timer of an older worker does nothing
  #through = 0; // the newest worker_done of the current worker
  // The page knows the notebook's cells (a kernel described them, or the prerendered snapshot
  // did): a restart can restore them. Before that, a restart boots the file as it is.
  #hasCells: boolean;
  readonly #codeListeners = new Set<() => void>();
  #resume: Resume | null; // for the first boot only
  // Until the first boot is interactive, and only while the code is the exported one.
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
    const listener: KernelListener = {
      message: (msg) => this.#receive(msg),
      crashed: (message) => {
        this.#crash = message;
        this.#state = { ...this.#state, kernel: "error", kernelMessage: message };
        this.#notify();
      },
    };
    this.#client = new KernelClient(opts.factory, listener);
    if (opts.cells) this.#restore = { cells: [...opts.cells], stopped: [], reason: "", keepUi: false };
  }

  get state(): PageState {
    return this.#state;
  }

  get interactive(): boolean {
    return this.#interactive;
  }

  /** The engine's session exists: commands can be sent. */
  get booted(): boolean {
    return this.#booted;
  }

  get awaitingRun(): boolean {
    return this.#booted && !this.#autoRun;
  }

  /** What `document.documentElement.dataset.coveKernel` shows (docs/spec.md §6). */
  get indicator(): Indicator {
    if (this.#crash !== null || this.#state.kernel === "error") return "error";
    // "ready" means the notebook ran and the UI is live, so a test (or a reader) that waits for
    // it never acts on a half-booted page.
    if (!this.#booted || (this.#autoRun && !this.#interactive)) return "loading";
    // Counted from the commands themselves (the kernel's busy/ready events cannot say which
    // command they belong to); a background serialize does not make the page look busy.
    const working = this.#client.outstanding - (this.#quietSeq !== null ? 1 : 0) - (this.#warmSeq !== null ? 1 : 0);
    if (working > 0 || this.#pendingUi.size > 0) return "busy";
    return "ready";
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
    this.#runAllSeq = this.#send({ type: "run_all" });
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

  setUiValue(elementId: string, value: unknown, time: number): void {
    if (this.#opts.restorable?.(elementId) ?? true) this.#uiValues.set(elementId, value);
    this.#pendingUi.delete(elementId); // re-insert so the newest change is sent last
    this.#pendingUi.set(elementId, { value, time });
    this.#early?.change(elementId, value, (id) => this.#runId(id), (events) => this.#applyEarly(events));
    if (this.#uiInFlight === null && this.#booted) this.#flushUi();
    else this.#notify();
  }

  /** A message to a UI element that re-runs nothing by itself (a table asking for rows). */
  sendUiMessage(elementId: string, message: unknown): void {
    this.#pendingMessages.push({ element_id: elementId, message });
    if (this.#booted) this.#flushMessages();
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

  installModules(modules: readonly string[]): void {
    this.#send({ type: "install_modules", modules: [...modules] });
  }

  /** The notebook file text, from the engine's serializer. */
  serialize(): Promise<string> {
    return new Promise((resolve) => {
      this.#textWaiters.push(resolve);
      this.#send({ type: "serialize" });
    });
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
      const [generation, through] = [this.#generation, this.#through];
      setTimeout(() => {
        if (generation === this.#generation && this.#through === through && this.#client.outstanding > 0) void this.restart("stop");
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
    this.#through = 0;
    this.#text = text;
    this.#booted = false;
    this.#interactive = false;
    this.#crash = null;
    this.#runAllSeq = null;
    this.#uiInFlight = null;
    this.#uiTimes.clear();
    this.#textWaiters.length = 0;
    this.#textStale = false;
    this.#quietSeq = null;
    this.#warmSeq = null;
    this.#state = { ...this.#state, kernel: "loading", kernelMessage: "Starting…" };
    this.#client.start({ ...this.#opts.boot, code: text, mode: this.#state.mode });
    this.#notify();
  }

  #send(command: Command): number {
    if (CHANGES_CODE.has(command.type)) [this.#textStale, this.#early] = [true, null];
    const seq = this.#client.send(command);
    if (CHANGES_CODE.has(command.type) && command.type !== "restore") for (const f of this.#codeListeners) f();
    this.#notify();
    return seq;
  }

  #local(action: LocalAction): void {
    this.#state = reduceLocal(this.#state, action);
  }

  #flushUi(): void {
    const updates = [...this.#pendingUi].map(([element_id, p]) => ({ element_id, value: p.value }));
    // The update is timed from the newest input it carries: earlier values in the batch were
    // superseded before they could be shown, by design (the last value wins).
    const time = Math.max(...[...this.#pendingUi.values()].map((p) => p.time));
    this.#pendingUi.clear();
    const seq = this.#send({ type: "set_ui_values", updates });
    this.#uiInFlight = seq;
    this.#uiTimes.set(seq, time);
  }

  #receive(msg: FromWorker): void {
    if (msg.type === "notebook" && !this.#booted && this.#restore) {
      // The file as the worker read it; the page's own cells replace it (Restore), and the
      // kernel's answer to that is the notebook this page shows.
      this.#sendRestore(this.#restore);
      this.#restore = null;
      this.#notify();
      return;
    }
    if (msg.type === "worker_done") {
      this.#done(msg.through);
    } else {
      this.#state = reduce(this.#state, msg);
      this.#event(msg);
    }
    this.#notify();
  }

  #sendRestore(r: { cells: CellSpec[]; stopped: string[]; reason: string; keepUi: boolean }): void {
    this.#booted = true;
    this.#perf?.mark("cove:kernel-ready");
    const ui_values = r.keepUi ? [...this.#uiValues].map(([element_id, value]) => ({ element_id, value })) : [];
    const seq = this.#send({ type: "restore", cells: r.cells, stopped: r.stopped, reason: r.reason, ui_values, run: this.#autoRun });
    if (this.#autoRun) this.#runAllSeq = seq;
    if (this.#pendingUi.size) this.#flushUi();
    this.#flushMessages();
  }

  #event(ev: Event): void {
    switch (ev.type) {
      case "notebook":
        this.#hasCells = true;
        if (!this.#booted) {
          this.#booted = true;
          this.#perf?.mark("cove:kernel-ready");
          if (this.#autoRun) this.#runAllSeq = this.#client.send(this.#resume ? this.#withEarlyValues(this.#resume) : { type: "run_all" });
          this.#resume = null;
          if (this.#pendingUi.size) this.#flushUi();
          this.#flushMessages();
        }
        break;
      case "ui_message":
        for (const f of this.#messageListeners) f(ev.element_id, ev.message);
        break;
      case "query_params":
        this.#opts.onQueryParams?.(ev.params);
        break;
      case "notebook_text":
        this.#text = ev.text;
        this.#textWaiters.shift()?.(ev.text);
        break;
      case "packages_installed":
        for (const f of this.#installListeners) f(ev.requirements);
        break;
      default:
        break; // the reducer handled it
    }
  }

  // The values the reader set before the kernel was ready go with resume: the kernel's elements
  // take them as they are created (no output of the boot shows the export's values).
  #withEarlyValues(resume: Resume): Resume {
    const ui_values = [...this.#pendingUi].map(([element_id, p]) => ({ element_id, value: p.value }));
    this.#pendingUi.clear();
    this.#resumed = true;
    return { ...resume, ui_values };
  }

  // The cells resume skipped run once, silently, while the reader does nothing: the first change
  // then costs what any change costs (py/cove/_runtime/resume.py, warm).
  #warm(): void {
    this.#resumed = false;
    const generation = this.#generation;
    const idle = (globalThis as { requestIdleCallback?: (f: () => void, o?: { timeout: number }) => void }).requestIdleCallback;
    (idle ?? ((f: () => void) => setTimeout(f, 200)))(() => {
      if (generation !== this.#generation || this.#client.outstanding > 0) return;
      this.#warmSeq = this.#client.send({ type: "warm" });
    });
  }

  #done(through: number): void {
    this.#through = Math.max(this.#through, through);
    if (this.#quietSeq !== null && this.#quietSeq <= through) this.#quietSeq = null;
    if (this.#warmSeq !== null && this.#warmSeq <= through) this.#warmSeq = null;
    // Listeners already rendered every event this command produced (they arrive before its
    // worker_done, and rendering is synchronous), so its outputs are in the DOM now.
    for (const [seq, time] of this.#uiTimes) {
      if (seq > through) continue;
      this.#uiTimes.delete(seq);
      this.#perf?.measure("cove:update", { start: time, end: this.#perf.now() });
    }
    if (this.#uiInFlight !== null && this.#uiInFlight <= through) {
      this.#uiInFlight = null;
      if (this.#pendingUi.size) this.#flushUi();
    }
    if (this.#textStale && this.#client.outstanding === 0 && this.#pendingUi.size === 0) {
      this.#textStale = false;
      this.#textWaiters.push(() => {});
      this.#quietSeq = this.#client.send({ type: "serialize" });
    }
    if (this.#runAllSeq !== null && this.#runAllSeq <= through) {
      this.#runAllSeq = null;
      if (!this.#interactive) {
        this.#interactive = true;
        this.#early = null;
        if (this.#resumed) this.#warm();
        this.#perf?.mark("cove:interactive");
      }
    }
  }

  #notify(): void {
    for (const f of this.#listeners) f(this.#state);
  }
}

const CHANGES_CODE = new Set<Command["type"]>(["run_cells", "edit_cell", "add_cell", "delete_cell", "move_cell", "set_cell_config", "install_modules", "restore"]);

// Short random ids: the page picks the id of a cell it adds, so no reply is needed.
export function newCellId(taken: ReadonlySet<string>): string {
  for (;;) {
    const id = Math.random().toString(36).slice(2, 8);
    if (!taken.has(id)) return id;
  }
}
