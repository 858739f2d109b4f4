// The module Web Worker: boots Pyodide and the Cove engine, then passes command strings to the
// engine's Session and posts its event strings back. A thin adapter: notebook logic lives in
// Python; this file only loads things, reports load failures precisely, and merges bursts.
/// <reference lib="webworker" />
import type { PyodideInterface } from "pyodide";
import { flushPersistent, mountPersistent } from "./boot/persist";
import { type LockPackage, type Lockfile, closure, lockFileName, missingPackages, normalize, packagesForModules, readLock } from "./lock";
import { type Inbound, takeBatch } from "./merge";
import { type BootConfig, isBootMessage } from "./wire";
import { diagnoseCore, diagnosePackages, missingCoreFile } from "./diagnose";
import { assetURL, loaderOptions } from "./single/assets";
import { stdlibOptions } from "./boot/stdlib";
import { deferredPackages, engineAlone, installOnImport } from "./boot/deferred";
import { type EarlyURLs, earlyURLs, sameURLs } from "./boot/early";
import { Hub } from "./docs/hub-worker";
import { isToHub } from "./docs/hub-wire";
import { mountFiles, probeFiles } from "./files";

declare const self: DedicatedWorkerGlobalScope;

type Handle = (command: string) => unknown;

const inbox: Inbound[] = [];
let seq = 0;
let handle: Handle | null = null;
let draining = false;
let dead = false;
let interrupt: Int32Array | null = null;
type Runtime = { pyodide: PyodideInterface; lock: Lockfile; cfg?: BootConfig };
let runtime: Runtime | null = null;

function post(message: object): void {
  self.postMessage(JSON.stringify(message));
}

function status(state: "loading" | "error", message: string): void {
  post({ type: "kernel_status", state, message });
}

class BootError extends Error {}

self.onmessage = (e: MessageEvent<unknown>) => {
  if (isToHub(e.data)) return hub.receive(e.data); // a docs page: several notebooks (docs/hub-worker.ts)
  if (isBootMessage(e.data)) {
    if (e.data.interrupt) interrupt = new Int32Array(e.data.interrupt);
    void boot(JSON.parse(e.data.config) as BootConfig);
    return;
  }
  if (typeof e.data !== "string") return;
  inbox.push({ seq: ++seq, text: e.data });
  schedule();
};

// ------------------------------------------------------------------------------- boot stages

// Stages 1-4 need only the Pyodide folder and the lock. A worker the page started early (its URL
// carries them: boot/early.ts) starts them at once, before main.js has sent the boot message.
const earlyStart = earlyURLs(self.location);
let early: Promise<Runtime> | null = earlyStart ? loadRuntime(earlyStart) : null;
early?.catch(() => {}); // a failure is reported when the boot message awaits it

async function loadRuntime(urls: EarlyURLs): Promise<Runtime> {
  const [loadPyodide, { lock, text }] = await Promise.all([importPyodide(urls.pyodideURL), fetchLock(urls.lockURL)]);
  const pyodide = await startRuntime(loadPyodide, urls, lock, engineAlone(text)); // boot/deferred.ts
  checkPythonVersion(pyodide, lock, urls.lockURL);
  return { pyodide, lock };
}

async function boot(cfg: BootConfig): Promise<void> {
  try {
    status("loading", "Loading the Python runtime…");
    const started = early && earlyStart && sameURLs(earlyStart, cfg) ? early : loadRuntime(cfg);
    early = null;
    const { pyodide, lock } = await started;
    // Stop writes SIGINT here (cross-origin isolated pages only): KeyboardInterrupt in the cell.
    if (interrupt) pyodide.setInterruptBuffer(interrupt);
    status("loading", "Installing the Cove engine…");
    await loadEngine(pyodide, lock, cfg);
    status("loading", "Starting the notebook…");
    if (cfg.files) mountFiles(pyodide, cfg.files.probe ? { ...cfg.files, sizes: probeFiles(pyodide, cfg.files.base, cfg.code) } : cfg.files);
    runtime = { pyodide, lock, cfg };
    await mountPersistent(pyodide);
    handle = startSession(pyodide, cfg);
    schedule();
  } catch (err) {
    dead = true;
    const message = err instanceof BootError ? err.message : `Cove could not start: ${describe(err)}`;
    console.error(err);
    status("error", message);
  }
}

