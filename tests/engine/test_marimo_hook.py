"""`python nb.py` on a marimo notebook runs with Cove where marimo is not installed: Cove's
install puts `cove-marimo.pth` in site-packages, whose finder answers `import marimo` only when
no real marimo is importable."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PTH = ROOT / "py" / "cove-marimo.pth"

NOTEBOOK = textwrap.dedent('''\
    import marimo

    __generated_with = "0.25.2"
    app = marimo.App()


    @app.cell
    def _():
        import marimo as mo
        import marimo.ui
        print("alias", mo.__name__, marimo.ui is mo.ui)
        return (mo,)


    @app.cell
    def _(mo):
        n = mo.ui.slider(1, 10, value=4)
        print("value", n.value)
        return (n,)


    if __name__ == "__main__":
        app.run()
    ''')


def _run_with_site(site_dir: Path, script: Path, extra_path: list[Path]) -> subprocess.CompletedProcess[str]:
    """Run `script` in a Python whose site-packages is `site_dir` (its .pth files processed).
    `-S`: this interpreter's own site-packages (where an install of Cove may have put the hook)
    is on the path only as a plain folder, its .pth files not run."""
    import sysconfig

    boot = f"import site, sys, runpy; site.addsitedir({str(site_dir)!r}); sys.argv = [{str(script)!r}]; runpy.run_path({str(script)!r}, run_name='__main__')"
    paths = [*map(str, extra_path), sysconfig.get_paths()["purelib"]]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}
    return subprocess.run([sys.executable, "-S", "-c", boot], capture_output=True, text=True, env=env, cwd=script.parent, timeout=120)


def test_the_pth_hook_runs_a_marimo_notebook_with_cove(tmp_path: Path) -> None:
    site_dir = tmp_path / "site"
    site_dir.mkdir()
    shutil.copy(PTH, site_dir)
    nb = tmp_path / "nb.py"
    nb.write_text(NOTEBOOK)
    done = _run_with_site(site_dir, nb, [ROOT / "py"])
    assert done.returncode == 0, done.stderr
    assert "alias cove True" in done.stdout and "value 4" in done.stdout


def test_without_the_hook_marimo_is_not_found(tmp_path: Path) -> None:
    nb = tmp_path / "nb.py"
    nb.write_text(NOTEBOOK)
    empty = tmp_path / "site"
    empty.mkdir()
    done = _run_with_site(empty, nb, [ROOT / "py"])
    assert done.returncode != 0 and "No module named 'marimo'" in done.stderr


def test_a_real_marimo_always_wins(tmp_path: Path) -> None:
    site_dir = tmp_path / "site"
    site_dir.mkdir()
    shutil.copy(PTH, site_dir)
    real = tmp_path / "real" / "marimo"
    real.mkdir(parents=True)
    (real / "__init__.py").write_text("REAL = True\n")
    script = tmp_path / "probe.py"
    script.write_text("import marimo\nprint('real' if getattr(marimo, 'REAL', False) else 'cove')\n")
    done = _run_with_site(site_dir, script, [ROOT / "py", tmp_path / "real"])
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "real"


@pytest.mark.timeout(300)
def test_an_editable_install_carries_the_hook(tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(env_dir)], check=True)
    python = env_dir / "bin" / "python"
    clean = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    install = subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", "-e", str(ROOT)],
                             capture_output=True, text=True, env=clean)
    if install.returncode != 0:
        pytest.skip(f"pip could not install the worktree here (setuptools from the index?): {install.stderr[-500:]}")
    site_packages = next((env_dir / "lib").glob("python*/site-packages"))
    assert (site_packages / "cove-marimo.pth").exists()
    nb = tmp_path / "nb.py"
    nb.write_text(NOTEBOOK)
    done = subprocess.run([str(python), str(nb)], capture_output=True, text=True, env=clean, cwd=tmp_path, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "value 4" in done.stdout
