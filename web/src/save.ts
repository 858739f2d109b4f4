// Saving back to the file (`cove edit`), downloading the .py, and noticing outside edits.
// The engine writes the file text (serialize); this module only moves it.
import type { SaveConfig } from "./config";
import type { Event } from "./protocol";

export type SaveResult =
  | { readonly kind: "saved"; readonly hash: string | null }
  | { readonly kind: "conflict"; readonly message: string }
  | { readonly kind: "error"; readonly message: string };

export interface SaveBody {
  readonly code: string;
  readonly base_hash: string | null;
  readonly snapshot?: readonly Event[];
  readonly force?: boolean;
}

function errorText(data: unknown, fallback: string): string {
  const e = (data as { error?: unknown } | null)?.error;
  return typeof e === "string" ? e : fallback;
}

export async function postSave(url: string, save: SaveConfig, body: SaveBody): Promise<SaveResult> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", [save.header ?? "X-Cove-Token"]: save.token },
      body: JSON.stringify(body),
    });
  } catch (err) {
    return { kind: "error", message: `the server did not answer (${err instanceof Error ? err.message : String(err)}); is \`cove edit\` still running?` };
  }
  const data: unknown = await response.json().catch(() => null);
  if (response.status === 409) return { kind: "conflict", message: errorText(data, "the file changed on disk") };
  if (!response.ok) return { kind: "error", message: errorText(data, `HTTP ${response.status}`) };
  const hash = (data as { hash?: unknown } | null)?.hash;
  return { kind: "saved", hash: typeof hash === "string" ? hash : null };
}

export function download(filename: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: "text/x-python" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = filename.split("/").pop() || "notebook.py";
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Polls the server for the file's hash while the page is visible; reports a change once. */
export class DiskWatcher {
  readonly #url: string;
  readonly #save: SaveConfig;
  #known: string | null;
  #timer = 0;

  constructor(url: string, save: SaveConfig, known: string | null) {
    this.#url = url;
    this.#save = save;
    this.#known = known;
  }

  /** The hash the page is in sync with (after loading or saving). */
  set known(hash: string | null) {
    this.#known = hash;
  }

  start(changed: (hash: string | null) => void, everyMs = 3000): void {
    const tick = async () => {
      if (document.visibilityState === "visible" && this.#known !== null) {
        try {
          const r = await fetch(this.#url, { headers: { [this.#save.header ?? "X-Cove-Token"]: this.#save.token }, cache: "no-store" });
          const hash = ((await r.json()) as { hash?: string | null }).hash ?? null;
          if (r.ok && hash !== this.#known) {
            this.#known = hash; // report each outside change once
            changed(hash);
          }
        } catch {
          // the server is gone (Ctrl+C): saving will say so; polling stays quiet
        }
      }
      this.#timer = window.setTimeout(tick, everyMs);
    };
    this.#timer = window.setTimeout(tick, everyMs);
  }

  stop(): void {
    clearTimeout(this.#timer);
  }
}
