"""Tests for `cove._analysis.analyze`: the defs and refs of a cell (docs/spec.md §2)."""
from __future__ import annotations

import sys
import textwrap

import pytest

from cove._analysis import CellAnalysis, analyze, is_private


def names(s: str) -> frozenset[str]:
    return frozenset(s.split())


def check(code: str, defs: str, refs: str) -> CellAnalysis:
    a = analyze(textwrap.dedent(code))
    assert a.syntax_error is None, a.syntax_error
    assert a.defs == names(defs), f"defs of {code!r}"
    assert a.refs == names(refs), f"refs of {code!r}"
    return a


# (code, defs, refs)
BINDING_FORMS = [
    ("x = 1", "x", ""),
    ("x = y", "x", "y"),
    ("a = b = c", "a b", "c"),
    ("a, b = c", "a b", "c"),
    ("[a, b] = c", "a b", "c"),
    ("(a, (b, c)) = d", "a b c", "d"),
    ("a, *rest = c", "a rest", "c"),
    ("x += 1", "x", "x"),
    ("x = 0\nx += 1", "x", ""),
    ("x: int = 1", "x", ""),
    ("x: Foo = bar", "x", "Foo bar"),
    ("x: Foo", "", "Foo"),  # a bare annotation binds nothing
    ("(x): int = 1", "x", ""),
    ("import os", "os", ""),
    ("import os.path", "os", ""),
    ("import os.path as osp", "osp", ""),
    ("import a, b.c as d", "a d", ""),
    ("from m import x", "x", ""),
    ("from m import x as y, z", "y z", ""),
    ("from . import sibling", "sibling", ""),
    ("from .pkg.mod import thing as t", "t", ""),
    ("def f(): pass", "f", ""),
    ("async def f(): pass", "f", ""),
    ("class C: pass", "C", ""),
    ("for i in r: pass", "i", "r"),
    ("for k, (v, *w) in items: pass", "k v w", "items"),
    ("async def g():\n    async for i in r: pass", "g", "r"),
    ("with open(p) as fh: pass", "fh", "p"),
    ("with a as (b, c), d as e: pass", "b c e", "a d"),
    ("with a as b.attr: pass", "", "a b"),
    ("with a: pass", "", "a"),
    ("(n := 10)", "n", ""),
    ("if (m := f()) > 0: pass", "m", "f"),
    ("if c:\n    a = 1\nelse:\n    b = 2", "a b", "c"),
    ("while c:\n    a = 1", "a", "c"),
    ("try:\n    a = 1\nexcept E:\n    b = 2\nelse:\n    c = 3\nfinally:\n    d = 4", "a b c d", "E"),
    ("for i in r:\n    j = i\nelse:\n    k = 0", "i j k", "r"),
    ("def f():\n    global g\n    g = 1", "f g", ""),
    ("def f():\n    global g\n    for g in r: pass", "f g", "r"),
    ("def f():\n    global g\n    import g", "f g", ""),
    ("class C:\n    global g\n    g = 1", "C g", ""),
]


@pytest.mark.parametrize("code, defs, refs", BINDING_FORMS)
def test_binding_forms(code: str, defs: str, refs: str) -> None:
    check(code, defs, refs)