// 1. The Pyodide loader module, from the vendored folder (not a CDN: the site works offline).
async function importPyodide(pyodideURL: string): Promise<LoadPyodide> {
  const url = new URL("pyodide.mjs", pyodideURL).href;
  try {
    const mod = (await import(/* webpackIgnore: true */ assetURL(url))) as { loadPyodide: LoadPyodide };
    return mod.loadPyodide;
  } catch (err) {
    const why = (await diagnoseCore(pyodideURL)) ?? describe(err);
    throw new BootError(`Could not load ${url}: ${why}`);
  }
}

type LoadPyodide = typeof import("pyodide").loadPyodide;

// 2. Our lock file: which wheels the site ships (the engine and the notebook's dependencies).
async function fetchLock(lockURL: string): Promise<{ lock: Lockfile; text: string }> {
  let response: Response;
  try {
    response = await fetch(lockURL);
  } catch (err) {
    throw new BootError(`Could not fetch ${lockURL}: ${describe(err)}`);
  }
  if (!response.ok) throw new BootError(`${lockURL}: HTTP ${response.status} ${response.statusText}`);
  const text = await response.text();
  try {
    return { lock: readLock(text), text };
  } catch (err) {
    throw new BootError(`${lockURL} is not a valid pyodide-lock.json: ${describe(err)}`);
  }
}

// 3. The interpreter itself (pyodide.asm.wasm + the standard library).
async function startRuntime(load: LoadPyodide, cfg: EarlyURLs, lock: Lockfile, lockText: string): Promise<PyodideInterface> {
  const watchdog = missingCoreFile(cfg.pyodideURL);
  const missing = watchdog.found.then((problem) => {
    throw new BootError(`The Python runtime failed to start: ${problem}`);
  });
  try {
    const extra = await loaderOptions(cfg.pyodideURL); // only a single-file page has any
    const started = load({
      ...extra,
      ...stdlibOptions(cfg.pyodideURL, { forLoader: localPath, forSyncRequest: (u) => localPath(assetURL(u)) }),
      indexURL: localPath(cfg.pyodideURL),
      // Downloaded while the interpreter starts; loadEngine checks that it really loaded.
      packages: lock.packages["cove"] ? ["cove"] : [],
      lockFileContents: lockText,
      // Wheels in the lock are relative ("wheels/cove-….whl"): relative to the lock's folder.
      packageBaseUrl: localPath(new URL(".", cfg.lockURL).href),
      stdout: (line: string) => console.log(line),
      stderr: (line: string) => console.warn(line),
    });
    return await Promise.race([started, missing]);
  } catch (err) {
    if (err instanceof BootError) throw err;
    const why = (await diagnoseCore(cfg.pyodideURL)) ?? describe(err);
    throw new BootError(`The Python runtime failed to start: ${why}`);
  } finally {
    watchdog.cancel();
  }
}

// 4. A lock built for another Python cannot work: say so instead of failing on a wheel later.
function checkPythonVersion(pyodide: PyodideInterface, lock: Lockfile, lockURL: string): void {
  const running = String(pyodide.runPython("import sys; f'{sys.version_info[0]}.{sys.version_info[1]}'"));
  const wanted = lock.info.python.split(".").slice(0, 2).join(".");
  if (running !== wanted) {
    throw new BootError(
      `${lockURL} was made for Python ${lock.info.python}, but this Pyodide runs Python ${running}: ` +
        "rebuild the site with the same Pyodide (python build.py / cove export).",
    );
  }
}

