// Run a Python script inside Pyodide under Node, with the host's file system at /host:
//
//   node tools/pyc/pyodide.mjs [--lock LOCK.json] [--stdlib ZIP] [--env K=V]... SCRIPT.py [ARGS...]
//
// Used by tools/stdlib_trim.py for what only Pyodide's own Python (3.14, its magic number) can do:
// compile .pyc files, and list the modules a Cove boot imports. --lock installs every package of
// a pyodide-lock.json (wheel paths relative to it) before the script runs; --stdlib boots from
// another standard-library zip (as loadPyodide's stdLibURL). Host paths given to the script must
// be absolute and are seen under /host. Exit status: 0, or 1 with the traceback on stderr.
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

const argv = process.argv.slice(2);
const opts = { lock: null, stdlib: null, env: {} };
while (argv.length && argv[0].startsWith("--")) {
  const flag = argv.shift();
  if (flag === "--lock") opts.lock = resolve(argv.shift());
  else if (flag === "--stdlib") opts.stdlib = resolve(argv.shift());
  else if (flag === "--env") {
    const [k, ...v] = argv.shift().split("=");
    opts.env[k] = v.join("=");
  } else {
    process.stderr.write(`pyodide.mjs: unknown option ${flag}\n`);
    process.exit(2);
  }
}
const [script, ...args] = argv;
if (!script) {
  process.stderr.write("usage: pyodide.mjs [--lock LOCK] [--stdlib ZIP] SCRIPT.py [ARGS...]\n");
  process.exit(2);
}

// Pyodide's "Loading cove..." lines go to stderr: stdout is the script's.
console.log = (...a) => process.stderr.write(a.join(" ") + "\n");
const { loadPyodide } = await import(pathToFileURL(resolve(ROOT, "node_modules/pyodide/pyodide.mjs")).href);
const config = {
  indexURL: resolve(ROOT, "node_modules/pyodide") + "/",
  env: opts.env,
  stdout: (s) => process.stdout.write(s + "\n"),
  stderr: (s) => process.stderr.write(s + "\n"),
};
if (opts.stdlib) config.stdLibURL = opts.stdlib;
if (opts.lock) {
  config.lockFileURL = opts.lock;
  config.packages = Object.keys(JSON.parse(readFileSync(opts.lock, "utf8")).packages);
}
const pyodide = await loadPyodide(config);
pyodide.FS.mkdirTree("/host");
pyodide.FS.mount(pyodide.FS.filesystems.NODEFS, { root: "/" }, "/host");
pyodide.globals.set("_argv", pyodide.toPy([resolve(script), ...args]));
try {
  await pyodide.runPythonAsync(`
import sys
sys.argv = list(_argv)
del _argv
_path = "/host" + sys.argv[0]
with open(_path) as _f:
    _code = compile(_f.read(), sys.argv[0], "exec")
exec(_code, {"__name__": "__main__", "__file__": sys.argv[0]})
`);
} catch (e) {
  process.stderr.write(String(e.message ?? e) + "\n");
  process.exit(1);
}
process.exit(0);
