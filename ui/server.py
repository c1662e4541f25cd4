"""HTTP hardening for the server (used by ``serve.py``; no Streamlit calls, no session state).

:class:`SecurityHeaders` is a plain ASGI middleware that adds, to every HTTP response:

* ``Content-Security-Policy: frame-ancestors 'self'`` and ``X-Frame-Options: SAMEORIGIN``:
  no other site can frame the app (click-jacking). ``$SHOPOPS_FRAME_ANCESTORS`` replaces
  ``'self'`` (e.g. ``'self' https://intranet.example.com`` to embed it in a portal).
* ``Referrer-Policy: same-origin``: the workspace ID in the address never leaks to other
  sites through links.
* ``X-Content-Type-Options: nosniff``.
"""

from __future__ import annotations

import os
from typing import Any

__all__ = ["SecurityHeaders", "security_headers"]


def security_headers() -> list[tuple[bytes, bytes]]:
    """The headers added to every response (from the environment at call time)."""
    ancestors = os.environ.get("SHOPOPS_FRAME_ANCESTORS", "").strip() or "'self'"
    frame = b"SAMEORIGIN" if ancestors == "'self'" else None
    out = [
        (b"content-security-policy", f"frame-ancestors {ancestors}".encode("latin-1")),
        (b"referrer-policy", b"same-origin"),
        (b"x-content-type-options", b"nosniff"),
    ]
    if frame:
        out.append((b"x-frame-options", frame))
    return out


class SecurityHeaders:
    """ASGI middleware: add :func:`security_headers` to HTTP responses (not to websockets)."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.headers = security_headers()

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope.get("type") != "http":
            await self.app(scope, receive, send)
            return
        names = {name for name, _v in self.headers}

        async def send_with_headers(message: dict) -> None:
            if message.get("type") == "http.response.start":
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in names]
                message = {**message, "headers": kept + self.headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)
