"""The import wizard's recognition cards: the kind's match and runner-up, and the
evidence per mapped field, in both languages (ui/import_evidence.py)."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.app.conftest import assert_clean, make_app
from ui.i18n import text

# a Taobao UserBehavior log: no header row; user, item, category, behaviour, Unix seconds
LOG = (
    "1,2268318,2520377,pv,1511544070\n"
    "1,2333346,2520771,pv,1511561733\n"
    "1,2576651,149192,cart,1511572885\n"
    "2,3830808,4181361,pv,1511593493\n"
    "2,4365585,2520377,fav,1511596146\n"
    "3,4606018,2735466,pv,1511616481\n"
    "3,230380,411153,buy,1511644942\n"
    "4,3827899,2920476,pv,1511713473\n"
)


@pytest.mark.parametrize(
    ("lang", "unix", "events", "runner"),
    [
        ("en", "Unix seconds", "look like events", "Runner-up"),
        ("zh", "Unix 秒级时间戳", "看起来是行为事件", "其次"),
    ],
)
def test_headerless_log_evidence(lang, unix, events, runner):
    at = make_app("views/data.py", lang=lang, timeout=60)
    at.run()
    at.file_uploader(key="data.upload").set_value(
        ("UserBehavior.csv", LOG.encode(), "text/csv")
    ).run()
    assert_clean(at)
    captions = " ".join(c.value for c in at.caption)
    assert runner in captions
    assert "column_1" in captions  # the no-header note names the columns
    tables = [d.value for d in at.dataframe if isinstance(d.value, pd.DataFrame)]
    why = next(tb for tb in tables if tb.shape[1] == 3 and "column_5" in set(tb.iloc[:, 1]))
    by_field = dict(zip(why.iloc[:, 0], why.iloc[:, 2], strict=True))
    # the field column names each field in the user's language
    by_field = {k: by_field[text(f"field.{k}", lang)] for k in ("event_time", "event")}
    assert unix in by_field["event_time"]
    assert "2017-11-24" in by_field["event_time"]  # 1511544070 s = 2017-11-24 17:21 UTC
    assert events in by_field["event"] and "pv" in by_field["event"]
