"""Request checks for local servers: loopback Host (DNS rebinding), same Origin, the launch token."""
from __future__ import annotations

import hmac
import ipaddress
import urllib.parse

__all__ = ["host_allowed", "is_loopback", "origin_allowed", "split_host", "token_matches"]

_LOOPBACK_NAMES = {"localhost", "localhost.", "localhost6", "ip6-localhost"}


def is_loopback(host: str) -> bool:
    """Whether a bind address or host name is this machine's loopback."""
    host = host.strip("[]").lower()
    if host in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def split_host(value: str) -> tuple[str, str]:
    """`host[:port]` -> (host lowercased without brackets, port or "")."""
    value = value.strip().lower()
    if value.startswith("["):
        end = value.find("]")
        if end < 0:
            return value, ""
        return value[1:end], value[end + 2 :] if value[end + 1 : end + 2] == ":" else ""
    host, _, port = value.partition(":")
    return host, port


def host_allowed(header: str | None, extra: set[str] = frozenset()) -> bool:  # type: ignore[assignment]
    """Whether a Host header names this machine.

    A DNS-rebinding page reaches us as `Host: attacker.example:PORT`; loopback names and literals
    can't be rebound. The port is not compared: an SSH tunnel (`-L 9000:localhost:8000`) arrives
    with the tunnel's port, and the port adds nothing against rebinding.
    """
    if not header:
        return False
    host, _ = split_host(header)
    return is_loopback(host) or host in extra


def origin_allowed(origin: str | None, host_header: str | None) -> bool:
    """A request without Origin passes; with one, it must be this very server (scheme, host, port).

    Browsers send Origin on every cross-origin request and on same-origin POSTs. Comparing it with
    the Host header (already checked) rather than a fixed port keeps SSH tunnels working while a
    page on another local port (another origin) is refused. `Origin: null` (sandboxed iframes,
    file://) is refused.
    """
    if origin is None:
        return True
    if not host_header:
        return False
    parts = urllib.parse.urlsplit(origin.strip())
    if parts.scheme != "http" or parts.path not in ("", "/"):
        return False
    return split_host(parts.netloc) == split_host(host_header)


def token_matches(given: str | None, expected: str) -> bool:
    # Constant-time, so the token can't be guessed one character at a time.
    return given is not None and hmac.compare_digest(given.encode(), expected.encode())
