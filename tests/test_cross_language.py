"""Reports of one event in two languages under a multilingual model (issue 10).

A multilingual model scores a translation lower than a same-language rewording that says as much;
``cross_language_shift`` (config/models.yaml) lowers every similarity bar of a cross-language
comparison, and of story evidence, by that much. The texts are written for the test in the shape of
the real cases: a wire report, its German translation by another outlet (paragraphs reordered, the
quote translated), and a German report of a different event on the same theme.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from newslens import languages
from newslens.compare import evidence as evi
from newslens.compare.stories import _candidate_pairs
from newslens.compare.alignment import compare_articles
from newslens.embedder import MULTILINGUAL_MODEL, load_embedder
from newslens.store import load_snapshot
from tests.factories import ArticleSpec, make_snapshot

ENGLISH = ArticleSpec("en-wire", "Wire", [
    "Ukraine's military intelligence released an intercepted call in which a Russian officer near Pokrovsk "
    "orders his men to shoot any soldier who leaves the trenches.",
    "\u201cWhoever crawls back without an order gets a bullet, that is all,\u201d the officer can be heard saying.",
    "The agency said the call was recorded in early March and that eleven soldiers of the company had "
    "already fled to the rear.",
    "The recording could not be independently verified.",
], published="2025-03-12", title="Officer orders men shot if they leave trenches")

GERMAN = ArticleSpec("de-rework", "Tagesblatt", [
    "Die Echtheit der Aufnahme konnte nicht unabhängig überprüft werden.",
    "Der ukrainische Militärgeheimdienst hat ein abgehörtes Telefonat veröffentlicht, in dem ein russischer "
    "Offizier bei Pokrowsk befiehlt, jeden Soldaten zu erschießen, der die Schützengräben verlässt.",
    "\u201eWer ohne Befehl zurückkriecht, bekommt eine Kugel, das ist alles\u201c, ist der Offizier zu hören.",
    "Nach Angaben des Geheimdienstes wurde das Gespräch Anfang März aufgezeichnet; elf Soldaten der "
    "Kompanie seien bereits ins Hinterland geflohen.",
], published="2025-03-13", language="de", title="Offizier droht mit Erschießung")

GERMAN_OTHER = ArticleSpec("de-other", "Abendpost", [
    "Mütter mobilisierter Soldaten aus Kursk haben in einem Video den Gouverneur um Hilfe gebeten.",
    "Ihre Söhne seien seit Wochen ohne Wasser und Munition an der Front, sagen die Frauen.",
    "Eine Antwort der Behörden gebe es bisher nicht.",
], published="2025-03-14", language="de", title="Mütter bitten um Hilfe")


def test_shift_applies_only_across_languages_of_a_model_with_one(tmp_path: Path):
    models = tmp_path / "models.yaml"
    models.write_text("model_languages: {}\nmultilingual_name_hints: [e5-small]\ndefault_languages: [en]\n"
                      "cross_language_shift:\n  multilingual-e5-small: 0.2\n", encoding="utf-8")
    assert languages.cross_language_shift("multilingual-e5-small", "en", "de", models) == 0.2
    assert languages.cross_language_shift("intfloat/multilingual-e5-small", "de", "en-GB", models) == 0.2
    assert languages.cross_language_shift("multilingual-e5-small", "de", "de-AT", models) == 0.0
    assert languages.cross_language_shift("multilingual-e5-small", None, "de", models) == 0.0
    assert languages.cross_language_shift("all-MiniLM-L6-v2", "en", "de", models) == 0.0


@pytest.mark.parametrize("entry, message", [
    ("cross_language_shift:\n  multilingual-e5-small: 2\n", "'cross_language_shift.multilingual-e5-small' must be"),
    ("cross_language_shift:\n  multilingual-e5-small: 0.5\n", "not including\\) 0.5, got 0.5"),
    ("cross_language_shift:\n  multilingual-e5-small: true\n", "'cross_language_shift.multilingual-e5-small' must be"),
    ("cross_language_shift: [0.15]\n", "'cross_language_shift' must map model names"),
    ("vector_centres: [0.1, 0.2]\n", "'vector_centres' must map model names"),
    ("vector_centres:\n  multilingual-e5-small: [true, 0.2]\n", "'vector_centres.multilingual-e5-small' must be a list"),
])
def test_an_impossible_shift_or_centre_is_refused_naming_file_and_key(tmp_path: Path, entry, message):
    models = tmp_path / "models.yaml"
    models.write_text("model_languages: {}\nmultilingual_name_hints: []\ndefault_languages: [en]\n" + entry,
                      encoding="utf-8")
    with pytest.raises(languages.ModelsConfigError, match=message) as err:
        languages.cross_language_shift("multilingual-e5-small", "en", "de", models)
    assert str(models) in str(err.value)


def test_the_shipped_multilingual_model_has_a_shift():
    assert 0.05 <= languages.cross_language_shift(MULTILINGUAL_MODEL, "en", "uk") <= 0.3


@pytest.mark.model
def test_a_translated_rework_aligns_fully_and_an_other_event_does_not(tmp_path: Path):
    make_snapshot(tmp_path, [ENGLISH, GERMAN, GERMAN_OTHER], embedder=load_embedder(MULTILINGUAL_MODEL))
    snapshot = load_snapshot(tmp_path)
    rework = compare_articles(snapshot, "en-wire", "de-rework")
    aligned = {(a, b) for p in rework.pairs for a in p.a_rows for b in p.b_rows}
    # every English paragraph finds its translation, the moved disclaimer included
    assert aligned == {(0, 1), (1, 2), (2, 3), (3, 0)}, [(p.a_rows, p.b_rows, p.similarity) for p in rework.pairs]
    assert rework.reuse.a_in_b >= 0.7 and rework.reuse.b_in_a >= 0.7
    other = compare_articles(snapshot, "en-wire", "de-other")
    assert other.reuse.a_in_b <= 0.3 and other.reuse.b_in_a <= 0.3
    # across two languages no word is "kept word for word" nor marked changed: a name or a cognate
    # ("Pokrovsk", German "Soldat" and Romanian "soldat") read as copied (set 28's review)
    assert all(p.diff.a_spans == () and p.diff.b_spans == () and p.diff.verbatim_a == 0
               for p in rework.pairs if p.status == "aligned")
    assert rework.reuse.verbatim_a == 0 and rework.reuse.verbatim_b == 0


def _facts(article_id: str, language: str, centroid) -> evi.ArticleFacts:
    vector = np.asarray(centroid, dtype=np.float32)
    return evi.ArticleFacts(article_id, np.zeros(1, dtype=np.int64), pd.NaT, pd.NaT, False, None, article_id,
                            language, centroid=vector / np.linalg.norm(vector))


def _crowded_translation() -> tuple[list[evi.ArticleFacts], tuple[int, int]]:
    """Four English reports, the first one's German translation and two other German reports."""
    rng = np.random.default_rng(7)
    theme, german = np.zeros(16), np.zeros(16)
    theme[0], german[1] = 3.0, 6.0
    own = [0.5 * rng.normal(size=16) for _ in range(6)]
    facts = [_facts(f"en-{n}", "en", theme + own[n]) for n in range(4)]
    facts += [_facts("de-translation", "de", theme + german + own[0])]            # en-0 in German
    facts += [_facts(f"de-{n}", "de", theme + german + own[n]) for n in (4, 5)]   # other German reports
    return facts, (0, 4)


