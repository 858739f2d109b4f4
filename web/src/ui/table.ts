// Interactive tables (cove.ui.table): finds them in new output HTML and starts a TableView on
// each (ui/table-view.ts, a lazy chunk: pages without tables never load it), and routes the
// kernel's values and messages to them.
import type { TableView } from "./table-view";

export type SendValue = (elementId: string, value: unknown, time: number) => void;
export type SendMessage = (elementId: string, message: unknown) => void;

let load: Promise<typeof import("./table-view")> | null = null;

/** Every interactive table of the page, by element. */
export class Tables {
  readonly #send: SendValue;
  readonly #ask: SendMessage;
  readonly #views = new WeakMap<HTMLElement, TableView>();
  readonly #starting = new WeakSet<HTMLElement>();

  constructor(send: SendValue, ask: SendMessage) {
    this.#send = send;
    this.#ask = ask;
  }

  mountAll(root: ParentNode): void {
    const found = [...root.querySelectorAll<HTMLElement>('[data-cove-ui="table"]')].filter(
      (el) => !this.#starting.has(el) && el.querySelector(".cove-table-wrap[data-mode] .cove-table tbody"),
    );
    if (!found.length) return;
    for (const el of found) this.#starting.add(el);
    void (load ??= import("./table-view")).then(({ TableView }) => {
      for (const el of found) if (el.isConnected) this.#views.set(el, new TableView(el, this.#send, this.#ask));
    });
  }

  receive(el: HTMLElement, message: unknown): void {
    this.#views.get(el)?.receive(message);
  }
}
