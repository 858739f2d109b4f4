// Typesets the `.cove-math` elements that the engine's Markdown leaves in outputs (the TeX source,
// escaped, readable with JavaScript off) with KaTeX. KaTeX and its stylesheet load only when a
// page has math; once loaded, later outputs are typeset synchronously, before they paint.
declare const COVE_KATEX_CSS_FILE: string;

type Katex = typeof import("./lib-katex").default;

const PENDING = ".cove-math:not([data-typeset])";
let katex: Katex | null = null;
let loading: Promise<Katex> | null = null;

function loadKatex(): Promise<Katex> {
  if (!loading) {
    linkStylesheet();
    loading = import("./lib-katex").then((m) => (katex = m.default));
  }
  return loading;
}

// The stylesheet sits next to this chunk in web/ (build.py gives it a hashed name).
function linkStylesheet(): void {
  if (typeof COVE_KATEX_CSS_FILE !== "string" || document.querySelector("link[data-cove-katex]")) return;
  const link = document.createElement("link");
  link.rel = "stylesheet";
  link.href = new URL(COVE_KATEX_CSS_FILE, import.meta.url).href;
  link.dataset["coveKatex"] = "";
  document.head.append(link);
}

function typesetOne(k: Katex, el: HTMLElement): void {
  const tex = el.textContent ?? "";
  el.dataset["typeset"] = "";
  el.dataset["tex"] = tex; // the source stays available (copy, re-typeset)
  try {
    k.render(tex, el, { displayMode: el.dataset["display"] === "block", throwOnError: false, output: "htmlAndMathml" });
  } catch (err) {
    // throwOnError: false renders TeX errors in red; anything else leaves the source shown.
    el.textContent = tex;
    el.title = err instanceof Error ? err.message : String(err);
  }
}

/** Typeset every not-yet-typeset `.cove-math` under `root`. */
export function typesetMath(root: ParentNode): Promise<void> | void {
  const found = root.querySelectorAll<HTMLElement>(PENDING);
  if (found.length === 0) return;
  if (katex) {
    for (const el of found) typesetOne(katex, el);
    return;
  }
  return loadKatex().then((k) => {
    // Query again: outputs may have been replaced while KaTeX loaded.
    for (const el of root.querySelectorAll<HTMLElement>(PENDING)) typesetOne(k, el);
  });
}
