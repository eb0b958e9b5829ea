"""A translation compared under a model that reads only one of its two languages (issue 10).

On the real sets (24-34) the English model put none of 163 translated reworks at 70% reuse: it sees
no meaning in German or Polish, and the words two languages share are their names and numbers.
Compare now pairs a translation by those, in order, and the paragraphs between by their lengths
(``newslens.compare.anchors``). The texts below are written for these tests in the shapes of the
real cases: an English report and a German rendering that adds an opening line and splits one
paragraph in two; a German report of another event on the same front that shares one place name
and the everyday names of the war.
"""
from __future__ import annotations

import json

import numpy as np
import pytest

from newslens.compare import anchors
from newslens.compare.alignment import (PAIRED_BY_NAMES, PAIRED_BY_POSITION, compare_articles, comparison_dict,
                                        threshold_text)
from newslens.compare.html_export import comparison_html
from newslens.search.lexical import BM25Index
from newslens.store import load_snapshot
from tests.compare_cases import ENGLISH, GERMAN, EnglishOnlyModel
from tests.factories import ArticleSpec, make_snapshot
from tests.test_build import build, data, raw  # noqa: F401 (fixtures)

# Another event on the same front: one shared place, and names every report of the war prints.
OTHER_EVENT = [
    "Präsident Wladimir Putin hat am Montag neue Einheiten in die Ukraine verlegt, berichten Beobachter.",
    "Bei Wuhledar dauern die Kämpfe nach Angaben aus Kiew unvermindert an.",
    "Das russische Verteidigungsministerium sprach von Erfolgen, nannte aber keine Zahlen.",
    "In Russland wächst nach Angaben unabhängiger Medien der Unmut über die Verluste.",
]


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory):
    folder = tmp_path_factory.mktemp("translation")
    make_snapshot(folder, [
        ArticleSpec("en-report", "Outlet A", ENGLISH, language="en", title="Wounded sent back to the assault"),
        ArticleSpec("de-translation", "Outlet B", GERMAN, language="de", title="Verwundete zurück in den Angriff"),
        ArticleSpec("de-other", "Outlet C", OTHER_EVENT, language="de", title="Neue Einheiten verlegt"),
    ], embedder=EnglishOnlyModel())
    return load_snapshot(folder)


def _rows(comparison, paired_by):
    return [(p.a_rows, p.b_rows) for p in comparison.pairs if p.status == "aligned" and p.paired_by == paired_by]


def test_a_translation_is_paired_by_its_names_and_numbers_and_counts_as_reuse(snapshot):
    c = compare_articles(snapshot, "en-report", "de-translation")
    assert c.by_names and c.aligned_by == "shared names and numbers, in order"
    # the opening, the call-sign paragraph and the marine brigade's are placed by what they name:
    # several names and numbers, or a figure a rendering keeps ("155")
    assert _rows(c, PAIRED_BY_NAMES) == [((0,), (1,)), ((1,), (2,)), ((4,), (6,))]
    named = {p.a_rows: p.shared for p in c.pairs if p.paired_by == PAIRED_BY_NAMES}
    assert {"Dmytro", "Kedr", "14", "Pavlivka"} <= set(named[(1,)])
    # German splits the third paragraph in two: both halves sit beside it, found by their lengths
    assert ((2,), (3, 4)) in _rows(c, PAIRED_BY_POSITION)
    assert ((3,), (5,)) in _rows(c, PAIRED_BY_POSITION)
    assert max(c.reuse.a_in_b, c.reuse.b_in_a) >= 0.7 and c.reuse.a_in_b == 1.0
    # the shares say what they rest on: no pair was compared by meaning
    assert "not compared by meaning: 3 pairs by specifics, 4 placed by order between them" in c.reuse.summary()
    # the German opening line has no counterpart and says so
    assert c.pairs[0].status == "only in B" and c.pairs[0].b_rows == (0,)
    assert "paired as a translation" in c.notes[0] and "--model multilingual-e5-small" in c.notes[0]


def test_a_report_of_another_event_sharing_one_place_is_not_a_translation(snapshot):
    c = compare_articles(snapshot, "en-report", "de-other")
    assert not c.by_names and c.aligned_by == "shared words"
    assert max(c.reuse.a_in_b, c.reuse.b_in_a) <= 0.3
    assert "aligned by the words they share" in c.notes[0]


