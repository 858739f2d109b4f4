"""Static analysis of a cell: the globals it defines and references, and a few facts about it.

One pass over the AST with an explicit work stack (no recursion, so a 1000-term `a + b + ...`
or a long `elif` chain cannot hit the recursion limit) and a stack of scopes that follows
Python's own scoping rules:

* A *def* is a global the cell binds at its top level (or through `global x` in a function).
* A *ref* is a global the cell reads without having bound it first. Reads that run at once
  (the top level, class bodies, comprehensions, decorators, defaults, annotations, bases) are
  checked in source order, so `x = x + 1` and `x += 1` make `x` both a ref and a def (the graph
  ignores self-edges; if another cell defines `x` it is a double definition anyway). Reads that
  run later (function and lambda bodies, `type` alias values) only need the name to be bound
  somewhere at the cell's top level, so `def f(): return g()` followed by `def g(): ...` is fine.
* Names with exactly one leading underscore (`_x`, `_`) are private to the cell: never defs or
  refs. Dunder-prefixed names (`__x`) are ordinary globals.
* Builtins the cell reads are reported apart (`builtin_refs`), so the graph can link them only
  when some cell shadows the builtin.
"""
from __future__ import annotations

import ast
import builtins
import warnings
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["CellAnalysis", "analyze", "is_private"]

# Names a notebook module has without any cell defining them (`__class__` is implicit in
# methods).
_BUILTINS = frozenset(dir(builtins)) | {
    "__file__", "__builtins__", "__annotations__", "__cached__", "__path__", "__class__",
}


@dataclass(frozen=True)
class CellAnalysis:
    """What the graph and the kernel need to know about one cell's code."""

    defs: frozenset[str] = frozenset()
    refs: frozenset[str] = frozenset()
    # builtin names read without being bound first (`print`, `len`, ...)
    builtin_refs: frozenset[str] = frozenset()
    # globals removed with `del` (defs of this cell or refs to another cell's names)
    deleted: frozenset[str] = frozenset()
    import_star: bool = False
    import_star_line: int | None = None
    # (line within the cell, message) when the code does not parse
    syntax_error: tuple[int, str] | None = None
    has_top_level_await: bool = False
    # first component of every absolute import, e.g. {"numpy"} for `import numpy.linalg`
    imported_modules: frozenset[str] = frozenset()
    # the last top-level statement is an expression: its value is the cell's output
    last_expression: bool = False


def is_private(name: str) -> bool:
    """`_x` and `_` are local to their cell; `__x` (and dunders) are not."""
    return name[:1] == "_" and name[1:2] != "_"


# Scope kinds.
_MODULE, _CLASS, _FUNCTION, _COMPREHENSION, _ANNOTATION = range(5)


class _Scope:
    """One Python scope. Reads are resolved eagerly (in source order) in the module, class and
    type-parameter scopes; in function and comprehension scopes (and a `type` alias's lazy
    value) they are resolved when the scope ends, because Python fixes their local names
    statically for the whole body."""

    __slots__ = ("kind", "parent", "outer", "bound", "globals", "nonlocals", "pending",
                 "lazy", "immediate", "in_function")

    def __init__(self, kind: int, parent: _Scope | None, *, immediate: bool = True) -> None:
        self.kind = kind
        self.parent = parent
        # Where unresolved reads go. Class bodies are invisible to nested functions and
        # comprehensions, but not to PEP 695 annotation scopes.
        if parent is not None and parent.kind == _CLASS and kind != _ANNOTATION:
            self.outer = parent.outer
        else:
            self.outer = parent
        self.bound: set[str] = set()
        self.globals: set[str] = set()
        self.nonlocals: set[str] = set()
        self.pending: list[tuple[str, bool]] = []
        self.lazy = kind == _FUNCTION or kind == _COMPREHENSION or not immediate
        # Does the body run when its parent reaches it (True), or later (function bodies)?
        self.immediate = immediate
        self.in_function = kind == _FUNCTION or (parent is not None and parent.in_function)


# AST fields that never hold names: skipping them saves pushing contexts and operators.
_SKIP_FIELDS = frozenset({"ctx", "op", "ops", "type_comment", "type_ignores", "kind",
                          "is_async", "conversion", "lineno", "level"})


