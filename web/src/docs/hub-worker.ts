// The worker's end of a docs page: several notebooks' Sessions in one Pyodide, one at a time.
// worker.ts stays the adapter that loads things and runs one command; this module only keeps
// each notebook's inbox, turns between notebooks, and labels what comes back with the notebook.
//
// Why one Python for all: a page with five examples would otherwise download and start five
// runtimes. Each notebook keeps its own Session (its namespace, graph and UI elements), so they
// share only the interpreter: its modules and the time it spends running.
import type { BootConfig, Installed, Request } from "../wire";
import { type FromHub, RUNTIME, type ToHub } from "./hub-wire";

export type Handle = (command: string) => unknown;

/** What worker.ts does for the hub (the same stages it runs for a one-notebook page). */
export interface HubHost {
  /** The runtime (loaded once per worker), this notebook's packages, then its Session. Throws
   *  with a message for the reader. `emit` receives the Session's event strings. */
  open(cfg: BootConfig, emit: (event: string) => void): Promise<Handle>;
  /** One command: worker.ts's own step (promising calls, proxies). */
  execute(handle: Handle, text: string): Promise<void>;
  /** One install request: worker.ts's own (the packages load into the shared interpreter). */
  install(seq: number, modules: readonly string[]): Promise<Installed>;
  /** Pyodide's interrupt buffer: the running notebook's, so a Stop interrupts only its cell. */
  interruptWith(buffer: Int32Array | null): void;
  close(handle: Handle): void;
  /** The interpreter is dead (not a Python exception): every notebook on it is. */
  isFatal(err: unknown): boolean;
  describe(err: unknown): string;
  post(message: FromHub): void;
  yieldTask(f: () => void): void;
}

interface Notebook {
  readonly id: string;
  readonly inbox: Request[];
  handle: Handle | null;
  interrupt: Int32Array | null;
  generation: number; // counts boots, so a slow open of a replaced session is dropped
}

export class Hub {
  readonly #host: HubHost;
  readonly #notebooks = new Map<string, Notebook>();
  // Notebooks with work, in the order they get their turn: one command each, then the next.
  readonly #turns: string[] = [];
  #draining = false;
  #dead = false;

  constructor(host: HubHost) {
    this.#host = host;
  }

  receive(msg: ToHub): void {
    if ("boot" in msg) {
      void this.#open(msg.notebook, JSON.parse(msg.boot) as BootConfig, msg.interrupt);
    } else if ("close" in msg) {
      this.#close(msg.notebook);
    } else {
      const nb = this.#notebooks.get(msg.notebook);
      if (!nb) return; // closed meanwhile: its page end already forgot it
      nb.inbox.push(msg.request);
      this.#schedule();
    }
  }

  #post(id: string, message: object): void {
    this.#host.post({ notebook: id, text: JSON.stringify(message) });
  }

  async #open(id: string, cfg: BootConfig, interrupt: SharedArrayBuffer | null): Promise<void> {
    const previous = this.#notebooks.get(id);
    if (previous) this.#close(id);
    const nb: Notebook = { id, inbox: [], handle: null, interrupt: interrupt ? new Int32Array(interrupt) : null, generation: (previous?.generation ?? 0) + 1 };
    this.#notebooks.set(id, nb);
    if (this.#dead) return this.#post(id, { type: "kernel_status", state: "error", message: "The Python runtime crashed. Reload the page; your code is kept." });
    try {
      this.#post(id, { type: "kernel_status", state: "loading", message: "Loading the Python runtime…" });
      const handle = await this.#host.open(cfg, (event) => this.#host.post({ notebook: id, text: event }));
      if (this.#notebooks.get(id) !== nb) return this.#host.close(handle);
      nb.handle = handle;
      this.#schedule();
    } catch (err) {
      if (this.#notebooks.get(id) === nb) this.#post(id, { type: "kernel_status", state: "error", message: this.#host.describe(err) });
    }
  }

  #close(id: string): void {
    const nb = this.#notebooks.get(id);
    if (!nb) return;
    this.#notebooks.delete(id);
    if (nb.handle) this.#host.close(nb.handle);
  }

  #schedule(): void {
    // Queued in the order their work arrived (also while another command runs), so that a
    // notebook with a long queue cannot starve the others.
    for (const nb of this.#notebooks.values()) {
      if (nb.handle && nb.inbox.length && !this.#turns.includes(nb.id)) this.#turns.push(nb.id);
    }
    if (this.#draining || this.#dead || !this.#turns.length) return;
    this.#draining = true;
    // One macrotask between commands, as worker.ts does: messages posted meanwhile arrive
    // (a Stop's close is seen).
    this.#host.yieldTask(() => void this.#drainOne());
  }

  async #drainOne(): Promise<void> {
    const id = this.#turns.shift();
    const nb = id === undefined ? undefined : this.#notebooks.get(id);
    const request = nb?.handle ? nb.inbox.shift() : undefined;
    if (nb?.handle && request && !this.#dead) {
      if (nb.interrupt) Atomics.store(nb.interrupt, 0, 0); // a Stop pressed before this command is void
      this.#host.interruptWith(nb.interrupt);
      try {
        if (request.kind === "install") this.#post(nb.id, await this.#host.install(request.seq, request.modules));
        else await this.#host.execute(nb.handle, request.text);
      } catch (err) {
        if (this.#host.isFatal(err)) this.#die(err);
        else this.#post(nb.id, { type: "command_error", message: this.#host.describe(err) });
      }
      this.#post(nb.id, { type: "worker_done", seq: request.seq });
    }
    this.#draining = false;
    this.#schedule();
  }

  #die(err: unknown): void {
    this.#dead = true;
    const message = `The Python runtime crashed: ${this.#host.describe(err)}. Restart the notebook; your code is kept.`;
    for (const id of this.#notebooks.keys()) this.#post(id, { type: "kernel_status", state: "error", message });
    this.#host.post({ notebook: RUNTIME, text: "dead" }); // the page starts a new worker on the next restart
  }
}
