"""End-to-end: the app frame, timeline and reader in headless Chromium against `streamlit run`."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_frame_shows_corpus_glance_and_navigation(open_app, browser_tiny_data_dir):
    app = open_app(browser_tiny_data_dir)
    app.goto("")
    sidebar = app.sidebar_text()
    assert "Articles: 4" in sidebar
    assert "Outlets: 3" in sidebar
    app.screenshot("frame")
    assert app.dialogs == []
