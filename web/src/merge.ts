// The worker's inbox: command strings from the page, in arrival order, and the burst merge that
// turns a run of `set_ui_values` commands into one. Pure (no worker globals) so node:test runs it.
//
// Why merge: a slider dragged fast sends values faster than Python can re-run the cells that
// depend on it. Re-running for every intermediate value builds a backlog; merging consecutive
// updates (last value per element wins) keeps the kernel at most one run behind the reader.
// Only *consecutive* ones merge: a value set before a `run_cells` must be applied before it.

export interface Inbound {
  // Position of this message in the page's stream (1, 2, 3, ...), so the worker can tell the
  // page "everything up to seq N has been handled" after a merged batch.
  readonly seq: number;
  readonly text: string;
}

export interface Batch {
  // The command JSON to hand to Python.
  readonly text: string;
  // The last page message this batch covers.
  readonly through: number;
  readonly merged: number;
}

interface UIUpdate {
  element_id: string;
  value: unknown;
}

function uiUpdates(text: string): UIUpdate[] | null {
  // Cheap test first: most commands are not UI updates and need no parse here.
  if (!text.includes("set_ui_values")) return null;
  try {
    const msg: unknown = JSON.parse(text);
    if (typeof msg !== "object" || msg === null) return null;
    const m = msg as { type?: unknown; updates?: unknown };
    if (m.type !== "set_ui_values" || !Array.isArray(m.updates)) return null;
    return m.updates as UIUpdate[];
  } catch {
    return null; // Python reports malformed commands; the adapter passes them on untouched.
  }
}

/**
 * Take the next batch off the front of `queue` (mutating it): one command, or all the
 * consecutive `set_ui_values` commands at the front merged into one.
 */
export function takeBatch(queue: Inbound[]): Batch | null {
  const first = queue.shift();
  if (!first) return null;
  const firstUpdates = uiUpdates(first.text);
  if (firstUpdates === null) return { text: first.text, through: first.seq, merged: 1 };
  // A Map keeps first-seen order per element while the later value replaces the earlier one.
  const latest = new Map<string, unknown>();
  for (const u of firstUpdates) latest.set(u.element_id, u.value);
  let through = first.seq;
  let merged = 1;
  while (queue.length > 0) {
    const next = uiUpdates(queue[0]!.text);
    if (next === null) break;
    for (const u of next) {
      latest.delete(u.element_id); // re-insert: the element's order follows its newest change
      latest.set(u.element_id, u.value);
    }
    through = queue.shift()!.seq;
    merged++;
  }
  if (merged === 1) return { text: first.text, through, merged };
  const updates = [...latest].map(([element_id, value]) => ({ element_id, value }));
  return { text: JSON.stringify({ type: "set_ui_values", updates }), through, merged };
}
