// What crosses between the page and the worker, besides the engine's own commands and events.
//
// Page -> worker: one boot message (an object, because the interrupt buffer is shared memory
// and cannot be a string), then command JSON strings exactly as py/cove/protocol.py defines them.
// Worker -> page: JSON strings only: the engine's events unchanged, plus `worker_done`, which says
// "every command up to seq N has been handled" (the page counts what it sent; merged bursts
// cover several seqs) and `kernel_status` events for the boot stages the engine cannot report.
import type { Event, Mode } from "./protocol";
import type { FilesConfig } from "./files";

export interface BootConfig {
  // Absolute URLs: a worker resolves relative ones against its own script, which lives in
  // web/ with a hashed name, not against the page.
  readonly pyodideURL: string; // the folder holding pyodide.mjs, ending in "/"
  readonly lockURL: string;
  readonly code: string;
  readonly filename: string;
  readonly mode: Mode;
  readonly query?: string; // the page URL's query, for the notebook's query_params()
  // Where a package missing from the lock comes from: `cove edit`'s server (it resolves like an
  // export), else micropip from these package indexes (null: PyPI).
  readonly install?: InstallEndpoint | null;
  readonly indexURLs?: readonly string[] | null;
  // The notebook's folder and the files published with it (files.ts); absent: none.
  readonly files?: FilesConfig | null;
}

export interface InstallEndpoint {
  readonly url: string; // absolute
  readonly token: string;
  readonly header: string;
}

export interface BootMessage {
  readonly kind: "boot";
  readonly config: string; // JSON of BootConfig
  readonly interrupt: SharedArrayBuffer | null;
}

export interface WorkerDone {
  readonly type: "worker_done";
  readonly through: number;
}

export type FromWorker = Event | WorkerDone;

// Parsed once, here, at the edge; everything after this works with typed values.
export function parseFromWorker(text: unknown): FromWorker | null {
  if (typeof text !== "string") return null;
  try {
    const msg: unknown = JSON.parse(text);
    if (typeof msg === "object" && msg !== null && typeof (msg as { type?: unknown }).type === "string") {
      return msg as FromWorker;
    }
  } catch {
    // fall through: a message we cannot read is reported by the caller
  }
  return null;
}

export function isBootMessage(data: unknown): data is BootMessage {
  return typeof data === "object" && data !== null && (data as { kind?: unknown }).kind === "boot";
}
