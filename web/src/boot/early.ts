// Starting the kernel worker before the page's script has loaded. main.js is the page's largest
// file (the editor, the renderers): fetching, parsing and running it takes ~150 ms before it can
// start the worker, and the worker's first job, loading Pyodide, needs nothing main.js decides.
// So a few lines inline in index.html (py/cove/_site/render.py, EARLY_WORKER_SCRIPT) start the
// worker as soon as the config is parsed, with the Pyodide folder and the lock in its URL's hash;
// the worker starts loading Python at once (worker.ts), and main.js adopts the worker when it
// runs and sends the boot message as usual. Pages without that script (a single-file page, the
// `<cove-notebook>` element, tests) start their worker from main.js as before.
export const EARLY_GLOBAL = "coveEarlyWorker";

export interface EarlyURLs {
  readonly pyodideURL: string; // absolute, ends in "/"
  readonly lockURL: string; // absolute
}

// ------------------------------------------------------------------------------ page side

/** The worker the inline script started for `workerURL`, once; null when there is none (or it
 * was started for another script), and main.js starts its own. */
export function takeEarlyWorker(workerURL: string, scope: Record<string, unknown> = globalThis as unknown as Record<string, unknown>): Worker | null {
  const early = scope[EARLY_GLOBAL] as { worker?: unknown; url?: unknown } | undefined;
  delete scope[EARLY_GLOBAL];
  if (!early || typeof early.url !== "string" || !early.worker) return null;
  if (early.url.split("#")[0] !== new URL(workerURL).href.split("#")[0]) {
    (early.worker as Worker).terminate();
    return null;
  }
  return early.worker as Worker;
}

// ---------------------------------------------------------------------------- worker side

/** The URLs an early start put in the worker's hash, or null (a worker main.js started). */
export function earlyURLs(location: { hash?: string } | undefined): EarlyURLs | null {
  if (typeof location?.hash !== "string" || !location.hash) return null;
  const params = new URLSearchParams(location.hash.replace(/^#/, ""));
  const pyodideURL = params.get("pyodide");
  const lockURL = params.get("lock");
  if (!pyodideURL || !lockURL) return null;
  try {
    return { pyodideURL: new URL(pyodideURL).href, lockURL: new URL(lockURL).href };
  } catch {
    return null;
  }
}

export function sameURLs(a: EarlyURLs, b: EarlyURLs): boolean {
  return a.pyodideURL === b.pyodideURL && a.lockURL === b.lockURL;
}
