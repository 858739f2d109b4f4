"""Browser benchmark: a Cove site's boot and updates against bare Pyodide, in one Chromium run.

    python bench/browser.py [--samples 5] [--updates 50] [--burst 200] [--warmup 1]
                            [--revisit] [--profile [N]] [--profile-out FILE] [--json-only]

Serves two sites from 127.0.0.1 (each its own server thread, gzip on as a static host would):
  - baseline: bench/pages/baseline/ + the Pyodide core Cove ships; its module worker only does
    loadPyodide() + runPython("1") and the page marks `baseline:answered`;
  - cove: `bench/examples/slider.py` exported with `cove export` into a temporary folder.
Samples alternate between the two (fresh browser context each), so machine noise hits both; the
ratio interactive / baseline is what to compare between runs. Bytes and requests are counted
by the server (every byte it writes, headers included, per request: page and worker fetches).

Prints a Markdown table and, on the last line, one JSON object. Targets (issues 4 and 5) are
reported with a pass/fail column, never asserted. `--profile` adds a pass over an instrumented
copy of the site that times each boot stage (see bench/README.md).
"""
from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "py"))

from cove._export.site import ExportOptions, export_site, pyodide_files  # noqa: E402
from cove._server.static import StaticHandler, StaticServer  # noqa: E402

STATIC = ROOT / "py" / "cove" / "_static"
BASELINE_PAGE = Path(__file__).resolve().parent / "pages" / "baseline"
EXAMPLE = Path(__file__).resolve().parent / "examples" / "slider.py"
CHROMIUM = os.environ.get("COVE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
BOOT_TIMEOUT_MS = 180_000
STEP_TIMEOUT_MS = 30_000

# The example's slider starts at 10; cell 2 shows "n = {value:,} (squared: ...)".
SLIDER = "[data-cove-ui] input[type=range]"
START_VALUE = 10
BURST_FIRST = 200  # burst values are BURST_FIRST, BURST_FIRST + 1, ...


def shown(value: int) -> str:
    return f"n = {value:,} ("


# Issue 5 (speed) and issue 4 (export) targets: (label, JSON key, limit, unit).
TARGETS = [
    ("interactive / baseline", "ratio_interactive_baseline", 1.0, "×"),
    ("interactive / baseline (moonshot)", "ratio_interactive_baseline", 0.5, "×"),
    ("prerendered", "prerendered_ms", 300.0, "ms"),
    ("update p95", "update_p95_ms", 50.0, "ms"),
    ("first visit bytes", "bytes", 5_000_000, "B"),
    ("first visit requests", "requests", 20, ""),
    ("export (warm cache)", "export_ms", 3000.0, "ms"),
]


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# -- a static server that counts what it sends ------------------------------------------------

@dataclass
class Served:
    method: str
    path: str
    status: int
    bytes: int  # status line + headers + body, as written to the socket
    gzip: bool
    start: float  # time.time() when the request line arrived
    end: float


class _CountingWriter:
    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.count = 0

    def write(self, data: Any) -> int:
        self.count += len(data)
        return self.inner.write(data)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


class CountingHandler(StaticHandler):
    """Cove's static handler, recording every response's size on the wire."""

    server: "CountingServer"

    def setup(self) -> None:
        super().setup()
        self.wfile = _CountingWriter(self.wfile)  # type: ignore[assignment]

    def parse_request(self) -> bool:
        self._t0 = time.time()
        self._status = 0
        self._gzip = False
        return super().parse_request()

    def send_response(self, code: int, message: str | None = None) -> None:
        self._status = code
        super().send_response(code, message)

    def send_header(self, keyword: str, value: str) -> None:
        if keyword.lower() == "content-encoding" and "gzip" in value:
            self._gzip = True
        super().send_header(keyword, value)

    def handle_one_request(self) -> None:
        before = self.wfile.count  # type: ignore[attr-defined]
        self.raw_requestline = b""
        super().handle_one_request()
        if not self.raw_requestline:
            return
        sent = self.wfile.count - before  # type: ignore[attr-defined]
        path = self.path.split("?", 1)[0]
        with self.server.lock:
            self.server.served.append(Served(self.command or "?", path, self._status, sent, self._gzip, self._t0, time.time()))


class CountingServer(StaticServer):
    def __init__(self, root: Path) -> None:
        self.served: list[Served] = []
        self.lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), CountingHandler, root)

    def since(self, index: int) -> list[Served]:
        with self.lock:
            return list(self.served[index:])

    def mark(self) -> int:
        with self.lock:
            return len(self.served)


def serve(root: Path) -> CountingServer:
    server = CountingServer(root)
    server.precompress()  # gzip the wasm etc. now, not during the first sample
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True).start()
    return server


# -- the sites -----------------------------------------------------------------------------------

def check_build() -> None:
    needed = [STATIC / "pyodide-lock.json", STATIC / "web" / "manifest.json"]
    needed += [STATIC / "pyodide" / f for f in (*pyodide_files(), "pyodide-lock.dist.json", "python_stdlib.zip")]
    missing = [str(p.relative_to(ROOT)) for p in needed if not p.exists()]
    if missing:
        raise SystemExit(f"bench/browser.py: the build is missing {', '.join(missing)}: run `python build.py`")
    wheels = list((STATIC / "wheels").glob("cove-*.whl"))
    sources = [p for p in (ROOT / "py" / "cove").rglob("*.py") if "_static" not in p.parts]
    if wheels and sources and max(p.stat().st_mtime for p in sources) > min(w.stat().st_mtime for w in wheels):
        log("warning: py/cove changed since the engine wheel was built; `python build.py` to measure the current code")


