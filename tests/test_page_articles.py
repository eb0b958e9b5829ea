"""Article reader under AppTest: choosing articles, metadata provenance, kinds, removals, similar links, safety."""
from __future__ import annotations

import html

import pytest

from newslens.ui import navigation
from newslens.schema import Kind, Provenance
from tests.apptest_utils import goto, run_app, visible_text
from tests.factories import SMALL_CORPUS, ArticleSpec, make_snapshot

HOSTILE = "Prices rose from $5 to $10 **fast** :red[x] <script>alert(1)</script> _under_ `code` # not a heading"

CORPUS = SMALL_CORPUS + [
    ArticleSpec("h1", "Outlet <b>H</b>", [
        ("The $5 heading **bold**", Kind.HEADING),
        HOSTILE,
        ("\u201cIf anyone runs away, shoot them,\u201d a soldier quoted the commander.", Kind.QUOTE),
        ("Read also: more stories from our partners", Kind.BOILERPLATE),
        ("Photo: a soldier in a trench (Reuters)", Kind.CAPTION),
    ], published="2025-09-27", title="Title with $x$ and :blue[y]", author="Ann *Author*",
        original_source="HUR", provenance={"title": Provenance.INFERRED, "author": Provenance.GIVEN,
                                           "published": Provenance.INFERRED}),
]


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    path = tmp_path_factory.mktemp("reader")
    make_snapshot(path, CORPUS)
    return path


def main_markdown(at) -> str:
    return "\n".join(str(m.value) for m in at.main.markdown)


def reader(data_dir, **params):
    at = run_app(data_dir, page="articles", query_params=params)
    assert not at.exception, at.exception
    return at


def test_url_opens_the_named_article_and_mirrors_the_choice(data_dir):
    at = reader(data_dir, article="a2")
    assert at.selectbox(key="rd_article").value == "a2"
    assert "Commander told troops to shoot retreating soldiers" in at.header[0].value
    at.selectbox(key="rd_article").set_value("a3").run()
    assert at.query_params[navigation.QP_ARTICLE] == "a3"
    assert "self&#45;inflicted" in at.header[0].value


def test_unknown_article_in_the_url_is_a_clear_warning(data_dir):
    at = reader(data_dir, article="nope")
    assert "No article with id nope" in at.warning[0].value
    assert at.selectbox(key="rd_article").value == "a3"       # the first article in date order instead


def test_metadata_shows_precision_source_and_what_was_inferred(data_dir):
    at = reader(data_dir, article="a3")
    text = main_markdown(at)
    assert "**Published:** Mar 2022 &#40;day unknown&#41; &#40;precision&#58; month&#41;" in text
    assert "**Original source:** SBU" in text
    at = reader(data_dir, article="h1")
    text = main_markdown(at)
    assert "**Published:** 27 Sep 2025" in text and "nl-inferred" in text
    assert "**Author:** Ann &#42;Author&#42;" in text            # given, so no badge on that line
    assert "not given by the corpus: title, published." in visible_text(at)


def test_paragraphs_show_kinds_in_reading_order_and_hide_furniture(data_dir):
    at = reader(data_dir, article="h1")
    text = main_markdown(at)
    assert text.index(">Heading<") < text.index(">Body<") < text.index(">Quote<")
    assert "Read also" not in text and "Photo&#58;" not in text
    assert "Removed: 1 boilerplate, 1 caption" in visible_text(at)


def test_toggle_shows_what_cleaning_removed_and_why(data_dir):
    at = reader(data_dir, article="h1")
    at.toggle(key="rd_show_removed").set_value(True).run()
    text = main_markdown(at)
    assert "nl-removed" in text
    assert "Read also&#58; more stories from our partners" in text
    assert "<b>removed</b> - test furniture" in text
    assert ">Caption<" in text and ">Boilerplate<" in text


def test_article_text_is_escaped_never_formatted(data_dir):
    at = reader(data_dir, article="h1")
    text = main_markdown(at)
    body = [m.value for m in at.main.markdown if "Prices rose" in m.value][0]
    for raw in ("$5", "**fast**", ":red[x]", "<script>", "_under_", "`code`", "# not"):
        assert raw not in body
    for escaped in ("&#36;5 to &#36;10", "&#42;&#42;fast&#42;&#42;", "&#58;red&#91;x&#93;",
                    "&#60;script&#62;alert&#40;1&#41;&#60;/script&#62;", "&#95;under&#95;", "&#35; not"):
        assert escaped in body
    assert "&#60;b&#62;H&#60;/b&#62;" in text                      # the outlet name too
    assert "$x$" not in at.header[0].value and "&#36;x&#36;" in at.header[0].value


