// Notices above the notebook (a share link waiting for Run, a save conflict, a module to
// install, a kernel error): each a small region with text and buttons, keyed so that showing
// the same notice twice replaces it.

export interface BannerAction {
  readonly label: string;
  readonly run: () => void;
  readonly primary?: boolean;
}

export class Banners {
  readonly #root: HTMLElement;
  readonly #shown = new Map<string, HTMLElement>();

  constructor(root: HTMLElement) {
    this.#root = root;
  }

  show(key: string, kind: "info" | "warn" | "error", text: string, actions: readonly BannerAction[] = []): void {
    const el = document.createElement("div");
    el.className = "cove-banner";
    el.dataset["banner"] = key;
    el.dataset["kind"] = kind;
    el.setAttribute("role", kind === "error" ? "alert" : "status");
    const p = document.createElement("span");
    p.className = "cove-banner-text";
    p.textContent = text;
    el.append(p);
    for (const a of actions) {
      const b = document.createElement("button");
      b.type = "button";
      b.textContent = a.label;
      if (a.primary) b.className = "cove-primary";
      b.addEventListener("click", () => {
        this.hide(key);
        a.run();
      });
      el.append(b);
    }
    const old = this.#shown.get(key);
    if (old) old.replaceWith(el);
    else this.#root.append(el);
    this.#shown.set(key, el);
  }

  hide(key: string): void {
    this.#shown.get(key)?.remove();
    this.#shown.delete(key);
  }

  has(key: string): boolean {
    return this.#shown.has(key);
  }
}
