"""A page's choices survive a visit to another page (Streamlit forgets the value of a widget
that a run does not draw; ``ui.state.keep_widgets`` keeps the declared ones)."""

from __future__ import annotations

from tests.app.conftest import assert_clean, make_app, sample_datasets


def test_funnel_steps_and_rules_survive_another_page():
    at = make_app("views/funnel.py", datasets=sample_datasets("events", "orders"))
    at.run()
    at.number_input(key="funnel.n_steps").set_value(3).run()
    at.number_input(key="funnel.window").set_value(2).run()
    at.text_input(key="funnel.label.0").input("Seen").run()
    assert_clean(at)
    at.switch_page("views/segments.py").run()
    assert_clean(at)
    at.switch_page("views/funnel.py").run()
    assert_clean(at)
    assert at.number_input(key="funnel.n_steps").value == 3
    assert at.number_input(key="funnel.window").value == 2
    assert at.text_input(key="funnel.label.0").value == "Seen"


def test_a_data_editors_edits_are_never_set_back():
    """Read-only widget states (a data editor's edits, a file) are left to Streamlit."""
    at = make_app("views/home.py", datasets=sample_datasets("orders", "traffic"))
    at.run()
    at.session_state["data.opt.legend.x"] = {"edited_rows": {}}  # a declared family
    at.run()
    assert_clean(at)
