// A restart (Stop without an interrupt buffer, a crash, the Restart button) boots a new worker
// and brings it to the page's state: the page's current code and cell ids, the cells that were
// running held back, the reader's UI values applied again.
import assert from "node:assert/strict";
import { test } from "node:test";
import { INTERRUPT_GRACE_MS } from "../../web/src/controller";
import { NOTEBOOK, controllerWith } from "./fake_worker";

function booted(opts: { live?: Record<string, string>; restorable?: (id: string) => boolean } = {}) {
  const s = controllerWith({
    boot: { pyodideURL: "http://x/pyodide/", lockURL: "http://x/lock.json", filename: "nb.py", code: "FILE" },
    liveCode: (id) => opts.live?.[id] ?? null,
    ...(opts.restorable ? { restorable: opts.restorable } : {}),
  });
  s.c.start();
  s.w().emit(NOTEBOOK);
  s.w().done();
  return s;
}

test("Stop restarts with the page's code, holds the running cell and keeps UI values", async () => {
  const { c, w, workers } = booted({ live: { c1: "while True: pass  # typed, not yet reported" } });
  c.setUiValue("c0-0", 7, 1);
  w().done();
  const added = c.addCell(2, "z = 1");
  c.runCells([{ id: "c1", code: "while True: pass" }]);
  w().emit({ type: "cell_status", id: "c1", status: "running", run_id: 9 });
  assert.equal(c.stop(), "restarted");
  await new Promise((r) => setTimeout(r, 0));
  assert.equal(workers.length, 2);
  assert.equal(workers[0]!.terminated, true);
  assert.equal(JSON.parse((w().posted[0] as { config: string }).config).code, "FILE", "the header comes from the file text");
  w().emit(NOTEBOOK); // the file as the new worker read it: not shown, replaced
  const [restore] = w().commands;
  assert.equal(restore!.type, "restore");
  assert.deepEqual((restore!["cells"] as { id: string; code: string }[]).map((x) => [x.id, x.code]), [
    ["c0", "n = slider"],
    ["c1", "while True: pass  # typed, not yet reported"],
    [added, "z = 1"],
  ]);
  assert.deepEqual(restore!["stopped"], ["c1"]);
  assert.match(String(restore!["reason"]), /Stopped/);
  assert.deepEqual(restore!["ui_values"], [{ element_id: "c0-0", value: 7 }]);
  assert.equal(restore!["run"], true);
  assert.deepEqual(c.state.cells.map((x) => x.id), ["c0", "c1", added], "the stale notebook event did not replace the page's cells");
  w().done();
  assert.equal(c.indicator, "ready");
});

test("a manual restart does not bring back UI values; buttons are never replayed", async () => {
  const { c, w } = booted({ restorable: (id) => id !== "btn" });
  c.setUiValue("btn", 1, 1);
  w().done();
  const crash = c.restart("crash");
  w().emit({ type: "notebook_text", text: "FILE", seq: w().seqOf("serialize") });
  await crash;
  w().emit(NOTEBOOK);
  assert.deepEqual(w().commands[0]!["ui_values"], [], "a button click is not state");
  c.setUiValue("s", 3, 2); // waits on the page while the kernel restores
  w().done(); // the restore: ready, and the value goes
  w().done(); // the value
  const manual = c.restart("manual");
  w().emit({ type: "notebook_text", text: "FILE", seq: w().seqOf("serialize") });
  await manual;
  w().emit(NOTEBOOK);
  assert.deepEqual(w().commands[0]!["ui_values"], []);
});

// As on a cross-origin isolated page: the kernel client gets an interrupt buffer at start.
function isolated<T>(f: () => T): T {
  const g = globalThis as { crossOriginIsolated?: boolean };
  g.crossOriginIsolated = true;
  try {
    return f();
  } finally {
    delete g.crossOriginIsolated;
  }
}

test("an interrupt that does not end the command in time falls back to a restart", async () => {
  const { c, w, workers } = isolated(() => booted());
  const buffer = new Int32Array((workers[0]!.posted[0] as { interrupt: SharedArrayBuffer }).interrupt);
  c.runAll();
  w().emit({ type: "cell_status", id: "c1", status: "running", run_id: 3 });
  assert.equal(c.stop(), "interrupted");
  assert.equal(Atomics.load(buffer, 0), 2, "SIGINT written to the shared buffer");
  await new Promise((r) => setTimeout(r, INTERRUPT_GRACE_MS + 100));
  assert.equal(workers.length, 2, "restarted after the grace period");
  w().emit(NOTEBOOK);
  assert.deepEqual(w().commands[0]!["stopped"], ["c1"]);
});

test("an interrupt that ends the command in time does not restart", async () => {
  const { c, w, workers } = isolated(() => booted());
  c.runAll();
  assert.equal(c.stop(), "interrupted");
  w().done();
  await new Promise((r) => setTimeout(r, INTERRUPT_GRACE_MS + 100));
  assert.equal(workers.length, 1);
});

test("a copy restored from the browser shows its cells at once and boots them with Restore", () => {
  const spec = (id: string, code: string) => ({ id, code, name: "_", kind: "cell" as const, hide_code: false, disabled: false });
  const { c, workers } = controllerWith({ cells: [spec("k1", "a = 20"), spec("k2", "b = a")] });
  assert.deepEqual(c.state.cells.map((x) => [x.id, x.code]), [["k1", "a = 20"], ["k2", "b = a"]]);
  c.start();
  workers[0]!.emit(NOTEBOOK);
  assert.deepEqual(c.state.cells.map((x) => x.id), ["k1", "k2"], "the file's cells do not replace them");
  const [restore] = workers[0]!.commands;
  assert.equal(restore!.type, "restore");
  assert.deepEqual((restore!["cells"] as { id: string }[]).map((x) => x.id), ["k1", "k2"]);
  assert.deepEqual(restore!["stopped"], []);
});
