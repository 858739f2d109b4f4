// The docs page's shared worker (web/src/docs/hub.ts, hub-worker.ts): notebooks' messages kept
// apart; restarting an idle notebook closes only its session; stopping a busy one replaces the
// worker and has every other notebook restored.
import assert from "node:assert/strict";
import { test } from "node:test";
import { SharedRuntime } from "../../web/src/docs/hub";
import { Hub, type HubHost } from "../../web/src/docs/hub-worker";
import type { ToHub } from "../../web/src/docs/hub-wire";

class FakeReal {
  readonly sent: unknown[] = [];
  terminated = false;
  onmessage: ((e: MessageEvent) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  postMessage(m: unknown): void {
    this.sent.push(m);
  }
  terminate(): void {
    this.terminated = true;
  }
  reply(notebook: string, event: object): void {
    this.onmessage?.({ data: { notebook, text: JSON.stringify(event) } } as MessageEvent);
  }
}

function page() {
  const reals: FakeReal[] = [];
  const lost: string[] = [];
  const hub = new SharedRuntime(() => {
    const r = new FakeReal();
    reals.push(r);
    return r;
  }, (id) => lost.push(id));
  const port = (id: string) => {
    const p = hub.factory(id)();
    const got: string[] = [];
    const errors: string[] = [];
    p.onmessage = (e) => got.push(e.data as string);
    p.onerror = (e) => errors.push(e.message);
    p.postMessage({ kind: "boot", config: JSON.stringify({ code: id }), interrupt: null });
    return { p, got, errors };
  };
  return { hub, reals, lost, port };
}

test("one worker carries every notebook, each message labelled and delivered to its own", () => {
  const { reals, port } = page();
  const a = port("a");
  const b = port("b");
  assert.equal(reals.length, 1);
  a.p.postMessage({ kind: "command", seq: 1, text: '{"type":"run_all"}' });
  assert.deepEqual(reals[0]!.sent.slice(-1), [{ kind: "hub", notebook: "a", request: { kind: "command", seq: 1, text: '{"type":"run_all"}' } }]);
  reals[0]!.reply("b", { type: "kernel_status", state: "ready" });
  assert.equal(a.got.length, 0);
  assert.equal(b.got.length, 1);
});

test("restarting an idle notebook closes its session and keeps the worker", () => {
  const { reals, lost, port } = page();
  const a = port("a");
  port("b");
  a.p.postMessage({ kind: "command", seq: 1, text: '{"type":"run_all"}' });
  reals[0]!.reply("a", { type: "worker_done", seq: 1 });
  a.p.terminate();
  assert.deepEqual(reals[0]!.sent.slice(-1), [{ kind: "hub", notebook: "a", close: true }]);
  assert.equal(reals[0]!.terminated, false);
  assert.deepEqual(lost, []);
});

test("stopping a notebook stuck in a command replaces the worker and restores the others", () => {
  const { hub, reals, lost, port } = page();
  const a = port("a");
  const b = port("b");
  a.p.postMessage({ kind: "command", seq: 1, text: '{"type":"run_cells"}' }); // never finishes
  a.p.terminate();
  assert.equal(reals[0]!.terminated, true);
  assert.deepEqual(lost, ["b"]);
  assert.equal(b.errors.length, 1, "b's controller learns its kernel is gone");
  // b's old port is now inert; a new boot goes to a new worker.
  b.p.terminate();
  assert.equal(reals.length, 1);
  port("b");
  assert.equal(reals.length, 2);
  assert.equal(hub.workers, 2);
});

function hubWith() {
  const ran: string[] = [];
  const posted: { notebook: string; text: string }[] = [];
  const tasks: (() => void)[] = [];
  const host: HubHost = {
    open: async (cfg) => (text: string) => ran.push(`${cfg.code}:${text}`),
    execute: async (handle, text) => void handle(text),
    install: async (seq, modules) => ({ type: "installed", seq, modules: [...modules], problems: [] }),
    interruptWith: () => {},
    close: () => {},
    isFatal: () => false,
    describe: String,
    post: (m) => posted.push(m),
    yieldTask: (f) => tasks.push(f),
  };
  const hub = new Hub(host);
  const drain = async () => {
    for (let i = 0; i < 50 && tasks.length; i++) {
      tasks.shift()!();
      await new Promise((r) => setTimeout(r, 0));
    }
  };
  return { hub, ran, posted, drain };
}

const msg = (notebook: string, seq: number): ToHub => ({ kind: "hub", notebook, request: { kind: "command", seq, text: String(seq) } });

test("the worker's hub runs each notebook's commands in its own session, taking turns", async () => {
  const { hub, ran, posted, drain } = hubWith();
  hub.receive({ kind: "hub", notebook: "a", boot: JSON.stringify({ code: "A" }), interrupt: null });
  hub.receive({ kind: "hub", notebook: "b", boot: JSON.stringify({ code: "B" }), interrupt: null });
  await new Promise((r) => setTimeout(r, 0));
  hub.receive(msg("a", 1));
  hub.receive(msg("a", 2));
  hub.receive(msg("b", 1));
  await drain();
  assert.deepEqual(ran, ["A:1", "B:1", "A:2"]);
  const done = posted.filter((p) => p.text.includes("worker_done")).map((p) => `${p.notebook}${JSON.parse(p.text).seq}`);
  assert.deepEqual(done, ["a1", "b1", "a2"]);
  hub.receive({ kind: "hub", notebook: "a", close: true });
  hub.receive(msg("a", 3));
  await drain();
  assert.deepEqual(ran, ["A:1", "B:1", "A:2"], "a closed notebook runs nothing more");
});

test("a crashed interpreter: every notebook is told, and the next boot gets a new worker", async () => {
  const posted: { notebook: string; text: string }[] = [];
  const host: HubHost = {
    open: async () => () => {},
    execute: async () => {
      throw new Error("RuntimeError: memory access out of bounds");
    },
    interruptWith: () => {},
    close: () => {},
    isFatal: () => true,
    describe: (e) => (e instanceof Error ? e.message : String(e)),
    post: (m) => posted.push(m),
    yieldTask: (f) => void setTimeout(f, 0),
  };
  const hub = new Hub(host);
  hub.receive({ kind: "hub", notebook: "a", boot: "{}", interrupt: null });
  hub.receive({ kind: "hub", notebook: "b", boot: "{}", interrupt: null });
  await new Promise((r) => setTimeout(r, 0));
  hub.receive(msg("a", 1));
  await new Promise((r) => setTimeout(r, 20));
  const errors = posted.filter((p) => p.text.includes('"state":"error"')).map((p) => p.notebook);
  assert.deepEqual(errors.sort(), ["a", "b"]);
  assert.ok(posted.some((p) => p.notebook === "" && p.text === "dead"));

  // The page's side: "dead" makes the next boot start a new worker (and restore the others).
  const { reals, lost, port } = page();
  const a = port("a");
  port("b");
  reals[0]!.onmessage?.({ data: { notebook: "", text: "dead" } } as MessageEvent);
  a.p.terminate();
  port("a");
  assert.equal(reals.length, 2);
  assert.deepEqual(lost, ["b"]);
});
