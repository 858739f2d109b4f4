// Saving in this browser, for editable pages with no server to save to (a static `--mode edit`
// site): Save keeps the notebook text in localStorage; the next visit restores it and says so.
const PREFIX = "cove:saved:";

export interface LocalCopy {
  readonly code: string;
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
      return data && typeof data.code === "string" ? data : null;
    } catch {
      return null; // storage disabled or a damaged entry: nothing to restore
    }
  }

  save(code: string, published: string): boolean {
    try {
      localStorage.setItem(this.#key, JSON.stringify({ code, published, savedAt: Date.now() }));
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
