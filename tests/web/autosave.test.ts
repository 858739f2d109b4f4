// Autosave: each change is written after a pause (one write per pause, not per keystroke), a
// hidden page writes at once, and a storage failure is reported once.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Autosave } from "../../web/src/autosave";
import type { CellSpec } from "../../web/src/protocol";

function fakeTimers() {
  let next = 1;
  const due = new Map<number, () => void>();
  return {
    timers: {
      setTimeout: (f: () => void) => {
        due.set(next, f);
        return next++;
      },
      clearTimeout: (h: unknown) => void due.delete(h as number),
    },
    fire() {
      const fs = [...due.values()];
      due.clear();
      for (const f of fs) f();
    },
    get waiting() {
      return due.size;
    },
  };
}

const spec = (id: string, code: string): CellSpec => ({ id, code, name: "_", kind: "cell", hide_code: false, disabled: false });

test("changes are written after a pause, with the page's cells and the file text", () => {
  const t = fakeTimers();
  const writes: unknown[][] = [];
  let cells = [spec("a", "x = 1")];
  const a = new Autosave({ save: (...args) => (writes.push(args), true) }, "PUB", { cells: () => cells, text: "FILE" }, t.timers);
  a.changed();
  cells = [spec("a", "x = 2")];
  a.changed();
  assert.equal(t.waiting, 1, "one pending write");
  assert.equal(writes.length, 0);
  t.fire();
  assert.deepEqual(writes, [["FILE", "PUB", [spec("a", "x = 2")]]]);
});

test("flush writes a pending change at once and nothing when none is pending", () => {
  const t = fakeTimers();
  const writes: unknown[] = [];
  const a = new Autosave({ save: (...args) => (writes.push(args), true) }, "PUB", { cells: () => [], text: "F" }, t.timers);
  a.flush();
  assert.equal(writes.length, 0);
  a.changed();
  a.flush();
  assert.equal(writes.length, 1);
  assert.equal(a.pending, false);
});

test("a refused write is reported once until a write succeeds again", () => {
  const t = fakeTimers();
  let ok = false;
  let reported = 0;
  const a = new Autosave({ save: () => ok }, "PUB", { cells: () => [], text: "F" }, t.timers);
  a.onFailure = () => reported++;
  for (let i = 0; i < 3; i++) {
    a.changed();
    a.flush();
  }
  assert.equal(reported, 1);
  ok = true;
  a.changed();
  a.flush();
  ok = false;
  a.changed();
  a.flush();
  assert.equal(reported, 2);
});
