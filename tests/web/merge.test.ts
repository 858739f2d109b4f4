import assert from "node:assert/strict";
import { test } from "node:test";
import { type Inbound, takeBatch } from "../../web/src/merge";

const ui = (seq: number, ...pairs: [string, unknown][]): Inbound => ({
  seq,
  text: JSON.stringify({ type: "set_ui_values", updates: pairs.map(([element_id, value]) => ({ element_id, value })) }),
});
const cmd = (seq: number, type: string): Inbound => ({ seq, text: JSON.stringify({ type }) });

test("consecutive set_ui_values merge; the last value per element wins", () => {
  const q = [ui(1, ["s", 1]), ui(2, ["t", "a"]), ui(3, ["s", 2]), ui(4, ["s", 3])];
  const b = takeBatch(q)!;
  assert.equal(b.through, 4);
  assert.equal(b.merged, 4);
  assert.deepEqual(JSON.parse(b.text), { type: "set_ui_values", updates: [{ element_id: "t", value: "a" }, { element_id: "s", value: 3 }] });
  assert.equal(q.length, 0);
});

test("a different command in between stops the merge (order is kept)", () => {
  const q = [ui(1, ["s", 1]), ui(2, ["s", 2]), cmd(3, "run_all"), ui(4, ["s", 9])];
  const first = takeBatch(q)!;
  assert.equal(first.through, 2);
  assert.deepEqual(JSON.parse(first.text).updates, [{ element_id: "s", value: 2 }]);
  const second = takeBatch(q)!;
  assert.equal(second.text, JSON.stringify({ type: "run_all" }));
  assert.equal(second.through, 3);
  const third = takeBatch(q)!;
  assert.equal(third.through, 4);
  assert.equal(takeBatch(q), null);
});

test("a single command passes through byte for byte", () => {
  const q = [ui(1, ["s", 1]), cmd(2, "serialize")];
  assert.equal(takeBatch(q)!.text, ui(1, ["s", 1]).text);
});

test("malformed text is passed on for Python to report", () => {
  const q = [{ seq: 1, text: "{not json set_ui_values" }, ui(2, ["s", 1])];
  const b = takeBatch(q)!;
  assert.equal(b.text, "{not json set_ui_values");
  assert.equal(b.through, 1);
});

test("200 rapid slider values become one command with the last value", () => {
  const q = Array.from({ length: 200 }, (_, i) => ui(i + 1, ["slider", i]));
  const b = takeBatch(q)!;
  assert.deepEqual(JSON.parse(b.text).updates, [{ element_id: "slider", value: 199 }]);
  assert.equal(b.through, 200);
});
