// The page's state as a pure reducer: kernel events (and the page's own structural edits) in,
// an immutable snapshot of cell view-models out. No DOM here, so node:test can drive it.
//
// Immutability is the diffing strategy: a cell whose object identity did not change since the
// last render is not touched in the DOM (render/cells.ts compares references).
import type {
  CellInfo,
  CellStatusEvent,
  ErrorInfo,
  Event,
  KernelStatusEvent,
  NotebookState,
} from "./protocol";
import { type ConsoleChunk, type Output, appendConsole, applyProgress } from "./streams";

export type CellStatus = CellStatusEvent["status"];
export type KernelState = KernelStatusEvent["state"];
export type Mode = NotebookState["mode"];
export type CellKind = CellInfo["kind"];
export type { ConsoleChunk, Mimebundle, Output } from "./streams";

// A cell's error and its HTML, drawn by the engine like outputs.
export type ErrorView = ErrorInfo & { readonly html: string };

export interface CellView {
  readonly id: string;
  readonly name: string;
  // The code as the kernel last knew it. The editor owns the live text; this is what a fresh
  // render (or a prerendered page) shows.
  readonly code: string;
  readonly kind: CellKind;
  readonly hideCode: boolean;
  readonly disabled: boolean;
  readonly defs: readonly string[];
  readonly refs: readonly string[];
  readonly status: CellStatus;
  // Newest run seen for this cell; events stamped with an older run are ignored, so an
  // overtaken run never lands in the DOM.
  readonly runId: number;
  readonly outputs: readonly Output[];
  readonly console: readonly ConsoleChunk[];
  readonly error: ErrorView | null;
}

export interface PageState {
  readonly cells: readonly CellView[];
  readonly mode: Mode;
  readonly filename: string;
  readonly appOptions: Readonly<Record<string, unknown>>;
  readonly kernel: KernelState;
  readonly kernelMessage: string;
  // Modules that cells failed to import, by cell id (the page offers to install them).
  readonly missing: Readonly<Record<string, readonly string[]>>;
  readonly commandError: string | null;
}

// Structural edits the page makes itself: the page owns the notebook's shape and code text and
// tells the kernel; it does not wait for the kernel to echo them back.
export type LocalAction =
  | { readonly type: "local_add"; readonly id: string; readonly index: number; readonly code: string }
  | { readonly type: "local_delete"; readonly id: string }
  | { readonly type: "local_move"; readonly id: string; readonly index: number }
  | { readonly type: "local_code"; readonly id: string; readonly code: string }
  | { readonly type: "local_reset" };

export function initialState(filename = ""): PageState {
  return {
    cells: [],
    mode: "autorun",
    filename,
    appOptions: {},
    kernel: "loading",
    kernelMessage: "",
    missing: {},
    commandError: null,
  };
}

export function newCell(info: Pick<CellInfo, "id" | "code"> & Partial<CellInfo>): CellView {
  return {
    id: info.id,
    name: info.name ?? "_",
    code: info.code,
    kind: info.kind ?? "cell",
    hideCode: info.hide_code ?? false,
    disabled: info.disabled ?? false,
    defs: info.defs ?? [],
    refs: info.refs ?? [],
    status: info.disabled ? "disabled" : "idle",
    runId: -1,
    outputs: [],
    console: [],
    error: null,
  };
}

/** Fold a list of events (a snapshot) into a state. */
export function fromEvents(events: readonly Event[], base: PageState = initialState()): PageState {
  return events.reduce(reduce, base);
}