def test_similar_paragraphs_link_into_other_articles(data_dir):
    at = reader(data_dir, article="a1")
    at.number_input(key="rd_min_score").set_value(0.3).run()
    buttons = [b for b in at.button if b.key.startswith("rd_open_")]
    assert buttons, "the re-reported quote should find its counterpart"
    shown = main_markdown(at)
    assert "Outlet B" in shown and "similarity" in shown
    assert "Outlet A</b>" not in shown                              # never its own article
    buttons[0].click().run()
    assert not at.exception
    assert at.selectbox(key="rd_article").value != "a1"
    assert at.query_params[navigation.QP_ARTICLE] == at.selectbox(key="rd_article").value
    focus = at.query_params[navigation.QP_PARAGRAPH]
    assert f"id='p-{focus}' class='nl-paragraph nl-focus'" in main_markdown(at)


def test_similar_matches_respect_the_sidebar_filters(data_dir):
    at = run_app(data_dir, page="articles", query_params={"article": "a1", "outlet": ["Outlet A", "Outlet C"]})
    at.number_input(key="rd_min_score").set_value(0.0).run()
    shown = main_markdown(at)
    assert "Outlet C" in shown and "<b>Outlet B</b>" not in shown


def test_reader_keeps_its_article_when_coming_back_from_another_page(data_dir):
    at = reader(data_dir, article="a3")
    goto(at, "timeline")
    goto(at, "articles")
    assert at.selectbox(key="rd_article").value == "a3"


def test_empty_snapshot_on_the_reader_shows_the_fix(tmp_path):
    at = run_app(tmp_path / "void", page="articles", env={"NEWSLENS_RAW": str(tmp_path / "none")})
    assert not at.exception
    assert "python -m pipeline build" in "\n".join(c.value for c in at.code)


NOTE = "line 2 of the page (90% of its words are the url's; printed again on the page; score 6)"


