"""End-to-end: a snapshot built with the multilingual model, searched in German in headless Chromium.

Screenshot: tests/artifacts/search_multilingual_e5.png - the English, German and Ukrainian reports of
one written event found by a German query, no words-only notice, the sidebar naming the model.
"""
from __future__ import annotations

import re

import pytest

from tests.multilingual_corpus import EVENT_EN, EVENT_UK, GERMAN_QUERY, write_multilingual_raw

pytestmark = [pytest.mark.browser, pytest.mark.model]


@pytest.fixture(scope="module")
def e5_data_dir(tmp_path_factory):
    from newslens.embedder import MULTILINGUAL_MODEL, load_embedder
    from pipeline.build import build_snapshot

    root = tmp_path_factory.mktemp("e5_browser")
    raw = write_multilingual_raw(root / "raw")
    build_snapshot(raw, root / "processed", MULTILINGUAL_MODEL, embedder=load_embedder(MULTILINGUAL_MODEL))
    return root / "processed"


def test_a_german_query_on_a_multilingual_snapshot(open_app, e5_data_dir):
    app = open_app(e5_data_dir)
    app.goto("search", {"q": GERMAN_QUERY, "mode": "semantic"})
    app.page.locator(".nl-hit").first.wait_for(timeout=180_000)
    app.wait_until_idle()
    text = app.main_text()
    assert EVENT_EN[0][:60] in text and EVENT_UK[0][:40] in text      # found across languages
    assert "by words only" not in text and "Rebuild" not in text
    assert re.search(r"multilingual-e5-small · \w+ \w+ · about 100 languages", app.sidebar_text())
    app.screenshot("search_multilingual_e5")
    assert app.dialogs == []


@pytest.fixture(scope="module")
def english_corpora(tmp_path_factory):
    """A user corpus 'Mixed' of the same reports built with the default English model."""
    from newslens.embedder import DEFAULT_MODEL, load_embedder
    from pipeline.build import build_snapshot

    corpora = tmp_path_factory.mktemp("corpora")
    raw = write_multilingual_raw(corpora / "Mixed" / "raw")
    build_snapshot(raw, corpora / "Mixed" / "processed", DEFAULT_MODEL, embedder=load_embedder(DEFAULT_MODEL))
    return {"NEWSLENS_CORPORA": str(corpora), "NEWSLENS_MODEL": DEFAULT_MODEL}


def test_the_words_only_notice_offers_the_rebuild(open_app, e5_data_dir, english_corpora):
    app = open_app(e5_data_dir, env=english_corpora)
    app.goto("search", {"q": GERMAN_QUERY, "corpus": "Mixed"})
    app.page.locator(".nl-hit").first.wait_for(timeout=180_000)
    app.wait_until_idle()
    text = app.main_text()
    assert "searched by words only" in text and "rebuild Mixed with the multilingual model" in text
    assert app.page.get_by_role("button", name="Rebuild Mixed with the multilingual model").is_visible()
    app.screenshot("search_words_only_rebuild")


def test_add_articles_offers_the_multilingual_model_for_a_corpus_that_needs_it(open_app, e5_data_dir, english_corpora):
    from newslens.model_choice import MULTILINGUAL_BUILD_FACTOR

    app = open_app(e5_data_dir, env=english_corpora)
    app.goto("add_articles")
    app.page.get_by_text("an existing corpus").click()
    app.wait_until_idle()
    rebuild = app.page.get_by_role("button", name="Rebuild Mixed with multilingual-e5-small")
    rebuild.wait_for(timeout=60_000)
    text = app.main_text()
    assert "Multilingual: multilingual-e5-small" in text
    assert f"builds about {MULTILINGUAL_BUILD_FACTOR}x slower than the default" in text
    assert "compares 2 articles (de: 1, uk: 1) by words only" in text
    app.screenshot("add_articles_model_choice")
