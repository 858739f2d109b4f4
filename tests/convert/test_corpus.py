"""The corpus of teaching-style Jupyter notebooks (tests/convert/corpus/): every cell that runs
in plain top-to-bottom CPython runs in Cove after `cove convert`, showing the same thing; and
the converted file, run in file order as a plain script, does what the original did."""
from __future__ import annotations

from pathlib import Path

import pytest

from .corpus import CORPUS, compare, converted_plain_run, jupyter_run

pytest.importorskip("pandas")
pytest.importorskip("matplotlib")

NOTEBOOKS = sorted(CORPUS.glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_cell_that_runs_in_jupyter_runs_in_cove_with_the_same_output(path: Path) -> None:
    result = compare(path)
    assert result.differences == []
    assert result.same == result.cove_ok == result.jupyter_ok > 0


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_converted_notebook_as_a_plain_script_does_what_the_original_did(path: Path) -> None:
    original, converted = jupyter_run(path), converted_plain_run(path)
    assert [(r.ok, r.console, r.shown) for r in converted] == [
        (r.ok, r.console, r.shown) for r in original]


def test_the_corpus_has_what_the_issue_asks_for() -> None:
    text = "".join(p.read_text() for p in NOTEBOOKS)
    for feature in ("x = x * 2", 'df[\\"c\\"] =', "not_a_real_package_xyz", "pd.eval(",
                    "@threshold", "np.cos(x));", "%matplotlib inline", "%timeit"):
        assert feature in text, feature
    # some Jupyter cells fail in CPython too (a missing package): the rest must still run
    assert not all(r.ok for r in jupyter_run(CORPUS / "failing_import.ipynb"))