# An English report and a Russian wire report of one strike, written independently (set 31's
# Guardian and m24.ru in shape): one general's name in one pair, one town in another, the toll in a
# third out of order. Read as a translation, the quote was paired with "the guilty will be held
# responsible" and the Kremlin's record of hiding losses with the night's shelling, on the town's
# name alone.
INDEPENDENT_EN = [
    "The strike on the barracks killed 63 conscripts, the defence ministry said on Wednesday.",
    "Speaking in a video statement, Lt Gen Arkady Voronets said a commission was investigating what had happened.",
    "\u201cIt is already clear that the main cause was the mass use of mobile phones within reach of enemy "
    "weapons,\u201d he said.",
    "The ministry promised to punish those responsible and to help the families of the dead.",
    "Officials admitted the losses in Tokmak within a day, which observers read as an attempt to calm public anger.",
    "The Kremlin has long been accused of hiding how many of its soldiers die.",
]
INDEPENDENT_RU = [
    "Основной причиной гибели военнослужащих в Токмаке стало использование мобильных телефонов, сообщил "
    "генерал-лейтенант Аркадий Воронец.",
    "Виновные в произошедшем будут привлечены к ответственности, подчеркнул он.",
    "\"Уже сейчас очевидно, что основной причиной стало массовое использование мобильных телефонов\", \u2013 сказал Воронец.",
    "В ночь на 1 января Токмак подвергся обстрелу, по городу было выпущено более 10 ракет.",
    "По последним данным, в результате удара погибли 63 военнослужащих.",
]


def test_two_independent_reports_sharing_a_name_per_pair_are_not_matched_by_specifics(tmp_path):
    make_snapshot(tmp_path, [
        ArticleSpec("en-wire", "Outlet A", INDEPENDENT_EN, language="en", title="Phones blamed for strike"),
        ArticleSpec("ru-wire", "Outlet B", INDEPENDENT_RU, language="ru", title="Причиной назвали телефоны"),
    ], embedder=EnglishOnlyModel())
    c = compare_articles(load_snapshot(tmp_path), "en-wire", "ru-wire")
    # one town's name places no pair; the general's pair and the toll's cross: no translation, nothing aligned
    assert not c.by_names and not any(p.status == "aligned" for p in c.pairs)
    assert c.reuse.a_in_b == c.reuse.b_in_a == 0.0


def test_two_articles_in_one_language_are_never_taken_for_translations(snapshot):
    c = compare_articles(snapshot, "de-translation", "de-other")
    assert not c.by_names and all(p.paired_by == "similarity" for p in c.pairs)


# A later step of the same case, in German: the same men and places, other figures (real sets 26-29:
# a sentence and the prosecutors' request, a verdict and its extension, two counts of one office).
LATER_STEP = [
    "Ein Militärgericht hat den Offizier mit dem Rufnamen Kedr am Freitag zu 12 Jahren Haft verurteilt, meldet "
    "die Brigade aus dem Abschnitt Wuhledar.",
    "Brigadesprecher Dmytro Haltschenko sagte, 31 Zeugen hätten ausgesagt, darunter Soldaten aus Pawliwka.",
    "Das Urteil ist noch nicht rechtskräftig, die Verteidigung kündigte Berufung an.",
    "Der Prozess hatte im Juli begonnen und dauerte 17 Verhandlungstage.",
]


def test_a_later_step_of_the_case_naming_the_same_men_with_other_figures_is_not_a_translation():
    assert anchors.figures_agree(ENGLISH, GERMAN, "en", "de")
    assert not anchors.figures_agree(ENGLISH, LATER_STEP, "en", "de")
    # the same names would place it: two paragraph pairs share Kedr and Vuhledar, Dmytro and Pavlivka
    assert (anchors.anchor_weights(ENGLISH, LATER_STEP, "en", "de")[0] >= anchors.PAIR_WEIGHT).sum() >= 2
    assert anchors.align_translation(ENGLISH, LATER_STEP, "en", "de") == []
    # a year both print is no figure of the story: two texts sharing only years still agree on none
    assert anchors.figures_agree(["In 2023 it began."], ["Seit 2024 und 2025."], "en", "de")


