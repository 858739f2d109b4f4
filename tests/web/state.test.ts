import assert from "node:assert/strict";
import { test } from "node:test";
import type { Event } from "../../web/src/protocol";
import { fromEvents, reduce, reduceLocal, type PageState } from "../../web/src/state";
import { CONSOLE_LIMIT } from "../../web/src/streams";

const notebook = (ids: string[]): Event => ({
  type: "notebook",
  mode: "autorun",
  filename: "nb.py",
  app_options: {},
  cells: ids.map((id) => ({ id, name: "_", code: `# ${id}`, kind: "cell", hide_code: false, disabled: false, defs: [], refs: [] })),
});
const status = (id: string, s: "idle" | "queued" | "running" | "stale" | "error", run_id: number): Event => ({ type: "cell_status", id, status: s, run_id });
const output = (id: string, text: string, run_id: number, mode: "replace" | "append" | "clear" = "replace"): Event => ({
  type: "cell_output", id, output: { "text/plain": text }, html: `<pre>${text}</pre>`, mode, run_id,
});
const print = (id: string, text: string, run_id: number, stream: "stdout" | "stderr" = "stdout"): Event => ({ type: "cell_console", id, stream, text, run_id });
const cell = (s: PageState, id: string) => s.cells.find((c) => c.id === id)!;
const bundles = (s: PageState, id: string) => cell(s, id).outputs.map((o) => o.bundle);

test("events of a run older than the cell's latest are ignored", () => {
  let s = fromEvents([notebook(["a"]), status("a", "queued", 2), status("a", "running", 2)]);
  s = reduce(s, output("a", "old", 1));
  s = reduce(s, print("a", "old print", 1));
  s = reduce(s, status("a", "idle", 1));
  assert.equal(cell(s, "a").status, "running");
  assert.deepEqual(cell(s, "a").outputs, []);
  assert.deepEqual(cell(s, "a").console, []);
  s = reduce(s, output("a", "new", 2));
  s = reduce(s, status("a", "idle", 2));
  assert.deepEqual(cell(s, "a").outputs, [{ bundle: { "text/plain": "new" }, html: "<pre>new</pre>" }]);
  assert.equal(cell(s, "a").status, "idle");
});

test("a newer run takes over, even if its first event is not 'running'", () => {
  let s = fromEvents([notebook(["a"]), status("a", "running", 1), output("a", "1", 1)]);
  s = reduce(s, status("a", "queued", 5));
  assert.equal(cell(s, "a").runId, 5);
  s = reduce(s, output("a", "late", 1));
  assert.deepEqual(bundles(s, "a"), [{ "text/plain": "1" }]);
});

test("running clears the console and the error; output stays until replaced", () => {
  let s = fromEvents([
    notebook(["a"]),
    status("a", "running", 1),
    print("a", "hello ", 1),
    print("a", "world\n", 1),
    print("a", "oops\n", 1, "stderr"),
    output("a", "x", 1),
    { type: "cell_error", id: "a", error: { kind: "exception", message: "boom", traceback: "Traceback" }, html: "<div>boom</div>", run_id: 1 },
    status("a", "error", 1),
  ]);
  const a = cell(s, "a");
  assert.deepEqual(a.console, [{ stream: "stdout", text: "hello world\n" }, { stream: "stderr", text: "oops\n" }]);
  assert.equal(a.error?.message, "boom");
  assert.equal(a.error?.html, "<div>boom</div>");
  assert.equal(a.status, "error");
  s = reduce(s, status("a", "running", 2));
  assert.deepEqual(cell(s, "a").console, []);
  assert.equal(cell(s, "a").error, null);
  assert.deepEqual(bundles(s, "a"), [{ "text/plain": "x" }]);
});

test("status transitions: queued -> running -> idle, stale, disabled cells", () => {
  const seen: string[] = [];
  let s = fromEvents([notebook(["a"])]);
  for (const ev of [status("a", "queued", 1), status("a", "running", 1), status("a", "idle", 1), status("a", "stale", 1)]) {
    s = reduce(s, ev);
    seen.push(cell(s, "a").status);
  }
  assert.deepEqual(seen, ["queued", "running", "idle", "stale"]);
  const nb = notebook(["d"]) as Extract<Event, { type: "notebook" }>;
  const disabled = fromEvents([{ ...nb, cells: [{ ...nb.cells[0]!, disabled: true }] }]);
  assert.equal(cell(disabled, "d").status, "disabled");
});

test("append and clear outputs", () => {
  let s = fromEvents([notebook(["a"]), output("a", "1", 1), output("a", "2", 1, "append")]);
  assert.deepEqual(bundles(s, "a").map((o) => o["text/plain"]), ["1", "2"]);
  s = reduce(s, { type: "cell_output", id: "a", output: null, mode: "clear", run_id: 1 });
  assert.deepEqual(cell(s, "a").outputs, []);
  s = reduce(s, { type: "cell_output", id: "a", output: null, mode: "replace", run_id: 1 });
  assert.deepEqual(cell(s, "a").outputs, []);
});

