"""`cove convert`: a Jupyter or marimo notebook in, the text of a Cove notebook file out.

The output is built as data (`NotebookFile` of `CellSource`s) and written by the engine's own
serializer, so cell code is never spliced into Python source by hand. The result is then loaded
and analysed like `cove check` would, and its findings are returned with it.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from typing import Any

from .._analysis import analyze
from .._errors import NotebookError
from .._file.model import CellConfig, CellSource, NotebookFile
from .._file.serialize import serialize
from .ipynb import IpynbCell, IpynbNotebook, read_ipynb
from .magics import strip_magics
from .markdown import markdown_of, md_cell_code, module_aliases
from .reactive import make_reactive

__all__ = ["ConvertResult", "convert_file", "convert_ipynb", "convert_notebook_py"]


@dataclass
class ConvertResult:
    text: str
    # What the conversion changed or could not do, one line each (printed on stderr).
    warnings: list[str] = field(default_factory=list)
    # `cove check` findings of the result, as `file:line: CODE message`.
    findings: list[str] = field(default_factory=list)
    cells: int = 0
    # For each cell of the result, the index of the Jupyter cell (in the .ipynb's `cells`) it
    # came from; None for a cell convert added. Empty for a marimo file.
    sources: list[int | None] = field(default_factory=list)


def convert_file(path: str | os.PathLike[str], output_name: str | None = None) -> ConvertResult:
    """Convert the notebook at `path` (`.ipynb`, or a marimo/Cove `.py`)."""
    from .._file.read import read_bytes

    filename = os.fspath(path)
    data = read_bytes(filename)
    output_name = output_name or os.path.splitext(os.path.basename(filename))[0] + ".py"
    if filename.lower().endswith(".ipynb") or data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return convert_ipynb(data, filename, output_name)
    from .._file.read import decode_notebook

    return convert_notebook_py(decode_notebook(data, filename), filename, output_name)


def convert_notebook_py(text: str, filename: str, output_name: str) -> ConvertResult:
    """A marimo (or Cove) file re-serialized as a Cove file: `import cove`, `cove.App`; cells
    that `import marimo as mo` keep working because `marimo` resolves to Cove."""
    from .._file.parse import parse

    nbfile = parse(text, filename)
    # Older marimo names anonymous cells `__`; Cove (and newer marimo) writes `_`.
    cells = tuple(replace(c, name="_") if re.fullmatch("_+", c.name) else c for c in nbfile.cells)
    out = replace(nbfile, import_name="cove", generated_with=None, cells=cells)
    return _checked(ConvertResult(serialize(out)), output_name)


def convert_ipynb(data: bytes, filename: str, output_name: str) -> ConvertResult:
    """A Jupyter notebook as a Cove file: cells and Markdown cells, IPython lines as comments,
    `pip install`s as dependencies, then the code made to run reactively (`reactive`). A
    notebook that Cove exported is already reactive: its cells come back as they were."""
    nb = read_ipynb(data, filename)
    setup, cells, origins, magics, packages, md_cells = _cells(nb)
    alias, import_cell = _md_alias([c.code for c in cells])
    if md_cells:
        for i in md_cells:
            if cells[i].code.startswith("mo.md(") and alias != "mo":
                cells[i] = replace(cells[i], code=alias + cells[i].code[2:])
        if import_cell:
            cells.insert(0, CellSource(f"import cove as {alias}" if alias != "cove" else "import cove"))
            origins.insert(0, None)
    notes: list[str] = []
    if not nb.cove:
        reactive = make_reactive(cells, origins)
        cells, origins, notes = reactive.cells, reactive.origins, reactive.notes
    warnings = [f"{filename}: cell {_holding(cells, origins, origin, magic)}: IPython syntax "
                f"kept as a comment: {magic}" for origin, magic in magics]
    header = _header(nb, packages, filename)
    if packages:
        warnings.append(f"{filename}: added to the PEP 723 dependencies: {', '.join(packages)}")
    warnings += [f"{filename}: {note}" for note in notes]
    out = NotebookFile(header=header, import_name="cove", app_options=_app_options(nb),
                       setup=setup, cells=tuple(cells))
    return _checked(ConvertResult(serialize(out), warnings, sources=origins), output_name)


def _holding(cells: list[CellSource], origins: list[int | None], origin: int, line: str) -> int:
    """The cell that holds a Jupyter cell's commented IPython `line` (cells may be split)."""
    parts = [i for i, o in enumerate(origins) if o == origin]
    return next((i for i in parts if line in cells[i].code), parts[0])


