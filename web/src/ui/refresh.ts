// cove.ui.refresh ticks from the page: every interval the reader picks (or the default), the
// element sends its next tick count, as a click on its button does (py/cove/ui/_widgets.py).
import { props } from "./values";

export type Tick = (root: HTMLElement) => void;

export class Refreshers {
  readonly #tick: Tick;
  readonly #timers = new WeakMap<HTMLElement, number>();

  constructor(tick: Tick) {
    this.#tick = tick;
  }

  /** New output HTML: start the refresh elements that have a default interval. */
  mountAll(root: ParentNode): void {
    for (const el of root.querySelectorAll<HTMLElement>('[data-cove-ui="refresh"]')) {
      if (!this.#timers.has(el)) this.restart(el);
    }
  }

  /** (Re)start `el`'s timer from its interval picker; "off" (or none) stops it. */
  restart(el: HTMLElement): void {
    clearInterval(this.#timers.get(el));
    this.#timers.delete(el);
    const choice = el.querySelector<HTMLSelectElement>("select.cove-refresh-interval")?.value ?? "";
    const seconds = Number((props(el)["intervals"] as Record<string, number> | undefined)?.[choice]);
    if (!choice || !(seconds > 0)) return;
    const timer = window.setInterval(() => {
      if (!el.isConnected) {
        clearInterval(timer);
        return;
      }
      this.#tick(el);
    }, seconds * 1000);
    this.#timers.set(el, timer);
  }
}
