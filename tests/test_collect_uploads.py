"""Uploads from the app are checked by extension and content, and user corpora stay apart from the
sample: what a user would notice when they add files."""
from __future__ import annotations

import json
from pathlib import Path

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


# -- a metadata.csv uploaded with the article files it names ----------------------------------

_PAGE = ("<html><head><title>Site</title></head><body><article><h1>{title}</h1>"
         "<p>{body} The soldiers said their commander had threatened anyone who retreated, and the "
         "recording was shared by the intelligence service on its channel the same evening.</p>"
         "<p>Two more soldiers of the unit confirmed the account in calls to relatives, the outlet said.</p>"
         "</article></body></html>")


def _uploads(corpus, files: dict[str, str]):
    return [store_upload(name, text.encode(), corpus.uploads) for name, text in files.items()]


def test_an_uploaded_metadata_table_gives_its_files_their_url_outlet_and_date(tmp_path):
    """A researcher uploads their scraped pages with the metadata.csv their scraper wrote: the
    articles carry its url, outlet and date, and nothing in it is fetched as a link."""
    from newslens.store import load_snapshot
    from pipeline.collect.sources import plan_sources
    from tests.factories import HashingEmbedder

    corpus = corpus_at(tmp_path / "corpora", "Scrape")
    table = ("file,url,outlet,published\n"
             "Call from the front (1).html,https://news.example.org/call,Example News,2024-03-05\n"
             "appeal.html,https://other.example.net/appeal,Other Daily,2024-03-07\n"
             "not-uploaded.html,https://x.example.com/a,X,2024-01-01\n")
    files = _uploads(corpus, {
        "Call from the front (1).html": _PAGE.format(title="A call from the front", body="An intercepted call."),
        "appeal.html": _PAGE.format(title="Wives appeal", body="A video appeal of soldiers' wives."),
        "metadata.csv": table})
    plan = plan_sources([str(f) for f in files])
    assert [i.kind for i in plan.items] == ["file", "file"]          # no url of the table to fetch
    assert any("metadata for 2 of the article files" in d for d in plan.descriptions)
    assert any("not-uploaded.html" in d and "collected before" in d for d in plan.descriptions)

    result = collect_and_build(corpus, [], files, model="hashing", embedder=HashingEmbedder())
    assert result.build_error is None and len(result.collect.collected) == 2
    [unused] = [o.message for o in result.collect.outcomes if o.status == "skipped"]
    assert unused == ("metadata.csv: not-uploaded.html: no file of that name was given or collected before; "
                      "the row is not used")
    articles = load_snapshot(corpus.processed).articles.set_index("url")
    assert articles.loc["https://news.example.org/call", "outlet"] == "Example News"
    assert str(articles.loc["https://other.example.net/appeal", "published"])[:10] == "2024-03-07"


def test_a_metadata_table_uploaded_after_its_files_updates_them_and_rebuilds(tmp_path):
    from newslens.store import load_snapshot
    from tests.factories import HashingEmbedder

    corpus = corpus_at(tmp_path / "corpora", "Later")
    page = _PAGE.format(title="Deserters caught", body="A report of deserters caught near the border.")
    first = _uploads(corpus, {"deserters.html": page})
    collect_and_build(corpus, [], first, model="hashing", embedder=HashingEmbedder())
    assert load_snapshot(corpus.processed).articles["url"].isna().all()

    again = _uploads(corpus, {"deserters.html": page,
                              "metadata.csv": "file;url;outlet\ndeserters.html;https://a.example.org/d;A Paper\n"})
    result = collect_and_build(corpus, [], again, model="hashing", embedder=HashingEmbedder())
    assert len(result.collect.metadata_updated) == 1 and result.build is not None
    assert "Metadata given for 1" in " ".join(result.collect.summary_lines())
    assert list(load_snapshot(corpus.processed).articles["outlet"]) == ["A Paper"]


