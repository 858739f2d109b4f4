"""Issue 5's speed levers, measured with the browser benchmark (bench/browser.py): the example
site with some levers turned off, in the same conditions as the benchmark.

    python tools/levers.py [--off LEVER]... [bench/browser.py options]
        the benchmark's full report for the site with these levers off
    python tools/levers.py --compare LEVER[+LEVER]... [--samples N] [--updates N] [--heavy]
        one run, one Chromium: per sample the baseline, then the site with every lever on and
        with each given set off (order rotated), so machine noise hits all variants alike;
        prints each variant's median interactive, its median ratio to the baseline boot of the
        same sample, bytes and update times

Each lever is turned off by rewriting the exported site before it is served (the baseline site
and everything else stay as bench/browser.py makes them):
  stdlib   the trimmed, precompiled standard library (stdlib-boot.zip becomes Pyodide's stock
           python_stdlib.zip: every module compiled from source, nothing fetched later)
  wheels   the precompiled engine wheels (the wheels as built from source; the lock's hashes
           follow)
  resume   the boot that runs only what the live page needs (the page runs every cell, run_all)
  early    the early worker start in index.html (main.js starts the worker)
`--heavy` appends to the example a cell that takes ~0.3 s and depends on nothing the reader
changes (what resume skips at boot); the example's own cells stay first, so the benchmark's
checks still hold.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import re
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "py"))

LEVERS = ("stdlib", "wheels", "resume", "early")


def _config(html: str) -> tuple[re.Match[str], dict[str, Any]]:
    found = re.search(r'(<script type="application/json" id="cove-config">)(.*?)(</script>)', html, re.S)
    if not found:
        raise SystemExit("levers: the exported index.html has no cove-config block")
    return found, json.loads(found.group(2))


def without_resume(site: Path) -> None:
    page = site / "index.html"
    html = page.read_text()
    found, config = _config(html)
    config.pop("resume", None)
    text = json.dumps(config, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    page.write_text(html[: found.start(2)] + text + html[found.end(2):])


def without_early(site: Path) -> None:
    page = site / "index.html"
    page.write_text(re.sub(r"<script data-cove-early>.*?</script>\n?", "", page.read_text(), flags=re.S))


def stock_stdlib(site: Path) -> None:
    # A site ships only the boot and rest zips; the stock one stays in the build's folder.
    shutil.copyfile(ROOT / "py" / "cove" / "_static" / "pyodide" / "python_stdlib.zip", site / "pyodide" / "stdlib-boot.zip")


def source_wheels(site: Path) -> None:
    """The wheels as build.py makes them before precompiling."""
    import tomllib

    import build as build_py
    from tools.wheel import Project, build_wheel

    with tempfile.TemporaryDirectory() as tmp:
        project = Project.from_pyproject(tomllib.loads((ROOT / "pyproject.toml").read_text()))
        fresh = [build_wheel(project, [ROOT / "py" / "cove"], Path(tmp))]
        fresh += build_py.dependency_wheels(list(project.dependencies), build_py.pyodide_info(), offline=True)
        lock_path = site / "pyodide-lock.json"
        lock = json.loads(lock_path.read_text())
        by_name = {w.name: w for w in fresh}
        for entry in lock["packages"].values():
            wheel = by_name.get(Path(entry["file_name"]).name)
            if wheel is None:
                continue
            shutil.copyfile(wheel, site / entry["file_name"])
            entry["sha256"] = hashlib.sha256(wheel.read_bytes()).hexdigest()
        lock_path.write_text(json.dumps(lock, indent=1) + "\n")


OFF = {"stdlib": stock_stdlib, "wheels": source_wheels, "resume": without_resume, "early": without_early}


HEAVY_CELL = """

@app.cell
def _():
    # Independent of the slider: its prerendered output is all the page needs.
    total = sum(i * i for i in range(1_500_000))
    total
    return (total,)