def make_baseline_site(dest: Path) -> Path:
    """The baseline page and worker, with the same Pyodide core files Cove ships. Stock
    loadPyodide() also reads pyodide/pyodide-lock.json (the distribution's own lock), so it is
    there too, as in any Pyodide folder."""
    shutil.copytree(BASELINE_PAGE, dest)
    (dest / "pyodide").mkdir()
    # Bare Pyodide boots from the stock standard library (a Cove site ships its boot and rest zips).
    for name in {*pyodide_files(), "python_stdlib.zip"}:
        shutil.copy2(STATIC / "pyodide" / name, dest / "pyodide" / name)
    shutil.copy2(STATIC / "pyodide" / "pyodide-lock.dist.json", dest / "pyodide" / "pyodide-lock.json")
    return dest


def make_cove_site(dest: Path) -> tuple[Path, float]:
    t0 = time.perf_counter()
    export_site(EXAMPLE, dest, ExportOptions(quiet=True))
    return dest, (time.perf_counter() - t0) * 1000


# -- statistics -----------------------------------------------------------------------------

def percentile(values: list[float], p: float) -> float:
    """Linear interpolation between closest ranks (numpy's default)."""
    s = sorted(values)
    if not s:
        return math.nan
    k = (len(s) - 1) * p / 100
    lo, hi = math.floor(k), math.ceil(k)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def summary(values: list[float], digits: int = 1) -> dict[str, float]:
    return {
        "median": round(statistics.median(values), digits),
        "min": round(min(values), digits),
        "max": round(max(values), digits),
    }


# -- one sample each ---------------------------------------------------------------------------

MARKS_JS = """(names) => {
    const out = {};
    for (const n of names) {
        const e = performance.getEntriesByName(n);
        out[n] = e.length ? e[0].startTime : null;
    }
    const fcp = performance.getEntriesByName('first-contentful-paint');
    out.fcp = fcp.length ? fcp[0].startTime : null;
    return out;
}"""


def new_page(browser: Any, errors: list[str], init_script: str | None = None) -> tuple[Any, Any]:
    context = browser.new_context()
    page = context.new_page()
    page.on("pageerror", lambda err: errors.append(f"pageerror: {err}"))
    page.on("console", lambda msg: errors.append(f"console.{msg.type}: {msg.text}") if msg.type == "error" else None)
    if init_script:
        page.add_init_script(init_script)
    return context, page


def baseline_visit(page: Any, server: CountingServer) -> dict[str, Any]:
    first = server.mark()
    page.goto(server.url("/index.html"), wait_until="commit")
    page.wait_for_function(
        "performance.getEntriesByName('baseline:answered').length > 0 || window.baselineError",
        timeout=BOOT_TIMEOUT_MS, polling=50,
    )
    error = page.evaluate("window.baselineError")
    if error:
        raise RuntimeError(f"baseline worker failed: {error}")
    marks = page.evaluate(MARKS_JS, ["baseline:answered", "baseline:worker-created"])
    served = server.since(first)
    return {
        "answered": marks["baseline:answered"],
        "worker_created": marks["baseline:worker-created"],
        "worker": page.evaluate("window.baselineWorker"),
        "bytes": sum(s.bytes for s in served),
        "requests": len(served),
    }


def sample_baseline(browser: Any, server: CountingServer, revisit: bool = False) -> dict[str, Any]:
    errors: list[str] = []
    context, page = new_page(browser, errors)
    try:
        result = baseline_visit(page, server)
        if revisit:  # the same browser context again: HTTP cache (revalidated) and code caches warm
            result["revisit"] = baseline_visit(page, server)
    finally:
        context.close()
    return result


UPDATES_COUNT = "performance.getEntriesByName('cove:update').length"

BURST_JS = """async ([count, first, expect]) => {
    const slider = document.querySelector('[data-cove-ui] input[type=range]');
    const out = document.querySelector('.cove-cell[data-cell-index="2"] .cove-output');
    const before = performance.getEntriesByName('cove:update').length;
    const seen = new Promise((resolve) => {
        const check = () => out.textContent.includes(expect);
        const obs = new MutationObserver(() => {
            if (check()) { obs.disconnect(); resolve(performance.now()); }
        });
        obs.observe(out, { childList: true, subtree: true, characterData: true });
    });
    // One input event per task, as fast as the page lets them through: the page must keep one
    // update in flight and let the newest value win, not queue 200 re-runs.
    const channel = new MessageChannel();
    const nextTask = () => new Promise((r) => { channel.port1.onmessage = () => r(); channel.port2.postMessage(null); });
    const start = performance.now();
    for (let i = 0; i < count; i++) {
        slider.value = String(first + i);
        slider.dispatchEvent(new Event('input', { bubbles: true }));
        await nextTask();
    }
    const last = performance.now();
    slider.dispatchEvent(new Event('change', { bubbles: true }));  // the drag's release
    const shownAt = await Promise.race([seen, new Promise((r) => setTimeout(() => r(null), 30000))]);
    if (shownAt === null) return { error: `cell 2 never showed ${expect}: ${out.textContent}` };
    return {
        latency: shownAt - last,
        span: last - start,
        updates: performance.getEntriesByName('cove:update').length - before,
    };
}"""


def wait_interactive(page: Any) -> None:
    page.wait_for_function(
        "performance.getEntriesByName('cove:interactive').length > 0"
        " || document.documentElement.dataset.coveKernel === 'error'",
        timeout=BOOT_TIMEOUT_MS, polling=50,
    )
    if page.evaluate("document.documentElement.dataset.coveKernel") == "error":
        message = page.locator(".cove-kernel-state").first.inner_text() if page.locator(".cove-kernel-state").count() else "?"
        raise RuntimeError(f"the Cove kernel failed to boot: {message}")


