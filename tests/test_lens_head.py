"""The trained lens head (newslens.topics.lens_head): shipped for multilingual-e5-small only, applied
to English content paragraphs, on the lens scale (a paragraph reaches a lens's threshold exactly
when the head says so), and dropped with a note when the lens file changed since it was fitted."""
from __future__ import annotations

import html
import json
from pathlib import Path

import numpy as np
import pytest

from newslens import config
from newslens.embedder import DEFAULT_MODEL, MULTILINGUAL_MODEL, load_embedder
from newslens.store import load_snapshot
from newslens.topics import analysis as topics
from newslens.topics import lens_head
from newslens.topics.lenses import Lens, assign_labels, load_lenses, score_paragraphs
from tests.apptest_utils import app_test
from tests.factories import ArticleSpec, make_snapshot

SHIPPED = load_lenses(config.lenses_file())


# --- the shipped data ---------------------------------------------------------------------------

@pytest.mark.unit
def test_the_shipped_head_is_fitted_to_the_shipped_lens_file():
    """Editing config/lenses.yaml without refitting the head turns it off for every user (with a
    note): this fails first, so the change is made on purpose (refit: benchmarks/eval_lens_head.py)."""
    head = lens_head.load_head(MULTILINGUAL_MODEL)
    assert head is not None and head.model == MULTILINGUAL_MODEL
    assert head.fits(SHIPPED), (head.lens_file, SHIPPED.fingerprint())
    assert lens_head.load_head("intfloat/multilingual-e5-small") == head      # the hub name is the same model
    for name in SHIPPED.names:
        assert len(head.regressions[name]["vector"].coef) == 384
        assert 0.0 < head.thresholds[name] < 1.0


@pytest.mark.unit
def test_no_head_for_the_default_model():
    """It lost its rule on unseen sets for the English model (0.543 -> 0.523): not shipped."""
    assert lens_head.load_head(DEFAULT_MODEL) is None


@pytest.mark.unit
def test_a_broken_head_file_is_one_error_naming_the_file(tmp_path: Path):
    (tmp_path / "some-model.yaml").write_text("model: x\nlenses: {morale: {threshold: 0.5}}\n", encoding="utf-8")
    with pytest.raises(lens_head.LensHeadError, match="some-model.yaml: not a lens head file"):
        lens_head.load_head("some-model", tmp_path)


# --- the head on the lens scale (a hand-made head over 4-dimensional vectors) ----------------

def _config():
    return SHIPPED.__class__(lenses=(Lens("morale", "m", ("low morale",), threshold=0.5),
                                     Lens("desertion", "d", ("deserted",), threshold=0.4)))


def _head(config, vector_weight: float = 4.0) -> lens_head.LensHead:
    """Morale follows the vector's first component, desertion its second; lens features say nothing."""
    reg = {}
    for j, name in enumerate(config.names):
        coef = np.zeros(4)
        coef[j] = vector_weight
        reg[name] = {"vector": lens_head.Regression(coef, 0.0),
                     "lens": lens_head.Regression(np.zeros(2 * len(config.names)), 0.0)}
    return lens_head.LensHead("toy", config.fingerprint(), ("set",), {n: 0.6 for n in config.names}, reg)


def _scores(config, embeddings, cross=None, words_only=None, content=None):
    rng = np.random.default_rng(0)
    phrase_vectors = {lens.name: rng.normal(size=(1, embeddings.shape[1])).astype(np.float32) for lens in config.lenses}
    n = len(embeddings)
    return score_paragraphs(embeddings, np.ones(n, bool) if content is None else content, config, phrase_vectors,
                            texts=["text"] * n, cross_language=cross, words_only=words_only)


@pytest.mark.unit
def test_a_paragraph_reaches_a_threshold_exactly_when_the_head_says_so():
    config = _config()
    head = _head(config)
    emb = np.array([[1, 0, 0, 0], [0, 1, 0, 0], [-1, -1, 0, 0], [0.05, 0, 0, 0]], dtype=np.float32)
    scored = lens_head.apply_head(head, _scores(config, emb), emb, config)
    p = head.probabilities(emb.astype(np.float64), lens_head.lens_features(scored, np.arange(4)), config.names)
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


# --- a corpus built with the multilingual model ------------------------------------------------

ENGLISH = ArticleSpec("en-desert", "Wire", [
    "Three mobilised soldiers deserted their unit near the front and fled across the border; military "
    "police are searching for the deserters.",
    "The regional weather service said the week stayed dry and mild.",
])
GERMAN = ArticleSpec("de-desert", "Zeitung", [
    "Drei mobilisierte Soldaten sind aus ihrer Einheit desertiert und über die Grenze geflohen.",
], language="de")


@pytest.fixture(scope="module")
def e5_snapshot(tmp_path_factory):
    folder = tmp_path_factory.mktemp("e5_head")
    make_snapshot(folder, [ENGLISH, GERMAN], embedder=load_embedder(MULTILINGUAL_MODEL))
    return folder


@pytest.mark.model
def test_english_paragraphs_of_an_e5_corpus_are_scored_by_the_head(e5_snapshot):
    snapshot = load_snapshot(e5_snapshot)
    scores = topics.score_snapshot(snapshot, SHIPPED, load_embedder(MULTILINGUAL_MODEL))
    language = snapshot.paragraphs["article_id"].map({"en-desert": "en", "de-desert": "de"}).tolist()
    assert [bool(b) for b in scores.head_rows] == [lang == "en" for lang in language]
    labels = topics.topic_labels(scores, SHIPPED.thresholds())
    text = snapshot.paragraphs["text"].tolist()
    assert "desertion" in labels[text.index(ENGLISH.paragraphs[0])]
    assert labels[text.index(ENGLISH.paragraphs[1])] == []
    note = topics.head_note(snapshot, SHIPPED, scores)
    assert note.startswith("Lens scores of 2 English paragraphs come from a trained head for multilingual-e5-small")
    # A lens file edited since the head was fitted: the formula, and a note saying why.
    edited = SHIPPED.with_lens(Lens("self-harm", "shooting oneself to leave", ("shot himself in the leg",)))
    plain = topics.score_snapshot(snapshot, edited, load_embedder(MULTILINGUAL_MODEL))
    assert plain.head_rows is None
    assert "differ from the ones a trained head" in topics.head_note(snapshot, edited, plain)


@pytest.mark.model
def test_the_cli_says_how_each_paragraph_was_scored(e5_snapshot, capsys):
    from newslens.cli import main
    assert main(["topics", "--data", str(e5_snapshot), "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    by = {row["text"][:5]: row["scored_by"] for row in rows}
    assert by == {"Three": "trained head", "The r": "trained head", "Drei ": "examples and wordings"}
    assert main(["topics", "--data", str(e5_snapshot)]) == 0
    assert "come from a trained head for multilingual-e5-small" in capsys.readouterr().out


@pytest.mark.model
@pytest.mark.apptest
def test_the_topics_page_says_the_head_scored_the_english_paragraphs(e5_snapshot):
    at = app_test(e5_snapshot, page="topics").run(timeout=120)
    assert not at.exception, at.exception
    captions = [html.unescape(c.value) for c in at.caption]
    assert any(c.startswith("Lens scores of 2 English paragraphs come from a trained head for multilingual-e5-small")
               for c in captions), captions
