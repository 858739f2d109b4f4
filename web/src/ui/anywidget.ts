// Hosts anywidget elements (cove.ui.anywidget) following the anywidget front-end module spec
// (AFM): imports the widget's ES module from its props (code, or a URL such as a data: URL),
// takes `render` / `initialize` from it or from its default export (an object, or a function
// returning one), and gives them a model: get / set / save_changes / on / off / send. Saved
// changes go to the kernel as the element's value; traits Python changes and custom messages
// come back as `ui_message` events (see py/cove/ui/_anywidget.py).
import { props } from "./values";

type Listener = (...args: unknown[]) => void;
type Send = (elementId: string, value: unknown, time: number) => void;
type SendMessage = (elementId: string, message: unknown) => void;
type Cleanup = (() => unknown) | void | undefined;

class Model {
  readonly #state: Record<string, unknown>;
  readonly #dirty = new Map<string, unknown>();
  readonly #listeners = new Map<string, Set<Listener>>();
  readonly #save: (changes: Record<string, unknown>) => void;
  readonly #message: (content: unknown) => void;

  constructor(state: Record<string, unknown>, save: (changes: Record<string, unknown>) => void, message: (content: unknown) => void) {
    this.#state = { ...state };
    this.#save = save;
    this.#message = message;
  }

  get(name: string): unknown {
    return this.#state[name];
  }

  set(name: string, value: unknown): void {
    // Like a Backbone model: setting the value it already has changes nothing and sends nothing.
    if (JSON.stringify(this.#state[name]) === JSON.stringify(value) && name in this.#state) return;
    this.#state[name] = value;
    this.#dirty.set(name, value);
    this.#fire(name, value);
  }

  save_changes(): void {
    if (this.#dirty.size === 0) return;
    const changes = Object.fromEntries(this.#dirty);
    this.#dirty.clear();
    this.#save(changes);
  }

  on(event: string, f: Listener): void {
    if (!this.#listeners.has(event)) this.#listeners.set(event, new Set());
    this.#listeners.get(event)!.add(f);
  }

  off(event?: string | null, f?: Listener | null): void {
    if (!event) this.#listeners.clear();
    else if (!f) this.#listeners.delete(event);
    else this.#listeners.get(event)?.delete(f);
  }

  /** A custom message to Python (the widget's `on_msg` handlers). Binary buffers are dropped. */
  send(content: unknown, callbacks?: unknown, buffers?: unknown[]): void {
    if (buffers?.length) console.warn("cove: anywidget binary buffers are not supported; sent without them");
    this.#message(content);
  }

  /** Values from Python: update without echoing them back. */
  receive(state: Record<string, unknown>): void {
    for (const [name, value] of Object.entries(state)) {
      if (JSON.stringify(this.#state[name]) === JSON.stringify(value)) continue;
      this.#state[name] = value;
      this.#fire(name, value);
    }
  }

  /** A custom message from Python (`widget.send`). */
  custom(content: unknown): void {
    for (const f of this.#listeners.get("msg:custom") ?? []) f(content, []);
  }

  #fire(name: string, value: unknown): void {
    for (const f of this.#listeners.get(`change:${name}`) ?? []) f(value);
    for (const f of this.#listeners.get("change") ?? []) f();
  }
}

interface Widget {
  initialize?: (ctx: { model: Model }) => Cleanup | Promise<Cleanup>;
  render?: (ctx: { model: Model; el: HTMLElement }) => Cleanup | Promise<Cleanup>;
}

// A single line that names a module (blob:, http(s): or a path) rather than holding one.
function isUrl(esm: string): boolean {
  return !esm.includes("\n") && /^(blob:|https?:\/\/|\.{0,2}\/)/.test(esm.trim());
}

// The module text of a data: URL. Imported through a blob: URL instead, because the page's
// Content-Security-Policy allows blob: scripts but not data: ones.
function dataUrlText(url: string): string | null {
  const m = /^data:([^,]*?)(;base64)?,(.*)$/s.exec(url.trim());
  if (!m) return null;
  const payload = m[3] ?? "";
  if (!m[2]) return decodeURIComponent(payload);
  const bytes = Uint8Array.from(atob(payload), (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

async function loadWidget(source: string): Promise<Widget> {
  const esm = source.trim().startsWith("data:") ? (dataUrlText(source) ?? source) : source;
  const url = isUrl(esm) ? new URL(esm.trim(), document.baseURI).href : URL.createObjectURL(new Blob([esm], { type: "text/javascript" }));
  try {
    const mod = (await import(/* webpackIgnore: true */ url)) as Widget & { default?: unknown };
    // AFM: `export default { render, initialize }`, `export default () => ({...})`, or named exports.
    let def = mod.default;
    if (typeof def === "function") def = await (def as () => unknown)();
    const obj = (typeof def === "object" && def !== null ? def : {}) as Widget;
    return { initialize: obj.initialize ?? mod.initialize, render: obj.render ?? mod.render };
  } finally {
    if (url.startsWith("blob:") && !isUrl(esm)) URL.revokeObjectURL(url);
  }
}

export class AnyWidgets {
  readonly #send: Send;
  readonly #message: SendMessage;
  readonly #models = new WeakMap<HTMLElement, Model>();

  constructor(send: Send, message: SendMessage) {
    this.#send = send;
    this.#message = message;
  }

  /** Start every widget under `root` that is not running yet. */
  mountAll(root: ParentNode): void {
    for (const el of root.querySelectorAll<HTMLElement>('[data-cove-ui="anywidget"]')) {
      if (!this.#models.has(el)) void this.#mount(el);
    }
  }

  /** A `ui_message`: traits Python changed, or a custom message. */
  receive(el: HTMLElement, message: unknown): void {
    const model = this.#models.get(el);
    const m = message as { type?: unknown; state?: unknown; content?: unknown } | null;
    if (!model || typeof m !== "object" || m === null) return;
    if (m.type === "state" && typeof m.state === "object" && m.state !== null) {
      model.receive(m.state as Record<string, unknown>);
      el.dataset["coveValue"] = JSON.stringify({ ...readState(el), ...(m.state as object) });
    } else if (m.type === "custom") {
      model.custom(m.content);
    }
  }

  async #mount(el: HTMLElement): Promise<void> {
    const id = el.dataset["coveId"];
    const p = props(el);
    if (!id || typeof p["esm"] !== "string") return;
    const model = new Model(
      readState(el),
      (changes) => this.#send(id, changes, performance.now()),
      (content) => this.#message(id, { type: "custom", content }),
    );
    this.#models.set(el, model);
    const root = el.querySelector<HTMLElement>(".cove-anywidget-root") ?? el;
    try {
      const widget = await loadWidget(p["esm"]);
      await widget.initialize?.({ model });
      root.replaceChildren();
      if (typeof p["css"] === "string" && p["css"]) {
        const style = document.createElement("style");
        style.textContent = p["css"];
        root.append(style);
      }
      const view = document.createElement("div");
      view.className = "cove-anywidget-view";
      root.append(view);
      await widget.render?.({ model, el: view });
      el.dataset["widget"] = "ready";
    } catch (err) {
      el.dataset["widget"] = "error";
      root.textContent = `This widget failed to load: ${err instanceof Error ? err.message : String(err)}`;
    }
  }
}

function readState(el: HTMLElement): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(el.dataset["coveValue"] ?? "{}");
    return typeof v === "object" && v !== null ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