def test_a_translation_is_examined_although_its_own_language_crowds_its_neighbours():
    """A multilingual model's vectors keep a trace of the language: the plain nearest articles of
    a German translation are the other German reports, so the pair was never examined."""
    facts, translation = _crowded_translation()
    plain = _candidate_pairs(facts, {}, 2)
    assert translation not in plain
    assert translation in _candidate_pairs(facts, {}, 2, across_languages=True)


def test_how_many_articles_a_language_needs_for_its_own_mean_is_read_from_the_stories_file(tmp_path, monkeypatch):
    """config/stories.yaml ``meaning.language_mean_min_articles``: with both languages below that
    count (four English, three German reports), each loses only the corpus mean, as plain
    similarity does, and the translation stays unexamined."""
    import shutil

    from newslens import config, knowledge

    facts, translation = _crowded_translation()
    folder = tmp_path / "config"
    shutil.copytree(config.PROJECT_ROOT / "config", folder)
    stories = folder / "stories.yaml"
    text = stories.read_text(encoding="utf-8")
    assert "  language_mean_min_articles: 3 " in text
    stories.write_text(text.replace("  language_mean_min_articles: 3 ", "  language_mean_min_articles: 5 "),
                       encoding="utf-8")
    monkeypatch.setenv("NEWSLENS_CONFIG", str(folder))
    fresh = (knowledge._load, knowledge.story_rules)        # both cached per process
    for cached in fresh:
        cached.cache_clear()
    try:
        assert translation not in _candidate_pairs(facts, {}, 2, across_languages=True)
    finally:
        for cached in fresh:
            cached.cache_clear()


