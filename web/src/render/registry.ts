// The one output registry: mimetype -> renderer, producing HTML strings that are inserted with
// innerHTML. py/cove/_site/render.py mirrors it (same order, same markup), so the prerendered page
// and the live page show an output the same way; tests/browser checks the two agree.
import type { ErrorInfo } from "../protocol";
import { escapeHtml } from "./escape";
import { renderJsonText } from "./json";
import { guardHtml } from "../guard/sandbox";

export type Renderer = (data: string) => string;

const image = (mime: string): Renderer => (data) => {
  const src = data.startsWith("data:") ? data : `data:${mime};base64,${data.replace(/\s+/g, "")}`;
  return `<img class="cove-image" alt="" src="${escapeHtml(src)}">`;
};

const text: Renderer = (data) => `<pre class="cove-text">${escapeHtml(data)}</pre>`;

// A chart spec becomes the placeholder that render/charts.ts draws into (the same markup as
// py/cove/_output/html.py chart_placeholder), so a bundle with only the spec still draws.
const chart = (cls: string, mime: string, what: string): readonly [string, Renderer] => [
  mime,
  (data) => `<div class="${cls}" data-mime="${mime}" data-spec="${escapeHtml(data)}"><span class="cove-placeholder">${what}</span></div>`,
];

// Order = preference when a bundle offers several representations.
const RENDERERS: readonly (readonly [string, Renderer])[] = [
  // HTML that could run code goes into a sandboxed frame (guard/sandbox.ts), the rest inline.
  ["text/html", (data) => guardHtml(data)],
  chart("cove-plotly", "application/vnd.plotly.v1+json", "Plotly chart"),
  ...["v6", "v5", "v4", "v3"].map((v) => chart("cove-vega", `application/vnd.vegalite.${v}+json`, "Vega-Lite chart")),
  ...["v6", "v5"].map((v) => chart("cove-vega", `application/vnd.vega.${v}+json`, "Vega chart")),
  // Markdown is converted to HTML by the engine (markdown-it-py), which sends text/html next to
  // it; a bundle with only Markdown shows the source as text rather than guessing at it.
  ["text/markdown", (data) => `<div class="cove-markdown-source">${escapeHtml(data)}</div>`],
  ["image/svg+xml", (data) => guardHtml(data, (svg) => `<div class="cove-svg">${svg}</div>`)],
  ["image/png", image("image/png")],
  ["image/jpeg", image("image/jpeg")],
  ["image/gif", image("image/gif")],
  ["application/json", renderJsonText],
  ["text/latex", text],
  ["text/plain", text],
];

export const MIMETYPES: readonly string[] = RENDERERS.map(([m]) => m);

export function pickMimetype(bundle: Readonly<Record<string, string>>): string | null {
  for (const [mime] of RENDERERS) if (mime in bundle) return mime;
  return null;
}

export function renderBundle(bundle: Readonly<Record<string, string>>): string {
  for (const [mime, render] of RENDERERS) {
    const data = bundle[mime];
    if (data !== undefined) return `<div class="cove-out" data-mime="${mime}">${render(data)}</div>`;
  }
  const kinds = Object.keys(bundle).join(", ") || "nothing";
  return `<div class="cove-out" data-mime=""><pre class="cove-text">[no renderer for ${escapeHtml(kinds)}]</pre></div>`;
}

export function renderOutputs(bundles: readonly Readonly<Record<string, string>>[]): string {
  return bundles.map(renderBundle).join("");
}

export function renderError(error: ErrorInfo): string {
  const tb = error.traceback ? `<pre class="cove-traceback">${escapeHtml(error.traceback)}</pre>` : "";
  return (
    `<div class="cove-error" role="alert" data-error-kind="${escapeHtml(error.kind)}">` +
    `<div class="cove-error-message">${escapeHtml(error.message)}</div>${tb}</div>`
  );
}

export function renderConsole(chunks: readonly { stream: string; text: string }[]): string {
  return chunks
    .map((c) => (c.stream === "stderr" ? `<span class="cove-stderr">${escapeHtml(c.text)}</span>` : escapeHtml(c.text)))
    .join("");
}
