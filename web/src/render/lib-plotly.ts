// The lazy chunk holding plotly.js (named after this file by esbuild): imported by charts.ts only.
import Plotly from "plotly.js-dist-min";

export default Plotly;
