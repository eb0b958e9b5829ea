"""The trained lens heads (newslens.topics.lens_head): shipped for multilingual-e5-small (round 12)
and for the default model (round 14), applied to English content paragraphs (and, for e5, German,
Romanian and Russian ones: session 33), on the lens scale (a paragraph reaches a lens's threshold exactly
when the head says so), and dropped with a note when the lens file changed since it was fitted."""
from __future__ import annotations

import html
import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from newslens import config
from newslens.embedder import DEFAULT_MODEL, MULTILINGUAL_MODEL, load_embedder
from newslens.store import load_snapshot
from newslens.topics import analysis as topics
from newslens.topics import lens_head
from newslens.topics.lens_labels import assign_labels
from newslens.topics.lenses import Lens, LensConfig, load_lenses, score_paragraphs
from tests.apptest_utils import app_test
from tests.factories import ArticleSpec, make_snapshot

SHIPPED = load_lenses(config.lenses_file())


# --- the shipped data ---------------------------------------------------------------------------

@pytest.mark.unit
@pytest.mark.parametrize("model, hub_name", [(MULTILINGUAL_MODEL, "intfloat/multilingual-e5-small"),
                                             (DEFAULT_MODEL, "sentence-transformers/all-MiniLM-L6-v2")])
def test_the_shipped_head_is_fitted_to_the_shipped_lenses(model, hub_name):
    """Editing a fitted lens in config/lenses.yaml without refitting the heads turns them off for every
    user (with a note): this fails first, so the change is made on purpose (refit:
    benchmarks/eval_lens_head.py --write)."""
    head = lens_head.load_head(model)
    assert head is not None and head.model == model
    assert head.fits(SHIPPED)
    assert head.names == SHIPPED.names
    assert lens_head.load_head(hub_name) == head      # the hub name is the same model
    assert head.vector_coef.shape == (384, 3) and head.lens_coef.shape == (6, 3)
    assert all(0.0 < t < 1.0 for t in head.thresholds.values())
    # the evaluation script reads a head file by its path, checked the same way (it refused both
    # shipped heads once anything else in the lens file changed)
    assert lens_head.read_head(lens_head.head_file(model)) == head


@pytest.mark.unit
def test_only_the_multilingual_head_scores_other_languages():
    """Session 33: e5's head read German, Romanian and Russian paragraphs better than the formula (not
    Finnish); the default model reads no other language by meaning, so its head scores English only."""
    e5 = lens_head.load_head(MULTILINGUAL_MODEL)
    assert e5.other_languages == ("de", "ro", "ru")
    assert e5.cross_offset.shape == (3,) and all(0.0 < o < 0.1 for o in e5.cross_offset)
    assert lens_head.load_head(DEFAULT_MODEL).other_languages == ()


@pytest.mark.unit
def test_a_head_files_other_languages_and_offsets_are_checked(tmp_path: Path):
    shipped = lens_head.head_file(MULTILINGUAL_MODEL).read_text(encoding="utf-8")
    for bad in ("cross_language_offset: {morale: 0.0515, desertion: 0.0292, executions: 0.062}",
                "other_languages: [de, ro, ru]"):
        assert bad in shipped
    path = tmp_path / f"{MULTILINGUAL_MODEL}.yaml"
    path.write_text(shipped.replace("cross_language_offset: {morale: 0.0515, desertion: 0.0292, executions: 0.062}",
                                    "cross_language_offset: {morale: 0.0515, self-harm: 0.1}"), encoding="utf-8")
    with pytest.raises(lens_head.LensHeadError, match="'cross_language_offset' must be a number"):
        lens_head.load_head(MULTILINGUAL_MODEL, tmp_path)
    # A name or a locale with "_" would load and never equal a paragraph's language: the head would
    # silently keep the formula there. The error names the file, the key and the value.
    for bad, named in (("[de, '']", "''"), ("[german, ro]", "'german'"), ("[de, ru_RU]", "'ru_RU'"),
                       ("[de, und]", "'und'"), ("[de, 7]", "7")):
        path.write_text(shipped.replace("other_languages: [de, ro, ru]", f"other_languages: {bad}"), encoding="utf-8")
        with pytest.raises(lens_head.LensHeadError) as error:
            lens_head.load_head(MULTILINGUAL_MODEL, tmp_path)
        assert str(path) in str(error.value) and "'other_languages' must be language codes" in str(error.value)
        assert f"not {named}" in str(error.value), bad
    path.write_text(shipped.replace("other_languages: [de, ro, ru]", "other_languages: [de-AT, RO, ru]"),
                    encoding="utf-8")
    assert lens_head.load_head(MULTILINGUAL_MODEL, tmp_path).other_languages == ("de", "ro", "ru")


