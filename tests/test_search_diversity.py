"""Search results spread across reports (issue 10): one aggregator's page does not fill the top
while other outlets say the same; its further matches wait one click away under its best hit.
Texts written for the test, in the shape of the real case (an aggregator repeating the threat in
three paragraphs, two outlets reporting it once each)."""
from __future__ import annotations

import numpy as np
import pytest

from newslens.embedder import load_embedder
from newslens.search.engine import HYBRID, LEXICAL, build_index, search
from newslens.store import load_snapshot
from tests.factories import ArticleSpec, make_snapshot

EMBEDDER = load_embedder("hashing-64")
AGGREGATOR = ArticleSpec("agg", "Aggregator", [
    "The commander threatens to kill soldiers who retreat from the village.",
    "Soldiers who retreat will be killed, the commander threatens again in the call.",
    "Again the commander threatens: any soldier who tries to retreat gets killed.",
    "Weather in the region was cold and wet all week.",
], published="2025-09-26")
OUTLET_B = ArticleSpec("b", "Outlet B", [
    "A Russian officer threatens to kill his own soldiers if they retreat, an intercepted call shows.",
    "The call was released by military intelligence on Thursday.",
], published="2025-09-25")
OUTLET_C = ArticleSpec("c", "Outlet C", [
    "In the recording a commander threatens soldiers who retreat with being killed on the spot.",
    "Prices in Moscow rose by five percent.",
], published="2025-09-27")


def _index(tmp_path):
    make_snapshot(tmp_path, [AGGREGATOR, OUTLET_B, OUTLET_C])
    return build_index(load_snapshot(tmp_path))


def test_one_article_does_not_fill_the_top(tmp_path):
    result = search(_index(tmp_path), "commander threatens to kill soldiers who retreat", embedder=EMBEDDER,
                    mode=HYBRID, k=5)
    top = [h.article_id for h in result.hits]
    assert len(top) == len(set(top)) and {"agg", "b", "c"} <= set(top)
    agg = next(h for h in result.hits if h.article_id == "agg")
    assert agg.more_from_article and all(m.article_id == "agg" for m in agg.more_from_article)
    assert any("will be killed" in m.text for m in agg.more_from_article)
    assert agg.to_record()["more_from_article"][0]["text"]


def test_more_from_this_article_lists_only_what_still_matches(tmp_path):
    """A k larger than the corpus's articles: every one of the page's paragraphs is met before the
    top is complete, and the page's weather line must still not be offered as a match."""
    result = search(_index(tmp_path), "commander threatens to kill soldiers who retreat", embedder=EMBEDDER,
                    mode=HYBRID, k=10)
    agg = next(h for h in result.hits if h.article_id == "agg")
    assert agg.more_from_article, "the aggregator's other threat paragraphs are one click away"
    assert all("Weather" not in m.text for m in agg.more_from_article)
    assert all(m.score >= 0.75 * agg.score for m in agg.more_from_article)


def test_ungrouped_search_ranks_paragraphs_alone(tmp_path):
    result = search(_index(tmp_path), "commander threatens to kill soldiers who retreat", embedder=EMBEDDER,
                    mode=HYBRID, k=5, group=False)
    assert [h.article_id for h in result.hits].count("agg") >= 2


def test_articles_in_languages_the_model_does_not_cover_get_a_notice(tmp_path):
    from tests.test_stories_hard_cases import _snapshot_as_english_model
    german = ArticleSpec("de", "Zeitung", ["Der Kommandeur droht, Soldaten zu erschießen, die sich zurückziehen."],
                         published="2025-09-26", language="de")
    snapshot = _snapshot_as_english_model(tmp_path, [OUTLET_B, german])
    index = build_index(snapshot)

    class English:                     # the hashed vectors stand in for the English model
        name = "all-MiniLM-L6-v2"
        dim = 64

        def encode(self, texts):
            return EMBEDDER.encode(texts)

    result = search(index, "commander threatens soldiers", embedder=English(), mode=HYBRID, k=5)
    notice = next(n for n in result.notices if "does not compare by meaning" in n)
    assert "1 searched article is" in notice and "de: 1" in notice and "--model" in notice
    cyrillic = search(index, "командир угрожает", embedder=English(), mode=HYBRID, k=5)
    assert any("script" in n and "--model" in n for n in cyrillic.notices)