@pytest.mark.model
def test_the_app_s_default_threshold_aligns_a_translation_as_the_cli_does(tmp_path: Path):
    """The Compare page always passes its slider's value (the model's default at first): the
    cross-language shift must lower it too, or the quote's translation stays unaligned in the app
    while ``python -m newslens compare`` (no --threshold) aligns it."""
    from newslens.compare.alignment import default_threshold

    make_snapshot(tmp_path, [ENGLISH, GERMAN], embedder=load_embedder(MULTILINGUAL_MODEL))
    snapshot = load_snapshot(tmp_path)
    by_default = compare_articles(snapshot, "en-wire", "de-rework")
    from_slider = compare_articles(snapshot, "en-wire", "de-rework", threshold=default_threshold(MULTILINGUAL_MODEL))
    assert from_slider.threshold == pytest.approx(by_default.threshold)
    assert [(p.a_rows, p.b_rows) for p in from_slider.pairs] == [(p.a_rows, p.b_rows) for p in by_default.pairs]
    assert (1, 2) in {(a, b) for p in from_slider.pairs for a in p.a_rows for b in p.b_rows}


@pytest.mark.model
def test_the_stamp_names_the_lowered_bar_of_a_translation(tmp_path: Path):
    from newslens.compare.alignment import threshold_text

    make_snapshot(tmp_path, [ENGLISH, GERMAN], embedder=load_embedder(MULTILINGUAL_MODEL))
    snapshot = load_snapshot(tmp_path)
    across = compare_articles(snapshot, "en-wire", "de-rework", threshold=0.55)
    same = compare_articles(snapshot, "en-wire", "en-wire", threshold=0.55)
    assert threshold_text(0.55, [same]) == "alignment threshold 0.55"
    assert threshold_text(0.55, [same, across]) == "alignment threshold 0.55 (0.40 across languages)"


@pytest.mark.model
def test_a_written_multilingual_snapshot_can_be_searched_with_its_own_model(tmp_path: Path):
    """tests.factories.make_snapshot records the model's setup, as a build does, so the query
    model for it loads (it read as torch fp32 before, which the bundled engine refuses)."""
    from newslens.embedder import query_setup_for

    make_snapshot(tmp_path, [ENGLISH, GERMAN], embedder=load_embedder(MULTILINGUAL_MODEL))
    snapshot = load_snapshot(tmp_path)
    assert load_embedder(snapshot.model_name, query_setup_for(snapshot.embed_setup)).name == MULTILINGUAL_MODEL


def test_a_regional_code_is_its_language():
    assert languages.base_language(" de-AT ") == languages.base_language("DE") == "de"
    assert languages.base_language(None) == ""
    assert languages.cross_language_shift(MULTILINGUAL_MODEL, "de-AT", "de") == 0.0
    x = _facts("at", "de-AT", np.eye(16)[0])
    y = _facts("de", "de", np.eye(16)[0])
    ev = evi.pair_evidence(x, y, embeddings=np.zeros((1, 16), np.float32), weights={},
                           rules=evi.load_story_rules(), model_name=MULTILINGUAL_MODEL, languages=None)
    assert ev.same_language
