// Live charts in the placeholders the engine writes (py/cove/_output/render.py):
// `<div class="cove-plotly|cove-vega" data-mime data-spec>`. plotly.js and vega-embed are big,
// so each is a lazy chunk of the site (never a CDN), imported the first time a chart of its kind
// appears; pages without charts never download them.

// Selections in a chart inside a reactive chart element (cove.ui.altair_chart / plotly) are sent
// as a DOM event that ui/hydrate.ts turns into the element's value; charts never send anything.
const CHART_SELECT = "cove:chart-select";

function selectable(el: HTMLElement): boolean {
  return el.closest('[data-cove-ui="plotly"], [data-cove-ui="altair_chart"]') !== null;
}

function announce(el: HTMLElement, selection: unknown): void {
  el.dispatchEvent(new CustomEvent(CHART_SELECT, { bubbles: true, detail: selection }));
}

type PlotlyPoint = { x?: unknown; y?: unknown; z?: unknown; curveNumber?: number; pointIndex?: number; pointNumber?: number; text?: unknown };
type PlotlySelection = { points?: PlotlyPoint[]; range?: unknown; lassoPoints?: unknown } | undefined;
type PlotlyDiv = HTMLElement & { on?(event: string, handler: (ev: PlotlySelection) => void): void };

function plotlySelection(ev: PlotlySelection): unknown {
  const points = (ev?.points ?? []).map((p) => ({
    x: p.x, y: p.y, ...(p.z === undefined ? {} : { z: p.z }), curveNumber: p.curveNumber,
    pointIndex: p.pointIndex ?? p.pointNumber, ...(p.text === undefined ? {} : { text: p.text }),
  }));
  return ev?.range ? { points, range: ev.range } : { points };
}

// The names of a Vega-Lite spec's selection parameters (top level and in layers/views).
function selectionNames(spec: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(spec)) for (const s of spec) selectionNames(s, out);
  else if (spec && typeof spec === "object") {
    const o = spec as Record<string, unknown>;
    for (const p of Array.isArray(o["params"]) ? (o["params"] as Record<string, unknown>[]) : []) {
      if (p["select"] !== undefined && typeof p["name"] === "string") out.add(p["name"]);
    }
    for (const key of ["layer", "hconcat", "vconcat", "concat", "spec"]) selectionNames(o[key], out);
  }
  return out;
}

type PlotlyLib = {
  newPlot(el: HTMLElement, data: unknown, layout?: unknown, config?: unknown): Promise<unknown>;
  purge(el: HTMLElement): void;
};
type VegaEmbed = typeof import("./lib-vega").default;

let plotly: Promise<PlotlyLib> | null = null;
let vega: Promise<VegaEmbed> | null = null;

function loadPlotly(): Promise<PlotlyLib> {
  return (plotly ??= import("./lib-plotly").then((m) => m.default as PlotlyLib));
}

function loadVega(): Promise<VegaEmbed> {
  return (vega ??= import("./lib-vega").then((m) => m.default));
}

function readSpec(el: HTMLElement): Record<string, unknown> | null {
  try {
    const spec: unknown = JSON.parse(el.dataset["spec"] ?? "");
    return typeof spec === "object" && spec !== null ? (spec as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function failed(el: HTMLElement, what: string, err: unknown): void {
  el.dataset["chart"] = "error";
  const msg = document.createElement("pre");
  msg.className = "cove-text cove-chart-error";
  msg.textContent = `${what} could not be drawn: ${err instanceof Error ? err.message : String(err)}`;
  el.replaceChildren(msg);
}

// Plotly figures from Python carry a template and layout; the page decides only the behaviour.
const PLOTLY_CONFIG = { responsive: true, displaylogo: false };

async function drawPlotly(el: HTMLElement): Promise<void> {
  const spec = readSpec(el);
  if (!spec) return failed(el, "This Plotly figure", "its JSON is unreadable");
  try {
    const lib = await loadPlotly();
    if (!el.isConnected) return;
    el.replaceChildren();
    const config = { ...PLOTLY_CONFIG, ...((spec["config"] as object | undefined) ?? {}) };
    await lib.newPlot(el, spec["data"] ?? [], spec["layout"] ?? {}, config);
    if (selectable(el)) {
      const div = el as PlotlyDiv;
      div.on?.("plotly_selected", (ev) => announce(el, plotlySelection(ev)));
      div.on?.("plotly_deselect", () => announce(el, { points: [] }));
    }
    el.dataset["chart"] = "ready";
  } catch (err) {
    failed(el, "This Plotly figure", err);
  }
}

async function drawVega(el: HTMLElement): Promise<void> {
  const spec = readSpec(el);
  if (!spec) return failed(el, "This Vega chart", "its JSON is unreadable");
  const mode = (el.dataset["mime"] ?? "").includes("vegalite") ? "vega-lite" : "vega";
  try {
    const embed = await loadVega();
    if (!el.isConnected) return;
    el.replaceChildren();
    const result = await embed(el, spec as never, { mode, actions: { export: true, source: false, compiled: false, editor: false } });
    if (selectable(el)) {
      // The element's value holds every selection of the chart: {name: {field: values}}.
      const selections: Record<string, unknown> = {};
      for (const name of selectionNames(spec)) {
        result.view.addSignalListener(name, (_: string, value: unknown) => {
          selections[name] = value ?? {};
          announce(el, { ...selections });
        });
      }
    }
    el.dataset["chart"] = "ready";
  } catch (err) {
    failed(el, "This Vega chart", err);
  }
}

/** Draw every chart placeholder under `root` that is not drawn yet. */
export function drawCharts(root: ParentNode): Promise<unknown> | void {
  const jobs: Promise<void>[] = [];
  for (const el of root.querySelectorAll<HTMLElement>(".cove-plotly:not([data-chart]), .cove-vega:not([data-chart])")) {
    el.dataset["chart"] = "loading";
    jobs.push(el.classList.contains("cove-plotly") ? drawPlotly(el) : drawVega(el));
  }
  return jobs.length ? Promise.all(jobs) : undefined;
}