def test_a_query_in_a_script_the_model_does_not_read_is_ranked_by_its_words(tmp_path):
    """The English model reads any Cyrillic text as about alike, so its "meaning" ranked a comment
    label or a profanity warning above the paragraphs holding the query's words (the twenty-ninth
    real set). The notice says the query was matched by its words: the ranking now is."""
    from tests.test_stories_hard_cases import _snapshot_as_english_model
    russian = [
        ArticleSpec("ru-a", "Лента", ["Комментарии:", "Мобилизованный выстрелил в военкома в Усть-Илимске.",
                                      "Осторожно, ненормативная лексика!"], published="2022-09-26", language="ru"),
        ArticleSpec("ru-b", "Вести", ["Военкома ранили на призывном пункте, стрелявшего задержали."],
                    published="2022-09-26", language="ru"),
    ]
    index = build_index(_snapshot_as_english_model(tmp_path, [OUTLET_B, *russian]))

    class ReadsCyrillicAsAlike:        # every Cyrillic text gets one vector, as near enough the model does
        name = "all-MiniLM-L6-v2"
        dim = 64

        def encode(self, texts):
            return np.tile(EMBEDDER.encode(["х"])[0], (len(texts), 1))

    result = search(index, "выстрел военкома", embedder=ReadsCyrillicAsAlike(), mode=HYBRID, k=5)
    assert result.mode == LEXICAL
    assert [h.text for h in result.hits][:1] == ["Мобилизованный выстрелил в военкома в Усть-Илимске."]
    assert all("Комментарии" not in h.text and "лексика" not in h.text for h in result.hits)
    assert any("matched by its words only" in n for n in result.notices)


def test_a_paragraph_the_model_does_not_read_ranks_by_its_words_alone(tmp_path):
    """Set 31 (a helper's review): under the English model a Finnish paragraph with none of the
    query's words ranked second for "Makiivka" on its noise cosine ("meaning 0.45, words 0.00") while
    the notice said such articles were "searched by words only". Now they are: in hybrid mode by
    their words alone, in meaning mode not at all, and the notice says which."""
    from newslens.search.engine import SEMANTIC
    from tests.test_stories_hard_cases import _snapshot_as_english_model
    finnish = ArticleSpec("fi", "Lehti", ["Sotilaat lähettivät ryöstettyä tavaraa kotiin Venäjälle."],
                          published="2025-09-26", language="fi")
    finnish_named = ArticleSpec("fi2", "Toinen", ["Komentaja uhkasi ampua sotilaat, jotka perääntyvät, commander."],
                                published="2025-09-26", language="fi")
    index = build_index(_snapshot_as_english_model(tmp_path, [OUTLET_B, finnish, finnish_named]))

    class SeesEverythingAlike:         # the model's cosine of a language it does not read: high, meaningless
        name = "all-MiniLM-L6-v2"
        dim = 64

        def encode(self, texts):
            return np.tile(EMBEDDER.encode(["x"])[0], (len(texts), 1))

    hybrid = search(index, "commander threatens soldiers", embedder=SeesEverythingAlike(), mode=HYBRID, k=5,
                    group=False)
    by_article = {h.article_id: h for h in hybrid.hits}
    assert "fi" not in by_article                                # no word of the query: nothing to rank by
    assert by_article["fi2"].semantic is None and by_article["fi2"].lexical > 0   # found by its word
    assert any("searched by words only" in n for n in hybrid.notices)
    meaning = search(index, "commander threatens soldiers", embedder=SeesEverythingAlike(), mode=SEMANTIC, k=5,
                     group=False)
    assert {h.article_id for h in meaning.hits} == {"b"}
    assert any("meaning search leaves them out" in n for n in meaning.notices)


