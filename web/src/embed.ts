// The page inside another page. `?embed=1`: no toolbar (render.py's head snippet hides it before
// the first paint) and the page's height posted to the parent whenever it changes, so that
// cove-embed.js (element.ts) can fit the iframe to it. `?notebook=URL`: run that notebook file
// instead of the one the site was exported with (how <cove-notebook src="nb.py"> works).

export interface Resize {
  readonly type: "cove:resize";
  readonly height: number;
}

export interface Linked {
  readonly code: string;
  readonly filename: string;
  readonly url: string; // where it was fetched from
  // Same origin as this page: it runs at once. From elsewhere it waits for Run, like a share
  // link: its code would run with this site's origin.
  readonly trusted: boolean;
}

export function isEmbedded(search: string): boolean {
  return new URLSearchParams(search).get("embed") === "1";
}

/** Post the document's height to the parent now and on every change (embed mode only). */
export function reportHeight(win: Window = window): void {
  if (!isEmbedded(win.location.search) || win.parent === win) return;
  const root = win.document.documentElement;
  root.dataset["coveEmbed"] = ""; // render.py's head snippet sets it too; pages made without it still work
  let last = -1;
  const send = () => {
    // The root's own box, not scrollHeight: that never drops below the iframe's current height,
    // so a notebook could grow the frame but never shrink it.
    const height = Math.ceil(root.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    const message: Resize = { type: "cove:resize", height };
    win.parent.postMessage(message, "*");
  };
  new ResizeObserver(send).observe(root);
  send();
}

/** The notebook named by `?notebook=`, fetched; null without one. Throws with a message for the
 * reader when it cannot be fetched. */
export async function linkedNotebook(search: string, pageURL: string): Promise<Linked | null> {
  const param = new URLSearchParams(search).get("notebook");
  if (!param) return null;
  const url = new URL(param, pageURL);
  if (url.protocol !== "http:" && url.protocol !== "https:" && url.protocol !== new URL(pageURL).protocol) {
    throw new Error(`notebook=${param}: only http(s) URLs can be opened`);
  }
  let response: Response;
  try {
    response = await fetch(url.href, { credentials: "same-origin" });
  } catch (err) {
    throw new Error(`could not fetch ${url.href}: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!response.ok) throw new Error(`could not fetch ${url.href}: HTTP ${response.status} ${response.statusText}`.trim());
  const filename = decodeURIComponent(url.pathname.split("/").pop() || "notebook.py");
  return { code: await response.text(), filename, url: url.href, trusted: url.origin === new URL(pageURL).origin };
}

/** The linked notebook's cells replaced the published ones: show the notebook again. */
export function revealLinked(doc: Document = document): void {
  delete doc.documentElement.dataset["coveLinked"];
}

/** A failure before the page could start (the linked notebook did not load): say it where the
 * reader looks, and set the kernel hook to "error" for tests. */
export function showStartError(message: string, doc: Document = document): void {
  doc.documentElement.dataset["coveKernel"] = "error";
  revealLinked(doc);
  doc.querySelector(".cove-notebook")?.replaceChildren();
  const banner = doc.createElement("div");
  banner.className = "cove-banner";
  banner.dataset["banner"] = "start";
  banner.dataset["kind"] = "error";
  banner.setAttribute("role", "alert");
  banner.textContent = message;
  doc.querySelector(".cove-banners")?.append(banner);
  const state = doc.querySelector(".cove-kernel-state");
  if (state) state.textContent = "Error";
}
