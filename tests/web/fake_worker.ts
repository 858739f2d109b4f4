// A stand-in for the kernel worker: records what the page posts and lets a test play events.
import { Controller, type ControllerOptions } from "../../web/src/controller";
import type { WorkerLike } from "../../web/src/kernel";
import type { Request } from "../../web/src/wire";

export class FakeWorker implements WorkerLike {
  onmessage: ((e: MessageEvent) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  readonly posted: unknown[] = [];
  terminated = false;
  readonly #done = new Set<number>();

  postMessage(message: unknown): void {
    this.posted.push(message);
  }

  terminate(): void {
    this.terminated = true;
  }

  /** Requests posted after the boot message (commands and installs), in order. */
  get requests(): Request[] {
    return this.posted.filter((m): m is Request => (m as { kind?: unknown }).kind !== "boot");
  }

  /** Commands posted after the boot message, parsed, each with the seq it was sent with. */
  get commands(): { type: string; [k: string]: unknown }[] {
    return this.requests.filter((r) => r.kind === "command").map((r) => JSON.parse((r as { text: string }).text));
  }

  /** The seq of the last command of this type. */
  seqOf(type: string): number {
    const r = this.requests.filter((m) => m.kind === "command" && JSON.parse(m.text).type === type).at(-1);
    if (!r) throw new Error(`no ${type} was sent`);
    return r.seq;
  }

  emit(message: object): void {
    this.onmessage?.({ data: JSON.stringify(message) } as MessageEvent);
  }

  /** Say that request `seq` has been handled. */
  finish(seq: number): void {
    this.#done.add(seq);
    this.emit({ type: "worker_done", seq });
  }

  /** Say that every request posted so far has been handled, in order. */
  done(): void {
    for (const r of this.requests) if (!this.#done.has(r.seq)) this.finish(r.seq);
  }
}

export function fakePerf() {
  const marks: string[] = [];
  const measures: { name: string; start: number; end: number }[] = [];
  let now = 1000;
  return {
    marks,
    measures,
    advance(ms: number) {
      now += ms;
    },
    perf: {
      mark: (name: string) => {
        marks.push(name);
        return undefined as unknown as PerformanceMark;
      },
      measure: (name: string, opts?: string | PerformanceMeasureOptions) => {
        const o = opts as { start: number; end: number };
        measures.push({ name, start: o.start, end: o.end });
        return undefined as unknown as PerformanceMeasure;
      },
      now: () => now,
    },
  };
}

const cell = (id: string, code: string, defs: string[], refs: string[]) => ({ id, name: "_", code, kind: "cell", hide_code: false, disabled: false, defs, refs });

/** The `notebook` event of a two-cell notebook: a slider and a cell that reads it. */
export const NOTEBOOK = {
  type: "notebook",
  mode: "autorun",
  filename: "nb.py",
  app_options: {},
  cells: [cell("c0", "n = slider", ["n"], []), cell("c1", "n.value", [], ["n"])],
};

/** A Controller whose every boot gets a new FakeWorker (`w()` is the current one). */
export function controllerWith(options: Partial<ControllerOptions> = {}) {
  const workers: FakeWorker[] = [];
  const p = fakePerf();
  const c = new Controller({
    boot: { pyodideURL: "http://x/pyodide/", lockURL: "http://x/pyodide-lock.json", filename: "nb.py", code: "CODE" },
    snapshot: null,
    factory: () => {
      const w = new FakeWorker();
      workers.push(w);
      return w;
    },
    autoRun: true,
    perf: p.perf,
    ...options,
  });
  return { c, w: () => workers[workers.length - 1]!, workers, p };
}
