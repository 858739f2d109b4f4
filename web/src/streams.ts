// How a cell's streamed results accumulate: console text (merged per stream, capped so a
// runaway loop cannot grow the page without bound) and progress bars updated in place.
// Pure functions over immutable arrays, used by the reducer in state.ts.
import type * as protocol from "./protocol";

export type Mimebundle = Record<string, string>;

// An output as the page holds it (declared in py/cove/protocol.py): the bundle (what a save
// sends along) and its HTML, drawn by the engine (py/cove/_output/render.py), which the page
// inserts as it is.
export type Output = Readonly<Required<protocol.Output>>;
export type ConsoleChunk = Readonly<protocol.ConsoleChunk>;

// Consoles are capped so a cell printing in a loop cannot grow the page without bound: in
// characters, and in lines, because laying out a console costs per line (a `print(i)` loop
// makes many short ones) and the page must stay responsive while output streams in.
export const CONSOLE_LIMIT = 100_000;
export const CONSOLE_LINE_LIMIT = 2_000;
// A cut keeps this share of each limit, so a loop printing on and on is cut (and the console
// laid out anew) once per many appends, not on each.
const KEEP_AFTER_CUT = 0.5;
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
export function applyProgress(outputs: readonly Output[], output: Output): readonly Output[] {
  const info = progressInfo(output.bundle);
  if (!info) return [...outputs, output];
  const i = outputs.findIndex((o) => progressInfo(o.bundle)?.id === info.id);
  if (info.remove) return i < 0 ? outputs : outputs.filter((_, j) => j !== i);
  if (i < 0) return [...outputs, output];
  const next = [...outputs];
  next[i] = output;
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

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) n++;
  return n;
}

/** The start of the shortest suffix of `text` holding at most `lines` line breaks. */
function tailStart(text: string, lines: number): number {
  let at = text.length;
  for (let k = 0; k <= lines; k++) {
    const i = text.lastIndexOf("\n", at - 1);
    if (i < 0) return 0;
    if (k === lines) return i + 1;
    at = i;
  }
  return 0;
}

function capConsole(chunks: ConsoleChunk[]): ConsoleChunk[] {
  let total = 0;
  let lines = 0;
  for (const c of chunks) total += c.text.length;
  if (total <= CONSOLE_LIMIT) {
    for (const c of chunks) lines += countLines(c.text);
    if (lines <= CONSOLE_LINE_LIMIT) return chunks;
  }
  // A notice left by an earlier cut is redone below, never cut in half.
  const body = chunks[0]?.text === TRUNCATION_NOTICE ? chunks.slice(1) : chunks;
  // Keep the newest text: the end of a runaway loop is what the reader needs to see.
  const out: ConsoleChunk[] = [];
  let chars = Math.floor(CONSOLE_LIMIT * KEEP_AFTER_CUT) - TRUNCATION_NOTICE.length;
  let breaks = Math.floor(CONSOLE_LINE_LIMIT * KEEP_AFTER_CUT);
  for (let i = body.length - 1; i >= 0 && chars > 0 && breaks >= 0; i--) {
    const c = body[i]!;
    let text = c.text.length > chars ? c.text.slice(c.text.length - chars) : c.text;
    text = text.slice(tailStart(text, breaks));
    if (text) out.unshift({ stream: c.stream, text });
    chars -= text.length;
    breaks -= countLines(text);
    if (text.length < c.text.length) break; // this chunk was cut: nothing older fits
  }
  out.unshift({ stream: "stderr", text: TRUNCATION_NOTICE });
  return out;
}
