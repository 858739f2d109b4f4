// cove-docs.js: the script of a docs page (MkDocs, Sphinx: py/cove/_docs/) that holds Cove
// notebooks. Every `.cove-embed` element is a notebook, already showing its prerendered outputs;
// all of them run in one worker, one Pyodide, per runtime folder (docs/hub.ts).
import { SharedRuntime } from "./docs/hub";
import { DocsNotebook, readEmbedConfig, runtimeURLs } from "./docs/notebook";
import { SandboxHost } from "./guard/sandbox";
import type { Indicator } from "./controller";

const ORDER: readonly Indicator[] = ["error", "loading", "busy", "ready"];

function start(): void {
  const roots = [...document.querySelectorAll<HTMLElement>(".cove-embed[data-cove-embed]")];
  if (!roots.length) return;
  const notebooks = new Map<string, DocsNotebook>();
  const runtimes = new Map<string, SharedRuntime>();
  const sandboxes = new SandboxHost(null);
  const marked = new Set<string>();
  const mark = (name: string, done: boolean) => {
    if (done && !marked.has(name)) {
      marked.add(name);
      performance.mark(name);
    }
  };
  mark("cove:prerendered", true); // the outputs came with the page's HTML
  // SPEC §6's page-level hooks, for the page as a whole: the least advanced notebook's state,
  // `cove:kernel-ready` once every notebook's kernel is up, `cove:interactive` once all ran.
  const changed = () => {
    const all = [...notebooks.values()];
    if (all.length < roots.length) return;
    const indicator = ORDER.find((s) => all.some((n) => n.indicator === s)) ?? "ready";
    if (document.documentElement.dataset["coveKernel"] !== indicator) document.documentElement.dataset["coveKernel"] = indicator;
    mark("cove:kernel-ready", all.every((n) => n.booted));
    mark("cove:interactive", all.every((n) => n.interactive));
  };
  for (const root of roots) {
    let config;
    try {
      config = readEmbedConfig(root);
    } catch (err) {
      console.error(err);
      continue;
    }
    const urls = runtimeURLs(config, document.baseURI);
    // One worker per runtime folder: notebooks whose packages conflict were given different
    // folders at build time (py/cove/_docs/runtime.py).
    let runtime = runtimes.get(urls.lock);
    if (!runtime) {
      runtime = new SharedRuntime(
        () => new Worker(urls.worker, { type: "module", name: "cove-kernel" }),
        (id) => notebooks.get(id)?.restore(),
      );
      runtimes.set(urls.lock, runtime);
    }
    notebooks.set(config.id, new DocsNotebook(root, config, urls, runtime.factory(config.id), sandboxes, changed));
  }
  let started = false;
  const startPage = () => {
    if (started) return;
    started = true;
    for (const nb of notebooks.values()) nb.start();
  };
  // A lazy site starts Python only when the reader asks, for every notebook of the page at once.
  if ([...notebooks.values()].some((nb) => nb.config.lazy)) for (const nb of notebooks.values()) nb.offerStart(startPage);
  else startPage();
  (globalThis as Record<string, unknown>)["coveDocs"] = { notebooks, runtimes }; // for tests and the benchmark
}

// A page whose notebooks use two runtime folders loads this script from both (two URLs, two
// module instances): the first one starts every notebook of the page, the other does nothing.
const STARTED = "coveDocsStarted";
if (!(globalThis as Record<string, unknown>)[STARTED]) {
  (globalThis as Record<string, unknown>)[STARTED] = true;
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start, { once: true });
  else start();
}
