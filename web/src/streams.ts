// How a cell's streamed results accumulate: console text (merged per stream, capped so a
// runaway loop cannot grow the page without bound) and progress bars updated in place.
// Pure functions over immutable arrays, used by the reducer in state.ts.
export type Mimebundle = Record<string, string>;

export interface ConsoleChunk {
  readonly stream: "stdout" | "stderr";
  readonly text: string;
}

// Consoles are capped so a cell printing in a loop cannot grow the page without bound.
export const CONSOLE_LIMIT = 200_000;
const TRUNCATION_NOTICE = "\n[… earlier output cut: console limit reached …]\n";

const PROGRESS_MIME = "application/vnd.cove.progress+json";

function progressInfo(bundle: Mimebundle): { id: string; remove: boolean } | null {
  const raw = bundle[PROGRESS_MIME];
  if (raw === undefined) return null;
  try {
    const p = JSON.parse(raw) as { id?: unknown; remove?: unknown };
    return typeof p.id === "string" ? { id: p.id, remove: p.remove === true } : null;
  } catch {
    return null;
  }
}

// A progress bar or spinner (py/cove/_output/status.py): its first bundle is appended below the
// output, later ones replace it in place, one with "remove" takes it away.
export function applyProgress(outputs: readonly Mimebundle[], bundle: Mimebundle): readonly Mimebundle[] {
  const info = progressInfo(bundle);
  if (!info) return [...outputs, bundle];
  const i = outputs.findIndex((o) => progressInfo(o)?.id === info.id);
  if (info.remove) return i < 0 ? outputs : outputs.filter((_, j) => j !== i);
  if (i < 0) return [...outputs, bundle];
  const next = [...outputs];
  next[i] = bundle;
  return next;
}

export function appendConsole(chunks: readonly ConsoleChunk[], chunk: ConsoleChunk): readonly ConsoleChunk[] {
  if (!chunk.text) return chunks;
  const last = chunks[chunks.length - 1];
  let next: ConsoleChunk[];
  if (last && last.stream === chunk.stream) {
    next = [...chunks.slice(0, -1), { stream: chunk.stream, text: last.text + chunk.text }];
  } else {
    next = [...chunks, chunk];
  }
  return capConsole(next);
}

function capConsole(chunks: ConsoleChunk[]): ConsoleChunk[] {
  let total = 0;
  for (const c of chunks) total += c.text.length;
  if (total <= CONSOLE_LIMIT) return chunks;
  // A notice left by an earlier cut is redone below, never cut in half.
  const body = chunks[0]?.text === TRUNCATION_NOTICE ? chunks.slice(1) : chunks;
  // Keep the newest text: the end of a runaway loop is what the reader needs to see. Cut well
  // below the limit so that a loop printing on and on is cut once per many appends, not each.
  const out: ConsoleChunk[] = [];
  let budget = Math.floor(CONSOLE_LIMIT * 0.75) - TRUNCATION_NOTICE.length;
  for (let i = body.length - 1; i >= 0 && budget > 0; i--) {
    const c = body[i]!;
    const text = c.text.length > budget ? c.text.slice(c.text.length - budget) : c.text;
    out.unshift({ stream: c.stream, text });
    budget -= text.length;
  }
  out.unshift({ stream: "stderr", text: TRUNCATION_NOTICE });
  return out;
}