def output_text(page: Any, index: int) -> str:
    return page.evaluate(
        "(i) => document.querySelector(`.cove-cell[data-cell-index='${i}'] .cove-output`)?.textContent ?? ''", index)


def sample_cove(browser: Any, server: CountingServer, updates: int, burst: int, revisit: bool = False) -> dict[str, Any]:
    errors: list[str] = []
    context, page = new_page(browser, errors)
    try:
        first = server.mark()
        page.goto(server.url("/index.html"), wait_until="commit")
        wait_interactive(page)
        marks = page.evaluate(MARKS_JS, ["cove:prerendered", "cove:kernel-ready", "cove:interactive"])
        served = server.since(first)
        if shown(START_VALUE) not in output_text(page, 2):
            raise RuntimeError(f"unexpected first output of cell 2: {output_text(page, 2)!r}")

        # Reader-driven updates: one ArrowRight at a time (trusted key events: input + change),
        # each waiting for its cove:update measure before the next.
        durations: list[float] = []
        if updates:
            slider = page.locator(SLIDER)
            slider.focus()
            for _ in range(updates):
                n = page.evaluate(UPDATES_COUNT)
                page.keyboard.press("ArrowRight")
                page.wait_for_function(f"{UPDATES_COUNT} > {n}", timeout=STEP_TIMEOUT_MS)
            page.wait_for_function(f"document.querySelector(`.cove-cell[data-cell-index='2'] .cove-output`)"
                                   f".textContent.includes({json.dumps(shown(START_VALUE + updates))})",
                                   timeout=STEP_TIMEOUT_MS)
            durations = page.evaluate("performance.getEntriesByName('cove:update').map(m => m.duration)")

        result_burst: dict[str, Any] | None = None
        if burst:
            last = BURST_FIRST + burst - 1
            result_burst = page.evaluate(BURST_JS, [burst, BURST_FIRST, shown(last)])
            if "error" in result_burst:
                raise RuntimeError(result_burst["error"])
            page.wait_for_function("document.documentElement.dataset.coveKernel === 'ready'", timeout=STEP_TIMEOUT_MS)
            final = output_text(page, 2)
            if shown(last) not in final:
                raise RuntimeError(f"after the burst cell 2 shows {final!r}, not the last value {last}")
        later = server.since(first)[len(served):]
        again = None
        if revisit:
            second = server.mark()
            page.goto(server.url("/index.html"), wait_until="commit")
            wait_interactive(page)
            again = page.evaluate(MARKS_JS, ["cove:prerendered", "cove:kernel-ready", "cove:interactive"])
            again_served = server.since(second)
            again |= {"bytes": sum(s.bytes for s in again_served), "requests": len(again_served)}
    finally:
        context.close()
    if errors:
        log("  page errors: " + "; ".join(errors[:5]))
    return {
        "prerendered": marks["cove:prerendered"],
        "fcp": marks["fcp"],
        "kernel_ready": marks["cove:kernel-ready"],
        "interactive": marks["cove:interactive"],
        "updates": durations,
        "burst": result_burst,
        "bytes": sum(s.bytes for s in served),
        "requests": len(served),
        "later_requests": [s.path for s in later],
        "files": [asdict(s) for s in served],
        "revisit": again,
    }


# -- the profile pass ----------------------------------------------------------------------------

PROFILE_ASSETS = Path(__file__).resolve().parent / "pages" / "profile"

WORKER_ENTRIES_JS = """() => ({
    timeOrigin: performance.timeOrigin,
    marks: performance.getEntriesByType('mark').filter(e => e.name.startsWith('bench:')).map(e => [e.name, e.startTime]),
    measures: performance.getEntriesByType('measure').filter(e => e.name.startsWith('bench:')).map(e => [e.name, e.startTime, e.duration]),
    resources: performance.getEntriesByType('resource').map(e => [e.name, e.fetchStart, e.responseStart, e.responseEnd, e.transferSize, e.decodedBodySize]),
})"""

PAGE_ENTRIES_JS = """() => ({
    timeOrigin: performance.timeOrigin,
    marks: performance.getEntriesByType('mark').map(e => [e.name, e.startTime]),
    paint: performance.getEntriesByType('paint').map(e => [e.name, e.startTime]),
    nav: (() => { const n = performance.getEntriesByType('navigation')[0]; return n ? {responseEnd: n.responseEnd, domInteractive: n.domInteractive, domContentLoaded: n.domContentLoadedEventEnd, load: n.loadEventEnd} : null; })(),
    resources: performance.getEntriesByType('resource').map(e => [e.name, e.fetchStart, e.responseStart, e.responseEnd, e.transferSize, e.decodedBodySize]),
    messages: window.__benchMessages || [],
})"""

# The records of bench/pages/profile/sitecustomize.py, on the worker's clock (ms since its origin).
PYTHON_RECORDS_PY = """
import json, sys, time, js
import sitecustomize as rec
offset = js.performance.now() - time.perf_counter() * 1000
ms = lambda t: round(t * 1000 + offset, 2)
json.dumps({
    "imports": [[n, d, ms(a), ms(b), ok] for n, d, a, b, ok in rec.imports],
    "installs": [[f, ms(a), ms(b)] for f, a, b in rec.installs],
    "calls": [[c, ms(a), ms(b)] for c, a, b in rec.calls],
    "modules": sorted(sys.modules),
    "stdlib": sorted(m for m in sys.modules if m.split('.')[0] in sys.stdlib_module_names),
})
"""


