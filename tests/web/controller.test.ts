import assert from "node:assert/strict";
import { test } from "node:test";
import { Controller } from "../../web/src/controller";
import { FakeWorker, fakePerf } from "./fake_worker";

const NOTEBOOK = {
  type: "notebook",
  mode: "autorun",
  filename: "nb.py",
  app_options: {},
  cells: [
    { id: "c0", name: "_", code: "n = slider", kind: "cell", hide_code: false, disabled: false, defs: ["n"], refs: [] },
    { id: "c1", name: "_", code: "n.value", kind: "cell", hide_code: false, disabled: false, defs: [], refs: ["n"] },
  ],
};

function setup(autoRun = true) {
  const workers: FakeWorker[] = [];
  const p = fakePerf();
  const c = new Controller({
    boot: { pyodideURL: "http://x/pyodide/", lockURL: "http://x/pyodide-lock.json", filename: "nb.py", code: "CODE" },
    snapshot: null,
    factory: () => {
      const w = new FakeWorker();
      workers.push(w);
      return w;
    },
    autoRun,
    perf: p.perf,
  });
  const w = () => workers[workers.length - 1]!;
  return { c, w, workers, p };
}

test("boot: the boot message carries the code; run_all follows the notebook event; ready after it ran", () => {
  const { c, w, p } = setup();
  c.start();
  const boot = w().posted[0] as { kind: string; config: string };
  assert.equal(boot.kind, "boot");
  assert.equal(JSON.parse(boot.config).code, "CODE");
  assert.equal(c.indicator, "loading");
  w().emit({ type: "kernel_status", state: "loading", message: "Installing…" });
  assert.equal(c.state.kernelMessage, "Installing…");
  w().emit(NOTEBOOK);
  w().emit({ type: "kernel_status", state: "ready", message: "" });
  assert.deepEqual(w().commands.map((m) => m.type), ["run_all"]);
  assert.equal(c.indicator, "loading", "not ready before the notebook ran");
  assert.deepEqual(p.marks, ["cove:kernel-ready"]);
  w().emit({ type: "kernel_status", state: "busy" });
  w().emit({ type: "cell_output", id: "c1", output: { "text/plain": "3" }, mode: "replace", run_id: 2 });
  w().emit({ type: "kernel_status", state: "ready" });
  w().done();
  assert.equal(c.indicator, "ready");
  assert.deepEqual(p.marks, ["cove:kernel-ready", "cove:interactive"]);
});

test("a share link boots the kernel but runs nothing until asked", () => {
  const { c, w } = setup(false);
  c.start();
  w().emit(NOTEBOOK);
  assert.deepEqual(w().commands, []);
  assert.equal(c.indicator, "ready");
  assert.equal(c.awaitingRun, true);
  c.runAll();
  assert.deepEqual(w().commands.map((m) => m.type), ["run_all"]);
  assert.equal(c.awaitingRun, false);
});

function booted() {
  const s = setup();
  s.c.start();
  s.w().emit(NOTEBOOK);
  s.w().done();
  return s;
}

test("busy from the moment a command is sent until the worker has handled it", () => {
  const { c, w } = booted();
  assert.equal(c.indicator, "ready");
  c.runCells([{ id: "c0", code: "n = 2" }]);
  assert.equal(c.indicator, "busy");
  assert.equal(c.state.cells[0]!.code, "n = 2", "the page owns the code text");
  w().emit({ type: "kernel_status", state: "ready" });
  assert.equal(c.indicator, "busy", "a ready of an earlier command does not count");
  w().done();
  assert.equal(c.indicator, "ready");
});

