// bench/browser.py --profile: stands in for pyodide/pyodide.mjs in a copy of the exported site
// (the real loader is renamed pyodide.orig.mjs next to it). Same API; each stage the worker goes
// through is timed with performance.measure inside the worker, and the interpreter is kept on
// `self.__benchPyodide` so the benchmark can read the Python-side records afterwards.
import * as real from "./pyodide.orig.mjs";
export * from "./pyodide.orig.mjs";

const measure = (name, start) => performance.measure("bench:" + name, { start, end: performance.now() });
performance.mark("bench:pyodide.mjs evaluated");

for (const key of ["instantiateStreaming", "instantiate"]) {
  const orig = WebAssembly[key];
  WebAssembly[key] = function (...args) {
    const t0 = performance.now();
    const p = orig.apply(this, args);
    p.then(() => measure(`WebAssembly.${key}`, t0), () => {});
    return p;
  };
}

const SESSION = "Session.from_text (import cove, parse, analyse)";
let handled = 0;

function commandLabel(text) {
  let type = "?";
  try {
    type = JSON.parse(text).type;
  } catch {}
  return `handle #${++handled} ${type}`;
}

// A PyProxy callable, timed when called (and through `callPromising`, which the worker uses for
// the engine's command handler when JSPI is available); everything else reaches the proxy.
function timed(proxy, label, wrapResult) {
  return new Proxy(proxy, {
    apply(target, thisArg, args) {
      const t0 = performance.now();
      const name = label(args[0]);
      const result = Reflect.apply(target, thisArg, args);
      measure(name, t0);
      return wrapResult ? wrapResult(result) : result;
    },
    get(target, prop) {
      const value = Reflect.get(target, prop);
      if (prop === "callPromising" && typeof value === "function") {
        return async (...args) => {
          const t0 = performance.now();
          const name = label(args[0]);
          try {
            return await value.apply(target, args);
          } finally {
            measure(name, t0);
          }
        };
      }
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

export async function loadPyodide(options = {}) {
  const t0 = performance.now();
  const py = await real.loadPyodide(options);
  measure("loadPyodide", t0);
  self.__benchPyodide = py;
  return new Proxy(py, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (prop === "loadPackage" || prop === "loadPackagesFromImports") {
        return async (names, o) => {
          const t = performance.now();
          const label = prop === "loadPackage" ? `loadPackage(${[].concat(names).join(", ")})` : "loadPackagesFromImports";
          try {
            return await value.call(target, names, o);
          } finally {
            measure(label, t);
          }
        };
      }
      if (prop === "runPython") {
        return (code, o) => {
          const t = performance.now();
          const result = value.call(target, code, o);
          if (typeof result === "function" && code.includes("Session")) {
            measure("runPython (define the session starter)", t);
            return timed(result, () => SESSION, (handle) => timed(handle, commandLabel));
          }
          measure(code.includes("version_info") ? "runPython (version check)" : "runPython", t);
          return result;
        };
      }
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
