"""Search and "similar paragraphs" across languages under a multilingual model (session 29).

A multilingual model's vectors keep a trace of their language: a German query about North Korean
deserters found German reports of another event (casualties) before the desertion reports in other
languages (set 32's reviewers). Under a model with a measured cross-language shift each paragraph is
scored as if its language's mean were the corpus mean (newslens.language_trace); the default model
is untouched. The texts are written for the test; the fake model's vectors are a bag of the words
of an English gloss of what a text says, plus a fixed offset per language, which is the trace.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from newslens.embedder import MULTILINGUAL_MODEL, HashingEmbedder, normalise_rows
from newslens.language_trace import language_trace
from newslens.search import engine
from newslens.search.similar import DEFAULT_MIN_SCORE, similar_paragraphs
from newslens.store import load_snapshot
from tests.factories import ArticleSpec, make_snapshot

DESERTION = "eighteen north korean soldiers deserted their positions near the border"
# (language, article id, [(text, English gloss of what it says)])
CORPUS = [
    ("en", "en-desertion", [
        ("Eighteen North Korean soldiers have deserted their positions near the Russian border, "
         "Ukrainian intelligence sources say.", DESERTION),
        ("Russian officers are searching for the men and hiding the loss from their command.",
         "russian officers search for the missing men and hide it from command")]),
    ("en", "en-pier", [("The council of a small port town voted to rebuild its old wooden pier.",
                        "town council votes to rebuild wooden pier")]),
    ("en", "en-flood", [("Heavy rain flooded the lower streets of the old town on Sunday.",
                         "heavy rain floods old town streets")]),
    ("de", "de-desertion", [
        ("Achtzehn nordkoreanische Soldaten sollen ihre Stellungen an der Grenze verlassen haben.", DESERTION)]),
    ("de", "de-losses-1", [
        ("Nordkoreanische Soldaten in Kursk erleiden schwere Verluste: mindestens hundert sind gefallen.",
         "north korean soldiers in kursk suffer heavy losses at least one hundred killed")]),
    ("de", "de-losses-2", [
        ("Der Geheimdienst schätzt, dass von den nordkoreanischen Soldaten sechshundert gefallen sind.",
         "intelligence estimates six hundred north korean soldiers killed")]),
    ("de", "de-losses-3", [
        ("Verwundete nordkoreanische Soldaten werden mit dem Zug in ihre Heimat gebracht.",
         "wounded north korean soldiers taken home by train")]),
]
# A language's trace is taken out in proportion to its articles (config/thresholds.yaml
# search.language_trace_shrink_articles): like a real corpus, each language here has many, on
# other subjects (their glosses share no word with the stories above).
FILLER_ARTICLES = 90
CORPUS += [(lang, f"{lang}-other-{n}", [(f"{lang} report {n} on another subject.",
                                         f"unrelated{lang}{n} subject{lang}{n} matter{lang}{n}")])
           for lang in ("en", "de") for n in range(FILLER_ARTICLES)]
GERMAN_QUERY = ("Fahnenflucht nordkoreanischer Soldaten", "north korean soldiers deserted")
GLOSSES = {text: gloss for _, _, paragraphs in CORPUS for text, gloss in paragraphs} | dict([GERMAN_QUERY])
LANGUAGE_OF = {text: lang for lang, _, paragraphs in CORPUS for text, _ in paragraphs} | {GERMAN_QUERY[0]: "de"}


class FakeMultilingual(HashingEmbedder):
    """Vectors of the texts' English glosses plus a fixed offset per language (the trace)."""

    def __init__(self, name: str = MULTILINGUAL_MODEL, dim: int = 64):
        super().__init__(dim)
        self.name = name
        rng = np.random.default_rng(3)
        self.offsets = {lang: 1.2 * normalise_rows(rng.normal(size=(1, dim)))[0] for lang in ("en", "de")}

    def encode(self, texts, batch_size: int = 64) -> np.ndarray:
        meaning = super().encode([GLOSSES.get(t, t) for t in texts])
        return normalise_rows(meaning + np.stack([self.offsets[LANGUAGE_OF.get(t, "en")] for t in texts]))