def test_names_the_corpus_prints_everywhere_place_nothing():
    # The same two texts in a corpus where their names and numbers sit in a tenth of all paragraphs.
    filler = [f"Report {n}: Vuhledar, Dmytro, Kedr, Pavlivka, Haltschenko, 72, 14 and 155 again." for n in range(40)]
    common = anchors.CorpusRarity(*_index_parts(filler + [f"Unrelated line {n}." for n in range(200)] + ENGLISH + GERMAN))
    assert anchors.align_translation(ENGLISH, GERMAN, "en", "de", common) == []
    rare = anchors.CorpusRarity(*_index_parts([f"Unrelated line {n}." for n in range(240)] + ENGLISH + GERMAN))
    assert len(anchors.align_translation(ENGLISH, GERMAN, "en", "de", rare)) >= 5


def _index_parts(texts):
    index = BM25Index(texts)
    return index.vocabulary, index.idf, index.size


def test_the_corpus_rarity_reads_back_how_many_paragraphs_hold_a_word():
    texts = [f"line {n}" + (" Pavlivka" if n % 10 == 0 else "") for n in range(100)]
    rarity = anchors.CorpusRarity(*_index_parts(texts))
    assert rarity.holders("pavlivka") == pytest.approx(10, abs=0.01)
    assert rarity.rarest("Pavlivka") == pytest.approx(10, abs=0.01) and rarity.rarest("Wuhledar") is None
    # a hyphenated name is as rare as its rarer part, not as "line" in every paragraph
    assert rarity.rarest("Line-Pavlivka") == pytest.approx(10, abs=0.01)


def test_everyday_names_of_the_war_weigh_nothing_on_their_own():
    weights, shared = anchors.anchor_weights(["Putin spoke to Russia about Ukraine on Monday."],
                                             ["Gestern sprach Putin in Russland über die Ukraine."], "en", "de")
    assert weights[0, 0] < anchors.PAIR_WEIGHT


def test_the_side_by_side_view_says_what_placed_each_pair_and_escapes_the_names(snapshot, tmp_path):
    c = compare_articles(snapshot, "en-report", "de-translation")
    page = comparison_html([c])
    assert ">names</span>" in page and ">position</span>" in page
    assert "Dmytro, Kedr, 14, Pavlivka" in page
    assert "paragraphs aligned by shared names and numbers, in order." in page   # no similarity bar to quote
    assert "at similarity" not in page
    assert threshold_text(0.55, [c]) == "alignment threshold 0.55 (a translation paired by shared names and numbers, in order)"


def test_the_json_says_how_each_pair_was_made(snapshot):
    result = json.loads(json.dumps(comparison_dict(compare_articles(snapshot, "en-report", "de-translation"))))
    assert result["aligned_by"] == "shared names and numbers, in order"
    assert result["threshold"] is None         # no similarity bar paired it, so none is given
    kinds = {p["paired_by"] for p in result["pairs"]}
    assert kinds == {"names and numbers", "position", None}
    first = next(p for p in result["pairs"] if p["paired_by"] == "names and numbers")
    assert first["shared"] and all(isinstance(s, str) for s in first["shared"])


def test_hostile_text_in_a_translation_stays_text(tmp_path):
    hostile = [p.replace("Vuhledar", "<script>alert(1)</script> Vuhledar") for p in ENGLISH]
    make_snapshot(tmp_path, [ArticleSpec("a", "A", hostile, language="en"), ArticleSpec("b", "B", GERMAN, language="de")],
                  embedder=EnglishOnlyModel())
    c = compare_articles(load_snapshot(tmp_path), "a", "b")
    page = comparison_html([c])
    assert c.by_names and "<script>" not in page and "&#60;script&#62;" in page


def test_a_built_snapshot_lends_compare_its_word_index_unless_too_small(raw, data, snapshot, monkeypatch):  # noqa: F811
    build(raw, data)
    built = load_snapshot(data)
    rows = built.manifest["lexical_index"]["rows"]
    # this corpus is too small to tell a rare name from a common one: the language at large weighs them
    assert rows < 1 / anchors.RARE_SHARE and anchors.corpus_rarity(built) is None
    monkeypatch.setattr(anchors, "RARE_SHARE", 1.0 / rows)
    rarity = anchors.corpus_rarity(built)
    assert rarity is not None and rarity.paragraphs == rows
    texts = built.paragraphs["text"].fillna("").str.lower()
    assert rarity.rarest("Donetsk") == pytest.approx(texts.str.contains("donetsk").sum(), abs=0.5)
    assert anchors.corpus_rarity(snapshot) is None      # written without an index: names weigh by language alone


