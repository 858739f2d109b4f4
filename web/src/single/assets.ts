// The worker's files in a single-file page (`cove export --single-file`): there is no server, so
// the page hands this worker a table from site paths ("pyodide/pyodide.asm.wasm") to Blob URLs,
// set as a global before this bundle's code runs (single-file.ts prepends it). Every URL the
// worker is given then lives under the made-up root `cove-asset:/`, which no browser can fetch
// over a network: fetch() is served from the table here, and the two modules Pyodide imports are
// swapped for their Blob URLs. On an ordinary site there is no table and all of this is inert.
import type { PyodideConfig } from "pyodide";

export const ASSET_ROOT = "cove-asset:/";

interface Embedded {
  readonly files: Readonly<Record<string, string>>; // site path -> blob: URL
}

const embedded: Embedded | null = (globalThis as { __coveEmbedded?: Embedded }).__coveEmbedded ?? null;

/** The Blob URL holding the file at `url` in a single-file page; `url` itself anywhere else. */
export function assetURL(url: string): string {
  if (!embedded || !url.startsWith(ASSET_ROOT)) return url;
  return embedded.files[decodeURIComponent(url.slice(ASSET_ROOT.length))] ?? url;
}

/** Extra loadPyodide options: in a single-file page, Pyodide's own `import()` of
 * pyodide.asm.mjs cannot reach `cove-asset:/`, so we import it and hand over its factory. */
export async function loaderOptions(pyodideURL: string): Promise<Partial<PyodideConfig>> {
  if (!embedded) return {};
  const asm = (await import(/* webpackIgnore: true */ assetURL(new URL("pyodide.asm.mjs", pyodideURL).href))) as {
    default: NonNullable<PyodideConfig["createPyodideModule"]>;
  };
  return { createPyodideModule: asm.default };
}

function requestURL(input: RequestInfo | URL): string {
  if (typeof input === "string") return input;
  return input instanceof URL ? input.href : input.url;
}

// fetch() for `cove-asset:/…` answers from the table (404 for a path it lacks, so the worker's
// diagnostics name the file); any other URL goes to the real fetch.
if (embedded) {
  const realFetch = globalThis.fetch.bind(globalThis);
  globalThis.fetch = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = requestURL(input);
    if (!url.startsWith(ASSET_ROOT)) return realFetch(input, init);
    const blob = assetURL(url.split(/[?#]/)[0]!);
    if (blob.startsWith(ASSET_ROOT)) {
      return Promise.resolve(new Response(null, { status: 404, statusText: "Not Found (not in this single-file page)" }));
    }
    // A blob: URL answers GET only; HEAD probes (diagnose.ts) just ask whether the file is there.
    if ((init?.method ?? (input instanceof Request ? input.method : "GET")).toUpperCase() === "HEAD") {
      return Promise.resolve(new Response(null, { status: 200 }));
    }
    return realFetch(blob, init?.integrity ? { integrity: init.integrity } : {});
  };
}
