"""The shared sidebar: language switch and the loaded datasets."""

from __future__ import annotations

import streamlit as st

from ui import engine_panel, import_related, shop, state
from ui.i18n import LANGS, t
from ui.safe import inert


def _fmt_range(ds) -> str:
    rng = ds.date_range
    if rng is None:
        return ""
    return f"{rng[0]:%Y-%m-%d} – {rng[1]:%Y-%m-%d}"


def render() -> None:
    """Draw the language switch and the loaded datasets."""
    if state.widget(state.LANG_KEY) is None:
        state.set_widget(state.LANG_KEY, state.get_lang())
    with st.sidebar:
        st.radio(
            t("sidebar.language"),
            options=list(LANGS),
            format_func=LANGS.get,
            key=state.LANG_KEY,
            horizontal=True,
        )
        shop.settings()

        # pages that add or remove datasets rerun the app, so this list is always current
        st.subheader(t("sidebar.datasets"))
        loaded = state.datasets()
        if not loaded:
            st.caption(t("sidebar.none"))
        for ds_id, ds in list(loaded.items()):
            is_active = state.active_id(ds.kind) == ds_id
            with st.container(border=True):
                mark = f" · {t('sidebar.active')}" if is_active else ""
                st.markdown(f"**{t('kind.' + ds.kind)}**{mark}")
                # file names are user data: shown as plain text, never as markdown
                st.text(ds.filename or ds_id)
                st.caption(f"{t('sidebar.rows', rows=f'{ds.rows:,}')}  {_fmt_range(ds)}")
                cols = st.columns(2)
                if not is_active and cols[0].button(t("sidebar.use"), key=f"sidebar.use.{ds_id}"):
                    state.set_active(ds_id)
                    st.rerun()
                if cols[1].button(
                    t("sidebar.remove"),
                    key=f"sidebar.remove.{ds_id}",
                    help=t("sidebar.remove_help", name=inert(ds.filename or ds_id)),
                ):
                    engine_panel.forget(ds)  # a table in place: not opened again
                    state.remove_dataset(ds_id)
                    st.rerun()
                if (
                    ds.kind == "orders" and ds.live is None
                ):  # payments, lines or customers in another file
                    import_related.sidebar_button(ds_id)
