// Saving in this browser, for editable pages with no server to save to (a static `--mode edit`
// site): Save and autosave (autosave.ts) keep the notebook in localStorage; the next visit
// restores it and says so.
import type { CellSpec } from "./protocol";

const PREFIX = "cove:saved:";

export interface LocalCopy {
  // The notebook file text (its header and setup cell, and its cells as of that text).
  readonly code: string;
  // The page's cells when they are newer than `code` (autosave writes them without waiting
  // for the kernel, which may be busy or dead): a restored page boots with these.
  readonly cells?: readonly CellSpec[];
  // A hash of the published code the edits started from, to say when the site changed since.
  readonly published: string;
  readonly savedAt: number;
}

export function fingerprint(text: string): string {
  let h = 0x811c9dc5; // FNV-1a: a cheap "did it change", not security
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return `${text.length}-${h.toString(16)}`;
}

export class LocalStore {
  readonly #key: string;

  constructor(pathname: string, filename: string) {
    this.#key = `${PREFIX}${pathname}:${filename}`;
  }

  load(): LocalCopy | null {
    try {
      const data = JSON.parse(localStorage.getItem(this.#key) ?? "null") as LocalCopy | null;
      if (!data || typeof data.code !== "string") return null;
      if (data.cells !== undefined && !validCells(data.cells)) return { ...data, cells: undefined };
      return data;
    } catch {
      return null; // storage disabled or a damaged entry: nothing to restore
    }
  }

  save(code: string, published: string, cells?: readonly CellSpec[]): boolean {
    try {
      localStorage.setItem(this.#key, JSON.stringify({ code, published, savedAt: Date.now(), cells }));
      return true;
    } catch {
      return false;
    }
  }

  clear(): void {
    try {
      localStorage.removeItem(this.#key);
    } catch {
      // nothing stored, nothing to clear
    }
  }
}

function validCells(cells: unknown): cells is CellSpec[] {
  return (
    Array.isArray(cells) &&
    cells.every((c: Partial<CellSpec> | null) => c !== null && typeof c === "object" && typeof c.id === "string" && typeof c.code === "string") &&
    new Set(cells.map((c: CellSpec) => c.id)).size === cells.length
  );
}
