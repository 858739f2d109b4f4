// The reader's UI values on their way to the kernel: the page's one place where "the last value
// per element wins" (the worker passes batches through as they are; the engine still dedups
// within one batch, py/cove/_runtime/runner.py's apply_ui_values).
//
// Why coalesce: a slider dragged fast sets values faster than Python can re-run the cells that
// depend on it. The controller keeps at most one set_ui_values in flight; what the reader sets
// meanwhile waits here, one value per element, and goes as one batch when that one is done. So
// the kernel is at most one run behind the reader, and no value that matters is lost.
import type { UIValue } from "./protocol";

export interface UiBatch {
  readonly updates: UIValue[];
  // The newest input's event time: earlier values in the batch were superseded before they
  // could be shown, by design, so the update is timed from this one (performance.measure).
  readonly time: number;
}

export class UiOutbox {
  // Waiting to be sent; a Map keeps the order of each element's newest change.
  readonly #pending = new Map<string, { value: unknown; time: number }>();
  // The last value of every element that holds state (a slider, not a button): a restarted
  // kernel gets them back, so a Stop loses no choices.
  readonly #latest = new Map<string, unknown>();

  get size(): number {
    return this.#pending.size;
  }

  set(elementId: string, value: unknown, time: number, restorable: boolean): void {
    if (restorable) this.#latest.set(elementId, value);
    this.#pending.delete(elementId); // re-insert: the newest change goes last
    this.#pending.set(elementId, { value, time });
  }

  /** Everything waiting, as one batch (last value per element), or null when nothing waits. */
  take(): UiBatch | null {
    if (this.#pending.size === 0) return null;
    const updates = [...this.#pending].map(([element_id, p]) => ({ element_id, value: p.value }));
    const time = Math.max(...[...this.#pending.values()].map((p) => p.time));
    this.#pending.clear();
    return { updates, time };
  }

  /** The values a restarted kernel should get back. */
  latest(): UIValue[] {
    return [...this.#latest].map(([element_id, value]) => ({ element_id, value }));
  }
}