def test_only_a_disclaimer_never_made_is_a_hedge_dropped_across_a_translation(snapshot, tmp_path):
    # Pairs placed by names and lengths are not read, so no passage "drops" a hedge; a rendering
    # that never says the claims could not be verified still drops that disclaimer.
    c = compare_articles(snapshot, "en-report", "de-translation")
    assert c.claims_a.hedges and c.hedge_flags == []
    assert "hedges are compared only where one report never makes a disclaimer" in c.notes[0]
    unverified = [p for p in GERMAN if "überprüfen" not in p]
    make_snapshot(tmp_path, [ArticleSpec("a", "A", ENGLISH, language="en"), ArticleSpec("b", "B", unverified, language="de")],
                  embedder=EnglishOnlyModel())
    flags = compare_articles(load_snapshot(tmp_path), "a", "b").hedge_flags
    assert [(f.dropped_by, f.other_paragraph_ids) for f in flags] == [("B", ())]
    assert "anywhere in the article" in flags[0].message


def test_a_passage_placed_by_names_is_not_read_for_a_hedge_it_drops(tmp_path):
    # The English paragraph hedges ("allegedly") a claim the German states flatly with the same
    # names: read as a passage that would be a drop; placed by names, it is not claimed.
    from newslens.compare.alignment import hedge_flags

    hedged = [p.replace("said radio intercepts recorded", "said radio intercepts allegedly recorded") for p in ENGLISH]
    make_snapshot(tmp_path, [ArticleSpec("a", "A", hedged, language="en"), ArticleSpec("b", "B", GERMAN, language="de")],
                  embedder=EnglishOnlyModel())
    c = compare_articles(load_snapshot(tmp_path), "a", "b")
    assert c.by_names and any(h.text == "allegedly" for h in c.claims_a.hedges)
    assert c.hedge_flags == []
    texts = dict(zip(c.a.paragraph_ids + c.b.paragraph_ids, c.a.texts + c.b.texts))
    read = hedge_flags([p for p in c.pairs if p.status == "aligned"], c.claims_a.hedges, c.claims_b.hedges, texts,
                       languages_ab=("en", "de"), read_passages=True)
    assert [f.kept_text for f in read] == ["allegedly"]


def test_years_and_a_date_shared_by_two_unrelated_reports_place_nothing():
    refugees = ["Since 24 February 2022 more than a million people have left the region, the agency said.",
                "In 2023 the number of returns rose, and in 2024 it fell again, according to its figures.",
                "Aid groups say shelters are full."]
    election = ["Seit dem 24. Februar 2022 hat die Partei drei Wahlen verloren, sagte ihr Vorsitzender.",
                "Im Jahr 2023 gewann sie Stimmen, 2024 verlor sie wieder, heißt es in der Analyse.",
                "Die Koalition berät am Montag."]
    assert anchors.align_translation(refugees, election, "en", "de") == []


def test_the_pairing_steps_and_bounds():
    # a pair exactly at the bar is an anchor, wherever it sits
    bar = anchors.PAIR_WEIGHT
    assert anchors._anchors(np.array([[bar, 0.0], [0.0, bar]])) == [(0, 0), (1, 1)]
    assert anchors._anchors(np.array([[bar, 0.0], [0.0, 0.0], [0.0, 0.0]])) == [(0, 0)]
    assert anchors._anchors(np.array([[bar, 0, 0], [0, 0, 0], [0, 0, 2.0]])) == [(0, 0), (2, 2)]
    # a two-to-two bead of Gale-Church is one pair of two rows each
    assert anchors._beads([(0, 0), (0, 1), (1, 0), (1, 1), (2, 2)]) == [((0, 1), (0, 1)), ((2,), (2,))]
    # a stretch whose sides' lengths disagree, or one past the bound, is left unpaired
    assert anchors._fill([0], [0], [100], [400], 1.0) == []
    assert anchors._fill([0], [0], [100], [110], 1.0) == [anchors.AnchoredPair((0,), (0,))]
    rows = list(range(anchors.MAX_STRETCH + 1))
    assert anchors._fill(rows, rows, [100] * len(rows), [100] * len(rows), 1.0) == []


def test_an_article_of_unknown_language_is_not_taken_for_a_translation(tmp_path):
    make_snapshot(tmp_path, [ArticleSpec("a", "A", ENGLISH, language=""), ArticleSpec("b", "B", GERMAN, language="de")],
                  embedder=EnglishOnlyModel())
    c = compare_articles(load_snapshot(tmp_path), "a", "b")
    assert c.by_words and not c.by_names


