"""End-to-end QA of the topic filter and the cluster chart in headless Chromium (sample corpus, real model).

Screenshots: tests/artifacts/timeline_topic_filter.png, topics_clusters.png.
"""
from __future__ import annotations

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.model]

FIRST_LOAD_MS = 420_000     # the first visit loads the model and scores every paragraph


def choose_topic(app, topic: str) -> None:
    page = app.page
    page.locator('[data-testid="stSidebar"] .st-key-nl_topics input').click()
    page.get_by_role("option", name=topic, exact=True).click()
    page.keyboard.press("Escape")
    # The rerun (and, the first time, loading the model to score the lenses) starts after the click.
    page.get_by_text(f"with a paragraph on: {topic}").first.wait_for(timeout=FIRST_LOAD_MS)
    app.wait_until_idle(timeout_ms=FIRST_LOAD_MS)


def article_count(app) -> int:
    return int(re.search(r"([\d,]+) article\(s\) from", app.main_text())[1].replace(",", ""))


def test_timeline_topic_filter_and_reset(open_app, sample_data_dir):
    app = open_app(sample_data_dir)
    app.goto("timeline")
    everything = article_count(app)
    choose_topic(app, "executions")
    assert "with a paragraph on: executions" in app.main_text()
    assert 0 < article_count(app) < everything
    app.screenshot("timeline_topic_filter", full_page=False)
    app.page.locator('[data-testid="stSidebar"] .st-key-nl_reset_filters button').click()
    app.page.get_by_text("with a paragraph on").wait_for(state="detached")
    app.wait_until_idle()
    app.screenshot("timeline_topic_filter_reset", full_page=False)
    assert article_count(app) == everything and "with a paragraph on" not in app.main_text()
    assert "executions" not in app.page.locator('[data-testid="stSidebar"] .st-key-nl_topics').inner_text()
    assert app.dialogs == []


def test_cluster_chart_is_tall_enough_for_its_labels(open_app, sample_data_dir):
    app = open_app(sample_data_dir)
    app.page.goto(f"{app.server.url}/topics", wait_until="domcontentloaded")
    app.wait_until_idle(timeout_ms=FIRST_LOAD_MS)
    chart = app.page.locator('[data-testid="stPlotlyChart"]').filter(has_text="Clusters of paragraphs")
    chart.scroll_into_view_if_needed()
    app.page.wait_for_timeout(500)
    chart.screenshot(path=str(app.screenshot("topics_clusters_page", full_page=False).parent / "topics_clusters.png"))
    bars = chart.locator(".barlayer .point").count()
    box = chart.bounding_box()
    assert bars >= 2 and box["height"] >= 36 * bars + 200
    # No y-axis title, and the stamp is not squeezed into a narrow column.
    assert chart.locator(".ytitle").count() == 0
    stamp = chart.locator(".annotation-text", has_text="NewsLens").bounding_box()
    assert stamp["height"] <= 60                                 # at most three lines
