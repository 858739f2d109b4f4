"""The build side of docs sites (py/cove/_docs): Markdown forms, options, the scoped stylesheet,
runtime folders (content-hashed, split on conflicting wheels), fragments, the public API, and
real rebuilds when a notebook file changes (Sphinx's dependency, MkDocs serve's watch)."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import cove._docs as docs
from cove import loads
from cove._docs import runtime as runtime_mod
from cove._docs.css import scoped_stylesheet
from cove._docs.embed import DocsError, EmbedOptions, parse_cells, parse_options
from cove._docs.markdown import replace_blocks
from cove._export.lock import ResolvedWheel
from tests.docs.sites import DOUBLED, _env, build_sphinx
from tests.web.site import static_ready

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def built() -> None:
    if reason := static_ready():
        pytest.skip(reason)


def test_public_api() -> None:
    assert sorted(docs.__all__) == sorted(n for n in dir(docs) if not n.startswith("_") and n not in
                                          {"css", "embed", "markdown", "runtime", "site"})


def test_options_and_cells() -> None:
    assert parse_options(["hide-code", "editable", "cells=1,3-4"], "p") == EmbedOptions("hide", True, (1, 3, 4))
    assert parse_options(["show-code"], "p").code == "show"
    assert parse_cells("2, 2-3") == (2, 3)
    with pytest.raises(DocsError, match="page.md:3: unknown Cove option 'hidecode'"):
        parse_options(["hidecode"], "page.md:3")
    with pytest.raises(DocsError, match="first cell = 1"):
        parse_cells("0")


def test_a_fenced_block_becomes_one_cell_per_section() -> None:
    text = docs.notebook_from_code("import cove as mo\n# %%\nx = 1\n# %% second\ny = x + 1\ny\n")
    nb = loads(text)
    assert [c.code for c in nb.cells] == ["import cove as mo", "x = 1", "y = x + 1\ny"]


def test_markdown_forms_become_placeholders_and_other_code_is_untouched(tmp_path: Path) -> None:
    calls: list[Any] = []

    def add_code(code: str, opts: EmbedOptions) -> Any:
        calls.append(("code", code, opts))
        return docs.Embed.make("", "x.py", opts, len(calls))

    def add_file(path: Path, opts: EmbedOptions) -> Any:
        calls.append(("file", path, opts))
        return docs.Embed.make("", "y.py", opts, len(calls))

    md = (
        "# T\n\n```python {cove hide-code}\nx = 1\n```\n\n"
        "{cove-file nbs/a.py cells=2 show-code}\n\n"
        "````markdown\n```python {cove}\nnot me\n```\n{cove-file not/me.py}\n````\n"
    )
    out = replace_blocks(md, "page.md", tmp_path, add_code, add_file, docs.DocsSite.slot)
    assert [c[0] for c in calls] == ["code", "file"]
    assert calls[0][1:] == ("x = 1", EmbedOptions("hide"))
    assert calls[1][1:] == (tmp_path / "nbs/a.py", EmbedOptions("show", False, (2,)))
    assert out.count("data-cove-slot") == 2
    assert "```python {cove}\nnot me\n```\n{cove-file not/me.py}" in out
    with pytest.raises(DocsError, match=r"page.md:1: unknown Cove option 'nope'"):
        replace_blocks("```python {cove nope}\n```\n", "page.md", tmp_path, add_code, add_file, docs.DocsSite.slot)


def test_the_stylesheet_touches_only_embeds() -> None:
    css = scoped_stylesheet((ROOT / "public" / "cove.css").read_text())
    body = re.sub(r"@keyframes[^{]*\{(?:[^{}]*\{[^{}]*\})*[^{}]*\}", "", css)  # keyframe steps are not selectors
    selectors = [s.strip() for head in re.findall(r"([^{}]+)\{[^{}]*\}", body) for s in head.split(",")]
    selectors = [s for s in selectors if s and not s.startswith("@")]
    assert selectors and all(s.startswith(".cove-embed") for s in selectors), [s for s in selectors if not s.startswith(".cove-embed")]
    assert '.cove-embed[data-cove-mode="edit"] .cove-cell' in css
    assert "\nbutton" not in css and "\nhtml" not in css


def test_relative_urls() -> None:
    assert docs.relative_url("index.html", "_cove/abc") == "_cove/abc/"
    assert docs.relative_url("two/", "_cove/abc") == "../_cove/abc/"
    assert docs.relative_url("a/b/c.html", "_cove/abc") == "../../_cove/abc/"
    assert docs.relative_url("", "_cove/abc") == "_cove/abc/"


def _fake_wheel(tmp: Path, name: str, version: str) -> ResolvedWheel:
    path = tmp / f"{name}-{version}-py3-none-any.whl"
    path.write_bytes(f"{name} {version}".encode())
    return ResolvedWheel(name, version, path, "0" * 64)


def test_runtime_folders_are_content_named_and_split_on_conflicts(built: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    wheels = {"a": [_fake_wheel(tmp_path, "six", "1.0")], "b": [_fake_wheel(tmp_path, "six", "2.0")],
              "c": [_fake_wheel(tmp_path, "six", "1.0"), _fake_wheel(tmp_path, "attrs", "1.0")]}
    monkeypatch.setattr(runtime_mod, "resolve_wheels", lambda reqs, **_kw: wheels[reqs[0]])
    notes: list[str] = []
    plan = docs.plan_runtimes({"p1#x": [], "p1#y": ["a"], "p2#z": ["c"]}, log=notes.append)
    assert len({r.name for r in plan.values()}) == 1 and not notes
    again = docs.plan_runtimes({"p1#x": [], "p1#y": ["a"], "p2#z": ["c"]})
    assert again["p1#x"].name == plan["p1#x"].name, "the same content, the same folder"
    assert docs.plan_runtimes({"p1#x": []})["p1#x"].name != plan["p1#x"].name, "other wheels, another folder"
    split = docs.plan_runtimes({"p1#y": ["a"], "p1#w": ["b"], "p1#x": []}, log=notes.append)
    assert split["p1#y"].name != split["p1#w"].name
    assert notes and "six" in notes[0]
    folder = docs.write_runtime(split["p1#w"], tmp_path / "site")
    assert folder == tmp_path / "site" / split["p1#w"].name
    lock = (folder / "pyodide-lock.json").read_text()
    assert "six-2.0-py3-none-any.whl" in lock and "six-1.0" not in lock
    assert (folder / "wheels" / "six-2.0-py3-none-any.whl").exists()
    assert (folder / split["p1#w"].script).exists() and (folder / split["p1#w"].worker).exists()
    assert not list((folder / "web").glob("main-*")), "the one-notebook page's bundle stays out"


def test_fragment_carries_prerendered_cells_and_its_options(built: None, tmp_path: Path) -> None:
    (tmp_path / "nb.py").write_text(DOUBLED)
    site = docs.DocsSite()
    embed = site.add_file("guide/page.md", tmp_path / "nb.py", EmbedOptions("hide", False, (3,)))
    html = site.fill(f"<p>x</p>{site.slot(embed)}", "guide/page.md", "guide/page/")
    assert "data-cove-slot" not in html
    assert "B doubled 4" in html
    name = site.plan()[f"guide/page.md#{embed.id}"].name
    assert f'href="../../{name}/web/cove-docs.css"' in html
    assert 'data-code="hide"' in html
    assert f'<style>#cove-{embed.id} .cove-cell:not([data-cell-index="2"]){{display:none}}</style>' in html
    assert f"<noscript><style>#cove-{embed.id} .cove-toolbar{{display:none}}</style></noscript>" in html
    with pytest.raises(DocsError, match="guide/page.md: .*missing.py: cannot read the file"):
        site.add_file("guide/page.md", tmp_path / "missing.py", EmbedOptions())


def test_sphinx_rebuilds_a_page_when_its_notebook_changes(built: None, tmp_path: Path) -> None:
    out = build_sphinx(tmp_path)
    assert "B doubled 4" in (out / "two.html").read_text()
    nb = tmp_path / "src" / "notebooks" / "doubled.py"
    nb.write_text(DOUBLED.replace("value=2", "value=5"))
    proc = subprocess.run([sys.executable, "-m", "sphinx", "-q", "-b", "html", str(tmp_path / "src"), str(out)],
                          capture_output=True, text=True, env=_env(tmp_path / "shim"), timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert "B doubled 10" in (out / "two.html").read_text()
    assert "B doubled 10" in (out / "index.html").read_text()


def test_mkdocs_serve_watches_the_notebook_files(built: None, tmp_path: Path) -> None:
    from cove._docs.mkdocs_plugin import CovePlugin

    (tmp_path / "docs" / "nbs").mkdir(parents=True)
    (tmp_path / "docs" / "nbs" / "a.py").write_text(DOUBLED)
    page = type("Page", (), {"file": type("File", (), {"src_uri": "index.md", "abs_src_path": str(tmp_path / "docs" / "index.md")})()})()
    plugin = CovePlugin()
    plugin.load_config({})
    plugin.on_pre_build(config=None)
    plugin.on_page_markdown("{cove-file nbs/a.py}\n", page=page, config=None, files=None)
    watched: list[str] = []
    plugin.on_serve(type("Server", (), {"watch": lambda self, p: watched.append(p)})(), config=None, builder=None)
    assert watched == [str((tmp_path / "docs" / "nbs" / "a.py").resolve())]


def test_the_mkdocs_entry_point_is_declared() -> None:
    text = (ROOT / "pyproject.toml").read_text()
    assert '[project.entry-points."mkdocs.plugins"]\ncove = "cove._docs.mkdocs_plugin:CovePlugin"' in text


def test_mkdocs_serve_rebuilds_when_an_embedded_notebook_changes(built: None, tmp_path: Path) -> None:
    """A real `mkdocs serve`; the notebook lives outside docs_dir, which MkDocs alone would not watch."""
    import socket
    import time
    import urllib.request

    (tmp_path / "docs").mkdir()
    (tmp_path / "nbs").mkdir()
    nb = tmp_path / "nbs" / "outside.py"
    nb.write_text(DOUBLED)
    (tmp_path / "docs" / "index.md").write_text("# Page\n\n{cove-file ../nbs/outside.py}\n")
    (tmp_path / "mkdocs.yml").write_text("site_name: Serve\ntheme:\n  name: mkdocs\n  highlightjs: false\nplugins:\n  - cove\n")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
                            cwd=tmp_path, env=_env(tmp_path / "shim"), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def page_has(text: str, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if text in urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5).read().decode():
                    return True
            except OSError:
                pass
            time.sleep(0.5)
        return False

    try:
        assert page_has("B doubled 4", 120), "the first build"
        nb.write_text(DOUBLED.replace("value=2", "value=5"))
        assert page_has("B doubled 10", 120), "rebuilt after the notebook changed"
    finally:
        proc.terminate()
        proc.wait(timeout=30)