def make_profile_site(cove_site: Path, dest: Path) -> Path:
    """A copy of the exported site (hard links) with the loader wrapped and the standard library
    zip carrying the recording sitecustomize.py. Files are replaced by unlinking first: writing
    through a hard link would change the benchmarked site."""
    import zipfile

    shutil.copytree(cove_site, dest, copy_function=os.link)
    core = dest / "pyodide"
    (core / "pyodide.mjs").rename(core / "pyodide.orig.mjs")
    shutil.copyfile(PROFILE_ASSETS / "pyodide.mjs", core / "pyodide.mjs")
    # The zip Python starts from: the trimmed boot stdlib when the site has one (its own
    # sitecustomize, the fallback finder, is kept under another name and imported after ours).
    boot = "stdlib-boot.zip" if (core / "stdlib-boot.zip").exists() else "python_stdlib.zip"
    stdlib = core / boot
    stdlib.unlink()
    recorder = (PROFILE_ASSETS / "sitecustomize.py").read_text()
    with zipfile.ZipFile(cove_site / "pyodide" / boot) as src, zipfile.ZipFile(stdlib, "w", zipfile.ZIP_DEFLATED) as z:
        if "sitecustomize.py" in src.namelist():
            raise RuntimeError(f"{boot} already has a sitecustomize.py: the profile cannot add its own")
        for info in src.infolist():
            name = "_cove_stdlib_finder.pyc" if info.filename == "sitecustomize.pyc" else info.filename
            if name != info.filename:
                recorder += "\nimport _cove_stdlib_finder  # noqa: E402,F401\n"
            z.writestr(name, src.read(info))
        z.writestr("sitecustomize.py", recorder)
    return dest


def sample_profile(browser: Any, server: CountingServer) -> dict[str, Any]:
    errors: list[str] = []
    context, page = new_page(browser, errors, (PROFILE_ASSETS / "page-init.js").read_text())
    workers: list[Any] = []
    page.on("worker", lambda w: workers.append(w))
    try:
        page.goto(server.url("/index.html"), wait_until="commit")
        wait_interactive(page)
        page_entries = page.evaluate(PAGE_ENTRIES_JS)
        if not workers:
            raise RuntimeError("no worker seen")
        worker = workers[0]
        worker_entries = worker.evaluate(WORKER_ENTRIES_JS)
        python = json.loads(worker.evaluate(f"self.__benchPyodide.runPython({json.dumps(PYTHON_RECORDS_PY)})"))
    finally:
        context.close()
    if errors:
        log("  page errors: " + "; ".join(errors[:5]))
    return {"page": page_entries, "worker": worker_entries, "python": python}


def import_tree(records: list[list[Any]]) -> list[dict[str, Any]]:
    """Import records (appended as each import finishes, with its nesting depth) as rows in
    start order, each with its cumulative and self time and the number of modules it loaded.
    A name can appear twice (`import a.b` whose package `a` imports `a.b` itself: the outer call
    then finds it loaded); `key` tells the occurrences apart. Failed imports (modules absent on
    this platform, probed by the standard library) load nothing."""
    rows: list[dict[str, Any]] = []
    open_children: dict[int, list[dict[str, Any]]] = {}
    seen: dict[str, int] = {}
    for name, depth, start, end, ok in records:
        children = open_children.pop(depth + 1, [])
        nth = seen[name] = seen.get(name, -1) + 1
        row = {"module": name, "key": f"{name}#{nth}", "depth": depth, "start": start, "end": end, "ok": ok,
               "cumulative_ms": round(end - start, 2),
               "self_ms": round(end - start - sum(c["cumulative_ms"] for c in children), 2),
               "modules": (1 if ok and nth == 0 else 0) + sum(c["modules"] for c in children)}
        for child in children:
            child["parent"] = name
        open_children.setdefault(depth, []).append(row)
        rows.append(row)
    rows.sort(key=lambda r: r["start"])
    return rows


def profile_stages(sample: dict[str, Any]) -> list[tuple[str, float, float]]:
    """(stage, start ms, end ms) on the page's clock (ms since navigation start); start 0 for
    instants."""
    page, worker, python = sample["page"], sample["worker"], sample["python"]
    shift = worker["timeOrigin"] - page["timeOrigin"]
    stages: list[tuple[str, float, float]] = []
    marks = {name: t for name, t in page["marks"]}
    nav = page["nav"] or {}
    stages.append(("page: HTML received (navigation responseEnd)", 0.0, nav.get("responseEnd", math.nan)))
    if "cove:prerendered" in marks:
        stages.append(("page: cove:prerendered mark", 0.0, marks["cove:prerendered"]))
    for name, t in page["paint"]:
        stages.append((f"page: {name}", 0.0, t))
    for url, fetch_start, _resp_start, resp_end, size, _decoded in page["resources"]:
        if fetch_start > resp_end:  # the worker script's entry has no usable fetchStart
            fetch_start = 0.0
        stages.append((f"page fetch: {'/'.join(url.rsplit('/', 2)[-2:])} ({size:,} B)", fetch_start, resp_end))
    if "bench:new Worker" in marks:
        stages.append(("page: main.js ran → new Worker()", 0.0, marks["bench:new Worker"]))
    if "bench:boot message posted" in marks:
        stages.append(("page: boot message posted", 0.0, marks["bench:boot message posted"]))
    stages.append(("worker: started (its timeOrigin)", 0.0, shift))
    for url, fetch_start, _resp_start, resp_end, size, decoded in worker["resources"]:
        what = "HEAD" if decoded == 0 else f"{size:,} B"  # no body decoded: a HEAD request
        stages.append((f"worker fetch: {'/'.join(url.rsplit('/', 2)[-2:])} ({what})", fetch_start + shift, resp_end + shift))
    for name, t in worker["marks"]:
        stages.append((f"worker: {name.removeprefix('bench:')}", 0.0, t + shift))
    for name, start, duration in worker["measures"]:
        stages.append((f"worker: {name.removeprefix('bench:')}", start + shift, start + shift + duration))
    for file, start, end in python["installs"]:
        stages.append((f"python: unpack {file.rsplit('/', 1)[-1]}", start + shift, end + shift))
    for call, start, end in python["calls"]:
        stages.append((f"python: {call}", start + shift, end + shift))
    for row in import_tree(python["imports"]):
        if row["depth"] == 0 and row["cumulative_ms"] >= 15:
            again = "" if row["key"].endswith("#0") else " (again)"
            stages.append((f"python: import {row['module']}{again} ({row['modules']} modules)",
                           row["start"] + shift, row["end"] + shift))
    seen: set[str] = set()
    for t, info in page["messages"]:
        label = info.get("type") or "?"
        if label == "kernel_status":
            label = f"kernel_status {info.get('state')}: {info.get('message')}"
        elif label == "cell_status":
            if info.get("status") not in ("running", "idle"):
                continue
            label = f"cell_status {info.get('id')} {info.get('status')}"
        if label in seen:
            continue
        seen.add(label)
        stages.append((f"page got: {label}", 0.0, t))
    for name in ("cove:kernel-ready", "cove:interactive"):
        if name in marks:
            stages.append((f"page: {name} mark", 0.0, marks[name]))
    return stages


