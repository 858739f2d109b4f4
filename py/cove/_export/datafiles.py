"""Which files of the notebook's folder travel with an export, and the checks they pass.

A file travels when it is
  - under `public/` next to the notebook (marimo's convention),
  - matched by a glob of `[tool.cove] files = [...]` in the PEP 723 header,
  - matched by an `--include GLOB` given at export,
  - named by a string literal of the code that is a relative path of an existing file of the
    folder (`open("data.csv")`, `pd.read_csv("data/x.csv")`, `Path(__file__).parent / "img.png"`).
Nothing outside the folder ever travels: a glob with `..` or an absolute path, and a file whose
real path (symlinks followed) leaves the folder, are refused; asked for explicitly (a glob) that is
an error, found implicitly (public/, a literal) it is a warning and the file stays home.
The site keeps each file at its path relative to the notebook, which is the page's folder in
Pyodide's file system too (cove/_runtime/location.py), so the same relative paths work.
"""
from __future__ import annotations

import ast
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Iterable, Iterator

from .._errors import CoveError
from .._runtime.location import PAGE_FOLDER

__all__ = [
    "BUDGET", "DataFile", "DataFiles", "DataFilesError", "RESERVED", "collect_data_files",
    "copy_data_files", "files_config", "folder_files", "literal_paths", "named_files",
]

# Above this many bytes in all, the export warns: large files are fetched only when the notebook
# opens them, but the host must still carry them, and a --single-file page carries every byte.
BUDGET = 25 << 20
# Names of the site's own files and folders (site.py): a data file may not take their place.
RESERVED = frozenset({"index.html", "pyodide-lock.json", "cove-embed.js", ".nojekyll", "pyodide", "web", "wheels"})
# Folders that are never data: caches, environments, version control.
_SKIP_DIRS = frozenset({"__pycache__", "__cove__", "node_modules", ".git", ".venv", "venv"})
_MAX_LITERAL = 255


class DataFilesError(CoveError):
    pass


@dataclass(frozen=True)
class DataFile:
    path: str  # relative to the notebook's folder, "/"-separated
    size: int
    why: str  # "public/", "[tool.cove] files", "--include", "named in cell 2"


@dataclass
class DataFiles:
    files: list[DataFile] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(f.size for f in self.files)

    def manifest(self) -> dict[str, int]:
        """{relative path: size}: what the page mounts (lazily) in its folder."""
        return {f.path: f.size for f in self.files}

    def summary(self) -> list[str]:
        """Lines for the export's report: each file, its size and why it travels, then warnings."""
        from .progress import human_size

        lines = [f"data files: {len(self.files)} ({human_size(self.total)})"] if self.files else []
        lines += [f"  {f.path} ({human_size(f.size)}; {f.why})" for f in self.files]
        if self.total > BUDGET:
            lines.append(
                f"warning: data files total {human_size(self.total)}, above the {human_size(BUDGET)} "
                "budget; the page fetches each file only when the notebook opens it, but the site "
                "(and a --single-file page) carries them all"
            )
        return lines + [f"warning: {w}" for w in self.warnings]