@pytest.mark.unit
def test_a_model_without_a_head_file_keeps_the_formula(tmp_path):
    """Any other model (a user's own): no head, and no error."""
    assert lens_head.load_head("paraphrase-multilingual-MiniLM-L12-v2") is None
    assert lens_head.load_head(DEFAULT_MODEL, tmp_path) is None


@pytest.mark.unit
def test_a_broken_or_foreign_head_file_is_one_error_naming_the_file(tmp_path: Path):
    (tmp_path / "some-model.yaml").write_text("model: x\nlenses: {morale: {threshold: 0.5}}\n", encoding="utf-8")
    with pytest.raises(lens_head.LensHeadError, match="some-model.yaml: not a lens head file"):
        lens_head.load_head("some-model", tmp_path)
    shipped = lens_head.head_file(MULTILINGUAL_MODEL).read_text(encoding="utf-8")
    (tmp_path / "other-model.yaml").write_text(shipped, encoding="utf-8")
    with pytest.raises(lens_head.LensHeadError, match="fitted for multilingual-e5-small, not other-model"):
        lens_head.load_head("other-model", tmp_path)


# --- the head on the lens scale (a hand-made head over 4-dimensional vectors) ----------------

def _config():
    return LensConfig(lenses=(Lens("morale", "m", ("low morale",), threshold=0.5, lexicon=("exhausted",),
                                   lexicon_weight=0.1),
                              Lens("desertion", "d", ("deserted",), threshold=0.4, lexicon=("deserted",),
                                   lexicon_weight=0.1)))


def _head(config, vector_weight: float = 4.0, desertion_words: float = 0.0, other_languages=(),
          cross_offset=None) -> lens_head.LensHead:
    """Morale follows the vector's first component, desertion its second and, with
    ``desertion_words``, desertion's wordings found (lens features: morale's wordings, desertion's
    wordings, morale's similarity, desertion's similarity)."""
    n = len(config.names)
    vector_coef = np.zeros((4, n), dtype=np.float32)
    for j in range(n):
        vector_coef[j, j] = vector_weight
    lens_coef = np.zeros((2 * n, n), dtype=np.float32)
    lens_coef[1, 1] = desertion_words            # desertion's wordings speak for desertion
    keys = {lens.name: lens_head.lens_key(lens, config.examples_language) for lens in config.lenses}
    return lens_head.LensHead("toy", keys, ("set",), {name: 0.6 for name in config.names}, vector_coef,
                              np.zeros(n, np.float32), lens_coef, np.zeros(n, np.float32), tuple(other_languages),
                              None if cross_offset is None else np.asarray(cross_offset, np.float32))


def _scores(config, embeddings, texts=None, cross=None, words_only=None, content=None):
    rng = np.random.default_rng(0)
    phrase_vectors = {lens.name: rng.normal(size=(1, embeddings.shape[1])).astype(np.float32) for lens in config.lenses}
    n = len(embeddings)
    return score_paragraphs(embeddings, np.ones(n, bool) if content is None else content, config, phrase_vectors,
                            texts=texts or ["text"] * n, cross_language=cross, words_only=words_only)