TRACE_CATEGORIES = [
    "toplevel", "v8", "v8.wasm", "v8.execute", "devtools.timeline", "blink.user_timing",
    "disabled-by-default-v8.compile", "disabled-by-default-v8.cpu_profiler",
]


def trace_boot(browser: Any, server: CountingServer) -> dict[str, Any]:
    """One boot of the plain site under a Chromium trace: what the worker thread's time is made
    of (the wasm compiled lazily on first call, JavaScript, idle) and what background threads
    spend compiling the wasm's optimized tier, which competes for the same cores."""
    errors: list[str] = []
    context, page = new_page(browser, errors)
    try:
        browser.start_tracing(page=page, categories=TRACE_CATEGORIES)
        page.goto(server.url("/index.html"), wait_until="commit")
        wait_interactive(page)
        marks = page.evaluate(MARKS_JS, ["cove:prerendered", "cove:kernel-ready", "cove:interactive"])
        data = browser.stop_tracing()
    finally:
        context.close()
    trace = json.loads(data)
    return summarize_trace(trace["traceEvents"] if isinstance(trace, dict) else trace, marks)


def summarize_trace(events: list[dict[str, Any]], marks: dict[str, Any]) -> dict[str, Any]:
    threads = {(e["pid"], e["tid"]): e["args"]["name"] for e in events
               if e.get("ph") == "M" and e.get("name") == "thread_name"}
    worker = next((k for k, v in threads.items() if v == "DedicatedWorker thread"), None)
    if worker is None:
        return {"error": "no worker thread in the trace"}

    def total(name: str, on_worker: bool) -> tuple[float, int, float]:
        durs = [e["dur"] / 1000 for e in events
                if e.get("ph") == "X" and e.get("name") == name and "dur" in e
                and ((e["pid"], e["tid"]) == worker) == on_worker]
        return round(sum(durs), 1), len(durs), round(max(durs, default=0), 1)

    lazy = total("wasm.CompileLazy", True)
    tier_up = total("wasm.ExecuteCompilationUnits", False)
    # CPU samples of the worker thread: where its time goes, by kind of code.
    nodes: dict[str, dict[int, dict[str, Any]]] = {}
    samples: dict[str, list[tuple[int, int]]] = {}
    owner: dict[str, tuple[int, int]] = {}
    for e in events:
        if e.get("name") == "Profile":
            owner[e["id"]] = (e["pid"], e["tid"])
        elif e.get("name") == "ProfileChunk":
            data = e["args"]["data"]
            cpu = data.get("cpuProfile") or {}
            nodes.setdefault(e["id"], {}).update({n["id"]: n for n in cpu.get("nodes") or []})
            samples.setdefault(e["id"], []).extend(zip(cpu.get("samples") or [], data.get("timeDeltas") or []))
    kinds: dict[str, float] = {}
    functions: dict[str, float] = {}
    for pid, key in owner.items():
        if key != worker:
            continue
        for node_id, delta in samples.get(pid, []):
            frame = nodes[pid].get(node_id, {}).get("callFrame", {})
            name, file = frame.get("functionName") or "(anonymous)", frame.get("url", "").rsplit("/", 1)[-1]
            if file.endswith(".wasm") or frame.get("codeType") == "wasm":
                kind = "wasm code (CPython etc.)"
            elif name in ("(idle)", "(program)", "(garbage collector)"):
                kind = name
            else:
                kind = f"JS in {file or '(native)'}"
                functions[f"{name} ({file})"] = functions.get(f"{name} ({file})", 0) + delta / 1000
            kinds[kind] = kinds.get(kind, 0) + delta / 1000
    return {
        "marks": marks,
        "worker_lazy_wasm_compile_ms": lazy[0],
        "worker_lazy_wasm_compile_count": lazy[1],
        "worker_lazy_wasm_compile_max_ms": lazy[2],
        "background_wasm_tier_up_cpu_ms": tier_up[0],
        "worker_cpu_samples_ms": {k: round(v) for k, v in sorted(kinds.items(), key=lambda kv: -kv[1])},
        "worker_top_js_ms": {k: round(v) for k, v in sorted(functions.items(), key=lambda kv: -kv[1])[:12]},
    }


