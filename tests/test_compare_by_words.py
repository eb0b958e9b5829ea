"""Compare under a model that does not read the articles' language (issue 10, ninth real set).

With the default English model, two unrelated Russian reports (a court upholding guardsmen's
dismissal; a contract soldier shooting comrades and fleeing) read 42-47% reuse: the model's
vectors of a language it does not cover share word pieces whatever the text says. Compare now
aligns such articles by the words they share, says so, and says how to compare them by meaning.
The texts below are written for the test in the shapes of that pair and of a Russian near copy.
"""
from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from newslens.compare.alignment import compare_articles, comparison_dict, threshold_text
from newslens.embedder import FP32, NUMPY, EmbedSetup, normalise_rows
from newslens.store import load_snapshot
from tests.factories import ArticleSpec, make_snapshot

RULING = ArticleSpec("ru-ruling", "Radio A", [
    "Гарнизонный военный суд в Нальчике признал законным увольнение 115 бойцов Росгвардии.",
    "Ранее они отказались ехать на спецоперацию и обратились в суд с коллективным иском.",
    "Суд пояснил, что истцы не выполнили условия контракта, сообщает пресс-служба.",
], published="2022-05-26", language="ru", title="Суд признал законным увольнение 115 бойцов")
COPY = ArticleSpec("ru-copy", "Site B", [
    "Гарнизонный военный суд в Нальчике признал законным увольнение 115 бойцов Росгвардии.",
    "Ранее они отказались ехать на спецоперацию и подали в суд коллективный иск.",
    "Суд пояснил, что истцы не выполнили условия контракта, сообщает пресс-служба суда.",
], language="ru", title="Увольнение 115 бойцов признано законным")
SHOOTING = ArticleSpec("ru-shooting", "Province C", [
    "Вечером 11 июля в воинской части под Белгородом контрактник открыл огонь по сослуживцам.",
    "Трое военных погибли, ещё несколько ранены; стрелок скрылся с автоматом.",
    "В регионе объявлен план «Перехват», сообщил источник в правоохранительных органах.",
], language="ru", title="Контрактник открыл огонь по сослуживцам")
ENGLISH_A = ArticleSpec("en-a", "Outlet D", [
    "A military court in Nalchik upheld the dismissal of 115 National Guard troops who refused to go to Ukraine.",
], language="en", title="Court upholds dismissal")
ENGLISH_B = ArticleSpec("en-b", "Outlet E", [
    "A military court in Nalchik upheld the dismissal of 115 National Guard troops who refused to go to Ukraine.",
], language="en", title="Court upholds dismissal of guardsmen")


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory):
    return _english_model_snapshot(tmp_path_factory.mktemp("by_words"), [RULING, COPY, SHOOTING, ENGLISH_A, ENGLISH_B])


class _EnglishModelStandIn:
    """Stands in for the default English model as a snapshot records it: its vectors of any two
    Russian paragraphs sit about as close as that model's do, whatever they say (0.62-0.67 on
    average between unrelated reports of the thirteenth real set, as between a report and its
    rework), English ones stay apart, and one English text always gets one vector."""

    name, dim, setup = "all-MiniLM-L6-v2", 64, EmbedSetup(NUMPY, FP32)

    def __init__(self):
        self.rng = np.random.default_rng(0)
        self.russian = self.rng.normal(size=self.dim)
        self.english: dict[str, np.ndarray] = {}

    def encode(self, texts):
        rows = []
        for text in texts:
            if any("\u0400" <= ch <= "\u04ff" for ch in text):
                rows.append(self.russian + self.rng.normal(size=self.dim) * 0.7)
            else:
                rows.append(self.english.setdefault(text, self.rng.normal(size=self.dim)))
        return normalise_rows(np.array(rows, dtype=np.float32))


def _english_model_snapshot(folder, specs):
    make_snapshot(folder, specs, embedder=_EnglishModelStandIn())
    return load_snapshot(folder)


def test_the_stored_vectors_would_call_unrelated_russian_reports_one_text(snapshot):
    # The premise: by the model's own vectors unrelated Russian paragraphs are as close as a rework's.
    def similarity(x, y):
        rows = [snapshot.paragraphs.index[snapshot.paragraphs["article_id"] == a] for a in (x, y)]
        a, b = (np.asarray(snapshot.embeddings[r], dtype=np.float32) for r in rows)
        return float((a @ b.T).mean())
    assert similarity("ru-ruling", "ru-shooting") > 0.55
    assert abs(similarity("ru-ruling", "ru-shooting") - similarity("ru-ruling", "ru-copy")) < 0.1


