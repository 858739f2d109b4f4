"""Two small docs sites, one built by MkDocs and one by Sphinx, with the same content: page one
holds two notebooks (a fenced cell group and a notebook file), page two three (a cell group and
two files, one of which can loop forever). Built for real, by the tools from PyPI."""
from __future__ import annotations

import os
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SQUARES = """import cove as mo
# %%
n = mo.ui.slider(1, 10, value=3, label="n")
n
# %%
f"A squares {[i * i for i in range(n.value)]}"
"""

DOUBLED = '''import cove

app = cove.App(app_title="Doubled")


@app.cell
def _():
    import cove as mo
    return (mo,)


@app.cell
def _(mo):
    m = mo.ui.slider(1, 10, value=2, label="m")
    m
    return (m,)


@app.cell
def _(m):
    f"B doubled {m.value * 2}"
    return
'''

SPINNER = '''import cove

app = cove.App(app_title="Spinner")


@app.cell
def _():
    import cove as mo
    return (mo,)


@app.cell
def _(mo):
    spin = mo.ui.checkbox(label="spin forever")
    spin
    return (spin,)


@app.cell
def _(spin):
    while spin.value:
        pass
    "C idle"
    return
'''

CUBES = """import cove as mo
# %%
k = mo.ui.slider(1, 5, value=2, label="k")
k
# %%
f"D cubes {[i ** 3 for i in range(k.value)]}"
"""


def _indent(code: str) -> str:
    return "".join(f"   {line}" if line.strip() else line for line in code.splitlines(keepends=True))


def _notebooks(folder: Path) -> None:
    (folder / "notebooks").mkdir(parents=True)
    (folder / "notebooks" / "doubled.py").write_text(DOUBLED)
    (folder / "notebooks" / "spinner.py").write_text(SPINNER)


def _env(shim: Path) -> dict[str, str]:
    """PYTHONPATH with this checkout's cove first, and (when the installed cove predates the
    plugin's entry point) a dist-info that declares it, as pyproject.toml does."""
    paths = [str(ROOT / "py")]
    if not entry_points(group="mkdocs.plugins", name="cove"):
        info = shim / "cove_docs_shim-0.dist-info"
        info.mkdir(parents=True, exist_ok=True)
        (info / "METADATA").write_text("Metadata-Version: 2.1\nName: cove-docs-shim\nVersion: 0\n")
        (info / "entry_points.txt").write_text("[mkdocs.plugins]\ncove = cove._docs.mkdocs_plugin:CovePlugin\n")
        paths.append(str(shim))
    return {**os.environ, "PYTHONPATH": os.pathsep.join(paths + [os.environ.get("PYTHONPATH", "")])}


def build_mkdocs(root: Path) -> Path:
    """The MkDocs site in root/site; pages at index.html and two/index.html."""
    docs = root / "docs"
    _notebooks(docs)
    (root / "mkdocs.yml").write_text("site_name: Cove in MkDocs\ntheme:\n  name: mkdocs\n  highlightjs: false\nnav:\n  - index.md\n  - two.md\nplugins:\n  - cove\n")
    (docs / "index.md").write_text(
        f"# Lesson one\n\nSquares:\n\n```python {{cove}}\n{SQUARES}```\n\nDoubled:\n\n"
        "{cove-file notebooks/doubled.py hide-code}\n\n[Next page](two.md)\n"
    )
    (docs / "two.md").write_text(
        f"# Lesson two\n\n```python {{cove show-code}}\n{CUBES}```\n\n{{cove-file notebooks/doubled.py}}\n\n"
        "Careful, this one can spin:\n\n{cove-file notebooks/spinner.py cells=2-3}\n"
    )
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=root, capture_output=True,
                          text=True, env=_env(root / "shim"), timeout=600)
    assert proc.returncode == 0, proc.stderr
    return root / "site"


def build_sphinx(root: Path, theme: str = "alabaster") -> Path:
    """The Sphinx site in root/html; pages at index.html and two.html."""
    src = root / "src"
    _notebooks(src)
    (src / "conf.py").write_text(f'project = "Cove in Sphinx"\nextensions = ["cove.sphinx"]\nhtml_theme = "{theme}"\n')
    (src / "index.rst").write_text(
        f"Lesson one\n==========\n\nSquares:\n\n.. cove::\n\n{_indent(SQUARES)}\nDoubled:\n\n"
        ".. cove-file:: notebooks/doubled.py\n   :hide-code:\n\n.. toctree::\n\n   two\n"
    )
    (src / "two.rst").write_text(
        f"Lesson two\n==========\n\n.. cove::\n   :show-code:\n\n{_indent(CUBES)}\n"
        ".. cove-file:: notebooks/doubled.py\n\nCareful, this one can spin:\n\n"
        ".. cove-file:: notebooks/spinner.py\n   :cells: 2-3\n"
    )
    proc = subprocess.run([sys.executable, "-m", "sphinx", "-q", "-b", "html", str(src), str(root / "html")],
                          capture_output=True, text=True, env=_env(root / "shim"), timeout=600)
    assert proc.returncode == 0, proc.stderr
    return root / "html"


PAGES = {"mkdocs": ("index.html", "two/index.html"), "sphinx": ("index.html", "two.html")}
BUILDERS = {"mkdocs": build_mkdocs, "sphinx": build_sphinx}
