"""Workspaces through the app: saved after every run, restored from ?ws=, isolated, controls."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal
from streamlit.testing.v1 import AppTest

from analytics import workspace as W
from tests.app.conftest import assert_clean, make_app, sample_datasets


def _store() -> W.Store:
    return W.Store(os.environ["SHOPOPS_DATA_DIR"])


def _ws_id(at: AppTest) -> str:
    value = at.query_params["ws"]
    return value[0] if isinstance(value, list) else value


def _reopen(ws_id: str, page: str | None = None) -> AppTest:
    at = make_app()
    at.query_params["ws"] = ws_id
    at.run()
    if page:
        at.switch_page(page).run()
    return at


RULES = pd.DataFrame(
    {"source": ["douyin", "baidu"], "medium": ["live", "cpc"], "channel": ["直播", "Paid Search"]}
)


def test_everything_comes_back_after_a_reload():
    dss = sample_datasets("orders", "traffic", "spend")
    at = make_app(datasets=dss)
    at.session_state["_settings"] = {
        "traffic.rules": RULES,
        "traffic.rules_version": 2,
        "pricing.costs": {"P1": 12.5, "P2": 3.0},
        "budget.scenarios": {"Plan A": "not a dataclass but a string"},
        "budget.flash": [("success", "transient")],
    }
    at.run()
    assert_clean(at)
    ws_id = _ws_id(at)
    assert _store().exists(ws_id)

    back = _reopen(ws_id)
    assert_clean(back)
    assert _ws_id(back) == ws_id
    got = back.session_state["_datasets"]
    assert list(got) == list(at.session_state["_datasets"])
    for ds in dss:
        restored = got[f"{ds.kind}-{ds.fingerprint[:10]}"]
        assert_frame_equal(restored.frame, ds.frame, check_exact=True)
        assert restored.mapping == ds.mapping and restored.report.rows_read == ds.report.rows_read
    assert back.session_state["_active"] == at.session_state["_active"]
    settings = back.session_state["_settings"]
    assert_frame_equal(settings["traffic.rules"], RULES)
    assert settings["pricing.costs"] == {"P1": 12.5, "P2": 3.0}
    assert settings["traffic.rules_version"] == 2
    assert "budget.flash" not in settings  # one-off messages are not kept


def _in_place_script():
    from analytics.budget import Scenario
    from ui import state, workspace

    with workspace.session():
        plan = state.get("budget.plan")
        if plan is None:
            state.put("budget.plan", {"tv": 1.0})
            state.put("budget.scenarios", {})
        else:  # pages edit stored dicts in place, without a put
            plan["tv"] += 1
            state.get("budget.scenarios")[f"S{plan['tv']:.0f}"] = Scenario(
                name="S", spend=dict(plan), settings={"budget": 10.0}
            )


def test_in_place_edits_are_saved_at_the_end_of_the_run():
    at = AppTest.from_function(_in_place_script)
    at.run()
    at.run()
    assert at.session_state["_settings"]["budget.plan"] == {"tv": 2.0}
    again = AppTest.from_function(_in_place_script)
    again.query_params["ws"] = _ws_id(at)
    again.run()
    assert not again.exception
    # restored 2.0 from disk, then edited once more
    assert again.session_state["_settings"]["budget.plan"] == {"tv": 3.0}
    scenarios = again.session_state["_settings"]["budget.scenarios"]
    assert list(scenarios) == ["S2", "S3"]
    assert scenarios["S2"].spend == {"tv": 2.0} and scenarios["S2"].settings == {"budget": 10.0}


def _remove_script():
    from ui import state, workspace
    from ui.samples import load_samples

    with workspace.session():
        if not state.datasets():
            for ds in load_samples(("orders", "spend")):
                state.add_dataset(ds)
        elif state.get("test.removed") is None:
            first = next(iter(state.datasets()))
            state.remove_dataset(first)
            state.put("test.removed", first)


def test_removing_a_dataset_is_saved():
    at = AppTest.from_function(_remove_script, default_timeout=30)
    at.run()
    kept = list(at.session_state["_datasets"])
    assert [k.split("-")[0] for k in kept] == ["orders", "spend"]
    at.run()
    assert list(at.session_state["_datasets"]) == kept[1:]
    back = _reopen(_ws_id(at))
    assert_clean(back)
    assert list(back.session_state["_datasets"]) == kept[1:]
    assert back.session_state["_active"] == {"spend": kept[1]}
    assert back.session_state["_settings"]["test.removed"] == kept[0]


def test_two_workspaces_never_see_each_other():
    a = make_app(datasets=sample_datasets("orders"))
    a.session_state["_settings"] = {"pricing.costs": {"secret": 1.0}}
    a.run()
    b = make_app()
    b.run()
    assert_clean(b)
    assert _ws_id(a) != _ws_id(b)
    assert b.session_state["_datasets"] == {}
    assert (
        "pricing.costs" not in b.session_state["_settings"]
        if "_settings" in b.session_state
        else True
    )
    b_again = _reopen(_ws_id(b))
    assert b_again.session_state["_datasets"] == {}
    a_again = _reopen(_ws_id(a))
    assert len(a_again.session_state["_datasets"]) == 1


@pytest.mark.parametrize(
    "bad, message",
    [
        ("../../etc/passwd", "not valid"),
        ("0" * 31, "not valid"),
        ("ABCDEF" + "0" * 26, "not valid"),
        ("deleted", "No workspace has this ID"),
    ],
    ids=["traversal", "short", "uppercase", "deleted"],
)
def test_bad_or_unknown_ids_get_a_clear_message(bad, message):
    if bad == "deleted":  # a workspace that existed and was deleted (or expired)
        bad = _store().create().id
        _store().delete(bad)
    at = make_app()
    at.query_params["ws"] = bad
    at.run()
    assert not at.exception
    warnings = " ".join(w.value for w in at.warning)
    assert message in warnings and "new, empty workspace" in warnings
    new_id = _ws_id(at)
    # a new ID, whose folder is created by the first save, not by the visit (issue 16)
    assert new_id != bad and not _store().exists(new_id)
    assert not (Path(os.environ["SHOPOPS_DATA_DIR"]).parent / "etc").exists()


def test_visits_leave_no_folder_and_a_never_saved_id_reopens_quietly():
    at = make_app()
    at.run()
    ws_id = _ws_id(at)
    assert not _store().exists(ws_id) and _store().ids() == []
    again = _reopen(ws_id)
    assert_clean(again)
    assert not again.warning and _ws_id(again) == ws_id
    # the first save creates it
    with_data = make_app(datasets=sample_datasets("spend"))
    with_data.query_params["ws"] = ws_id
    with_data.run()
    assert _store().exists(ws_id)
    assert len(_reopen(ws_id).session_state["_datasets"]) == 1


def test_bad_id_message_in_chinese():
    at = make_app(lang="zh")
    at.query_params["ws"] = "../x"
    at.run()
    assert any("工作区 ID 无效" in w.value for w in at.warning)


def test_new_workspace_button_starts_clean():
    at = make_app(datasets=sample_datasets("spend"))
    at.run()
    first = _ws_id(at)
    at.sidebar.button(key="workspace.new").click().run()
    assert_clean(at)
    second = _ws_id(at)
    assert second != first
    assert at.session_state["_datasets"] == {}
    assert len(_reopen(first).session_state["_datasets"]) == 1


def test_delete_needs_confirmation_then_removes_the_folder():
    at = make_app(datasets=sample_datasets("spend"))
    at.run()
    ws_id = _ws_id(at)
    assert at.sidebar.button(key="workspace.delete").disabled
    # (AppTest drops the sidebar from its tree after a widget rerun: confirm through state)
    at = make_app()
    at.query_params["ws"] = ws_id
    at.session_state["workspace.confirm"] = True
    at.run()
    assert len(at.session_state["_datasets"]) == 1
    at.sidebar.button(key="workspace.delete").click().run()
    assert_clean(at)
    assert not _store().exists(ws_id)
    assert _ws_id(at) != ws_id and at.session_state["_datasets"] == {}


def test_panel_shows_size_and_recent_workspaces_from_the_cookie():
    old = make_app(datasets=sample_datasets("spend"))
    old.run()
    old_id = _ws_id(old)
    at = make_app()
    at.run()
    captions = " ".join(c.value for c in at.sidebar.caption)
    assert "Workspace" in captions and "saved on the server" in captions
    assert "No other workspace" in captions  # AppTest sends no cookie
    # the recent list reads only IDs of this browser's cookie that still exist
    W.check_id(old_id)
    assert _store().open(old_id).size_bytes() > 1000


def test_remembered_mapping_is_proposed_for_a_known_header():
    def script():
        import streamlit as st

        from analytics.schema import Dataset, ImportReport
        from ui import state
        from ui.workspace import header_signature, recall_mapping

        cols = ["订单号", "买家", "付款时间", "实付"]
        first = recall_mapping("a.csv", cols, "orders", {"order_id": "订单号"})
        st.text(repr(first))
        if not state.get("workspace.mappings"):
            frame = __import__("pandas").DataFrame({"order_id": ["1"]})
            mapping = {"order_id": "订单号", "customer_id": "买家", "amount": "实付"}
            ds = Dataset("orders", frame, mapping, ImportReport(1, 1, 0), "f" * 32, "a.csv")
            state.add_dataset(ds)  # no header given: nothing is remembered
            st.text(repr(state.get("workspace.mappings")))
            # the header passes with the dataset, explicitly
            state.add_dataset(ds, header=header_signature(cols))
        second = recall_mapping("b.csv", cols, "orders", {"order_id": "订单号"})
        st.text(repr(second))
        other = recall_mapping("c.csv", [*cols, "new"], "orders", {"order_id": "订单号"})
        st.text(repr(other))

    at = AppTest.from_function(script)
    at.run()
    assert not at.exception
    texts = [x.value for x in at.text]
    assert texts[0] == repr({"order_id": "订单号"})
    assert texts[1] == repr(None)
    assert texts[2] == repr({"order_id": "订单号", "customer_id": "买家", "amount": "实付"})
    assert texts[3] == repr({"order_id": "订单号"})  # a different header: the usual proposal
    assert any("same columns" in c.value for c in at.caption)


@pytest.mark.parametrize(
    "page",
    [
        "views/home.py",
        "views/traffic.py",
        "views/segments.py",
        "views/funnel.py",
        "views/pricing.py",
        "views/budget.py",
    ],
)
def test_pages_run_clean_after_a_restore(page):
    at = make_app(page, datasets=sample_datasets())
    at.run()
    assert_clean(at)
    back = _reopen(_ws_id(at), page)
    assert_clean(back)
    assert back.session_state["_settings"].keys() >= {
        k for k in at.session_state["_settings"] if "flash" not in k and "pending" not in k
    } - set(back.session_state["_ws"]["skipped"])


def _widget_script():
    import streamlit as st

    from ui import state, workspace

    with workspace.session():
        if state.get("test.init") is None:
            state.set_widget("test.total", 1234.5)
            state.set_widget("test.period", "month")
            state.put("test.init", True)
        st.number_input("total", key="test.total")
        st.selectbox("period", ["week", "month", "quarter"], key="test.period")


def test_preset_widgets_are_restored_and_a_shared_link_wins():
    at = AppTest.from_function(_widget_script)
    at.run()
    at.number_input(key="test.total").set_value(99.0).run()
    ws_id = _ws_id(at)
    back = AppTest.from_function(_widget_script)
    back.query_params["ws"] = ws_id
    back.run()
    assert not back.exception
    assert back.number_input(key="test.total").value == 99.0
    assert back.selectbox(key="test.period").value == "month"
    # a filter given in the link (ui.urlstate names parameters after widget keys) wins
    linked = AppTest.from_function(_widget_script)
    linked.query_params["ws"] = ws_id
    linked.query_params["test.period"] = "quarter"
    linked.session_state["test.period"] = "quarter"  # what ui.urlstate.apply would preset
    linked.run()
    assert linked.selectbox(key="test.period").value == "quarter"
    assert linked.number_input(key="test.total").value == 99.0


def test_a_damaged_dataset_is_left_out_with_a_warning():
    at = make_app(datasets=sample_datasets("orders", "spend"))
    at.run()
    ws_id = _ws_id(at)
    spend = next(d for d in sample_datasets("spend"))
    (_store().open(ws_id).path / "datasets" / spend.fingerprint / "frame.parquet").write_bytes(
        b"broken"
    )
    back = _reopen(ws_id)
    assert not back.exception
    assert any("could not be read" in w.value for w in back.warning)
    assert [k.split("-")[0] for k in back.session_state["_datasets"]] == ["orders"]


def test_unused_workspaces_expire_after_90_days_at_start_up(tmp_path, monkeypatch):
    monkeypatch.setenv("SHOPOPS_CONFIG", str(tmp_path / "none.toml"))  # no config: the default
    assert W.expire_days() == 90
    cfg = tmp_path / "shopops.toml"
    cfg.write_text("[workspace]\nexpire_days = 0\n")
    assert W.expire_days(W.load_config(cfg)) == 0
    store = _store()
    old, recent = store.create(), store.create()
    then = time.time() - 91 * 86400
    old.touch(now=then)
    os.utime(old.path / "meta.json", (then, then))
    recent.touch(now=time.time() - 89 * 86400)
    # the hourly run is not due (it just ran), but a fresh process runs it once at start-up
    (store.root / ".housekeeping").write_text(str(time.time()))
    at = make_app()
    at.run()
    assert not at.exception
    assert not store.exists(old.id) and store.exists(recent.id)
    assert store.was_deleted(old.id)  # a link to it says "deleted or expired"