@pytest.mark.parametrize("table, problem", [
    ('file,url\n"a.html,https://a.example.org/x\n', "malformed"),
    ("file,title\na.html,One\n./a.html,Two\n", None),               # one file: later cells win
])
def test_a_bad_metadata_row_is_said_and_its_file_still_collected(tmp_path, table, problem):
    from pipeline.collect.sources import plan_sources

    corpus = corpus_at(tmp_path / "corpora", "Rows")
    files = _uploads(corpus, {"a.html": _PAGE.format(title="T", body="B."), "metadata.csv": table})
    plan = plan_sources([str(f) for f in files])
    assert [i.kind for i in plan.items] == ["file"]
    messages = " ".join(p.message or "" for p in plan.problems)
    if problem:
        assert problem in messages and "collected without this row" in messages
        assert not plan.items[0].fields
    else:
        assert plan.items[0].fields == {"title": "Two"}


def test_an_export_with_a_file_column_and_text_is_still_an_export(tmp_path):
    from pipeline.collect.sources import plan_sources

    corpus = corpus_at(tmp_path / "corpora", "Export")
    files = _uploads(corpus, {"export.csv": "file,text,url\nx.html,Soldiers of the unit refused to advance "
                                             "and were sent back under guard,https://a.example.org/x\n"})
    plan = plan_sources([str(f) for f in files])
    assert [i.kind for i in plan.items] == ["export"]


def test_a_metadata_table_uploaded_alone_later_gives_the_files_collected_before_their_rows(tmp_path):
    """A review (session 31): the table uploaded on its own after its files said "metadata for 0 of
    the article files" and Collect was disabled; its rows now go to the files collected before."""
    from newslens.store import load_snapshot
    from pipeline.collect.sources import plan_sources
    from tests.factories import HashingEmbedder

    corpus = corpus_at(tmp_path / "corpora", "Alone")
    first = _uploads(corpus, {"Звіт з фронту.html": _PAGE.format(title="Звіт", body="A report from the front."),
                              "second.html": _PAGE.format(title="Second", body="Another report entirely.")})
    collect_and_build(corpus, [], first, model="hashing", embedder=HashingEmbedder())
    table = _uploads(corpus, {"metadata.csv": "filename,url,outlet\nЗвіт з фронту.html,https://u.example.ua/z,Укрправда\n"})
    plan = plan_sources([str(f) for f in table])
    assert not plan.items and plan.counts() == {"metadata rows for files collected before": 1}
    result = collect_and_build(corpus, [], table, model="hashing", embedder=HashingEmbedder())
    assert len(result.collect.metadata_updated) == 1 and result.build is not None
    outlets = load_snapshot(corpus.processed).articles.set_index("url")["outlet"]
    assert outlets["https://u.example.ua/z"] == "Укрправда"


def test_names_in_other_scripts_and_names_stored_alike_never_take_another_files_row(tmp_path):
    """A review (session 31): every Cyrillic file name was stored as "upload.txt", so a row naming
    "Звіт.txt" (not uploaded) gave its metadata to "Доповідь.txt"; and the rows of "My report (1).txt"
    and "My report 1.txt" (stored alike) were merged into one."""
    from pipeline.collect.sources import plan_sources

    corpus = corpus_at(tmp_path / "corpora", "Scripts")
    files = _uploads(corpus, {
        "Доповідь.txt": "Солдати розповіли про накази стріляти у тих, хто відступає з позицій біля села.",
        "My report (1).txt": "Soldiers said the commander threatened to shoot anyone who retreated from the line.",
        "My report 1.txt": "A second report on wives who appealed to the governor to bring their men home.",
        "metadata.csv": "file,outlet\nЗвіт.txt,Wrong Outlet\nMy report (1).txt,First\nMy report 1.txt,Second\n"})
    assert "Доповідь.txt" in {f.name for f in files}                   # stored under its own name
    plan = plan_sources([str(f) for f in files])
    assert all(not item.fields for item in plan.items)                   # nobody's row went to another file
    said = " ".join(p.message or "" for p in plan.problems)
    assert "rows for 'My report (1).txt' and 'My report 1.txt' name files stored under one name" in said
    assert [name for _, name, _ in plan.given] == ["Звіт.txt"]


def test_a_table_whose_file_column_is_called_filename_is_metadata_not_links_to_fetch(tmp_path):
    from pipeline.collect.sources import plan_sources

    corpus = corpus_at(tmp_path / "corpora", "Filename")
    files = _uploads(corpus, {"a.html": _PAGE.format(title="T", body="B."),
                              "meta.csv": "Filename;URL;Outlet\na.html;https://a.example.org/x;A Paper\n"})
    plan = plan_sources([str(f) for f in files])
    assert [i.kind for i in plan.items] == ["file"] and plan.items[0].fields["outlet"] == "A Paper"


