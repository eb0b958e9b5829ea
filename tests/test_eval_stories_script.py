"""The real-set scorer (benchmarks/eval_stories.py) on a page the build drops as a copy of another:
the copy is scored as a member of its original's story, and a labelled pair of the two is a full
rework, instead of the scorer stopping at "no article" (the third real set has such a page)."""
from __future__ import annotations

from benchmarks import eval_stories as ev
from newslens.embedder import HashingEmbedder
from pipeline.build import build_snapshot

REPORT = ("A company commander threatened to shoot soldiers who leave the trench, according to an "
          "intercepted call published by the intelligence service on Tuesday.\n\n"
          "The call was recorded near the river crossing, the service said, and 38 men had already fled.\n")


def _corpus(tmp_path):
    raw, data = tmp_path / "raw", tmp_path / "data"
    raw.mkdir()
    (raw / "a01_outlet.txt").write_text("Commander threatens his men\n\n" + REPORT, encoding="utf-8")
    (raw / "a02_copy.txt").write_text("Commander threatens his men\n\n" + REPORT, encoding="utf-8")
    (raw / "b01_other.txt").write_text("Harvest festival opens\n\nThe town council opened the harvest festival "
                                       "on Sunday with music and a market.\n", encoding="utf-8")
    build_snapshot(raw, data, embedder=HashingEmbedder(32))
    return str(data)


def test_a_dropped_copy_counts_in_its_originals_story_and_as_a_full_rework(tmp_path):
    data = _corpus(tmp_path)
    assert ev.duplicates_in(data) == {"a02_copy": "a01_outlet"}
    labels = {"articles": {"a01_outlet": {"story": "s", "lang": "en"}, "a02_copy": {"story": "s", "lang": "en"},
                           "b01_other": {"story": "t", "lang": "en"}}}
    stories = ev.with_duplicates([{"article_ids": ["a01_outlet"]}], ev.duplicates_in(data))
    assert ev.score_grouping(labels, stories)["recall"] == 1.0
    assert ev.reuse_of(ev.compare("a01_outlet", "a02_copy", data, {})) == 1.0


def test_a_labelled_page_the_store_no_longer_holds_is_left_out_of_the_pairs(tmp_path):
    """A page a later session could not find again is not in the scratch folder: its pairs are
    not pairs the grouping missed, and the report names it."""
    data = _corpus(tmp_path)
    assert ev.articles_in(data) == {"a01_outlet", "a02_copy", "b01_other"}
    labels = {"articles": {"a01_outlet": {"story": "s", "lang": "en"}, "a02_copy": {"story": "s", "lang": "en"},
                           "b01_other": {"story": "t", "lang": "en"}, "z01_gone": {"story": "s", "lang": "de"}}}
    stories = ev.with_duplicates([{"article_ids": ["a01_outlet"]}], ev.duplicates_in(data))
    assert ev.score_grouping(labels, stories)["recall"] == round(1 / 3, 3)   # as if the grouping missed it
    scored = ev.score_grouping(labels, stories, ev.articles_in(data))
    assert scored["recall"] == 1.0 and scored["true_pairs"] == 1 and scored["not_in_snapshot"] == ["z01_gone"]


def test_comparisons_naming_a_page_the_store_no_longer_holds_are_left_out_and_named():
    labels = {"articles": {}, "alignments": [{"a": "a1", "b": "gone", "pairs": []}, {"a": "a1", "b": "b1", "pairs": []}],
              "reworks": [["a1", "b1"], {"pair": ["gone", "b1"], "cross_language": True}],
              "unrelated": [["a1", "gone"]], "hedges": [["gone", "could not be verified"], ["a1", "allegedly"]],
              "hedge_drops": [{"hedged": "gone", "unhedged": "a1"}]}
    held, left_out = ev.held_pairs(labels, {"a1", "b1"})
    assert held["alignments"] == [{"a": "a1", "b": "b1", "pairs": []}] and held["reworks"] == [["a1", "b1"]]
    assert held["unrelated"] == [] and held["hedges"] == [["a1", "allegedly"]] and held["hedge_drops"] == []
    assert left_out == ["alignments: a1 / gone", "reworks: gone / b1", "unrelated: a1 / gone",
                        "hedges: gone", "hedge_drops: gone / a1"]