def test_fragments_are_no_hits_but_short_sentences_are(tmp_path):
    """Set 31 (a helper's review): "deserters" listed "Background:", ": Neu", a drop cap "Н" and
    "F.A.Z. PLUS:" among its hits. A line of one word, or two not ending a sentence, under
    fragment_chars, answers no query; "Soldiers deserted." does, as does a short Chinese quote."""
    from newslens.search.engine import SEMANTIC
    make_snapshot(tmp_path, [
        ArticleSpec("x", "Outlet X", ["Background:", "Deserters", "Н", "Soldiers deserted.",
                                      "\u201c我想弥补过去的错误,\u201d",
                                      "Deserters from the regiment were caught near the border."]),
    ])
    index = build_index(load_snapshot(tmp_path))
    for mode in (HYBRID, SEMANTIC, LEXICAL):
        texts = {h.text for h in search(index, "deserters background", embedder=EMBEDDER, mode=mode, k=10,
                                        group=False, per_article=10).hits}
        assert not texts & {"Background:", "Deserters", "Н"}, (mode, texts)
    found = {h.text for h in search(index, "soldiers deserted", embedder=EMBEDDER, mode=HYBRID, k=10,
                                    group=False, per_article=10).hits}
    assert "Soldiers deserted." in found
    kept = {index.texts[i] for i in range(index.size) if not index.fragments[i]}
    assert "\u201c我想弥补过去的错误,\u201d" in kept
    from newslens.search.engine import fragment_positions
    assert list(fragment_positions(["\u201cShoot them.\u201d", "Soldiers\u00a0deserted.", "Kyiv:", "H"])) == \
        [False, False, True, True]         # a quoted short sentence, a non-breaking space; a label, a letter


def test_words_only_paragraphs_rank_among_the_read_ones_and_notices_stay_true(tmp_path):
    """Review of the change above: at a meaning of 0 a Finnish paragraph naming the query's town fell
    below every English paragraph of some meaning; it now stands at the read candidates' median and
    its words lift it. A query in a script the model cannot read runs by words, and the notice says
    so, not "meaning search leaves them out"; hits the model never compared are no "weak match";
    paragraphs it does not read are never grouped as re-reports by their cosine; "more like this"
    on one says why it has no neighbours."""
    from newslens.embedder import normalise_rows
    from newslens.schema import ManifestKey
    from newslens.search.engine import SEMANTIC, more_like_this
    from pipeline.snapshot import write_snapshot
    from tests.factories import article_frames

    texts = ["The strike on the barracks killed dozens of newly mobilised soldiers, officials said.",
             "Prices of bread and fuel rose again in the regional capital this winter.",
             "A football club changed its coach after a run of poor results.",
             "Teachers in the province asked for higher pay and smaller classes."]
    specs = [ArticleSpec(f"en{n}", f"Paper {n}", [t], published="2023-01-03") for n, t in enumerate(texts)] + [
        ArticleSpec("fi1", "Lehti", ["Makiivkan iskussa kuoli kymmeniä venäläisiä sotilaita."],
                    published="2023-01-03", language="fi"),
        ArticleSpec("fi2", "Toinen", ["Makiivkan iskussa kuoli kymmeniä venäläisiä sotilaita, kertoo lehti."],
                    published="2023-01-04", language="fi")]
    articles, paragraphs = article_frames(specs)
    vectors = np.zeros((6, 8), dtype=np.float32)
    vectors[0, 0] = 1.0                                   # the English report of the strike: the query's meaning
    for n in (1, 2, 3):                                   # English paragraphs of some meaning (0.3)
        vectors[n, 0], vectors[n, n] = 0.3, np.sqrt(1 - 0.09)
    vectors[4, 7] = vectors[5, 7] = 1.0                   # the model's noise for Finnish: alike, far from all
    manifest = {ManifestKey.SCHEMA_VERSION: 1, ManifestKey.PIPELINE_VERSION: "test",
                ManifestKey.MODEL_NAME: "all-MiniLM-L6-v2", ManifestKey.MODEL_DIM: 8, ManifestKey.CORPUS_HASH: "x",
                ManifestKey.COUNTS: {"articles": 6}, ManifestKey.QUARANTINED: [], ManifestKey.DUPLICATES: [],
                ManifestKey.WARNINGS: [], ManifestKey.RAW_DIR: "tests"}
    write_snapshot(tmp_path, articles, paragraphs, normalise_rows(vectors), manifest)
    index = build_index(load_snapshot(tmp_path))

    class Query:
        name, dim = "all-MiniLM-L6-v2", 8

        def encode(self, texts):
            return np.tile(np.eye(8, dtype=np.float32)[0], (len(texts), 1))

    hybrid = search(index, "Makiivkan strike", embedder=Query(), mode=HYBRID, k=6)
    ranked = [h.article_id for h in hybrid.hits]
    assert ranked[0] == "en0" and set(ranked[1:3]) == {"fi1", "fi2"}     # above the English of meaning 0.3
    assert all(h.semantic is None for h in hybrid.hits if h.article_id.startswith("fi"))
    assert not any("weak" in n.lower() for n in hybrid.notices)
    only_unread = search(index, "Makiivkan iskussa", embedder=Query(), mode=HYBRID, k=6)
    assert not any("weak" in n.lower() for n in only_unread.notices)
    cyrillic = search(index, "удар по казарме", embedder=Query(), mode=SEMANTIC, k=5)
    assert cyrillic.mode == LEXICAL
    assert not any("leaves them out" in n for n in cyrillic.notices)
    assert any("searched by words only" in n for n in cyrillic.notices)
    row = int(index.rows[list(index.article_ids).index("fi1")])
    assert "does not compare this article's language (fi)" in more_like_this(index, row).notices[0]