"""


def heavy_example(folder: Path) -> Path:
    import browser

    text = browser.EXAMPLE.read_text()
    head, sep, tail = text.rpartition('\n\nif __name__ == "__main__":')
    path = folder / "slider.py"
    path.write_text(head + HEAVY_CELL + sep + tail)
    return path


def make_variant(dest: Path, off: tuple[str, ...]) -> Path:
    import browser

    site, _ = browser.make_cove_site(dest)
    for lever in off:
        OFF[lever](site)
    return site


def compare(variants: list[tuple[str, ...]], samples: int, updates: int) -> dict[str, Any]:
    import statistics

    import browser
    from playwright.sync_api import sync_playwright

    names = ["all on"] + ["off: " + "+".join(v) for v in variants[1:]]
    with tempfile.TemporaryDirectory(prefix="cove-levers-") as tmpdir:
        tmp = Path(tmpdir)
        base_server = browser.serve(browser.make_baseline_site(tmp / "baseline"))
        servers = [browser.serve(make_variant(tmp / f"v{i}", v)) for i, v in enumerate(variants)]
        baselines: list[dict[str, Any]] = []
        runs: list[list[dict[str, Any]]] = [[] for _ in variants]
        try:
            with sync_playwright() as pw:
                chromium = pw.chromium.launch(executable_path=browser.CHROMIUM, headless=True, args=browser.CHROMIUM_ARGS)
                try:
                    browser.sample_baseline(chromium, base_server)
                    for server in servers:
                        browser.sample_cove(chromium, server, 0, 0)
                    for i in range(samples):
                        steps = [("baseline", -1)] + [(n, k) for k, n in enumerate(names)]
                        shift = i % len(steps)
                        for name, k in steps[shift:] + steps[:shift]:
                            if k < 0:
                                baselines.append(browser.sample_baseline(chromium, base_server))
                            else:
                                runs[k].append(browser.sample_cove(chromium, servers[k], updates, 0))
                        browser.log(f"sample {i + 1}/{samples}: baseline {baselines[-1]['answered']:.0f} ms, "
                                    + ", ".join(f"{n} {r[-1]['interactive']:.0f} ms" for n, r in zip(names, runs)))
                finally:
                    chromium.close()
        finally:
            for server in [base_server, *servers]:
                server.shutdown()
                server.server_close()
    out: dict[str, Any] = {"samples": samples, "updates": updates,
                           "baseline_ms": statistics.median(b["answered"] for b in baselines), "variants": {}}
    for name, rs in zip(names, runs):
        durations = [d for r in rs for d in r["updates"]]
        out["variants"][name] = {
            "interactive_ms": round(statistics.median(r["interactive"] for r in rs), 1),
            "kernel_ready_ms": round(statistics.median(r["kernel_ready"] for r in rs), 1),
            "ratio": round(statistics.median(r["interactive"] / b["answered"] for r, b in zip(rs, baselines)), 3),
            "bytes": rs[0]["bytes"],
            "requests": rs[0]["requests"],
            "update_p50_ms": round(browser.percentile(durations, 50), 1) if durations else None,
            "update_p95_ms": round(browser.percentile(durations, 95), 1) if durations else None,
            "update_max_ms": round(max(durations), 1) if durations else None,
        }
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], add_help=False)
    parser.add_argument("--off", action="append", default=[], choices=LEVERS)
    parser.add_argument("--compare", action="append", default=[], metavar="LEVER[+LEVER]")
    parser.add_argument("--heavy", action="store_true")
    args, rest = parser.parse_known_args(argv)
    import browser  # bench/browser.py

    heavy_dir = tempfile.TemporaryDirectory(prefix="cove-heavy-") if args.heavy else None
    if heavy_dir:
        browser.EXAMPLE = heavy_example(Path(heavy_dir.name))
    try:
        if args.compare:
            variants = [()] + [tuple(v.split("+")) for v in args.compare]
            bad = sorted({lever for v in variants for lever in v} - set(LEVERS))
            if bad:
                parser.error(f"unknown lever {bad[0]!r} (choose from {', '.join(LEVERS)})")
            more = argparse.ArgumentParser()
            more.add_argument("--samples", type=int, default=7)
            more.add_argument("--updates", type=int, default=10)
            opts = more.parse_args(rest)
            result = compare(variants, opts.samples, opts.updates)
            print(f"| variant | interactive | interactive / baseline | bytes | update p50 / p95 / max |")
            print("|---|---:|---:|---:|---:|")
            for name, v in result["variants"].items():
                print(f"| {name} | {v['interactive_ms']:,.0f} ms | {v['ratio']:.2f}× | {v['bytes'] / 1e6:.2f} MB | "
                      f"{v['update_p50_ms']} / {v['update_p95_ms']} / {v['update_max_ms']} ms |")
            print(f"baseline median {result['baseline_ms']:,.0f} ms, {result['samples']} samples")
            print(json.dumps(result, separators=(",", ":")))
            return 0
        make = browser.make_cove_site

        def make_cove_site(dest: Path) -> tuple[Path, float]:
            site, ms = make(dest)
            for lever in args.off:
                OFF[lever](site)
            return site, ms

        browser.make_cove_site = make_cove_site
        browser.log(f"levers off: {', '.join(args.off) or 'none'}")
        return browser.main(rest)
    finally:
        if heavy_dir:
            heavy_dir.cleanup()


if __name__ == "__main__":
    sys.exit(main())
