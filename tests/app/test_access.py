"""Ready for a shared server (issue 16 item 6): loopback by default, XSRF on, frame-ancestors,
optional login from secrets.toml, workspaces tied to the logged-in user."""

from __future__ import annotations

import asyncio
import hashlib
import os
import re
import tomllib
from pathlib import Path

import pytest

from analytics import workspace as W
from tests.app.conftest import make_app, sample_datasets
from ui import access
from ui.server import SecurityHeaders

ROOT = Path(__file__).resolve().parents[2]


def _store() -> W.Store:
    return W.Store(os.environ["SHOPOPS_DATA_DIR"])


def _ws_id(at) -> str:
    value = at.query_params["ws"]
    return value[0] if isinstance(value, list) else value


def test_server_listens_on_loopback_with_xsrf_by_default():
    cfg = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())["server"]
    assert cfg["address"] == "127.0.0.1"
    assert cfg["enableXsrfProtection"] is True
    assert cfg["maxCacheDataSize"]  # a total budget for cached data
    make = (ROOT / "Makefile").read_text()
    assert re.search(r"^ADDRESS \?= 127\.0\.0\.1$", make, re.M)
    assert "streamlit run serve.py" in make and "--server.address $(ADDRESS)" in make
    # the team deployment files exist and run the hardened entry point
    assert "serve.py" in (ROOT / "Dockerfile").read_text()
    assert "--to app:8501" in (ROOT / "compose.yaml").read_text()  # only the HTTPS proxy reaches it


def _asgi_headers(env: dict[str, str] | None = None) -> dict[str, str]:
    async def app(scope, receive, send):
        await send({"type": "http.response.start", "status": 200, "headers": [(b"a", b"b")]})
        await send({"type": "http.response.body", "body": b"ok"})

    sent = []

    async def send(message):
        sent.append(message)

    async def receive():
        return {"type": "http.request"}

    old = os.environ.get("SHOPOPS_FRAME_ANCESTORS")
    try:
        if env:
            os.environ.update(env)
        mw = SecurityHeaders(app)
        asyncio.run(mw({"type": "http", "path": "/"}, receive, send))
    finally:
        if old is None:
            os.environ.pop("SHOPOPS_FRAME_ANCESTORS", None)
        else:
            os.environ["SHOPOPS_FRAME_ANCESTORS"] = old
    return {k.decode(): v.decode() for k, v in sent[0]["headers"]}


def test_security_headers_forbid_framing_by_other_sites():
    h = _asgi_headers()
    assert h["content-security-policy"] == "frame-ancestors 'self'"
    assert h["x-frame-options"] == "SAMEORIGIN"
    assert h["referrer-policy"] == "same-origin"
    assert h["a"] == "b"  # the app's own headers are kept
    portal = _asgi_headers({"SHOPOPS_FRAME_ANCESTORS": "'self' https://intranet.example"})
    assert portal["content-security-policy"] == "frame-ancestors 'self' https://intranet.example"
    assert "x-frame-options" not in portal


def test_login_modes_and_passwords():
    assert access.mode({}) is None
    assert access.mode({"access": {"password": "pw"}}) == "password"
    assert access.mode({"access": {"users": {"alice": "a"}}}) == "users"
    auth = {"auth": {"client_id": "x", "client_secret": "y", "redirect_uri": "z"}}
    assert access.mode(auth) == "oidc"
    assert access.check_password({"access": {"password": "pw"}}, "", "pw") == "team"
    assert access.check_password({"access": {"password": "pw"}}, "", "PW") is None
    sha = hashlib.sha256(b"s3cret").hexdigest()
    assert access.check_password({"access": {"password_sha256": sha}}, "", "s3cret") == "team"
    users = {"access": {"users": {"alice": "a1", "bob": "b2"}}}
    assert access.check_password(users, "alice", "a1") == "user:alice"
    assert access.check_password(users, "alice", "b2") is None
    assert access.check_password(users, "carol", "") is None
    assert access.owner_key("user:alice") != access.owner_key("user:bob")
    assert access.owner_key(None) is None


def test_without_a_login_nothing_is_asked():
    at = make_app()
    at.run()
    assert not at.exception
    assert not at.text_input  # no password box
    assert at.title[0].value != "" and not any("Password" in x.label for x in at.text_input)


def _login(at, password: str, name: str | None = None):
    if name is not None:
        at.text_input(key="access.name").input(name)
    at.text_input(key="access.password").input(password)
    at.button[0].click()  # the form's submit button
    at.run()
    return at


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_shared_password_gates_every_page(lang):
    at = make_app(lang=lang)
    at.secrets["access"] = {"password": "correct horse"}
    at.run()
    assert not at.exception
    assert at.text_input(key="access.password")
    # nothing of the app runs before the login: no page, no workspace
    assert not any(b.key == "home.samples" for b in at.button)
    assert "ws" not in at.query_params and not _store().ids()
    _login(at, "wrong")
    assert at.error and at.text_input(key="access.password")
    _login(at, "correct horse")
    assert not at.exception
    assert not at.error
    assert at.session_state["_user"] == "team"
    assert any(b.key == "home.samples" for b in at.button)  # the app itself


def test_workspaces_are_tied_to_the_user_who_made_them():
    users = {"alice": "a-pass", "bob": "b-pass"}
    alice = make_app(datasets=sample_datasets("spend"))
    alice.secrets["access"] = {"users": users}
    alice.run()
    _login(alice, "a-pass", name="alice")
    assert not alice.exception
    ws_id = _ws_id(alice)
    assert _store().exists(ws_id)
    assert _store().open(ws_id).owner() == access.owner_key("user:alice")

    bob = make_app()
    bob.secrets["access"] = {"users": users}
    bob.query_params["ws"] = ws_id
    bob.run()
    _login(bob, "b-pass", name="bob")
    assert not bob.exception
    assert any("belongs to another user" in w.value for w in bob.warning)
    assert not bob.session_state["_datasets"]
    assert _ws_id(bob) != ws_id

    again = make_app()
    again.secrets["access"] = {"users": users}
    again.query_params["ws"] = ws_id
    again.run()
    _login(again, "a-pass", name="alice")
    assert len(again.session_state["_datasets"]) == 1