def test_unrelated_reports_in_an_uncovered_language_share_nothing(snapshot):
    result = compare_articles(snapshot, "ru-ruling", "ru-shooting")
    assert result.by_words
    assert result.reuse.a_in_b < 0.3 and result.reuse.b_in_a < 0.3
    assert not [p for p in result.pairs if p.status == "aligned"]
    note = " ".join(result.notes)
    assert "does not compare ru by meaning" in note and "aligned by the words they share" in note
    assert "--model multilingual-e5-small" in note


def test_a_near_copy_in_an_uncovered_language_still_counts_as_reuse(snapshot):
    result = compare_articles(snapshot, "ru-ruling", "ru-copy")
    assert result.reuse.a_in_b >= 0.7 and result.reuse.b_in_a >= 0.7
    assert sum(p.status == "aligned" for p in result.pairs) == 3


WOUNDED = ArticleSpec("ru-wounded", "Radio F", [
    "Раненые контрактники из Волгограда заявили, что военные госпитали отказывают им в операциях.",
    "По словам раненых бойцов, медицинская комиссия признаёт их годными и отправляет обратно на передовую.",
    "Правозащитник считает, что командование негласно требует возвращать раненых в штурмовые подразделения.",
], language="ru", title="Раненым контрактникам отказывают в операциях")
# A rework in the shape of the thirtieth real set's Volgograd pair: the same sentences told of one
# soldier, so nearly every word is another form of the source's word.
WOUNDED_REWORK = ArticleSpec("ru-wounded-rework", "Site G", [
    "Раненый контрактник из Волгограда заявил, что военный госпиталь отказывает ему в операции.",
    "По словам раненого бойца, медицинские комиссии признают его годным и отправляют обратно на передовую.",
    "Правозащитники считают, что командование негласно требует вернуть раненого в штурмовое подразделение.",
], language="ru", title="Раненому контрактнику отказали в операции")


def test_a_rework_that_inflects_every_word_is_aligned_by_the_words_stems(tmp_path, monkeypatch):
    from newslens.compare import alignment

    snapshot = _english_model_snapshot(tmp_path, [WOUNDED, WOUNDED_REWORK, SHOOTING])
    result = compare_articles(snapshot, "ru-wounded", "ru-wounded-rework")
    assert sum(p.status == "aligned" for p in result.pairs) == 3
    assert result.reuse.a_in_b >= 0.6 and result.reuse.b_in_a >= 0.6
    unrelated = compare_articles(snapshot, "ru-wounded", "ru-shooting")
    assert unrelated.reuse.a_in_b < 0.3 and unrelated.reuse.b_in_a < 0.3
    # Read letter for letter, the same rework shares almost no word: nothing aligned, no reuse.
    monkeypatch.setattr(alignment, "stem_text", lambda text, language: text)
    plain = compare_articles(snapshot, "ru-wounded", "ru-wounded-rework")
    assert plain.reuse.a_in_b < 0.3 and plain.reuse.b_in_a < 0.3


def test_a_copy_whose_language_is_unknown_on_one_side_is_read_in_the_other_sides_language(tmp_path):
    # One page's language was not detected: its words are stemmed as the other side's, or the same
    # text would share few words with itself. Two different languages: words as written.
    from newslens.compare.alignment import words_language

    unknown = dataclasses.replace(WOUNDED_REWORK, article_id="ru-unknown", language=None)
    snapshot = _english_model_snapshot(tmp_path, [WOUNDED, unknown])
    result = compare_articles(snapshot, "ru-wounded", "ru-unknown")
    assert result.by_words and result.reuse.a_in_b >= 0.6 and result.reuse.b_in_a >= 0.6
    assert words_language("ru", None) == words_language(None, "ru") == "ru"
    assert words_language("ru", "uk") is None and words_language("de-AT", "de") == "de-AT"


def test_english_articles_are_still_compared_by_the_models_vectors(snapshot):
    result = compare_articles(snapshot, "en-a", "en-b")
    assert not result.by_words and not result.notes
    assert result.reuse.a_in_b == 1.0
    assert comparison_dict(result)["aligned_by"] == "meaning"


