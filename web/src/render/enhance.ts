// What outputs need after their HTML is in the DOM: math typeset, charts drawn. One entry point
// for every place that writes output HTML (a cell's output, the prerendered page, an embed or a
// sandboxed frame), each part loading its library only when the output needs it.
import { drawCharts } from "./charts";
import { typesetMath } from "./katex";

export { drawCharts, typesetMath };

/** Typeset math and draw charts under `root`; resolves when all of it is done. */
export function enhanceOutputs(root: ParentNode): Promise<void> {
  const jobs = [typesetMath(root), drawCharts(root)].filter((j) => j !== undefined);
  return Promise.all(jobs).then(() => undefined);
}
