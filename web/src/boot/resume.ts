// The first boot of an exported page: the page already shows every output (the export's
// prerender), so instead of run_all the kernel gets a `resume` command and runs only what the
// live page needs (the rule is in py/cove/_runtime/resume.py). Built only from what the export
// wrote into the page's config: its snapshot (the cells' ids and code the outputs belong to) and
// its `resume` block (which cells made UI elements, which could not run, the last run id).
import type { Event, Resume } from "../protocol";

export interface ResumeInfo {
  readonly ui_cells: readonly string[];
  readonly pending: readonly string[];
  readonly after_run_id: number;
}

const strings = (x: unknown): x is string[] => Array.isArray(x) && x.every((s) => typeof s === "string");

/** The `resume` command for a page showing `snapshot`, or null when the page has no usable
 * prerender (no snapshot, no resume block, or one this page cannot read): then run_all. */
export function resumeCommand(snapshot: readonly Event[] | null, info: unknown): Resume | null {
  if (!snapshot || typeof info !== "object" || info === null) return null;
  const { ui_cells, pending, after_run_id } = info as Record<string, unknown>;
  if (!strings(ui_cells) || !strings(pending) || typeof after_run_id !== "number") return null;
  const notebook = snapshot.find((e) => e.type === "notebook");
  if (!notebook || notebook.type !== "notebook") return null;
  return {
    type: "resume",
    cells: notebook.cells.map((c) => ({ id: c.id, code: c.code })),
    ui_cells: [...ui_cells],
    pending: [...pending],
    after_run_id,
    ui_values: [],
  };
}
