"""Reading from a URL in the page: `urllib.request.urlopen` (and so pandas' readers, which use
it) goes through the browser's synchronous XMLHttpRequest, which a Web Worker may use, since
Pyodide has no sockets. (`requests` goes through urllib3, which has its own browser support from 2.2.)

The browser enforces CORS: a server that does not allow other sites to read it answers, but the
page may not see the answer. The browser does not say why a request failed, so the error names
both likely causes: the network is off, or the server does not allow it (CORS).
"""
from __future__ import annotations

import sys
from types import ModuleType
from typing import Any

__all__ = ["install", "install_into"]

# urllib.request is not among the modules a page boots with (tools/pyc/stdlib-boot.txt): importing
# it here would fetch the whole standard library at every boot. So the opener is installed when a
# cell first imports it (_AfterImport), and this module imports urllib only then.


def _fetch(req: Any) -> Any:
    import email.parser
    import io
    import urllib.error
    import urllib.response

    import js  # type: ignore[import-not-found]
    from pyodide.ffi import JsException, to_js  # type: ignore[import-not-found]

    url = req.full_url
    xhr = js.XMLHttpRequest.new()
    xhr.open(req.get_method(), url, False)
    xhr.responseType = "arraybuffer"
    timeout = getattr(req, "timeout", None)
    if isinstance(timeout, (int, float)) and timeout > 0:
        xhr.timeout = int(timeout * 1000)
    for name, value in req.header_items():
        if name.lower() not in ("host", "connection", "user-agent", "accept-encoding", "content-length"):
            xhr.setRequestHeader(name, value)
    try:
        xhr.send(to_js(bytes(req.data)) if req.data is not None else None)  # type: ignore[arg-type]
    except JsException as e:
        raise urllib.error.URLError(
            f"could not fetch {url}: the network is off, or the server does not allow pages of "
            f"other sites to read it (CORS: it must send Access-Control-Allow-Origin) ({e})"
        ) from None
    headers = email.parser.Parser().parsestr(str(xhr.getAllResponseHeaders() or ""), headersonly=True)
    body = bytes(xhr.response.to_py()) if xhr.response is not None else b""
    status = int(xhr.status)
    if status >= 400:
        raise urllib.error.HTTPError(url, status, str(xhr.statusText), headers, io.BytesIO(body))
    response = urllib.response.addinfourl(io.BytesIO(body), headers, str(xhr.responseURL or url), status)
    response.msg = str(xhr.statusText)  # what urllib's HTTPErrorProcessor reads, as from http.client
    return response


def install_into(request: ModuleType) -> None:
    """Make `request.urlopen` (urllib.request's) fetch http(s) URLs with the browser."""

    class BrowserHandler(request.BaseHandler):  # type: ignore[name-defined,misc]
        handler_order = 100  # before urllib's own HTTPHandler, which needs a socket

        def http_open(self, req: Any) -> Any:
            return _fetch(req)

        https_open = http_open

    request.install_opener(request.build_opener(BrowserHandler))


class _AfterImport:
    """A sys.meta_path entry that lets the other finders find urllib.request, then installs the
    opener once the module has run."""

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> Any:
        if name != "urllib.request":
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(name, path, target)
            if spec is not None and spec.loader is not None:
                spec.loader = _Loader(spec.loader)
                return spec
        return None


class _Loader:
    def __init__(self, inner: Any) -> None:
        self._inner = inner

    def create_module(self, spec: Any) -> Any:
        return self._inner.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        self._inner.exec_module(module)
        install_into(module)

    def __getattr__(self, name: str) -> Any:  # get_source, is_package, ... for tracebacks
        return getattr(self._inner, name)


def install() -> None:
    """In Pyodide: `urllib.request.urlopen` uses the browser from its first import (a no-op
    elsewhere, and when installed already)."""
    if sys.platform != "emscripten" or any(isinstance(f, _AfterImport) for f in sys.meta_path):
        return
    if "urllib.request" in sys.modules:
        install_into(sys.modules["urllib.request"])
    else:
        sys.meta_path.insert(0, _AfterImport())
