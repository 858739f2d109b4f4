// Drives the built worker bundle (py/cove/_static/web/worker-*.js) under Node with real Pyodide:
// a fake worker global scope, fetch for file:// URLs, then boot, run_all, UI values, an install
// and a bad command, each a numbered request (web/src/wire.ts). Prints a JSON summary for
// test_worker_pyodide.py.
import { readFile } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const STATIC = process.argv[2] ?? join(ROOT, "py", "cove", "_static");
const notebook = readFileSync(process.argv[3], "utf8");
const manifest = JSON.parse(readFileSync(join(STATIC, "web", "manifest.json"), "utf8"));

const events = [];
let waiter = null;
console.log = (...a) => process.stderr.write(a.join(" ") + "\n"); // keep stdout for the summary
globalThis.self = {
  onmessage: null,
  postMessage(text) {
    if (typeof text !== "string") throw new Error(`the worker posted a non-string: ${typeof text}`);
    events.push(JSON.parse(text));
    if (waiter && waiter.test(events[events.length - 1])) {
      const w = waiter;
      waiter = null;
      w.resolve();
    }
  },
};
const realFetch = globalThis.fetch;
globalThis.fetch = async (url, opts) => {
  const u = String(url);
  if (!u.startsWith("file:")) return realFetch(url, opts);
  try {
    return new Response(await readFile(fileURLToPath(u)), { status: 200 });
  } catch {
    return new Response("not found", { status: 404, statusText: "Not Found" });
  }
};
const until = (test, ms = 120_000) =>
  new Promise((resolve, reject) => {
    if (events.some(test)) return resolve();
    waiter = { test, resolve };
    setTimeout(() => reject(new Error(`timed out; last events: ${JSON.stringify(events.slice(-5))}`)), ms).unref();
  });
let seq = 0;
const send = (command) => self.onmessage({ data: { kind: "command", seq: ++seq, text: JSON.stringify(command) } });
const doneWith = (n) => (e) => e.type === "worker_done" && e.seq === n;

await import(pathToFileURL(join(STATIC, "web", manifest["worker.js"])).href);
const t0 = performance.now();
self.onmessage({
  data: {
    kind: "boot",
    interrupt: null,
    config: JSON.stringify({
      pyodideURL: pathToFileURL(join(STATIC, "pyodide")).href + "/",
      lockURL: pathToFileURL(join(STATIC, "pyodide-lock.json")).href,
      code: notebook,
      filename: "nb.py",
      mode: "autorun",
    }),
  },
});
await until((e) => e.type === "notebook" || (e.type === "kernel_status" && e.state === "error"));
const bootMs = performance.now() - t0;
const bootError = events.find((e) => e.type === "kernel_status" && e.state === "error");
if (bootError) {
  process.stdout.write(JSON.stringify({ bootError: bootError.message }) + "\n");
  process.exit(0);
}
send({ type: "run_all" });
await until(doneWith(1));
const afterRun = events.length;
const slider = JSON.stringify(events).match(/data-cove-id=\\"([^\\"]+)\\"/)[1];
// Three batches posted at once: the worker runs each as the page sent it (the page coalesces).
self.onmessage({ data: "a bare string is not a request" });
for (const value of [4, 9, 7]) send({ type: "set_ui_values", updates: [{ element_id: slider, value }] });
await until(doneWith(4));
// Not in the site's lock nor on any index (or the index is unreachable): answered with the problem.
self.onmessage({ data: { kind: "install", seq: ++seq, modules: ["cove_nowhere_xyz"] } });
await until(doneWith(5));
send({ type: "no_such_command" });
await until(doneWith(6));
const burst = events.slice(afterRun);
process.stdout.write(JSON.stringify({
  bootMs,
  slider,
  loading: events.filter((e) => e.type === "kernel_status" && e.state === "loading").map((e) => e.message),
  types: [...new Set(events.map((e) => e.type))],
  burstRuns: burst.filter((e) => e.type === "cell_status" && e.status === "running").length,
  burstDone: burst.filter((e) => e.type === "worker_done").map((e) => e.seq),
  installed: events.filter((e) => e.type === "installed"),
  lastOutputs: Object.fromEntries(events.filter((e) => e.type === "cell_output" && e.output).map((e) => [e.id, e.output["text/plain"] ?? null])),
  commandErrors: events.filter((e) => e.type === "command_error").map((e) => e.message),
}) + "\n");
process.exit(0);
