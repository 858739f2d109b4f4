// Run Python snippets inside real Pyodide under Node, with the wheels that build.py put in
// py/cove/_static/ installed offline from our pyodide-lock.json.
//
//   node tests/node/run_in_pyodide.mjs SNIPPET.py     prints the value of the snippet's last
//                                                     expression as JSON; exit 1 + traceback on
//                                                     stderr when it raises
//   node tests/node/run_in_pyodide.mjs --serve        one boot, many snippets: reads JSON lines
//                                                     {"id", "code"} on stdin, answers one JSON
//                                                     line {"id", "ok", "value" | "error",
//                                                     "stdout", "stderr"} each (after a first
//                                                     {"ready": true, ...} line)
//   options: --static DIR (default py/cove/_static)
//
// Values that are not JSON become their repr(). Snippets share one interpreter (sys.modules,
// installed packages) but each gets a fresh globals dict.
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

function parseArgs(argv) {
  const opts = { staticDir: resolve(ROOT, "py/cove/_static"), serve: false, file: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--serve") opts.serve = true;
    else if (a === "--static") opts.staticDir = resolve(argv[++i]);
    else if (!a.startsWith("--") && opts.file === null) opts.file = a;
    else fail(`unknown argument ${a}`);
  }
  if (!opts.serve && opts.file === null) fail("usage: run_in_pyodide.mjs [--static DIR] (SNIPPET.py | --serve)");
  return opts;
}

function fail(message, code = 2) {
  process.stderr.write(`run_in_pyodide: ${message}\n`);
  process.exit(code);
}

// Evaluated once after boot: runs a snippet in a fresh namespace and returns one JSON string, so
// only a string crosses from Python to JS (no proxies to leak or destroy).
const HELPER = `
import json, linecache, traceback
from pyodide.code import eval_code_async

def _cove_traceback(exc):
    # Start at the snippet's first frame: the runner's own frames are noise in a test report.
    tb = exc.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename != "<snippet>":
        tb = tb.tb_next
    if tb is None and isinstance(exc, SyntaxError):  # the snippet did not compile: no frames
        return "".join(traceback.format_exception_only(exc))
    return "".join(traceback.format_exception(type(exc), exc, tb or exc.__traceback__))

async def _cove_run_snippet(code):
    linecache.cache["<snippet>"] = (len(code), None, code.splitlines(True), "<snippet>")
    ns = {"__name__": "__main__"}
    try:
        value = await eval_code_async(code, ns, filename="<snippet>")
    except BaseException as exc:
        return json.dumps({"ok": False, "error": _cove_traceback(exc)})
    return json.dumps({"ok": True, "value": value}, default=repr)
_cove_run_snippet
`;

async function boot(staticDir) {
  const lockPath = resolve(staticDir, "pyodide-lock.json");
  let lock;
  try {
    lock = JSON.parse(readFileSync(lockPath, "utf8"));
  } catch (e) {
    fail(`cannot read ${lockPath} (${e.code ?? e.message}): run \`python build.py\` first`);
  }
  const names = Object.keys(lock.packages);
  // Pyodide's own console.log lines ("Loading cove...") must not mix with our JSON on stdout.
  console.log = (...args) => process.stderr.write(args.join(" ") + "\n");
  const { loadPyodide } = await import(pathToFileURL(resolve(ROOT, "node_modules/pyodide/pyodide.mjs")).href);
  const t0 = performance.now();
  // lockFileURL is a path in Node; wheels' relative file_name resolve against its folder, and
  // Node reads them from disk there (packageCacheDir defaults to it), so nothing is fetched.
  const pyodide = await loadPyodide({
    indexURL: resolve(ROOT, "node_modules/pyodide") + "/",
    lockFileURL: lockPath,
    packages: names,
  });
  const bootMs = Math.round(performance.now() - t0);
  const missing = names.filter((n) => !(n in pyodide.loadedPackages));
  if (missing.length) fail(`packages from ${lockPath} did not load: ${missing.join(", ")}`);
  for (const name of names) {
    for (const mod of lock.packages[name].imports) {
      try {
        pyodide.pyimport(mod).destroy();
      } catch (e) {
        fail(`package ${name} loaded but \`import ${mod}\` failed:\n${e.message}`);
      }
    }
  }
  return { pyodide, names, bootMs, run: pyodide.runPython(HELPER) };
}

async function runSnippet(session, code) {
  const out = [], err = [];
  session.pyodide.setStdout({ batched: (s) => out.push(s) });
  session.pyodide.setStderr({ batched: (s) => err.push(s) });
  try {
    const result = JSON.parse(await session.run(code));
    return { ...result, stdout: out.join("\n"), stderr: err.join("\n") };
  } finally {
    session.pyodide.setStdout({ batched: (s) => process.stderr.write(s + "\n") });
    session.pyodide.setStderr({ batched: (s) => process.stderr.write(s + "\n") });
  }
}

async function serve(session) {
  const write = (obj) => process.stdout.write(JSON.stringify(obj) + "\n");
  write({ ready: true, boot_ms: session.bootMs, packages: session.names, version: session.pyodide.version });
  // Lines are handled one at a time, in order: a snippet may await, the next waits for it.
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    if (!line.trim()) continue;
    let id = null;
    try {
      const msg = JSON.parse(line);
      id = msg.id ?? null;
      write({ id, ...(await runSnippet(session, msg.code)) });
    } catch (e) {
      write({ id, ok: false, error: `run_in_pyodide: ${e.stack ?? e}`, stdout: "", stderr: "" });
    }
  }
}

const opts = parseArgs(process.argv.slice(2));
const code = opts.file === null ? null : readFileSync(opts.file, "utf8");
const session = await boot(opts.staticDir);
if (opts.serve) {
  await serve(session);
} else {
  const result = await runSnippet(session, code);
  if (result.stdout) process.stderr.write(result.stdout + "\n");
  if (result.stderr) process.stderr.write(result.stderr + "\n");
  if (!result.ok) {
    process.stderr.write(result.error);
    process.exit(1);
  }
  process.stdout.write(JSON.stringify(result.value) + "\n");
}
