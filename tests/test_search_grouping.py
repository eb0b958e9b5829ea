"""What "Also in N other outlets" joins (reviews 29a item 6, 29b items 3-4): a paragraph stating
other figures is no re-report, and a syndicated copy of an article fills one rank with it. Texts
written for the test, in the shape of the real cases (an intelligence estimate that changed between
two releases; a page and its word-for-word copy on a regional edition)."""
from __future__ import annotations

from newslens.embedder import load_embedder
from newslens.search.engine import HYBRID, build_index, search
from newslens.store import load_snapshot
from tests.factories import ArticleSpec, make_snapshot

EMBEDDER = load_embedder("hashing-64")
CLOSE = 0.5     # the hashed vectors are rougher than a model's: these sentences are re-reports by meaning


def _index(tmp_path, specs):
    make_snapshot(tmp_path, specs)
    return build_index(load_snapshot(tmp_path))


def test_a_paragraph_stating_other_figures_is_its_own_hit(tmp_path):
    index = _index(tmp_path, [
        ArticleSpec("late", "Outlet A", ["About two thousand North Korean soldiers were killed in the fighting "
                                         "in Kursk, South Korean intelligence said."], published="2025-09-10"),
        ArticleSpec("early", "Outlet B", ["At least 100 North Korean soldiers were killed and 1,000 wounded in "
                                          "the fighting in Kursk, South Korean intelligence said."],
                    published="2024-12-19"),
        ArticleSpec("same", "Outlet C", ["Some 2,000 North Korean soldiers were killed in the fighting in Kursk, "
                                         "South Korean intelligence said."], published="2025-09-11"),
    ])
    hits = search(index, "North Korean soldiers killed in Kursk", embedder=EMBEDDER, mode=HYBRID, k=5,
                  threshold=CLOSE).hits
    owner = {h.article_id: hit.article_id for hit in hits for h in [hit, *hit.also]}
    assert owner["early"] == "early", "100 killed and 1,000 wounded is not a re-report of two thousand killed"
    assert owner["same"] == owner["late"], "2,000 and about two thousand are one figure"


TWIN = [
    "A mobilised soldier was arrested for beating his commander to death on a train.",
    "Both men had been called up in the autumn.",
    "The court said the mobilised soldier hit his commander.",
    "A video of another brawl between a mobilised soldier and his commander spread online.",
]


def test_a_word_for_word_copy_fills_one_rank_with_its_original(tmp_path):
    index = _index(tmp_path, [
        ArticleSpec("orig", "Insider", TWIN, published="2023-01-10"),
        ArticleSpec("copy", "Insider Africa", TWIN, published="2023-01-10"),
        ArticleSpec("other", "Daily", ["Mobilised men recorded a video appeal complaining about their commander."]),
    ])
    hits = search(index, "mobilised soldier commander", embedder=EMBEDDER, mode=HYBRID, k=10).hits
    ranked = [h.article_id for h in hits]
    assert len({"orig", "copy"} & set(ranked)) == 1, ranked
    twin = next(h for h in hits if h.article_id in ("orig", "copy"))
    assert {m.article_id for m in twin.also} == {"orig", "copy"} - {twin.article_id}
    positions = [m.position for m in twin.more_from_article]
    assert len(positions) >= 2 and positions == sorted(positions), "more from this article reads in article order"


def test_a_paragraph_told_again_years_later_is_no_re_report(tmp_path):
    """A set-31 reviewer: a March 2022 admission was "also in" an August 2024 paragraph, two and a
    half years later; re-reports lie within a story's window (stories.max_days)."""
    line = "The defence ministry admitted that conscripts had been sent to fight in Ukraine."
    index = _index(tmp_path, [
        ArticleSpec("then", "Outlet A", [line], published="2022-03-09"),
        ArticleSpec("recap", "Outlet B", [line.replace("admitted", "has admitted")], published="2024-08-20"),
        ArticleSpec("copy", "Outlet C", [line.replace("admitted", "conceded")], published="2022-03-10"),
    ])
    hits = search(index, "ministry admitted conscripts fought in Ukraine", embedder=EMBEDDER, mode=HYBRID, k=5,
                  threshold=CLOSE).hits
    owner = {h.article_id: hit.article_id for hit in hits for h in [hit, *hit.also]}
    assert owner["recap"] != owner["then"], "two and a half years apart: told again, not re-reported"
    assert owner["copy"] == owner["then"], "a day apart: a re-report"
