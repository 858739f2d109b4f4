// Hosts anywidget elements (cove.ui.anywidget): imports the widget's ES module from its props,
// gives it a model (get/set/save_changes/on/off) whose saved changes go to the kernel as the
// element's value, and feeds it values Python sets.
import { props } from "./values";

type Listener = (...args: unknown[]) => void;
type Send = (elementId: string, value: unknown, time: number) => void;

class Model {
  readonly #state: Record<string, unknown>;
  readonly #dirty = new Map<string, unknown>();
  readonly #listeners = new Map<string, Set<Listener>>();
  readonly #save: (changes: Record<string, unknown>) => void;

  constructor(state: Record<string, unknown>, save: (changes: Record<string, unknown>) => void) {
    this.#state = { ...state };
    this.#save = save;
  }

  get(name: string): unknown {
    return this.#state[name];
  }

  set(name: string, value: unknown): void {
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

  off(event?: string, f?: Listener): void {
    if (event === undefined) this.#listeners.clear();
    else if (f === undefined) this.#listeners.delete(event);
    else this.#listeners.get(event)?.delete(f);
  }

  send(): void {
    console.warn("cove: anywidget custom messages are not supported yet");
  }

  /** Values from Python: update without echoing them back. */
  receive(state: Record<string, unknown>): void {
    for (const [name, value] of Object.entries(state)) {
      if (JSON.stringify(this.#state[name]) === JSON.stringify(value)) continue;
      this.#state[name] = value;
      this.#fire(name, value);
    }
  }

  #fire(name: string, value: unknown): void {
    for (const f of this.#listeners.get(`change:${name}`) ?? []) f(value);
    for (const f of this.#listeners.get("change") ?? []) f();
  }
}

interface Widget {
  initialize?: (ctx: { model: Model }) => unknown;
  render?: (ctx: { model: Model; el: HTMLElement }) => unknown;
}

export class AnyWidgets {
  readonly #send: Send;
  readonly #models = new WeakMap<HTMLElement, Model>();

  constructor(send: Send) {
    this.#send = send;
  }

  /** Start every widget under `root` that is not running yet. */
  mountAll(root: ParentNode): void {
    for (const el of root.querySelectorAll<HTMLElement>('[data-cove-ui="anywidget"]')) {
      if (!this.#models.has(el)) void this.#mount(el);
    }
  }

  update(el: HTMLElement, value: unknown): void {
    if (typeof value === "object" && value !== null) this.#models.get(el)?.receive(value as Record<string, unknown>);
  }

  async #mount(el: HTMLElement): Promise<void> {
    const id = el.dataset["coveId"];
    const p = props(el);
    if (!id || typeof p["esm"] !== "string") return;
    let state: Record<string, unknown> = {};
    try {
      state = JSON.parse(el.dataset["coveValue"] ?? "{}") as Record<string, unknown>;
    } catch {
      // an element without a readable value starts empty
    }
    const model = new Model(state, (changes) => this.#send(id, changes, performance.now()));
    this.#models.set(el, model);
    const root = el.querySelector<HTMLElement>(".cove-anywidget-root") ?? el;
    const url = URL.createObjectURL(new Blob([p["esm"]], { type: "text/javascript" }));
    try {
      const mod = (await import(/* webpackIgnore: true */ url)) as { default?: unknown; render?: Widget["render"] };
      const def = mod.default ?? mod;
      const widget = (typeof def === "function" ? await (def as () => unknown)() : def) as Widget;
      await widget.initialize?.({ model });
      root.replaceChildren();
      if (typeof p["css"] === "string") {
        const style = document.createElement("style");
        style.textContent = p["css"];
        root.append(style);
      }
      await (widget.render ?? mod.render)?.({ model, el: root });
    } catch (err) {
      root.textContent = `This widget failed to load: ${err instanceof Error ? err.message : String(err)}`;
    } finally {
      URL.revokeObjectURL(url);
    }
  }
}
