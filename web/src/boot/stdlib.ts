// Which standard library the worker's Python starts from. build.py writes pyodide/stdlib-boot.zip
// (tools/stdlib_trim.py): the modules a Cove boot imports, precompiled, and a finder that fetches
// stdlib-rest.zip (the rest of Pyodide's python_stdlib.zip) next to it on the first import of any
// other standard-library module (its URL travels in $COVE_STDLIB_REST). Both are plain files of the site, so this works the
// same on any static host, under Node (paths) and in a single-file page (asset URLs).
import type { PyodideConfig } from "pyodide";

export const BOOT_STDLIB = "stdlib-boot.zip";
export const REST_STDLIB = "stdlib-rest.zip";

export interface Resolvers {
  // A URL as Pyodide's loader fetches it (a path under Node).
  readonly forLoader: (url: string) => string;
  // A URL as Python's synchronous XMLHttpRequest fetches it (a Blob URL in a single-file page,
  // whose fetch() hook a synchronous request does not go through).
  readonly forSyncRequest: (url: string) => string;
}

/** loadPyodide options for the trimmed standard library. */
export function stdlibOptions(pyodideURL: string, resolve: Resolvers): Pick<PyodideConfig, "stdLibURL" | "env"> {
  return {
    stdLibURL: resolve.forLoader(new URL(BOOT_STDLIB, pyodideURL).href),
    env: { COVE_STDLIB_REST: resolve.forSyncRequest(new URL(REST_STDLIB, pyodideURL).href) },
  };
}
