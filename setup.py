"""Only what pyproject.toml cannot say: install `cove-marimo.pth` at the root of site-packages
(see py/cove/_marimo_finder.py), in wheels (build_py) and in editable installs (editable_wheel,
through setuptools' strategy hook: a private API, so the editable path degrades to no .pth, and
test_marimo_hook.py says so, rather than breaking the install)."""
from __future__ import annotations

import os
from typing import Any

from setuptools import setup
from setuptools.command.build_py import build_py

PTH = "cove-marimo.pth"
SOURCE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "py", PTH)


class build_py_with_pth(build_py):  # noqa: N801 - setuptools' naming
    def run(self) -> None:
        super().run()
        self.copy_file(SOURCE, os.path.join(self.build_lib, PTH))

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        return [*super().get_outputs(include_bytecode), os.path.join(self.build_lib, PTH)]


commands: dict[str, Any] = {"build_py": build_py_with_pth}

try:
    from setuptools.command.editable_wheel import editable_wheel
except ImportError:  # setuptools < 64: no PEP 660 editable installs
    editable_wheel = None

if editable_wheel is not None and hasattr(editable_wheel, "_select_strategy"):

    class _WithPth:
        """An editable-install strategy that also writes the .pth into the editable wheel."""

        def __init__(self, inner: Any) -> None:
            self.inner = inner

        def __call__(self, wheel: Any, files: Any, mapping: Any) -> None:
            self.inner(wheel, files, mapping)
            with open(SOURCE, "rb") as handle:
                wheel.writestr(PTH, handle.read())

        def __enter__(self) -> "_WithPth":
            self.inner.__enter__()
            return self

        def __exit__(self, *exc: Any) -> Any:
            return self.inner.__exit__(*exc)

    class editable_wheel_with_pth(editable_wheel):  # type: ignore[misc,valid-type]  # noqa: N801
        def _select_strategy(self, *args: Any, **kwargs: Any) -> Any:
            return _WithPth(super()._select_strategy(*args, **kwargs))

    commands["editable_wheel"] = editable_wheel_with_pth

setup(cmdclass=commands)