def test_long_scraped_names_stay_apart():
    """A review (session 31): names cut at 60 letters made '...-part-1.html' and '...-part-2.html' one."""
    from pipeline.collect.uploads import upload_name

    stem = "2024-07-01_news.example.org_world_troops-advance-near-the-river-crossing-and-the-town"
    assert upload_name(f"{stem}-part-1.html") != upload_name(f"{stem}-part-2.html")
    assert len(upload_name("Звіт" * 200 + ".html").encode("utf-8")) <= 200      # a file system keeps it


def test_files_uploaded_under_names_in_other_scripts_get_readable_ids(tmp_path):
    """A review: a file named in Cyrillic was collected as "files/item_<hash>.txt", and its id in the
    CLI, the reader and exports named nothing; the name is transliterated, as the build's ids are."""
    from tests.cli_utils import run_newslens
    from tests.factories import HashingEmbedder

    corpus = corpus_at(tmp_path / "corpora", "Scripts")
    files = _uploads(corpus, {
        "Доповідь з фронту.txt": "Солдати розповіли про накази стріляти у тих, хто відступає з позицій біля села.",
        "Αναφορά_λιποτάκτες.html": _PAGE.format(title="Λιποτάκτες", body="A report on deserters.")})
    assert collect_and_build(corpus, [], files, model="hashing", embedder=HashingEmbedder()).build_error is None
    proc = run_newslens("articles", "--data", str(corpus.processed), "--json")
    assert proc.returncode == 0, proc.stderr
    ids = sorted(row["article_id"] for row in json.loads(proc.stdout)["articles"])
    assert [i.rsplit("_", 1)[0] for i in ids] == ["files__Anafora_lipotaktes", "files__Dopovid-z-frontu"]


# -- the app's temporary folders of uploads ---------------------------------------------------

def test_upload_folders_left_behind_are_removed_once_old_and_only_ours(tmp_path, monkeypatch):
    """A researcher adding hundreds of pages a day filled /tmp: folders a stopped server or a
    closed tab left are removed once untouched for the configured hours, never another program's
    (or a link to one), nor one a run may still be using."""
    import os
    import tempfile
    import time

    from newslens import config
    from pipeline.collect.uploads import STAGING_PREFIX, new_staging_folder

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setenv("NEWSLENS_UPLOAD_HOURS", "24")
    day_ago = time.time() - 25 * 3600

    def folder(name: str, old: bool) -> Path:
        path = tmp_path / name
        (path / "3f2a").mkdir(parents=True)
        (path / "3f2a" / "Call from the front.html").write_text("<p>An intercepted call.</p>", encoding="utf-8")
        for item in (path / "3f2a" / "Call from the front.html", path / "3f2a", path):
            if old:
                os.utime(item, (day_ago, day_ago))
        return path

    stale, fresh = folder(f"{STAGING_PREFIX}stale", True), folder(f"{STAGING_PREFIX}fresh", False)
    touched = folder(f"{STAGING_PREFIX}touched", True)
    (touched / "3f2a" / "appeal.html").write_text("<p>A video appeal.</p>", encoding="utf-8")   # in use now
    another = folder("other-program-upload-x", True)
    (tmp_path / f"{STAGING_PREFIX}link").symlink_to(another)
    new = new_staging_folder(config.upload_max_age_seconds())
    assert new.is_dir() and new.name.startswith(STAGING_PREFIX)
    assert not stale.exists()
    assert fresh.is_dir() and touched.is_dir() and another.is_dir()
    assert (tmp_path / f"{STAGING_PREFIX}link").is_symlink()


@pytest.mark.parametrize("value", ["a day", "0", "-3"])
def test_a_bad_upload_age_setting_says_which_and_why(monkeypatch, value):
    from newslens import config

    monkeypatch.setenv("NEWSLENS_UPLOAD_HOURS", value)
    with pytest.raises(ValueError, match=f"NEWSLENS_UPLOAD_HOURS must be a number above 0, not '{value}'"):
        config.upload_max_age_seconds()
