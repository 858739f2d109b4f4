"""`cove edit` and `cove serve` from the command line: help, one-line errors, Ctrl+C."""
from __future__ import annotations

import re
import signal
import subprocess
import sys
import threading
import urllib.request
from pathlib import Path

import pytest

from cove.cli.main import main

from .helpers import NOTEBOOK, make_static_root

# The real page renderer is another module's job; the subprocess gets this stand-in.
FAKE_RENDERER = """
import sys, types, json
fake = types.ModuleType("cove._site.render")
fake.render_cells_html = lambda events: ""
fake.render_page = lambda config, cells, manifest: "<!doctype html>" + json.dumps(config["filename"])
sys.modules["cove._site.render"] = fake
from cove.cli.main import console_main
console_main()
"""


@pytest.mark.parametrize("command", ["edit", "serve"])
def test_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as e:
        main([command, "--help"])
    assert e.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: cove {command}")
    assert "--port" in out and ("--no-browser" in out if command == "edit" else "--isolated" in out)


def one_line_error(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    return err


def test_edit_missing_folder_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["edit", str(tmp_path / "nowhere" / "nb.py"), "--no-browser"]) == 1
    assert "nb.py: does not exist" in one_line_error(capsys)


def test_edit_missing_non_py_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["edit", str(tmp_path / "notes.txt"), "--no-browser"]) == 1
    assert "notes.txt: does not exist" in one_line_error(capsys)
    assert not (tmp_path / "notes.txt").exists()


@pytest.mark.parametrize(
    "data, problem",
    [(b"\x89PNG\r\n\x1a\n\0\0", "binary data"), (b"import cove\n\xff\xfe bad", "not UTF-8")],
)
def test_edit_unreadable_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                  data: bytes, problem: str) -> None:
    nb = tmp_path / "nb.py"
    nb.write_bytes(data)
    assert main(["edit", str(nb), "--no-browser"]) == 1
    err = one_line_error(capsys)
    assert err.startswith(f"cove edit: {nb}:") and problem in err


def test_edit_folder_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["edit", str(tmp_path), "--no-browser"]) == 1
    assert "is a folder" in one_line_error(capsys)


def test_edit_without_bundle_one_line(tmp_path: Path, notebook: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["edit", str(notebook), "--no-browser", "--static", str(tmp_path / "none")]) == 1
    assert "python build.py" in one_line_error(capsys)


def test_failed_start_creates_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    nb = tmp_path / "fresh.py"
    assert main(["edit", str(nb), "--no-browser", "--static", str(tmp_path / "none")]) == 1
    one_line_error(capsys)
    assert not nb.exists()


def test_serve_missing_dir_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", str(tmp_path / "nope")]) == 1
    assert "nope: does not exist" in one_line_error(capsys)


def test_serve_port_in_use_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        assert main(["serve", str(tmp_path), "--port", str(s.getsockname()[1])]) == 1
    assert "cannot listen on 127.0.0.1:" in one_line_error(capsys)


def start(args: list[str], cwd: Path) -> tuple[subprocess.Popen[str], str]:
    """Start `cove ...` in a subprocess and wait for the URL it prints."""
    proc = subprocess.Popen(
        [sys.executable, "-c", FAKE_RENDERER, *args],
        cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    found: list[str] = []
    lines: list[str] = []

    def read() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.append(line)
            m = re.search(r"http://\S+", line)
            if m:
                found.append(m.group(0))
                return

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(20)
    if not found:
        proc.kill()
        pytest.fail(f"no URL printed: {lines} {proc.stderr.read() if proc.stderr else ''}")
    return proc, found[0]


def stop(proc: subprocess.Popen[str]) -> str:
    proc.send_signal(signal.SIGINT)
    try:
        _, err = proc.communicate(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        pytest.fail("server did not stop on SIGINT")
    assert proc.returncode in (0, 130)
    assert "Traceback" not in err, err
    return err


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child is POSIX")
def test_edit_subprocess_prints_url_and_stops_on_sigint(tmp_path: Path) -> None:
    static = make_static_root(tmp_path / "static")
    nb = tmp_path / "nb.py"
    nb.write_text(NOTEBOOK)
    proc, url = start(["edit", "nb.py", "--no-browser", "--static", str(static)], tmp_path)
    try:
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/\?key=[\w-]+", url)
        with urllib.request.urlopen(url, timeout=10) as r:
            assert r.status == 200 and r.read() == b'<!doctype html>"nb.py"'
    finally:
        stop(proc)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child is POSIX")
def test_edit_creates_missing_notebook(tmp_path: Path) -> None:
    static = make_static_root(tmp_path / "static")
    proc, url = start(["edit", "new.py", "--no-browser", "--static", str(static)], tmp_path)
    stop(proc)
    from cove.cli.cmd_new import starter_notebook

    assert (tmp_path / "new.py").read_text() == starter_notebook()


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child is POSIX")
def test_serve_subprocess_prints_url_and_stops_on_sigint(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<p>hi</p>")
    proc, url = start(["serve", ".", "--isolated"], tmp_path)
    try:
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/", url)
        with urllib.request.urlopen(url, timeout=10) as r:
            assert r.read() == b"<p>hi</p>"
            assert r.headers["Cross-Origin-Embedder-Policy"] == "require-corp"
    finally:
        stop(proc)