@pytest.fixture
def correctable(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    spec = ArticleSpec("c1", "Outlet C", [
        "Soldiers of the regiment say they were sent to the front without training.",
        ("Read also: a subheading the rules took for a teaser", Kind.BOILERPLATE),
        "Help us reach 10,000 members before the end of the month.",
    ], title="Regiment complains of no training", title_note=NOTE,
        provenance={"title": Provenance.INFERRED})
    data = tmp_path / "data"
    make_snapshot(data, [spec], raw_dir=str(raw))
    return data, raw


def test_reader_says_why_an_inferred_headline_won(correctable):
    """In plain words for a researcher (a set-32 review: "line 2 of the page (100% of its words are the
    url's; ...; score 6.5)"): where the line stands and why, without the scoring."""
    data, _ = correctable
    at = reader(data, article="c1")
    note = html.unescape(next(c.value for c in at.caption if "Headline inferred" in c.value))
    assert "the page's second line" in note and "it repeats the url's words" in note
    assert "the page prints it twice" in note
    assert "score" not in note and "%" not in note


def test_what_cleaning_removed_can_be_corrected_and_is_saved_for_the_next_build(correctable):
    import yaml

    data, raw = correctable
    at = reader(data, article="c1")
    assert not [b for b in at.button if str(b.key).startswith("rd_fix_")]   # only in the "removed" view
    at.toggle(key="rd_show_removed").set_value(True).run()
    restore = [b for b in at.button if b.label == "Restore as article text"]
    mark = [b for b in at.button if b.label == "Mark as page furniture"]
    assert len(restore) == 1 and len(mark) == 2
    restore[0].click().run()
    assert "The next build applies it" in at.success[0].value
    [b for b in at.button if b.label == "Mark as page furniture"][1].click().run()
    saved = yaml.safe_load((raw / "corrections.yaml").read_text(encoding="utf-8"))["corrections"]
    assert [(c["file"], c["action"], c["text"][:9]) for c in saved] == [
        ("c1.txt", "restore", "Read also"), ("c1.txt", "remove", "Help us r")]


def test_a_missing_raw_folder_is_a_clear_error_not_a_crash(tmp_path):
    data = tmp_path / "data"
    make_snapshot(data, [ArticleSpec("c2", "Outlet C", ["One paragraph of text.", ("Menu", Kind.BOILERPLATE)])],
                  raw_dir=str(tmp_path / "gone"))
    at = reader(data, article="c2")
    at.toggle(key="rd_show_removed").set_value(True).run()
    [b for b in at.button if b.label == "Restore as article text"][0].click().run()
    assert "is not on this machine" in at.error[0].value


def test_read_only_mode_offers_no_cleaning_corrections(correctable):
    data, raw = correctable
    at = run_app(data, page="articles", query_params={"article": "c1"}, env={"NEWSLENS_READ_ONLY": "1"})
    at.toggle(key="rd_show_removed").set_value(True).run()
    assert not at.exception
    assert any("Read also" in str(m.value) for m in at.markdown)      # the removed text is still shown
    assert not [b for b in at.button if str(b.key).startswith("rd_fix_")]
    assert not (raw / "corrections.yaml").exists()


def test_an_untitled_article_is_headed_untitled_everywhere(tmp_path):
    """A page with no title is stored with a missing title (NaN in the frame): the reader's heading,
    its metadata and a search hit say "(untitled)", never "nan"."""
    from newslens.search import engine
    from newslens.store import load_snapshot
    make_snapshot(tmp_path, SMALL_CORPUS + [ArticleSpec("u1", "Outlet U", [
        "Deserters from the regiment were caught near the border and sent back to the assault units."],
        published="2025-09-28", title=None)])
    at = reader(tmp_path, article="u1")
    assert "untitled" in at.header[0].value and "nan" not in at.header[0].value
    assert "nan" not in main_markdown(at).split()
    index = engine.build_index(load_snapshot(tmp_path))
    (hit,) = [h for h in engine.search(index, "deserters caught near the border", mode=engine.LEXICAL, k=10).hits
              if h.article_id == "u1"]
    assert hit.title == ""
    from tests.cli_utils import run_newslens
    printed = run_newslens("search", "deserters caught near the border", "--data", str(tmp_path), "--mode", "lexical")
    assert "(untitled)" in printed.stdout and " nan" not in printed.stdout


def test_the_reader_names_the_story_of_an_article_and_opens_it_in_compare(data_dir):
    """Set 34 (a reviewer): the reader said nothing of the story an article belongs to; checking a
    lens or a "who reported first" meant going back to the other pages."""
    from newslens.compare.stories import detect_stories
    from newslens.store import load_snapshot
    [story] = [s for s in detect_stories(load_snapshot(data_dir)) if "a2" in s.article_ids]
    at = reader(data_dir, article="a2")
    shown = main_markdown(at)
    assert "**Story:**" in shown and f"{len(story.article_ids)} reports, grouped with confidence" in shown
    assert "this one&#58;" in shown.replace(":", "&#58;")
    goto(at, "compare")                 # Compare already showed something in this session...
    at.multiselect(key="cmp_articles").set_value(["a3", "h1"]).run()
    goto(at, "articles")
    at.button(key="rd_compare_story").click().run()
    assert not at.exception             # ...the story replaces it, as the detected story
    assert at.multiselect(key="cmp_articles").value[0] == "a2"
    assert set(at.multiselect(key="cmp_articles").value) == set(story.article_ids)
    assert at.selectbox(key="cmp_story").value == story.id
    lone = reader(data_dir, article="h1")                         # in no story: no story line
    assert "**Story:**" not in main_markdown(lone) and not [b for b in lone.button if b.key == "rd_compare_story"]


def test_the_copies_the_build_left_out_are_said_in_the_sidebar_and_on_the_article(tmp_path, monkeypatch):
    """Review 30a, finding 7: 2 articles shown for 4 files, the copies named where the corpus is
    summed up and on the article they copy; file names are untrusted, shown literally."""
    from tests.compare_cases import build_with_copies

    at = reader(build_with_copies(tmp_path, monkeypatch), article="wire-1")
    glance = "\n".join(str(m.value) for m in at.sidebar.markdown)
    assert "**Articles:** 2" in glance
    assert ("**Left out:** 1 exact copy and 1 near copy &#40;zz&#95;mirror&#95;&#42;site&#42;&#46;md &#61; "
            "Wire Service; zz&#95;near&#46;md ≈ Wire Service &#40;near&#45;duplicate&#58; ") in glance
    (caption,) = [c.value for c in at.caption if "copies of this article" in c.value]
    assert caption.startswith("Left out by the build as copies of this article&#58; "
                              "zz&#95;mirror&#95;&#42;site&#42;&#46;md &#40;exact copy&#41;; zz&#95;near&#46;md")


def test_many_left_out_copies_are_counted_in_the_glance_and_listed_apart(tiny_data_dir):
    import dataclasses

    from newslens.store import load_snapshot
    from newslens.ui.sidebar import corpus_glance

    snapshot = load_snapshot(tiny_data_dir)
    copies = [{"file": f"mirror{n}.txt", "duplicate_of": "a1.txt"} for n in range(4)]
    snapshot = dataclasses.replace(snapshot, manifest={**snapshot.manifest, "duplicates": copies})
    assert corpus_glance(snapshot)["Left out"] == "4 exact copies"
    assert "Left out" not in corpus_glance(load_snapshot(tiny_data_dir))


def test_files_the_build_could_not_read_are_said_in_the_sidebar(tmp_path, monkeypatch):
    """An empty and a binary file among the raw pages: the build quarantines them and says so in its
    log, but the app showed only the articles it read, as if the folder held nothing else."""
    import dataclasses

    from newslens.store import load_snapshot
    from newslens.ui.sidebar import corpus_glance
    from pipeline import build as build_mod
    from tests.compare_cases import ORIGINAL, UNRELATED
    from tests.factories import build_from_raw

    monkeypatch.setattr(build_mod, "build_map", lambda embeddings, paragraphs: None)
    data = build_from_raw(tmp_path, [ORIGINAL, UNRELATED], extra_files={"empty.txt": "", "<b>odd*name*.txt": "\x00\x01\x02" * 50})
    at = reader(data, article="wire-1")
    glance = "\n".join(str(m.value) for m in at.sidebar.markdown)
    line = next(x for x in glance.split("<br>") if x.startswith("**Not read:**"))
    assert "**Not read:** 2 files &#40;" in glance and "empty&#46;txt&#58;" in glance
    assert "<b>" not in line and "&#60;b&#62;odd&#42;name&#42;&#46;txt&#58; binary file" in line   # literally, not markup
    snapshot = load_snapshot(data)
    many = [{"file": f"f{n}.bin", "reason": "binary file"} for n in range(5)]
    assert corpus_glance(dataclasses.replace(snapshot, manifest={**snapshot.manifest, "quarantined": many}))[
        "Not read"] == "5 files"


def test_the_readers_story_box_says_when_stories_are_grouped_now(tmp_path, monkeypatch):
    """A reviewer of the diff: Compare and the Timeline said the stories were grouped now, not as the
    snapshot stores them; the Reader's story box, built the same way, said nothing."""
    from pipeline import build as build_mod
    from tests.compare_cases import ORIGINAL, REWORK, UNRELATED
    from tests.factories import build_from_raw, stories_stored_by_another_version

    monkeypatch.setattr(build_mod, "build_map", lambda embeddings, paragraphs: None)
    data = build_from_raw(tmp_path, [ORIGINAL, REWORK, UNRELATED])
    stories_stored_by_another_version(data)
    at = reader(data, article="wire-1")
    assert not at.exception
    assert any("grouped now" in str(c.value) for c in at.caption)


def test_a_link_made_before_a_rebuild_renamed_the_article_still_opens_it_at_its_paragraph(tmp_path):
    """Session 32 read file names in other scripts ("Фролов_допрос.md": id "______________<hash>",
    now "Frolov_dopros_<hash>"): a researcher's saved Reader link named the old id and opened another
    article with a warning. The hash of the file's path is kept, so the link finds its article.
    The old link's paragraph id is written out as the build before session 32 made it (sha256 of the
    article id, the text and its occurrence, first 16 hex digits), not with the function the Reader
    uses to find it, so a drift of that function from the old builds' ids fails here."""
    import hashlib

    from tests.factories import build_from_raw

    second = "A second paragraph where the officer describes the shooting of a retreating soldier."
    body = ("---\ntitle: \"Допрос Фролова\"\noutlet: \"Outlet R\"\n---\n"
            f"The first paragraph of the interrogation report, long enough to be content.\n\n{second}\n")
    data = build_from_raw(tmp_path, [], extra_files={"Фролов_допрос.md": body})
    from newslens.store import load_snapshot
    new_id = next(a for a in load_snapshot(data).articles["article_id"] if a.startswith("Frolov_dopros_"))
    old_id = "_" * 13 + new_id[-9:]        # "______________<hash>", what the build wrote before session 32
    stored = reader_rows(data, new_id)
    assert stored["text"].iloc[1] == second
    old_paragraph = hashlib.sha256(f"{old_id}\x1f{second}\x1f0".encode("utf-8")).hexdigest()[:16]

    at = reader(data, article=old_id, paragraph=old_paragraph)
    assert at.selectbox(key="rd_article").value == new_id
    assert not at.warning and f"opened it as {new_id}" in html.unescape(at.info[0].value)
    assert at.query_params[navigation.QP_ARTICLE] == new_id
    focus = at.query_params[navigation.QP_PARAGRAPH]
    assert focus == stored["paragraph_id"].iloc[1]
    assert f"id='p-{focus}' class='nl-paragraph nl-focus'" in main_markdown(at)


def reader_rows(data, article_id):
    from newslens.reader.document import reader_paragraphs
    from newslens.store import load_snapshot
    return reader_paragraphs(load_snapshot(data), article_id, show_removed=True)