SCOPING = [
    # function locals and arguments are not globals
    ("def f(a, /, b, *c, d, **e):\n    x = a + b\n    return x, c, d, e", "f", ""),
    ("def f():\n    return g", "f", "g"),
    # a closure may read a global bound later in the cell: it runs later
    ("def f():\n    return later\nlater = 1", "f later", ""),
    ("def fact(n):\n    return n * fact(n - 1)", "fact", ""),
    # Python makes `x` local to f for the whole body (UnboundLocalError, not a global read)
    ("def f():\n    print(x)\n    x = 1", "f", ""),
    ("def f():\n    del x", "f", ""),
    ("def f():\n    import os\n    return os", "f", ""),
    ("def f():\n    for i in r: pass\n    return i", "f", "r"),
    # defaults, annotations and decorators run in the enclosing scope, when `def` runs
    ("def f(a=default, *, b=kwdefault): pass", "f", "default kwdefault"),
    ("def f(a: A, *args: B, **kw: C) -> D: pass", "f", "A B C D"),
    ("@deco\ndef f(): pass", "f", "deco"),
    ("@deco(arg)\nclass C: pass", "C", "deco arg"),
    ("def f(x=x): pass", "f", "x"),
    # nested functions and nonlocal
    ("def outer():\n    n = 0\n    def inner():\n        nonlocal n\n        n += 1\n"
     "        return n + m\n    return inner", "outer", "m"),
    ("def outer(a):\n    def inner():\n        return a + b\n    return inner", "outer", "b"),
    ("def outer():\n    def inner():\n        return v\n    v = 1\n    return inner", "outer", ""),
    # global statements
    ("def f():\n    global counter\n    return counter", "f", "counter"),
    ("def inc():\n    global counter\n    counter += 1", "inc counter", ""),
    ("counter = 0\ndef inc():\n    global counter\n    counter += 1", "counter inc", ""),
    # lambdas
    ("f = lambda a, b=c: a + b + d", "f", "c d"),
    ("f = lambda: f", "f", ""),
    ("g = lambda *a, **k: (a, k)", "g", ""),
    ("fs = [lambda: i for i in r]", "fs", "r"),
    # comprehensions keep their variables
    ("ys = [x * 2 for x in xs]", "ys", "xs"),
    ("[i for i in r]\ni", "", "r i"),
    ("s = {k for k in ks if k > lim}", "s", "ks lim"),
    ("d = {k: v for k, v in pairs}", "d", "pairs"),
    ("g = (x for x in xs)", "g", "xs"),
    ("m = [[j for j in row] for row in grid]", "m", "grid"),
    ("m = [c for row in grid for c in row if c]", "m", "grid"),
    ("[x for x in x]", "", "x"),
    ("def f(a):\n    return [a + i for i in r]", "f", "r"),
    # walrus in a comprehension binds in the enclosing scope
    ("[y for x in xs if (y := x)]", "y", "xs"),
    ("total = sum((last := v) for v in vs)", "total last", "vs"),
    ("def f():\n    [(y := v) for v in vs]\n    return y", "f", "vs"),
    # class bodies: attributes are not globals; methods cannot see them
    ("class C:\n    k = 1\n    j = k + 1", "C", ""),
    ("class C:\n    k = 1\n    def m(self):\n        return k", "C", "k"),
    ("class C:\n    k = 1\n    ys = [k for _ in r]", "C", "k r"),
    ("class C:\n    xs = [1]\n    ys = [v for v in xs]", "C", ""),
    ("class C(Base, metaclass=Meta):\n    attr: int = 0", "C", "Base Meta"),
    ("class C:\n    x = x", "C", "x"),
    ("x = 1\nclass C:\n    x = x", "x C", ""),
    ("class C:\n    def m(self):\n        return C", "C", ""),
    ("class Outer:\n    a = 1\n    class Inner:\n        b = a", "Outer", "a"),
    ("class C:\n    def m(self):\n        return __class__", "C", ""),
    ("def f():\n    class C:\n        y = z\n    z = 1\n    return C", "f", ""),
    # reads that run at once are checked in source order
    ("print(y)\ny = 1", "y", "y"),
    ("[x for _ in r]\nx = 1", "x", "r x"),
    ("class C:\n    a = later\nlater = 1", "C later", "later"),
    ("for i in r:\n    if i:\n        print(prev)\n    prev = i", "i prev", "r prev"),
    # attributes and items are not tracked: only the root name is a ref
    ("a.b = 1", "", "a"),
    ("a.b.c += 1", "", "a"),
    ("a[i] = v", "", "a i v"),
    ("df.loc[mask, 'col'] = 0", "", "df mask"),
    ("f(x).y = z", "", "f x z"),
]


@pytest.mark.parametrize("code, defs, refs", SCOPING)
def test_scoping(code: str, defs: str, refs: str) -> None:
    check(code, defs, refs)


def test_self_reference_is_both_ref_and_def() -> None:
    # Documented choice: `x = x + 1` reads `x` before binding it. The graph ignores the
    # self-edge; if another cell defines `x`, that is a double definition anyway.
    check("x = x + 1", "x", "x")
    check("x += 1", "x", "x")
    check("x = 0\nx = x + 1", "x", "")


