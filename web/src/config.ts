// The page's configuration, read once from <script type="application/json" id="cove-config">
// (written by py/cove/_site/render.py), checked, with every URL made absolute.
import type { Event } from "./protocol";
import type { FilesConfig } from "./files";

export interface SaveConfig {
  readonly url: string;
  readonly token: string;
  readonly header?: string; // default X-Cove-Token
  // The file's hash when the page was made; a save sends it so the server refuses (409) to
  // overwrite a file that changed on disk since.
  readonly hash?: string | null;
  readonly status_url?: string; // GET -> {"hash"}: polled to notice outside edits
}

export interface CoveConfig {
  readonly mode: "edit" | "run";
  readonly filename: string;
  readonly code: string;
  readonly base: string;
  readonly pyodide: string;
  readonly lock: string;
  readonly save: SaveConfig | null;
  readonly snapshot: readonly Event[] | null;
  // What the kernel needs to boot behind the snapshot without re-running it (an export writes
  // it; web/src/boot/resume.ts reads it).
  readonly resume: unknown;
  // Precomputed UI states (web/src/boot/precomputed.ts reads it).
  readonly precompute: unknown;
  readonly title: string;
  // The hashed worker bundle (render.py fills it in from build.py's manifest), relative to base.
  readonly worker: string;
  // `cove edit`: the server's install API (relative to base); a static page has none.
  readonly install: { readonly url: string } | null;
  // A static page's package indexes for installs (null: PyPI).
  readonly index: readonly string[] | null;
  // The notebook's folder and its published files (py/cove/_export/datafiles.py files_config);
  // `base` is relative to the page's base here.
  readonly files: FilesConfig | null;
}

export interface Urls {
  readonly base: string;
  readonly pyodide: string; // folder, ends in "/"
  readonly lock: string;
  readonly save: string | null;
  readonly status: string | null;
  readonly worker: string;
  readonly install: string | null;
}

export class ConfigError extends Error {}

export function parseConfig(text: string | null | undefined): CoveConfig {
  if (!text) throw new ConfigError('the page has no <script id="cove-config"> block');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`cove-config is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (typeof data !== "object" || data === null) throw new ConfigError("cove-config must be a JSON object");
  const c = data as Record<string, unknown>;
  const str = (key: string, fallback?: string): string => {
    const v = c[key] ?? fallback;
    if (typeof v !== "string") throw new ConfigError(`cove-config: "${key}" must be a string`);
    return v;
  };
  const mode = str("mode", "edit");
  if (mode !== "edit" && mode !== "run") throw new ConfigError(`cove-config: "mode" must be "edit" or "run", not "${mode}"`);
  const save = c["save"] ?? null;
  if (save !== null && (typeof save !== "object" || typeof (save as SaveConfig).url !== "string" || typeof (save as SaveConfig).token !== "string")) {
    throw new ConfigError('cove-config: "save" must be null or {"url", "token"}');
  }
  const snapshot = c["snapshot"] ?? null;
  if (snapshot !== null && !Array.isArray(snapshot)) throw new ConfigError('cove-config: "snapshot" must be a list of events or null');
  return {
    mode,
    filename: str("filename", "notebook.py"),
    code: str("code"),
    base: str("base", "./"),
    pyodide: str("pyodide", "pyodide/"),
    lock: str("lock", "pyodide-lock.json"),
    save: save as SaveConfig | null,
    snapshot: snapshot as Event[] | null,
    resume: c["resume"] ?? null,
    precompute: c["precompute"] ?? null,
    title: typeof c["title"] === "string" ? c["title"] : "",
    worker: str("worker", "web/worker.js"),
    install: isObjectWithUrl(c["install"]) ? { url: c["install"].url } : null,
    index: Array.isArray(c["index"]) && c["index"].every((u) => typeof u === "string") ? (c["index"] as string[]) : null,
    files: parseFiles(c["files"] ?? null),
  };
}

function parseFiles(files: unknown): FilesConfig | null {
  if (files === null) return null;
  const f = files as Partial<FilesConfig>;
  const sizes = f.sizes as Record<string, unknown> | undefined;
  if (typeof f !== "object" || typeof f.folder !== "string" || typeof f.base !== "string" || typeof sizes !== "object" || sizes === null ||
      !Object.values(sizes).every((n) => typeof n === "number")) {
    throw new ConfigError('cove-config: "files" must be null or {"folder", "base", "sizes": {path: bytes}}');
  }
  return { folder: f.folder, base: f.base, sizes: sizes as Record<string, number>, probe: f.probe === true };
}

/** The files config with its base made absolute (the worker resolves nothing itself). */
export function filesFor(config: CoveConfig, urls: Urls): FilesConfig | null {
  return config.files ? { ...config.files, base: new URL(config.files.base, urls.base).href } : null;
}

// Relative URLs in the config are relative to `base`, which is relative to the page: the site
// may live under any sub-path, and the worker (in web/) must not resolve them against itself.
export function resolveUrls(config: CoveConfig, pageURL: string): Urls {
  const base = new URL(config.base, pageURL).href;
  const folder = (u: string) => (u.endsWith("/") ? u : `${u}/`);
  return {
    base,
    pyodide: folder(new URL(config.pyodide, base).href),
    lock: new URL(config.lock, base).href,
    save: config.save ? new URL(config.save.url, base).href : null,
    status: config.save?.status_url ? new URL(config.save.status_url, base).href : null,
    worker: new URL(config.worker, base).href,
    install: config.install ? new URL(config.install.url, base).href : null,
  };
}

function isObjectWithUrl(x: unknown): x is { url: string } {
  return typeof x === "object" && x !== null && typeof (x as { url?: unknown }).url === "string";
}

export function readConfig(doc: Document): CoveConfig {
  return parseConfig(doc.getElementById("cove-config")?.textContent);
}
