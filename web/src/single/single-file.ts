// The loader of a single-file page (`cove export --single-file`), inlined at the end of its body.
// The page carries every file of the exported site as a base64 block
//   <script type="application/octet-stream" data-cove-file="pyodide/pyodide.asm.wasm"
//           data-type="application/wasm" data-encoding="gzip">…</script>
// Opened from disk there is nothing to fetch, so this decodes the blocks into Blobs, starts the
// kernel worker from a Blob URL with a table of the others (single/assets.ts serves them there),
// points the page's config at that table, and imports the page's own bundle (main.js).
// The prerendered cells are already painted: this runs after the document is parsed.
import { ASSET_ROOT } from "./assets";

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

async function start(): Promise<void> {
  const blocks = [...document.querySelectorAll<HTMLScriptElement>('script[type="application/octet-stream"][data-cove-file]')];
  const files = await Promise.all(blocks.map(decode));
  for (const b of blocks) b.remove(); // megabytes of base64 the page no longer needs
  const urls: Record<string, string> = {};
  for (const f of files) urls[f.name] = URL.createObjectURL(f.blob);
  const main = files.find((f) => f.role === "main");
  const configEl = document.getElementById("cove-config");
  if (!main || !configEl?.textContent) return fail("this single-file page is damaged (no page script or config)");
  const config = JSON.parse(configEl.textContent) as Record<string, unknown>;
  const worker = files.find((f) => f.name === config["worker"]);
  if (!worker) return fail(`this single-file page lacks its worker (${String(config["worker"])})`);
  // The worker gets the table before its own code runs: a statement put in front of its bundle.
  const prelude = `globalThis.__coveEmbedded=${JSON.stringify({ files: urls })};\n`;
  const workerURL = URL.createObjectURL(new Blob([prelude, await worker.blob.text()], { type: "text/javascript" }));
  // Everything the worker is told to load is then under cove-asset:/, which only the table serves.
  configEl.textContent = JSON.stringify({ ...config, base: ASSET_ROOT, worker: workerURL });
  await import(/* webpackIgnore: true */ urls[main.name]!);
}

start().catch((err: unknown) => fail(`could not start this single-file page: ${err instanceof Error ? err.message : String(err)}`));
