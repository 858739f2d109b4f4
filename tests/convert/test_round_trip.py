"""Property: `cove convert` of `cove export --to ipynb` gives back every cell of a valid notebook
(but empty ones: like Jupyter's trailing empty cells, they carry nothing and are dropped)."""
from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

import cove
from cove._convert.convert import convert_file
from cove._convert.markdown import md_cell_code
from cove._export.formats import export_file
from cove._file.model import CellConfig, CellSource, NotebookFile
from cove._file.serialize import serialize

SNIPPETS = [
    "a = 1", "b = a + 1\nb", "# only a comment", "", "print('hi')\n", "def f(x):\n    return x\n",
    "import math as m\nm.pi", "c = [i for i in range(3)]\n\n\nc", "x = = 1", "s = '''\n%pip x\n'''",
    "\tt = 1", "await_ = 2", "@app.cell\ndef g():\n    pass",
]
markdown = st.text(alphabet=st.sampled_from(list("ab #*_`$\\\"'\n")), min_size=1, max_size=30)
cell = st.one_of(
    st.sampled_from(SNIPPETS).map(lambda code: ("code", code)),
    markdown.filter(lambda t: t.strip()).map(lambda text: ("md", md_cell_code(text))),
)


@settings(max_examples=40, deadline=None)
@given(st.lists(cell, max_size=6, unique=True), st.booleans(), st.booleans())
def test_export_then_convert_gives_back_the_cells(cells: list[tuple[str, str]], hide: bool,
                                                   disabled: bool) -> None:
    sources = [CellSource("import cove as mo")] + [
        CellSource(code, config=CellConfig(hide_code=hide and i % 2 == 0, disabled=disabled and i == 1))
        for i, (_kind, code) in enumerate(cells)]
    text = serialize(NotebookFile(header="# a header\n", setup=CellSource("import os", name="setup"),
                                  cells=tuple(sources)))
    with tempfile.TemporaryDirectory() as tmp:
        nb_path = Path(tmp) / "nb.py"
        nb_path.write_text(text)
        ipynb = export_file(nb_path, Path(tmp) / "nb.ipynb", "ipynb", prerender=False)
        back = convert_file(ipynb)
    before, after = cove.loads(text), cove.loads(back.text)
    kept = [(c.code, c.config) for c in before.cells if c.code.strip()]
    assert [(c.code, c.config) for c in after.cells] == kept
    assert after.setup is not None and after.setup.code == "import os"
    assert after.file.header == "# a header\n"
