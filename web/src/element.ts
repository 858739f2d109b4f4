// For pages that show Cove notebooks (cove-embed.js, loaded from an exported site's root):
// - <iframe data-cove src=".../index.html?embed=1"> is resized to the height its page reports;
// - <cove-notebook src="nb.py"> shows a notebook file: it makes such an iframe, pointed at the
//   site cove-embed.js came from with `?embed=1&notebook=<nb.py's URL>` (that site's Pyodide and
//   wheels run it). With src naming a page or folder (an exported site: "demo/", "demo/index.html")
//   it shows that site itself, prerendered outputs included.
// Each notebook runs in its own iframe, so several on a page each have their own kernel, and
// neither their styles nor their globals meet the host page's.
import type { Resize } from "./embed";

const frames = new Set<HTMLIFrameElement>(); // the elements' frames (in shadow roots, out of querySelector's reach)

function isResize(data: unknown): data is Resize {
  return typeof data === "object" && data !== null && (data as Resize).type === "cove:resize" &&
    typeof (data as Resize).height === "number" && Number.isFinite((data as Resize).height);
}

function onMessage(e: MessageEvent): void {
  if (!isResize(e.data)) return;
  const candidates = [...frames, ...document.querySelectorAll<HTMLIFrameElement>("iframe[data-cove]")];
  const frame = candidates.find((f) => f.contentWindow !== null && f.contentWindow === e.source);
  if (!frame) return;
  const height = Math.max(0, Math.ceil(e.data.height));
  frame.style.height = `${height}px`;
  frame.dispatchEvent(new CustomEvent("cove:resize", { detail: { height }, bubbles: true, composed: true }));
}

/** The folder of the site this script was loaded from (where index.html and cove-embed.js live). */
export function scriptSite(doc: Document = document): string | null {
  const current = doc.currentScript as HTMLScriptElement | null;
  const script = current?.src ? current : doc.querySelector<HTMLScriptElement>('script[src*="cove-embed"]');
  return script?.src ? new URL(".", script.src).href : null;
}

/** The iframe URL for <cove-notebook src=… site=…>, both resolved against the host page. */
export function frameURL(src: string, site: string | null, pageURL: string): string {
  const target = new URL(src, pageURL);
  const isPage = target.pathname.endsWith("/") || /\.html?$/i.test(target.pathname);
  if (isPage) {
    target.searchParams.set("embed", "1");
    return target.href;
  }
  if (!site) throw new Error(`<cove-notebook src="${src}">: cannot tell which Cove site to run it with; add site="…/"`);
  const page = new URL("index.html", new URL(site, pageURL));
  page.searchParams.set("embed", "1");
  page.searchParams.set("notebook", target.href);
  return page.href;
}

const defaultSite = scriptSite();

export class CoveNotebook extends HTMLElement {
  static readonly observedAttributes = ["src", "site", "title"];
  readonly #frame: HTMLIFrameElement;

  constructor() {
    super();
    const root = this.attachShadow({ mode: "open" });
    const style = document.createElement("style");
    style.textContent = ":host{display:block}iframe{display:block;width:100%;height:var(--cove-initial-height,12rem);border:0}";
    this.#frame = document.createElement("iframe");
    this.#frame.setAttribute("part", "frame");
    this.#frame.setAttribute("loading", "lazy");
    root.append(style, this.#frame);
  }

  /** The iframe holding the notebook (its page reports its height; tests reach in through it). */
  get frame(): HTMLIFrameElement {
    return this.#frame;
  }

  connectedCallback(): void {
    frames.add(this.#frame);
    this.#load();
  }

  disconnectedCallback(): void {
    frames.delete(this.#frame);
  }

  attributeChangedCallback(): void {
    if (this.isConnected) this.#load();
  }

  #load(): void {
    const src = this.getAttribute("src");
    if (!src) return;
    this.#frame.title = this.getAttribute("title") ?? `Notebook ${src}`;
    try {
      const url = frameURL(src, this.getAttribute("site") ?? defaultSite, document.baseURI);
      if (this.#frame.src !== url) this.#frame.src = url;
    } catch (err) {
      console.error(err);
      this.#frame.removeAttribute("src");
    }
  }
}

export function install(win: Window & typeof globalThis = window): void {
  const flag = "__coveEmbedInstalled";
  if ((win as unknown as Record<string, unknown>)[flag]) return; // the script included twice
  (win as unknown as Record<string, unknown>)[flag] = true;
  win.addEventListener("message", onMessage);
  if (!win.customElements.get("cove-notebook")) win.customElements.define("cove-notebook", CoveNotebook);
}
