// Share links: the notebook's code, deflated and base64url-encoded, in the URL hash (`#code=…`).
// The hash never reaches a server. A page opened from such a link shows the code and runs
// nothing until the reader asks (main.ts): the code would run in this site's origin.

const PREFIX = "code=";

async function pipe(bytes: Uint8Array, stream: GenericTransformStream): Promise<Uint8Array> {
  const out = new Blob([bytes as BlobPart]).stream().pipeThrough(stream as unknown as TransformStream<Uint8Array, Uint8Array>);
  return new Uint8Array(await new Response(out).arrayBuffer());
}

export function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  // Chunked: String.fromCharCode(...all) overflows the argument limit on big notebooks.
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function fromBase64Url(text: string): Uint8Array {
  const b64 = text.replace(/-/g, "+").replace(/_/g, "/");
  const binary = atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export async function encodeCode(code: string): Promise<string> {
  const deflated = await pipe(new TextEncoder().encode(code), new CompressionStream("deflate-raw"));
  return toBase64Url(deflated);
}

export async function decodeCode(encoded: string): Promise<string> {
  const inflated = await pipe(fromBase64Url(encoded), new DecompressionStream("deflate-raw"));
  return new TextDecoder("utf-8", { fatal: true }).decode(inflated);
}

/** `#code=…` for this code. */
export async function shareHash(code: string): Promise<string> {
  return `#${PREFIX}${await encodeCode(code)}`;
}

/** The code carried by a location hash, null when there is none; throws on a damaged link. */
export async function codeFromHash(hash: string): Promise<string | null> {
  const h = hash.startsWith("#") ? hash.slice(1) : hash;
  const param = new URLSearchParams(h).get("code");
  if (param === null) return null;
  return decodeCode(param);
}
