"""Server entry point: ``streamlit run serve.py`` (what ``make run`` and the Dockerfile use).

It serves ``app.py`` as Streamlit's ASGI app behind :class:`ui.server.SecurityHeaders`
(frame-ancestors, referrer policy). Address, port, XSRF and upload limits come from
``.streamlit/config.toml`` and the command line as usual. ``streamlit run app.py`` still
works (for development) but without these headers.
"""

from pathlib import Path

import streamlit as st
from starlette.middleware import Middleware

from ui.server import SecurityHeaders

if not hasattr(st, "App"):  # Streamlit's ASGI entry point arrived in early 2026 (tested on 1.67)
    raise SystemExit(
        "serve.py needs a Streamlit with st.App: pip install -U streamlit "
        "(or run `streamlit run app.py`, without the security headers)."
    )

app = st.App(
    str(Path(__file__).resolve().parent / "app.py"), middleware=[Middleware(SecurityHeaders)]
)
