"""Local HTTP servers: `cove serve` (a static folder) and `cove edit` (one notebook and its save API)."""
from __future__ import annotations

from .edit import EditServer, make_edit_server
from .static import StaticServer, make_static_server

__all__ = ["EditServer", "StaticServer", "make_edit_server", "make_static_server"]