// 5. The engine wheel and what the notebook imports. loadPackage does not reject when a download
//    fails, so afterwards we check what actually loaded and name what did not.
async function loadEngine(pyodide: PyodideInterface, lock: Lockfile, cfg: BootConfig): Promise<void> {
  const errors: string[] = [];
  const options = { errorCallback: (m: string) => errors.push(m), messageCallback: () => {} };
  const wanted = new Set(["cove"]);
  if (!lock.packages["cove"]) throw new BootError(`${cfg.lockURL} does not list the cove engine wheel`);
  // Already loaded at startup when all went well (then this returns at once); on a failed
  // download it tries again and reports why through errorCallback.
  await pyodide.loadPackage([...wanted], options);
  try {
    const found = await pyodide.loadPackagesFromImports(cfg.code, options);
    for (const p of found) wanted.add(p.name);
  } catch (err) {
    errors.push(describe(err)); // an unreadable file is the engine's to report, not ours
  }
  const deferred = deferredPackages(lock, pyodide.loadedPackages); // installed on first import
  const base = new URL(".", cfg.lockURL).href;
  const failed = missingPackages(lock, closure(lock, wanted), pyodide.loadedPackages).filter((p) => !deferred.includes(normalize(p)));
  if (failed.length) {
    const why = await diagnosePackages(failed.map((name) => [name, lockFileName(lock, name, base)]));
    throw new BootError(`Could not install ${failed.join(", ")}: ${why || errors.join("; ") || "unknown error"}`);
  }
  installOnImport(pyodide, lock, base, (u) => localPath(assetURL(u)));
}

// 6. The engine's Session, running in the notebook's folder (files.ts). Only strings cross:
//    `emit` receives one JSON string per event.
function startSession(pyodide: PyodideInterface, cfg: BootConfig, emit = (event: string) => self.postMessage(event)): Handle {
  const start = pyodide.runPython(`
def _cove_start(text, filename, emit, mode, folder, query=""):
    from cove._runtime.session import Session
    global _cove_session
    _cove_session = Session.from_text(text, filename, emit, mode, folder, query=query)
    return _cove_session.handle_json
_cove_start
`) as ((...args: unknown[]) => Handle) & { destroy(): void };
  try {
    const py = start(cfg.code, cfg.filename, emit, cfg.mode, cfg.files?.folder, cfg.query ?? "") as Handle & { callPromising?: (text: string) => Promise<unknown> };
    // With JavaScript Promise Integration, a call made "promising" lets Python block on a
    // coroutine (pyodide.ffi.run_sync): cells with top-level `await` then run to completion.
    const jspi = typeof (WebAssembly as unknown as { Suspending?: unknown }).Suspending === "function";
    const promising = py.callPromising;
    return jspi && typeof promising === "function" ? (text: string) => promising.call(py, text) : py;
  } catch (err) {
    throw new BootError(`The Cove engine failed to open ${cfg.filename}: ${lastLine(describe(err))}`);
  } finally {
    start.destroy();
  }
}

// --------------------------------------------------------------------------------- commands

// Commands wait in the inbox while Python runs (the worker is single-threaded); after each batch
// we yield one macrotask so that messages posted meanwhile are delivered, then merge bursts.
function schedule(): void {
  if (draining || !handle || dead) return;
  draining = true;
  yieldTask(drainOne);
}

async function drainOne(): Promise<void> {
  const batch = takeBatch(inbox);
  if (batch && handle && !dead) {
    if (interrupt) Atomics.store(interrupt, 0, 0); // a Stop pressed before this command is void
    try {
      await execute(handle, batch.text);
    } catch (err) {
      if (isFatal(err)) {
        dead = true;
        status("error", `The Python runtime crashed: ${lastLine(describe(err))}. Restart the kernel; your code is kept.`);
      } else {
        post({ type: "command_error", message: lastLine(describe(err)) });
      }
    }
    if (runtime) flushPersistent(runtime.pyodide);
    post({ type: "worker_done", through: batch.through });
  }
  draining = false;
  if (inbox.length) schedule();
}

async function execute(session: Handle, command: string): Promise<void> {
  const text = command.includes('"install_modules"') ? await installModules(command) : command;
  if (text === null) return;
  const result = session(text);
  if (isThenable(result)) await result;
  destroyProxy(result);
}

