// One interactive table (cove.ui.table), a lazy chunk loaded by table.ts when a page has a
// table. The engine writes the markup (py/cove/_output/tables.py:
// search box, sortable headers, the first rows, a pager or a scrolling viewport, controls
// disabled); this adopts it and asks the kernel for the rows in view with `send_ui_message`
// `{type: "rows", ...}`, so a table of 100,000 rows keeps a few dozen <tr> in the DOM. Asking for
// rows re-runs nothing; only selecting rows sends a value (the selected row indices).

import type { SendMessage, SendValue } from "./table";

interface Block {
  readonly ids: readonly number[];
  readonly rows: readonly (readonly string[])[];
}

interface RowsReply {
  readonly type: "rows";
  readonly request: number;
  readonly total: number;
  readonly ids: number[];
  readonly rows: string[][];
}

const SCROLL_BLOCK = 100; // rows per request while scrolling (the engine's SCROLL_BLOCK)
const OVERSCAN = 8; // rows drawn above and below the viewport
const SEARCH_DELAY_MS = 200;

function isRowsReply(m: unknown): m is RowsReply {
  const r = m as Partial<RowsReply> | null;
  return typeof r === "object" && r !== null && r.type === "rows" && typeof r.request === "number" && Array.isArray(r.ids) && Array.isArray(r.rows);
}

export class TableView {
  readonly #root: HTMLElement;
  readonly #id: string;
  readonly #send: SendValue;
  readonly #ask: SendMessage;
  readonly #mode: "pages" | "scroll";
  readonly #block: number;
  readonly #selection: "single" | "multi" | null;
  readonly #columns: number;
  readonly #tbody: HTMLTableSectionElement;
  readonly #scroll: HTMLElement;
  readonly #wrap: HTMLElement;
  #selected: Set<number>;
  // The view: a sort and a search; `#view` counts changes, so replies for an older view drop.
  #sort: [string, boolean] | null = null;
  #search = "";
  #view = 0;
  #total: number;
  #page = 0;
  readonly #blocks = new Map<number, Block>();
  readonly #asked = new Set<number>();
  readonly #requests = new Map<number, { view: number; block: number }>();
  #request = 0;
  #rowHeight = 0;
  #frame = 0;
  #drawn = "";
  #searchTimer = 0;

  constructor(root: HTMLElement, send: SendValue, ask: SendMessage) {
    this.#root = root;
    this.#id = root.dataset["coveId"] ?? "";
    this.#send = send;
    this.#ask = ask;
    const p = props(root);
    this.#mode = p["mode"] === "scroll" ? "scroll" : "pages";
    this.#block = this.#mode === "scroll" ? SCROLL_BLOCK : Math.max(1, Number(p["page_size"]) || 10);
    this.#selection = p["selection"] === "single" || p["selection"] === "multi" ? p["selection"] : null;
    this.#columns = Array.isArray(p["columns"]) ? p["columns"].length : 0;
    this.#total = Number(p["total_rows"]) || 0;
    this.#wrap = root.querySelector<HTMLElement>(".cove-table-wrap")!;
    this.#scroll = root.querySelector<HTMLElement>(".cove-table-scroll")!;
    this.#tbody = root.querySelector<HTMLTableSectionElement>(".cove-table tbody")!;
    this.#selected = new Set(readValue(root));
    this.#blocks.set(0, this.#readDomRows());
    this.#asked.add(0);
    this.#enable();
    this.#listen();
    this.#draw();
  }

  /** A `ui_message` for this table: rows it asked for. */
  receive(message: unknown): void {
    if (!isRowsReply(message)) return;
    const asked = this.#requests.get(message.request);
    this.#requests.delete(message.request);
    if (!asked || asked.view !== this.#view) return;
    this.#blocks.set(asked.block, { ids: message.ids, rows: message.rows });
    this.#total = message.total;
    this.#drawn = "";
    this.#draw();
  }

  // ---------------------------------------------------------------------------------- setup

  #readDomRows(): Block {
    const ids: number[] = [];
    const rows: string[][] = [];
    for (const tr of this.#tbody.querySelectorAll<HTMLTableRowElement>("tr[data-row]")) {
      ids.push(Number(tr.dataset["row"]));
      rows.push([...tr.cells].filter((td) => !td.classList.contains("cove-select-col")).map((td) => td.textContent ?? ""));
    }
    return { ids, rows };
  }

