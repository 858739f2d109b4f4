// A stand-in for the kernel worker: records what the page posts and lets a test play events.
import type { WorkerLike } from "../../web/src/kernel";

export class FakeWorker implements WorkerLike {
  onmessage: ((e: MessageEvent) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  readonly posted: unknown[] = [];
  terminated = false;
  #seq = 0;

  postMessage(message: unknown): void {
    this.posted.push(message);
  }

  terminate(): void {
    this.terminated = true;
  }

  /** Commands posted after the boot message, parsed. */
  get commands(): { type: string; [k: string]: unknown }[] {
    return this.posted.filter((m) => typeof m === "string").map((m) => JSON.parse(m as string));
  }

  emit(message: object): void {
    this.onmessage?.({ data: JSON.stringify(message) } as MessageEvent);
  }

  /** Say that every command posted so far has been handled. */
  done(): void {
    this.#seq = this.commands.length;
    this.emit({ type: "worker_done", through: this.#seq });
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
