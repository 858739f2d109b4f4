// The kernel worker's files in a single-file page (`cove export --single-file`): no server, so the
// page posts every file of the site to the worker before booting it (single-file.ts), and the
// URLs in the worker's boot config live under the made-up root cove-asset:/. fetch() of such a URL
// is answered from those files, and the two modules Pyodide imports get Blob URLs made here. On an
// ordinary site no such message ever comes and all of this stays inert.
/// <reference lib="webworker" />
import type { PyodideConfig } from "pyodide";
import { ASSET_ROOT, isAssetsMessage } from "./protocol";

let files: ReadonlyMap<string, Blob> | null = null;
const blobURLs = new Map<string, string>();

function assetName(url: string): string | null {
  return url.startsWith(ASSET_ROOT) ? decodeURIComponent(url.slice(ASSET_ROOT.length).split(/[?#]/)[0]!) : null;
}

/** The Blob URL holding the file at `url` in a single-file page; `url` itself anywhere else. */
export function assetURL(url: string): string {
  const name = assetName(url);
  const blob = name === null ? undefined : files?.get(name);
  if (name === null || !blob) return url;
  let made = blobURLs.get(name);
  if (!made) blobURLs.set(name, (made = URL.createObjectURL(blob)));
  return made;
}

/** The file at `url` in a single-file page (a data file the notebook opens: files.ts), else null. */
export function assetBlob(url: string): Blob | null {
  const name = assetName(url);
  return (name !== null && files?.get(name)) || null;
}

/** Extra loadPyodide options: in a single-file page, Pyodide's own `import()` of
 * pyodide.asm.mjs cannot reach cove-asset:/, so we import it and hand over its factory. */
export async function loaderOptions(pyodideURL: string): Promise<Partial<PyodideConfig>> {
  if (!files) return {};
  const asm = (await import(/* webpackIgnore: true */ assetURL(new URL("pyodide.asm.mjs", pyodideURL).href))) as {
    default: NonNullable<PyodideConfig["createPyodideModule"]>;
  };
  return { createPyodideModule: asm.default };
}

function requestURL(input: RequestInfo | URL): string {
  if (typeof input === "string") return input;
  return input instanceof URL ? input.href : input.url;
}

// fetch() of cove-asset:/… is answered from the files (404 for a path the page lacks, so the
// worker's diagnostics name it); any other URL goes to the real fetch.
function serveFetch(): void {
  const realFetch = globalThis.fetch.bind(globalThis);
  globalThis.fetch = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const name = assetName(requestURL(input));
    if (name === null) return realFetch(input, init);
    const blob = files?.get(name);
    const head = (init?.method ?? (input instanceof Request ? input.method : "GET")).toUpperCase() === "HEAD";
    if (!blob) return Promise.resolve(new Response(null, { status: 404, statusText: "Not Found (not in this single-file page)" }));
    return Promise.resolve(new Response(head ? null : blob, { status: 200, headers: { "Content-Type": blob.type || "application/octet-stream" } }));
  };
}

// The files arrive as the worker's first message, before the boot message; worker.ts never sees it.
if (typeof WorkerGlobalScope !== "undefined" && globalThis instanceof WorkerGlobalScope) {
  globalThis.addEventListener("message", (e: MessageEvent<unknown>) => {
    if (!isAssetsMessage(e.data)) return;
    e.stopImmediatePropagation();
    if (files) return;
    files = new Map(Object.entries(e.data.files));
    serveFetch();
  });
}