PRIVATE = [
    ("_x = 1", "", ""),
    ("_ = f()", "", "f"),
    ("_a = 1\nb = _a + _c", "b", ""),
    ("__x = 1", "__x", ""),
    ("y = __x", "y", "__x"),
    ("__version__ = '1'", "__version__", ""),
    ("def _helper(): pass\nr = _helper()", "r", ""),
    ("class _C: pass", "", ""),
    ("import numpy as _np", "", ""),
    ("from m import _private", "", ""),
    ("for _i in r: pass", "", "r"),
    ("def f():\n    return _y", "f", ""),
]


@pytest.mark.parametrize("code, defs, refs", PRIVATE)
def test_private_names(code: str, defs: str, refs: str) -> None:
    check(code, defs, refs)


@pytest.mark.parametrize("name, private", [
    ("_", True), ("_x", True), ("_X1", True), ("__x", False), ("__x__", False),
    ("__", False), ("x", False), ("x_", False),
])
def test_is_private(name: str, private: bool) -> None:
    assert is_private(name) is private


BUILTINS = [
    # (code, refs, builtin_refs)
    ("print(len(x))", "x", "print len"),
    ("r = range(n)", "n", "range"),
    ("name = __name__", "", "__name__"),
    ("here = __file__", "", "__file__"),
    ("list = [1]\nlist", "", ""),  # shadowed in this cell before being read
    ("sum(v)\nsum = 0", "v", "sum"),
    ("def f():\n    return len(v)\nlen = 3", "v", ""),
    ("raise ValueError(msg)", "msg", "ValueError"),
    ("def f():\n    return open(p)", "p", "open"),
]


@pytest.mark.parametrize("code, refs, builtin_refs", BUILTINS)
def test_builtins(code: str, refs: str, builtin_refs: str) -> None:
    a = analyze(code)
    assert a.refs == names(refs)
    assert a.builtin_refs == names(builtin_refs)


def test_builtin_defined_by_cell_is_a_def() -> None:
    assert analyze("input = 3").defs == {"input"}


MATCH = [
    ("match cmd:\n    case [Point(x=px), *rest]:\n        pass\n"
     "    case {'k': v, **others}:\n        pass\n"
     "    case Color.RED | None:\n        pass\n"
     "    case str() as s if s == guard:\n        pass\n"
     "    case _:\n        pass",
     "px rest v others s", "cmd Point Color guard"),
    ("match p:\n    case (a, b):\n        c = a + b", "a b c", "p"),
    ("match p:\n    case [*_]:\n        pass", "", "p"),
    ("match p:\n    case {keys.A: value}:\n        pass", "value", "p keys"),
    ("match p:\n    case Klass(attr=[1, (inner as whole)]):\n        pass", "inner whole", "p Klass"),
    ("def f(p):\n    match p:\n        case q:\n            return q", "f", ""),
]


@pytest.mark.parametrize("code, defs, refs", MATCH)
def test_match(code: str, defs: str, refs: str) -> None:
    check(code, defs, refs)


EXCEPT = [
    # `e` exists only inside the handler (Python deletes it): not a global of the cell, and
    # two cells may both use `except ... as e`
    ("try:\n    pass\nexcept ValueError as e:\n    print(e)", "", ""),
    ("try:\n    pass\nexcept (A, B) as err:\n    saved = err", "saved", "A B"),
    ("try:\n    pass\nexcept E as e:\n    pass\nprint(e)", "", "E e"),
    ("e = 1\ntry:\n    pass\nexcept E as e:\n    pass", "e", "E"),
    ("try:\n    pass\nexcept* E as group:\n    g = group", "g", "E"),
    ("def f():\n    try:\n        pass\n    except E as e:\n        return e", "f", "E"),
    ("try:\n    import numpy as np\nexcept ImportError:\n    np = None", "np", ""),
]


@pytest.mark.parametrize("code, defs, refs", EXCEPT)
def test_except(code: str, defs: str, refs: str) -> None:
    check(code, defs, refs)


