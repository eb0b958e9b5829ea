"""Lens scores computed by the pipeline and stored in the snapshot: the same scores, closest
phrasings and lexicon words as live scoring, read back only while the lenses they were computed
for are unchanged; anything else (an edited or added lens, an older snapshot, a damaged file)
is scored live."""
from __future__ import annotations

import dataclasses
import hashlib
import json

import numpy as np
import pandas as pd
import pytest

from newslens.embedder import HashingEmbedder
from newslens.knowledge import own_letters
from newslens.schema import ManifestKey, ParagraphCol, SnapshotFile
from newslens.store import load_snapshot
from newslens.topics import analysis as topics
from newslens.topics import lens_store, lenses
from newslens.topics.lenses import embed_phrasings, load_lenses, make_lens, score_paragraphs
from pipeline import build as build_mod
from pipeline import lens_scores as pipeline_lens_scores
from pipeline.build import build_snapshot

LENSES = """
default_threshold: 0.25
lenses:
  - name: desertion
    definition: soldiers desert their units and flee the front
    examples: [men deserted their positions, soldiers fled the front line at night]
    lexicon_weight: 0.2
    lexicon: ['\\bdesert\\w*', '\\bAWOL\\b', 'дезертир\\w*']
  - name: morale
    definition: morale collapsed, soldiers refused suicidal orders
    examples: [the regiment refused to carry out orders]
    lexicon_weight: 0.15
    lexicon: ['\\bmorale\\b', '\\brefus\\w* to fight\\b']
"""

ARTICLES = {
    "one": ("Front Daily", ["Dozens of soldiers deserted their unit near Bakhmut, an intercepted call says.",
                            "The men said morale was gone and they refused to fight without rotation.",
                            "Officials did not comment on the report."]),
    "two": ("Echo News", ["A Russian commander complained that deserters and AWOL cases keep rising.",
                          "Дезертиры прячутся в лесу, говорится в перехвате.",
                          "Weather in the region stayed dry through the week."]),
    "three": ("Third Paper", ["The regiment's morale collapsed after another assault.",
                              "Prices of bread rose again in the city market this month."]),
}


def _write_corpus(raw):
    raw.mkdir()
    for name, (outlet, paragraphs) in ARTICLES.items():
        body = "\n\n".join(paragraphs)
        (raw / f"{name}.md").write_text(
            f"---\ntitle: {json.dumps(name + ' report')}\noutlet: {json.dumps(outlet)}\n"
            f"published: 2024-03-0{len(name)}\n---\n{body}\n", encoding="utf-8")


@pytest.fixture
def built(tmp_path, monkeypatch):
    """A small corpus built by the pipeline with the lens file above."""
    monkeypatch.setattr(build_mod, "build_map", lambda embeddings, paragraphs: None)
    lens_path = tmp_path / "lenses.yaml"
    lens_path.write_text(LENSES, encoding="utf-8")
    monkeypatch.setenv("NEWSLENS_LENSES", str(lens_path))
    _write_corpus(tmp_path / "raw")
    report = build_snapshot(tmp_path / "raw", tmp_path / "data", embedder=HashingEmbedder(64))
    return tmp_path / "data", lens_path, report


def _live(snapshot, config):
    """Scoring as the read side did before anything was stored."""
    return score_paragraphs(snapshot.embeddings, snapshot.content_mask(), config,
                            embed_phrasings(config, HashingEmbedder(64)),
                            texts=snapshot.paragraphs[ParagraphCol.TEXT].astype(str).tolist())


def _no_model():
    raise AssertionError("the model was loaded although every lens is stored")


def _not_scored(*args, **kwargs):
    raise AssertionError("the build scored the lenses although it could reuse the stored scores")


def _assert_same(got, want):
    assert got.names == want.names
    np.testing.assert_array_equal(got.scores, want.scores)
    np.testing.assert_array_equal(got.similarity, want.similarity)
    np.testing.assert_array_equal(got.closest, want.closest)
    assert got.found == want.found
    assert got.phrasings == want.phrasings