// ------------------------------------------------------------------- several notebooks (docs)

// One runtime for every notebook of a docs page: stages 1-5 once (the packages step again for
// each notebook's imports), then a Session per notebook.
let shared: Promise<Runtime> | null = null;
const hub = new Hub({
  async open(cfg, emit) {
    try {
      shared ??= loadRuntime(cfg);
      const { pyodide, lock } = await shared;
      runtime = { pyodide, lock, cfg };
      await loadEngine(pyodide, lock, cfg);
      return startSession(pyodide, cfg, emit);
    } catch (err) {
      console.error(err);
      throw new BootError(err instanceof BootError ? err.message : `Cove could not start: ${describe(err)}`);
    }
  },
  execute,
  // undefined turns interrupts off (Pyodide's documented way): no checks while a notebook without a buffer runs.
  interruptWith: (buffer) => runtime?.pyodide.setInterruptBuffer(buffer ?? (undefined as unknown as Int32Array)),
  close: destroyProxy,
  isFatal,
  describe: (err) => lastLine(describe(err)),
  post: (message) => self.postMessage(message),
  yieldTask,
});

// Install what the reader agreed to install and pass on to the engine only the modules that are
// now importable: it records their packages in the notebook's PEP 723 header and re-runs the
// cells that failed to import them. Packages the site's lock lists load from the site; others
// come from `cove edit`'s server (which resolves them like an export) or, on a static page,
// from a package index through micropip.
async function installModules(text: string): Promise<string | null> {
  const msg = JSON.parse(text) as { type?: unknown; modules?: unknown };
  if (!runtime || msg.type !== "install_modules" || !Array.isArray(msg.modules)) return text;
  const modules = msg.modules.map(String);
  const cfg = runtime.cfg!;
  const problems: string[] = [];
  const { packages, unknown } = packagesForModules(runtime.lock, modules);
  const fromLock = await loadFromLock(packages, problems);
  let installed = modules.filter((m) => !unknown.includes(m) && fromLock.has(packagesForModules(runtime!.lock, [m]).packages[0] ?? ""));
  if (unknown.length) {
    const more = cfg.install ? await installFromServer(cfg.install, unknown, problems) : await installFromIndex(unknown, cfg.indexURLs ?? null, problems);
    installed = [...installed, ...more];
  }
  if (problems.length) post({ type: "command_error", message: `Could not install: ${problems.join("; ")}` });
  return installed.length ? JSON.stringify({ type: "install_modules", modules: installed }) : null;
}

// Lock packages (and what they depend on); returns the ones that loaded.
async function loadFromLock(packages: readonly string[], problems: string[]): Promise<Set<string>> {
  const { pyodide, lock } = runtime!;
  if (!packages.length) return new Set();
  const errors: string[] = [];
  await pyodide.loadPackage([...packages], { errorCallback: (m: string) => errors.push(m), messageCallback: () => {} });
  const failed = notLoaded(lock, packages, errors, problems);
  return new Set(packages.filter((p) => !failed.some((f) => closure(lock, [p]).has(f))));
}

// The packages (with what they depend on) that did not load, each added to `problems` with the
// loader's messages: loadPackage does not reject on a failed download.
function notLoaded(lock: Lockfile, packages: Iterable<string>, errors: readonly string[], problems: string[]): string[] {
  const failed = missingPackages(lock, closure(lock, packages), runtime!.pyodide.loadedPackages);
  for (const p of failed) problems.push(`${p} failed to load${errors.length ? ` (${errors.join("; ")})` : ""}`);
  return failed;
}

