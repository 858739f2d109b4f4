// Answering controls before Python boots. The export ran every value of each small finite UI
// element (py/cove/_export/precompute.py states the rule) and wrote one file per group of
// elements that share cells: their domains, per cell a table over the elements it depends on, and
// the events that show each cell's state (most stored as pieces of another state: see #text).
// For an element that shares its group it also wrote a slice: what a change of that element
// alone shows, the others at their values at export. The page config maps each element to the
// cells its change re-runs, its group's file and its slice.
//
// Until the kernel has taken over, a change of a control shows the table's outputs at once. The
// slices come inside the page config when they are small, or are fetched when the page loads
// (the page's head preloads them), so a reader's first change is answered without a round trip
// (and, inline, as the page's script starts); the group's file, which answers any
// combination, is fetched the first time the reader reaches for one of its controls. A cell the
// table cannot answer (a value outside it, a cell left out as non-deterministic, an element with no
// table) shows as queued ("computing") until the live kernel answers. Events are stamped with the
// run id each cell had when the reader made the change: any live event is of a newer run, so the
// kernel's results always win, and the page needs no other coordination with it.
import type { Event } from "../protocol";
import { readValue, showValue } from "../ui/values";

interface ElementInfo {
  readonly cells: readonly string[];
  readonly file: string | null;
  readonly slice: string | null; // may be `file` itself (an element alone in its group)
}

// A piece of a stored state: text, or [index of a state stored whole, offset, length].
type Piece = string | readonly [number, number, number];

interface GroupFile {
  readonly elements: readonly { readonly id: string; readonly values: readonly unknown[]; readonly initial: number }[];
  // Elements the file assumes at these values (a slice's other elements): it answers only then.
  readonly fixed?: readonly { readonly id: string; readonly value: unknown }[];
  readonly cells: readonly { readonly id: string; readonly deps: readonly number[]; readonly table: readonly number[] }[];
  // Per shown state, the JSON of the events of Session.cell_snapshot() without id and run_id:
  // whole, or as pieces.
  readonly shown: readonly (string | readonly Piece[])[];
}

export type Apply = (events: Event[]) => void;
export type FetchJSON = (url: string) => Promise<unknown>;

/** What the controller asks of this module (a narrow slice, so tests pass fakes). */
export interface EarlyAnswers {
  change(elementId: string, value: unknown, runId: (cellId: string) => number, apply: Apply): void;
}

const fetchJSON: FetchJSON = async (url) => {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return response.json();
};

export class Precomputed implements EarlyAnswers {
  readonly #elements: ReadonlyMap<string, ElementInfo>;
  readonly #base: string;
  readonly #fetch: FetchJSON;
  readonly #loading = new Map<string, Promise<GroupFile | null>>();
  readonly #loaded = new Map<string, GroupFile | null>();
  // Per file, the shown states rebuilt so far.
  readonly #decoded = new WeakMap<GroupFile, Map<number, readonly Record<string, unknown>[] | null>>();
  // The reader's value per element (elements not in here hold their value at export).
  readonly #values = new Map<string, unknown>();
  // Per cell, the newest change that re-runs it: an older change's answer, arriving later from
  // the network, is not shown over a newer one's.
  readonly #latest = new Map<string, number>();
  #seq = 0;

  constructor(elements: ReadonlyMap<string, ElementInfo>, base: string, fetcher: FetchJSON = fetchJSON) {
    this.#elements = elements;
    this.#base = base;
    this.#fetch = fetcher;
  }

  /** From the page config's `precompute` block; null when there is none (or it is unreadable). */
  static fromConfig(config: unknown, base: string, fetcher?: FetchJSON): Precomputed | null {
    const { elements, inline } = (config ?? {}) as { elements?: unknown; inline?: unknown };
    if (typeof elements !== "object" || elements === null) return null;
    const map = new Map<string, ElementInfo>();
    for (const [id, info] of Object.entries(elements as Record<string, unknown>)) {
      const { cells, file, slice } = (info ?? {}) as Record<string, unknown>;
      if (!Array.isArray(cells) || !cells.every((c) => typeof c === "string")) continue;
      map.set(id, { cells: cells as string[], file: typeof file === "string" ? file : null, slice: typeof slice === "string" ? slice : null });
    }
    if (!map.size) return null;
    const tables = new Precomputed(map, base, fetcher);
    // Small slices come inside the config: loaded already.
    for (const [file, data] of Object.entries(typeof inline === "object" && inline ? inline : {})) {
      if (isGroupFile(data)) tables.#loaded.set(file, data);
    }
    return tables;
  }