def _snapshot(tmp_path: Path, embedder: FakeMultilingual):
    specs = [ArticleSpec(aid, f"Outlet {aid}", [text for text, _ in paragraphs], language=lang,
                         published="2024-10-15", title=aid)
             for lang, aid, paragraphs in CORPUS]
    make_snapshot(tmp_path, specs, embedder=embedder)
    return load_snapshot(tmp_path)


def _ranked(tmp_path: Path, embedder: FakeMultilingual) -> list[str]:
    snapshot = _snapshot(tmp_path, embedder)
    index = engine.build_index(snapshot)
    vector = embedder.encode([GERMAN_QUERY[0]])[0]
    ranking = engine.rank(index, engine.parse_query(GERMAN_QUERY[0]), vector, engine.SEMANTIC)
    return [str(index.article_ids[p]) for p in ranking.positions]


def test_a_german_query_finds_the_desertion_reports_in_both_languages_before_other_german_news(tmp_path: Path):
    ranked = _ranked(tmp_path, FakeMultilingual())
    assert set(ranked[:2]) == {"de-desertion", "en-desertion"}


def test_the_model_without_a_measured_shift_ranks_as_before(tmp_path: Path):
    """A model with no ``cross_language_shift`` (the default English one; here a multilingual one,
    so that the German paragraphs are read) keeps the stored cosines: the German reports of the
    other event still crowd out the English desertion report."""
    ranked = _ranked(tmp_path, FakeMultilingual(name="sentence-transformers/LaBSE"))
    assert ranked.index("en-desertion") > ranked.index("de-losses-1")


def test_similar_paragraphs_of_a_german_report_find_its_english_counterpart_first(tmp_path: Path):
    snapshot = _snapshot(tmp_path, FakeMultilingual())
    row = int(np.flatnonzero(snapshot.paragraphs["article_id"].to_numpy() == "de-desertion")[0])
    found = similar_paragraphs(snapshot, row, k=3, min_score=-1.0)
    assert found["article_id"].iloc[0] == "en-desertion"


def test_adjusted_scores_are_cosines_with_each_language_mean_moved_onto_the_corpus_mean():
    """The per-row adjustment (no moved copy of the vectors) equals the plain computation."""
    rng = np.random.default_rng(0)
    vectors = normalise_rows(rng.normal(size=(40, 8)).astype(np.float32))
    langs = ["en"] * 15 + ["de"] * 15 + ["fi"] * 4 + [None] * 6
    groups = np.arange(40) // 2             # two rows per article: fi has 2 articles, too few
    counted = np.ones(40, dtype=bool)
    trace = language_trace(vectors.astype(np.float16), langs, groups, counted, 3)
    corpus = vectors.mean(axis=0)
    moved = vectors.copy()
    for _lang, rows in (("en", slice(0, 15)), ("de", slice(15, 30))):
        moved[rows] = vectors[rows] - vectors[rows].mean(axis=0) + corpus
    query = vectors[3]
    expected = normalise_rows(moved) @ query
    got = trace.adjust(vectors.astype(np.float16).astype(np.float32) @ query, query)
    assert np.allclose(got, expected, atol=2e-3)
    rows = np.array([1, 20, 33, 38])
    assert np.allclose(trace.adjust(vectors[rows] @ query, query, rows), expected[rows], atol=2e-3)


# A language of few articles is often one story (set 32: all its French articles were on one
# brigade's desertions): its mean is then that story's meaning more than the language's trace.
QUOTE = ("\u00ab Il y a eu quelques d\u00e9sertions, tr\u00e8s marginales au vu du nombre de soldats form\u00e9s \u00bb, "
         "a d\u00e9clar\u00e9 un responsable militaire.")
