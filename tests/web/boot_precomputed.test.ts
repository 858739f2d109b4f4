// The page's side of precomputed UI states (web/src/boot/precomputed.ts): a change is answered
// from the group's table (mixed radix over the elements a cell depends on), stamped with the run
// id the cell had at the change; states stored as pieces of another are rebuilt; an element's
// slice answers while the group's other elements hold their values at export, the group's file
// after; a value outside the table, or a cell without one, shows as queued; an older change's
// late answer never covers a newer one's.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Precomputed, same } from "../../web/src/boot/precomputed";
import type { Event } from "../../web/src/protocol";

const GROUP = {
  elements: [
    { id: "c1-0", values: [0, 1, 2], initial: 1 },
    { id: "c1-1", values: [false, true], initial: 0 },
  ],
  cells: [
    { id: "sum", deps: [0, 1], table: [0, 1, 2, 3, 4, -1] }, // 2 & true: left out
    { id: "only", deps: [0], table: [0, 1, 2] },
  ],
  // As the export stores them: JSON text, or pieces (text, or [state, offset, length]).
  shown: [0, 1, 2, 3, 4].map((n): string | (string | [number, number, number])[] => {
    const text = JSON.stringify([
      { type: "cell_output", output: { "text/plain": String(n) }, mode: "replace" },
      { type: "cell_status", status: "idle" },
    ]);
    if (n === 0) return text;
    const at = text.indexOf(String(n));
    return [[0, 0, at], String(n), [0, at + 1, text.length - at - 1]]; // state 0 with n for 0
  }),
};
// The slice of c1-0: its values with c1-1 at its value at export (false).
const SLICE = {
  elements: [GROUP.elements[0]],
  fixed: [{ id: "c1-1", value: false }],
  cells: [
    { id: "sum", deps: [0], table: [0, 2, 4] },
    { id: "only", deps: [0], table: [0, 1, 2] },
  ],
  shown: GROUP.shown,
};
const CONFIG = {
  elements: {
    "c1-0": { cells: ["sum", "only"], file: "precomputed/g.json", slice: "precomputed/s.json" },
    "c1-1": { cells: ["sum"], file: "precomputed/g.json" },
    "c2-0": { cells: ["text"], file: null },
  },
};

function setup(delay = 0) {
  const fetched: string[] = [];
  const fetcher = (url: string) => {
    fetched.push(url);
    return new Promise<unknown>((r) => setTimeout(() => r(url.endsWith("s.json") ? SLICE : GROUP), delay));
  };
  const p = Precomputed.fromConfig(CONFIG, "http://x/site/", fetcher)!;
  const applied: Event[][] = [];
  const change = (id: string, value: unknown, run = 5) => p.change(id, value, () => run, (evs) => applied.push(evs));
  return { p, fetched, applied, change };
}

const plain = (evs: Event[], id: string) =>
  evs.filter((e) => e.type === "cell_output" && e.id === id && e.output).map((e) => (e as { output: Record<string, string> }).output["text/plain"]);

test("a change is answered from the table, with the cell's run id at the change", async () => {
  const { fetched, applied, change } = setup();
  change("c1-0", 2);
  await new Promise((r) => setTimeout(r, 20)); // the slice, then (fetched after it) the group's file
  assert.deepEqual(fetched, ["http://x/site/precomputed/s.json", "http://x/site/precomputed/g.json"]);
  const evs = applied.flat();
  assert.deepEqual(plain(evs, "sum"), ["4"]); // index 2 * 2 + 0
  assert.deepEqual(plain(evs, "only"), ["2"]);
  assert.ok(evs.every((e) => !("run_id" in e) || e.run_id === 5));
  // Once loaded, the answer comes before the next task (a microtask, never within the call); a
  // left-out entry shows as queued.
  applied.length = 0;
  change("c1-1", true);
  assert.equal(applied.length, 0);
  await Promise.resolve();
  assert.equal(applied.length, 1);
  assert.deepEqual(applied[0], [{ type: "cell_status", id: "sum", status: "queued", run_id: 5 }]);
});

test("the slices load at once and answer a first change without waiting for the group's file", async () => {
  const { p, fetched, applied, change } = setup(20);
  p.preload();
  assert.deepEqual(fetched, ["http://x/site/precomputed/s.json"]);
  await new Promise((r) => setTimeout(r, 30));
  change("c1-0", 1);
  await Promise.resolve();
  assert.equal(applied.length, 1, "answered at once");
  assert.deepEqual(plain(applied[0]!, "sum"), ["2"]);
  assert.deepEqual(plain(applied[0]!, "only"), ["1"]);
  assert.deepEqual(fetched, ["http://x/site/precomputed/s.json", "http://x/site/precomputed/g.json"]); // for what comes next
  // c1-1 moved away from its value at export: the slice no longer answers; the group's file does.
  change("c1-1", true);
  change("c1-0", 0);
  await new Promise((r) => setTimeout(r, 30));
  assert.deepEqual(plain(applied.at(-1)!, "sum"), ["1"]); // 0 * 2 + 1
});

test("a slice inside the config answers a first change at once, with no fetch", async () => {
  const fetched: string[] = [];
  const config = { ...CONFIG, inline: { "precomputed/s.json": SLICE } };
  const p = Precomputed.fromConfig(config, "http://x/site/", (url) => (fetched.push(url), new Promise(() => {})))!;
  p.preload();
  assert.deepEqual(fetched, []);
  const applied: Event[][] = [];
  p.change("c1-0", 2, () => 1, (evs) => applied.push(evs));
  await Promise.resolve();
  assert.deepEqual(plain(applied[0]!, "sum"), ["4"]);
  assert.deepEqual(fetched, ["http://x/site/precomputed/g.json"]); // for what comes next
});

test("values outside the table and elements without one show their cells as computing", async () => {
  const { applied, change } = setup();
  change("c2-0", "hello");
  await Promise.resolve();
  assert.deepEqual(applied, [[{ type: "cell_status", id: "text", status: "queued", run_id: 5 }]]);
  change("c1-0", 7);
  await new Promise((r) => setTimeout(r, 5));
  assert.deepEqual(applied.at(-1)?.map((e) => [e.type, (e as { status?: string }).status]), [["cell_status", "queued"], ["cell_status", "queued"]]);
});

test("an older change answered late does not cover a newer one", async () => {
  const { applied, change } = setup(10);
  change("c1-0", 0);
  change("c1-0", 1);
  await new Promise((r) => setTimeout(r, 30));
  assert.deepEqual(plain(applied.flat(), "only"), ["1"]);
});

test("numbers match within rounding; other values exactly", () => {
  assert.ok(same(0.30000000000000004, 0.3));
  assert.ok(!same(0.3, 0.31));
  assert.ok(same(["a"], ["a"]) && !same(["a"], "a") && !same(true, 1));
});

test("no usable config: no tables", () => {
  assert.equal(Precomputed.fromConfig(null, "http://x/"), null);
  assert.equal(Precomputed.fromConfig({ elements: {} }, "http://x/"), null);
});
