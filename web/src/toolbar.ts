// The toolbar: buttons with data-cove-action (docs/spec.md §6), prerendered by render.py and disabled
// until the kernel can act on them; this module enables them and routes clicks.
import type { Indicator } from "./controller";
import type { Mode } from "./state";

export const ACTIONS = ["run-all", "run-stale", "stop", "restart", "mode", "add-cell", "save", "download", "share"] as const;
export type Action = (typeof ACTIONS)[number];

export interface ToolbarView {
  readonly indicator: Indicator;
  readonly booted: boolean;
  readonly mode: Mode;
  readonly message: string;
}

const STATE_TEXT: Record<Indicator, string> = {
  loading: "Loading…",
  ready: "Ready",
  busy: "Running…",
  error: "Error",
};

export class Toolbar {
  readonly #root: HTMLElement;

  constructor(root: HTMLElement, onAction: (action: Action) => void) {
    this.#root = root;
    root.addEventListener("click", (e) => {
      const button = (e.target as Element | null)?.closest<HTMLButtonElement>("button[data-cove-action]");
      const action = button?.dataset["coveAction"] as Action | undefined;
      if (button && !button.disabled && action && (ACTIONS as readonly string[]).includes(action)) onAction(action);
    });
  }

  update(v: ToolbarView): void {
    const live = v.booted && v.indicator !== "error";
    const enabled: Record<Action, boolean> = {
      "run-all": live,
      "run-stale": live,
      // "loading" once booted is the first run of the notebook: a cell looping forever there
      // must be stoppable too.
      stop: v.booted && (v.indicator === "busy" || v.indicator === "loading"),
      restart: v.booted || v.indicator === "error",
      mode: live,
      "add-cell": live,
      save: live,
      download: v.booted,
      share: v.booted,
    };
    for (const b of this.#root.querySelectorAll<HTMLButtonElement>("button[data-cove-action]")) {
      const action = b.dataset["coveAction"] as Action;
      const on = enabled[action] ?? false;
      if (b.disabled === on) b.disabled = !on;
      if (action === "mode") {
        const text = v.mode === "lazy" ? "Lazy" : "Autorun";
        if (b.textContent !== text) b.textContent = text;
        b.setAttribute("aria-pressed", String(v.mode === "lazy"));
        b.title = v.mode === "lazy" ? "Lazy: edited cells' dependents are marked stale (click for autorun)" : "Autorun: dependents re-run (click for lazy)";
      }
    }
    const status = this.#root.querySelector<HTMLElement>(".cove-kernel-state");
    if (status) {
      const text = v.indicator === "loading" || v.indicator === "error" ? v.message || STATE_TEXT[v.indicator] : STATE_TEXT[v.indicator];
      if (status.textContent !== text) status.textContent = text;
      status.dataset["state"] = v.indicator;
    }
  }
}
