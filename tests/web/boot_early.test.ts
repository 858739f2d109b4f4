// The early worker start (web/src/boot/early.ts): main.js adopts the worker index.html started,
// once and only for the same script; the worker reads the Pyodide folder and lock from its hash.
import assert from "node:assert/strict";
import { test } from "node:test";
import { EARLY_GLOBAL, earlyURLs, sameURLs, takeEarlyWorker } from "../../web/src/boot/early";

function fakeWorker() {
  return { terminated: false, terminate() { this.terminated = true; } };
}

test("takeEarlyWorker: the early worker once, for the same script", () => {
  const worker = fakeWorker();
  const scope: Record<string, unknown> = { [EARLY_GLOBAL]: { url: "http://x/web/worker-A.js", worker } };
  assert.equal(takeEarlyWorker("http://x/web/worker-A.js", scope), worker);
  assert.equal(takeEarlyWorker("http://x/web/worker-A.js", scope), null, "a restart starts a new worker");
});

test("takeEarlyWorker: another script's worker is ended and not used", () => {
  const worker = fakeWorker();
  const scope: Record<string, unknown> = { [EARLY_GLOBAL]: { url: "http://x/web/worker-A.js", worker } };
  assert.equal(takeEarlyWorker("http://x/web/worker-B.js", scope), null);
  assert.equal(worker.terminated, true);
  assert.equal(takeEarlyWorker("http://x/web/worker-B.js", {}), null);
});

test("earlyURLs: from the worker's hash, absolute; nothing without them", () => {
  const hash = "#pyodide=" + encodeURIComponent("http://x/sub/pyodide/") + "&lock=" + encodeURIComponent("http://x/sub/pyodide-lock.json");
  assert.deepEqual(earlyURLs({ hash }), { pyodideURL: "http://x/sub/pyodide/", lockURL: "http://x/sub/pyodide-lock.json" });
  assert.equal(earlyURLs({ hash: "" }), null);
  assert.equal(earlyURLs(undefined), null);
  assert.equal(earlyURLs({ hash: "#pyodide=relative/" }), null);
  assert.equal(earlyURLs({ hash: "#pyodide=nope&lock=also" }), null);
  const a = { pyodideURL: "http://x/pyodide/", lockURL: "http://x/l.json" };
  assert.ok(sameURLs(a, { ...a }));
  assert.ok(!sameURLs(a, { ...a, lockURL: "http://y/l.json" }));
});
