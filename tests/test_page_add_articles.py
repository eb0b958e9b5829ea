"""The "Add articles" page under AppTest: preview, collect + build with progress, per-source errors
in plain words, the new corpus shown everywhere (stamp included), the sample left alone."""
from __future__ import annotations

import html

import pytest

from newslens.ui import corpus as ui_corpus
from tests.apptest_utils import finish_jobs, goto, run_app, visible_text
from tests.collect_site import NewsSite
from tests.factories import SMALL_CORPUS, make_snapshot


@pytest.fixture
def sample_dir(tmp_path):
    path = tmp_path / "processed"
    make_snapshot(path, SMALL_CORPUS)
    return path


@pytest.fixture
def site():
    with NewsSite() as server:
        yield server


def env(tmp_path) -> dict:
    return {"NEWSLENS_CORPORA": str(tmp_path / "corpora"), "NEWSLENS_MODEL": "hashing-64",
            "NEWSLENS_ALLOW_PRIVATE": "1"}     # the test site is on 127.0.0.1


def test_preview_then_collect_and_build_lands_on_the_new_corpus(sample_dir, tmp_path, site):
    sample_files = sorted(p.name for p in sample_dir.rglob("*"))
    at = run_app(sample_dir, page="add_articles", env=env(tmp_path))
    assert not at.exception
    assert at.title[0].value == "Add articles"
    assert at.button(key="nl_add_run").disabled                 # nothing to collect yet
    at.text_input(key="nl_add_name").input("Ledger watch")
    at.text_area(key="nl_add_links").input("\n".join([
        site.url("/news/commander.html"), site.url("/news/second.html"), site.url("/missing.html"),
        "not a link"])).run()
    text = html.unescape(visible_text(at))
    assert "What will be collected" in text
    assert "**3** links to fetch · **1** left out" in text
    assert "1 left out, and why" in [e.label for e in at.expander]
    assert not at.button(key="nl_add_run").disabled

    finish_jobs(at.button(key="nl_add_run").click().run(timeout=120), timeout=120)
    assert not at.exception
    # Built: the researcher lands on the new corpus' timeline, the run's outcome and every failed
    # source still in view there (links carry an invisible word joiner so Markdown never makes them live).
    assert at.title[0].value == "Timeline of reports"
    text = html.unescape(visible_text(at)).replace("\u2060", "")
    assert "**Ledger-watch** is built" in text
    assert "2 article(s) from 1 outlet(s)" in text
    assert "Collected 2 new article(s)" in text
    assert "Failed 2: 1 unreadable source, 1 HTTP 404." in text
    assert "- not a link: not a web address" in text
    assert f"- {site.url('/missing.html')}: the site answered HTTP 404" in text
    assert "Not collected, and why (2)" in [e.label for e in at.expander]
    # The app now shows the new corpus: sidebar glance, picker and the url name it.
    assert at.session_state[ui_corpus.KEY_CORPUS] == "Ledger-watch"
    assert any(m.value.startswith("**Articles:** 2") for m in at.sidebar.markdown)
    assert at.query_params["corpus"] in ("Ledger-watch", ["Ledger-watch"])
    # It stays on the timeline until dismissed; then it is gone, and the Add articles page keeps the record.
    at = goto(at, "timeline")
    assert "is built" in visible_text(at)
    at.button(key="nl_add_notice_dismiss").click().run()
    assert "is built" not in visible_text(at) and "2 article(s) from 1 outlet(s)" in visible_text(at)
    at = goto(at, "add_articles")
    text = html.unescape(visible_text(at)).replace("\u2060", "")
    assert "Collected 2 new article(s)" in text
    [collected] = (d.value for d in at.dataframe)
    assert len(collected) == 2 and "no way back" in " ".join(collected["title"])
    # the sample's snapshot folder was not touched
    assert sorted(p.name for p in sample_dir.rglob("*")) == sample_files
    assert (tmp_path / "corpora" / "Ledger-watch" / "raw" / "metadata.csv").is_file()


