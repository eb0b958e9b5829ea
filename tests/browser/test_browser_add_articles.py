"""End-to-end: a researcher uploads a Telegram channel export and a small CSV export on the
"Add articles" page, watches the progress, and lands on the new corpus' timeline with the run's
outcome (failed sources included) shown there; a channel post and the outlets re-reporting it show
as one story, the post first, each outlet's lag in hours or days.

Screenshots: tests/artifacts/add_articles_preview.png, add_articles_timeline.png, origin_post_rereports.png.
"""
from __future__ import annotations

import re

import pytest

from tests.browser.conftest import SCRIPT_TIMEOUT_MS
from tests.collect_fixtures import CHANNEL, write_mediacloud_csv, write_telegram
from tests.origin_fixtures import write_channel_export, write_reports

pytestmark = pytest.mark.browser

WATCH_PROGRESS = """() => {
    window.__nlSawProgress = false;
    const seen = () => { if (document.querySelector('[data-testid="stProgress"]')) window.__nlSawProgress = true; };
    new MutationObserver(seen).observe(document.body, {childList: true, subtree: true});
    seen();
}"""


def test_upload_an_export_and_see_it_on_the_timeline(open_app, tiny_data_dir, tmp_path):
    exports = tmp_path / "exports"
    exports.mkdir()
    files = [str(write_telegram(exports)), str(write_mediacloud_csv(exports))]
    app = open_app(tiny_data_dir, env={"NEWSLENS_CORPORA": str(tmp_path / "corpora"),
                                       "NEWSLENS_MODEL": "hashing-64"})
    page = app.goto("add_articles")
    assert "Add articles" in app.main_text()

    page.get_by_label("Name of the new corpus").fill("Channel watch")
    page.get_by_label("Name of the new corpus").press("Enter")
    app.wait_until_idle()
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(files)
    page.get_by_text("What will be collected").wait_for()
    app.wait_until_idle()
    text = app.main_text()
    assert "2 Telegram posts" in text and "2 export rows with text" in text and "left out" in text
    app.screenshot("add_articles_preview")

    page.evaluate(WATCH_PROGRESS)
    page.get_by_role("button", name="Collect and build").click()
    # Built: the researcher lands on the new corpus' timeline, the run's outcome still in view.
    page.wait_for_url(re.compile(r"/timeline"), timeout=SCRIPT_TIMEOUT_MS)
    page.get_by_text("is built: its articles are shown below").wait_for()
    app.wait_until_idle()
    assert page.evaluate("window.__nlSawProgress") is True
    text = app.main_text()
    assert "Timeline of reports" in text and "4 article(s) from 3 outlet(s)" in text
    assert "Collected 4 new article(s)" in text
    assert "only a photo, no text" in text or "media only" in text
    assert "no url and no text" in text
    assert "Articles: 4" in app.sidebar_text()
    stamps = page.locator('[data-testid="stPlotlyChart"] .annotation-text', has_text="Corpus: Channel-watch")
    assert stamps.count() >= 1                     # the chart stamp names the user's corpus
    assert page.locator('[data-testid="stPlotlyChart"]').first.get_by_text(CHANNEL).count() >= 1
    app.screenshot("add_articles_timeline")
    page.get_by_role("button", name="Dismiss").click()
    page.get_by_text("is built: its articles are shown below").wait_for(state="detached")
    app.wait_until_idle()
    assert "is built" not in app.main_text() and "4 article(s) from 3 outlet(s)" in app.main_text()
    assert app.dialogs == []


def test_channel_post_and_its_rereports_on_the_timeline(open_app, tiny_data_dir, tmp_path):
    exports = tmp_path / "exports"
    files = [str(write_channel_export(exports)), str(write_reports(exports))]
    app = open_app(tiny_data_dir, env={"NEWSLENS_CORPORA": str(tmp_path / "corpora"),
                                       "NEWSLENS_MODEL": "hashing-64"})
    page = app.goto("add_articles")
    page.get_by_label("Name of the new corpus").fill("Intercepts")
    page.get_by_label("Name of the new corpus").press("Enter")
    app.wait_until_idle()
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(files)
    page.get_by_text("What will be collected").wait_for()
    app.wait_until_idle()
    page.get_by_role("button", name="Collect and build").click()
    page.wait_for_url(re.compile(r"/timeline"), timeout=SCRIPT_TIMEOUT_MS)
    page.get_by_text("is built: its articles are shown below").wait_for()
    app.wait_until_idle()
    chart = page.locator('[data-testid="stPlotlyChart"]', has_text="Who reported first")
    chart.scroll_into_view_if_needed()
    svg_texts = "els => els.map(e => e.textContent)"
    rows = chart.locator(".yaxislayer-above .ytick text").evaluate_all(svg_texts)
    story = [r for r in reversed(rows) if r.startswith("Story 1")]    # ticks are drawn bottom-up
    assert story == [f"Story 1 · {CHANNEL}", "Story 1 · Kyiv Ledger", "Story 1 · Baltic Monitor",
                     "Story 1 · Danube Weekly"], rows
    lags = chart.locator(".annotation-text").evaluate_all(svg_texts)
    for lag in ("first", "+5 h", "+22 h", "+2 days"):
        assert lag in lags, lags
    app.screenshot("origin_post_rereports")
    assert app.dialogs == []
