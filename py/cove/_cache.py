"""`cache`, `lru_cache` and `persistent_cache`: marimo's memoizing decorators.

`cache`/`lru_cache` keep results in memory, keyed by the arguments (hashable ones by value,
others by their pickle). `persistent_cache` also writes each result to disk (`save_path`,
default `__marimo__/cache/` next to the notebook, pickled), so it survives a restart; in the
browser that folder lives in Pyodide's file system, which the page may mount on IndexedDB.

Used as a context manager (`with cove.cache("name"):`), the block always runs: Python gives no
portable way to skip a `with` body, so there it only names the block.
"""
from __future__ import annotations

import functools
import hashlib
import os
import pickle
from collections import OrderedDict
from pathlib import Path
from typing import Any, Callable, TypeVar

from ._runtime.api import notebook_location

__all__ = ["cache", "lru_cache", "persistent_cache"]

F = TypeVar("F", bound=Callable[..., Any])
_MISSING = object()


def _key(args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    try:
        key = (args, tuple(sorted(kwargs.items())))
        hash(key)
        return key
    except TypeError:
        return hashlib.sha256(pickle.dumps((args, sorted(kwargs.items())))).hexdigest()


class _Memo:
    """One memoized function: `hits`/`misses` counters and `cache_clear()`, like functools."""

    def __init__(self, fn: Callable[..., Any], maxsize: int | None, store: Path | None) -> None:
        self.fn = fn
        self.maxsize = maxsize
        self.store = store
        self.results: OrderedDict[Any, Any] = OrderedDict()
        self.hits = self.misses = 0
        functools.update_wrapper(self, fn)  # type: ignore[arg-type]

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        key = _key(args, kwargs)
        value = self.results.get(key, _MISSING)
        if value is _MISSING and self.store is not None:
            value = self._load(key)
        if value is not _MISSING:
            self.hits += 1
            self.results[key] = value
            self.results.move_to_end(key)
            return value
        self.misses += 1
        value = self.fn(*args, **kwargs)
        self.results[key] = value
        if self.maxsize is not None and len(self.results) > self.maxsize:
            self.results.popitem(last=False)
        if self.store is not None:
            self._save(key, value)
        return value

    def _path(self, key: Any) -> Path:
        # The function's code is part of the key: an edited function never reads old results.
        code = getattr(self.fn, "__code__", None)
        body = (code.co_code, repr(code.co_consts)) if code is not None else ()
        digest = hashlib.sha256(pickle.dumps((key, body))).hexdigest()[:32]
        assert self.store is not None
        return self.store / f"{self.fn.__qualname__}-{digest}.pickle"

    def _load(self, key: Any) -> Any:
        try:
            return pickle.loads(self._path(key).read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, pickle.PicklingError):
            return _MISSING

    def _save(self, key: Any, value: Any) -> None:
        try:
            path = self._path(key)
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            tmp.write_bytes(pickle.dumps(value))
            tmp.replace(path)
        except (OSError, pickle.PicklingError, TypeError, AttributeError):
            pass  # an unpicklable result stays cached in memory only

    def cache_clear(self) -> None:
        self.results.clear()
        self.hits = self.misses = 0

    def cache_info(self) -> functools._CacheInfo:  # type: ignore[name-defined]
        return functools._CacheInfo(self.hits, self.misses, self.maxsize, len(self.results))  # type: ignore[attr-defined]


class _Block:
    """`with cache("name"):` — the block runs every time (see the module docstring); used as a
    decorator (`@cache("name")`), it memoizes the function."""

    def __init__(self, name: str, maxsize: int | None, store: Path | None) -> None:
        self.name = name
        self._settings = (maxsize, store)

    def __call__(self, fn: Callable[..., Any]) -> _Memo:
        return _Memo(fn, *self._settings)

    def __enter__(self) -> _Block:
        return self

    def __exit__(self, *exc: Any) -> None:
        return None


def _decorate(name: Any, maxsize: int | None, store: Path | None) -> Any:
    if callable(name):
        return _Memo(name, maxsize, store)
    if isinstance(name, str):
        return _Block(name, maxsize, store)
    return lambda fn: _Memo(fn, maxsize, store)


def cache(name: str | Callable[..., Any] | None = None, *args: Any, pin_modules: bool = False,
          loader: Any = None, **kwargs: Any) -> Any:
    """Memoize a function in memory, unbounded: `@cache`, `@cache()`."""
    del args, pin_modules, loader, kwargs
    return _decorate(name, None, None)


def lru_cache(name: str | Callable[..., Any] | None = None, maxsize: int = 128, *args: Any,
              pin_modules: bool = False, **kwargs: Any) -> Any:
    """Memoize a function in memory, keeping the `maxsize` most recently used results."""
    del args, pin_modules, kwargs
    return _decorate(name, maxsize, None)


def _default_folder() -> Path:
    """`__marimo__/cache` next to the notebook; in the browser, the folder the page keeps in
    IndexedDB (web/src/boot/persist.ts names it in COVE_PERSISTENT_DIR)."""
    browser = os.environ.get("COVE_PERSISTENT_DIR")
    if browser:
        return Path(browser) / "cache"
    return (notebook_location() or Path.cwd()) / "__marimo__" / "cache"


def persistent_cache(
    name: str | Callable[..., Any] | None = None,
    save_path: str | None = None,
    method: str = "pickle",
    store: Any = None,
    fn: Callable[..., Any] | None = None,
    *args: Any,
    pin_modules: bool = False,
    **kwargs: Any,
) -> Any:
    """Memoize a function in memory and on disk (pickles under `save_path`, default
    `__marimo__/cache` next to the notebook): results survive a restart."""
    del args, pin_modules, kwargs
    if method != "pickle":
        raise ValueError(f"persistent_cache: only method='pickle' is supported, not {method!r}")
    if store is not None:
        raise ValueError("persistent_cache: custom stores are not supported; use save_path=")
    folder = Path(save_path) if save_path else _default_folder()
    if fn is not None:
        return _Memo(fn, None, folder)
    return _decorate(name, None, folder)
