"""`cove edit` never leaves a half-written notebook: a server killed (SIGKILL, no cleanup) while
it writes a large notebook over and over leaves the file holding exactly one of the versions it
was asked to save, and it still parses. Leftover temp files are removed by the next launch."""
from __future__ import annotations

import http.client
import json
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import cove
from cove._atomic import TEMP_SUFFIX

ROOT = Path(__file__).resolve().parents[2]
ROUNDS = 6

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")


def version(i: int) -> str:
    """A notebook of about 6 MB whose every byte says which version it is."""
    filler = f"# version {i} " + "x" * 80 + "\n"
    cells = "".join(
        f"@app.cell\ndef _():\n    v{n} = {i}\n    s{n} = '''\n{filler * 60}'''\n    return (s{n}, v{n})\n\n\n"
        for n in range(1000)
    )
    return f'import cove\n\n__generated_with = "0.1.0"\napp = cove.App()\n\n\n{cells}if __name__ == "__main__":\n    app.run()\n'


def start(notebook: Path) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "cove", "edit", notebook.name, "--no-browser"],
        cwd=notebook.parent, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "py")},
    )
    assert proc.stdout is not None
    deadline = time.monotonic() + 60
    for line in proc.stdout:
        m = re.search(r"http://\S+", line)
        if m:
            threading.Thread(target=proc.stdout.read, daemon=True).start()  # keep the pipe drained
            return proc, m.group(0)
        if time.monotonic() > deadline:
            break
    proc.kill()
    pytest.fail("cove edit printed no URL")


def get(url: str) -> tuple[int, bytes]:
    m = re.match(r"http://([^/]+)(/.*)", url)
    assert m
    conn = http.client.HTTPConnection(m.group(1), timeout=30)
    conn.request("GET", m.group(2))
    r = conn.getresponse()
    return r.status, r.read()


def save_forever(host: str, token: str, texts: list[str], stop: threading.Event) -> None:
    """POST saves of the versions in turn until the server dies."""
    i = 0
    while not stop.is_set():
        body = json.dumps({"code": texts[i % len(texts)], "base_hash": None, "force": True}).encode()
        try:
            conn = http.client.HTTPConnection(host, timeout=30)
            conn.request("POST", "/api/save", body=body, headers={"X-Cove-Token": token, "Content-Type": "application/json"})
            conn.getresponse().read()
        except OSError:
            return
        i += 1


def test_killing_the_server_mid_save_leaves_the_old_or_the_new_file(tmp_path: Path) -> None:
    texts = [version(i) for i in range(3)]
    notebook = tmp_path / "nb.py"
    notebook.write_text(texts[0], encoding="utf-8")
    rng = random.Random(6)
    caught_mid_write = 0
    for _ in range(ROUNDS):
        proc, url = start(notebook)
        try:
            status, page = get(url)
            assert status == 200
            config = json.loads(re.search(rb'id="cove-config">(.*?)</script>', page, re.S).group(1))
            host = re.match(r"http://([^/]+)", url).group(1)
            stop = threading.Event()
            writer = threading.Thread(target=save_forever, args=(host, config["save"]["token"], texts[1:] + texts[:1], stop))
            writer.start()
            time.sleep(rng.uniform(0.1, 0.6))
            # Kill the moment a temp file shows a write in progress (polling, so the kill lands
            # mid-write on a loaded machine too), or after 5 s whatever the state.
            deadline = time.monotonic() + 5
            while time.monotonic() < deadline:
                if any(p.name.endswith(TEMP_SUFFIX) for p in tmp_path.iterdir()):
                    os.kill(proc.pid, signal.SIGKILL)
                    caught_mid_write += 1
                    break
                time.sleep(0.001)
            else:
                os.kill(proc.pid, signal.SIGKILL)
            proc.wait(10)
            stop.set()
            writer.join(30)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait(10)
        data = notebook.read_bytes().decode("utf-8")
        assert data in texts, f"a half-written file: {len(data)} bytes"
        assert len(cove.loads(data).cells) == 1000
    assert caught_mid_write, "no kill landed during a write: the test proved nothing"
    # the next launch sweeps the temp files a killed writer left
    proc, _url = start(notebook)
    try:
        assert not [p for p in tmp_path.iterdir() if p.name.endswith(TEMP_SUFFIX)]
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(15)