def test_the_command_line_says_what_placed_each_pair(snapshot):
    from tests.cli_utils import run_newslens

    result = run_newslens("compare", "en-report", "de-translation", "--data", str(snapshot.path.parent.parent))
    assert result.returncode == 0, result.stderr
    assert "paired as a translation" in result.stdout
    rows = [line[:5].strip() for line in result.stdout.splitlines()]
    assert "names" in rows and "order" in rows


def test_a_count_written_with_a_separator_is_a_figure_and_a_printed_year_is_not():
    assert anchors.figures_in("Some 2,000 soldiers left in 2024, and 1 950 more.", "en") >= {"#2000"}
    assert "#2024" not in anchors.figures_in("Some 2,000 soldiers left in 2024.", "en")
    # a translation prints the count its own way: "2.000 Soldaten" is the same figure
    assert "#2000" in anchors.figures_in("Rund 2.000 Soldaten sind 2024 desertiert.", "de")


def test_a_name_at_the_similarity_bar_is_the_same_name():
    from rapidfuzz.distance import Levenshtein
    from newslens import knowledge

    rules = knowledge.story_rules()
    close = rules.get("specifics", "fuzzy_similarity")
    # twenty letters and three edits: exactly at 0.85
    a, b = "abcdefghijklmnopqrst", "abcdefghijklmnopqxyz"
    assert Levenshtein.normalized_similarity(a, b) == pytest.approx(close)
    assert anchors._matches([a], [b], rules)[a] == [b]
    # story grouping reads the same bar the same way: the two spellings are one shared name (here
    # differing in their first letters, so no shared stem pairs them instead)
    a, b = "abcdefghijklmnopqrst", "xyzdefghijklmnopqrst"
    import pandas as pd
    from newslens.compare import evidence as evi

    def facts(aid, names):
        return evi.ArticleFacts(aid, np.array([0]), pd.NaT, pd.NaT, False, None, aid, "pl", names=set(names))
    assert list(evi._fuzzy_names(facts("x", [a]), facts("y", [b]), {a: 1.0, b: 1.0}, rules)) == [f"{a}|{b}"]


def test_a_name_is_as_rare_as_its_rarest_part_outside_the_two_articles():
    # "Nowa" in 8 other paragraphs; "Kachowka" only in the compared pair's own 13 paragraphs
    texts = [f"line {n}" for n in range(1000)]
    texts[:8] = ["Nowa road"] * 8
    texts[8:20] = ["Kachowka dam"] * 12
    texts[20] = "Nowa-Kachowka town"
    rarity = anchors.CorpusRarity(*_index_parts(texts))
    assert rarity.rarest("Nowa-Kachowka", {"nowa": 1, "kachowka": 13}) == pytest.approx(0, abs=0.01)
    assert rarity.rarest("Nowa-Kachowka") == pytest.approx(9, abs=0.01)     # without the discount: "nowa"


# The German rendering above as an aggregator reorders it: the intelligence agency's paragraph moved
# to the top as a teaser, its own opening line dropped, the disclaimer and Moscow's silence swapped.
# Here both renderings of that paragraph name the brigade's number and the town it holds.
ENGLISH_TOWN = [*ENGLISH[:4], ENGLISH[4].replace("Brigade.", "Brigade near Kurakhove."), *ENGLISH[5:]]
REORDERED = [GERMAN[6].replace("Marinebrigade erhalten.", "Marinebrigade bei Kurachowe erhalten."), *GERMAN[1:6],
             GERMAN[8], GERMAN[7]]


def _rare(*texts):
    return anchors.CorpusRarity(*_index_parts([f"Unrelated line {n}." for n in range(240)] + [t for x in texts for t in x]))


def test_a_translation_that_moves_a_paragraph_pairs_it_where_it_went():
    found = anchors.align_translation(ENGLISH_TOWN, REORDERED, "en", "de", _rare(ENGLISH_TOWN, REORDERED))
    moved = [(p.a, p.b, p.shared) for p in found if p.moved]
    assert moved == [((4,), (0,), ("155", "Kurakhove"))]      # from the end to the top, by what it names
    in_order = [p for p in found if not p.moved]
    assert [p.b for p in in_order] == sorted(p.b for p in in_order)
    assert all(4 not in p.a and 0 not in p.b for p in in_order)   # no stretch paired by lengths took it