DELETE = [
    # (code, defs, refs, deleted)
    ("x = 1\ndel x", "x", "", "x"),
    ("del y", "", "y", "y"),
    ("del a, b", "", "a b", "a b"),
    ("del a.b", "", "a", ""),
    ("del d[k]", "", "d k", ""),
    ("def f():\n    global g\n    del g", "f", "g", "g"),
    ("def f():\n    local = 1\n    del local", "f", "", ""),
    ("del _tmp", "", "", ""),
]


@pytest.mark.parametrize("code, defs, refs, deleted", DELETE)
def test_del(code: str, defs: str, refs: str, deleted: str) -> None:
    a = check(code, defs, refs)
    assert a.deleted == names(deleted)


IMPORTS = [
    # (code, defs, imported_modules)
    ("import numpy", "numpy", "numpy"),
    ("import numpy.linalg", "numpy", "numpy"),
    ("import numpy.linalg as la", "la", "numpy"),
    ("from scipy.stats import norm", "norm", "scipy"),
    ("from . import x", "x", ""),
    ("from .. pkg import y", "y", ""),
    ("def f():\n    import polars as pl\n    return pl", "f", "polars"),
    ("import a, b\nfrom c.d import e", "a b e", "a b c"),
]


@pytest.mark.parametrize("code, defs, modules", IMPORTS)
def test_imports(code: str, defs: str, modules: str) -> None:
    a = check(code, defs, "")
    assert a.imported_modules == names(modules)
    assert not a.import_star


def test_import_star() -> None:
    a = analyze("import os\n\nfrom math import *\nfrom re import *")
    assert a.import_star and a.import_star_line == 3
    assert a.defs == {"os"}
    assert a.imported_modules == {"os", "math", "re"}
    assert analyze("import os").import_star_line is None


@pytest.mark.parametrize("code, line", [
    ("x = (", 1),
    ("a = 1\nb = )", 2),
    ("def f(:\n    pass", 1),
    ("x = 1\n  y = 2", 2),
    ("f(**)", 1),
    ("x = 1\0", 1),
])
def test_syntax_error(code: str, line: int) -> None:
    a = analyze(code)
    assert a.syntax_error is not None
    assert a.syntax_error[0] == line
    assert isinstance(a.syntax_error[1], str) and a.syntax_error[1]
    assert a.defs == a.refs == frozenset()


def test_warnings_are_not_syntax_errors() -> None:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        a = analyze('pattern = "\\d+"')
    assert a.syntax_error is None and a.defs == {"pattern"}


@pytest.mark.parametrize("code, expected", [
    ("await asyncio.sleep(1)", True),
    ("x = await fetch()", True),
    ("async for item in stream:\n    pass", True),
    ("async with lock:\n    pass", True),
    ("results = [x async for x in agen()]", True),
    ("results = [await c for c in coros]", True),
    ("async def main():\n    await asyncio.sleep(1)", False),
    ("async def main():\n    async for x in y:\n        pass", False),
    ("async def main():\n    return [await c for c in cs]", False),
    ("x = 1", False),
])
def test_top_level_await(code: str, expected: bool) -> None:
    a = analyze(code)
    assert a.syntax_error is None
    assert a.has_top_level_await is expected


@pytest.mark.parametrize("code, expected", [
    ("x = 1\nx", True),
    ("x", True),
    ("f()", True),
    ("x = 1", False),
    ("x\ny = 1", False),
    ("", False),
    ("# just a comment\n", False),
    ("if x:\n    y", False),
    ("x  # trailing comment\n\n", True),
])
def test_last_expression(code: str, expected: bool) -> None:
    assert analyze(code).last_expression is expected


def test_empty_cell() -> None:
    assert analyze("") == CellAnalysis()
    assert analyze("\n\n   \n") == CellAnalysis()


def test_result_is_frozen() -> None:
    a = analyze("x = 1")
    with pytest.raises(AttributeError):
        a.defs = frozenset()  # type: ignore[misc]


