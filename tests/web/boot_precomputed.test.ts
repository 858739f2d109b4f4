// The page's side of precomputed UI states (web/src/boot/precomputed.ts): a change is answered
// from the group's table (mixed radix over the elements a cell depends on), stamped with the run
// id the cell had at the change; a value outside the table, or a cell without one, shows as queued;
// an older change's late answer never covers a newer one's.
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
  shown: [0, 1, 2, 3, 4].map((n) => [
    { type: "cell_output", output: { "text/plain": String(n) }, mode: "replace" },
    { type: "cell_status", status: "idle" },
  ]),
};
const CONFIG = {
  elements: {
    "c1-0": { cells: ["sum", "only"], file: "precomputed/g.json" },
    "c1-1": { cells: ["sum"], file: "precomputed/g.json" },
    "c2-0": { cells: ["text"], file: null },
  },
};

function setup(delay = 0) {
  const fetched: string[] = [];
  const fetcher = (url: string) => {
    fetched.push(url);
    return new Promise<unknown>((r) => setTimeout(() => r(GROUP), delay));
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
  await new Promise((r) => setTimeout(r, 5));
  assert.deepEqual(fetched, ["http://x/site/precomputed/g.json"]);
  const evs = applied.flat();
  assert.deepEqual(plain(evs, "sum"), ["4"]); // index 2 * 2 + 0
  assert.deepEqual(plain(evs, "only"), ["2"]);
  assert.ok(evs.every((e) => !("run_id" in e) || e.run_id === 5));
  // Once loaded, the answer is synchronous; a left-out entry shows as queued.
  applied.length = 0;
  change("c1-1", true);
  assert.equal(applied.length, 1);
  assert.deepEqual(applied[0], [{ type: "cell_status", id: "sum", status: "queued", run_id: 5 }]);
});

test("values outside the table and elements without one show their cells as computing", async () => {
  const { applied, change } = setup();
  change("c2-0", "hello");
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