test("UI values: one set_ui_values in flight; the rest coalesce, last value wins, none lost", () => {
  const { c, w, p } = booted();
  c.setUiValue("s", 1, 10);
  c.setUiValue("s", 2, 11);
  c.setUiValue("t", "x", 12);
  c.setUiValue("s", 3, 13);
  const sent = () => w().commands.filter((m) => m.type === "set_ui_values");
  assert.equal(sent().length, 1);
  assert.deepEqual(sent()[0]!.updates, [{ element_id: "s", value: 1 }]);
  assert.equal(c.indicator, "busy");
  w().done();
  assert.equal(sent().length, 2);
  assert.deepEqual(sent()[1]!.updates, [{ element_id: "t", value: "x" }, { element_id: "s", value: 3 }]);
  p.advance(5);
  w().done();
  assert.equal(c.indicator, "ready");
  const updates = p.measures.filter((m) => m.name === "cove:update");
  assert.equal(updates.length, 2);
  assert.equal(updates[1]!.start, 13, "timed from the newest input the update carries");
});

test("notebook_text answers serialize", async () => {
  const { c, w } = booted();
  const text = c.serialize();
  w().emit({ type: "notebook_text", text: "FILE" });
  assert.equal(await text, "FILE");
});

test("structural edits are applied at once and sent with page-chosen ids", () => {
  const { c, w } = booted();
  const id = c.addCell(1, "x = 1");
  assert.deepEqual(c.state.cells.map((x) => x.id), ["c0", id, "c1"]);
  c.moveCell("c1", 0);
  c.deleteCell("c0");
  assert.deepEqual(c.state.cells.map((x) => x.id), ["c1", id]);
  assert.deepEqual(w().commands.slice(-3), [
    { type: "add_cell", id, index: 1, code: "x = 1" },
    { type: "move_cell", id: "c1", index: 0 },
    { type: "delete_cell", id: "c0" },
  ]);
});

test("restart: a new worker boots from the latest notebook text; old workers are ignored", async () => {
  const { c, w, workers } = booted();
  const restarting = c.restart();
  w().emit({ type: "notebook_text", text: "SAVED TEXT" });
  await restarting;
  assert.equal(workers.length, 2);
  assert.equal(workers[0]!.terminated, true);
  assert.equal(JSON.parse((workers[1]!.posted[0] as { config: string }).config).code, "SAVED TEXT");
  assert.equal(c.indicator, "loading");
  workers[0]!.emit({ type: "kernel_status", state: "error", message: "late" });
  assert.notEqual(c.indicator, "error");
  workers[1]!.emit(NOTEBOOK);
  assert.deepEqual(workers[1]!.commands.map((m) => m.type), ["restore"], "the page's cells replace the file's");
});

test("Stop without an interrupt buffer restarts the worker", () => {
  const { c, workers } = booted();
  c.runAll();
  assert.equal(c.stop(), "restarted");
});

test("a worker that fails to load shows error", () => {
  const { c, w } = setup();
  c.start();
  w().onerror?.({ message: "404 worker.js", preventDefault() {} } as ErrorEvent);
  assert.equal(c.indicator, "error");
  assert.equal(c.state.kernelMessage, "404 worker.js");
});

test("a boot failure reported by the worker shows error with its message", () => {
  const { c, w } = setup();
  c.start();
  w().emit({ type: "kernel_status", state: "error", message: "Could not install cove: wheels/cove.whl: HTTP 404" });
  assert.equal(c.indicator, "error");
  assert.match(c.state.kernelMessage, /HTTP 404/);
});

test("after code changes, the file text is refreshed in the background without looking busy", async () => {
  const { c, w, workers } = booted();
  c.editCell("c0", "n = 9");
  w().done();
  assert.equal(w().commands.at(-1)!.type, "serialize");
  assert.equal(c.indicator, "ready");
  w().emit({ type: "notebook_text", text: "TEXT WITH n = 9" });
  w().done();
  c.runAll(); // now stuck in a loop: a restart cannot ask the kernel for its text
  await c.restart();
  assert.equal(JSON.parse((workers[1]!.posted[0] as { config: string }).config).code, "TEXT WITH n = 9");
});
