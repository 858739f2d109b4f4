"""Rewrite zip archives with their Python modules compiled to .pyc, inside Pyodide's own Python
(`node tools/pyc/pyodide.mjs tools/pyc/compile.py JOB.json`): only that interpreter writes the
bytecode (magic number, marshal format) that Pyodide's interpreter loads.

JOB.json (host paths, absolute): {"optimize": 0, "docstrings": true, "archives": [{
    "in": "/…/python_stdlib.zip",       the archive to read
    "out": "/…/stdlib-boot.zip",        the archive to write (deterministic: fixed dates, order)
    "root": "/lib/python314.zip",      where the archive's members live at run time: the file
                                        name tracebacks show for a module (co_filename)
    "layout": "sourceless" | "cache",   sourceless: `a/b.py` becomes `a/b.pyc` (zipimport, and
                                        FileFinder in site-packages, load it); cache: `a/b.py`
                                        stays and `a/__pycache__/b.<tag>.pyc` is added
    "select": ["json/__init__.py", …] | null,  members to keep (null: all); others are dropped
    "compile": ["json/__init__.py", …] | null,  members to compile (null: every kept .py); the
                                        other members are kept as they are
    "extra": {"sitecustomize.py": "source"}   modules to add (always compiled)
}]}
A wheel's RECORD file (*.dist-info/RECORD) is rewritten to list the archive as written.
The .pyc files are unchecked-hash pycs: the interpreter never compares them with a source file
(there is none in a sourceless archive; a wheel's sources are unpacked with fresh dates).
Prints one JSON line: {"magic": hex, "cache_tag": str, "archives": [{"out", "modules", "bytes"}]}.
"""
from __future__ import annotations

import ast
import base64
import hashlib
import importlib.util
import json
import sys
import zipfile
from importlib._bootstrap_external import _code_to_hash_pyc  # type: ignore[attr-defined]

HOST = "/host"
DATE = (1980, 1, 1, 0, 0, 0)


def pyc(source: bytes, filename: str, optimize: int, docstrings: bool = True) -> bytes:
    tree: object = source
    if not docstrings:
        tree = ast.parse(source, filename)
        _strip_docstrings(tree)
    code = compile(tree, filename, "exec", dont_inherit=True, optimize=optimize)  # type: ignore[call-overload]
    return bytes(_code_to_hash_pyc(code, importlib.util.source_hash(source), checked=False))


def _strip_docstrings(tree: ast.AST) -> None:
    """What -OO drops, without dropping asserts too: every docstring becomes None."""
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if not isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) or not body:
            continue
        first = body[0]
        if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
            body[0] = ast.copy_location(ast.Pass(), first) if len(body) == 1 else body[0]
            if len(body) > 1:
                del body[0]


def entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


def record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def rewrite(job: dict, archive: dict) -> dict:
    optimize = int(job.get("optimize", 0))
    root = archive["root"].rstrip("/")
    select = set(archive["select"]) if archive.get("select") is not None else None
    extra = dict(archive.get("extra", {}))
    chosen = archive.get("compile")
    tag = sys.implementation.cache_tag
    members: list[tuple[str, bytes]] = []
    with zipfile.ZipFile(HOST + archive["in"]) as zin:
        for info in zin.infolist():
            if info.is_dir() or (select is not None and info.filename not in select):
                continue
            members.append((info.filename, zin.read(info)))
    members += [(name, text.encode()) for name, text in sorted(extra.items())]
    to_compile = {n for n, _ in members if n.endswith(".py")} if chosen is None else set(chosen) | set(extra)
    out: list[tuple[str, bytes]] = []
    compiled = 0
    for name, data in members:
        if name not in to_compile:
            out.append((name, data))
            continue
        code = pyc(data, f"{root}/{name}", optimize, job.get("docstrings", True))
        compiled += 1
        if archive["layout"] == "sourceless":
            out.append((name + "c", code))
        else:
            folder, _, stem = name[:-3].rpartition("/")
            out.append((name, data))
            out.append((f"{folder + '/' if folder else ''}__pycache__/{stem}.{tag}.pyc", code))
    records = [n for n, _ in out if n.endswith(".dist-info/RECORD")]
    if records:
        record = records[0]
        lines = [record_line(n, d) for n, d in out if n != record] + [f"{record},,"]
        out = [(n, d) if n != record else (n, ("\n".join(lines) + "\n").encode()) for n, d in out]
    with zipfile.ZipFile(HOST + archive["out"], "w", compresslevel=9) as zout:
        for name, data in out:
            zout.writestr(entry(name), data)
    return {"out": archive["out"], "modules": compiled}


def main() -> None:
    with open(HOST + sys.argv[1]) as f:
        job = json.load(f)
    results = [rewrite(job, a) for a in job["archives"]]
    print(json.dumps({
        "magic": importlib.util.MAGIC_NUMBER.hex(),
        "cache_tag": sys.implementation.cache_tag,
        "version": sys.version.split()[0],
        "archives": results,
    }))


if __name__ == "__main__":
    main()
