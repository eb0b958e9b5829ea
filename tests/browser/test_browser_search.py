"""End-to-end: the search page in headless Chromium against `streamlit run`.

Screenshots land in tests/artifacts/ (search_sample, search_presentation, search_hostile,
search_empty) - look at them before a release.
"""
from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest

pytestmark = pytest.mark.browser


def test_search_the_sample_corpus_and_see_highlighted_hits(open_app, sample_data_dir):
    app = open_app(sample_data_dir)
    app.goto("search")
    box = app.page.get_by_role("textbox", name="Search the corpus")
    box.fill("soldiers shooting each other in the leg to go home")
    box.press("Enter")
    app.page.wait_for_url(re.compile(r"[?&]q="), timeout=60_000)
    # The first query loads the model: wait for the results themselves, then for the script.
    app.page.locator(".nl-hit mark").first.wait_for(timeout=180_000)
    app.wait_until_idle()
    marks = app.page.locator("[data-testid='stMain'] .nl-hit mark")
    assert marks.count() > 0 and marks.first.is_visible()
    text = app.main_text()
    assert "JOE" in text and "18 Mar 2022" in text
    # The typed query is in the URL: the link reproduces the search.
    assert parse_qs(urlparse(app.page.url).query)["q"] == ["soldiers shooting each other in the leg to go home"]
    # Grouped re-reports of the Dagens / Kyiv Independent pair are one click away.
    app.page.get_by_role("textbox", name="Search the corpus").fill("Putin raised prison terms for deserters")
    app.page.get_by_role("textbox", name="Search the corpus").press("Enter")
    app.page.wait_for_url(re.compile(r"q=Putin"), timeout=60_000)
    app.page.get_by_text("Putin raised prison terms for deserters", exact=False).first.wait_for(timeout=120_000)
    app.wait_until_idle()
    also = app.page.get_by_text(re.compile(r"^Also in 1 other outlet"))
    assert also.count() >= 1
    also.first.click()
    app.wait_until_idle()
    app.screenshot("search_sample")
    assert app.dialogs == []


def test_a_shared_link_reproduces_the_search_in_presentation_mode(open_app, sample_data_dir):
    app = open_app(sample_data_dir)
    app.goto("search", {"q": '"1428th"', "mode": "hybrid", "k": "5", "present": "1"})
    assert not app.page.locator('[data-testid="stSidebar"]').is_visible()
    assert not app.page.get_by_role("textbox", name="Search the corpus").is_visible()       # controls hidden
    main = app.main_text()
    assert "Results for" in main and "1428th" in main and "Kyiv Post" in main
    assert app.page.locator(".nl-hit mark", has_text="1428th").count() >= 1
    app.screenshot("search_presentation")


def test_hostile_text_and_query_render_literally(open_app, tiny_data_dir):
    app = open_app(tiny_data_dir)
    app.goto("search", {"q": "prices rose <img src=x onerror=alert(1)> $5 **", "mode": "lexical"})
    main = app.page.locator('[data-testid="stMain"]')
    assert "<script>alert(1)</script>" in main.inner_text()
    assert "$5 to $10 **fast** :red[x]" in main.inner_text()
    assert main.locator("script, img[src='x'], .katex, strong:text('fast')").count() == 0
    app.screenshot("search_hostile")
    assert app.dialogs == []


def test_empty_page_offers_examples_and_more_like_this_works(open_app, tiny_data_dir):
    app = open_app(tiny_data_dir)
    app.goto("search")
    assert "Type a claim" in app.main_text()
    app.screenshot("search_empty")
    app.page.get_by_role("button", name="soldiers hurting themselves to be sent home").click()
    app.page.locator(".nl-hit").first.wait_for(timeout=120_000)
    app.wait_until_idle()
    assert app.page.locator(".nl-hit").count() > 0
    app.page.get_by_role("button", name=re.compile("More like this")).first.click()
    app.page.wait_for_url(re.compile(r"[?&]like="), timeout=60_000)
    app.page.get_by_text("More like this paragraph").wait_for(timeout=120_000)
    app.wait_until_idle()
    assert "More like this paragraph" in app.main_text()