QUOTE_QUERY = "Il y a eu quelques d\u00e9sertions, tr\u00e8s marginales au vu du nombre de soldats form\u00e9s"
QUOTE_GLOSS = "there were some desertions very marginal given the number of soldiers trained said an officer"
SMALL_LANGUAGE = [
    ("fr", "fr-quote", [(QUOTE, QUOTE_GLOSS)]),
    ("fr", "fr-copy", [(QUOTE.replace("a d\u00e9clar\u00e9", "a indiqu\u00e9 \u00e0 une agence"),
                        QUOTE_GLOSS + " to an agency")]),
    ("fr", "fr-brigade", [("La brigade form\u00e9e en France a perdu des soldats par d\u00e9sertion.",
                           "the brigade trained in france lost soldiers to desertion")]),
    ("en", "en-brigade", [("Several dozen soldiers of the brigade trained in France are said to have deserted.",
                           "several dozen soldiers of the brigade trained in france deserted")]),
]


class FakeWithFrench(FakeMultilingual):
    def __init__(self):
        super().__init__()
        self.offsets["fr"] = 1.2 * normalise_rows(np.random.default_rng(5).normal(size=(1, self.dim)))[0]
        self.glosses = GLOSSES | {text: gloss for _, _, paragraphs in SMALL_LANGUAGE for text, gloss in paragraphs}
        self.glosses[QUOTE_QUERY] = QUOTE_GLOSS
        self.languages = LANGUAGE_OF | {text: lang for lang, _, paragraphs in SMALL_LANGUAGE for text, _ in paragraphs}
        self.languages[QUOTE_QUERY] = "fr"

    def encode(self, texts, batch_size: int = 64) -> np.ndarray:
        meaning = HashingEmbedder.encode(self, [self.glosses.get(t, t) for t in texts])
        return normalise_rows(meaning + np.stack([self.offsets[self.languages.get(t, "en")] for t in texts]))


def _small_language_snapshot(tmp_path: Path):
    specs = [ArticleSpec(aid, f"Outlet {aid}", [text for text, _ in paragraphs], language=lang,
                         published="2024-10-15", title=aid)
             for lang, aid, paragraphs in CORPUS + SMALL_LANGUAGE]
    embedder = FakeWithFrench()
    make_snapshot(tmp_path, specs, embedder=embedder)
    return load_snapshot(tmp_path), embedder


def test_a_small_language_of_one_story_keeps_its_word_for_word_copy_in_the_reader(tmp_path: Path):
    snapshot, _ = _small_language_snapshot(tmp_path)
    row = int(np.flatnonzero(snapshot.paragraphs["article_id"].to_numpy() == "fr-quote")[0])
    found = similar_paragraphs(snapshot, row)        # the Reader's cut (reader.similar_min_score)
    assert list(found["article_id"][:1]) == ["fr-copy"]      # shown, and first
    assert found["score"].iloc[0] >= DEFAULT_MIN_SCORE


def test_a_small_language_of_one_story_finds_its_own_text_first(tmp_path: Path):
    snapshot, embedder = _small_language_snapshot(tmp_path)
    index = engine.build_index(snapshot)
    result = engine.search(index, QUOTE_QUERY, embedder=embedder, mode=engine.SEMANTIC, k=3)
    top = {result.hits[0].article_id} | {m.article_id for m in result.hits[0].also}
    assert top & {"fr-quote", "fr-copy"}


def test_a_language_of_few_articles_has_its_trace_taken_out_only_in_part():
    """Weight n / (n + shrink) on each language's offset, n its articles (groups)."""
    rng = np.random.default_rng(1)
    vectors = normalise_rows(rng.normal(size=(40, 8)).astype(np.float32))
    langs = ["en"] * 30 + ["fr"] * 10
    groups = np.arange(40)                  # one row per article: en 30 articles, fr 10
    counted = np.ones(40, dtype=bool)
    whole = language_trace(vectors, langs, groups, counted, 3)
    shrunk = language_trace(vectors, langs, groups, counted, 3, shrink_groups=10)
    en, fr = whole.codes[0], whole.codes[-1]
    assert np.allclose(shrunk.offsets[en], whole.offsets[en] * 30 / 40)
    assert np.allclose(shrunk.offsets[fr], whole.offsets[fr] * 10 / 20)
