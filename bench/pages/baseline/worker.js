// Baseline worker: loadPyodide() + runPython("1"), with the Pyodide files next to this file
// (pyodide/, copied from Cove's build: the same pyodide.asm.wasm and python_stdlib.zip).
const marks = { start: performance.now() };
try {
  const indexURL = new URL("./pyodide/", self.location.href).href;
  const { loadPyodide } = await import("./pyodide/pyodide.mjs");
  marks.imported = performance.now();
  const pyodide = await loadPyodide({ indexURL });
  marks.loaded = performance.now();
  const value = pyodide.runPython("1");
  marks.answered = performance.now();
  self.postMessage({ type: "answered", value, marks, timeOrigin: performance.timeOrigin });
} catch (err) {
  self.postMessage({ type: "error", message: String(err && err.stack || err) });
}
