// The page's state as a snapshot (the same shape as the engine's Session.snapshot(): the
// notebook, then each cell's view): what a save sends along so `cove edit` can show the last
// outputs at once next time.
import type { CellView, Event } from "./protocol";
import type { PageState } from "./state";

export function toSnapshot(state: PageState, codeOf: (id: string) => string | null = () => null): Event[] {
  const events: Event[] = [
    {
      type: "notebook",
      filename: state.filename,
      mode: state.mode,
      app_options: { ...state.appOptions },
      cells: state.cells.map((c) => ({
        id: c.id,
        name: c.name,
        code: codeOf(c.id) ?? c.code,
        kind: c.kind,
        hide_code: c.hideCode,
        disabled: c.disabled,
        defs: [...c.defs],
        refs: [...c.refs],
      })),
    },
  ];
  for (const c of state.cells) {
    const view: CellView = {
      type: "cell_view",
      id: c.id,
      // Busy states do not survive a reload: nothing is running in the next page.
      status: c.status === "queued" || c.status === "running" ? "idle" : c.status,
      run_id: Math.max(c.runId, 0),
      outputs: c.outputs.map((o) => ({ bundle: o.bundle, html: o.html })),
      console: c.console.map((chunk) => ({ stream: chunk.stream, text: chunk.text })),
      error: c.error && { kind: c.error.kind, message: c.error.message, traceback: c.error.traceback ?? null },
      error_html: c.error?.html ?? "",
    };
    events.push(view);
  }
  return events;
}
