// The lazy chunk holding vega-embed with Vega and Vega-Lite: imported by charts.ts only.
export { default } from "vega-embed";
