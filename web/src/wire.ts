// What crosses between the page and the worker, besides the engine's own commands and events
// (docs/spec.md §7).
//
// Page -> worker: one boot message (an object, because the interrupt buffer is shared memory
// and cannot be a string), then requests, each numbered by the page (`seq`, from 1 per worker):
// a command JSON string exactly as py/cove/protocol.py defines it, which the worker hands to the
// engine unread, or an install (the worker loads packages; the engine only records them).
// Worker -> page: JSON strings only: the engine's events unchanged, `kernel_status` events for the
// boot stages the engine cannot report, and per request one `worker_done` naming its seq (after
// every event the request produced); an install's answer, `installed`, comes just before it.
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

export interface CommandMessage {
  readonly kind: "command";
  readonly seq: number;
  readonly text: string; // a command JSON string (py/cove/protocol.py), not read by the worker
}

export interface InstallMessage {
  readonly kind: "install";
  readonly seq: number;
  readonly modules: readonly string[];
}

export type Request = CommandMessage | InstallMessage;
export type ToWorker = BootMessage | Request;

export interface WorkerDone {
  readonly type: "worker_done";
  readonly seq: number; // the request this finishes
}

export interface Installed {
  readonly type: "installed";
  readonly seq: number; // the install this answers
  readonly modules: readonly string[]; // now importable: the engine records them (install_modules)
  readonly problems: readonly string[]; // what could not be installed, one line each
}

export type FromWorker = Event | WorkerDone | Installed;

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

/** A message the page posts, or null for anything else (the worker ignores it). */
export function readToWorker(data: unknown): ToWorker | null {
  if (typeof data !== "object" || data === null) return null;
  const m = data as { kind?: unknown; seq?: unknown; text?: unknown; modules?: unknown; config?: unknown };
  switch (m.kind) {
    case "boot":
      return typeof m.config === "string" ? (data as BootMessage) : null;
    case "command":
      return typeof m.seq === "number" && typeof m.text === "string" ? (data as CommandMessage) : null;
    case "install":
      return typeof m.seq === "number" && Array.isArray(m.modules) ? (data as InstallMessage) : null;
    default:
      return null;
  }
}
