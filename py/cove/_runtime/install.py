"""Packages for modules a notebook imports but does not have: which package provides a module,
and (in a static page, inside Pyodide) installing from a package index with micropip.

`cove edit` installs through its server instead (cove/_server/packages.py resolves with the
export's resolver, so the editor gets exactly what an export would ship); the worker then loads
the wheels the server names. Either way the engine records the packages in the PEP 723 header.
"""
from __future__ import annotations

import json
import re
from typing import Any, Sequence

__all__ = ["PACKAGE_FOR_MODULE", "install_json", "requirement_for", "with_requirements"]

# import name -> distribution name, where they differ (the common cases; the Pyodide
# distribution's lock knows the rest on the server side)
PACKAGE_FOR_MODULE = {
    "PIL": "pillow", "sklearn": "scikit-learn", "yaml": "pyyaml", "cv2": "opencv-python",
    "bs4": "beautifulsoup4", "dateutil": "python-dateutil", "attr": "attrs",
    "skimage": "scikit-image", "mdit_py_plugins": "mdit-py-plugins", "markdown_it": "markdown-it-py",
}


def requirement_for(module: str) -> str:
    """The package to install for an import name: `cove_greeting` -> `cove-greeting` (the
    normalized spelling of the same name), `sklearn` -> `scikit-learn`."""
    top = module.split(".")[0]
    return PACKAGE_FOR_MODULE.get(top) or re.sub(r"[-_.]+", "-", top).lower()


def requirement_name(requirement: str) -> str:
    name = re.split(r"[\s\[<>=!~;@]", requirement.strip(), maxsplit=1)[0]
    return re.sub(r"[-_.]+", "-", name).lower()


async def install_json(request: str) -> str:
    """{"modules": [...], "index_urls": [...] | null} -> {"installed": [...], "problems": [...]}.

    micropip looks in the site's pyodide-lock.json first (what the export bundled), then in the
    index (PyPI unless the page names another). Offline, the error says so."""
    data: dict[str, Any] = json.loads(request)
    modules = [str(m) for m in data.get("modules", [])]
    index_urls = data.get("index_urls") or None
    import micropip  # type: ignore[import-not-found]

    installed, problems = [], []
    for module in modules:
        requirement = requirement_for(module)
        try:
            if index_urls:
                await micropip.install(requirement, index_urls=index_urls)
            else:
                await micropip.install(requirement)
            installed.append(module)
        except Exception as e:  # micropip raises ValueError, OSError, JsException...
            problems.append(_explain(requirement, e, index_urls))
    return json.dumps({"installed": installed, "problems": problems})


def with_requirements(header: str, modules: Sequence[str]) -> tuple[str, list[str]]:
    """`header` (a PEP 723 block) listing the package of each of `modules` it lacks, and the
    requirements it gained."""
    from .._export.pep723 import read_script_metadata, write_dependencies

    meta = read_script_metadata(header) or {}
    deps: list[str] = list(meta.get("dependencies") or [])
    have = {requirement_name(d) for d in deps}
    added = []
    for module in modules:
        package = requirement_for(module)
        if requirement_name(package) not in have:
            deps.append(package)
            added.append(package)
            have.add(requirement_name(package))
    return write_dependencies(header, deps), added


def _explain(requirement: str, error: BaseException, index_urls: list[str] | None) -> str:
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    where = ", ".join(index_urls) if index_urls else "PyPI"
    if re.search(r"Failed to fetch|NetworkError|Load failed|fetch", text, re.I) and "Can't find" not in text:
        return f"{requirement}: the package index ({where}) could not be reached (offline?)"
    if "Can't find a pure Python 3 wheel" in text or "No matching distribution" in text:
        return f"{requirement}: no wheel that runs in the browser (Pyodide) in {where}"
    return f"{requirement}: {text}"