def _cells(nb: IpynbNotebook) -> tuple[CellSource | None, list[CellSource], list[int | None],
                                       list[tuple[int, str]], list[str], list[int]]:
    """The setup cell (only from a Cove export's metadata), the cells, the Jupyter cell each
    came from, the IPython lines found (Jupyter cell index, line), the `pip install`
    requirements, and which cells came from Markdown."""
    setup: CellSource | None = None
    cells: list[CellSource] = []
    origins: list[int | None] = []
    magics: list[tuple[int, str]] = []
    packages: list[str] = []
    md_cells: list[int] = []
    for index, jc in enumerate(nb.cells):
        meta = jc.cove
        if not jc.source.strip():
            continue  # Jupyter's trailing empty cells carry nothing
        if jc.cell_type == "markdown":
            md_cells.append(len(cells))
            hide = bool(meta.get("hide_code", True))
            cells.append(CellSource(_md_code(jc), config=CellConfig(hide_code=hide)))
            origins.append(index)
            continue
        if jc.cell_type == "raw":  # text for nbconvert, not code: kept, as comments
            cells.append(CellSource("\n".join("# " + line if line else "#"
                                              for line in jc.source.split("\n"))))
            origins.append(index)
            continue
        code = jc.source
        if meta.get("kind") != "unparsable":  # a Cove export's unparsable cell stays as it was
            stripped = strip_magics(code)
            code = stripped.code
            magics += [(index, m) for m in stripped.magics]
            packages += [p for p in stripped.packages if p not in packages]
        config = CellConfig(hide_code=jc.hide_code, disabled=bool(meta.get("disabled")))
        if meta.get("setup") and setup is None and not cells:
            setup = CellSource(code, name="setup", config=config)
            continue
        name = meta.get("name")
        kind = meta.get("kind") if meta.get("kind") in ("function", "class") else "cell"
        cells.append(CellSource(code, name=name if isinstance(name, str) and name else "_",
                                kind=kind, config=config))
        origins.append(index)
    return setup, cells, origins, magics, packages, md_cells


def _md_code(jc: IpynbCell) -> str:
    """The cell for a Markdown cell: a Cove export's original code when it still renders this
    very text (the Markdown was not edited since), else `mo.md(r\"\"\"...\"\"\")`."""
    original = jc.cove.get("code")
    md = markdown_of(original) if isinstance(original, str) else None
    if md is not None and md.strip() == jc.source.strip():
        return original
    return md_cell_code(jc.source, "mo")


def _md_alias(codes: list[str]) -> tuple[str, bool]:
    """The name Markdown cells call `.md` on, and whether an import cell must be added for it."""
    aliases = module_aliases(codes)
    if "mo" in aliases:
        return "mo", False
    defined = set().union(*(analyze(code).defs for code in codes)) if codes else set()
    # A notebook that uses `mo` for something else gets `cove.md(...)` instead.
    alias = "mo" if "mo" not in defined else "cove"
    return alias, alias not in aliases


def _header(nb: IpynbNotebook, packages: list[str], filename: str) -> str:
    """A Cove export's header (comments only, so it cannot break the file), with `pip install`
    requirements added to its PEP 723 dependencies."""
    from .._export.pep723 import read_script_metadata, write_dependencies

    header = nb.cove.get("header")
    if not isinstance(header, str) or not all(
            not line.strip() or line.lstrip().startswith("#") for line in header.split("\n")):
        header = ""
    if header and not header.endswith("\n"):
        header += "\n"
    if not packages:
        return header
    try:
        deps = list(read_script_metadata(header, filename)["dependencies"])
    except NotebookError:
        return header  # a broken block from metadata: leave it to the user
    known = {_canonical(d) for d in deps}
    deps += [p for p in packages if _canonical(p) not in known]
    return write_dependencies(header, deps, filename)


def _canonical(requirement: str) -> str:
    name = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement)
    return re.sub(r"[-_.]+", "-", name.group(1)).lower() if name else requirement


def _app_options(nb: IpynbNotebook) -> dict[str, Any]:
    """`App(...)` options from a Cove export's metadata: identifiers to JSON literals only."""
    app = nb.cove.get("app")
    if not isinstance(app, dict):
        return {}
    return {k: v for k, v in app.items() if isinstance(k, str) and k.isidentifier()
            and isinstance(v, (str, int, float, bool, list, type(None)))}


def _checked(result: ConvertResult, filename: str) -> ConvertResult:
    """`result` with the `cove check` findings of its text (as `file:line: CODE message`)."""
    from .._notebook import loads
    from .._runtime.kernel import Kernel
    from .._lint import CODES

    kernel = Kernel(loads(result.text, filename), in_notebook=False)
    found: list[tuple[int, str]] = []
    for c in ([kernel.setup] if kernel.setup is not None else []) + kernel.cells:
        error = kernel.graph.errors.get(c.id)
        if error is not None:
            line = c.lineno or 1
            if c.analysis.syntax_error is not None:
                line += c.analysis.syntax_error[0] - 1
            found.append((line, f"{CODES.get(error.kind, 'E000')} {error.message}"))
    result.findings = [f"{filename}:{line}: {message}" for line, message in sorted(found)]
    result.cells = len(kernel.cells)
    return result
