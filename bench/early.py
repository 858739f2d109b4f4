"""Interactive before Python boots (issue 14): old against new, paired, in one Chromium run.

    python bench/early.py [--samples 5] [--old-root /work/main]

For each notebook (bench/examples/slider.py: one 0..1000 slider; examples/intro.py: two sliders
feeding the same cells) two sites are exported: *new* with this checkout's `cove export`, *old*
with the checkout at --old-root (its own engine and web build, in a subprocess). With bare Pyodide
(bench/browser.py's baseline page) they are visited in rotating order per sample, each in a fresh
browser context, and measured:

- early: navigation → the right output on screen, after a slider change made 200 ms after
  navigation (an `input` event on the range control, repeated every 100 ms while nothing shows:
  a page whose script is not listening yet loses it; the right output is the text the notebook
  shows for that value);
- live TTI: `cove:interactive` / the bare Pyodide boot of the sample next to it (paired ratio);
- first visit: bytes and requests the server sent until `cove:interactive`;
- the exported folder: bytes and files, and what precomputed/ adds;
- where the early answer's time goes (pages that set web/src/boot/precomputed.ts's marks): the
  first table fetched (responseEnd) and parsed (`cove:early-loaded`), the change reaching the page
  (`cove:early-change`: the page's script listening, or catching up), the answer applied
  (`cove:early-answered`), and on screen.

Prints a Markdown table (medians, min–max) and one JSON line.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "py"))

from browser import (  # noqa: E402
    BOOT_TIMEOUT_MS, CHROMIUM, CHROMIUM_ARGS, MARKS_JS, baseline_visit, make_baseline_site, new_page, serve,
)
from cove._export.site import ExportOptions, export_site  # noqa: E402

# notebook, the value the slider is set to, the text the right output shows for it (a cell index)
CASES = {
    "slider": (HERE / "examples" / "slider.py", "0", "777", 2, "n = 777 ("),
    "intro": (ROOT / "examples" / "intro.py", "0", "12", 7, "At 12%"),
}
EARLY_AT_MS = 200

# Sets the first range input to `value` at EARLY_AT_MS after navigation (as soon as it exists
# after that), then resolves with the time the cell's output first contains `text`.
EARLY_JS = """([at, value, index, text]) => new Promise((resolve) => {
    const out = () => document.querySelector(`.cove-cell[data-cell-index="${index}"] .cove-output`);
    const shows = () => (out()?.textContent ?? '').includes(text);
    let changed = false, last = 0;
    const tick = () => {
        // The reader moves the slider at `at`; a page that lost the change (no script listening
        // yet) gets it again every 100 ms, as a reader who sees nothing happen would do.
        if (performance.now() >= at && (!changed || performance.now() - last >= 100)) {
            const slider = document.querySelector('[data-cove-ui] input[type=range]');
            if (slider) {
                slider.value = value;
                slider.dispatchEvent(new Event('input', {bubbles: true}));
                slider.dispatchEvent(new Event('change', {bubbles: true}));
                last = performance.now();
                changed = changed || last;
            }
        }
        if (changed && shows()) return resolve({changed, shown: performance.now()});
        setTimeout(tick, 2);
    };
    tick();
    setTimeout(() => resolve({changed, shown: null}), 60000);
})"""


# Milestones of the early answer, ms since navigation (null where the page sets no such mark).
SPLIT_JS = """() => {
    const first = (name) => performance.getEntriesByName(name)[0]?.startTime ?? null;
    const tables = performance.getEntriesByType('resource').filter((e) => e.name.includes('/precomputed/'));
    return {
        fetched: tables.length ? Math.min(...tables.map((e) => e.responseEnd)) : null,
        parsed: first('cove:early-loaded'), reached: first('cove:early-change'), answered: first('cove:early-answered'),
    };
}"""


def export_new(nb: Path, dest: Path) -> Path:
    export_site(nb, dest, ExportOptions(quiet=True))
    return dest


def export_old(nb: Path, dest: Path, old_root: Path) -> Path:
    env = {**os.environ, "PYTHONPATH": str(old_root / "py")}
    subprocess.run([sys.executable, "-m", "cove", "export", str(nb), "-o", str(dest), "-q"], env=env, check=True, cwd=old_root)
    return dest


def folder(site: Path) -> dict[str, int]:
    """Bytes and files; the precomputed tables' bytes: precomputed/ and the slices inside the
    page config (as index.html carries them, escaped)."""
    files = [p for p in site.rglob("*") if p.is_file()]
    pre = [p for p in files if "precomputed" in p.parts]
    return {
        "bytes": sum(p.stat().st_size for p in files), "files": len(files),
        "precomputed_bytes": sum(p.stat().st_size for p in pre) + inline_bytes(site / "index.html"),
    }


def inline_bytes(index: Path) -> int:
    from cove._site.render import _script_json

    html = index.read_text(encoding="utf-8")
    start = html.find('id="cove-config">')
    if start < 0:
        return 0
    start += len('id="cove-config">')
    config = json.loads(html[start:html.index("</script>", start)])
    inline = (config.get("precompute") or {}).get("inline")
    return len(_script_json(inline).encode()) if inline else 0


def visit(browser: Any, server: Any, value: str, index: int, text: str) -> dict[str, Any]:
    errors: list[str] = []
    context, page = new_page(browser, errors)
    try:
        first = server.mark()
        page.goto(server.url("/index.html"), wait_until="commit")
        early = page.evaluate(EARLY_JS, [EARLY_AT_MS, value, index, text])
        split = page.evaluate(SPLIT_JS)
        page.wait_for_function("performance.getEntriesByName('cove:interactive').length > 0", timeout=BOOT_TIMEOUT_MS, polling=50)
        marks = page.evaluate(MARKS_JS, ["cove:prerendered", "cove:kernel-ready", "cove:interactive"])
        served = server.since(first)
    finally:
        context.close()
    if early["shown"] is None:
        raise RuntimeError(f"the output never showed {text!r}; errors: {errors[:3]}")
    return {
        "early": early["shown"], "changed_at": early["changed"], "split": split, "interactive": marks["cove:interactive"],
        "kernel_ready": marks["cove:kernel-ready"], "bytes": sum(s.bytes for s in served), "requests": len(served),
    }


def summary(values: list[float], digits: int = 1) -> str:
    return f"{statistics.median(values):,.{digits}f} ({min(values):,.{digits}f}–{max(values):,.{digits}f})"


def run(args: argparse.Namespace) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    result: dict[str, Any] = {"samples": args.samples, "cpus": os.cpu_count(), "cases": {}}
    with tempfile.TemporaryDirectory(prefix="cove-early-") as tmpdir:
        tmp = Path(tmpdir)
        base_server = serve(make_baseline_site(tmp / "baseline"))
        sites: dict[tuple[str, str], Any] = {}
        for name, (nb, *_rest) in CASES.items():
            for side, make in (("old", lambda n, d: export_old(n, d, args.old_root)), ("new", export_new)):
                site = make(nb, tmp / f"{name}-{side}")
                sites[name, side] = (serve(site), folder(site))
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
                rows: dict[tuple[str, str], list[dict[str, Any]]] = {k: [] for k in sites}
                baselines: list[float] = []
                for i in range(args.samples + 1):  # the first round warms up, unmeasured
                    order = ["baseline", *sites]
                    order = order[i % len(order):] + order[:i % len(order)]
                    for key in order:
                        if key == "baseline":
                            context, page = new_page(browser, [])
                            try:
                                b = baseline_visit(page, base_server)["answered"]
                            finally:
                                context.close()
                            if i:
                                baselines.append(b)
                            continue
                        _nb, _v0, value, index, text = CASES[key[0]]
                        r = visit(browser, sites[key][0], value, index, text)
                        if i:
                            rows[key].append(r)
                    print(f"round {i}/{args.samples} done", file=sys.stderr, flush=True)
                browser.close()
        finally:
            for server, _ in [*sites.values(), (base_server, None)]:
                server.shutdown()
                server.server_close()
        result["baseline_ms"] = statistics.median(baselines)
        for (name, side), samples in rows.items():
            result["cases"][f"{name}/{side}"] = {
                "early_ms": [s["early"] for s in samples],
                "split_ms": {k: [s["split"][k] for s in samples] for k in samples[0]["split"]},
                "ratio": [s["interactive"] / b for s, b in zip(samples, baselines)],
                "interactive_ms": [s["interactive"] for s in samples],
                "bytes": samples[0]["bytes"], "requests": samples[0]["requests"],
                "folder": sites[name, side][1],
            }
    return result


def markdown(result: dict[str, Any]) -> str:
    lines = [
        f"{result['samples']} paired samples, {result['cpus']} CPUs; bare Pyodide boot median {result['baseline_ms']:,.0f} ms",
        "",
        "| measure | notebook | old | new | goal |",
        "|---|---|---:|---:|---|",
    ]
    cases = result["cases"]
    for name in CASES:
        old, new = cases[f"{name}/old"], cases[f"{name}/new"]
        lines.append(f"| navigation → right output, change at {EARLY_AT_MS} ms (ms) | {name} | {summary(old['early_ms'], 0)} | {summary(new['early_ms'], 0)} | ≤ 300 |")
    for name in CASES:
        old, new = cases[f"{name}/old"], cases[f"{name}/new"]
        lines.append(f"| live TTI / bare Pyodide boot | {name} | {summary(old['ratio'], 2)}× | {summary(new['ratio'], 2)}× | ≤ 0.5× |")
    for name in CASES:
        old, new = cases[f"{name}/old"], cases[f"{name}/new"]
        lines.append(f"| first visit | {name} | {old['bytes'] / 1e6:.2f} MB, {old['requests']} req | {new['bytes'] / 1e6:.2f} MB, {new['requests']} req | ≤ 5 MB |")
    for name in CASES:
        old, new = cases[f"{name}/old"]["folder"], cases[f"{name}/new"]["folder"]
        lines.append(f"| exported folder | {name} | {old['bytes'] / 1e6:.1f} MB, {old['files']} files | {new['bytes'] / 1e6:.1f} MB, {new['files']} files | ≤ 15 MB, ≤ 20 files (no deps) |")
    for name in CASES:
        old, new = cases[f"{name}/old"]["folder"], cases[f"{name}/new"]["folder"]
        lines.append(f"| precomputed tables | {name} | {old['precomputed_bytes'] / 1e6:.2f} MB | {new['precomputed_bytes'] / 1e6:.2f} MB | ≤ 1 MB (intro) |")
    lines += ["", "Where the early answer's time goes, new pages (ms since navigation, median and range):", "",
              "| notebook | table fetched | parsed | change reaches the page | answered | on screen |", "|---|---:|---:|---:|---:|---:|"]
    for name in CASES:
        new = cases[f"{name}/new"]
        cols = [_maybe(new["split_ms"][k]) for k in ("fetched", "parsed", "reached", "answered")]
        lines.append(f"| {name} | " + " | ".join(cols) + f" | {summary(new['early_ms'], 0)} |")
    return "\n".join(lines)


def _maybe(values: list[float | None]) -> str:
    known = [v for v in values if v is not None]
    return summary(known, 0) if len(known) == len(values) else "—"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--samples", type=int, default=5)
    parser.add_argument("--old-root", type=Path, default=Path("/work/main"), help="the checkout to compare against")
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"{CHROMIUM} missing")
    result = run(args)
    print(markdown(result))
    print(json.dumps(result, separators=(",", ":")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