def run_profile(browser: Any, cove_site: Path, cove_server: CountingServer, tmp: Path, runs: int) -> dict[str, Any]:
    log("profile: a traced boot of the plain site")
    traced = trace_boot(browser, cove_server)
    server = serve(make_profile_site(cove_site, tmp / "profile"))
    try:
        samples = []
        for i in range(runs):
            log(f"profile: instrumented boot {i + 1}/{runs}")
            samples.append(sample_profile(browser, server))
    finally:
        server.shutdown()
        server.server_close()
    # The stage table: the median over runs of each stage's start and end, matched by label.
    per_label: dict[str, list[tuple[float, float]]] = {}
    for sample in samples:
        for label, start, end in profile_stages(sample):
            per_label.setdefault(label, []).append((start, end))
    stages = [{"stage": label,
               "start_ms": round(statistics.median(p[0] for p in pairs), 1),
               "end_ms": round(statistics.median(p[1] for p in pairs), 1),
               "runs": len(pairs)} for label, pairs in per_label.items()]
    stages.sort(key=lambda s: (s["end_ms"], s["start_ms"]))
    # Imports: each module's median cumulative / self time over the runs; its phase is the
    # innermost worker stage (measure) that contains it in the first run.
    first = samples[0]
    phases = sorted(((name.removeprefix("bench:"), start, start + duration)
                     for name, start, duration in first["worker"]["measures"]
                     if "WebAssembly" not in name and "runPython" not in name),
                    key=lambda p: p[2] - p[1])
    phases += [(f"unpack {f.rsplit('/', 1)[-1]}", a, b) for f, a, b in first["python"]["installs"]]
    phases.sort(key=lambda p: p[2] - p[1])
    trees = [import_tree(s["python"]["imports"]) for s in samples]
    by_key: dict[str, list[dict[str, Any]]] = {}
    for tree in trees:
        for row in tree:
            by_key.setdefault(row["key"], []).append(row)
    imports = []
    for row in trees[0]:
        rows = by_key[row["key"]]
        phase = next((label for label, a, b in phases if a <= row["start"] and row["end"] <= b), "(before loadPyodide)")
        imports.append({
            "module": row["module"], "parent": row.get("parent"), "depth": row["depth"], "phase": phase,
            "modules": row["modules"], "ok": row["ok"],
            "cumulative_ms": round(statistics.median(r["cumulative_ms"] for r in rows), 1),
            "self_ms": round(statistics.median(r["self_ms"] for r in rows), 1),
        })
    by_phase: dict[str, float] = {}
    for row in imports:
        if row["depth"] == 0:
            by_phase[row["phase"]] = round(by_phase.get(row["phase"], 0) + row["cumulative_ms"], 1)
    phase_ms = {label: round(b - a, 1) for label, a, b in phases}
    python = samples[-1]["python"]
    return {
        "runs": runs,
        "stages": stages,
        "imports": imports,
        "import_ms_by_phase": by_phase,
        "phase_ms": phase_ms,
        "sys_modules": python["modules"],
        "stdlib_modules": python["stdlib"],
        "trace": traced,
    }


def profile_markdown(profile: dict[str, Any]) -> str:
    lines = [f"Boot profile (median of {profile['runs']} instrumented runs; ms since navigation start)", "",
             "| stage | start | end | duration |", "|---|---:|---:|---:|"]
    for s in profile["stages"]:
        instant = not s["start_ms"]
        lines.append(f"| {s['stage']} | {'' if instant else s['start_ms']} | {s['end_ms']} | "
                     f"{'' if instant else round(s['end_ms'] - s['start_ms'], 1)} |")
    lines += ["", "Python imports by stage (every first-time import, timed by the profile's sitecustomize):", "",
              "| stage | stage ms | top-level imports in it, ms |", "|---|---:|---:|"]
    for phase, ms in sorted(profile["import_ms_by_phase"].items(), key=lambda kv: -kv[1]):
        lines.append(f"| {phase} | {profile['phase_ms'].get(phase, '')} | {ms} |")
    lines += ["", "| import | stage | modules | cumulative ms | self ms |", "|---|---|---:|---:|---:|"]
    shown_rows = [r for r in profile["imports"] if (r["depth"] == 0 and r["cumulative_ms"] >= 5)
                  or (r["depth"] == 1 and r["cumulative_ms"] >= 25)]
    for r in sorted(shown_rows, key=lambda r: -r["cumulative_ms"])[:40]:
        name = f"{r['parent']} › {r['module']}" if r["depth"] else r["module"]
        lines.append(f"| {name} | {r['phase']} | {r['modules']} | {r['cumulative_ms']} | {r['self_ms']} |")
    tr = profile["trace"]
    if "error" not in tr:
        lines += ["", f"Chromium trace of one plain boot (interactive at {tr['marks']['cove:interactive']:.0f} ms "
                  "under tracing):", "",
                  f"- wasm compiled lazily on the worker thread (first call of each function): "
                  f"{tr['worker_lazy_wasm_compile_ms']} ms in {tr['worker_lazy_wasm_compile_count']} functions "
                  f"(largest {tr['worker_lazy_wasm_compile_max_ms']} ms)",
                  f"- optimized-tier wasm compilation on background threads (competes for the cores): "
                  f"{tr['background_wasm_tier_up_cpu_ms']} ms CPU",
                  "- worker thread CPU samples: " + ", ".join(f"{k} {v} ms" for k, v in tr["worker_cpu_samples_ms"].items()),
                  "- top JavaScript on the worker thread: " + ", ".join(f"{k} {v} ms" for k, v in tr["worker_top_js_ms"].items())]
    lines += ["", f"sys.modules after the boot: {len(profile['sys_modules'])} modules, "
              f"{len(profile['stdlib_modules'])} of them from the standard library (`--profile-out` lists them)."]
    return "\n".join(lines)


