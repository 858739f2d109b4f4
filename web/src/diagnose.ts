// After a load failed: fetch the files involved and say which one is wrong and how (HTTP status,
// wrong MIME type, an HTML page where a wheel should be). Only runs on failure, so a healthy
// boot pays nothing for it.

// stdlib-boot.zip: the standard library Python starts from (web/src/boot/stdlib.ts); its rest,
// stdlib-rest.zip, is fetched by Python later and reports its own failures on the import.
const CORE_FILES = ["pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "stdlib-boot.zip"];

async function probe(url: string, expectType?: string, method = "GET"): Promise<string | null> {
  let response: Response;
  try {
    response = await fetch(url, { cache: "no-store", method });
  } catch (err) {
    return `${url}: ${err instanceof Error ? err.message : String(err)} (network error)`;
  }
  void response.body?.cancel();
  if (!response.ok) return `${url}: HTTP ${response.status} ${response.statusText}`.trim();
  const type = (response.headers.get("content-type") ?? "").split(";")[0]!.trim();
  if (expectType && type !== expectType) {
    return `${url} is served as "${type || "no type"}", not "${expectType}" (the server's MIME types are wrong; \`cove serve\` sets them)`;
  }
  if (type === "text/html" && !url.endsWith(".html")) return `${url} returned an HTML page instead of the file`;
  return null;
}

/** The first problem with Pyodide's core files, or null when they all look right. */
export async function diagnoseCore(pyodideURL: string): Promise<string | null> {
  const problems = await Promise.all(
    CORE_FILES.map((f) => probe(new URL(f, pyodideURL).href, f.endsWith(".wasm") ? "application/wasm" : undefined)),
  );
  // A missing file explains a failure better than a wrong MIME type (browsers fall back from
  // streaming compilation on that), so report those first.
  const found = problems.filter((p): p is string => p !== null);
  return found.find((p) => !p.includes("MIME")) ?? found[0] ?? null;
}

/**
 * Resolves with the first core file that is not there (HTTP error), checked with HEAD requests
 * once Pyodide has taken `afterMs` to load: a missing wasm makes Pyodide hang rather than fail,
 * so this turns that into an error naming the file. A healthy boot is done before they are sent.
 * Never resolves when every file is there.
 */
export function missingCoreFile(pyodideURL: string, afterMs = 8000): { found: Promise<string>; cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const found = new Promise<string>((resolve) => (timer = setTimeout(() => {
    for (const f of CORE_FILES) {
      void probe(new URL(f, pyodideURL).href, undefined, "HEAD").then((p) => {
        // 405/501: a host without HEAD support tells us nothing
        if (p !== null && !/HTTP (405|501)/.test(p)) resolve(p);
      });
    }
  }, afterMs)));
  return { found, cancel: () => clearTimeout(timer) };
}

/** What is wrong with each package's wheel URL, joined; "" when nothing obvious. */
export async function diagnosePackages(packages: readonly (readonly [string, string])[]): Promise<string> {
  const found = await Promise.all(packages.map(async ([name, url]) => {
    const p = await probe(url);
    return p ? `${name} (${p})` : null;
  }));
  return found.filter((x) => x !== null).join("; ");
}
