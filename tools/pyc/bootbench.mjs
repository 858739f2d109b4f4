// Boot time of Pyodide under Node with a given standard library zip (tools/stdlib_trim.py):
//   node tools/pyc/bootbench.mjs [--stdlib ZIP] [--lock LOCK.json] [--notebook NB.py [--command CMD.json]]
// Prints one JSON line: ms to loadPyodide (with the lock's packages), to start the engine's
// Session and to run (or resume) the notebook. One boot per process: nothing is warm.
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const args = process.argv.slice(2);
const opt = (name) => (args.includes(name) ? resolve(args[args.indexOf(name) + 1]) : null);
const stdlib = opt("--stdlib");
const lock = opt("--lock");
const notebook = opt("--notebook");
console.log = () => {};
const t0 = performance.now();
const { loadPyodide } = await import(pathToFileURL(resolve(ROOT, "node_modules/pyodide/pyodide.mjs")).href);
const config = { indexURL: resolve(ROOT, "node_modules/pyodide") + "/" };
if (stdlib) {
  config.stdLibURL = stdlib;
  config.env = { COVE_STDLIB_REST: resolve(ROOT, "py/cove/_static/pyodide/stdlib-rest.zip") };
}
if (lock) {
  config.lockFileURL = lock;
  config.packages = Object.keys(JSON.parse(readFileSync(lock, "utf8")).packages);
}
const pyodide = await loadPyodide(config);
const t1 = performance.now();
const cpu = process.cpuUsage();
const out = { load_ms: Math.round(t1 - t0), cpu_ms: Math.round((cpu.user + cpu.system) / 1000) };
if (notebook) {
  // The first command after the Session starts: run_all, or the resume an export would send
  // (--command FILE: its JSON).
  const command = opt("--command") ? readFileSync(opt("--command"), "utf8") : '{"type": "run_all"}';
  pyodide.globals.set("_text", readFileSync(notebook, "utf8"));
  pyodide.globals.set("_command", command);
  const r = pyodide.runPython(`
import time, json
t0 = time.perf_counter()
from cove._runtime.session import Session
events = []
s = Session.from_text(_text, "nb.py", events.append)
t1 = time.perf_counter()
s.handle_json(_command)
t2 = time.perf_counter()
errors = [e for e in events if '"command_error"' in e]
json.dumps([(t1 - t0) * 1000, (t2 - t1) * 1000, errors])
`);
  const [session, run, errors] = JSON.parse(r);
  if (errors.length) throw new Error(errors.join("\n"));
  const cpu2 = process.cpuUsage();
  Object.assign(out, { session_ms: Math.round(session), run_ms: Math.round(run), total_cpu_ms: Math.round((cpu2.user + cpu2.system) / 1000) });
}
process.stdout.write(JSON.stringify(out) + "\n");
process.exit(0);
