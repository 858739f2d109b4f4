// What a single-file page (single-file.ts) and its kernel worker (assets.ts) share.

// The made-up root the page's config points at: nothing can fetch it over a network, and the
// worker serves every URL under it from the files the page handed over.
export const ASSET_ROOT = "cove-asset:/";

// The first message the page posts to the worker, before the boot message: every file of the
// site by its path ("pyodide/pyodide.asm.wasm"). Blobs, not Blob URLs: a worker of a page opened
// from file:// may not fetch the page's Blob URLs, but may make its own from the same Blobs.
export interface AssetsMessage {
  readonly kind: "cove-assets";
  readonly files: Readonly<Record<string, Blob>>;
}

export function isAssetsMessage(data: unknown): data is AssetsMessage {
  return typeof data === "object" && data !== null && (data as { kind?: unknown }).kind === "cove-assets";
}
