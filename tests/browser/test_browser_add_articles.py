"""End-to-end: a researcher uploads a Telegram channel export and a small CSV export on the
"Add articles" page, watches the progress, and finds the new articles on the timeline.

Screenshots: tests/artifacts/add_articles_preview.png, add_articles_result.png, add_articles_timeline.png.
"""
from __future__ import annotations

import re

import pytest

from tests.collect_fixtures import CHANNEL, write_mediacloud_csv, write_telegram

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
    page.get_by_text("is built and is now the corpus shown").wait_for()
    app.wait_until_idle()
    assert page.evaluate("window.__nlSawProgress") is True
    text = app.main_text()
    assert "Collected 4 new article(s)" in text
    assert "only a photo, no text" in text or "media only" in text
    assert "no url and no text" in text
    app.screenshot("add_articles_result")

    page.get_by_role("link", name=re.compile("Open the timeline of Channel-watch")).click()
    page.wait_for_url(re.compile(r"/timeline"), timeout=60_000)
    app.wait_until_idle()
    text = app.main_text()
    assert "Timeline of reports" in text and "4 article(s) from 3 outlet(s)" in text
    assert "Articles: 4" in app.sidebar_text()
    stamps = page.locator('[data-testid="stPlotlyChart"] .annotation-text', has_text="Corpus: Channel-watch")
    assert stamps.count() >= 1                     # the chart stamp names the user's corpus
    assert page.locator('[data-testid="stPlotlyChart"]').first.get_by_text(CHANNEL).count() >= 1
    app.screenshot("add_articles_timeline")
    assert app.dialogs == []
