// The page's end of the worker: starts it, numbers and posts command strings, parses what comes
// back once, and restarts it. Takes a worker factory so node:test can hand it a fake.
import type { Command } from "./protocol";
import { type BootConfig, type FromWorker, parseFromWorker } from "./wire";

export interface WorkerLike {
  postMessage(message: unknown): void;
  terminate(): void;
  onmessage: ((e: MessageEvent) => void) | null;
  onerror: ((e: ErrorEvent) => void) | null;
}

export type WorkerFactory = () => WorkerLike;

export interface KernelListener {
  message(msg: FromWorker): void;
  // The worker itself failed (its script did not load, it crashed): not a Python error.
  crashed(message: string): void;
}

export class KernelClient {
  readonly #factory: WorkerFactory;
  readonly #listener: KernelListener;
  #worker: WorkerLike | null = null;
  #interrupt: Int32Array | null = null;
  // Commands posted to the current worker, counted from 1 (the worker counts the same way).
  #sent = 0;
  #done = 0;

  constructor(factory: WorkerFactory, listener: KernelListener) {
    this.#factory = factory;
    this.#listener = listener;
  }

  get outstanding(): number {
    return this.#sent - this.#done;
  }

  get canInterrupt(): boolean {
    return this.#interrupt !== null;
  }

  start(boot: BootConfig): void {
    this.stop();
    this.#sent = 0;
    this.#done = 0;
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
        return;
      }
      if (msg.type === "worker_done") this.#done = Math.max(this.#done, msg.through);
      this.#listener.message(msg);
    };
    worker.onerror = (e) => {
      if (worker !== this.#worker) return;
      e.preventDefault?.();
      this.#listener.crashed(e.message || "the worker script failed to load or crashed");
    };
    worker.postMessage({ kind: "boot", config: JSON.stringify(boot), interrupt: shared });
  }

  /** Post a command; returns its sequence number (worker_done reports progress in these). */
  send(command: Command): number {
    if (!this.#worker) throw new Error("the kernel is not started");
    this.#worker.postMessage(JSON.stringify(command));
    return ++this.#sent;
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
