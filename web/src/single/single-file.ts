// The loader of a single-file page (`cove export --single-file`), inlined at the end of its body.
// The page carries every file of the exported site as a base64 block
//   <script type="application/octet-stream" data-cove-file="pyodide/pyodide.asm.wasm"
//           data-type="application/wasm" data-encoding="gzip">…</script>
// Opened from disk there is nothing to fetch, so this decodes the blocks into Blobs, points the
// page's config at cove-asset:/ URLs, makes the kernel worker start from a data: URL and hands it
// the files first (single/assets.ts serves them there), and imports the page's bundle (main.js).
// The prerendered cells are already painted: this runs after the document is parsed.
import { ASSET_ROOT, type AssetsMessage } from "./protocol";

interface Decoded {
  readonly name: string;
  readonly blob: Blob;
  readonly role: string | undefined;
}

function base64Bytes(text: string): Uint8Array<ArrayBuffer> {
  const fromBase64 = (Uint8Array as unknown as { fromBase64?: (s: string) => Uint8Array<ArrayBuffer> }).fromBase64;
  if (fromBase64) return fromBase64(text);
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

async function decode(block: HTMLScriptElement): Promise<Decoded> {
  const name = block.dataset["coveFile"] ?? "";
  const type = block.dataset["type"] || "application/octet-stream";
  const bytes = base64Bytes((block.textContent ?? "").trim());
  let blob = new Blob([bytes], { type });
  if (block.dataset["encoding"] === "gzip") {
    const inflated = blob.stream().pipeThrough(new DecompressionStream("gzip"));
    blob = new Blob([await new Response(inflated).arrayBuffer()], { type });
  }
  return { name, blob, role: block.dataset["role"] };
}

function fail(message: string): void {
  document.documentElement.dataset["coveKernel"] = "error";
  const state = document.querySelector(".cove-kernel-state");
  if (state) state.textContent = message;
  console.error(`cove: ${message}`);
}

// The page's modules import each other by relative names ("./chunk-X.js", "./lib-plotly-Y.js"),
// which mean nothing next to a Blob URL: each module's text gets its imports pointed at the Blob
// URLs of those files (made first: a module is linked after what it imports), and
// `import.meta.url` becomes its cove-asset:/ name, so that URLs it derives from it (a lazy
// chunk's stylesheet) are served by serveElements below.
const RELATIVE_IMPORT = /(["'])\.\/([\w.-]+\.m?js)\1/g;

class ModuleLinker {
  readonly #files: ReadonlyMap<string, Decoded>;
  readonly #linked = new Map<string, Promise<string>>();
  readonly #linking = new Set<string>(); // the chain being linked (depth first), to catch cycles

  constructor(files: ReadonlyMap<string, Decoded>) {
    this.#files = files;
  }

  /** A Blob URL for the module `name` (a site path). */
  async url(name: string): Promise<string> {
    return URL.createObjectURL(new Blob([await this.#text(name)], { type: "text/javascript" }));
  }

  /** A data: URL for the module `name`: the kernel worker's script. From a page opened from
   * file://, Chromium starts no module worker from a Blob URL, but does from a data: URL. */
  async dataURL(name: string): Promise<string> {
    const bytes = new TextEncoder().encode(await this.#text(name));
    let binary = "";
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return `data:text/javascript;base64,${btoa(binary)}`;
  }

  async #text(name: string): Promise<string> {
    const file = this.#files.get(name);
    if (!file) throw new Error(`this single-file page lacks ${name}`);
    this.#linking.add(name);
    const folder = name.includes("/") ? name.slice(0, name.lastIndexOf("/") + 1) : "";
    let text = await file.blob.text();
    const refs = new Map<string, string>();
    for (const m of text.matchAll(RELATIVE_IMPORT)) {
      const target = folder + m[2]!;
      if (this.#files.has(target) && !refs.has(target)) refs.set(target, await this.#moduleURL(target));
    }
    text = text.replace(RELATIVE_IMPORT, (whole, quote: string, ref: string) => {
      const blob = refs.get(folder + ref);
      return blob ? `${quote}${blob}${quote}` : whole;
    });
    text = text.replaceAll("import.meta.url", JSON.stringify(ASSET_ROOT + name));
    this.#linking.delete(name);
    return text;
  }

  #moduleURL(name: string): Promise<string> {
    if (this.#linking.has(name)) return Promise.reject(new Error(`${name}: modules that import each other cannot be linked`));
    let url = this.#linked.get(name);
    if (!url) this.#linked.set(name, (url = this.url(name)));
    return url;
  }
}

// Elements the page adds with a cove-asset:/ URL (a stylesheet a lazy chunk links) get the
// file's Blob URL instead.
function serveElements(urls: Record<string, string>): void {
  const swap = (el: Element) => {
    for (const attr of ["href", "src"]) {
      const value = el.getAttribute(attr);
      if (value?.startsWith(ASSET_ROOT)) {
        const blob = urls[decodeURIComponent(value.slice(ASSET_ROOT.length))];
        if (blob) el.setAttribute(attr, blob);
      }
    }
  };
  new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === "attributes") swap(r.target as Element);
      for (const node of r.addedNodes) {
        if (node instanceof Element) [node, ...node.querySelectorAll("[href], [src]")].forEach(swap);
      }
    }
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["href", "src"] });
}

async function start(): Promise<void> {
  const blocks = [...document.querySelectorAll<HTMLScriptElement>('script[type="application/octet-stream"][data-cove-file]')];
  const decoded = await Promise.all(blocks.map(decode));
  for (const b of blocks) b.remove(); // megabytes of base64 the page no longer needs
  const files = new Map(decoded.map((f) => [f.name, f]));
  const urls: Record<string, string> = {};
  for (const f of decoded) urls[f.name] = URL.createObjectURL(f.blob);
  const main = decoded.find((f) => f.role === "main");
  const configEl = document.getElementById("cove-config");
  if (!main || !configEl?.textContent) return fail("this single-file page is damaged (no page script or config)");
  const config = JSON.parse(configEl.textContent) as Record<string, unknown>;
  const linker = new ModuleLinker(files);
  const workerURL = await linker.dataURL(String(config["worker"]));
  handFilesToWorkers(workerURL, Object.fromEntries(decoded.map((f) => [f.name, f.blob])));
  // Everything the worker is told to load is then under cove-asset:/, which only those files serve.
  configEl.textContent = JSON.stringify({ ...config, base: ASSET_ROOT, worker: workerURL });
  serveElements(urls);
  await import(/* webpackIgnore: true */ await linker.url(main.name));
}

// Every kernel worker made from that URL (a restart's too) gets the site's files as its first
// message, before the page's boot message.
function handFilesToWorkers(workerURL: string, files: Record<string, Blob>): void {
  const Native = window.Worker;
  window.Worker = class extends Native {
    constructor(url: string | URL, options?: WorkerOptions) {
      super(url, options);
      if (String(url) === workerURL) this.postMessage({ kind: "cove-assets", files } satisfies AssetsMessage);
    }
  };
}

start().catch((err: unknown) => fail(`could not start this single-file page: ${err instanceof Error ? err.message : String(err)}`));
