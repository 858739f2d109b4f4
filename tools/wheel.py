"""Build a pure-Python wheel straight from a source folder with zipfile: fast and byte-for-byte
reproducible (fixed timestamps and permissions, sorted entries), no pip or setuptools involved."""
from __future__ import annotations

import base64
import hashlib
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Project", "build_wheel", "iter_sources", "record_hash", "wheel_name"]

# 1980-01-01 is the earliest date a zip entry can hold; any fixed value makes builds reproducible.
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
# Folders that are never part of the package: build outputs and caches.
EXCLUDED_DIRS = frozenset({"_static", "__pycache__", ".mypy_cache", ".pytest_cache"})
EXCLUDED_SUFFIXES = (".pyc", ".pyo", ".swp", "~")
EXCLUDED_NAMES = frozenset({".DS_Store"})


@dataclass(frozen=True)
class Project:
    """The slice of pyproject.toml's [project] table that a wheel's metadata needs."""

    name: str
    version: str
    summary: str = ""
    requires_python: str = ""
    dependencies: tuple[str, ...] = ()
    scripts: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_pyproject(cls, table: dict) -> "Project":
        project = table["project"]
        return cls(
            name=project["name"],
            version=project["version"],
            summary=project.get("description", ""),
            requires_python=project.get("requires-python", ""),
            dependencies=tuple(project.get("dependencies", ())),
            scripts=dict(project.get("scripts", {})),
        )


def normalize(name: str) -> str:
    """PEP 503 name: lower case, runs of -_. become one dash."""
    return re.sub(r"[-_.]+", "-", name).lower()


def wheel_name(project: Project) -> str:
    # Wheel file names use underscores where the project name has - or . (PEP 427/491).
    return f"{normalize(project.name).replace('-', '_')}-{project.version}-py3-none-any.whl"


def record_hash(data: bytes) -> str:
    """The hash format of RECORD: sha256=<urlsafe base64, no padding>."""
    digest = hashlib.sha256(data).digest()
    return "sha256=" + base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def iter_sources(package_dir: Path) -> Iterator[tuple[str, Path]]:
    """(archive path, file) for every file of the package, sorted, with caches and _static left out."""
    root = package_dir.parent
    files = []
    for path in package_dir.rglob("*"):
        rel = path.relative_to(root)
        if any(part in EXCLUDED_DIRS for part in rel.parts) or not path.is_file():
            continue
        if path.name in EXCLUDED_NAMES or path.name.endswith(EXCLUDED_SUFFIXES):
            continue
        files.append((rel.as_posix(), path))
    return iter(sorted(files))


def _metadata(project: Project) -> str:
    lines = ["Metadata-Version: 2.1", f"Name: {project.name}", f"Version: {project.version}"]
    if project.summary:
        lines.append(f"Summary: {project.summary}")
    if project.requires_python:
        lines.append(f"Requires-Python: {project.requires_python}")
    lines += [f"Requires-Dist: {dep}" for dep in project.dependencies]
    return "\n".join(lines) + "\n"


def _entry_points(project: Project) -> str:
    if not project.scripts:
        return ""
    body = "".join(f"{name} = {target}\n" for name, target in sorted(project.scripts.items()))
    return "[console_scripts]\n" + body


def _write(zf: zipfile.ZipFile, arcname: str, data: bytes) -> None:
    info = zipfile.ZipInfo(arcname, date_time=ZIP_EPOCH)
    info.external_attr = 0o100644 << 16  # regular file, rw-r--r--, whatever the umask said
    info.compress_type = zipfile.ZIP_DEFLATED
    zf.writestr(info, data, compresslevel=9)


def build_wheel(project: Project, package_dirs: Iterable[Path], out_dir: Path) -> Path:
    """Write the wheel of `package_dirs` (top-level import packages) into out_dir; return its path."""
    package_dirs = list(package_dirs)
    dist_info = f"{normalize(project.name).replace('-', '_')}-{project.version}.dist-info"
    entries: list[tuple[str, bytes]] = []
    for package_dir in package_dirs:
        entries += [(arc, path.read_bytes()) for arc, path in iter_sources(package_dir)]
    meta = {
        "METADATA": _metadata(project),
        "WHEEL": "Wheel-Version: 1.0\nGenerator: cove-build\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
        "top_level.txt": "".join(f"{d.name}\n" for d in sorted(package_dirs)),
        "entry_points.txt": _entry_points(project),
    }
    entries += [(f"{dist_info}/{k}", v.encode()) for k, v in sorted(meta.items()) if v]
    record = "".join(f"{arc},{record_hash(data)},{len(data)}\n" for arc, data in entries)
    record += f"{dist_info}/RECORD,,\n"
    entries.append((f"{dist_info}/RECORD", record.encode()))

    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / wheel_name(project)
    # Write then rename, so a crash never leaves a truncated wheel behind under the real name.
    partial = target.with_suffix(".whl.part")
    with zipfile.ZipFile(partial, "w") as zf:
        for arcname, data in entries:
            _write(zf, arcname, data)
    partial.replace(target)
    return target