  /** Fetch every element's slice now: what the reader's first change will need. */
  preload(): void {
    for (const info of this.#elements.values()) if (info.slice) void this.#load(info.slice);
  }

  /** The reader is reaching for this element (pointer over it, focus): fetch its table now. */
  prefetch(elementId: string): void {
    const file = this.#elements.get(elementId)?.file;
    if (file) void this.#load(file);
  }

  /** Prefetch on the first pointer or focus that comes near a control with a table. */
  watch(root: Document | HTMLElement): void {
    const near = (e: globalThis.Event) => {
      const el = (e.target as Element | null)?.closest?.<HTMLElement>("[data-cove-id]");
      const id = el?.dataset["coveId"];
      if (id) this.prefetch(id);
    };
    for (const type of ["pointerover", "focusin", "touchstart"]) root.addEventListener(type, near, { passive: true });
  }

  change(elementId: string, value: unknown, runId: (cellId: string) => number, apply: Apply): void {
    this.#values.set(elementId, value);
    const info = this.#elements.get(elementId);
    if (!info) return; // it re-runs nothing
    const seq = ++this.#seq;
    for (const cell of info.cells) this.#latest.set(cell, seq);
    const runs = new Map(info.cells.map((c) => [c, runId(c)]));
    // Marks for bench/early.py: change → answer shown, and where the time went.
    performance.mark("cove:early-change", { detail: elementId });
    const answer = (): void => {
      const source = this.#source(info);
      if (source instanceof Promise) return void source.then(answer); // loaded: answers at once
      const cells = info.cells.filter((c) => this.#latest.get(c) === seq);
      if (cells.length) apply(cells.flatMap((c) => this.#events(source, c, runs.get(c) ?? 0)));
      performance.mark("cove:early-answered", { detail: elementId });
    };
    // Never from within the call: a change the page catches up on as it starts (catchUp) comes
    // before the view has adopted the prerendered cells, which would take the answer's outputs
    // for what the prerender shows. A microtask still answers before the next paint.
    queueMicrotask(answer);
  }

  // The loaded file that answers a change of this element for the reader's values, null when
  // none can, or the load to wait for before asking again.
  #source(info: ElementInfo): GroupFile | null | Promise<unknown> {
    const { file, slice } = info;
    const group = file ? this.#loaded.get(file) : null;
    if (group) return group;
    if (slice && slice !== file) {
      if (!this.#loaded.has(slice)) return this.#load(slice);
      const part = this.#loaded.get(slice);
      if (part && this.#fits(part)) {
        if (file) void this.#load(file); // for the reader's next changes, of other elements too
        return part;
      }
    }
    if (!file || this.#loaded.has(file)) return null; // no table, or it failed to load
    return this.#load(file);
  }

  #fits(group: GroupFile): boolean {
    return (group.fixed ?? []).every((f) => !this.#values.has(f.id) || same(this.#values.get(f.id), f.value));
  }

  #load(file: string): Promise<GroupFile | null> {
    if (this.#loaded.has(file)) return Promise.resolve(this.#loaded.get(file) ?? null);
    let p = this.#loading.get(file);
    if (!p) {
      p = this.#fetch(new URL(file, this.#base).href).then(
        (data) => (isGroupFile(data) ? data : null),
        () => null, // no table (offline, removed): the cells show as computing instead
      );
      p.then((group) => {
        this.#loaded.set(file, group);
        performance.mark("cove:early-loaded", { detail: file });
      });
      this.#loading.set(file, p);
    }
    return p;
  }

  // The events that show `cell` for the reader's current values, or mark it as computing.
  #events(group: GroupFile | null, id: string, run_id: number): Event[] {
    const shown = group ? this.#lookup(group, id) : null;
    if (!shown) return [{ type: "cell_status", id, status: "queued", run_id }];
    // "running" clears the console and error, the empty replace the outputs: then the state.
    return [
      { type: "cell_status", id, status: "running", run_id },
      { type: "cell_output", id, output: null, mode: "replace", run_id },
      ...shown.map((e) => ({ ...e, id, run_id }) as unknown as Event),
    ];
  }

  #lookup(group: GroupFile, id: string): readonly Record<string, unknown>[] | null {
    const cell = group.cells.find((c) => c.id === id);
    if (!cell) return null;
    let index = 0;
    for (const d of cell.deps) {
      const e = group.elements[d];
      if (!e) return null;
      const i = this.#values.has(e.id) ? e.values.findIndex((v) => same(v, this.#values.get(e.id))) : e.initial;
      if (i < 0) return null; // a value outside the table
      index = index * e.values.length + i;
    }
    const entry = cell.table[index];
    return entry === undefined || entry < 0 ? null : this.#shown(group, entry);
  }

  #shown(group: GroupFile, entry: number): readonly Record<string, unknown>[] | null {
    let done = this.#decoded.get(group);
    if (!done) this.#decoded.set(group, (done = new Map()));
    if (!done.has(entry)) {
      let events: readonly Record<string, unknown>[] | null = null;
      try {
        const parsed: unknown = JSON.parse(text(group.shown, entry));
        if (Array.isArray(parsed)) events = parsed as Record<string, unknown>[];
      } catch {
        // a damaged file: the cell shows as computing
      }
      done.set(entry, events);
    }
    return done.get(entry) ?? null;
  }
}

/** A shown state's JSON text: stored whole, or as pieces, each text or a part of a state stored
 * whole (the export stores most states so: they differ from their cell's first in a few numbers). */
function text(shown: GroupFile["shown"], entry: number): string {
  const s = shown[entry];
  if (typeof s === "string") return s;
  if (!Array.isArray(s)) throw new Error(`no shown state ${entry}`);
  return s
    .map((p: Piece) => {
      if (typeof p === "string") return p;
      const whole = shown[p[0]];
      if (typeof whole !== "string") throw new Error(`piece of ${entry} refers to ${p[0]}, not stored whole`);
      return whole.slice(p[1], p[1] + p[2]);
    })
    .join("");
}

/** Values as the page sends them, numbers compared within rounding (a range input's 0.3 is the
 * export's 0.3 even when one side computed 0.30000000000000004). */
export function same(a: unknown, b: unknown): boolean {
  if (typeof a === "number" && typeof b === "number") return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  return JSON.stringify(a) === JSON.stringify(b);
}

function isGroupFile(data: unknown): data is GroupFile {
  const g = data as GroupFile | null;
  return !!g && Array.isArray(g.elements) && Array.isArray(g.cells) && Array.isArray(g.shown);
}

// Kinds whose control holds a value the reader may have set before the page's script ran.
const CATCH_UP = new Set(["slider", "number", "checkbox", "switch", "dropdown", "radio", "text", "text_area"]);

/** Controls the reader changed before the page's script started listening (main.js is still
 * loading in the first ~100 ms): their value differs from the one the element was rendered with.
 * `send` gets each, as if the reader had just changed it. */
export function catchUp(root: ParentNode, send: (elementId: string, value: unknown, time: number) => void): void {
  for (const el of root.querySelectorAll<HTMLElement>("[data-cove-ui][data-cove-id]")) {
    if (!CATCH_UP.has(el.dataset["coveUi"] ?? "")) continue;
    const control = el.querySelector("input:checked, input, select, textarea");
    if (!control || control.closest("[data-cove-ui]") !== el) continue;
    const value = readValue(el, control);
    let rendered: unknown;
    try {
      rendered = JSON.parse(el.dataset["coveValue"] ?? "null");
    } catch {
      continue;
    }
    if (value === undefined || same(value, rendered)) continue;
    showValue(el, control); // the slider's number, which nothing updated while no script listened
    send(el.dataset["coveId"]!, value, performance.now());
  }
}
