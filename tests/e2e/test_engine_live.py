"""Issue 18 in the browser: a database's tables queried in place.

The sample shop's tables sit in a DuckDB database file. Through the Import page's card
(address, tables, "Query in place", load), the Funnel page then counts in the database and
shows the uploaded files' figures, with the caption saying where it ran; the Overview says
which table it would need imported; a reload of the workspace opens the tables again.
"""

from __future__ import annotations

import pytest

from tests.e2e.conftest import nav, wait_ready

TABLES = ["shop_orders", "shop_events", "shop_traffic"]


@pytest.fixture(scope="module")
def shop_db(tmp_path_factory):
    import duckdb

    from analytics.readers import read_table
    from ui.samples import SAMPLE_FILES

    path = tmp_path_factory.mktemp("db") / "shop.duckdb"
    con = duckdb.connect(str(path))
    for kind in ("orders", "events", "traffic"):
        frame = read_table(SAMPLE_FILES[kind]).frame
        con.register("f", frame)
        con.execute(f"CREATE TABLE shop_{kind} AS SELECT * FROM f")
        con.unregister("f")
    con.close()
    return f"duckdb:///{path}"


def _connect_in_place(pg, url: str) -> None:
    nav(pg, "Import data")
    pg.get_by_text("Connect to a database or warehouse").first.click()
    box = pg.locator('input[aria-label="Connection address"]')
    box.fill(url)
    box.press("Enter")
    wait_ready(pg)
    pg.get_by_text("Connected to DuckDB").first.wait_for()
    picker = pg.locator('[data-testid="stMultiSelect"]').filter(has_text="Tables to load")
    title = pg.get_by_text("Upload the exports you already have").first  # a place to click
    for table in TABLES:  # pick each option from the list, again if a rerun closed it
        for _ in range(5):
            picker.locator("input").first.click()
            option = pg.get_by_role("option", name=table, exact=True).first
            try:
                option.wait_for(timeout=3_000)
                option.click()
            except Exception:  # the list did not open (a rerun replaced the widget)
                title.click()  # (never Escape: on a closed list it clears the choices)
                wait_ready(pg)
                continue
            title.click()  # closes the list
            wait_ready(pg)
            break
        picker.get_by_text(table, exact=True).first.wait_for()  # its chip
    pg.locator("button").filter(has_text="Query in place").first.click()
    wait_ready(pg)
    pg.get_by_role("button", name="Load as datasets").first.click()
    wait_ready(pg, timeout=60_000)
    # the loaded tables in the sidebar (the "Loaded" flash lasts one run: a race to read)
    side = pg.locator('[data-testid="stSidebar"]')
    for table in TABLES:
        side.get_by_text(f"DuckDB: {table}").first.wait_for(timeout=60_000)


def test_funnel_counts_in_the_database_with_the_uploads_figures(page, shop_db):
    pg = page
    _connect_in_place(pg, shop_db)
    nav(pg, "Funnel")
    pg.get_by_text("Queried in place on DuckDB").first.wait_for()
    entered = pg.locator('[data-testid="stMetric"]').filter(has_text="Entered (step 1)")
    assert "11,122" in entered.first.inner_text()
    completed = pg.locator('[data-testid="stMetric"]').filter(has_text="Completed (last step)")
    assert "1,526" in completed.first.inner_text()
    pg.get_by_text("last query").first.wait_for()  # the caption, redrawn after the query
    nav(pg, "Overview")
    pg.get_by_text("this page needs its rows in the app").first.wait_for()
    assert not pg.locator('[data-testid="stException"]').count()
    # a reload restores the workspace: the tables in place are opened again (no rows saved)
    pg.reload()
    wait_ready(pg, timeout=60_000)
    nav(pg, "Funnel")
    pg.get_by_text("Queried in place on DuckDB").first.wait_for()
    entered = pg.locator('[data-testid="stMetric"]').filter(has_text="Entered (step 1)")
    assert "11,122" in entered.first.inner_text()