def test_deep_nesting_does_not_raise() -> None:
    # the work loop is iterative: long operator chains and elif ladders are fine
    chain = analyze("s = " + " + ".join(f"v{i}" for i in range(900)))
    assert chain.defs == {"s"} and len(chain.refs) == 900
    ladder = "if c0:\n    r = 0\n" + "".join(f"elif c{i}:\n    r = {i}\n" for i in range(1, 400))
    a = analyze(ladder)
    assert a.defs == {"r"} and len(a.refs) == 400
    nested = analyze("x = " + "[" * 150 + "y" + "]" * 150)
    assert nested.syntax_error is not None or nested.refs == {"y"}


def test_app_function_cell() -> None:
    # `@app.function` cells are a plain def
    a = check("@app.function\ndef area(r: float) -> float:\n    return pi * r ** 2",
              "area", "app pi")
    assert a.builtin_refs == {"float"}


def test_realistic_cell() -> None:
    code = """
    import pandas as pd
    _raw = pd.read_csv(path)
    df = _raw[_raw.value > threshold].copy()
    df["z"] = (df.value - df.value.mean()) / df.value.std()
    summary = {col: df[col].describe() for col in df.columns if col != skip}
    df.head(n)
    """
    a = check(code, "pd df summary", "path threshold skip n")
    assert a.last_expression
    assert a.imported_modules == {"pandas"}


# -- Python 3.12+ syntax (PEP 695) ---------------------------------------------------------------

PY312 = pytest.mark.skipif(sys.version_info < (3, 12), reason="needs Python 3.12 syntax")
PY313 = pytest.mark.skipif(sys.version_info < (3, 13), reason="needs Python 3.13 syntax")

TYPE_PARAMS = [
    pytest.param("type Alias = int", "Alias", "", marks=PY312),
    pytest.param("type Tree = list[Tree] | Leaf", "Tree", "Leaf", marks=PY312),
    pytest.param("type Pair[T] = tuple[T, T]", "Pair", "", marks=PY312),
    pytest.param("type A = B\nB = int", "A B", "", marks=PY312),  # alias values are lazy
    pytest.param("type _Private = int", "", "", marks=PY312),
    pytest.param("def first[T](xs: list[T]) -> T:\n    return xs[0]", "first", "", marks=PY312),
    pytest.param("def f[T: Bound, *Ts, **P](x: T) -> T: ...", "f", "Bound", marks=PY312),
    pytest.param("class Box[T](Base[T]):\n    def get(self) -> T:\n        return T",
                 "Box", "Base", marks=PY312),
    pytest.param("class C:\n    k = 1\n    type A = k", "C", "", marks=PY312),
    pytest.param("def f[T = Default](): pass", "f", "Default", marks=PY313),
]


@pytest.mark.parametrize("code, defs, refs", TYPE_PARAMS)
def test_type_params(code: str, defs: str, refs: str) -> None:
    check(code, defs, refs)


# -- never raises ----------------------------------------------------------------------------

hypothesis = pytest.importorskip("hypothesis")
st = hypothesis.strategies

_FRAGMENTS = [
    "x", "y", "_z", "__w", "f", "print", " = ", " += ", ":=", "(", ")", "[", "]", "{", "}",
    ", ", ": ", ".", "*", "**", " for ", " in ", " if ", " else ", "lambda ", "def ", "class ",
    "return ", "global ", "nonlocal ", "del ", "import ", "from ", " as ", "with ", "try:",
    "except ", "finally:", "match ", "case ", "async ", "await ", "yield ", "type ", "\n",
    "\n    ", "1", "'s'", "f'{x}'", "@", "->", ";", "pass", "...", "not ", " and ",
]


@hypothesis.settings(max_examples=300, deadline=None)
@hypothesis.given(st.text())
def test_never_raises_on_text(code: str) -> None:
    assert isinstance(analyze(code), CellAnalysis)


@hypothesis.settings(max_examples=500, deadline=None)
@hypothesis.given(st.lists(st.sampled_from(_FRAGMENTS), max_size=40).map("".join))
def test_never_raises_on_python_like_text(code: str) -> None:
    a = analyze(code)
    assert isinstance(a, CellAnalysis)
    assert not any(is_private(n) for n in a.defs | a.refs | a.builtin_refs | a.deleted)
    assert not (a.refs & a.builtin_refs)