def _unread_name_index(tmp_path):
    """An English-model snapshot: one English paragraph naming "Zhuravin" (cosine 0.6 to the query),
    a byline and a paragraph on the subject naming no one (0.55, 0.5), five unrelated ones (0.1), and
    a Russian paragraph naming "Журавин" that the model does not read (its vector: noise)."""
    from newslens.embedder import normalise_rows
    from newslens.schema import ManifestKey
    from pipeline.snapshot import write_snapshot
    from tests.factories import article_frames

    english = [("The adviser Pavel Zhuravin announced the exchange on Friday.", 0.6),
               ("IVAN PETRENKO - TUESDAY, 21 JUNE 2022, 10:55", 0.55),
               ("The commission said the handover of remains went ahead as agreed.", 0.5)] + \
        [(f"Unrelated story number {n} about harvest, weather and football.", 0.1) for n in range(5)]
    specs = [ArticleSpec(f"en{n}", f"Paper {n}", [t], published="2023-01-03") for n, (t, _) in enumerate(english)]
    specs.append(ArticleSpec("ru1", "Газета", ["Российская сторона передала тела погибших, сообщил Журавин."],
                             published="2023-01-03", language="ru"))
    articles, paragraphs = article_frames(specs)
    vectors = np.zeros((len(specs), 8), dtype=np.float32)
    for n, (_, cosine) in enumerate(english):
        vectors[n, 0], vectors[n, 1 + n % 6] = cosine, np.sqrt(1 - cosine ** 2)
    vectors[-1, 7] = 1.0
    manifest = {ManifestKey.SCHEMA_VERSION: 1, ManifestKey.PIPELINE_VERSION: "test",
                ManifestKey.MODEL_NAME: "all-MiniLM-L6-v2", ManifestKey.MODEL_DIM: 8, ManifestKey.CORPUS_HASH: "x",
                ManifestKey.COUNTS: {"articles": len(specs)}, ManifestKey.QUARANTINED: [], ManifestKey.DUPLICATES: [],
                ManifestKey.WARNINGS: [], ManifestKey.RAW_DIR: "tests"}
    write_snapshot(tmp_path, articles, paragraphs, normalise_rows(vectors), manifest)
    return build_index(load_snapshot(tmp_path))


class _AxisQuery:
    name, dim = "all-MiniLM-L6-v2", 8

    def encode(self, texts):
        return np.tile(np.eye(8, dtype=np.float32)[0], (len(texts), 1))


def test_a_name_found_in_an_unread_language_ranks_above_paragraphs_with_no_word_of_it(tmp_path):
    """Set 31's review: for "Medinsky" the one Russian article naming "Мединский" ranked 4th, under
    a byline and a paragraph on someone else that hold no word of the query ("words 0.00"). A page
    the model cannot read that holds every typed word now ranks above every such paragraph."""
    index = _unread_name_index(tmp_path)
    result = search(index, "Zhuravin", embedder=_AxisQuery(), mode=HYBRID, k=5, group=False)
    ranked = [h.article_id for h in result.hits]
    assert ranked[:2] == ["en0", "ru1"]          # the name as typed (meaning 0.6), then the Russian spelling
    assert result.hits[1].semantic is None and result.hits[1].lexical > 0


