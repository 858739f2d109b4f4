// The notebook's folder in Pyodide's file system: the files published with it (public/, its
// header's [tool.cove] files, --include, paths its code names; py/cove/_export/datafiles.py)
// appear at their relative paths under `folder` (py/cove/_runtime/location.py: the engine makes
// it the working directory, `__file__`'s folder and cove.notebook_location()).
//
// Each file is a node of the in-memory file system whose size is known (os.stat, os.listdir
// work) but whose bytes are fetched only when the notebook first opens it: a 50 MB file costs
// nothing until a cell reads it. The fetch is a synchronous XHR (allowed in workers), because a
// Python `open()` cannot wait for a promise; in a single-file page the bytes come from the page
// itself (single/assets.ts). Writes change the in-memory copy only: they stay in this page.
/// <reference lib="webworker" />
import type { PyodideInterface } from "pyodide";
import { assetBlob } from "./single/assets";

export interface FilesConfig {
  readonly folder: string; // absolute path in the virtual file system
  readonly base: string; // absolute URL of the folder the files are fetched from, ending in "/"
  readonly sizes: Readonly<Record<string, number>>; // relative path -> size in bytes
  // A notebook linked by URL (<cove-notebook src="nb.py">), not exported: nobody listed its
  // files, and a folder cannot be listed over HTTP. The worker asks the engine which files the
  // code names and keeps those the server has (probeFiles).
  readonly probe?: boolean;
}

// The parts of Emscripten's FS (and of a MEMFS file node) this module touches.
interface FileNode {
  contents: Uint8Array | null;
  usedBytes: number;
  stream_ops: Record<string, unknown> & { open?: (stream: unknown) => void };
}
interface FS {
  mkdirTree(path: string): void;
  writeFile(path: string, data: Uint8Array): void;
  lookupPath(path: string): { node: FileNode };
  ErrnoError: new (errno: number) => Error;
}

const ENOENT = 44;
const EIO = 29;

/** Create the folder and a lazy node for each file; returns how many files it mounted. */
export function mountFiles(pyodide: PyodideInterface, files: FilesConfig): number {
  const fs = pyodide.FS as unknown as FS;
  fs.mkdirTree(files.folder);
  let count = 0;
  for (const [rel, size] of Object.entries(files.sizes)) {
    const parts = rel.split("/");
    if (parts.some((p) => p === "" || p === "." || p === "..")) continue; // never outside the folder
    const path = `${files.folder}/${rel}`;
    fs.mkdirTree(path.slice(0, path.lastIndexOf("/")));
    fs.writeFile(path, new Uint8Array(0));
    lazy(fs, fs.lookupPath(path).node, size, new URL(parts.map(encodeURIComponent).join("/"), files.base).href, rel);
    count++;
  }
  return count;
}

function lazy(fs: FS, node: FileNode, size: number, url: string, rel: string): void {
  // Until the first open, `contents` is this empty placeholder and `usedBytes` the real size
  // (what stat reports). A truncating open replaces `contents` first (MEMFS), so then there is
  // nothing to fetch.
  const placeholder = new Uint8Array(0);
  node.contents = placeholder;
  node.usedBytes = size;
  const ops = node.stream_ops;
  node.stream_ops = {
    ...ops,
    open(stream: unknown) {
      if (node.contents === placeholder) {
        let bytes: Uint8Array;
        try {
          bytes = readSync(url);
        } catch (err) {
          console.warn(`cove: could not fetch ${rel} from ${url}: ${err instanceof Error ? err.message : String(err)}`);
          throw new fs.ErrnoError(err instanceof NotFound ? ENOENT : EIO);
        }
        node.contents = bytes;
        node.usedBytes = bytes.length;
      }
      node.stream_ops = ops; // loaded: an ordinary in-memory file from now on
      ops.open?.(stream);
    },
  };
}

/** For a `probe` config: the files the notebook's code names that exist at `base`, with their
 * sizes (a HEAD request each; the engine decides which names to ask for). */
export function probeFiles(pyodide: PyodideInterface, base: string, code: string): Record<string, number> {
  const find = pyodide.runPython("from cove._export.datafiles import named_files; named_files") as ((text: string) => { toJs(): string[]; destroy(): void }) & { destroy(): void };
  let names: string[] = [];
  try {
    const found = find(code);
    names = found.toJs();
    found.destroy();
  } finally {
    find.destroy();
  }
  const sizes: Record<string, number> = {};
  for (const name of names) {
    try {
      const xhr = new XMLHttpRequest();
      xhr.open("HEAD", new URL(name.split("/").map(encodeURIComponent).join("/"), base).href, false);
      xhr.send();
      if (xhr.status === 200) sizes[name] = Number(xhr.getResponseHeader("Content-Length") ?? 0);
    } catch {
      // unreachable or refused (CORS): the notebook will get FileNotFoundError for it
    }
  }
  return sizes;
}

class NotFound extends Error {}

function readSync(url: string): Uint8Array {
  const blob = assetBlob(url);
  if (blob) return new Uint8Array(new FileReaderSync().readAsArrayBuffer(blob));
  const xhr = new XMLHttpRequest();
  xhr.open("GET", url, false);
  xhr.responseType = "arraybuffer";
  xhr.send();
  if (xhr.status === 404) throw new NotFound(`HTTP 404`);
  if (!(xhr.status === 200 || (xhr.status === 0 && xhr.response))) throw new Error(`HTTP ${xhr.status} ${xhr.statusText}`);
  return new Uint8Array(xhr.response as ArrayBuffer);
}
