// UI elements come alive by event delegation on the document: one listener per event type,
// whatever HTML the outputs hold now or later. An output re-rendered with innerHTML therefore
// needs no re-binding, and prerendered controls work as soon as this runs.
import { readFiles, readValue, sendsOn, showValue, writeValue } from "./values";

export type SendValue = (elementId: string, value: unknown, time: number) => void;

const CONTROLS = "input, select, textarea, button";

export class Hydrator {
  readonly #root: Document | HTMLElement;
  readonly #send: SendValue;
  // The last value an `input` event sent per control: the `change` that follows a drag or a
  // key press carries the same value and must not re-run the cells a second time.
  readonly #lastInput = new WeakMap<Element, string>();
  readonly #timers = new WeakMap<Element, number>();

  constructor(root: Document | HTMLElement, send: SendValue) {
    this.#root = root;
    this.#send = send;
    for (const type of ["input", "change", "click"] as const) {
      root.addEventListener(type, (e) => this.#handle(e as Event, type));
    }
  }

  /** Python set an element's value: show it in every copy of the element on the page. */
  apply(elementId: string, value: unknown): void {
    const sel = `[data-cove-id="${CSS.escape(elementId)}"]`;
    for (const el of this.#root.querySelectorAll<HTMLElement>(sel)) writeValue(el, value);
  }

  #handle(e: Event, type: "input" | "change" | "click"): void {
    const target = e.target;
    if (!(target instanceof Element)) return;
    const control = target.closest(CONTROLS);
    const root = control?.closest<HTMLElement>("[data-cove-ui]");
    if (!control || !root || (control as HTMLInputElement).disabled) return;
    const id = root.dataset["coveId"];
    if (!id) return;
    if (type === "input") showValue(root, control);
    const when = sendsOn(root, control);
    if (typeof when === "number") {
      if (type !== "input" && type !== "change") return;
      // Debounced text: wait for a pause in typing, but a commit (change) sends at once.
      clearTimeout(this.#timers.get(control));
      const fire = () => this.#emit(root, control, id, e.timeStamp);
      if (type === "change") fire();
      else this.#timers.set(control, window.setTimeout(fire, when));
      return;
    }
    if (when === "input" && type === "change") {
      // The commit after a drag: send only if it differs from what the drag sent last.
      const value = readValue(root, control);
      if (this.#lastInput.get(control) === JSON.stringify(value)) {
        this.#lastInput.delete(control);
        return;
      }
      this.#sendValue(id, value, e.timeStamp);
      return;
    }
    if (when !== type) return;
    if (type === "click" && !(control instanceof HTMLButtonElement)) return;
    if (control instanceof HTMLInputElement && control.type === "file") {
      void readFiles(control).then((files) => this.#sendValue(id, files, e.timeStamp));
      return;
    }
    const value = this.#emit(root, control, id, e.timeStamp);
    if (type === "input") this.#lastInput.set(control, JSON.stringify(value));
  }

  #emit(root: HTMLElement, control: Element, id: string, time: number): unknown {
    const value = readValue(root, control);
    this.#sendValue(id, value, time);
    return value;
  }

  #sendValue(id: string, value: unknown, time: number): void {
    if (value === undefined) return;
    this.#send(id, value, time);
  }
}