@pytest.mark.unit
def test_a_paragraph_reaches_a_threshold_exactly_when_the_head_says_so():
    config = _config()
    head = _head(config)
    emb = np.array([[1, 0, 0, 0], [0, 1, 0, 0], [-1, -1, 0, 0], [0.05, 0, 0, 0]], dtype=np.float32)
    scored = lens_head.apply_head(head, _scores(config, emb), emb, config)
    p = head.probabilities(emb, lens_head.lens_features(scored, np.arange(4), head.names))
    labels = assign_labels(scored, config.thresholds())
    for row in range(4):
        assert set(labels[row]) == {n for j, n in enumerate(config.names) if p[row, j] >= 0.6}
    assert labels.tolist() == [["morale"], ["desertion"], [], []]
    # A threshold moved down by 0.08 moves the head's bar from 0.6 to 0.52: p(row 3, morale) = 0.525
    # (the mean of 0.55 by its vector and 0.5 by the silent lens features) now passes.
    assert p[3, 0] == pytest.approx(0.525, abs=1e-3)
    assert "morale" in assign_labels(scored, {"morale": 0.42, "desertion": 0.4})[3]
    assert "morale" not in assign_labels(scored, {"morale": 0.43, "desertion": 0.4})[3]
    assert scored.by_head(0)
    assert scored.explain(0, "morale").startswith(f"{scored.scores[0, 0]:.2f}: by {head.describe()}")


@pytest.mark.unit
def test_the_head_reads_each_lens_feature_where_it_was_fitted():
    """Features in the fitted order (every lens's wordings, then every lens's similarity): a head
    that weighs desertion's wordings labels the paragraph that has them, not the one that has
    morale's."""
    config = _config()
    head = _head(config, vector_weight=0.0, desertion_words=8.0)
    emb = np.zeros((2, 4), dtype=np.float32)
    texts = ["Two soldiers deserted overnight.", "The soldiers are exhausted."]
    scored = lens_head.apply_head(head, _scores(config, emb, texts=texts), emb, config)
    labels = assign_labels(scored, config.thresholds())
    assert labels.tolist() == [["desertion"], []]


@pytest.mark.unit
def test_other_languages_words_only_rows_and_furniture_keep_the_formula():
    config = _config()
    emb = np.array([[1, 0, 0, 0]] * 4, dtype=np.float32)
    cross = np.array([False, True, False, False])
    words_only = np.array([False, False, True, False])
    content = np.array([True, True, True, False])
    before = _scores(config, emb, cross=cross, words_only=words_only, content=content)
    after = lens_head.apply_head(_head(config), before, emb, config)
    assert after.head_rows.tolist() == [True, False, False, False]
    np.testing.assert_array_equal(after.scores[1:3], before.scores[1:3])
    assert np.isnan(after.scores[3]).all()
    assert topics.scored_by(after, np.arange(3)).tolist() == [topics.SCORED_BY_HEAD, topics.SCORED_BY_FORMULA,
                                                             topics.SCORED_BY_WORDS]


@pytest.mark.unit
def test_a_head_for_other_languages_gives_them_its_verdict_raised_by_its_offset():
    """A head file naming German: a German paragraph is scored by the head, its probability raised by
    the offset (a translation reads lower than its original), and the head's verdict is its label
    even without a wording (the formula's rule for a wordless paragraph in another language needs the
    similarity itself at the threshold); a French one keeps the formula; a lens added in the app keeps
    the formula's rule in the German row too."""
    config = _config().with_lens(Lens("self-harm", "s", ("shot himself in the leg",), threshold=0.35))
    head = _head(_config(), other_languages=("de",), cross_offset=(0.05, 0.0))
    emb = np.array([[0.1, 0, 0, 0]] * 3, dtype=np.float32)      # p(morale) = (0.599 + 0.5) / 2 = 0.549
    cross = np.array([False, True, True])
    before = _scores(config, emb, cross=cross)
    after = lens_head.apply_head(head, before, emb, config, np.array(["en", "de", "fr"], dtype=object))
    assert after.head_rows.tolist() == [True, True, False]
    assert after.scores[1, 0] - after.scores[0, 0] == pytest.approx(0.05, abs=1e-5)
    np.testing.assert_array_equal(after.scores[2], before.scores[2])
    # morale's threshold 0.05 below the file's puts the head's bar at p >= 0.55: the English paragraph's
    # 0.549 misses it, the same vector in German reaches it with the offset (0.599)
    thresholds = {"morale": 0.45, "desertion": 0.4, "self-harm": 0.35}
    assert (before.similarity[1] < 0.35).all() and not before.found     # wordless, far from every example
    labels = topics.topic_labels(after, thresholds)
    assert labels.tolist() == [[], ["morale"], []]
    formula_rule = replace(after, head_rows=np.zeros(3, bool))       # the same scores, read as the formula's
    assert assign_labels(formula_rule, thresholds)[1] == [], "the formula's rule would refuse the head's verdict"
    assert topics.scored_by(after, np.arange(3)).tolist()[1:] == [
        "trained head (morale, desertion); examples and wordings (self-harm)", topics.SCORED_BY_FORMULA]