class _Analyzer:
    def __init__(self) -> None:
        self.module = self.scope = _Scope(_MODULE, None)
        self.stack: list[object] = []
        # globals bound so far at top level (in source order); the final set is the defs
        self.bound: set[str] = set()
        self.refs: set[str] = set()
        # reads from code that runs later: refs unless bound anywhere at top level
        self.deferred: set[str] = set()
        self.deleted: set[str] = set()
        # `except ... as e` at top level: `e` exists only inside the handler
        self.masked: dict[str, int] = {}
        self.modules: set[str] = set()
        self.star_line: int | None = None
        self.top_await = False

    # -- the work loop -------------------------------------------------------------------------

    def run(self, body: list[ast.stmt]) -> None:
        stack = self.stack
        stack.extend(reversed(body))
        handlers = _HANDLERS
        fields_of = _FIELDS
        pop, append, extend = stack.pop, stack.append, stack.extend
        while stack:
            item = pop()
            cls = item.__class__
            handler = handlers.get(cls)
            if handler is not None:
                handler(self, item)
                continue
            if cls is tuple:  # a scheduled action: (function, argument)
                item[0](item[1])  # type: ignore[index]
                continue
            fields = fields_of.get(cls)
            if fields is None:
                if not isinstance(item, ast.AST):
                    continue  # None, str, constants inside lists, ...
                fields = fields_of[cls] = tuple(
                    f for f in reversed(cls._fields) if f not in _SKIP_FIELDS)
            # Push children so that they are visited in field order, which is evaluation
            # order for every node handled generically.
            for f in fields:
                value = getattr(item, f, None)
                if value.__class__ is list:
                    extend(reversed(value))
                elif value is not None:
                    append(value)

    def push(self, *items: object) -> None:
        """Schedule nodes, lists of nodes and (action, arg) pairs to run in the given order."""
        stack = self.stack
        for item in reversed(items):
            if item.__class__ is list:
                stack.extend(reversed(item))  # type: ignore[arg-type]
            elif item is not None:
                stack.append(item)

    # -- names ---------------------------------------------------------------------------------

    def read(self, name: str) -> None:
        self.resolve(name, self.scope, True)

    def resolve(self, name: str, scope: _Scope, immediate: bool) -> None:
        while True:
            if scope.kind == _MODULE:
                if not immediate:
                    self.deferred.add(name)
                elif name not in self.bound and name not in self.masked:
                    self.refs.add(name)
                return
            if name in scope.globals:
                immediate = immediate and scope.immediate
                scope = self.module
                continue
            if scope.lazy:
                scope.pending.append((name, immediate))
                return
            if name in scope.bound:
                return
            immediate = immediate and scope.immediate
            scope = scope.outer  # type: ignore[assignment]

    def bind(self, name: str, scope: _Scope | None = None) -> None:
        scope = scope or self.scope
        if scope.kind == _MODULE or name in scope.globals:
            self.bound.add(name)
        elif name not in scope.nonlocals:
            scope.bound.add(name)

    def delete(self, name: str) -> None:
        scope = self.scope
        if scope.kind == _MODULE or name in scope.globals:
            self.deleted.add(name)
            # Deleting a name the cell has not bound deletes another cell's global: a ref.
            self.resolve(name, scope, True)
        elif scope.kind != _CLASS:
            scope.bound.add(name)  # `del x` makes `x` local to a function, like assignment

    def bind_walrus(self, name: str) -> None:
        # `:=` in a comprehension binds in the nearest enclosing non-comprehension scope.
        scope = self.scope
        while scope.kind == _COMPREHENSION:
            scope = scope.parent  # type: ignore[assignment]
        self.bind(name, scope)

    def mask(self, name: str) -> None:
        self.masked[name] = self.masked.get(name, 0) + 1

    def unmask(self, name: str) -> None:
        count = self.masked.pop(name) - 1
        if count:
            self.masked[name] = count

    # -- scopes --------------------------------------------------------------------------------

    def enter(self, scope: _Scope) -> None:
        self.scope = scope

    def leave(self, _: object = None) -> None:
        scope = self.scope
        self.scope = scope.parent  # type: ignore[assignment]
        if scope.lazy:
            # Python decides a function's locals from its whole body, so resolve reads now.
            for name, immediate in scope.pending:
                if name not in scope.bound:
                    self.resolve(name, scope.outer, immediate and scope.immediate)  # type: ignore[arg-type]

    def type_param_scope(self, type_params: list[ast.AST] | None) -> _Scope | None:
        """PEP 695: `def f[T]`, `class C[T]` get an annotation scope binding the params."""
        if not type_params:
            return None
        scope = _Scope(_ANNOTATION, self.scope)
        for param in type_params:
            scope.bound.add(param.name)  # type: ignore[attr-defined]
        return scope

    # -- node handlers (each schedules its children in evaluation order) ----------------------

    def visit_Name(self, node: ast.Name) -> None:
        ctx = node.ctx.__class__
        if ctx is ast.Load:
            self.read(node.id)
        elif ctx is ast.Store:
            self.bind(node.id)
        else:
            self.delete(node.id)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        self.stack.append(node.value)  # attribute mutation is not tracked, by design

    def visit_Constant(self, node: ast.Constant) -> None:
        pass

    def visit_Assign(self, node: ast.Assign) -> None:
        self.push(node.value, node.targets)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        target = node.target
        if isinstance(target, ast.Name):
            # `x += 1` reads `x` before binding it.
            self.push((self.read, target.id), node.value, target)
        else:
            self.push(target, node.value)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        target = node.target
        # A bare `x: int` binds nothing at module or class level (it only records the
        # annotation), but it does make `x` local to a function.
        binds = (not isinstance(target, ast.Name) or node.value is not None
                 or self.scope.kind == _FUNCTION)
        self.push(node.value, node.annotation, target if binds else None)

    def visit_NamedExpr(self, node: ast.NamedExpr) -> None:
        self.push(node.value, (self.bind_walrus, node.target.id))  # type: ignore[attr-defined]

    def visit_For(self, node: ast.For | ast.AsyncFor) -> None:
        self.push(node.iter, node.target, node.body, node.orelse)

    def visit_AsyncFor(self, node: ast.AsyncFor) -> None:
        self.note_await()
        self.visit_For(node)

    def visit_AsyncWith(self, node: ast.AsyncWith) -> None:
        self.note_await()
        self.push(node.items, node.body)

    def visit_Await(self, node: ast.Await) -> None:
        self.note_await()
        self.stack.append(node.value)

    def note_await(self) -> None:
        if not self.scope.in_function:
            self.top_await = True

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            top = alias.name.partition(".")[0]
            self.modules.add(top)
            # `import a.b` binds `a`; `import a.b as c` binds `c`.
            self.bind(alias.asname or top)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if not node.level and node.module:
            self.modules.add(node.module.partition(".")[0])
        for alias in node.names:
            if alias.name == "*":
                if self.star_line is None:
                    self.star_line = node.lineno
            else:
                self.bind(alias.asname or alias.name)

    def visit_Global(self, node: ast.Global) -> None:
        if self.scope.kind != _MODULE:
            self.scope.globals.update(node.names)

    def visit_Nonlocal(self, node: ast.Nonlocal) -> None:
        self.scope.nonlocals.update(node.names)

    def visit_ExceptHandler(self, node: ast.ExceptHandler) -> None:
        name = node.name
        if name is None:
            self.push(node.type, node.body)
        elif self.scope.kind == _MODULE or name in self.scope.globals:
            # Python deletes `e` when the handler ends, so it is no global of the cell (two
            # cells with `except Exception as e` must not clash), but reads inside the
            # handler are not refs either.
            self.push(node.type, (self.mask, name), node.body, (self.unmask, name))
        else:
            self.push(node.type, (self.bind, name), node.body)

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        args = node.args
        tp_scope = self.type_param_scope(getattr(node, "type_params", None))
        body_parent = tp_scope or self.scope
        scope = _Scope(_FUNCTION, body_parent, immediate=False)
        annotations: list[ast.AST] = []
        for arg in (*args.posonlyargs, *args.args, args.vararg, *args.kwonlyargs, args.kwarg):
            if arg is not None:
                scope.bound.add(arg.arg)
                if arg.annotation is not None:
                    annotations.append(arg.annotation)
        if node.returns is not None:
            annotations.append(node.returns)
        # Decorators and defaults run in the enclosing scope when the `def` runs; annotations
        # too (in the type-parameter scope for generic functions); the body runs later.
        tp = tp_scope is not None
        self.push(
            node.decorator_list, args.defaults, args.kw_defaults,
            (self.enter, tp_scope) if tp else None,
            node.type_params if tp else None,  # type: ignore[attr-defined]
            annotations, (self.enter, scope), node.body, (self.leave, None),
            (self.leave, None) if tp else None,
            (self.bind, node.name),
        )

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Lambda(self, node: ast.Lambda) -> None:
        args = node.args
        scope = _Scope(_FUNCTION, self.scope, immediate=False)
        for arg in (*args.posonlyargs, *args.args, args.vararg, *args.kwonlyargs, args.kwarg):
            if arg is not None:
                scope.bound.add(arg.arg)
        self.push(args.defaults, args.kw_defaults, (self.enter, scope), node.body,
                  (self.leave, None))

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        tp_scope = self.type_param_scope(getattr(node, "type_params", None))
        tp = tp_scope is not None
        # The body runs at once, in its own namespace: names bound there are class attributes.
        scope = _Scope(_CLASS, tp_scope or self.scope)
        self.push(
            node.decorator_list,
            (self.enter, tp_scope) if tp else None,
            node.type_params if tp else None,  # type: ignore[attr-defined]
            node.bases, node.keywords, (self.enter, scope), node.body, (self.leave, None),
            (self.leave, None) if tp else None,
            (self.bind, node.name),
        )

    def visit_TypeAlias(self, node: ast.AST) -> None:
        # `type X[T] = value`: binds X; the value is evaluated lazily, so it may refer to X or
        # to names bound later in the cell.
        self.bind(node.name.id)  # type: ignore[attr-defined]
        tp_scope = self.type_param_scope(node.type_params)  # type: ignore[attr-defined]
        tp = tp_scope is not None
        value_scope = _Scope(_ANNOTATION, tp_scope or self.scope, immediate=False)
        self.push(
            (self.enter, tp_scope) if tp else None,
            node.type_params if tp else None,  # type: ignore[attr-defined]
            (self.enter, value_scope), node.value, (self.leave, None),  # type: ignore[attr-defined]
            (self.leave, None) if tp else None,
        )

    def visit_comprehension_node(self, node: ast.AST) -> None:
        generators: list[ast.comprehension] = node.generators  # type: ignore[attr-defined]
        # The first iterable is evaluated in the enclosing scope; the rest inside.
        scope = _Scope(_COMPREHENSION, self.scope)
        items: list[object] = [generators[0].iter, (self.enter, scope)]
        for i, gen in enumerate(generators):
            if gen.is_async:
                self.note_await()
            if i:
                items.append(gen.iter)
            items.append(gen.target)
            items.extend(gen.ifs)
        if isinstance(node, ast.DictComp):
            items += [node.key, node.value]
        else:
            items.append(node.elt)  # type: ignore[attr-defined]
        items.append((self.leave, None))
        self.push(*items)

    def visit_MatchAs(self, node: ast.MatchAs) -> None:
        self.push(node.pattern, (self.bind, node.name) if node.name else None)

    def visit_MatchStar(self, node: ast.MatchStar) -> None:
        if node.name:
            self.bind(node.name)

    def visit_MatchMapping(self, node: ast.MatchMapping) -> None:
        self.push(node.keys, node.patterns, (self.bind, node.rest) if node.rest else None)


