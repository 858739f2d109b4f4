// Active output HTML is shown in a sandboxed frame, written by the engine
// (py/cove/_output/sandbox.py decides what is active and writes the frame): `sandbox` without
// allow-same-origin gives it an opaque origin, so its scripts run but cannot read this page's
// DOM, its storage (autosaved code), its cove-config (the save token) or its cookies, and cannot
// navigate the page. This is the page's side: sizing the frames.
//
// The frame's document is in `srcdoc`, which shows the output even with JavaScript off. Where
// the page has Cove's Content-Security-Policy (py/cove/_site/csp.py), a srcdoc document inherits
// it and its scripts could not run: there the host moves each frame to web/sandbox.html (a
// document of its own, loaded from the site, still sandboxed) and hands it the document by
// postMessage. Either way the frame posts its height (sandbox.py's resize script), and the host
// sizes the frame to it.
export const HEIGHT_MESSAGE = "cove:frame-height";
export const READY_MESSAGE = "cove:frame-ready";
export const RENDER_MESSAGE = "cove:frame-render";
const MAX_HEIGHT = 20_000;

/** The page's side: sizes frames, and moves them out of srcdoc where a CSP would block them. */
export class SandboxHost {
  readonly #pageURL: string | null;
  readonly #documents = new WeakMap<HTMLIFrameElement, string>();

  /** `pageURL`: web/sandbox.html, or null to leave frames in srcdoc (no blocking CSP). */
  constructor(pageURL: string | null, win: Window = window) {
    this.#pageURL = pageURL;
    win.addEventListener("message", (e) => this.#message(e));
  }

  /** Frames under `root` were just written (prerendered or new output). */
  mount(root: ParentNode): void {
    if (!this.#pageURL) return;
    for (const old of root.querySelectorAll<HTMLIFrameElement>("iframe.cove-sandbox[srcdoc]")) {
      // A new element rather than the same one re-pointed: Chrome may leave a frame whose srcdoc
      // navigation was cut short unable to lay out what it later shows.
      const frame = document.createElement("iframe");
      for (const a of old.attributes) if (a.name !== "srcdoc") frame.setAttribute(a.name, a.value);
      this.#documents.set(frame, old.getAttribute("srcdoc") ?? "");
      frame.src = this.#pageURL;
      old.replaceWith(frame);
    }
  }

  #message(e: MessageEvent): void {
    const data = e.data as { type?: unknown; height?: unknown } | null;
    if (!data || typeof data !== "object" || typeof data.type !== "string" || !data.type.startsWith("cove:frame-")) return;
    const frame = this.#frameOf(e.source);
    if (!frame) return;
    if (data.type === READY_MESSAGE) {
      const doc = this.#documents.get(frame);
      // Opaque origin: "*" is the only target that reaches it; what it gets is its own output.
      if (doc !== undefined) (e.source as Window).postMessage({ type: RENDER_MESSAGE, html: doc }, "*");
    } else if (data.type === HEIGHT_MESSAGE && typeof data.height === "number" && Number.isFinite(data.height)) {
      // Never 0: Chrome stops laying out a cross-origin frame of zero area, so it could never
      // report that its content grew.
      const height = Math.max(1, Math.min(MAX_HEIGHT, Math.ceil(data.height)));
      frame.style.height = `${height}px`;
    }
  }

  #frameOf(source: MessageEventSource | null): HTMLIFrameElement | null {
    if (!source) return null;
    for (const frame of document.querySelectorAll<HTMLIFrameElement>("iframe.cove-sandbox")) {
      if (frame.contentWindow === source) return frame;
    }
    return null;
  }
}

/** Whether this document carries Cove's CSP (then srcdoc frames cannot run their scripts). */
export function hasCoveCsp(doc: Document = document): boolean {
  return doc.querySelector('meta[http-equiv="Content-Security-Policy"][data-cove-csp]') !== null;
}
