// The page's state as a list of events (the same shape as the engine's Session.snapshot()): what
// a save sends along so `cove edit` can show the last outputs at once next time.
import type { Event } from "./protocol";
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
    const run_id = Math.max(c.runId, 0);
    if (c.error) {
      const { html, ...error } = c.error;
      events.push({ type: "cell_error", id: c.id, error, html, run_id });
    }
    c.outputs.forEach((o, i) =>
      events.push({ type: "cell_output", id: c.id, output: o.bundle, html: o.html, mode: i === 0 ? "replace" : "append", run_id }),
    );
    for (const chunk of c.console) events.push({ type: "cell_console", id: c.id, stream: chunk.stream, text: chunk.text, run_id });
    // Busy states do not survive a reload: nothing is running in the next page.
    const status = c.status === "queued" || c.status === "running" ? "idle" : c.status;
    events.push({ type: "cell_status", id: c.id, status, run_id });
  }
  return events;
}
