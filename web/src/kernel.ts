// The page's end of the worker: starts it, numbers and posts requests, parses what comes back
// once, matches each worker_done to the request it names, and restarts it. The page's one record
// of what is in flight: each request keeps what the caller will do with its reply (`T`). Takes a
// worker factory so node:test can hand it a fake.
import type { Command, Event } from "./protocol";
import { type BootConfig, type BootMessage, type Installed, type Request, parseFromWorker } from "./wire";

export interface WorkerLike {
  postMessage(message: unknown): void;
  terminate(): void;
  onmessage: ((e: MessageEvent) => void) | null;
  onerror: ((e: ErrorEvent) => void) | null;
}

export type WorkerFactory = () => WorkerLike;

export interface KernelListener<T> {
  message(msg: Event | Installed): void;
  // The worker finished request `seq` of the current worker (never an unknown or repeated seq).
  done(seq: number, awaiting: T): void;
  // The worker itself failed (its script did not load, it crashed): not a Python error.
  crashed(message: string): void;
}

export class KernelClient<T> {
  readonly #factory: WorkerFactory;
  readonly #listener: KernelListener<T>;
  #worker: WorkerLike | null = null;
  #interrupt: Int32Array | null = null;
  // Requests posted to the current worker and not yet done, by seq (from 1 per worker; a Map
  // keeps them in the order sent, which is the order the worker handles them).
  readonly #pending = new Map<number, T>();
  #seq = 0;

  constructor(factory: WorkerFactory, listener: KernelListener<T>) {
    this.#factory = factory;
    this.#listener = listener;
  }

  get outstanding(): number {
    return this.#pending.size;
  }

  /** Whether request `seq` of the current worker is still being handled. */
  pending(seq: number): boolean {
    return this.#pending.has(seq);
  }

  /** What the caller noted for request `seq` while it is in flight (else undefined: a reply
   *  naming it is not for this worker, or came twice). */
  awaiting(seq: number): T | undefined {
    return this.#pending.get(seq);
  }

  /** The requests in flight, oldest (the one the worker is handling) first. */
  inFlight(): [number, T][] {
    return [...this.#pending];
  }

  get canInterrupt(): boolean {
    return this.#interrupt !== null;
  }

  start(boot: BootConfig): void {
    this.stop();
    this.#pending.clear();
    this.#seq = 0;
    // Interrupting Python in place needs memory shared with the worker, which browsers only
    // allow on cross-origin isolated pages; elsewhere Stop restarts the worker instead.
    const shared = typeof SharedArrayBuffer !== "undefined" && globalThis.crossOriginIsolated === true
      ? new SharedArrayBuffer(4)
      : null;
    this.#interrupt = shared ? new Int32Array(shared) : null;
    const worker = this.#factory();
    this.#worker = worker;
    worker.onmessage = (e) => {
      if (worker !== this.#worker) return; // a message from a worker we already replaced
      const msg = parseFromWorker(e.data);
      if (msg === null) {
        console.warn("cove: unreadable message from the worker", e.data);
      } else if (msg.type !== "worker_done") {
        this.#listener.message(msg);
      } else if (this.#pending.has(msg.seq)) {
        const awaiting = this.#pending.get(msg.seq)!;
        this.#pending.delete(msg.seq);
        this.#listener.done(msg.seq, awaiting);
      } // else a seq this worker was not sent, or one already done: ignored
    };
    worker.onerror = (e) => {
      if (worker !== this.#worker) return;
      e.preventDefault?.();
      this.#listener.crashed(e.message || "the worker script failed to load or crashed");
    };
    const message: BootMessage = { kind: "boot", config: JSON.stringify(boot), interrupt: shared };
    worker.postMessage(message);
  }

  /** Post an engine command; returns its seq. A command that names its own answer (serialize)
   *  is built from the seq. */
  send(command: Command | ((seq: number) => Command), awaiting: T): number {
    return this.#post((seq) => ({ kind: "command", seq, text: JSON.stringify(typeof command === "function" ? command(seq) : command) }), awaiting);
  }

  /** Ask the worker to load the packages providing `modules`; answered by `installed`. */
  install(modules: readonly string[], awaiting: T): number {
    return this.#post((seq) => ({ kind: "install", seq, modules: [...modules] }), awaiting);
  }

  #post(request: (seq: number) => Request, awaiting: T): number {
    if (!this.#worker) throw new Error("the kernel is not started");
    const seq = ++this.#seq;
    this.#pending.set(seq, awaiting);
    this.#worker.postMessage(request(seq));
    return seq;
  }

  /** Raise KeyboardInterrupt in the running cell; false when this page cannot (not isolated). */
  interrupt(): boolean {
    if (!this.#interrupt) return false;
    Atomics.store(this.#interrupt, 0, 2); // 2 = SIGINT, what Pyodide's interrupt buffer expects
    return true;
  }

  stop(): void {
    this.#worker?.terminate();
    this.#worker = null;
  }
}
