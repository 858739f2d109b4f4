"""`cove edit` serves the notebook folder's files to its page: read-only, only with the cookie
the page sets (or the token), never a hidden file, never outside the folder."""
from __future__ import annotations

from pathlib import Path

from cove._runtime.location import PAGE_FOLDER
from cove._server.edit import EditServer

from .helpers import page_config, request


def cookie_of(server: EditServer) -> str:
    r = request(server, f"/?key={server.key}")
    set_cookie = r.headers["Set-Cookie"]
    assert "HttpOnly" in set_cookie and "SameSite=Strict" in set_cookie and "Path=/" in set_cookie
    return set_cookie.split(";", 1)[0]


def test_the_page_lists_the_folder_and_its_cookie_opens_it(edit_server: EditServer, notebook: Path, tmp_path: Path) -> None:
    folder = notebook.parent
    (folder / "data.csv").write_text("a,b\n")
    (folder / "public").mkdir()
    (folder / "public" / "x.json").write_text("{}")
    (folder / ".env").write_text("SECRET=1")
    (tmp_path / "outside.txt").write_text("outside")
    (folder / "link.txt").symlink_to(tmp_path / "outside.txt")
    config = page_config(request(edit_server, f"/?key={edit_server.key}").body)
    assert config["files"]["folder"] == PAGE_FOLDER
    assert config["files"]["sizes"] == {"data.csv": 4, "nb.py": len(notebook.read_bytes()), "public/x.json": 2}
    cookie = {"Cookie": cookie_of(edit_server)}
    r = request(edit_server, "/data.csv", headers=cookie)
    assert r.status == 200 and r.body == b"a,b\n"
    assert request(edit_server, "/public/x.json", headers={"X-Cove-Token": edit_server.token}).status == 200
    # Without the cookie (another user of this machine), with a wrong one, hidden, outside, a write:
    assert request(edit_server, "/data.csv").status == 404
    assert request(edit_server, "/data.csv", headers={"Cookie": cookie["Cookie"][:-2] + "xx"}).status == 404
    for path in ("/.env", "/link.txt", "/../outside.txt", "/%2e%2e/outside.txt", "/public/"):
        assert request(edit_server, path, headers=cookie).status == 404, path
    assert request(edit_server, "/data.csv", "PUT", headers=cookie, body=b"x").status in (403, 404, 405, 501)
    assert (folder / "data.csv").read_text() == "a,b\n"
