"""Which files travel with an export (cove/_export/datafiles.py) and where the notebook runs
(cove/_runtime/location.py): collection rules, refusals, the budget, paths in the prerender."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cove._export.datafiles import (
    BUDGET, DataFilesError, collect_data_files, folder_files, literal_paths,
)
from cove._runtime.kernel import Kernel
from cove._runtime.location import PAGE_FOLDER, missing_file_note, page_paths
from cove._runtime.session import Session
from cove._notebook import loads

ROOT = Path(__file__).resolve().parents[2]


def make_folder(tmp_path: Path) -> Path:
    nb = tmp_path / "proj" / "nb.py"
    (nb.parent / "public" / "img").mkdir(parents=True)
    (nb.parent / "data").mkdir()
    (nb.parent / "public" / "x.json").write_text('{"k": 1}')
    (nb.parent / "public" / "img" / "a.png").write_bytes(b"\x89PNG")
    (nb.parent / "public" / ".hidden").write_text("no")
    (nb.parent / "data" / "a.csv").write_text("a\n1\n")
    (nb.parent / "data" / "b.csv").write_text("b\n2\n")
    (nb.parent / "data.csv").write_text("x,y\n1,2\n")
    (nb.parent / "img.png").write_bytes(b"png")
    (nb.parent / "unused.txt").write_text("stays home")
    nb.write_text("import cove\n")
    return nb


def paths(nb: Path, cells: list[str], tool: object = None, include: tuple[str, ...] = ()) -> dict[str, str]:
    found = collect_data_files(nb, [(f"cell {i}", c) for i, c in enumerate(cells)], tool, include)
    return {f.path: f.why for f in found.files}


def test_public_tool_include_and_literals(tmp_path: Path) -> None:
    nb = make_folder(tmp_path)
    cells = ['import csv\nrows = list(csv.DictReader(open("data.csv")))',
             'from pathlib import Path\np = Path(__file__).parent / "img.png"',
             'name = "not-there.csv"']
    assert paths(nb, cells) == {
        "data.csv": "named in cell 0", "img.png": "named in cell 1",
        "public/img/a.png": "public/", "public/x.json": "public/",
    }
    assert paths(nb, [], ["data/*.csv"]) == {
        "data/a.csv": "[tool.cove] files", "data/b.csv": "[tool.cove] files",
        "public/img/a.png": "public/", "public/x.json": "public/",
    }
    assert paths(nb, [], include=("data/b.csv", "unused.txt"))["unused.txt"] == "--include"
    assert "unused.txt" not in paths(nb, ['print("unused")'])  # a literal must name the file
    (nb.parent / ".env").write_text("SECRET=1")
    hidden = collect_data_files(nb, [("cell 0", 'open(".env")')])
    assert ".env" not in [f.path for f in hidden.files] and "'.env' (named in cell 0) is a hidden file" in hidden.warnings[0]
    assert ".env" in paths(nb, [], include=(".env",))  # asked for by name: published
    (nb.parent / ".git").mkdir()
    (nb.parent / ".git" / "config").write_text("[core]")
    everything = paths(nb, [], include=("*", "**/*"))
    assert "unused.txt" in everything and not any(p.startswith(".") for p in everything), everything


def test_literal_paths_reads_strings_and_slash_chains() -> None:
    code = 'import pandas as pd\ndf = pd.read_csv("data/x.csv")\np = mo.notebook_location() / "public" / "y.json"\n'
    assert set(literal_paths(code)) >= {"data/x.csv", "public/y.json", "public", "y.json"}
    assert list(literal_paths("this is ( not python")) == []


def test_outside_the_folder_is_refused(tmp_path: Path) -> None:
    nb = make_folder(tmp_path)
    secret = tmp_path / "secret.txt"
    secret.write_text("secret")
    (nb.parent / "public" / "leak.txt").symlink_to(secret)
    (nb.parent / "link.txt").symlink_to(secret)
    found = collect_data_files(nb, [("cell 0", 'open("../secret.txt"); open("link.txt")')])
    assert [f.path for f in found.files] == ["public/img/a.png", "public/x.json"]
    assert any("public/leak.txt is a symlink to outside" in w for w in found.warnings)
    assert any("'../secret.txt' (named in cell 0) is outside" in w for w in found.warnings)
    for pattern in ("../secret.txt", str(secret), "link.txt"):
        with pytest.raises(DataFilesError, match="only files inside"):
            collect_data_files(nb, [], include=(pattern,))
    assert "link.txt" not in folder_files(nb.parent) and "public/leak.txt" not in folder_files(nb.parent)


def test_reserved_names_and_bad_tool_value(tmp_path: Path) -> None:
    nb = make_folder(tmp_path)
    (nb.parent / "web").mkdir()
    (nb.parent / "web" / "page.css").write_text("")
    with pytest.raises(DataFilesError, match="web/page.css: a data file may not be called web"):
        collect_data_files(nb, [], include=("web/*",))
    with pytest.raises(DataFilesError, match="must be a list of glob strings"):
        collect_data_files(nb, [], "data/*.csv")


def test_summary_reports_sizes_and_warns_above_the_budget(tmp_path: Path) -> None:
    nb = make_folder(tmp_path)
    with open(nb.parent / "big.bin", "wb") as f:
        f.truncate(BUDGET + 1)  # sparse: no real disk space
    found = collect_data_files(nb, [("cell 3", 'open("big.bin", "rb")')])
    lines = found.summary()
    assert lines[0].startswith("data files: 3 (25.0 MB)")
    assert "  big.bin (25.0 MB; named in cell 3)" in lines
    assert any(line.startswith("warning: data files total 25.0 MB, above the 25.0 MB budget") for line in lines)
    assert not any("budget" in line for line in collect_data_files(nb, []).summary())


NOTEBOOK = '''import cove

app = cove.App()


@app.cell
def _():
    import cove as mo
    import os
    from pathlib import Path
    return Path, mo, os


@app.cell
def _(Path, mo, os):
    here = (os.getcwd(), str(mo.notebook_location()), str(Path(__file__).parent))
    text = open("data.csv").read().strip()
    here, text
    return


@app.cell
def _():
    open("data/missing.csv")
    return
'''


def test_kernel_runs_in_its_folder_and_names_missing_files(tmp_path: Path) -> None:
    (tmp_path / "data.csv").write_text("a,b")
    before = os.getcwd()
    from cove._runtime.location import working_in

    with working_in(tmp_path):
        session = Session.from_text(NOTEBOOK, "nb.py", lambda _e: None, folder=str(tmp_path))
        session.handle({"type": "run_all"})
    assert os.getcwd() == before
    k = session.kernel
    assert k.globals["here"] == (str(tmp_path), str(tmp_path), str(tmp_path))
    assert k.globals["text"] == "a,b"
    error = k.cells[2].error
    assert error is not None and "data/missing.csv is not among the files published" in error
    assert "public/" in error and "[tool.cove] files" in error and "--include 'data/missing.csv'" in error


def test_missing_note_only_for_the_notebooks_files(tmp_path: Path) -> None:
    inside = FileNotFoundError(2, "No such file", "x.csv")
    assert "x.csv is not among" in (missing_file_note(inside, os.getcwd()) or "")
    assert missing_file_note(FileNotFoundError(2, "No such file", "/etc/nothing"), str(tmp_path)) is None
    assert "outside the notebook's folder" in (missing_file_note(FileNotFoundError(2, "x", "../y.csv"), os.getcwd()) or "")
    assert missing_file_note(KeyError("x"), str(tmp_path)) is None
    assert missing_file_note(inside, None) is None
    # Without a folder (headless use, `cove run`), errors stay as Python wrote them.
    k = Kernel(loads(NOTEBOOK, "nb.py"))
    k.run_all()
    assert "published" not in (k.cells[2].error or "")


def test_page_paths_rewrites_the_real_folder(tmp_path: Path) -> None:
    events = [{"type": "cell_output", "output": {"text/plain": f"PosixPath('{tmp_path}/data.csv')"}}]
    assert page_paths(events, tmp_path) == [
        {"type": "cell_output", "output": {"text/plain": f"PosixPath('{PAGE_FOLDER}/data.csv')"}}]


def test_export_copies_files_and_publishes_no_local_path(tmp_path: Path) -> None:
    nb = make_folder(tmp_path)
    nb.write_text(NOTEBOOK.replace('open("data/missing.csv")', 'open("data/a.csv")'))
    out = tmp_path / "site"
    proc = subprocess.run([sys.executable, "-m", "cove", "export", str(nb), "-o", str(out), "--include", "unused.txt"],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert "cove: data files: 5" in proc.stderr and "unused.txt (10 B; --include)" in proc.stderr
    for rel in ("data.csv", "data/a.csv", "public/x.json", "public/img/a.png", "unused.txt"):
        assert (out / rel).read_bytes() == (nb.parent / rel).read_bytes()
    html = (out / "index.html").read_text()
    config = json.loads(html.split('id="cove-config">', 1)[1].split("</script>", 1)[0])
    assert config["files"]["folder"] == PAGE_FOLDER and config["files"]["sizes"]["data.csv"] == 8
    assert config["files"]["sizes"]["nb.py"] == len(nb.read_bytes())  # open(__file__) works too
    assert f"({PAGE_FOLDER!r}, {PAGE_FOLDER!r}, {PAGE_FOLDER!r})".replace("'", "&#39;") in html
    assert str(tmp_path) not in html


def test_export_refuses_an_include_outside_the_folder(tmp_path: Path) -> None:
    nb = make_folder(tmp_path)
    nb.write_text(NOTEBOOK)
    out = tmp_path / "site"
    proc = subprocess.run([sys.executable, "-m", "cove", "export", str(nb), "-o", str(out), "--include", "../x"],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode != 0 and "only files inside the notebook's folder" in proc.stderr
    assert "Traceback" not in proc.stderr and not out.exists()
