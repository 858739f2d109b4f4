// The page's end of the shared worker: one real Worker for all the notebooks of a docs page,
// and for each notebook a port that looks like a Worker of its own (kernel.ts's WorkerLike), so
// each notebook's Controller works exactly as on a one-notebook page.
//
// Restarting one notebook (Stop, Restart, a crash) must not cost the others their state:
// - when the worker is not running that notebook's commands, its port's terminate() only closes
//   its session in the worker, and the new port boots a fresh one beside the others;
// - when it is (a runaway cell, and no interrupt: the page is not cross-origin isolated), only
//   a new worker can stop it. Every other notebook is then told its kernel is gone (its port's
//   onerror) and restored on the new worker by `lost`: its Controller restarts from the page's
//   own copy of its cells and UI values, as a one-notebook page does after a crash.
import type { WorkerFactory, WorkerLike } from "../kernel";
import { type FromWorker, parseFromWorker, readToWorker } from "../wire";
import { type FromHub, RUNTIME, type ToHub, isFromHub } from "./hub-wire";

export interface RealWorker {
  postMessage(message: unknown): void;
  terminate(): void;
  onmessage: ((e: MessageEvent) => void) | null;
  onerror: ((e: ErrorEvent) => void) | null;
}

interface Port extends WorkerLike {
  readonly notebook: string;
  deliver(text: string): void;
  fail(message: string): void;
}

export class SharedRuntime {
  readonly #spawn: () => RealWorker;
  readonly #lost: (notebook: string) => void;
  #worker: RealWorker | null = null;
  #dead = false; // the worker's interpreter crashed: the next restart gets a new worker
  readonly #ports = new Map<string, Port>(); // the current port of each notebook
  // Requests each notebook's current port sent that the worker has not finished (worker_done).
  readonly #pending = new Map<string, Set<number>>();
  #workers = 0;

  /** `lost(notebook)`: that notebook's kernel went away with a worker another one needed
   *  replaced; restart it (its Controller restores the page's state). */
  constructor(spawn: () => RealWorker, lost: (notebook: string) => void) {
    this.#spawn = spawn;
    this.#lost = lost;
  }

  /** How many workers this page started (1 unless a runaway cell needed a new one). */
  get workers(): number {
    return this.#workers;
  }

  /** The worker factory for one notebook's Controller. */
  factory(notebook: string): WorkerFactory {
    return () => this.#port(notebook);
  }

  #real(): RealWorker {
    if (this.#worker) return this.#worker;
    const worker = this.#spawn();
    this.#workers++;
    this.#dead = false;
    worker.onmessage = (e) => {
      if (worker !== this.#worker || !isFromHub(e.data)) return;
      this.#receive(e.data);
    };
    worker.onerror = (e) => {
      if (worker !== this.#worker) return;
      e.preventDefault?.();
      this.#worker = null;
      for (const port of this.#ports.values()) port.fail(e.message || "the shared worker failed to load or crashed");
    };
    this.#worker = worker;
    return worker;
  }

  #receive(msg: FromHub): void {
    if (msg.notebook === RUNTIME) {
      if (msg.text === "dead") this.#dead = true;
      return;
    }
    if (msg.text.includes('"worker_done"')) {
      const done: FromWorker | null = parseFromWorker(msg.text);
      if (done?.type === "worker_done") this.#pending.get(msg.notebook)?.delete(done.seq);
    }
    this.#ports.get(msg.notebook)?.deliver(msg.text);
  }

  #send(message: ToHub): void {
    this.#real().postMessage(message);
  }

  #busy(notebook: string): boolean {
    return (this.#pending.get(notebook)?.size ?? 0) > 0;
  }

  #port(notebook: string): Port {
    const hub = this;
    let closed = false;
    const port: Port = {
      notebook,
      onmessage: null,
      onerror: null,
      postMessage(message: unknown): void {
        if (closed || hub.#ports.get(notebook) !== port) return;
        const msg = readToWorker(message);
        if (msg === null) return;
        if (msg.kind !== "boot") {
          hub.#pending.get(notebook)?.add(msg.seq);
          hub.#send({ kind: "hub", notebook, request: msg });
          return;
        }
        // The boot message (wire.ts): its config and interrupt buffer travel as they are.
        if (hub.#dead) hub.#replaceWorker(notebook);
        hub.#pending.set(notebook, new Set());
        hub.#send({ kind: "hub", notebook, boot: msg.config, interrupt: msg.interrupt });
      },
      terminate(): void {
        if (closed) return;
        closed = true;
        if (hub.#ports.get(notebook) !== port) return;
        hub.#ports.delete(notebook);
        if (hub.#busy(notebook) && hub.#worker) hub.#replaceWorker(notebook);
        else if (hub.#worker) hub.#send({ kind: "hub", notebook, close: true });
      },
      deliver(text: string): void {
        if (!closed) port.onmessage?.({ data: text } as MessageEvent);
      },
      fail(message: string): void {
        if (!closed) port.onerror?.({ message, preventDefault() {} } as ErrorEvent);
      },
    };
    this.#ports.set(notebook, port);
    return port;
  }

  // A new worker, because `culprit` is stuck in a command on the old one (or the old one's
  // interpreter died). The other notebooks lose their kernels with it and are restored.
  #replaceWorker(culprit: string): void {
    this.#worker?.terminate();
    this.#worker = null;
    // Forget every port first: the restarts below terminate the old ones, which must then do
    // nothing more (no second replacement, no close sent to the new worker).
    const others = [...this.#ports.values()].filter((p) => p.notebook !== culprit);
    this.#ports.clear();
    for (const port of others) {
      port.fail("The shared Python runtime restarted to stop another notebook on this page.");
      this.#lost(port.notebook);
    }
  }
}