@pytest.mark.unit
def test_the_note_names_only_the_heads_languages_the_snapshot_has_paragraphs_in():
    """A head for German and Russian on a snapshot in English, German and French: the topics page's
    note says the head scored English and German paragraphs, not Russian ones it has none of."""
    config = _config()
    head = _head(config, other_languages=("de", "ru"), cross_offset=(0.0, 0.0))
    emb = np.array([[0.1, 0, 0, 0]] * 3, dtype=np.float32)
    after = lens_head.apply_head(head, _scores(config, emb, cross=np.array([False, True, True])), emb, config,
                                 np.array(["en", "de", "fr"], dtype=object))
    note = topics.head_note(None, config, after)
    assert "in English (or of unknown language) or German come from" in note and "Russian" not in note


@pytest.mark.unit
def test_a_lens_added_keeps_the_head_on_the_fitted_lenses_an_edited_one_turns_it_off():
    config = _config()
    head = _head(config)
    added = config.with_lens(Lens("self-harm", "s", ("shot himself in the leg",), threshold=0.5))
    assert head.fits(added)
    emb = np.array([[1, 0, 0, 0], [0, 1, 0, 0]], dtype=np.float32)
    before = _scores(added, emb)
    after = lens_head.apply_head(head, before, emb, added)
    np.testing.assert_array_equal(after.scores[:, 2], before.scores[:, 2])     # the new lens: the formula
    assert after.head_lenses == ("morale", "desertion")
    # what scored each lens in a head row says so (a reviewer's custom lens read "trained head")
    assert topics.scored_by(after, np.arange(1)).tolist() == [
        "trained head (morale, desertion); examples and wordings (self-harm)"]
    edited = added.with_lens(Lens("morale", "m", ("low morale", "tired of the war"), threshold=0.5,
                                  lexicon=("exhausted",), lexicon_weight=0.1))
    assert not head.fits(edited)
    assert head.fits(replace(config, lenses=tuple(replace(lens, threshold=0.3) for lens in config.lenses))), \
        "a threshold is not what the head was fitted to"


# --- a corpus built with the multilingual model ------------------------------------------------

ENGLISH = ArticleSpec("en-desert", "Wire", [
    "Three mobilised soldiers deserted their unit near the front and fled across the border; military "
    "police are searching for the deserters.",
    "The regional weather service said the week stayed dry and mild.",
])
GERMAN = ArticleSpec("de-desert", "Zeitung", [
    "Drei mobilisierte Soldaten sind aus ihrer Einheit desertiert und über die Grenze geflohen.",
], language="de")
FRENCH = ArticleSpec("fr-desert", "Journal", [
    "Trois soldats mobilisés ont déserté leur unité et se sont enfuis de l'autre côté de la frontière.",
], language="fr")


@pytest.fixture(scope="module")
def e5_snapshot(tmp_path_factory):
    folder = tmp_path_factory.mktemp("e5_head")
    make_snapshot(folder, [ENGLISH, GERMAN, FRENCH], embedder=load_embedder(MULTILINGUAL_MODEL))
    return folder


