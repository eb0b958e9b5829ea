"""The lexical index built by the pipeline and stored in the snapshot: the app memory-maps it and
ranks exactly as with an index built from the texts; a stale or damaged one is rebuilt by the app;
a no-change rebuild reuses the files."""
from __future__ import annotations

import json

import numpy as np
import pytest

from newslens.schema import ManifestKey, SnapshotFile
from newslens.search import engine
from newslens.search.engine import LEXICAL, build_index, search
from newslens.search.lexical import LEXICAL_FILES, BM25Index
from newslens.store import load_snapshot
from tests.test_build import build, fast_map, raw, data  # noqa: F401 (fixtures)

QUERIES = ["shoot retreating soldiers", "governor regiment appeal", "Donetsk", "Donetks oblast",
           '"stand their ground"', "morale collapsed rotation pay"]


def ranked(index, query):
    result = search(index, query, mode=LEXICAL, k=10, group=False)
    return [(h.paragraph_id, round(h.score, 5)) for h in result.hits], result.notices


def test_the_build_stores_the_lexical_index_and_the_app_maps_it(raw, data):  # noqa: F811
    report = build(raw, data)
    for name in LEXICAL_FILES:
        assert (report.path / name).is_file(), name
    snap = load_snapshot(data)
    info = snap.manifest[ManifestKey.LEXICAL_INDEX]
    index = build_index(snap)
    assert info["rows"] == index.size and info["terms"] == len(index.lexical.vocabulary)
    assert isinstance(index.lexical.idf, np.memmap)      # loaded, not built
    fresh = BM25Index(index.texts)
    rebuilt = engine.SearchIndex(**{**index.__dict__, "lexical": fresh})
    for query in QUERIES:
        assert ranked(index, query) == ranked(rebuilt, query), query
    assert search(index, "Donetks", mode=LEXICAL).expanded == {"donetks": ["donetsk"]}


@pytest.mark.parametrize("damage", ["version", "rows", "truncated", "missing"])
def test_a_stale_or_damaged_stored_index_is_rebuilt_by_the_app(raw, data, damage):  # noqa: F811
    report = build(raw, data)
    expected = {q: ranked(build_index(load_snapshot(data)), q) for q in QUERIES}
    manifest_path = report.path / SnapshotFile.MANIFEST
    manifest = json.loads(manifest_path.read_text())
    if damage in ("version", "rows"):
        manifest[ManifestKey.LEXICAL_INDEX][damage] = "bm25-0" if damage == "version" else 1
        manifest_path.write_text(json.dumps(manifest))
    elif damage == "truncated":
        (report.path / SnapshotFile.LEXICAL_DATA).write_bytes(b"\x93NUMPY")
    else:
        (report.path / SnapshotFile.LEXICAL_TERMS).unlink()
    index = build_index(load_snapshot(data))
    assert not isinstance(index.lexical.idf, np.memmap)   # built in the app
    assert {q: ranked(index, q) for q in QUERIES} == expected


def test_a_no_change_rebuild_links_the_previous_index_files(raw, data):  # noqa: F811
    first = build(raw, data)
    second = build(raw, data)
    assert second.snapshot_id != first.snapshot_id
    info = load_snapshot(data).manifest[ManifestKey.LEXICAL_INDEX]
    assert info["reused"] is True
    for name in LEXICAL_FILES:
        assert (second.path / name).read_bytes() == (first.path / name).read_bytes()


def test_a_changed_corpus_gets_a_new_index(raw, data):  # noqa: F811
    build(raw, data)
    (raw / "d.txt").write_text("---\ntitle: Kupiansk\noutlet: X\n---\nDeserters from Kupiansk were "
                               "detained by the commandant's office last week, relatives said.\n")
    build(raw, data)
    snap = load_snapshot(data)
    assert snap.manifest[ManifestKey.LEXICAL_INDEX]["reused"] is False
    hits = search(build_index(snap), "Kupiansk deserters", mode=LEXICAL).hits
    assert hits and "Kupiansk" in hits[0].text


def test_grouping_at_build_time_reads_the_word_index_the_build_writes_made_once(raw, data, monkeypatch):  # noqa: F811
    """Story grouping at build time weighs a translation's names by the rarity of the index about to
    be written (``WordIndex``): one index for both, which reads as the published one does; an
    unchanged corpus reads the previous snapshot's files instead of tokenising again."""
    from newslens.compare import anchors
    from newslens.search import lexical
    from pipeline import stories as pipeline_stories
    from pipeline.index import searchable_rows
    from pipeline.lexical_index import WordIndex

    # enough paragraphs for the corpus to tell rare words from common ones (``anchor_rare_share``),
    # each in other words (near-copies are set aside by the build)
    words = ("council road school bus winter heating price repairs meals ward market bridge harbour "
             "library budget festival weather river garden station museum railway clinic theatre").split()
    shuffle = np.random.default_rng(7)
    for n in range(int(1 / anchors.RARE_SHARE) + 1):
        body = " ".join(shuffle.choice(words, 14))
        (raw / f"filler{n}.txt").write_text(f"---\ntitle: Notes {n}\noutlet: Gazette {n}\n---\nToday {body}.\n")
    made, seen = [], []
    original = lexical.BM25Index.__init__
    monkeypatch.setattr(lexical.BM25Index, "__init__", lambda self, *a, **k: (made.append(1), original(self, *a, **k))[1])
    grouping = pipeline_stories.group_stories

    def needing_rarity(snapshot, word_rarity, **kwargs):      # as when a pair enters the translation band
        seen.append(word_rarity())
        return grouping(snapshot, word_rarity=word_rarity, **kwargs)

    monkeypatch.setattr(pipeline_stories, "group_stories", needing_rarity)
    build(raw, data)
    assert len(made) == 1 and seen[0] is not None            # one index, for grouping and for search
    snap = load_snapshot(data)
    published = anchors.corpus_rarity(snap)
    assert (seen[0].paragraphs, seen[0].vocabulary) == (published.paragraphs, published.vocabulary)
    # the counts are those of the searchable paragraphs' own index, not of the stored files alone
    fresh = BM25Index(snap.paragraphs["text"].iloc[searchable_rows(snap.paragraphs)].fillna("").tolist())
    assert published.holders("donetsk") == pytest.approx(anchors.rarity_of(fresh).holders("donetsk"))
    # an unchanged corpus: its rarity read from the previous files, nothing tokenised
    made.clear()
    again = WordIndex(data, snap.paragraphs)
    assert again.previous is not None and isinstance(again.searched().idf, np.memmap) and not made
