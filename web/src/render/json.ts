// application/json as a collapsible tree of <details> elements: it folds and unfolds with no
// script at all, so the prerendered page (render.py builds the same markup) works with JS off.
import { escapeHtml } from "./escape";

// Deeper levels start folded so a big document does not flood the page.
const OPEN_DEPTH = 1;
const MAX_ITEMS = 1000;

function primitive(value: unknown): string {
  if (value === null) return '<span class="cove-json-null">null</span>';
  switch (typeof value) {
    case "string":
      return `<span class="cove-json-string">${escapeHtml(JSON.stringify(value))}</span>`;
    case "number":
      return `<span class="cove-json-number">${escapeHtml(JSON.stringify(value))}</span>`;
    case "boolean":
      return `<span class="cove-json-boolean">${value}</span>`;
    default:
      return `<span class="cove-json-null">${escapeHtml(String(value))}</span>`;
  }
}

function node(value: unknown, depth: number): string {
  if (typeof value !== "object" || value === null) return primitive(value);
  const isArray = Array.isArray(value);
  const entries: [string, unknown][] = isArray
    ? (value as unknown[]).map((v, i) => [String(i), v])
    : Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return `<span class="cove-json-empty">${isArray ? "[]" : "{}"}</span>`;
  const summary = isArray ? `Array(${entries.length})` : `Object(${entries.length})`;
  const items = entries.slice(0, MAX_ITEMS).map(
    ([k, v]) => `<li><span class="cove-json-key">${escapeHtml(k)}</span>: ${node(v, depth + 1)}</li>`,
  );
  if (entries.length > MAX_ITEMS) items.push(`<li class="cove-json-more">… ${entries.length - MAX_ITEMS} more</li>`);
  const open = depth < OPEN_DEPTH ? " open" : "";
  return `<details class="cove-json"${open}><summary>${summary}</summary><ul>${items.join("")}</ul></details>`;
}

export function renderJsonText(text: string): string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return `<pre class="cove-text">${escapeHtml(text)}</pre>`;
  }
  return `<div class="cove-json-root">${node(value, 0)}</div>`;
}