def test_the_build_stores_exactly_the_scores_and_words_live_scoring_finds(built):
    data_dir, lens_path, _ = built
    snapshot = load_snapshot(data_dir)
    config = load_lenses(lens_path)
    info = snapshot.manifest[ManifestKey.LENS_SCORES]
    assert info["fingerprint"] == config.fingerprint() and info["model_name"] == snapshot.model_name
    assert (snapshot.path / SnapshotFile.LENS_SCORES).is_file()

    stored = topics.score_snapshot(snapshot, config, _no_model)
    live = _live(snapshot, config)
    assert stored.stored == config.names
    _assert_same(stored, live)
    words = {w for found in stored.found.values() for w in found}
    assert {"deserted", "AWOL", "morale", "Дезертиры"} <= words, "the words themselves come back"


def test_a_threshold_change_keeps_the_stored_scores(built):
    data_dir, lens_path, _ = built
    snapshot = load_snapshot(data_dir)
    config = load_lenses(lens_path)
    moved = dataclasses.replace(config, lenses=(dataclasses.replace(config.lenses[0], threshold=0.9),
                                                *config.lenses[1:]))
    assert moved.fingerprint() != config.fingerprint()
    assert topics.score_snapshot(snapshot, moved, _no_model).stored == config.names


def test_an_edited_lens_is_scored_live_and_the_others_read(built):
    data_dir, lens_path, _ = built
    snapshot = load_snapshot(data_dir)
    config = load_lenses(lens_path)
    edited = config.with_lens(make_lens("morale", "soldiers lose the will to fight",
                                        ["nobody wants to attack"], lexicon=[r"\bmorale\b"], lexicon_weight=0.1))
    result = topics.score_snapshot(snapshot, edited, HashingEmbedder(64))
    assert result.stored == ("desertion",)
    _assert_same(result, _live(snapshot, edited))


def test_a_lens_added_in_the_app_is_scored_live_next_to_the_stored_ones(built):
    data_dir, lens_path, _ = built
    snapshot = load_snapshot(data_dir)
    config = load_lenses(lens_path)
    added = config.with_lens(make_lens("prices", "food prices rise", ["bread got more expensive"],
                                       lexicon=[r"\bbread\b"], lexicon_weight=0.2))
    result = topics.score_snapshot(snapshot, added, HashingEmbedder(64))
    assert result.stored == config.names
    _assert_same(result, _live(snapshot, added))
    assert any(words == ("bread",) for words in result.found.values())


def test_a_lens_scored_by_another_model_is_refused_with_the_fix(built):
    """The phrasings of a lens the snapshot has no scores of are embedded now: by a model other than
    the snapshot's they would land in another space. Refused as search refuses such a query (the
    page shows the sentence, not a traceback)."""
    from newslens.embedder import ModelLoadError
    data_dir, lens_path, _ = built
    snapshot = load_snapshot(data_dir)
    added = load_lenses(lens_path).with_lens(make_lens("prices", "food prices rise", ["bread got more expensive"]))
    with pytest.raises(ModelLoadError) as refused:
        topics.score_snapshot(snapshot, added, HashingEmbedder(32))
    message = str(refused.value)
    assert "'prices' cannot be scored" in message and "32 dimensions" in message
    assert "python -m pipeline build --model" in message


def test_an_edited_lens_file_is_scored_live(built, tmp_path):
    data_dir, lens_path, _ = built
    snapshot = load_snapshot(data_dir)
    edited_path = tmp_path / "edited.yaml"
    edited_path.write_text(LENSES.replace("'\\bAWOL\\b', ", ""), encoding="utf-8")
    config = load_lenses(edited_path)
    result = topics.score_snapshot(snapshot, config, HashingEmbedder(64))
    assert result.stored == ("morale",)
    _assert_same(result, _live(snapshot, config))
    assert not any("AWOL" in words for words in result.found.values())


def test_a_snapshot_without_stored_scores_is_scored_live(built):
    data_dir, lens_path, _ = built
    snapshot = load_snapshot(data_dir)
    for name in (SnapshotFile.LENS_SCORES, SnapshotFile.LENS_WORDS):
        (snapshot.path / name).unlink()
    manifest = {k: v for k, v in snapshot.manifest.items() if k != ManifestKey.LENS_SCORES}
    older = dataclasses.replace(snapshot, manifest=manifest)
    config = load_lenses(lens_path)
    result = topics.score_snapshot(older, config, HashingEmbedder(64))
    assert result.stored == ()
    _assert_same(result, _live(older, config))