test("unchanged cells keep their identity (the DOM diff relies on it)", () => {
  const s = fromEvents([notebook(["a", "b"]), output("a", "1", 1)]);
  const t = reduce(s, output("b", "2", 1));
  assert.equal(t.cells[0], s.cells[0]);
  assert.notEqual(t.cells[1], s.cells[1]);
  assert.equal(reduce(t, output("zzz", "?", 1)), t, "events for unknown cells change nothing");
});

test("a new notebook event keeps results of surviving cells and drops deleted ones", () => {
  let s = fromEvents([notebook(["a", "b"]), output("a", "A", 1), { type: "missing_modules", id: "b", modules: ["numpy"] }]);
  s = reduce(s, notebook(["c", "a"]));
  assert.deepEqual(s.cells.map((c) => c.id), ["c", "a"]);
  assert.deepEqual(bundles(s, "a"), [{ "text/plain": "A" }]);
  assert.deepEqual(s.missing, {});
});

test("local edits: add, move, delete, code, reset", () => {
  let s = fromEvents([notebook(["a", "b"])]);
  s = reduceLocal(s, { type: "local_add", id: "n", index: 1, code: "x = 1" });
  assert.deepEqual(s.cells.map((c) => c.id), ["a", "n", "b"]);
  s = reduceLocal(s, { type: "local_move", id: "a", index: 2 });
  assert.deepEqual(s.cells.map((c) => c.id), ["n", "b", "a"]);
  s = reduceLocal(s, { type: "local_delete", id: "b" });
  assert.deepEqual(s.cells.map((c) => c.id), ["n", "a"]);
  s = reduceLocal(s, { type: "local_code", id: "n", code: "x = 2" });
  assert.equal(cell(s, "n").code, "x = 2");
  s = reduce(s, status("a", "running", 7));
  s = reduceLocal(s, { type: "local_reset" });
  assert.equal(cell(s, "a").runId, -1, "a restarted kernel counts runs from scratch");
  assert.equal(s.kernel, "loading");
});

test("a runaway console is capped, keeping the newest text", () => {
  let s = fromEvents([notebook(["a"]), status("a", "running", 1)]);
  const line = "x".repeat(999) + "\n";
  for (let i = 0; i < 400; i++) s = reduce(s, print("a", line, 1));
  s = reduce(s, print("a", "THE END\n", 1));
  const text = cell(s, "a").console.map((c) => c.text).join("");
  assert.ok(text.length <= CONSOLE_LIMIT, `${text.length} > limit`);
  assert.ok(text.endsWith("THE END\n"));
  assert.match(text, /earlier output cut/);
  assert.equal(text.match(/earlier output cut/g)!.length, 1);
});

test("kernel status, command errors", () => {
  let s = fromEvents([notebook(["a"])]);
  s = reduce(s, { type: "kernel_status", state: "error", message: "wheel 404" });
  assert.equal(s.kernel, "error");
  assert.equal(s.kernelMessage, "wheel 404");
  s = reduce(s, { type: "command_error", message: "unknown cell" });
  assert.equal(s.commandError, "unknown cell");
});

test("progress bundles are appended, replaced in place by id, and removed", () => {
  const bar = (id: string, current: number, remove = false): Event => ({
    type: "cell_output", id: "a", mode: "progress", run_id: 1,
    output: { "application/vnd.cove.progress+json": JSON.stringify({ id, current, remove }), "text/html": `<progress value="${current}">` },
  });
  let s = fromEvents([notebook(["a"]), output("a", "x", 1), bar("p1", 1), bar("p2", 1), bar("p1", 5)]);
  const html = () => bundles(s, "a").map((o) => o["text/html"] ?? o["text/plain"]);
  assert.deepEqual(html(), ["x", '<progress value="5">', '<progress value="1">']);
  s = reduce(s, bar("p1", 5, true));
  assert.deepEqual(html(), ["x", '<progress value="1">']);
});

test("a console of many short lines is capped in lines too", async () => {
  const { CONSOLE_LINE_LIMIT } = await import("../../web/src/streams");
  let s = fromEvents([notebook(["a"]), status("a", "running", 1)]);
  for (let i = 0; i < 3 * CONSOLE_LINE_LIMIT; i += 100) {
    let chunk = "";
    for (let j = i; j < i + 100; j++) chunk += `spam ${j}\n`;
    s = reduce(s, print("a", chunk, 1));
  }
  const text = cell(s, "a").console.map((c) => c.text).join("");
  assert.ok(text.split("\n").length <= CONSOLE_LINE_LIMIT + 2, `${text.split("\n").length} lines`);
  assert.ok(text.endsWith(`spam ${3 * CONSOLE_LINE_LIMIT - 1}\n`), "the newest line is kept");
  assert.equal(text.match(/earlier output cut/g)!.length, 1);
  const first = text.split("\n").find((l) => l.startsWith("spam"))!;
  assert.ok(text.includes(`\n${first}\n`) || text.startsWith(first), "no line is cut in half");
});
