// The boot phases (web/src/phase.ts): loading -> restoring -> ready, any of them -> crashed, and
// a restart back to loading; nothing else.
import assert from "node:assert/strict";
import { test } from "node:test";
import { BootPhase, type Phase } from "../../web/src/phase";

function at(...path: Phase[]): BootPhase {
  const p = new BootPhase();
  for (const next of path) assert.equal(p.to(next), true, `-> ${next}`);
  return p;
}

test("a boot goes loading -> restoring -> ready", () => {
  const p = new BootPhase();
  assert.equal(p.value, "loading");
  assert.equal(p.to("restoring"), true);
  assert.equal(p.to("ready"), true);
  assert.equal(p.value, "ready");
});

test("a share link skips restoring: nothing runs until the reader asks", () => {
  assert.equal(at("ready").value, "ready");
});

test("every live phase can crash; a crash is left only by a restart", () => {
  for (const path of [[], ["restoring"], ["restoring", "ready"]] as Phase[][]) {
    const p = at(...path);
    assert.equal(p.to("crashed"), true, `crash from ${p.value}`);
  }
  const p = at("restoring", "crashed");
  for (const late of ["restoring", "ready", "crashed"] as Phase[]) {
    assert.equal(p.to(late), false, `crashed -> ${late}`);
    assert.equal(p.value, "crashed");
  }
  assert.equal(p.to("loading"), true);
});

test("no way back: ready does not restore again, restoring does not load the file again", () => {
  const ready = at("restoring", "ready");
  assert.equal(ready.to("restoring"), false);
  assert.equal(ready.value, "ready");
  assert.equal(at("restoring").allows("restoring"), false);
  assert.equal(at("ready").allows("ready"), false);
});

test("a restart starts over from any phase", () => {
  for (const path of [[], ["restoring"], ["ready"], ["restoring", "crashed"]] as Phase[][]) {
    assert.equal(at(...path).to("loading"), true);
  }
});
