// The engine's own dependencies (markdown-it-py, mdit-py-plugins, mdurl: 360 KB of wheels) are
// not needed to make a page interactive: a boot imports them only when a cell renders Markdown,
// and a prerendered page resumes without running those cells. So Pyodide boots with the engine
// alone (the lock it is given says the engine depends on nothing), and the engine's dependencies
// the notebook does not import itself are installed by Python on their first import
// (cove/_deferred.py: a synchronous fetch, which a Web Worker may do), usually while the page
// warms its cells after `cove:interactive`.
import type { PyodideInterface } from "pyodide";
import { type Lockfile, closure, normalize } from "../lock";

const ENGINE = "cove";

/** The lock text Pyodide boots with: the engine's entry without its dependencies. */
export function engineAlone(text: string): string {
  const data = JSON.parse(text) as { packages?: Record<string, { depends?: string[] }> };
  const engine = data.packages?.[ENGINE];
  if (!engine?.depends?.length) return text;
  engine.depends = [];
  return JSON.stringify(data);
}

/** The engine's dependencies Pyodide has not loaded (the notebook's own imports load theirs). */
export function deferredPackages(lock: Lockfile, loaded: Readonly<Record<string, string>>): string[] {
  const have = new Set(Object.keys(loaded).map(normalize));
  return [...closure(lock, [ENGINE])].filter((key) => key !== ENGINE && lock.packages[key] && !have.has(key));
}

/**
 * Hands Python the deferred packages: their import names, wheel URLs (as a synchronous request
 * fetches them: a path under Node, a Blob URL in a single-file page) and dependencies.
 */
export function installOnImport(pyodide: PyodideInterface, lock: Lockfile, base: string, forSyncRequest: (url: string) => string): void {
  const keys = deferredPackages(lock, pyodide.loadedPackages);
  if (!keys.length) return;
  const packages = keys.map((key) => {
    const p = lock.packages[key]!;
    return { name: key, imports: p.imports, depends: p.depends.map(normalize), url: forSyncRequest(new URL(p.file_name, base).href) };
  });
  const register = pyodide.runPython("from cove._deferred import register; register") as ((spec: string, fetch: unknown) => void) & { destroy(): void };
  try {
    register(JSON.stringify(packages), fetchSync);
  } finally {
    register.destroy();
  }
}

// Python imports are synchronous: the wheel is read with a synchronous request (allowed in a
// worker) or, under Node, from the file system.
function fetchSync(url: string): Uint8Array {
  if (typeof XMLHttpRequest === "undefined") {
    const fs = (globalThis as unknown as { process: { getBuiltinModule(m: string): { readFileSync(p: string): Uint8Array } } }).process.getBuiltinModule("fs");
    return new Uint8Array(fs.readFileSync(url.startsWith("file:") ? decodeURIComponent(new URL(url).pathname) : url));
  }
  const xhr = new XMLHttpRequest();
  xhr.open("GET", url, false);
  xhr.responseType = "arraybuffer";
  xhr.send(null);
  if (xhr.status !== 200 && xhr.status !== 0) throw new Error(`${url}: HTTP ${xhr.status} ${xhr.statusText}`);
  return new Uint8Array(xhr.response as ArrayBuffer);
}
