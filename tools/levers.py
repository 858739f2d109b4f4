"""Run the browser benchmark (bench/browser.py) on the example site with some of issue 5's speed
levers turned off, to measure what each one gives in the same conditions as the benchmark.

    python tools/levers.py [--off LEVER]... [bench/browser.py options]

Each lever is turned off by rewriting the exported site before it is served (the baseline site
and everything else stay as bench/browser.py makes them):
  stdlib   the trimmed, precompiled standard library (stdlib-boot.zip becomes Pyodide's stock
           python_stdlib.zip: every module compiled from source, nothing fetched later)
  wheels   the precompiled engine wheels (the wheels as built from source; the lock's hashes
           follow)
  resume   the boot that runs only what the live page needs (the page runs every cell, run_all)
  early    the early worker start and preload hints in index.html (main.js starts the worker)
Example: `python tools/levers.py --off resume --samples 9 --updates 20 --burst 0`.
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
    html = page.read_text()
    html = re.sub(r'<link rel="(?:modulepreload|preload)"[^>]*>\n?', "", html)
    html = re.sub(r"<script data-cove-early>.*?</script>\n?", "", html, flags=re.S)
    page.write_text(html)


def stock_stdlib(site: Path) -> None:
    shutil.copyfile(site / "pyodide" / "python_stdlib.zip", site / "pyodide" / "stdlib-boot.zip")


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], add_help=False)
    parser.add_argument("--off", action="append", default=[], choices=LEVERS)
    args, rest = parser.parse_known_args(argv)
    import browser  # bench/browser.py

    make = browser.make_cove_site

    def make_cove_site(dest: Path) -> tuple[Path, float]:
        site, ms = make(dest)
        for lever in args.off:
            OFF[lever](site)
        return site, ms

    browser.make_cove_site = make_cove_site
    browser.log(f"levers off: {', '.join(args.off) or 'none'}")
    return browser.main(rest)


if __name__ == "__main__":
    sys.exit(main())