@pytest.mark.parametrize("damage", ["garbage", "truncated", "missing words", "other rows", "foreign phrasing"])
def test_a_damaged_stored_file_is_scored_live_without_a_crash(built, damage):
    data_dir, lens_path, _ = built
    snapshot = load_snapshot(data_dir)
    scores_path, words_path = snapshot.path / SnapshotFile.LENS_SCORES, snapshot.path / SnapshotFile.LENS_WORDS
    if damage == "garbage":
        scores_path.write_bytes(b"not a parquet file")
    elif damage == "truncated":
        scores_path.write_bytes(scores_path.read_bytes()[:200])
    elif damage == "missing words":
        words_path.unlink()
    elif damage == "other rows":         # a table of another corpus: rows do not line up
        pd.read_parquet(scores_path).iloc[1:].to_parquet(scores_path, index=False)
    else:                                # a phrasing index the lens does not have
        table = pd.read_parquet(scores_path)
        table["closest_0"] = np.where(table["closest_0"] >= 0, 7, -1).astype(np.int16)
        table.to_parquet(scores_path, index=False)
    config = load_lenses(lens_path)
    result = topics.score_snapshot(load_snapshot(data_dir), config, HashingEmbedder(64))
    assert result.stored == ()
    _assert_same(result, _live(snapshot, config))


def test_an_unchanged_rebuild_reuses_the_stored_scores(built, tmp_path):
    data_dir, lens_path, _ = built
    first = load_snapshot(data_dir).manifest[ManifestKey.LENS_SCORES]
    build_snapshot(tmp_path / "raw", data_dir, embedder=HashingEmbedder(64))
    second = load_snapshot(data_dir).manifest[ManifestKey.LENS_SCORES]
    assert first["reused"] is False and second["reused"] is True
    assert second["key"] == first["key"]
    snapshot = load_snapshot(data_dir)
    _assert_same(topics.score_snapshot(snapshot, load_lenses(lens_path), _no_model),
                 _live(snapshot, load_lenses(lens_path)))


# lenses.py's file hash in the keys of every build from commit e6c4720 to session 34 (after session
# 34's move of the labelling rule, through its alias table): the snapshots built before session 35.
SESSION_34_HASH = "0dd00894f98e3e50e137332ac121ee81e586887ac670bd6921a379931f99be38"


