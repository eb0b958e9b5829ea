"""End-to-end: the topics page in headless Chromium against `streamlit run`.

The showcase is the sample corpus with the real model and the shipped lenses; screenshots go to
tests/artifacts/topics*.png.
"""
from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.model]

# The first visit loads the model, scores every paragraph and clusters: on a busy 2-core machine
# that has taken over two minutes, beyond the shared fixture's default wait.
FIRST_LOAD_MS = 420_000


def open_topics(app, params: dict | None = None) -> None:
    query = f"?{urlencode(params)}" if params else ""
    app.page.goto(f"{app.server.url}/topics{query}", wait_until="domcontentloaded")
    app.wait_until_idle(timeout_ms=FIRST_LOAD_MS)


def test_topics_page_shows_the_map_with_lens_colours(open_app, sample_data_dir):
    app = open_app(sample_data_dir)
    open_topics(app)
    main = app.main_text()
    assert "Corpus map" in main and "Discovered clusters" in main
    assert re.search(r"\d+ of \d+ content paragraphs match the filters", main)
    page = app.page
    charts = page.locator('[data-testid="stPlotlyChart"]')
    assert charts.count() == 4
    points = charts.first.locator(".scatterlayer .point")
    assert points.count() >= 50                          # one per content paragraph
    legend = charts.first.locator(".legend").text_content()
    assert "morale" in legend and "executions" in legend and "no lens" in legend
    app.screenshot("topics")
    assert app.dialogs == []



def test_topics_presentation_mode_is_slide_ready(open_app, sample_data_dir):
    app = open_app(sample_data_dir)
    open_topics(app, {"present": "1"})
    page = app.page
    assert page.locator('[data-testid="stSidebar"]').is_hidden()
    assert page.locator('[data-testid="stSlider"]').count() == 0 or \
        not page.locator('[data-testid="stSlider"]').first.is_visible()       # controls hidden
    assert "Snapshot" in page.locator('[data-testid="stPlotlyChart"]').first.inner_text()  # stamped
    app.screenshot("topics_presentation", full_page=False)