def collect_data_files(
    notebook: Path, cells: Iterable[tuple[str, str]], tool_files: Any = None, include: Iterable[str] = (),
) -> DataFiles:
    """The files that travel with `notebook`; `cells` are (label, code) of its cells ("cell 2",
    "the setup cell"); `tool_files` the `[tool.cove] files` value of its header."""
    folder = notebook.resolve().parent
    found: dict[str, DataFile] = {}
    result = DataFiles()

    def add(path: Path, why: str) -> None:
        # `path` as the notebook names it (a symlink inside the folder keeps its own name).
        rel = PurePosixPath(os.path.normpath(path.relative_to(folder))).as_posix()
        if _inside(folder, rel) is None:  # a symlink deeper down that leads out
            result.warnings.append(_outside(path, folder))
        elif rel not in found and rel != notebook.name:
            found[rel] = DataFile(rel, path.stat().st_size, why)

    for path, problem in _walk(folder / "public", folder):
        if problem:
            result.warnings.append(problem)
        else:
            add(path, "public/")
    for patterns, why in ((_tool_patterns(tool_files, notebook), "[tool.cove] files"), (list(include), "--include")):
        for pattern in patterns:
            matched = _glob(folder, pattern, why)
            if not matched:
                result.warnings.append(f"{why} {pattern!r} matches no file next to {notebook.name}")
            for path in matched:
                add(path, why)
    for where, text in cells:
        for literal in literal_paths(text):
            target = _inside(folder, literal)
            if target is None:
                if not os.path.isabs(literal) and (folder / literal).exists():
                    result.warnings.append(
                        f"{literal!r} (named in {where}) is outside {notebook.name}'s folder: not exported")
                continue
            if not target.is_file():
                continue
            if any(part.startswith(".") for part in PurePosixPath(os.path.normpath(literal)).parts):
                # `.env`, `.git/…`: too likely to be secrets to publish because code names them
                result.warnings.append(
                    f"{literal!r} (named in {where}) is a hidden file: not exported (--include it to publish it)")
                continue
            add(folder / literal, f"named in {where}")
    for f in found.values():
        if f.path.split("/")[0] in RESERVED:
            raise DataFilesError(
                f"{f.path}: a data file may not be called {f.path.split('/')[0]} in the site's root "
                f"(the site's own files use that name); rename or move it")
    result.files = sorted(found.values(), key=lambda f: f.path)
    return result


def folder_files(folder: Path, limit: int = 5000) -> dict[str, int]:
    """{relative path: size} of the files of `folder` a notebook may read in `cove edit` (hidden
    names, caches and symlinks that lead out skipped), at most `limit` of them."""
    folder = folder.resolve()
    found: dict[str, int] = {}
    for path, problem in _walk(folder, folder):
        if len(found) >= limit:
            break
        if problem is None and _inside(folder, path.relative_to(folder).as_posix()) is not None:
            found[path.relative_to(folder).as_posix()] = path.stat().st_size
    return found


def copy_data_files(folder: Path, data: DataFiles, site: Path) -> None:
    """Each file at its relative path in the site (the site's root is the notebook's folder)."""
    for f in data.files:
        dest = site / f.path
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(folder / f.path, dest)  # the bytes, not the mode or a symlink


def files_config(manifest: dict[str, int], base: str = "./") -> dict[str, Any]:
    """The page config's `files`: where the notebook runs and which files it finds there, each
    fetched from `base` + its path on first open (web/src/files.ts)."""
    return {"folder": PAGE_FOLDER, "base": base, "sizes": manifest}


def named_files(text: str) -> list[str]:
    """The relative paths of files a notebook names by a literal (a last part with an
    extension: "data.csv", "public/x.json"), for a page that cannot list the notebook's folder
    (a notebook linked by URL, not exported: web/src/files.ts asks the server for each)."""
    from .._notebook import loads

    try:
        nb = loads(text)
    except CoveError:
        return []
    names: set[str] = set()
    nbfile = nb.to_file()
    for cell in [*nbfile.cells, *([nbfile.setup] if nbfile.setup else [])]:
        for path in literal_paths(cell.code):
            parts = PurePosixPath(path).parts
            if (not os.path.isabs(path) and ".." not in parts and ":" not in path
                    and re.fullmatch(r"[^/]+\.[A-Za-z0-9]{1,8}", parts[-1])):
                names.add(PurePosixPath(os.path.normpath(path)).as_posix())
    return sorted(names)


def literal_paths(code: str) -> Iterator[str]:
    """Relative paths a cell names with string literals: every string constant, and the strings
    of a `/` chain (`Path(__file__).parent / "data" / "x.csv"` names "data/x.csv")."""
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return
    seen: set[str] = set()
    for node in ast.walk(tree):
        for text in _strings(node):
            if text not in seen and _looks_like_path(text):
                seen.add(text)
                yield text


