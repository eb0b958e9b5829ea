"""End-to-end: the Topics page's paragraph list (an st.fragment) in Chromium against `streamlit run`.

Tiny corpus and hashing lenses (no model): picking a cluster in "Show" reruns the list on a live
server and shows that cluster's paragraphs, with the rest of the page still there.
"""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

pytestmark = pytest.mark.browser


def test_picking_a_cluster_in_the_list_shows_its_paragraphs(open_app, tiny_data_dir, lens_file):
    app = open_app(tiny_data_dir, env={"NEWSLENS_LENSES": str(lens_file)})
    app.goto("topics")
    page = app.page
    picker = page.locator(".st-key-topics_list input")
    assert picker.input_value().startswith("lens: ")        # opens on the first lens
    option = page.get_by_role("option", name=re.compile(r"^cluster: ")).first
    for _ in range(3):
        # A rerun that lands while the list is open (the page settling after navigation, the
        # model warming in the background) closes it: type again until the options show.
        app.wait_until_idle()
        picker.click()                                      # focus: the list opens on typing
        picker.fill("cluster: ")                            # typing narrows the options
        try:
            option.wait_for(timeout=10_000)
            break
        except PlaywrightTimeout:
            continue
    option.wait_for(timeout=5_000)
    picker.press("ArrowDown")
    picker.press("Enter")
    app.wait_until_idle()
    assert picker.input_value().startswith("cluster: ")
    text = app.main_text()
    assert re.search(r"\d+ paragraph\(s\)\. Select a row", text)
    assert "Corpus map" in text and page.locator('[data-testid="stPlotlyChart"]').count() == 4
    assert app.dialogs == []


def test_the_list_downloads_are_made_on_click_and_hold_every_listed_row(open_app, tiny_data_dir, lens_file):
    # The downloads are generated only when clicked (a callable), so a 1M corpus does not
    # serialise a big list on every rerun: the file must still arrive, with every listed row.
    import csv
    import io

    app = open_app(tiny_data_dir, env={"NEWSLENS_LENSES": str(lens_file)})
    app.goto("topics")
    listed = int(re.search(r"(\d+) paragraph\(s\)\. Select a row", app.main_text()).group(1))
    with app.page.expect_download() as info:
        app.page.get_by_role("button", name="Download CSV").click()
    text = open(info.value.path(), encoding="utf-8-sig").read()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert listed >= 1 and len(rows) == listed
    assert all(row["text"] for row in rows)
