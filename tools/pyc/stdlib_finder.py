"""The rest of the standard library, on first import (Cove: tools/stdlib_trim.py).

This page's Python starts from a trimmed standard library: the modules a Cove boot imports,
precompiled. This module, imported by Python at start-up as `sitecustomize`, puts a finder last
on sys.meta_path so that every other standard-library module still imports as in stock Pyodide:
on the first import of one the trimmed zip lacks, it fetches the rest of the standard library,
stdlib-rest.zip (every file of Pyodide's python_stdlib.zip the trimmed zip lacks; once,
synchronously, which a Web Worker may do; its URL is in $COVE_STDLIB_REST), writes it next to the
trimmed one, puts it on sys.path after it, and finds the module there. Packages that were imported
from the trimmed zip get the rest zip's copy of their folder on their __path__, so their missing
submodules are found too. Names that are not in Pyodide's standard library are never fetched for:
an `import numpy` before numpy is installed fails at once, as it would anyway.
"""
import sys

_NAMES = "__NAMES__"  # every module and package of python_stdlib.zip, written in by the build
_ENV = "COVE_STDLIB_REST"


class CoveStdlibFinder:
    def __init__(self, trimmed: str) -> None:
        self.trimmed = trimmed  # the trimmed zip, as on sys.path ("/lib/python314.zip")
        self.rest = trimmed[: -len(".zip")] + "-rest.zip"
        self.names = frozenset(_NAMES.split())
        self.mounted = False

    def find_spec(self, fullname, path=None, target=None):
        if fullname not in self.names:
            return None
        if not self.mounted:
            self._mount(fullname)
        if path is not None:
            # A submodule: its parent package came from the trimmed zip; add the rest zip's copy
            # of the package's folder to its __path__ (in place, so siblings are found later).
            for entry in list(path):
                if isinstance(entry, str) and entry.startswith(self.trimmed + "/"):
                    twin = self.rest + entry[len(self.trimmed):]
                    if twin not in path:
                        path.append(twin)
        from importlib.machinery import PathFinder

        return PathFinder.find_spec(fullname, path, target)

    def _mount(self, fullname: str) -> None:
        import os

        url = os.environ.get(_ENV)
        if not url:
            raise ModuleNotFoundError(
                f"No module named {fullname!r}: this page's standard library is trimmed, and "
                f"${_ENV} does not say where the rest of it is", name=fullname)
        try:
            data = _fetch(url)
        except Exception as exc:  # noqa: BLE001 - any failure is reported on the import
            raise ImportError(
                f"{fullname!r} is part of Python's standard library, which this page fetches on "
                f"first use, but fetching {url} failed: {exc}", name=fullname) from None
        with open(self.rest, "wb") as f:
            f.write(data)
        at = sys.path.index(self.trimmed) + 1 if self.trimmed in sys.path else len(sys.path)
        sys.path.insert(at, self.rest)
        sys.path_importer_cache.pop(self.rest, None)
        self.mounted = True


def _fetch(url: str) -> bytes:
    import js  # type: ignore[import-not-found]

    if hasattr(js, "XMLHttpRequest"):
        xhr = js.XMLHttpRequest.new()
        xhr.open("GET", url, False)
        xhr.responseType = "arraybuffer"
        xhr.send(None)
        if xhr.status not in (0, 200):
            raise OSError(f"HTTP {xhr.status} {xhr.statusText}")
        return js.Uint8Array.new(xhr.response).to_bytes()
    # Pyodide under Node (the tests): a file path or file: URL.
    path = url[len("file://"):] if url.startswith("file://") else url
    read = js.Function.new("p", "return new Uint8Array(process.getBuiltinModule('fs').readFileSync(p))")
    return read(path).to_bytes()


def _install() -> None:
    import os

    trimmed = os.path.dirname(__file__)
    if trimmed.endswith(".zip") and not any(type(f).__name__ == "CoveStdlibFinder" for f in sys.meta_path):
        sys.meta_path.append(CoveStdlibFinder(trimmed))


_install()
