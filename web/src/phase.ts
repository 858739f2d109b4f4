// The page's boot phases as one value with its allowed moves (docs/spec.md §7):
//
//   loading ──► restoring ──► ready
//      │            │           │
//      └────────────┴───────────┴──► crashed
//
// - loading: a worker is starting (Pyodide, the engine, the notebook file); the engine's session
//   does not exist yet. Commands queue in the worker; UI changes wait on the page.
// - restoring: the session exists and is bringing itself to what the page shows (run_all, or
//   resume of the prerender, or restore after a restart). UI changes still wait on the page, and
//   the export's precomputed tables answer them meanwhile.
// - ready: the kernel is the page's: UI changes go to it as they come (coalesced, ui-outbox.ts).
// - crashed: the worker or its interpreter failed; the page shows the crash banner.
// A restart starts a new worker: back to loading, from any phase.
export type Phase = "loading" | "restoring" | "ready" | "crashed";

const NEXT: { readonly [P in Phase]: readonly Phase[] } = {
  loading: ["loading", "restoring", "ready", "crashed"],
  restoring: ["loading", "ready", "crashed"],
  ready: ["loading", "crashed"],
  crashed: ["loading"],
};

export class BootPhase {
  #phase: Phase = "loading";

  get value(): Phase {
    return this.#phase;
  }

  /** Whether the machine allows moving from the current phase to `next`. */
  allows(next: Phase): boolean {
    return NEXT[this.#phase].includes(next);
  }

  /** Move to `next`; false, and no move, when it is not allowed (a late message of an older
   *  phase: a second crash report, a run finishing after the crash). */
  to(next: Phase): boolean {
    if (!this.allows(next)) return false;
    this.#phase = next;
    return true;
  }
}