  #enable(): void {
    for (const c of this.#wrap.querySelectorAll<HTMLInputElement | HTMLButtonElement>(".cove-table-search, .cove-table-sort, .cove-table-pager button")) {
      c.disabled = false;
    }
    this.#wrap.dataset["live"] = "";
  }

  #listen(): void {
    this.#wrap.addEventListener("click", (e) => {
      const target = e.target as Element;
      const sort = target.closest<HTMLElement>(".cove-table-sort");
      if (sort) return this.#toggleSort(sort.closest<HTMLElement>("th")!);
      const pager = target.closest<HTMLButtonElement>(".cove-table-pager button");
      if (pager) return this.#turn(pager.dataset["page"] === "next" ? 1 : -1);
    });
    this.#wrap.addEventListener("change", (e) => {
      const input = e.target as HTMLInputElement;
      if (!input.matches?.("tbody input[type=checkbox], tbody input[type=radio]")) return;
      const id = Number(input.value);
      if (this.#selection === "single") this.#selected = input.checked ? new Set([id]) : new Set();
      else if (input.checked) this.#selected.add(id);
      else this.#selected.delete(id);
      this.#send(this.#id, [...this.#selected].sort((a, b) => a - b), e.timeStamp);
    });
    const search = this.#wrap.querySelector<HTMLInputElement>(".cove-table-search");
    search?.addEventListener("input", () => {
      clearTimeout(this.#searchTimer);
      this.#searchTimer = window.setTimeout(() => this.#setView(this.#sort, search.value), SEARCH_DELAY_MS);
    });
    this.#scroll.addEventListener("scroll", () => {
      if (this.#mode !== "scroll" || this.#frame) return;
      this.#frame = requestAnimationFrame(() => {
        this.#frame = 0;
        this.#draw();
      });
    }, { passive: true });
  }

  #toggleSort(th: HTMLElement): void {
    const column = th.dataset["column"] ?? "";
    // none -> ascending -> descending -> none
    let next: [string, boolean] | null = [column, false];
    if (this.#sort?.[0] === column) next = this.#sort[1] ? null : [column, true];
    for (const h of this.#wrap.querySelectorAll<HTMLElement>("th[data-column]")) h.setAttribute("aria-sort", "none");
    if (next) th.setAttribute("aria-sort", next[1] ? "descending" : "ascending");
    this.#setView(next, this.#search);
  }

  #setView(sort: [string, boolean] | null, search: string): void {
    if (search === this.#search && sort?.[0] === this.#sort?.[0] && sort?.[1] === this.#sort?.[1]) return;
    this.#sort = sort;
    this.#search = search;
    this.#view++;
    this.#blocks.clear();
    this.#asked.clear();
    this.#requests.clear();
    this.#page = 0;
    this.#scroll.scrollTop = 0;
    this.#drawn = "";
    this.#draw();
  }

  #turn(step: number): void {
    const pages = this.#pages();
    const page = Math.min(Math.max(this.#page + step, 0), pages - 1);
    if (page === this.#page) return;
    this.#page = page;
    this.#draw();
  }

  #pages(): number {
    return Math.max(1, Math.ceil(this.#total / this.#block));
  }

  // ------------------------------------------------------------------------------ requests

  #need(block: number): void {
    if (this.#blocks.has(block) || this.#asked.has(block)) return;
    this.#asked.add(block);
    const request = ++this.#request;
    this.#requests.set(request, { view: this.#view, block });
    this.#ask(this.#id, {
      type: "rows",
      request,
      sort: this.#sort ? [this.#sort] : [],
      search: this.#search,
      offset: block * this.#block,
      limit: this.#block,
    });
  }

  #row(index: number): { id: number; cells: readonly string[] } | null {
    const block = this.#blocks.get(Math.floor(index / this.#block));
    const at = index % this.#block;
    const id = block?.ids[at];
    return block && id !== undefined ? { id, cells: block.rows[at] ?? [] } : null;
  }

  // ------------------------------------------------------------------------------- drawing

  #draw(): void {
    const [first, last] = this.#range();
    for (let b = Math.floor(first / this.#block); b * this.#block < Math.max(last, 1); b++) this.#need(b);
    const key = `${this.#view}:${first}:${last}:${this.#total}`;
    this.#wrap.toggleAttribute("data-loading", this.#requests.size > 0);
    if (key === this.#drawn) return;
    this.#drawn = key;
    const rows: HTMLTableRowElement[] = [];
    if (this.#mode === "scroll") rows.push(this.#spacer(first * this.#rowHeight));
    for (let i = first; i < last; i++) rows.push(this.#tr(this.#row(i)));
    if (this.#mode === "scroll") rows.push(this.#spacer((this.#total - last) * this.#rowHeight));
    if (this.#total === 0 && this.#requests.size === 0) rows.push(this.#message(this.#search ? "No rows match the search." : "No rows."));
    this.#tbody.replaceChildren(...rows);
    this.#footer();
  }

  // The rows [first, last) to show: a page, or the viewport plus some rows around it.
  #range(): [number, number] {
    if (this.#mode === "pages") {
      this.#page = Math.min(this.#page, this.#pages() - 1);
      const first = this.#page * this.#block;
      return [first, Math.min(first + this.#block, this.#total)];
    }
    if (!this.#rowHeight) this.#rowHeight = this.#measureRow();
    const h = this.#rowHeight;
    const top = this.#scroll.scrollTop - this.#headHeight();
    const first = Math.max(0, Math.floor(top / h) - OVERSCAN);
    const visible = Math.ceil(this.#scroll.clientHeight / h) + 2 * OVERSCAN;
    return [first, Math.min(this.#total, first + visible)];
  }

  #measureRow(): number {
    const tr = this.#tbody.querySelector("tr[data-row]");
    const h = tr?.getBoundingClientRect().height ?? 0;
    return h > 0 ? h : 28;
  }

  #headHeight(): number {
    return this.#scroll.querySelector("thead")?.getBoundingClientRect().height ?? 0;
  }

  #tr(row: { id: number; cells: readonly string[] } | null): HTMLTableRowElement {
    const tr = document.createElement("tr");
    if (this.#rowHeight) tr.style.height = `${this.#rowHeight}px`;
    if (!row) {
      tr.className = "cove-table-pending";
      const td = document.createElement("td");
      td.colSpan = this.#columns + (this.#selection ? 1 : 0);
      td.textContent = "…";
      tr.append(td);
      return tr;
    }
    tr.dataset["row"] = String(row.id);
    if (this.#selection) {
      const td = document.createElement("td");
      td.className = "cove-select-col";
      const input = document.createElement("input");
      input.type = this.#selection === "single" ? "radio" : "checkbox";
      input.name = `cove-table-${this.#id}`;
      input.value = String(row.id);
      input.checked = this.#selected.has(row.id);
      input.setAttribute("aria-label", `Select row ${row.id + 1}`);
      td.append(input);
      tr.append(td);
    }
    for (const text of row.cells) {
      const td = document.createElement("td");
      td.textContent = text;
      tr.append(td);
    }
    return tr;
  }

  #spacer(height: number): HTMLTableRowElement {
    const tr = document.createElement("tr");
    tr.className = "cove-table-spacer";
    tr.setAttribute("aria-hidden", "true");
    tr.style.height = `${Math.max(0, height)}px`;
    return tr;
  }

  #message(text: string): HTMLTableRowElement {
    const tr = document.createElement("tr");
    const td = document.createElement("td");
    td.colSpan = this.#columns + (this.#selection ? 1 : 0);
    td.className = "cove-table-empty";
    td.textContent = text;
    tr.append(td);
    return tr;
  }

  #footer(): void {
    const notice = this.#wrap.querySelector(".cove-table-notice");
    const rows = `${this.#total.toLocaleString("en-US")} row${this.#total === 1 ? "" : "s"}`;
    const selected = this.#selected.size ? `, ${this.#selected.size.toLocaleString("en-US")} selected` : "";
    if (notice) notice.textContent = (this.#search ? `${rows} match` : rows) + selected;
    const pager = this.#wrap.querySelector<HTMLElement>(".cove-table-pager");
    if (!pager) return;
    const pages = this.#pages();
    pager.hidden = pages <= 1 && this.#page === 0;
    const label = pager.querySelector(".cove-table-page");
    if (label) label.textContent = `Page ${(this.#page + 1).toLocaleString("en-US")} of ${pages.toLocaleString("en-US")}`;
    const [prev, next] = [pager.querySelector<HTMLButtonElement>('[data-page="prev"]'), pager.querySelector<HTMLButtonElement>('[data-page="next"]')];
    if (prev) prev.disabled = this.#page === 0;
    if (next) next.disabled = this.#page >= pages - 1;
  }
}

// Parsed here rather than imported from values.ts: a shared import would move values.ts into a
// chunk of its own that every page then loads separately.
function props(root: HTMLElement): Record<string, unknown> {
  try {
    const p: unknown = JSON.parse(root.dataset["coveProps"] ?? "{}");
    return typeof p === "object" && p !== null ? (p as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function readValue(root: HTMLElement): number[] {
  try {
    const v: unknown = JSON.parse(root.dataset["coveValue"] ?? "[]");
    return Array.isArray(v) ? v.map(Number) : [];
  } catch {
    return [];
  }
}