@pytest.mark.model
def test_english_and_german_paragraphs_of_an_e5_corpus_are_scored_by_the_head(e5_snapshot):
    snapshot = load_snapshot(e5_snapshot)
    scores = topics.score_snapshot(snapshot, SHIPPED, load_embedder(MULTILINGUAL_MODEL))
    language = snapshot.paragraphs["article_id"].map({"en-desert": "en", "de-desert": "de", "fr-desert": "fr"}).tolist()
    assert [bool(b) for b in scores.head_rows] == [lang in ("en", "de") for lang in language]
    labels = topics.topic_labels(scores, SHIPPED.thresholds())
    text = snapshot.paragraphs["text"].tolist()
    assert "desertion" in labels[text.index(ENGLISH.paragraphs[0])]
    assert "desertion" in labels[text.index(GERMAN.paragraphs[0])]
    assert labels[text.index(ENGLISH.paragraphs[1])] == []
    note = topics.head_note(snapshot, SHIPPED, scores)
    # the head's Romanian and Russian are not named: the snapshot has no paragraph in them
    assert note.startswith("The morale, desertion, executions scores of 3 paragraphs in English (or of unknown "
                           "language) or German come from a trained head for multilingual-e5-small")
    # A lens added in the app: the fitted lenses keep the head, the new one is scored by the formula.
    added = SHIPPED.with_lens(Lens("self-harm", "shooting oneself to leave", ("shot himself in the leg",)))
    with_added = topics.score_snapshot(snapshot, added, load_embedder(MULTILINGUAL_MODEL))
    assert with_added.head_lenses == SHIPPED.names
    assert "the self-harm lens and other paragraphs are scored by the formula" in topics.head_note(snapshot, added, with_added)
    # A fitted lens edited: the formula for every lens, and a note saying why.
    morale = SHIPPED.get("morale")
    edited = SHIPPED.with_lens(replace(morale, examples=morale.examples + ("we are tired of this war",)))
    plain = topics.score_snapshot(snapshot, edited, load_embedder(MULTILINGUAL_MODEL))
    assert not isinstance(plain, lens_head.HeadScores)
    assert "were edited or removed since a trained head" in topics.head_note(snapshot, edited, plain)


def _assert_head_reads_the_benchmarks_features(snapshot_dir, model: str) -> None:
    """The app's features and probabilities equal the fitting benchmark's (eval_lens_head: features
    from eval_lenses.parts, probability per regression) on the shipped file."""
    import yaml
    from benchmarks import eval_lens_head as bench
    from benchmarks import eval_lenses as ev
    from newslens.topics.lenses import LEXICON_CAP
    snapshot = load_snapshot(snapshot_dir)
    formula = topics.score_snapshot(snapshot, SHIPPED, load_embedder(model), use_head=False)
    head = lens_head.load_head(model)
    rows = lens_head.head_rows(formula)
    assert len(rows)
    similarity, hits = ev.parts(formula, SHIPPED)
    part = {"vector": np.asarray(snapshot.embeddings[rows], dtype=np.float32),
            "lens": np.hstack([np.minimum(hits[rows], LEXICON_CAP), similarity[rows]])}
    np.testing.assert_allclose(lens_head.lens_features(formula, rows, head.names), part["lens"], atol=1e-6)
    saved = yaml.safe_load(lens_head.head_file(model).read_text(encoding="utf-8"))["lenses"]
    expected = np.column_stack([np.mean([bench.probability(saved[name], part, kind) for kind in bench.KINDS], axis=0)
                                for name in head.names])
    np.testing.assert_allclose(head.probabilities(part["vector"], part["lens"]), expected, atol=1e-4)


@pytest.mark.model
def test_the_head_reads_the_features_it_was_fitted_on(e5_snapshot):
    _assert_head_reads_the_benchmarks_features(e5_snapshot, MULTILINGUAL_MODEL)


@pytest.mark.model
def test_the_default_models_head_reads_the_features_it_was_fitted_on(sample_data_dir):
    _assert_head_reads_the_benchmarks_features(sample_data_dir, DEFAULT_MODEL)