# -- the run -------------------------------------------------------------------------------------

def run(args: argparse.Namespace) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    check_build()
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"bench/browser.py: {CHROMIUM} missing (set COVE_CHROMIUM)")
    info = json.loads((STATIC / "build-info.json").read_text()) if (STATIC / "build-info.json").exists() else {}
    with tempfile.TemporaryDirectory(prefix="cove-bench-") as tmpdir:
        tmp = Path(tmpdir)
        baseline_site = make_baseline_site(tmp / "baseline")
        # Two exports: the first warms whatever the exporter caches, the second is timed.
        make_cove_site(tmp / "cove-warm")
        cove_site, export_ms = make_cove_site(tmp / "cove")
        shutil.rmtree(tmp / "cove-warm")
        base_server, cove_server = serve(baseline_site), serve(cove_site)
        baselines: list[dict[str, Any]] = []
        coves: list[dict[str, Any]] = []
        profile = None
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
                try:
                    for i in range(args.warmup):
                        log(f"warm-up {i + 1}/{args.warmup}")
                        sample_baseline(browser, base_server)
                        sample_cove(browser, cove_server, 0, 0)
                    for i in range(args.samples):
                        # Alternate the order so that neither side always runs first.
                        order: list[Callable[[], None]] = [
                            lambda: baselines.append(sample_baseline(browser, base_server, args.revisit)),
                            lambda: coves.append(sample_cove(browser, cove_server, args.updates, args.burst, args.revisit)),
                        ]
                        for step in order if i % 2 == 0 else order[::-1]:
                            step()
                        b, c = baselines[-1], coves[-1]
                        log(f"sample {i + 1}/{args.samples}: baseline {b['answered']:.0f} ms, "
                            f"cove interactive {c['interactive']:.0f} ms "
                            f"(prerendered {c['prerendered']:.0f}, kernel-ready {c['kernel_ready']:.0f})")
                    if args.profile:
                        profile = run_profile(browser, cove_site, cove_server, tmp, args.profile)
                finally:
                    browser.close()
        finally:
            for server in (base_server, cove_server):
                server.shutdown()
                server.server_close()
    return report(args, info, export_ms, baselines, coves, profile)


def report(args: argparse.Namespace, info: dict[str, Any], export_ms: float,
           baselines: list[dict[str, Any]], coves: list[dict[str, Any]], profile: dict[str, Any] | None) -> dict[str, Any]:
    updates = [d for c in coves for d in c["updates"]]
    bursts = [c["burst"] for c in coves if c["burst"]]
    baseline = summary([b["answered"] for b in baselines])
    interactive = summary([c["interactive"] for c in coves])
    ratios = [c["interactive"] / b["answered"] for b, c in zip(baselines, coves)]
    first = coves[0]
    result: dict[str, Any] = {
        "bench": "browser",
        "pyodide": info.get("pyodide"),
        "python": info.get("python"),
        "cove": info.get("cove"),
        "samples": len(coves),
        "updates_per_sample": args.updates,
        "burst_events": args.burst,
        "cpus": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],  # at the end of the run
        "baseline_boot_ms": baseline["median"],
        "interactive_ms": interactive["median"],
        "baseline_ms": baseline,
        "prerendered_ms": summary([c["prerendered"] for c in coves])["median"],
        "prerendered": summary([c["prerendered"] for c in coves]),
        "fcp": summary([c["fcp"] for c in coves if c["fcp"] is not None]) if any(c["fcp"] for c in coves) else None,
        "kernel_ready": summary([c["kernel_ready"] for c in coves]),
        "interactive": interactive,
        # Each Cove sample is paired with the baseline sample next to it in time: the median of
        # those ratios cancels most of the machine's load swings (the ratio of the medians is
        # kept too; on a quiet machine the two agree).
        "ratio_interactive_baseline": round(statistics.median(ratios), 3),
        "ratio_per_sample": summary(ratios, 3),
        "ratio_of_medians": round(interactive["median"] / baseline["median"], 3),
        "update_p50_ms": round(percentile(updates, 50), 1) if updates else None,
        "update_p95_ms": round(percentile(updates, 95), 1) if updates else None,
        "update_max_ms": round(max(updates), 1) if updates else None,
        "update_count": len(updates),
        "burst_latency_ms": summary([b["latency"] for b in bursts])["median"] if bursts else None,
        "burst": {
            "latency": summary([b["latency"] for b in bursts]),
            "span": summary([b["span"] for b in bursts]),
            "updates_run": summary([b["updates"] for b in bursts]),
        } if bursts else None,
        "bytes": first["bytes"],
        "requests": first["requests"],
        "baseline_bytes": baselines[0]["bytes"],
        "baseline_requests": baselines[0]["requests"],
        "later_requests": sorted({p for c in coves for p in c["later_requests"]}),
        "files": [[f["method"], f["path"], f["status"], f["bytes"], "gzip" if f["gzip"] else "identity"] for f in first["files"]],
        "export_ms": round(export_ms, 1),
        "revisit": {
            "baseline_ms": summary([b["revisit"]["answered"] for b in baselines]),
            "interactive": summary([c["revisit"]["cove:interactive"] for c in coves]),
            "prerendered": summary([c["revisit"]["cove:prerendered"] for c in coves]),
            "ratio_interactive_baseline": round(statistics.median(
                c["revisit"]["cove:interactive"] / b["revisit"]["answered"] for b, c in zip(baselines, coves)), 3),
            "bytes": coves[0]["revisit"]["bytes"],
            "requests": coves[0]["revisit"]["requests"],
        } if args.revisit else None,
        "bytes_counted": "server side: status line + headers + body per response (gzip as served), page and worker requests",
    }
    result["targets"] = [
        {"name": label, "key": key, "value": result[key], "limit": limit, "unit": unit,
         "pass": result[key] is not None and result[key] <= limit}
        for label, key, limit, unit in TARGETS
    ]
    if profile is not None:
        result["profile"] = {
            "stages": profile["stages"],
            "import_ms_by_phase": profile["import_ms_by_phase"],
            "imports_top_level": [r for r in profile["imports"] if r["depth"] == 0][:40],
            "trace": profile["trace"],
            "sys_modules": len(profile["sys_modules"]),
            "stdlib_modules": len(profile["stdlib_modules"]),
        }
        if args.profile_out:
            Path(args.profile_out).write_text(json.dumps(profile, indent=1))
            log(f"profile written to {args.profile_out}")
        result["_profile_markdown"] = profile_markdown(profile)
    return result