def test_stamp_names_the_users_corpus(sample_dir, tmp_path, site):
    from newslens.corpora import corpus_at
    from newslens.store import load_snapshot
    from newslens.ui.render import corpus_label
    from pipeline.collect.corpora import collect_and_build
    from tests.apptest_utils import patched_env

    with patched_env(env(tmp_path)):
        corpus = corpus_at(tmp_path / "corpora", "Ledger watch")
        from pipeline.collect.fetch import FetchSettings
        from pipeline.collect.run import CollectOptions

        collect_and_build(corpus, [site.url("/news/commander.html")], model="hashing-64",
                          options=CollectOptions(fetch=FetchSettings(min_interval=0, allow_private=True)))
        label = corpus_label(load_snapshot(corpus.processed))
    assert label.startswith("Ledger-watch (1 articles")


def test_a_bad_corpus_name_and_a_refused_run_lose_nothing(sample_dir, tmp_path):
    at = run_app(sample_dir, page="add_articles", env=env(tmp_path))
    at.text_input(key="nl_add_name").input("raw")
    at.text_area(key="nl_add_links").input("https://example.org/a").run()
    assert "give the corpus a name" in at.error[0].value
    assert at.button(key="nl_add_run").disabled


def test_shared_link_opens_the_named_corpus_and_unknown_names_fall_back(sample_dir, tmp_path):
    at = run_app(sample_dir, query_params={"corpus": "../../etc"}, env=env(tmp_path))
    assert not at.exception
    assert "4 article(s) from 3 outlet(s)" in visible_text(at)


def test_sidebar_switches_back_to_the_sample(sample_dir, tmp_path):
    from newslens.corpora import corpus_at
    from pipeline.collect.corpora import collect_and_build
    from tests.apptest_utils import patched_env
    from tests.collect_fixtures import write_telegram
    from tests.factories import HashingEmbedder

    with patched_env(env(tmp_path)):
        corpus = corpus_at(tmp_path / "corpora", "Channel watch")
        collect_and_build(corpus, [], [write_telegram(tmp_path)], model="hashing-64",
                          embedder=HashingEmbedder(64))
    at = run_app(sample_dir, query_params={"corpus": "Channel-watch"}, env=env(tmp_path))
    assert not at.exception
    assert "2 article(s) from 1 outlet(s)" in visible_text(at)
    picker = at.sidebar.selectbox(key=ui_corpus.KEY_CORPUS)
    # the data folder the app was pointed at is named after its folder ("Bundled sample" only for the
    # project's own data/processed: a reviewer's own corpus was called the sample)
    assert picker.options == [f"{tmp_path.name} ($NEWSLENS_DATA)", "Channel-watch"]
    picker.select("").run()
    assert "4 article(s) from 3 outlet(s)" in visible_text(at)
    assert "corpus" not in at.query_params


def test_uploads_leave_no_temporary_folder_and_a_failed_file_is_still_named(sample_dir, tmp_path, monkeypatch):
    """A researcher adding hundreds of pages a day filled /tmp: every upload's folder stayed there.
    The uploads are read from it to plan, copied into the corpus on the click, and the folder goes;
    what failed is still named in the run's outcome."""
    import tempfile

    from pipeline.collect.uploads import STAGING_PREFIX

    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    page = ("<html><head><title>Site</title></head><body><article><h1>A call from the front</h1>"
            "<p>The soldiers said their commander had threatened anyone who retreated, and the recording "
            "was shared by the intelligence service on its channel the same evening.</p></article></body></html>")
    at = run_app(sample_dir, page="add_articles", env=env(tmp_path))
    at.text_input(key="nl_add_name").input("Upload watch")
    at.file_uploader(key="nl_add_files").set_value([
        ("Call from the front.html", page.encode(), "text/html"),
        ("Notes from the unit.csv", b"colour,size\nred,3\n", "text/csv")]).run()
    assert not at.exception
    assert "Call-from-the-front.html: one article file" in html.unescape(visible_text(at))
    assert not list(temp.glob(f"{STAGING_PREFIX}*"))            # planned: nothing left behind
    finish_jobs(at.button(key="nl_add_run").click().run(timeout=120), timeout=120)
    assert not at.exception and at.title[0].value == "Timeline of reports"
    text = html.unescape(visible_text(at))
    assert "Notes-from-the-unit.csv: no url or text column found among colour, size" in text
    assert not list(temp.glob(f"{STAGING_PREFIX}*"))
    assert len(list((tmp_path / "corpora" / "Upload-watch" / "raw" / ".uploads").rglob("*.*"))) == 2
