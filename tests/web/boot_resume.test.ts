// The first boot of an exported page sends `resume` (built from the config's snapshot and resume
// block) instead of run_all; any later boot, or a page without a usable prerender, runs all.
import assert from "node:assert/strict";
import { test } from "node:test";
import { resumeCommand } from "../../web/src/boot/resume";
import type { Event } from "../../web/src/protocol";
import { NOTEBOOK, controllerWith } from "./fake_worker";

const SNAPSHOT = [
  NOTEBOOK,
  { type: "cell_output", id: "c1", output: { "text/plain": "3" }, mode: "replace", run_id: 2 },
  { type: "cell_status", id: "c1", status: "idle", run_id: 2 },
] as unknown as Event[];
const INFO = { ui_cells: ["c0"], pending: [], after_run_id: 2 };

test("resumeCommand: the snapshot's cells and the export's resume block", () => {
  assert.deepEqual(resumeCommand(SNAPSHOT, INFO), {
    type: "resume",
    cells: [{ id: "c0", code: "n = slider" }, { id: "c1", code: "n.value" }],
    ui_cells: ["c0"],
    pending: [],
    after_run_id: 2,
    ui_values: [],
  });
});

test("resumeCommand: nothing usable -> null (the page runs all)", () => {
  assert.equal(resumeCommand(null, INFO), null);
  assert.equal(resumeCommand(SNAPSHOT, null), null);
  assert.equal(resumeCommand(SNAPSHOT, { ui_cells: "c0", pending: [], after_run_id: 2 }), null);
  assert.equal(resumeCommand(SNAPSHOT, { ui_cells: [], pending: [] }), null);
  assert.equal(resumeCommand(SNAPSHOT.slice(1), INFO), null);
});

function setup(resume: boolean) {
  return controllerWith({ snapshot: SNAPSHOT, resume: resume ? resumeCommand(SNAPSHOT, INFO) : null });
}

test("the first boot resumes; interactive when the resume is done; the prerendered output stays", () => {
  const { c, w, p } = setup(true);
  c.start();
  w().emit(NOTEBOOK);
  assert.deepEqual(w().commands.map((m) => m.type), ["resume"]);
  assert.equal(c.indicator, "loading");
  w().emit({ type: "cell_status", id: "c0", status: "running", run_id: 3 });
  w().emit({ type: "cell_status", id: "c0", status: "idle", run_id: 3 });
  w().done();
  assert.equal(c.indicator, "ready");
  assert.deepEqual(p.marks, ["cove:kernel-ready", "cove:interactive"]);
  assert.deepEqual(c.state.cells[1]!.outputs.map((o) => o.bundle), [{ "text/plain": "3" }]);
});

test("a restart runs the notebook again rather than resuming", async () => {
  const { c, w } = setup(true);
  c.start();
  w().emit(NOTEBOOK);
  w().done();
  const restarted = c.restart();
  w().emit({ type: "notebook_text", text: "CODE", seq: w().seqOf("serialize") });
  await restarted;
  w().emit(NOTEBOOK);
  assert.notDeepEqual(w().commands.map((m) => m.type), ["resume"]);
});

test("without a resume block the first boot runs all", () => {
  const { c, w } = setup(false);
  c.start();
  w().emit(NOTEBOOK);
  assert.deepEqual(w().commands.map((m) => m.type), ["run_all"]);
});