def fmt(value: Any, unit: str = "ms") -> str:
    if value is None:
        return "—"
    if unit == "B":
        return f"{value / 1e6:.2f} MB" if value >= 100_000 else f"{value / 1e3:.1f} kB"
    if unit == "×":
        return f"{value:.2f}×"
    if unit == "ms":
        return f"{value:,.0f} ms" if value >= 100 else f"{value:.1f} ms"
    return str(value)


def markdown(result: dict[str, Any]) -> str:
    def row(label: str, s: dict[str, float] | None, unit: str = "ms") -> str:
        if s is None:
            return f"| {label} | — | — | — |"
        return f"| {label} | {fmt(s['median'], unit)} | {fmt(s['min'], unit)} | {fmt(s['max'], unit)} |"

    lines: list[str] = [
        f"Cove browser benchmark: Pyodide {result['pyodide']} (Python {result['python']}), "
        f"{result['samples']} samples, {result['updates_per_sample']} updates and a "
        f"{result['burst_events']}-event burst per sample ({result['cpus']} CPUs, load average "
        f"{result['load_average'][0]} at the end)",
        "",
        "| measure | median | min | max |",
        "|---|---:|---:|---:|",
        row("baseline: bare Pyodide boot → Python answered", result["baseline_ms"]),
        row("cove:prerendered", result["prerendered"]),
        row("first-contentful-paint", result["fcp"]),
        row("cove:kernel-ready", result["kernel_ready"]),
        row("cove:interactive", result["interactive"]),
        row("interactive / baseline (paired per sample)", result["ratio_per_sample"], "×"),
        row("burst: last input → last value shown", result["burst"]["latency"] if result["burst"] else None),
        row("burst: updates run for the events", result["burst"]["updates_run"] if result["burst"] else None, ""),
    ]
    rv = result["revisit"]
    if rv:
        lines += [
            row("revisit (same context): baseline", rv["baseline_ms"]),
            row("revisit: cove:prerendered", rv["prerendered"]),
            row("revisit: cove:interactive", rv["interactive"]),
            f"| revisit: interactive / baseline (paired, median) | {rv['ratio_interactive_baseline']:.2f}× | | |",
            f"| revisit: bytes, requests (revalidated) | {fmt(rv['bytes'], 'B')}, {rv['requests']} | | |",
        ]
    lines += ["", "| measure | value | target | pass |", "|---|---:|---:|:---:|"]
    for t in result["targets"]:
        lines.append(f"| {t['name']} | {fmt(t['value'], t['unit'])} | ≤ {fmt(t['limit'], t['unit'])} | "
                     f"{'✅' if t['pass'] else '❌'} |")
    lines += [
        f"| update p50 ({result['update_count']} updates) | {fmt(result['update_p50_ms'])} | | |",
        f"| burst latency (median) | {fmt(result['burst_latency_ms'])} | | |",
        f"| baseline first visit | {fmt(result['baseline_bytes'], 'B')}, {result['baseline_requests']} requests | | |",
        "",
        "First visit, as served (bytes on the wire per request):",
        "",
        "| request | bytes | encoding |",
        "|---|---:|---|",
    ]
    for method, path, status, size, enc in result["files"]:
        lines.append(f"| {method} {path}{'' if status == 200 else f' ({status})'} | {size:,} | {enc} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--samples", type=int, default=5, help="measured samples of each site (default 5)")
    parser.add_argument("--updates", type=int, default=50, help="slider changes per Cove sample (default 50)")
    parser.add_argument("--burst", type=int, default=200, help="input events in the burst test (0: skip)")
    parser.add_argument("--warmup", type=int, default=1, help="unmeasured boots of each site first (default 1)")
    parser.add_argument("--revisit", action="store_true",
                        help="also time a second visit in the same context (caches warm) per sample")
    parser.add_argument("--json-only", action="store_true", help="print only the JSON line")
    parser.add_argument("--profile", type=int, nargs="?", const=3, default=0,
                        help="also profile the boot stages over N instrumented runs (default 3)")
    parser.add_argument("--profile-out", help="write the full profile (stages, imports, sys.modules) as JSON")
    args = parser.parse_args(argv)
    if args.samples < 1:
        parser.error("--samples must be at least 1")
    # The example's slider runs over 0..1000 from 10; the burst sets 200, 201, ...
    if not 0 <= args.updates <= 900 or not 0 <= args.burst <= 800:
        parser.error("--updates must be in 0..900 and --burst in 0..800 (the example slider's range)")
    result = run(args)
    profile_md = result.pop("_profile_markdown", None)
    if not args.json_only:
        print(markdown(result))
        if profile_md:
            print()
            print(profile_md)
        print()
    print(json.dumps(result, separators=(",", ":")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
