"""Optional login for a team deployment (README, "Running for a team").

Nothing is asked when no login is configured (one analyst on their own machine). Else,
from ``.streamlit/secrets.toml``:

* ``[auth]`` (Streamlit's built-in OIDC: ``redirect_uri``, ``cookie_secret``, ``client_id``,
  ``client_secret``, ``server_metadata_url``): sign in with the company's identity provider
  through ``st.login``; the user is ``st.user.email`` (else its ``sub``).
* ``[access] users = {alice = "...", bob = "..."}``: a name and a password per person.
* ``[access] password = "..."`` (or ``password_sha256 = "<hex>"``): one shared password;
  everyone who knows it is the same user, "team".

Workspaces are tied to the user: one made by a user opens only for that user
(``ui.workspace``). Passwords are compared in constant time; a wrong one waits a second.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Mapping
from typing import Any

import streamlit as st

from ui import state
from ui.i18n import t

__all__ = ["mode", "gate", "owner_key"]


def _secrets() -> Mapping[str, Any]:
    try:
        return st.secrets.to_dict() if len(st.secrets) else {}
    except Exception:  # no secrets.toml: no login configured
        return {}


def mode(secrets: Mapping[str, Any] | None = None) -> str | None:
    """``"oidc"``, ``"users"``, ``"password"`` or None (no login configured)."""
    s = _secrets() if secrets is None else secrets
    auth = s.get("auth")
    if isinstance(auth, Mapping) and (
        auth.get("client_id")
        or any(isinstance(v, Mapping) and v.get("client_id") for v in auth.values())
    ):
        return "oidc"
    access = s.get("access")
    if isinstance(access, Mapping):
        if isinstance(access.get("users"), Mapping) and access["users"]:
            return "users"
        if access.get("password") or access.get("password_sha256"):
            return "password"
    return None


def owner_key(user: str | None) -> str | None:
    """What a workspace stores as its owner: a hash of the user (never the e-mail itself)."""
    if not user:
        return None
    return hashlib.sha256(("shopops-owner:" + user).encode("utf-8")).hexdigest()[:32]


def _same(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def check_password(secrets: Mapping[str, Any], name: str, password: str) -> str | None:
    """The user that ``name`` / ``password`` log in as under ``secrets``, or None."""
    access = secrets.get("access") or {}
    users = access.get("users")
    if isinstance(users, Mapping) and users:
        expected = users.get(name.strip())
        ok = isinstance(expected, str) and _same(password, expected)
        return f"user:{name.strip()}" if ok else None
    if access.get("password_sha256"):
        digest = hashlib.sha256(password.encode("utf-8")).hexdigest()
        return "team" if _same(digest, str(access["password_sha256"]).lower()) else None
    if access.get("password"):
        return "team" if _same(password, str(access["password"])) else None
    return None


def gate() -> str | None:
    """The logged-in user (None when no login is configured); without one, ask and stop."""
    secrets = _secrets()
    how = mode(secrets)
    if how is None:
        state.set_user(None)
        return None
    if how == "oidc":
        if not st.user.is_logged_in:
            st.title("Shop Ops Analytics")
            st.info(t("access.oidc_intro"))
            st.button(t("access.oidc_login"), key="access.login", on_click=st.login, type="primary")
            st.stop()
        user = str(st.user.get("email") or st.user.get("sub") or "")
        state.set_user(f"oidc:{user}")
        with st.sidebar:
            st.button(t("access.logout"), key="access.logout", on_click=st.logout)
        return state.user()
    user = state.user()
    if user:
        return user
    st.title("Shop Ops Analytics")
    with st.form("access.form"):
        name = st.text_input(t("access.name"), key="access.name") if how == "users" else ""
        password = st.text_input(t("access.password"), type="password", key="access.password")
        sent = st.form_submit_button(t("access.submit"), type="primary")
    if sent:
        who = check_password(secrets, name or "", password or "")
        if who:
            state.set_user(who)
            st.rerun()
        time.sleep(1.0)  # slows guessing
        st.error(t("access.wrong"))
    st.stop()
    return None
