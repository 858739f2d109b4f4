// The page's one coalescing layer for UI values (web/src/ui-outbox.ts).
import assert from "node:assert/strict";
import { test } from "node:test";
import { UiOutbox } from "../../web/src/ui-outbox";

test("the last value per element wins; the order follows each element's newest change", () => {
  const o = new UiOutbox();
  o.set("a", 1, 10, true);
  o.set("b", 2, 11, true);
  o.set("a", 3, 12, true);
  assert.equal(o.size, 2);
  assert.deepEqual(o.take(), { updates: [{ element_id: "b", value: 2 }, { element_id: "a", value: 3 }], time: 12 });
  assert.equal(o.size, 0);
  assert.equal(o.take(), null);
});

test("200 rapid slider values become one update with the last value, timed from it", () => {
  const o = new UiOutbox();
  for (let i = 0; i < 200; i++) o.set("s", i, 1000 + i, true);
  assert.deepEqual(o.take(), { updates: [{ element_id: "s", value: 199 }], time: 1199 });
});

test("a restart gets back the last value of elements that hold state, not of actions", () => {
  const o = new UiOutbox();
  o.set("slider", 1, 1, true);
  o.set("button", 1, 2, false);
  o.set("slider", 4, 3, true);
  o.take();
  assert.deepEqual(o.latest(), [{ element_id: "slider", value: 4 }]);
});
