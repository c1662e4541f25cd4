"""The engine layer on a real PostgreSQL server: connection errors, the sample shop loaded
back through a connection, the price index (the properties of every engine are in
test_engine_exact.py)."""

from __future__ import annotations

import pytest

from analytics.engine import connect
from analytics.messages import AnalyticsError
from tests.analytics import engine_checks as ec
from tests.analytics.engine_servers import postgres_url  # noqa: F401  (fixture)


@pytest.fixture(scope="module")
def pg(postgres_url):  # noqa: F811
    eng = connect(postgres_url)
    yield eng
    eng.close()


def test_wrong_password_is_a_coded_error_without_the_password(postgres_url):  # noqa: F811
    bad = postgres_url.replace("127.0.0.1", "127.0.0.1", 1).rsplit(":", 1)[0] + ":1/postgres"
    bad = bad.replace("shopops@", "shopops:hunter2@")
    with pytest.raises(AnalyticsError) as err:
        connect(bad)
    assert err.value.code == "analytics.engine.connect_failed"
    assert "hunter2" not in str(err.value)


def _sorted(frame):
    cols = list(frame.columns)
    return frame.sort_values(cols, kind="stable", na_position="last").reset_index(drop=True)


def test_sample_shop_loaded_into_postgres_gives_the_uploads_figures(pg):
    """The five sample files copied into PostgreSQL as the reader reads them, imported back
    through a connection: the same datasets (a table has no row order) and the same
    figures on every page's main numbers."""
    import numpy as np
    import pandas as pd

    from analytics import funnel, orders, rfm, traffic
    from analytics.engine.load import load_table
    from analytics.readers import read_table
    from ui.samples import SAMPLE_FILES, load_samples

    uploads = {ds.kind: ds for ds in load_samples()}
    loaded = {}
    for kind, path in SAMPLE_FILES.items():
        pg.register(f"sample_{kind}", read_table(path).frame)
        loaded[kind] = load_table(pg, f"sample_{kind}")
        assert loaded[kind].kind == kind
        pd.testing.assert_frame_equal(_sorted(loaded[kind].frame), _sorted(uploads[kind].frame))
    a, b = uploads["orders"].frame, loaded["orders"].frame
    ta, tb = orders.order_totals(a), orders.order_totals(b)
    assert (ta.orders, ta.buyers, ta.void_lines) == (tb.orders, tb.buyers, tb.void_lines)
    assert np.isclose(ta.gmv, tb.gmv, rtol=1e-12) and np.isclose(ta.refunds, tb.refunds, rtol=1e-12)
    pd.testing.assert_frame_equal(rfm.rfm_table(a), rfm.rfm_table(b), rtol=1e-12)
    steps = ["view", "cart", "checkout", "purchase"]
    ea, eb = uploads["events"].frame, loaded["events"].frame
    pd.testing.assert_frame_equal(funnel.funnel_counts(ea, steps), funnel.funnel_counts(eb, steps))
    da = traffic.build_mix(uploads["traffic"].frame, a).daily
    db = traffic.build_mix(loaded["traffic"].frame, b).daily
    pd.testing.assert_frame_equal(_sorted(da), _sorted(db), rtol=1e-12)


def test_price_index_from_daily_cells_equals_pandas(pg):
    from ui.samples import load_samples

    ec.check_prices(pg, load_samples(("prices",))[0].frame)