def test_one_shared_figure_does_not_move_a_paragraph():
    """Out of order the order no longer vouches for a pair: one number alone ("155") is not enough."""
    reordered = [GERMAN[6], *GERMAN[1:6], GERMAN[8], GERMAN[7]]
    found = anchors.align_translation(ENGLISH, reordered, "en", "de", _rare(ENGLISH, reordered))
    assert found and not any(p.moved for p in found)


def test_a_moved_translated_paragraph_shows_as_moved_on_compare(tmp_path):
    make_snapshot(tmp_path, [
        ArticleSpec("en-report", "Outlet A", ENGLISH_TOWN, language="en", title="Wounded sent back to the assault"),
        ArticleSpec("de-reordered", "Outlet B", REORDERED, language="de", title="Verwundete zurück in den Angriff"),
    ], embedder=EnglishOnlyModel())
    c = compare_articles(load_snapshot(tmp_path), "en-report", "de-reordered")
    assert c.by_names
    moved = [p for p in c.pairs if p.moved]
    assert [(p.a_rows, p.b_rows, p.status) for p in moved] == [((4,), (0,), "aligned")]
    # every paragraph stands once: the moved one is not also listed as only in B
    assert sorted(j for p in c.pairs for j in p.b_rows) == list(range(len(REORDERED)))
    assert sorted(i for p in c.pairs for i in p.a_rows) == list(range(len(ENGLISH_TOWN)))
    assert c.reuse.moved == 1 and c.reuse.a_in_b >= 0.7
    assert "1 by the names and numbers of a paragraph moved to another place" in c.notes[0]


def _side(name, n):
    from newslens.compare.alignment import ArticleSide
    return ArticleSide(name, name, name, None, "date unknown", [f"{name}{i}" for i in range(n)],
                       [f"{name} paragraph {i}." for i in range(n)], np.zeros((n, 4), dtype=np.float32), "en")


@pytest.mark.parametrize("found, a_order", [
    # a moved paragraph between in-order pairs stands where A prints it
    ([anchors.AnchoredPair((0,), (0,), ("X",)), anchors.AnchoredPair((1,), (3,), ("Y",), moved=True),
      anchors.AnchoredPair((2,), (1,)), anchors.AnchoredPair((3,), (2,))], [0, 1, 2, 3]),
    # a pair placed by lengths around it (rows 1 and 3 of A): the moved one follows that pair
    ([anchors.AnchoredPair((0,), (0,), ("X",)), anchors.AnchoredPair((1, 3), (1,)),
      anchors.AnchoredPair((2,), (3,), ("Y",), moved=True), anchors.AnchoredPair((4,), (2,))], [0, 1, 3, 2, 4]),
])
def test_every_paragraph_of_a_translation_with_a_moved_pair_stands_once(found, a_order):
    from newslens.compare.alignment import translation_pairs
    a, b = _side("a", max(i for p in found for i in p.a) + 1), _side("b", 4)
    rows = translation_pairs(sorted(found, key=lambda p: (p.a[0], p.b[0])), a, b)
    assert [i for p in rows for i in p.a_rows] == a_order
    assert sorted(j for p in rows for j in p.b_rows) == list(range(4))
    assert [p.moved for p in rows if p.a_rows and p.b_rows] == [p.moved for p in sorted(found, key=lambda p: a_order.index(p.a[0]))]


def test_quotes_of_two_languages_say_how_they_are_matched(tmp_path):
    """A set-32 reviewer read a quote "in one only" across two languages as dropped: the section says a
    quote's translation is matched only where the paragraphs align by meaning."""
    from newslens.compare.alignment import compare_articles
    from newslens.compare.html_export import quotes_html
    from newslens.store import load_snapshot
    from tests.factories import ArticleSpec, make_snapshot

    make_snapshot(tmp_path, [
        ArticleSpec("en", "Daily", ['The commander said: "nobody leaves this trench alive tonight" on the call.']),
        ArticleSpec("de", "Blatt", ['Der Kommandeur sagte: "Niemand verlässt diesen Graben heute lebend" am Telefon.'],
                    language="de"),
        ArticleSpec("en2", "Herald", ['The commander said: "nobody leaves this trench alive tonight", the call shows.']),
    ])
    snapshot = load_snapshot(tmp_path)
    assert "different languages" in quotes_html(compare_articles(snapshot, "en", "de"))
    assert "different languages" not in quotes_html(compare_articles(snapshot, "en", "en2"))
