// A folder of Pyodide's file system kept in the browser's IndexedDB (Emscripten's IDBFS), so what
// a notebook stores there survives a reload: `persistent_cache` results (py/cove/_cache.py).
// Python learns the folder from the COVE_PERSISTENT_DIR environment variable. Without IndexedDB
// (a private window, a sandboxed frame) the folder is plain memory and nothing else changes.
import type { PyodideInterface } from "pyodide";

export const PERSISTENT_DIR = "/cove-persistent";
const FLUSH_DELAY_MS = 500;

type FS = {
  mkdirTree(path: string): void;
  mount(type: unknown, opts: object, path: string): void;
  syncfs(populate: boolean, done: (err: unknown) => void): void;
  filesystems: { IDBFS: unknown };
};

function sync(fs: FS, populate: boolean): Promise<void> {
  return new Promise((resolve) => fs.syncfs(populate, () => resolve()));
}

/** Mount the folder and load what earlier visits stored (boot stage, before the session). */
export async function mountPersistent(pyodide: PyodideInterface): Promise<void> {
  const fs = pyodide.FS as FS;
  fs.mkdirTree(PERSISTENT_DIR);
  try {
    fs.mount(fs.filesystems.IDBFS, {}, PERSISTENT_DIR);
    await sync(fs, true);
  } catch {
    return; // no IndexedDB here: the folder stays in memory
  } finally {
    (pyodide.pyimport("os").environ as { set(k: string, v: string): void }).set("COVE_PERSISTENT_DIR", PERSISTENT_DIR);
  }
}

let timer: ReturnType<typeof setTimeout> | null = null;

/** After a command: write the folder back to IndexedDB, once things are quiet. */
export function flushPersistent(pyodide: PyodideInterface): void {
  if (timer !== null) clearTimeout(timer);
  timer = setTimeout(() => {
    timer = null;
    void sync(pyodide.FS as FS, false);
  }, FLUSH_DELAY_MS);
}
