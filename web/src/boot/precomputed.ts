// Answering controls before Python boots. The export ran every value of each small finite UI
// element (py/cove/_export/precompute.py states the rule) and wrote one file per group of
// elements that share cells: their domains, per cell a table over the elements it depends on, and
// the events that show each cell's state. The page config maps each element to the cells its
// change re-runs and to its group's file.
//
// Until the kernel has taken over, a change of a control shows the table's outputs at once (the
// file is fetched the first time the reader reaches for one of the group's controls); a cell the
// table cannot answer (a value outside it, a cell left out as non-deterministic, an element with no
// table) shows as queued ("computing") until the live kernel answers. Events are stamped with the
// run id each cell had when the reader made the change: any live event is of a newer run, so the
// kernel's results always win, and the page needs no other coordination with it.
import type { Event } from "../protocol";
import { readValue } from "../ui/values";

interface ElementInfo {
  readonly cells: readonly string[];
  readonly file: string | null;
}

interface GroupFile {
  readonly elements: readonly { readonly id: string; readonly values: readonly unknown[]; readonly initial: number }[];
  readonly cells: readonly { readonly id: string; readonly deps: readonly number[]; readonly table: readonly number[] }[];
  // Per shown state, the events of Session.cell_snapshot() without id and run_id.
  readonly shown: readonly (readonly Record<string, unknown>[])[];
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
    const elements = (config as { elements?: unknown } | null)?.elements;
    if (typeof elements !== "object" || elements === null) return null;
    const map = new Map<string, ElementInfo>();
    for (const [id, info] of Object.entries(elements as Record<string, unknown>)) {
      const { cells, file } = (info ?? {}) as Record<string, unknown>;
      if (!Array.isArray(cells) || !cells.every((c) => typeof c === "string")) continue;
      map.set(id, { cells: cells as string[], file: typeof file === "string" ? file : null });
    }
    return map.size ? new Precomputed(map, base, fetcher) : null;
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
    const answer = (group: GroupFile | null) => {
      const cells = info.cells.filter((c) => this.#latest.get(c) === seq);
      if (cells.length) apply(cells.flatMap((c) => this.#events(group, c, runs.get(c) ?? 0)));
    };
    const file = info.file;
    if (file && this.#loaded.has(file)) return answer(this.#loaded.get(file) ?? null);
    if (!file) return answer(null);
    void this.#load(file).then(answer);
  }

  #load(file: string): Promise<GroupFile | null> {
    let p = this.#loading.get(file);
    if (!p) {
      p = this.#fetch(new URL(file, this.#base).href).then(
        (data) => (isGroupFile(data) ? data : null),
        () => null, // no table (offline, removed): the cells show as computing instead
      );
      p.then((group) => this.#loaded.set(file, group));
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
    return entry === undefined || entry < 0 ? null : (group.shown[entry] ?? null);
  }
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
    if (value !== undefined && !same(value, rendered)) send(el.dataset["coveId"]!, value, performance.now());
  }
}