def _strings(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
        parts: list[str] = []
        while isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
            if not (isinstance(node.right, ast.Constant) and isinstance(node.right.value, str)):
                break
            parts.insert(0, node.right.value)
            node = node.left
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            parts.insert(0, node.value)
        return ["/".join(parts)] if len(parts) > 1 else []
    return []


def _looks_like_path(text: str) -> bool:
    return 0 < len(text) <= _MAX_LITERAL and text.strip() == text and text not in (".", "./") and not any(
        c in text for c in "\n\r\t\0*?<>|\"")


def _inside(folder: Path, rel: str) -> Path | None:
    """`folder/rel` with symlinks resolved, when that stays inside `folder`; None otherwise."""
    if os.path.isabs(rel) or "\\" in rel:
        return None
    try:
        target = (folder / rel).resolve()
    except (OSError, RuntimeError):
        return None
    return target if target == folder or folder in target.parents else None


def _walk(top: Path, folder: Path) -> Iterator[tuple[Path, str | None]]:
    """Every file under `top` (hidden names and caches skipped), or a problem for a symlink that
    leads out of `folder`."""
    if not top.is_dir():
        return
    if _inside(folder, top.relative_to(folder).as_posix()) is None:
        yield top, _outside(top, folder)
        return
    for root, dirs, names in os.walk(top, followlinks=False):
        here = Path(root)
        for name in sorted(dirs):
            if name.startswith(".") or name in _SKIP_DIRS:
                dirs.remove(name)
            elif (here / name).is_symlink():
                dirs.remove(name)
                target = _inside(folder, (here / name).relative_to(folder).as_posix())
                if target is None:
                    yield here / name, _outside(here / name, folder)
                else:
                    yield from ((here / name / p.relative_to(target), None) for p in _files_below(target))
        for name in sorted(names):
            if name.startswith("."):
                continue
            path = here / name
            target = _inside(folder, path.relative_to(folder).as_posix())
            if target is None:
                yield path, _outside(path, folder)
            elif target.is_file():
                yield path, None


def _files_below(folder: Path) -> Iterator[Path]:
    for root, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".") and d not in _SKIP_DIRS]
        yield from (Path(root) / n for n in sorted(names) if not n.startswith("."))


def _outside(path: Path, folder: Path) -> str:
    return f"{path.relative_to(folder).as_posix()} is a symlink to outside the notebook's folder: not exported"


def _glob(folder: Path, pattern: str, why: str) -> list[Path]:
    parts = PurePosixPath(pattern.replace("\\", "/")).parts
    if os.path.isabs(pattern) or pattern.startswith("/") or ".." in parts:
        raise DataFilesError(
            f"{why} {pattern!r}: only files inside the notebook's folder can be exported "
            "(no absolute paths, no '..')")
    matched = []
    # `*` matches hidden names in pathlib; only a pattern that spells one out may take them.
    hidden_ok = any(part.startswith(".") for part in parts)
    for path in sorted(folder.glob(pattern)):
        if not hidden_ok and any(p.startswith(".") or p in _SKIP_DIRS for p in path.relative_to(folder).parts):
            continue
        target = _inside(folder, path.relative_to(folder).as_posix())
        if target is None:
            raise DataFilesError(
                f"{why} {pattern!r}: {path.relative_to(folder).as_posix()} is a symlink to outside "
                "the notebook's folder; only files inside it can be exported")
        if target.is_file():
            matched.append(path)
        elif target.is_dir():
            matched.extend(path / p.relative_to(target) for p in _files_below(target))
    return matched


def _tool_patterns(value: Any, notebook: Path) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise DataFilesError(f"{notebook}: `[tool.cove] files` must be a list of glob strings, like [\"data/*.csv\"]")
    return list(value)