@pytest.mark.model
def test_the_default_model_scores_the_samples_english_paragraphs_with_its_head(sample_data_dir, capsys):
    """Lens round 14: the sample (all English) is scored by the default model's head, and the CLI says so."""
    from newslens.cli import main
    assert main(["topics", "--data", str(sample_data_dir), "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    rows = payload["paragraphs"]
    assert rows and {row["scored_by"] for row in rows} == {"trained head"}
    assert any("come from a trained head for all-MiniLM-L6-v2" in n for n in payload["notices"])
    assert main(["topics", "--data", str(sample_data_dir)]) == 0
    assert "come from a trained head for all-MiniLM-L6-v2" in capsys.readouterr().out.replace("\n", " ")


@pytest.mark.model
def test_the_cli_says_how_each_paragraph_was_scored(e5_snapshot, capsys):
    from newslens.cli import main
    assert main(["topics", "--data", str(e5_snapshot), "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)["paragraphs"]
    by = {row["text"][:5]: row["scored_by"] for row in rows}
    assert by == {"Three": "trained head", "The r": "trained head", "Drei ": "trained head",
                  "Trois": "examples and wordings"}
    assert main(["topics", "--data", str(e5_snapshot)]) == 0
    assert "come from a trained head for multilingual-e5-small" in capsys.readouterr().out.replace("\n", " ")


@pytest.mark.model
@pytest.mark.apptest
def test_the_topics_page_says_the_head_scored_the_english_paragraphs(e5_snapshot):
    at = app_test(e5_snapshot, page="topics").run(timeout=120)
    assert not at.exception, at.exception
    captions = [html.unescape(c.value) for c in at.caption]
    assert any(c.startswith("The morale, desertion, executions scores of 3 paragraphs in English") and
               "come from a trained head for multilingual-e5-small" in c for c in captions), captions


@pytest.mark.model
@pytest.mark.apptest
def test_a_head_changed_while_the_app_runs_is_used_on_the_next_rerun(e5_snapshot, tmp_path):
    """Refitting the head (``eval_lens_head --write``) while the app is open: the topics page's cached
    scores are keyed by the head file, so the next rerun scores with the file as it is now."""
    import shutil

    folder = tmp_path / "config"
    shutil.copytree(config.config_dir(), folder)
    at = app_test(e5_snapshot, page="topics", env={"NEWSLENS_CONFIG": str(folder)}).run(timeout=120)
    assert not at.exception, at.exception
    said = lambda words: any(words in html.unescape(c.value) for c in at.caption)  # noqa: E731
    assert said("come from a trained head")
    # Refitted to lenses of another lens file (its keys no longer match these lenses): the next
    # rerun reads the new file and says the head is off, instead of serving the cached scores.
    path = lens_head.head_file(MULTILINGUAL_MODEL, folder / "lens_heads")
    text = path.read_text(encoding="utf-8")
    key = next(iter(lens_head.load_head(MULTILINGUAL_MODEL, folder / "lens_heads").lens_keys.values()))
    path.write_text(text.replace(key, "0" * len(key), 1), encoding="utf-8")
    at.run(timeout=120)
    assert not at.exception, at.exception
    assert not said("come from a trained head") and said("were edited or removed since")


@pytest.mark.unit
def test_a_config_folder_of_ones_own_without_heads_keeps_the_shipped_head(tmp_path, monkeypatch):
    """$NEWSLENS_CONFIG copied for other settings, without lens_heads/: the shipped head is still
    used (its lens keys still guard against edited lenses); an own lens_heads/ folder is taken as is."""
    import shutil

    folder = tmp_path / "config"
    shutil.copytree(config.config_dir(), folder, ignore=shutil.ignore_patterns("lens_heads"))
    monkeypatch.setenv("NEWSLENS_CONFIG", str(folder))
    assert lens_head.load_head(MULTILINGUAL_MODEL) is not None
    (folder / "lens_heads").mkdir()
    assert lens_head.load_head(MULTILINGUAL_MODEL) is None
