"""The user-layering page in headless Chromium: it renders with the sample data and exports a list."""

from __future__ import annotations

from tests.e2e.conftest import CHART, load_samples, nav, wait_ready


def test_segments_page_renders_and_exports_a_customer_list(page, tmp_path):
    load_samples(page)
    nav(page, "User layering")
    main = page.locator('[data-testid="stMain"]')
    main.get_by_text("Customers scored").first.wait_for()
    # the charts arrive after the first text: wait for the second before counting
    page.locator(CHART).nth(1).wait_for()
    body = main.inner_text()
    assert "Traceback" not in body
    assert "Revenue from top 20% customers" in body
    # charts are drawn (segment bars and the R x F grid)
    assert page.locator('[data-testid="stVegaLiteChart"]').count() >= 2
    page.get_by_role("tab", name="Export").click()
    wait_ready(page)
    page.get_by_text("customers in this list").first.wait_for()
    with page.expect_download() as info:
        page.get_by_role("button", name="Download CSV").first.click()
    download = info.value
    assert download.suggested_filename.startswith("customers_rf_")
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel opens it as UTF-8
    header = raw.decode("utf-8-sig").splitlines()[0]
    assert "Customer ID" in header and "R x F segment" in header
    assert len(raw.decode("utf-8-sig").splitlines()) > 2
    assert page.dialogs == []