_HANDLERS: dict[type, object] = {
    getattr(ast, name[6:]): func
    for name, func in vars(_Analyzer).items()
    if name.startswith("visit_") and hasattr(ast, name[6:])
}
for _cls in (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp):
    _HANDLERS[_cls] = _Analyzer.visit_comprehension_node
for _cls in (ast.Load, ast.Store, ast.Del, type(None), str):
    _HANDLERS[_cls] = lambda self, node: None
# type -> names of its child fields, reversed (filled lazily by the work loop)
_FIELDS: dict[type, tuple[str, ...]] = {}


def _private_free(names: set[str]) -> frozenset[str]:
    return frozenset(n for n in names if not is_private(n))


@lru_cache(maxsize=2048)
def analyze(code: str) -> CellAnalysis:
    """Analyse one cell's code. Never raises: unparsable code gives `syntax_error` and no
    defs or refs. Results are cached by code (they are immutable)."""
    try:
        # Warnings (e.g. invalid escape sequences) are the kernel's to show when it compiles
        # the cell; under `-W error` they would otherwise turn into syntax errors here.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(code)
    except SyntaxError as e:
        return CellAnalysis(syntax_error=(e.lineno or 1, e.msg or "invalid syntax"))
    except (ValueError, RecursionError, MemoryError) as e:  # null bytes, nesting too deep
        return CellAnalysis(syntax_error=(1, str(e) or type(e).__name__))
    a = _Analyzer()
    try:
        a.run(tree.body)
    except Exception as e:  # a bug here must not take the kernel down: show it on the cell
        return CellAnalysis(syntax_error=(1, f"cove could not analyse this cell: {e!r}"))
    refs = _private_free(a.refs | (a.deferred - a.bound))
    body = tree.body
    return CellAnalysis(
        defs=_private_free(a.bound),
        refs=refs - _BUILTINS,
        builtin_refs=refs & _BUILTINS,
        deleted=_private_free(a.deleted),
        import_star=a.star_line is not None,
        import_star_line=a.star_line,
        has_top_level_await=a.top_await,
        imported_modules=frozenset(a.modules),
        last_expression=bool(body) and isinstance(body[-1], ast.Expr),
    )