export function reduce(state: PageState, ev: Event): PageState {
  switch (ev.type) {
    case "notebook":
      return applyNotebook(state, ev);
    case "cell_analysis":
      return updateCell(state, ev.id, (c) => ({ ...c, defs: ev.defs, refs: ev.refs }));
    case "cell_status":
      return updateRun(state, ev.id, ev.run_id, (c) => {
        if (ev.status === "running") {
          // A run starts: its console and error belong to the previous run.
          return { ...c, status: ev.status, console: [], error: null };
        }
        return c.status === ev.status ? c : { ...c, status: ev.status };
      });
    case "cell_output":
      return updateRun(state, ev.id, ev.run_id, (c) => {
        const mode = ev.mode;
        const output: Output | null = ev.output ? { bundle: ev.output, html: ev.html ?? "" } : null;
        switch (mode) {
          case "replace":
            return { ...c, outputs: output ? [output] : [] };
          case "append":
            return output ? { ...c, outputs: [...c.outputs, output] } : c;
          case "clear":
            return c.outputs.length ? { ...c, outputs: [] } : c;
          case "progress":
            return output ? { ...c, outputs: applyProgress(c.outputs, output) } : c;
          default: {
            const _: never = mode;
            return c;
          }
        }
      });
    case "cell_console":
      return updateRun(state, ev.id, ev.run_id, (c) => ({
        ...c,
        console: appendConsole(c.console, { stream: ev.stream, text: ev.text }),
      }));
    case "cell_error":
      return updateRun(state, ev.id, ev.run_id, (c) => ({ ...c, error: { ...ev.error, html: ev.html ?? "" } }));
    case "cell_view":
      // A cell whole (a snapshot, a precomputed state): its results replace the cell's.
      return updateRun(state, ev.id, ev.run_id, (c) => ({
        ...c,
        status: ev.status,
        outputs: ev.outputs.map((o) => ({ bundle: o.bundle, html: o.html ?? "" })),
        console: ev.console,
        error: ev.error ? { ...ev.error, html: ev.error_html ?? "" } : null,
      }));
    case "kernel_status":
      return { ...state, kernel: ev.state, kernelMessage: ev.message ?? "" };
    case "missing_modules":
      return { ...state, missing: { ...state.missing, [ev.id]: ev.modules } };
    case "command_error":
      return { ...state, commandError: ev.message };
    case "ui_message":
    case "notebook_text":
    case "packages_installed":
    case "query_params":
      // Not state: the page applies these directly (a control's value, a file to save, the URL).
      return state;
    default: {
      const _: never = ev;
      return state;
    }
  }
}

export function reduceLocal(state: PageState, action: LocalAction): PageState {
  switch (action.type) {
    case "local_add": {
      const cells = [...state.cells];
      const index = Math.max(0, Math.min(action.index, cells.length));
      cells.splice(index, 0, newCell({ id: action.id, code: action.code }));
      return { ...state, cells };
    }
    case "local_delete": {
      const missing = { ...state.missing };
      delete missing[action.id];
      return { ...state, cells: state.cells.filter((c) => c.id !== action.id), missing };
    }
    case "local_move": {
      const from = state.cells.findIndex((c) => c.id === action.id);
      if (from < 0) return state;
      const cells = [...state.cells];
      const [cell] = cells.splice(from, 1);
      const to = Math.max(0, Math.min(action.index, cells.length));
      cells.splice(to, 0, cell!);
      return { ...state, cells };
    }
    case "local_code":
      return updateCell(state, action.id, (c) => (c.code === action.code ? c : { ...c, code: action.code }));
    case "local_reset":
      // A restarted kernel numbers its runs from scratch: forget the old run ids (or its events
      // would all look outdated) but keep outputs on screen until the new runs replace them.
      return { ...state, cells: state.cells.map((c) => ({ ...c, runId: -1 })), kernel: "loading", missing: {} };
    default: {
      const _: never = action;
      return state;
    }
  }
}

function applyNotebook(state: PageState, ev: NotebookState): PageState {
  // Keep what we know about cells that survive (outputs of a snapshot, a run in progress):
  // the notebook event describes code and shape, not results.
  const previous = new Map(state.cells.map((c) => [c.id, c]));
  const cells = ev.cells.map((info): CellView => {
    const old = previous.get(info.id);
    const fresh = newCell(info);
    if (!old) return fresh;
    return {
      ...old,
      name: fresh.name,
      code: fresh.code,
      kind: fresh.kind,
      hideCode: fresh.hideCode,
      disabled: fresh.disabled,
      defs: fresh.defs,
      refs: fresh.refs,
    };
  });
  const ids = new Set(cells.map((c) => c.id));
  const missing = Object.fromEntries(Object.entries(state.missing).filter(([id]) => ids.has(id)));
  return {
    ...state,
    cells,
    mode: ev.mode,
    filename: ev.filename,
    appOptions: ev.app_options,
    missing,
  };
}

function updateCell(state: PageState, id: string, f: (c: CellView) => CellView): PageState {
  const i = state.cells.findIndex((c) => c.id === id);
  if (i < 0) return state;
  const old = state.cells[i]!;
  const next = f(old);
  if (next === old) return state;
  const cells = [...state.cells];
  cells[i] = next;
  return { ...state, cells };
}

// The run_id ordering rule: an event of an older run than the newest seen for the cell is
// dropped; an event of a newer run makes that run the cell's current one.
function updateRun(
  state: PageState,
  id: string,
  runId: number,
  f: (c: CellView) => CellView,
): PageState {
  return updateCell(state, id, (c) => {
    if (runId < c.runId) return c;
    const current = runId === c.runId ? c : { ...c, runId };
    return f(current);
  });
}

export function cellIndex(state: PageState, id: string): number {
  return state.cells.findIndex((c) => c.id === id);
}