def test_a_copy_ranked_above_the_passage_it_copies_still_counts_as_its_re_report(tmp_path):
    """Set 34 (a reviewer): teleSUR printed Sputnik's quote word for word in a paragraph that ranked
    above Sputnik's own; it went under teleSUR's hit, and Sputnik's hit said "also in" no outlet."""
    make_snapshot(tmp_path, [
        ArticleSpec("wire", "Outlet W", [
            "The ministry statement said troops were shelled as they tried to retreat.",
            'Its statement added: "The regime deliberately shells its own soldiers who try to leave their '
            'positions and retreat."',
        ]),
        ArticleSpec("news", "Outlet N", [
            '"The regime deliberately shells its own soldiers who try to leave their positions and retreat," '
            "a spokesman said.",
        ]),
    ])
    result = search(build_index(load_snapshot(tmp_path)), "ministry statement retreat", mode=LEXICAL, k=5)
    wire, news = result.hits
    assert (wire.article_id, news.article_id) == ("wire", "news")
    assert news.also_outlets == ["Outlet W"] and news.to_record()["also_in_outlets"] == ["Outlet W"]


def test_an_article_is_listed_once_among_a_hits_re_reports(tmp_path):
    """Set 34: one page's three paragraphs near a hit were listed as three re-reports ("also" of six
    entries for three outlets)."""
    make_snapshot(tmp_path, [
        ArticleSpec("lead", "Outlet L", ['"Every deserter will be found and punished," the commander said in the '
                                         "recording."]),
        ArticleSpec("copy", "Outlet X", ['He said: "Every deserter will be found and punished."',
                                         'Again: "Every deserter will be found and punished," he repeated.']),
    ])
    result = search(build_index(load_snapshot(tmp_path)), "deserter found punished commander recording",
                    mode=LEXICAL, k=5)
    [hit] = result.hits
    assert [h.article_id for h in hit.also] == ["copy"] and hit.also_outlets == ["Outlet X"]


def test_an_unread_paragraph_stands_by_the_share_of_the_query_it_holds():
    """Between the read candidates' middle meaning (no word held) and the best meaning of a read
    paragraph holding no word (every word held): a page holding one of two names is lifted half way."""
    from newslens.search.engine import unread_standing
    from newslens.search.lexical import BM25Index

    cosines = np.array([0.6, 0.55, 0.5, 0.1, 0.1, 0.1], dtype=np.float32)
    lexical = np.array([3.0, 0, 0, 0, 0, 0], dtype=np.float32)      # the 0.6 paragraph holds a word
    middle = float(np.median(cosines))
    assert unread_standing(cosines, lexical, np.array([0.0, 0.5, 1.0])) == \
        pytest.approx([middle, (middle + 0.55) / 2, 0.55])
    # each typed word whole (as rare as the other here: half the query), however long the text
    bm25 = BM25Index(["Zhuravin and Petrenko met.", "Zhuravin spoke " + "at length " * 30, "Petrenko left.",
                      "Nobody came."])
    assert bm25.coverage(bm25.query_terms("Zhuravin Petrenko")).tolist() == pytest.approx([1.0, 0.5, 0.5, 0.0])


def test_no_word_found_advises_what_fits_the_mode_and_the_model(tmp_path):
    """Set 31's review: "расстрел дезертиров" (no word in the corpus) said "try semantic or hybrid
    mode" while the search was hybrid already and the model cannot read Cyrillic at all."""
    index = _unread_name_index(tmp_path)
    for mode in (HYBRID, "semantic"):
        result = search(index, "расстрел дезертиров", embedder=_AxisQuery(), mode=mode, k=5)
        advice = next(n for n in result.notices if n.startswith("None of the query's words"))
        assert "semantic or hybrid" not in advice and "another spelling" in advice
        assert any("does not read for meaning" in n and "multilingual" in n for n in result.notices)
    lexical = search(index, "расстрел дезертиров", mode=LEXICAL, k=5)
    advice = next(n for n in lexical.notices if n.startswith("None of the query's words"))
    assert "semantic or hybrid" not in advice and "cannot search this script by meaning" in advice \
        and "multilingual" in advice
    # a query the model reads, searched by words: meaning search may find it
    english = search(index, "deserters executed", mode=LEXICAL, k=5)
    assert any("try semantic or hybrid mode" in n for n in english.notices)
