// The controller's boot phases and its replies matched by seq (web/src/controller.ts with
// phase.ts and kernel.ts): what the page does in each phase, and that only the reply naming a
// request's seq settles it.
import assert from "node:assert/strict";
import { test } from "node:test";
import { NOTEBOOK, controllerWith } from "./fake_worker";

function started() {
  const s = controllerWith();
  s.c.start();
  return s;
}

function ready() {
  const s = started();
  s.w().emit(NOTEBOOK);
  s.w().done();
  assert.equal(s.c.phase, "ready");
  return s;
}

test("phases: loading until the engine read the file, restoring while it runs, then ready", () => {
  const { c, w } = started();
  assert.equal(c.phase, "loading");
  w().emit(NOTEBOOK);
  assert.equal(c.phase, "restoring");
  assert.equal(c.indicator, "loading");
  w().finish(w().seqOf("run_all"));
  assert.equal(c.phase, "ready");
  assert.equal(c.indicator, "ready");
});

test("every request carries its own seq, counted per worker", () => {
  const { c, w } = ready();
  c.runStale();
  c.setUiValue("c0-0", 1, 1);
  assert.deepEqual(w().requests.map((r) => r.seq), [1, 2, 3]);
});

test("a reply with an unknown or already-settled seq changes nothing", () => {
  const { c, w } = ready();
  c.runCells([{ id: "c0", code: "n = 2" }]);
  const seq = w().seqOf("run_cells");
  w().emit({ type: "worker_done", seq: seq + 40 }); // never sent
  w().emit({ type: "worker_done", seq: 1 }); // the boot's run_all, settled already
  assert.equal(c.indicator, "busy", "only the reply naming run_cells' seq settles it");
  w().finish(seq);
  assert.equal(c.indicator, "ready");
});

test("replies are matched by seq, not by order: a later request may finish first", () => {
  const { c, w, p } = ready();
  c.runCells([{ id: "c0", code: "n = 2" }]);
  c.setUiValue("c0-0", 5, 100);
  const [run, ui] = [w().seqOf("run_cells"), w().seqOf("set_ui_values")];
  p.advance(10);
  w().finish(ui);
  assert.equal(p.measures.length, 1, "the update is timed when its own reply arrives");
  assert.equal(c.indicator, "busy", "run_cells is still in flight");
  w().finish(run);
  assert.equal(c.indicator, "ready");
});

test("serialize is answered by the notebook_text naming its seq, not by any notebook_text", async () => {
  const { c, w } = ready();
  let text: string | null = null;
  void c.serialize().then((t) => (text = t));
  const seq = w().seqOf("serialize");
  assert.deepEqual(w().commands.at(-1), { type: "serialize", seq });
  w().emit({ type: "notebook_text", text: "OLD", seq: seq - 1 });
  await Promise.resolve();
  assert.equal(text, null);
  w().emit({ type: "notebook_text", text: "NEW", seq });
  await Promise.resolve();
  assert.equal(text, "NEW");
});

test("a crash while restoring shows error, and the run finishing late does not make it ready", () => {
  const { c, w, p } = started();
  w().emit(NOTEBOOK);
  assert.equal(c.phase, "restoring");
  w().emit({ type: "kernel_status", state: "error", message: "The Python runtime crashed: abort. Restart the kernel; your code is kept." });
  assert.equal(c.phase, "crashed");
  assert.equal(c.indicator, "error");
  assert.match(c.state.kernelMessage, /crashed/);
  w().done(); // the worker still reports the run it could not finish
  assert.equal(c.phase, "crashed");
  assert.equal(c.indicator, "error");
  assert.equal(p.marks.includes("cove:interactive"), false);
});

test("a worker that dies while restoring shows error; a restart starts loading again", async () => {
  const { c, w, workers } = started();
  w().emit(NOTEBOOK);
  w().onerror?.({ message: "out of memory", preventDefault() {} } as ErrorEvent);
  assert.equal(c.phase, "crashed");
  assert.equal(c.state.kernelMessage, "out of memory");
  await c.restart("crash");
  assert.equal(workers.length, 2);
  assert.equal(c.phase, "loading");
  workers[0]!.done();
  assert.equal(c.phase, "loading", "the old worker's replies are not this one's");
});

test("UI changes wait on the page until ready, then go as one batch, last value per element", () => {
  const { c, w } = started();
  c.setUiValue("c0-0", 1, 1);
  w().emit(NOTEBOOK);
  c.setUiValue("c0-0", 2, 2);
  c.setUiValue("c0-1", "x", 3);
  assert.deepEqual(w().commands.map((m) => m.type), ["run_all"], "nothing but the boot's run while restoring");
  w().done();
  assert.deepEqual(w().commands.at(-1), { type: "set_ui_values", updates: [{ element_id: "c0-0", value: 2 }, { element_id: "c0-1", value: "x" }] });
});

test("an install is its own request; its answer names the seq and the page tells the engine", () => {
  const { c, w } = ready();
  c.installModules(["plotly", "nope"]);
  const install = w().requests.at(-1)!;
  assert.deepEqual(install, { kind: "install", seq: install.seq, modules: ["plotly", "nope"] });
  assert.equal(c.indicator, "busy");
  w().emit({ type: "installed", seq: install.seq + 1, modules: ["other"], problems: [] });
  assert.deepEqual(w().commands, [{ type: "run_all" }], "an answer to no install of ours is ignored");
  w().emit({ type: "installed", seq: install.seq, modules: ["plotly"], problems: ["nope: no package provides it"] });
  assert.deepEqual(w().commands.at(-1), { type: "install_modules", modules: ["plotly"] });
  assert.match(c.state.commandError ?? "", /Could not install: nope/);
  w().done();
  assert.equal(c.indicator, "ready");
});
