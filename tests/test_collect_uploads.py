"""Uploads from the app are checked by extension and content, and user corpora stay apart from the
sample: what a user would notice when they add files."""
from __future__ import annotations

import json

import pytest

from newslens.corpora import corpus_at, corpus_slug, list_corpora
from pipeline.collect.corpora import collect_and_build
from pipeline.collect.items import SourceError
from pipeline.collect.uploads import check_upload, store_upload
from tests.collect_fixtures import telegram_export


@pytest.mark.parametrize("name, data, complaint", [
    ("notes.exe", b"MZ\x90\x00", ".exe files are not accepted"),
    ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "PNG image"),
    ("table.parquet", b"id,url\n1,https://a.example/x\n", "not a Parquet file"),
    ("result.json", b"{\"rows\": []}", "not a Telegram Desktop export"),
    ("result.json", b"{broken", "not valid JSON"),
    ("empty.csv", b"  \n", "the file is empty"),
])
def test_bad_uploads_are_refused_with_a_reason(name, data, complaint):
    with pytest.raises(SourceError, match=complaint.replace(".", r"\.")):
        check_upload(name, data)


def test_upload_size_cap():
    with pytest.raises(SourceError, match="upload limit"):
        check_upload("big.txt", b"word " * 1000, max_bytes=100)


def test_good_upload_is_stored_under_a_safe_name(tmp_path):
    data = json.dumps(telegram_export()).encode()
    path = store_upload("../../etc/result (1).json", data, tmp_path / "up")
    assert path.parent.parent == tmp_path / "up" and path.name == "result-1.json"
    assert path.read_bytes() == data


def test_corpus_names_and_listing(tmp_path):
    assert corpus_slug("HUR intercepts 2025") == "HUR-intercepts-2025"
    with pytest.raises(ValueError):
        corpus_slug("raw")
    corpus = corpus_at(tmp_path, "My corpus")
    corpus.raw.mkdir(parents=True)
    assert [c.name for c in list_corpora(tmp_path)] == ["My-corpus"]


def test_collect_and_build_makes_a_snapshot_of_only_the_users_articles(tmp_path):
    from newslens.store import load_snapshot
    from tests.factories import HashingEmbedder

    corpus = corpus_at(tmp_path / "corpora", "Channel watch")
    upload = store_upload("result.json", json.dumps(telegram_export()).encode(), corpus.uploads)
    result = collect_and_build(corpus, [], [upload], model="hashing", embedder=HashingEmbedder())
    assert result.build_error is None and len(result.collect.collected) == 2
    snapshot = load_snapshot(corpus.processed)
    assert sorted(snapshot.articles["outlet"]) == ["Frontline Intercepts", "Frontline Intercepts"]
    # a second run with nothing new does not rebuild, and keeps the snapshot
    again = collect_and_build(corpus, [], [upload], model="hashing", embedder=HashingEmbedder())
    assert again.build is None and len(again.collect.of("already had")) == 2


def test_sample_is_added_only_when_chosen(tmp_path):
    from pipeline.collect.corpora import add_sample
    from pipeline.ingest import ingest_corpus
    from tests.conftest import SAMPLE_RAW

    corpus = corpus_at(tmp_path, "With sample")
    assert add_sample(corpus, SAMPLE_RAW) == 5
    docs = ingest_corpus(corpus.raw).documents
    assert len(docs) == 5
    dagens = next(d for d in docs if d.metadata["outlet"] == "Dagens")
    assert dagens.provenance["outlet"] == "given" and dagens.metadata["author"] == "Kathrine Frich"


def test_typed_links_are_never_opened_as_local_files(tmp_path):
    from pipeline.collect.sources import plan_sources

    secret = tmp_path / "secret.txt"
    secret.write_text("https://example.org/private-list\n")
    plan = plan_sources([str(secret), "/etc/passwd"], files_allowed=False)
    assert plan.items == []
    assert all("not a web address" in o.message for o in plan.problems)


def test_a_failed_build_loses_nothing(tmp_path):
    from newslens.store import current_snapshot_id
    from tests.factories import HashingEmbedder

    corpus = corpus_at(tmp_path / "corpora", "Kept")
    export = tmp_path / "rows.csv"
    export.write_text("title,text\nFirst,A first article about morale written for this test only.\n")
    first = collect_and_build(corpus, [], [export], model="hashing", embedder=HashingEmbedder())
    before = current_snapshot_id(corpus.processed)
    assert first.build is not None and before
    export.write_text("title,text\nSecond,A second article about desertion written for this test only.\n")
    # A model that cannot load (a bad hashing size: fails without importing torch, 8 s of CPU).
    failed = collect_and_build(corpus, [], [export], model="hashing-none")
    assert failed.build is None and "hashing-none" in failed.build_error
    assert current_snapshot_id(corpus.processed) == before            # the old snapshot is still shown
    assert len(list((corpus.raw / "text").rglob("*.txt"))) == 2      # and both articles are kept


def test_browser_upload_limit_matches_the_collectors():
    import tomllib

    from pipeline.collect.uploads import MAX_UPLOAD_BYTES
    from tests.conftest import ROOT

    server = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())["server"]
    assert server["maxUploadSize"] * 2**20 == MAX_UPLOAD_BYTES


def test_metadata_cells_with_line_breaks_are_folded_so_the_build_reads_every_row(tmp_path):
    """The build reads metadata.csv one line per row: a collected title with a line break must
    not become a malformed row that quarantines the article."""
    from pipeline.collect.store import RawStore
    from pipeline.ingest import load_sidecar

    (tmp_path / "a.txt").write_text("Soldiers of the unit recorded an appeal to the governor.\n", encoding="utf-8")
    store = RawStore(tmp_path)
    store.add_row("a.txt", {"title": "First line\nsecond line", "outlet": "Channel\r\nwatch"})
    store.flush()
    table, warnings, malformed = load_sidecar(tmp_path)
    assert malformed == {}
    assert table["a.txt"]["title"] == "First line second line"
    assert table["a.txt"]["outlet"] == "Channel watch"
