"""Export benchmark: how long `cove export` takes for a notebook without dependencies (cache warm),
and what the site weighs as a static host would serve it.

    python bench/export.py [--repeat 5] [--notebook NB.py] [--json-only]

Measures, in this process (the same code path as the CLI: cove._export.site.export_site):
- export time of the folder site, median of --repeat runs after one warm-up run (target ≤ 3 s);
- the site: file count (target ≤ 20), raw bytes, and "served" bytes: the sum over files of
  min(gzip -6 size, raw size), i.e. gzip where it helps, as a static host with compression sends
  them (target ≤ 5 MB). This counts every file in the folder, including lazy chunks a first visit
  never fetches; so also, unless --no-browser, a first visit in headless Chromium: which files
  it requests until `cove:interactive`, and their served bytes (bench/browser.py goes further);
- `--single-file`: export time, size, and its gzip size.
Prints a Markdown table and, last, one JSON line. Asserts nothing: the targets are reported.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "py"))

from cove._export.single_file import export_single_file  # noqa: E402
from cove._export.site import ExportOptions, export_site  # noqa: E402
from cove.cli.cmd_new import starter_notebook  # noqa: E402

TARGETS = {"export_s": 3.0, "served_mb": 5.0, "files": 20}


def served_size(data: bytes) -> int:
    return min(len(data), len(gzip.compress(data, compresslevel=6, mtime=0)))


def site_stats(folder: Path) -> dict[str, object]:
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    raw = served = 0
    largest: list[tuple[int, str]] = []
    for p in files:
        data = p.read_bytes()
        s = served_size(data)
        raw += len(data)
        served += s
        largest.append((s, p.relative_to(folder).as_posix()))
    largest.sort(reverse=True)
    return {
        "files": len(files),
        "raw_mb": round(raw / 1e6, 2),
        "served_mb": round(served / 1e6, 2),
        "largest_served": [{"file": n, "kb": round(s / 1e3)} for s, n in largest[:6]],
    }


def first_visit(folder: Path) -> dict[str, object]:
    """Files a first visit requests until the notebook is interactive, and their served bytes."""
    import functools
    import http.server
    import threading
    from urllib.parse import unquote, urlparse

    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                          ".wasm": "application/wasm", ".mjs": "text/javascript", ".js": "text/javascript"}

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{server.server_address[1]}/"
    urls: list[str] = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=os.environ.get("COVE_CHROMIUM", "/usr/bin/chromium"),
                                         headless=True, args=["--no-sandbox", "--disable-gpu"])
            context = browser.new_context()
            context.on("requestfinished", lambda r: urls.append(r.url))
            page = context.new_page()
            page.goto(origin + "index.html")
            page.wait_for_function("performance.getEntriesByName('cove:interactive').length > 0", timeout=120_000)
            browser.close()
    finally:
        server.shutdown()
    files = sorted({unquote(urlparse(u).path).lstrip("/") for u in urls if u.startswith(origin)})
    served = sum(served_size((folder / f).read_bytes()) for f in files if (folder / f).is_file())
    return {"first_visit_requests": len(files), "first_visit_served_mb": round(served / 1e6, 2), "first_visit_files": files}


def timed(fn, repeat: int) -> dict[str, float]:
    fn()  # warm-up: wheel cache, imports, OS file cache
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t0)
    return {"median_s": round(statistics.median(samples), 3), "min_s": round(min(samples), 3), "max_s": round(max(samples), 3)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--notebook", type=Path, help="the notebook to export (default: `cove new`'s starter)")
    parser.add_argument("--no-browser", action="store_true", help="skip the first visit in Chromium")
    parser.add_argument("--json-only", action="store_true")
    args = parser.parse_args(argv)
    options = ExportOptions(quiet=True)
    with tempfile.TemporaryDirectory(prefix="cove-bench-export-") as tmp:
        work = Path(tmp)
        nb = work / "nb.py"
        nb.write_text(args.notebook.read_text() if args.notebook else starter_notebook())
        site_time = timed(lambda: export_site(nb, work / "site", options), args.repeat)
        stats = site_stats(work / "site")
        if not args.no_browser:
            try:
                stats.update(first_visit(work / "site"))
            except Exception as exc:  # noqa: BLE001 - no Chromium here: the folder numbers stand alone
                stats["first_visit_error"] = f"{type(exc).__name__}: {exc}"[:300]
        single_time = timed(lambda: export_single_file(nb, work / "nb.html", options), max(1, args.repeat // 2))
        single = (work / "nb.html").read_bytes()
        result = {
            "notebook": str(args.notebook or "cove new starter"),
            "export_s": site_time["median_s"],
            "export": site_time,
            **{k: v for k, v in stats.items()},
            "single_file_mb": round(len(single) / 1e6, 2),
            "single_file_gzip_mb": round(len(gzip.compress(single, compresslevel=6)) / 1e6, 2),
            "single_file_export_s": single_time["median_s"],
            "targets": TARGETS,
        }
    if not args.json_only:
        ok = lambda value, target: "yes" if value <= target else "no"  # noqa: E731
        rows = [
            ("export time (median, warm cache)", f"{result['export_s']:.2f} s", "≤ 3 s", ok(result["export_s"], 3.0)),
            ("site served with gzip", f"{result['served_mb']:.2f} MB", "≤ 5 MB", ok(result["served_mb"], 5.0)),
            ("site files", str(result["files"]), "≤ 20", ok(result["files"], 20)),
            ("site raw size", f"{result['raw_mb']:.2f} MB", "", ""),
            *([("first visit: files requested", str(result["first_visit_requests"]), "≤ 20", ok(result["first_visit_requests"], 20)),
               ("first visit: served with gzip", f"{result['first_visit_served_mb']:.2f} MB", "≤ 5 MB",
                ok(result["first_visit_served_mb"], 5.0))] if "first_visit_requests" in result else []),
            ("--single-file size", f"{result['single_file_mb']:.2f} MB (gzip {result['single_file_gzip_mb']:.2f} MB)", "", ""),
            ("--single-file export time", f"{result['single_file_export_s']:.2f} s", "", ""),
        ]
        print("| measure | value | target | met |\n|---|---|---|---|")
        for row in rows:
            print("| " + " | ".join(row) + " |")
        print("\nlargest files as served: " + ", ".join(f"{f['file']} {f['kb']} KB" for f in result["largest_served"]))
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
