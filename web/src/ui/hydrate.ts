// UI elements come alive by event delegation on the document: one listener per event type,
// whatever HTML the outputs hold now or later. An output re-rendered with innerHTML therefore
// needs no re-binding, and prerendered controls work as soon as this runs.
import { AnyWidgets } from "./anywidget";
import { listenForBoxes } from "./boxselect";
import { showConversation } from "./chat";
import { Refreshers } from "./refresh";
import { type SendMessage, Tables } from "./table";
import { readFiles, readValue, sendsOn, showValue } from "./values";

export type SendValue = (elementId: string, value: unknown, time: number) => void;

const CONTROLS = "input, select, textarea, button";
// What a form's submit sends: "take the children's current values" (py/cove/ui/_composite.py).
const SUBMIT = { "cove:submit": true };
const NO_RESEND = new Set(["button", "run_button", "refresh", "file", "microphone", "form", "array", "dictionary", "anywidget", "table"]);
// What charts (render/charts.ts) dispatch when the reader selects in a chart inside a
// cove.ui.altair_chart / plotly element: the selection is that element's value.
export const CHART_SELECT = "cove:chart-select";

export class Hydrator {
  readonly #root: Document | HTMLElement;
  readonly #send: SendValue;
  // The last value an `input` event sent per control: the `change` that follows a drag or a
  // key press carries the same value and must not re-run the cells a second time.
  readonly #lastInput = new WeakMap<Element, string>();
  readonly #timers = new WeakMap<Element, number>();
  readonly #widgets: AnyWidgets;
  readonly #tables: Tables;
  readonly #refreshers: Refreshers;

  // `message` carries element messages that re-run nothing (a table asking for rows, an
  // anywidget's model.send); without it those elements show only what the HTML holds.
  constructor(root: Document | HTMLElement, send: SendValue, message: SendMessage = () => {}) {
    this.#root = root;
    this.#send = send;
    this.#widgets = new AnyWidgets(send, message);
    this.#tables = new Tables(send, message);
    this.#refreshers = new Refreshers((el) => this.#tick(el));
    for (const type of ["input", "change", "click"] as const) {
      root.addEventListener(type, (e) => this.#handle(e as Event, type));
    }
    root.addEventListener("submit", (e) => this.#submit(e));
    root.addEventListener("reset", (e) => this.#reset(e));
    root.addEventListener(CHART_SELECT, (e) => this.#chartSelect(e as CustomEvent));
    listenForBoxes(root, (el, value, time) => {
      const id = el.dataset["coveId"];
      if (id) this.#sendValue(id, value, time);
    });
  }

  /** New output HTML is in the DOM: start the elements that need script (anywidgets, tables). */
  mount(root: ParentNode): void {
    this.#widgets.mountAll(root);
    this.#tables.mountAll(root);
    this.#refreshers.mountAll(root);
  }

  // A refresh element's timer fired: send its next tick, as a click on its button would.
  #tick(el: HTMLElement): void {
    const button = el.querySelector("button");
    const id = el.dataset["coveId"];
    if (button && id) this.#sendValue(id, readValue(el, button), performance.now());
  }

  #chartSelect(e: CustomEvent): void {
    const root = (e.target as Element | null)?.closest<HTMLElement>("[data-cove-ui]");
    const id = root?.dataset["coveId"];
    if (id) this.#sendValue(id, e.detail, e.timeStamp);
  }

  /** A `ui_message` from the kernel for an element: give it to every copy on the page. */
  message(elementId: string, message: unknown): void {
    for (const el of this.#copies(elementId)) {
      this.#widgets.receive(el, message);
      this.#tables.receive(el, message);
      showConversation(el, message);
    }
  }

  #copies(elementId: string): NodeListOf<HTMLElement> {
    return this.#root.querySelectorAll<HTMLElement>(`[data-cove-id="${CSS.escape(elementId)}"]`);
  }

  // A form sends nothing while the reader edits inside it; on submit, first the children's
  // current values (a debounced field may not have sent its last keystrokes), then the submit.
  #submit(e: Event): void {
    const form = (e.target as Element | null)?.closest<HTMLElement>('[data-cove-ui="form"]');
    const id = form?.dataset["coveId"];
    if (!form || !id) return;
    e.preventDefault();
    this.#resendChildren(form, e.timeStamp);
    this.#sendValue(id, SUBMIT, e.timeStamp);
  }

  #reset(e: Event): void {
    const form = (e.target as Element | null)?.closest<HTMLElement>('[data-cove-ui="form"]');
    if (!form) return;
    // The browser restores the controls after this event: read them on the next task.
    setTimeout(() => this.#resendChildren(form, e.timeStamp), 0);
  }

  #resendChildren(form: HTMLElement, time: number): void {
    for (const child of form.querySelectorAll<HTMLElement>("[data-cove-ui]")) {
      const id = child.dataset["coveId"];
      if (!id || NO_RESEND.has(child.dataset["coveUi"] ?? "")) continue;
      const control = [...child.querySelectorAll(CONTROLS)].find((c) => c.closest("[data-cove-ui]") === child);
      if (control) this.#sendValue(id, readValue(child, control), time);
    }
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
    if (type === "change" && root.dataset["coveUi"] === "refresh") this.#refreshers.restart(root);
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
    if (control instanceof HTMLButtonElement && (control.type === "submit" || control.type === "reset") && root.dataset["coveUi"] === "form") return;
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