def _file_hash_key(lens, model_name, examples_language, code):
    """A lens key as builds before session 35 wrote it: lenses.py's file hash where the scoring
    version is now (the old ``lens_key``, verbatim but for the hash passed in)."""
    parts = {"name": lens.name, "phrasings": list(lens.phrasings()), "lexicon": list(lens.lexicon),
             "examples_language": examples_language,
             "own_letters": {c: sorted(letters) for c, letters in sorted(own_letters().items())},
             "lexicon_weight": lens.lexicon_weight, "top_k": lenses.TOP_K, "cap": lenses.LEXICON_CAP,
             "model": model_name, "code": code, "version": lens_store.STORE_VERSION}
    return hashlib.sha256(json.dumps(parts, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()[:32]


@pytest.fixture
def built_with_file_hash(tmp_path, monkeypatch):
    """Build with keys as before session 35, under lenses.py's file hash ``code`` (a function)."""
    def build(code):
        monkeypatch.setattr(build_mod, "build_map", lambda embeddings, paragraphs: None)
        lens_path = tmp_path / "lenses.yaml"
        lens_path.write_text(LENSES, encoding="utf-8")
        monkeypatch.setenv("NEWSLENS_LENSES", str(lens_path))
        _write_corpus(tmp_path / "raw")
        with monkeypatch.context() as patch:
            patch.setattr(lens_store, "lens_key", lambda lens, model, language: _file_hash_key(lens, model, language, code))
            build_snapshot(tmp_path / "raw", tmp_path / "data", embedder=HashingEmbedder(64))
        return load_snapshot(tmp_path / "data"), load_lenses(lens_path)
    return build


def test_scores_stored_under_the_file_hash_of_version_1_are_read_until_the_version_moves_on(
        built_with_file_hash, monkeypatch):
    """The builds before session 35 keyed stored scores by lenses.py's file hash; every one under
    the hash ``FILE_HASH_VERSIONS`` names scored as version 1, so the page reads them without the
    model and without a rebuild, as long as the scoring is version 1."""
    snapshot, config = built_with_file_hash(SESSION_34_HASH)
    monkeypatch.setattr(lenses, "SCORING_VERSION", 1)
    result = topics.score_snapshot(snapshot, config, _no_model)
    assert result.stored == config.names
    _assert_same(result, _live(snapshot, config))
    monkeypatch.setattr(lenses, "SCORING_VERSION", 2)
    assert topics.score_snapshot(snapshot, config, HashingEmbedder(64)).stored == ()


def _rebuild(tmp_path):
    build_snapshot(tmp_path / "raw", tmp_path / "data", embedder=HashingEmbedder(64))
    return load_snapshot(tmp_path / "data")


def test_an_unchanged_rebuild_reuses_scores_stored_under_the_file_hash_of_version_1_and_rekeys_them(
        built_with_file_hash, tmp_path, monkeypatch):
    """A rebuild reuses what the page reads (``lens_store.keys_read`` decides both): a snapshot
    built before session 35 is not rescored on its first unchanged rebuild (28 s at 100k), and
    the reused scores are stored under the current keys from then on."""
    snapshot, config = built_with_file_hash(SESSION_34_HASH)
    monkeypatch.setattr(lenses, "SCORING_VERSION", 1)
    monkeypatch.setattr(pipeline_lens_scores, "score_paragraphs", _not_scored)
    rebuilt = _rebuild(tmp_path)
    info = rebuilt.manifest[ManifestKey.LENS_SCORES]
    assert info["reused"] is True
    assert [item["key"] for item in info["lenses"]] == [lens_store.lens_key(lens, rebuilt.model_name, "en")
                                                       for lens in config.lenses]
    monkeypatch.setattr(lens_store, "FILE_HASH_VERSIONS", {})       # read by the current keys alone now
    result = topics.score_snapshot(rebuilt, config, _no_model)
    assert result.stored == config.names
    _assert_same(result, _live(snapshot, config))
    assert _rebuild(tmp_path).manifest[ManifestKey.LENS_SCORES]["reused"] is True


@pytest.mark.parametrize("change", ["another file hash", "the version moved on"])
def test_a_rebuild_rescores_what_the_page_would_not_read(change, built_with_file_hash, tmp_path, monkeypatch):
    if change == "another file hash":
        built_with_file_hash("6b86bbad23ce0997b30e971c1df683b1b3b52c2ea14cae8a3d18c6aa7da80332")
    else:
        built_with_file_hash(SESSION_34_HASH)
        monkeypatch.setattr(lenses, "SCORING_VERSION", 2)
    rebuilt = _rebuild(tmp_path)
    assert rebuilt.manifest[ManifestKey.LENS_SCORES]["reused"] is False
    assert topics.score_snapshot(rebuilt, load_lenses(tmp_path / "lenses.yaml"), _no_model).stored


def test_scores_stored_under_another_file_hash_are_scored_live(built_with_file_hash):
    snapshot, config = built_with_file_hash("6b86bbad23ce0997b30e971c1df683b1b3b52c2ea14cae8a3d18c6aa7da80332")
    result = topics.score_snapshot(snapshot, config, HashingEmbedder(64))
    assert result.stored == ()
    _assert_same(result, _live(snapshot, config))


def test_a_bump_of_the_scoring_version_scores_stored_lenses_live_until_rebuilt(built, tmp_path, monkeypatch):
    data_dir, lens_path, _ = built
    config = load_lenses(lens_path)
    monkeypatch.setattr(lenses, "SCORING_VERSION", lenses.SCORING_VERSION + 1)
    snapshot = load_snapshot(data_dir)
    assert topics.score_snapshot(snapshot, config, HashingEmbedder(64)).stored == ()
    build_snapshot(tmp_path / "raw", data_dir, embedder=HashingEmbedder(64))
    rebuilt = load_snapshot(data_dir)
    assert rebuilt.manifest[ManifestKey.LENS_SCORES]["reused"] is False
    assert topics.score_snapshot(rebuilt, config, _no_model).stored == config.names


def test_the_build_does_not_fail_when_lens_scoring_fails(tmp_path, monkeypatch):
    monkeypatch.setattr(build_mod, "build_map", lambda embeddings, paragraphs: None)
    bad = tmp_path / "lenses.yaml"
    bad.write_text("lenses: [not a mapping]\n", encoding="utf-8")
    monkeypatch.setenv("NEWSLENS_LENSES", str(bad))
    _write_corpus(tmp_path / "raw")
    report = build_snapshot(tmp_path / "raw", tmp_path / "data", embedder=HashingEmbedder(64))
    assert any(w["file"] == SnapshotFile.LENS_SCORES and "lens scores not computed" in w["message"]
               for w in report.warnings)
    snapshot = load_snapshot(tmp_path / "data")
    assert ManifestKey.LENS_SCORES not in snapshot.manifest
    assert not (snapshot.path / SnapshotFile.LENS_SCORES).exists()


def _with_a_german_article(tmp_path, monkeypatch):
    """The small corpus plus one German report of desertion, built with the hashing embedder; the
    lens file in use is the test's."""
    lens_path = tmp_path / "lenses.yaml"
    lens_path.write_text(LENSES, encoding="utf-8")
    monkeypatch.setenv("NEWSLENS_LENSES", str(lens_path))
    raw = tmp_path / "raw"
    _write_corpus(raw)
    (raw / "german.md").write_text(
        "---\ntitle: \"Bericht\"\noutlet: \"Tagesblatt\"\nlanguage: de\npublished: 2024-03-09\n---\n"
        "Nach Angaben des Geheimdienstes sind in der vergangenen Woche mehrere Soldaten aus ihrer "
        "Einheit desertiert und haben sich in den umliegenden Wäldern versteckt.\n\n"
        "Die Behörden der Region wollten sich zu dem Bericht zunächst nicht äußern und verwiesen "
        "auf das Verteidigungsministerium in der Hauptstadt.\n", encoding="utf-8")
    build_snapshot(raw, tmp_path / "data", embedder=HashingEmbedder(64))
    return load_snapshot(tmp_path / "data"), load_lenses(lens_path)


def _stored_equals_live(snapshot, config, **flags):
    """The snapshot's stored lens scores, checked equal to scoring it live with the same flags."""
    stored = topics.score_snapshot(snapshot, config, _no_model)
    live = score_paragraphs(snapshot.embeddings, snapshot.content_mask(), config,
                            embed_phrasings(config, HashingEmbedder(64)),
                            texts=snapshot.paragraphs[ParagraphCol.TEXT].astype(str).tolist(), **flags)
    assert stored.stored == config.names
    _assert_same(stored, live)
    return stored


def test_a_german_article_under_an_english_model_is_stored_as_scored_by_words_only(tmp_path, monkeypatch):
    """The build and the read side flag the same paragraphs as scored by words only (a language
    the model does not cover), so the stored scores still equal live ones and say why."""
    from newslens import languages
    from newslens.topics.lenses import WORDS_ONLY_SIMILARITY, words_only_rows
    monkeypatch.setattr(build_mod, "build_map", lambda embeddings, paragraphs: None)
    monkeypatch.setattr(languages, "model_languages", lambda name, path=None: {"en"})
    snapshot, config = _with_a_german_article(tmp_path, monkeypatch)
    flags = words_only_rows(snapshot.paragraphs, snapshot.articles, snapshot.model_name)
    german = snapshot.content_mask() & flags
    assert german.sum() == 2 and not (flags & ~german).any(), "only the German article's content"

    stored = _stored_equals_live(snapshot, config, words_only=flags)
    np.testing.assert_allclose(stored.similarity[german], WORDS_ONLY_SIMILARITY)
    row = int(np.flatnonzero(german)[0])
    assert "by words only" in stored.explain(row, "desertion") and "'desertiert'" in stored.explain(row, "desertion")


def test_a_german_article_under_a_multilingual_model_is_stored_with_the_cross_language_floor(tmp_path, monkeypatch):
    """The hashing embedder covers every language, so a German article is scored by meaning, with
    its score raised to at least the words-only base (examples in English); stored equals live,
    and a lens file whose examples are declared German is not read from the English-keyed store."""
    from newslens.topics.lenses import WORDS_ONLY_SIMILARITY, cross_language_rows
    monkeypatch.setattr(build_mod, "build_map", lambda embeddings, paragraphs: None)
    snapshot, config = _with_a_german_article(tmp_path, monkeypatch)
    cross = cross_language_rows(snapshot.paragraphs, snapshot.articles, "en")
    german = snapshot.content_mask() & cross
    assert german.sum() == 2

    stored = _stored_equals_live(snapshot, config, cross_language=cross)
    assert (stored.scores[german] >= WORDS_ONLY_SIMILARITY - 1e-6).all()
    assert (stored.similarity[german] < WORDS_ONLY_SIMILARITY).any(), "the hashing similarity is raised"
    assert stored.cross_language is not None and stored.cross_language[german].all()

    declared_german = dataclasses.replace(config, examples_language="de")
    rescored = topics.score_snapshot(snapshot, declared_german, HashingEmbedder(64))
    assert rescored.stored == ()
    assert not rescored.cross_language[german].any(), "German is now the examples' language"
    assert (rescored.scores[german] < stored.scores[german]).any(), "no floor under German examples"


def test_a_rebuild_after_an_article_is_marked_german_rescores_it_with_the_floor(built, tmp_path):
    """Only the article's language changes (same text): the stored tables of the first build
    must not be reused, or the paragraph would keep the score it had as an English one."""
    from newslens.topics.lenses import WORDS_ONLY_SIMILARITY, cross_language_rows
    data_dir, lens_path, _ = built
    first = load_snapshot(data_dir).manifest[ManifestKey.LENS_SCORES]
    path = tmp_path / "raw" / "three.md"
    path.write_text(path.read_text(encoding="utf-8").replace("---\n", "---\nlanguage: de\n", 1), encoding="utf-8")
    build_snapshot(tmp_path / "raw", data_dir, embedder=HashingEmbedder(64))
    snapshot = load_snapshot(data_dir)
    second = snapshot.manifest[ManifestKey.LENS_SCORES]
    assert second["reused"] is False and second["key"] != first["key"]
    config = load_lenses(lens_path)
    cross = cross_language_rows(snapshot.paragraphs, snapshot.articles, config.examples_language)
    assert (cross & snapshot.content_mask()).sum() == 2
    stored = topics.score_snapshot(snapshot, config, _no_model)
    live = score_paragraphs(snapshot.embeddings, snapshot.content_mask(), config,
                            embed_phrasings(config, HashingEmbedder(64)),
                            texts=snapshot.paragraphs[ParagraphCol.TEXT].astype(str).tolist(), cross_language=cross)
    _assert_same(stored, live)
    assert (stored.scores[cross & snapshot.content_mask()] >= WORDS_ONLY_SIMILARITY - 1e-6).all()


def test_a_finnish_article_is_stored_with_its_dotted_letters_kept_as_live_scoring_reads_it(tmp_path, monkeypatch):
    """Finnish keeps ä and ö in its lexicon matching (config/search.yaml own_letters): the build
    scores its paragraphs with the language, so 'välitti' (passed on) is stored as no 'valitti'
    (complained), as the read side finds it."""
    from newslens.topics.lenses import cross_language_rows, paragraph_languages
    monkeypatch.setattr(build_mod, "build_map", lambda embeddings, paragraphs: None)
    lens_path = tmp_path / "lenses.yaml"
    lens_path.write_text(LENSES.replace("'\\bmorale\\b',", "'\\bmorale\\b', '\\bvalitti\\b',"), encoding="utf-8")
    monkeypatch.setenv("NEWSLENS_LENSES", str(lens_path))
    raw = tmp_path / "raw"
    _write_corpus(raw)
    (raw / "finnish.md").write_text(
        "---\ntitle: \"Raportti\"\noutlet: \"Iltalehti\"\nlanguage: fi\npublished: 2024-03-09\n---\n"
        "Sotilas valitti äidilleen, ettei yksikössä ole ruokaa eikä ammuksia.\n\n"
        "Upseeri välitti käskyn eteenpäin, ja joukot siirtyivät uusiin asemiin.\n", encoding="utf-8")
    build_snapshot(raw, tmp_path / "data", embedder=HashingEmbedder(64))
    snapshot, config = load_snapshot(tmp_path / "data"), load_lenses(lens_path)
    assert "\\bvalitti\\b" in config.get("morale").lexicon
    stored = _stored_equals_live(snapshot, config,
                                 cross_language=cross_language_rows(snapshot.paragraphs, snapshot.articles, "en"),
                                 text_languages=paragraph_languages(snapshot.paragraphs, snapshot.articles))
    words = [w for found in stored.found.values() for w in found]
    assert "valitti" in words and "välitti" not in words