// `cove edit`: the server resolves the modules' packages (PyPI, the Pyodide distribution, its
// cache) and answers with lock entries; their wheels load from the server by URL.
async function installFromServer(endpoint: NonNullable<BootConfig["install"]>, modules: string[], problems: string[]): Promise<string[]> {
  const { pyodide } = runtime!;
  let answer: { packages?: LockPackage[]; error?: string };
  try {
    const r = await fetch(endpoint.url, {
      method: "POST",
      headers: { "Content-Type": "application/json", [endpoint.header]: endpoint.token },
      body: JSON.stringify({ modules }),
    });
    answer = (await r.json()) as typeof answer;
    if (!r.ok && !answer.error) answer.error = `HTTP ${r.status}`;
  } catch (err) {
    problems.push(`${modules.join(", ")}: the cove edit server could not be reached (${describe(err)})`);
    return [];
  }
  if (answer.error || !answer.packages) {
    problems.push(answer.error ?? "the server sent no packages");
    return [];
  }
  const added: Record<string, LockPackage> = {};
  for (const p of answer.packages) added[normalize(p.name)] = p;
  const lock: Lockfile = { ...runtime!.lock, packages: { ...runtime!.lock.packages, ...added } };
  runtime!.lock = lock;
  const base = new URL(".", runtime!.cfg!.lockURL).href;
  const have = new Set(Object.keys(pyodide.loadedPackages).map(normalize));
  const urls = Object.entries(added).filter(([k]) => !have.has(k)).map(([, p]) => new URL(p.file_name, base).href);
  const errors: string[] = [];
  if (urls.length) await pyodide.loadPackage(urls, { errorCallback: (m: string) => errors.push(m), messageCallback: () => {} });
  const { packages, unknown } = packagesForModules(lock, modules);
  const failed = notLoaded(lock, packages, errors, problems);
  for (const m of unknown) problems.push(`${m}: no installed package provides this module`);
  return modules.filter((m) => !unknown.includes(m) && !failed.some((f) => closure(lock, packagesForModules(lock, [m]).packages).has(normalize(f))));
}

// A static page: micropip, which looks in the site's lock first and then in the index
// (cove/_runtime/install.py says why a package could not be had, offline included).
async function installFromIndex(modules: string[], indexURLs: readonly string[] | null, problems: string[]): Promise<string[]> {
  const { pyodide, lock } = runtime!;
  if (!lock.packages["micropip"]) {
    problems.push(...modules.map((m) => `${m} is not bundled with this site`));
    return [];
  }
  if (!(await loadFromLock(["micropip"], problems)).size) return [];
  const install = pyodide.runPython("from cove._runtime.install import install_json; install_json") as ((req: string) => Promise<string>) & { destroy(): void };
  try {
    const out = JSON.parse(await install(JSON.stringify({ modules, index_urls: indexURLs }))) as { installed: string[]; problems: string[] };
    problems.push(...out.problems);
    return out.installed;
  } catch (err) {
    problems.push(`${modules.join(", ")}: ${lastLine(describe(err))}`);
    return [];
  } finally {
    install.destroy();
  }
}

// A MessageChannel task rather than setTimeout(0): nested timeouts are clamped to 4 ms.
const channel = new MessageChannel();
const pending: (() => void)[] = [];
channel.port1.onmessage = () => pending.shift()?.();
function yieldTask(f: () => void): void {
  pending.push(f);
  channel.port2.postMessage(null);
}

// -------------------------------------------------------------------------------- helpers

function isThenable(x: unknown): x is PromiseLike<unknown> {
  return typeof x === "object" && x !== null && typeof (x as { then?: unknown }).then === "function";
}

function destroyProxy(x: unknown): void {
  if (typeof x === "object" && x !== null && typeof (x as { destroy?: unknown }).destroy === "function") {
    (x as { destroy(): void }).destroy();
  }
}

// A Python exception leaves the interpreter usable; anything else (a wasm trap, a JS stack
// overflow inside the runtime) means Pyodide is dead and only a restart helps.
function isFatal(err: unknown): boolean {
  return !(err instanceof Error && err.name === "PythonError");
}

// Pyodide under Node (the worker's tests) wants a path, not a file: URL, for its own folder;
// browsers never see file: URLs here.
function localPath(url: string): string {
  return url.startsWith("file:") ? decodeURIComponent(new URL(url).pathname) : url;
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function lastLine(text: string): string {
  const lines = text.trim().split("\n");
  return lines[lines.length - 1] ?? text;
}
