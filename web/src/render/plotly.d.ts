// plotly.js-dist-min ships no types; charts.ts describes the two functions it calls.
declare module "plotly.js-dist-min";
