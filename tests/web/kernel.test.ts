// The kernel client (web/src/kernel.ts): numbers requests per worker and settles each one only
// on the worker_done naming its seq.
import assert from "node:assert/strict";
import { test } from "node:test";
import { KernelClient } from "../../web/src/kernel";
import { FakeWorker } from "./fake_worker";

const BOOT = { pyodideURL: "http://x/pyodide/", lockURL: "http://x/lock.json", filename: "nb.py", code: "", mode: "autorun" as const };

function client() {
  const workers: FakeWorker[] = [];
  const done: [number, string][] = [];
  const k = new KernelClient<string>(
    () => {
      const w = new FakeWorker();
      workers.push(w);
      return w;
    },
    { message: () => {}, done: (seq, what) => done.push([seq, what]), crashed: () => {} },
  );
  k.start(BOOT);
  return { k, workers, done };
}

test("each reply settles the request it names, once; unknown and repeated seqs are ignored", () => {
  const { k, workers, done } = client();
  const a = k.send({ type: "run_all" }, "a");
  const b = k.install(["plotly"], "b");
  assert.deepEqual([a, b], [1, 2]);
  workers[0]!.emit({ type: "worker_done", seq: 7 });
  workers[0]!.finish(b);
  workers[0]!.finish(b);
  assert.deepEqual(done, [[2, "b"]]);
  assert.deepEqual(k.inFlight(), [[1, "a"]]);
  assert.equal(k.awaiting(b), undefined);
});

test("a new worker counts from 1 again, and the old one's replies are not its", () => {
  const { k, workers, done } = client();
  k.send({ type: "run_all" }, "old");
  k.start(BOOT);
  assert.equal(k.send({ type: "run_stale" }, "new"), 1);
  workers[0]!.finish(1);
  assert.deepEqual(done, []);
  workers[1]!.finish(1);
  assert.deepEqual(done, [[1, "new"]]);
});

test("serialize carries its own seq, so the notebook_text answering it can name it", () => {
  const { k, workers } = client();
  k.send({ type: "run_all" }, "run");
  const seq = k.send((s) => ({ type: "serialize", seq: s }), "text");
  assert.deepEqual(workers[0]!.requests.at(-1), { kind: "command", seq, text: JSON.stringify({ type: "serialize", seq }) });
});