def test_a_moved_threshold_moves_the_word_bar_in_proportion_and_the_stamp_says_so(snapshot):
    default = compare_articles(snapshot, "ru-ruling", "ru-copy")
    stricter = compare_articles(snapshot, "ru-ruling", "ru-copy", threshold=0.66)
    assert stricter.threshold == pytest.approx(default.threshold * 0.66 / 0.55)
    # The slider's lowest value (0.2) and a CLI's 0.05 keep a bar above zero: never "align anything".
    assert 0 < compare_articles(snapshot, "ru-ruling", "ru-shooting", threshold=0.05).threshold < default.threshold
    assert comparison_dict(default)["aligned_by"] == "shared words"
    stamp = threshold_text(0.55, [default])
    assert stamp == f"alignment threshold 0.55 ({default.threshold:.2f} by shared words)"


def test_a_covered_article_against_an_uncovered_one_is_compared_by_words(snapshot):
    # English against Russian with the English model: its vectors of the Russian side mean nothing.
    result = compare_articles(snapshot, "en-a", "ru-ruling")
    assert result.by_words
    assert "does not compare ru by meaning" in result.notes[0]


def test_the_note_names_each_language_once_and_an_unknown_one_plainly(tmp_path):
    specs = [ArticleSpec("x", "Site X", [RULING.paragraphs[0]], language="ru"),
             ArticleSpec("y", "Site Y", [COPY.paragraphs[0]], language="ru-RU"),
             ArticleSpec("z", "Site Z", [SHOOTING.paragraphs[0]], language="")]
    snapshot = _english_model_snapshot(tmp_path, specs)
    assert "does not compare ru by meaning" in compare_articles(snapshot, "x", "y").notes[0]
    assert "does not compare ru, unknown language by meaning" in compare_articles(snapshot, "x", "z").notes[0]


def test_the_html_export_says_how_the_paragraphs_were_aligned_and_why(snapshot):
    from newslens.compare.html_export import comparison_html

    page = comparison_html([compare_articles(snapshot, "ru-ruling", "ru-copy")])
    assert "paragraphs aligned by shared words at similarity" in page
    assert "does not compare ru by meaning" in page
    assert "1.00 = the same words" in page
    english = comparison_html([compare_articles(snapshot, "en-a", "en-b")])
    assert "paragraphs aligned by meaning" in english and "1.00 = same meaning" in english


def test_the_reuse_chart_says_how_the_paragraphs_were_aligned(snapshot):
    from newslens.compare.alignment import reuse_figure

    def title(fig) -> str:
        return str(fig.layout.title.subtitle.text)

    assert "paragraphs aligned by shared words" in title(reuse_figure(compare_articles(snapshot, "ru-ruling", "ru-copy")))
    assert "paragraphs aligned by meaning" in title(reuse_figure(compare_articles(snapshot, "en-a", "en-b")))


def test_a_pair_in_an_uncovered_language_weighs_the_models_similarity_and_the_shared_words(snapshot):
    """The cosine of two rows of words_side is words_model_share x the model's + the rest x the
    words' (their stems in the article's language; config/thresholds.yaml): words alone missed
    reworded reworks, the model alone reads any two Russian texts as close."""
    from newslens.compare.alignment import WORDS_DIM, WORDS_MODEL_SHARE, article_side, words_side
    from newslens.embedder import HashingEmbedder
    from newslens.stemming import stem_text
    a, b = article_side(snapshot, "ru-ruling"), article_side(snapshot, "ru-copy")
    mixed = words_side(a, "ru").embeddings @ words_side(b, "ru").embeddings.T
    model = np.asarray(a.embeddings) @ np.asarray(b.embeddings).T
    stems = [[stem_text(t, "ru") for t in side.texts] for side in (a, b)]
    words = HashingEmbedder(WORDS_DIM).encode(stems[0]) @ HashingEmbedder(WORDS_DIM).encode(stems[1]).T
    assert WORDS_MODEL_SHARE == 0.5
    np.testing.assert_allclose(mixed, 0.5 * model + 0.5 * words, atol=1e-5)


def test_an_article_without_content_paragraphs_is_said_not_a_crash(tmp_path):
    empty = ArticleSpec("ru-empty", "Site F", [("Подпишитесь на наш канал", "boilerplate")], language="ru")
    snapshot = _english_model_snapshot(tmp_path, [RULING, empty])
    result = compare_articles(snapshot, "ru-ruling", "ru-empty")
    assert "ru-empty has no content paragraphs to compare" in result.notes
    assert result.reuse.a_in_b == 0.0
