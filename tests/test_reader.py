"""Reader logic (pure): metadata with provenance, paragraph HTML, cleaning removals."""
from __future__ import annotations

import pandas as pd
import pytest

from newslens.reader import document as reader
from newslens.schema import RESTORED, Kind, ParagraphCol, Provenance
from newslens.store import load_snapshot
from tests.factories import ArticleSpec, make_snapshot


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory):
    path = tmp_path_factory.mktemp("reader_logic")
    make_snapshot(path, [ArticleSpec("x", "Outlet", [
        ("Head $1", Kind.HEADING), "Body <b>one</b> **two**", ("\u201cQuote\u201d", Kind.QUOTE),
        ("Also read: other", Kind.BOILERPLATE), ("Photo: AP", Kind.CAPTION), ("Also read: more", Kind.BOILERPLATE),
    ], published="2023-07", author=None, provenance={"published": Provenance.INFERRED, "outlet": Provenance.GIVEN})])
    return load_snapshot(path)


def test_metadata_marks_inferred_values_and_honest_dates(snapshot):
    fields = {f.label: f for f in reader.article_metadata(reader.article_record(snapshot, "x"))}
    assert fields["Published"].value.startswith("Jul 2023 (day unknown) (precision: month)")
    assert fields["Published"].inferred and not fields["Outlet"].inferred
    assert fields["Author"].value == "not stated"
    assert fields["Address"].is_url


def test_unknown_article_is_a_readable_error(snapshot):
    with pytest.raises(KeyError, match="no article with id 'nope'"):
        reader.article_record(snapshot, "nope")


@pytest.mark.parametrize("show_removed, kinds", [
    (False, [Kind.HEADING, Kind.BODY, Kind.QUOTE]),
    (True, [Kind.HEADING, Kind.BODY, Kind.QUOTE, Kind.BOILERPLATE, Kind.CAPTION, Kind.BOILERPLATE]),
])
def test_paragraphs_in_reading_order_with_or_without_removals(snapshot, show_removed, kinds):
    frame = reader.reader_paragraphs(snapshot, "x", show_removed=show_removed)
    assert frame[ParagraphCol.KIND].tolist() == kinds
    assert reader.removal_summary(snapshot, "x") == {"Boilerplate": 2, "Caption": 1}


def test_paragraph_html_escapes_labels_and_highlights_the_focus(snapshot):
    frame = reader.reader_paragraphs(snapshot, "x", show_removed=True)
    body = frame.iloc[1]
    html = reader.paragraph_html(body, focus=body[ParagraphCol.ID])
    assert "Body &#60;b&#62;one&#60;/b&#62; &#42;&#42;two&#42;&#42;" in html
    assert "<b>one</b>" not in html and "nl-focus" in html
    assert f"id='{reader.paragraph_anchor(body[ParagraphCol.ID])}'" in html
    removed = reader.paragraph_html(frame.iloc[3])
    assert "nl-removed" in removed and "<b>removed</b> - test furniture" in removed
    assert "nl-focus" not in removed


def test_a_paragraph_restored_by_the_researcher_is_marked_and_others_are_not(snapshot):
    frame = reader.reader_paragraphs(snapshot, "x", show_removed=True)
    body = frame.iloc[1].copy()
    assert "restored by you" not in reader.paragraph_html(body)
    body[ParagraphCol.REASON] = RESTORED
    html = reader.paragraph_html(body)
    assert "nl-restored" in html and "restored by you" in html and "nl-removed" not in html


@pytest.mark.parametrize("value, anchor", [("abc123", "p-abc123"), ("a'><script>", "p-ascript")])
def test_paragraph_anchor_keeps_only_safe_characters(value, anchor):
    assert reader.paragraph_anchor(value) == anchor


def test_article_label_for_choosers():
    row = pd.Series({"outlet": "Kyiv Post", "date_start": pd.Timestamp("2023-07-01"),
                     "date_end": pd.Timestamp("2023-07-31"), "title": "T" * 120})
    label = reader.article_label(row)
    assert label.startswith("Kyiv Post · Jul 2023 (day unknown) · T") and label.endswith("…")


def test_a_key_points_summary_is_shown_marked_as_the_outlets_summary_not_as_removed(tmp_path):
    make_snapshot(tmp_path, [ArticleSpec("k", "Outlet", [
        ("KEY POINTS", Kind.HEADING), ("Commanders left the unit <without> food", Kind.SUMMARY), "Body one",
    ])])
    frame = reader.reader_paragraphs(load_snapshot(tmp_path), "k")     # removals hidden
    assert frame[ParagraphCol.KIND].tolist() == [Kind.HEADING, Kind.SUMMARY, Kind.BODY]
    html = reader.paragraph_html(frame.iloc[1])
    assert "nl-summary" in html and "Key points &#40;outlet&#39;s summary&#41;" in html
    assert "nl-removed" not in html and "&#60;without&#62;" in html
    assert reader.removal_summary(load_snapshot(tmp_path), "k") == {}


@pytest.mark.parametrize("note, plain", [
    ("line 2 of the page (100% of its words are the url's; spells the url's words; right after the date or byline; "
     "score 6.5)", "the page's second line; it repeats the url's words; right after the date or byline"),
    ("line 1 of the page (first line; score 3)", "the page's first line"),
    ("line 3 of the page (first line below a section label; above the byline or date; score 4)",
     "the page's third line; below a section label; above the byline or date"),
    ("no line was convincing (best: line 3, score -2.5); the url's words used",
     "no line of the page reads as a headline; the headline is made from the url's words"),
    ("no headline-shaped line at the top of the page", "no headline-shaped line at the top of the page"),
])
def test_the_headlines_note_is_said_in_plain_words(note, plain):
    from newslens.reader.document import plain_title_evidence
    assert plain_title_evidence(note) == plain
