"""Hard cases of real scraped pages (issue 11), on pages written for these tests in the same
shape: the furniture, its order and the kind of date line of real pages, in our own words.

Each test builds a raw folder (text + a metadata.csv with only file and url, as a researcher adds
pages), ingests it and cleans it, and checks what a researcher would see: the headline, the
date with its precision, the author, and that furniture is out of the searchable content with a
reason while the article's own paragraphs stay.
"""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from newslens.schema import ArticleCol as A
from newslens.schema import Kind
from newslens.schema import Provenance as V
from pipeline.clean import classify_blocks, split_blocks
from pipeline.ingest import articles_frame, ingest_corpus
from pipeline.metadata import read_top_of_text
from pipeline.rules import RulesError, parse_rules

TODAY = date(2026, 6, 1)
LEDE = ("A recording released by the agency on Tuesday captures a sergeant telling his wife that "
        "half of his company has refused to go back to the trenches.")
BODY = ("The sergeant says the men were promised rotation after three weeks but have now spent "
        "four months at the same position without relief, food deliveries or working radios.")
BODY_2 = ("The agency did not say where or when the call was intercepted, and its authenticity "
          "could not be independently confirmed.")


def ingest_page(tmp_path: Path, text: str, url: str):
    (tmp_path / "page.txt").write_text(text, encoding="utf-8")
    (tmp_path / "metadata.csv").write_text(f"file,url\npage.txt,{url}\n", encoding="utf-8")
    result = ingest_corpus(tmp_path, today=TODAY)
    assert not result.quarantined
    return result.documents[0]


def blocks_of(doc):
    return classify_blocks(split_blocks(doc.text), title=doc.metadata[A.TITLE], author=doc.metadata[A.AUTHOR])


def searchable(blocks) -> list[str]:
    return [b.text for b in blocks if b.kind in Kind.SEARCHABLE]


def removed(blocks) -> dict[str, str]:
    return {b.text: b.reason for b in blocks if b.kind not in Kind.SEARCHABLE}


def test_own_slogan_and_section_banner_above_the_headline_never_win(tmp_path) -> None:
    text = "\n".join([
        "Live TV", "The news that matters, first", "Special report: the war in the east",
        "Sergeant says half his company refuses to return to the trenches",
        "Sergeant says half his company refuses to return to the trenches",
        LEDE, BODY])
    doc = ingest_page(tmp_path, text, "https://news.example.org/world/sergeant-says-half-his-company-refuses-to-return-12345")
    assert doc.metadata[A.TITLE] == "Sergeant says half his company refuses to return to the trenches"
    assert doc.provenance[A.TITLE] == V.INFERRED
    blocks = blocks_of(doc)
    assert searchable(blocks) == [LEDE, BODY]
    gone = removed(blocks)
    assert gone["Live TV"] and gone["The news that matters, first"] and gone["Special report: the war in the east"]


def test_the_winning_headline_says_why(tmp_path) -> None:
    text = "\n".join(["Stay up to date with notifications from Example Daily",
                      "Wives of mobilised men picket the enlistment office", LEDE, BODY])
    doc = ingest_page(tmp_path, text, "https://example-daily.net/2023/02/14/wives-of-mobilised-men-picket-the-enlistment-office/")
    assert doc.metadata[A.TITLE] == "Wives of mobilised men picket the enlistment office"
    note = doc.title_note
    assert "line 2" in note and "url" in note
    assert articles_frame([doc]).loc[0, A.TITLE_NOTE] == note       # into the snapshot, for reader and CLI
    assert removed(blocks_of(doc))["Stay up to date with notifications from Example Daily"] == "call to action"


def test_no_convincing_line_gives_the_urls_words_or_nothing(tmp_path) -> None:
    doc = ingest_page(tmp_path, "\n".join([LEDE, BODY]),
                      "https://example.org/news/commander-threatens-deserters-with-the-pit")
    assert doc.metadata[A.TITLE] == "Commander threatens deserters with the pit"
    assert doc.provenance[A.TITLE] == V.INFERRED
    doc = ingest_page(tmp_path, "\n".join([LEDE, BODY]), "https://example.org/article/48213")
    assert doc.metadata[A.TITLE] is None


def test_membership_and_donation_prompts_and_counters_leave_the_content(tmp_path) -> None:
    prompts = ["Independent journalism needs your support.", "Help us reach 10,000 members by the end of the month.",
               "0 out of 10,000", "Become a member", "Dear readers,", "Subscribers agree to the terms of use",
               "Read us in Google News!", "Leave a comment", "Exit mobile version"]
    blocks = classify_blocks([LEDE, *prompts[:3], BODY, *prompts[3:], BODY_2])
    assert searchable(blocks) == [LEDE, BODY, BODY_2]
    assert all(removed(blocks)[p] for p in prompts)


def test_a_header_clock_is_not_the_publication_date(tmp_path) -> None:
    text = "\n".join(["Menu", "Monday, January 8, 2024", "Officers sell leave passes, soldiers say",
                      "Published 10 May 2022", LEDE, BODY])
    doc = ingest_page(tmp_path, text, "https://example.com/2022/05/10/officers-sell-leave-passes-soldiers-say/")
    assert doc.metadata[A.PUBLISHED] == "2022-05-10"
    assert any("Monday, January 8, 2024" in w and "site" in w for w in doc.warnings)


def test_a_today_widget_next_to_the_weather_is_rejected_without_a_url_date(tmp_path) -> None:
    text = "\n".join(["+3 C Kharkiv", "Saturday, March 2, 2024", "Officers sell leave passes, soldiers say", LEDE, BODY])
    doc = ingest_page(tmp_path, text, "https://example.com/?p=1234")
    assert doc.metadata[A.PUBLISHED] is None
    assert any("widget" in w for w in doc.warnings)


@pytest.mark.parametrize("line, published", [
    ("09:12 GMT 14.03.2023", "2023-03-14"),
    ("Data publicării: 05-11-2023", "2023-11-05"),
    ("Publicat: 07 04. 2023, 10:10", "2023-04-07"),
    ("Posted on 2 June 2023", "2023-06-02"),
    ("Tuesday 16 May 2023 11:33 BST", "2023-05-16"),
    ("Publikacja: 12.10.2023 21:00", "2023-10-12"),
])
def test_printed_timestamps_are_the_date_with_day_precision(tmp_path, line, published) -> None:
    doc = ingest_page(tmp_path, "\n".join(["Officers sell leave passes, soldiers say", line, LEDE, BODY]),
                      "https://example.com/news/officers-sell-leave-passes-soldiers-say")
    assert (doc.metadata[A.PUBLISHED], doc.metadata[A.DATE_PRECISION]) == (published, "day")
    assert doc.provenance[A.PUBLISHED] == V.INFERRED
    assert line in removed(blocks_of(doc))        # the line itself is furniture, not content


def test_a_timestamp_printed_below_the_lede_still_dates_the_article() -> None:
    text = "\n".join(["Officers sell leave passes, soldiers say", "Officers sell leave passes, soldiers say",
                      LEDE, "09:12 GMT 14.03.2023", BODY])
    assert read_top_of_text(text, url="https://example.com/officers-sell-leave-passes-soldiers-say").date.published \
        == "2023-03-14"


def test_an_updated_line_only_bounds_the_date(tmp_path) -> None:
    doc = ingest_page(tmp_path, "\n".join(["Officers sell leave passes, soldiers say", "Updated: 16 May 2023 11:00",
                                           LEDE, BODY]), "https://example.com/officers-sell-leave-passes")
    assert doc.metadata[A.PUBLISHED] is None
    assert str(doc.metadata[A.DATE_END].date()) == "2023-05-16"


@pytest.mark.parametrize("byline, author", [
    ("Olga Marchenko", "Olga Marchenko"),           # a bare name line above the date
    ("By Olga Marchenko", "Olga Marchenko"),
    ("Автор: Ольга Марченко", "Ольга Марченко"),
    ("Von: Olga Marchenko", "Olga Marchenko"),
    ("Editor: Olga Marchenko", "Olga Marchenko"),
])
def test_a_byline_above_the_date_is_the_author_and_never_content(tmp_path, byline, author) -> None:
    doc = ingest_page(tmp_path, "\n".join(["Officers sell leave passes, soldiers say", byline, "12 April 2023", LEDE, BODY]),
                      "https://example.com/officers-sell-leave-passes-soldiers-say")
    assert doc.metadata[A.AUTHOR] == author
    assert searchable(blocks_of(doc)) == [LEDE, BODY]


def test_a_signed_letter_names_its_author() -> None:
    text = "\n".join([LEDE, BODY, BODY_2, "Olga Marchenko", "Poltava"])
    assert read_top_of_text(text).author == "Olga Marchenko"
    blocks = classify_blocks(split_blocks(text))
    assert searchable(blocks) == [LEDE, BODY, BODY_2]


def test_a_transcript_with_speaker_labels_and_stage_directions_stays_content() -> None:
    lines = ["(S)=Soldier (W)=His wife", "(W): Where are you now?", "(S): Same place. Nothing changes. *shelling nearby*",
             "(W): Are you eating?", "Wife: “Did they pay you?”", "Soldier: “Not a kopeck.”",
             "The wife asks: “So what now?”"]
    blocks = classify_blocks([LEDE, *lines, BODY])
    kinds = {b.text: b.kind for b in blocks}
    for line in lines[1:]:
        assert kinds[line] in Kind.SEARCHABLE, line


@pytest.mark.parametrize("line, reason", [
    ("Video 18+", "content warning"),
    ("Warning: graphic footage", "content warning"),
    ("Editor: Ion Rusu", "editor or photo credit"),
    ("Illustrative photo: a checkpoint near the border", "photo caption"),
    ("Фото ілюстративне", "editor or photo credit"),
    ("Data publicării:", "date label"),
    ("Published:", "date label"),
    ("1. Home", "navigation label"),
    ("Home News World Russian soldiers refuse...", "navigation label"),
    ("4821", "counter"),
    ("Read more: Conscripts sent to the border", "read-also teaser"),
    ("Watch live TV", "live-TV or app link"),
    ("Latest news on the war in Ukraine | LIVE UPDATES", "live-TV or app link"),
    ("Cadets line up at the academy in Ryazan on May 3, 2023. © Jane Roe/Agency", "photo caption"),
    ("Recruits wait at the station (Marta Lind/Example Times/Wire)", "photo caption"),
])
def test_furniture_lines_are_removed_with_a_reason(line, reason) -> None:
    blocks = classify_blocks([LEDE, line, BODY])
    assert (blocks[1].kind in Kind.SEARCHABLE, blocks[1].reason) == (False, reason)
    assert searchable(blocks) == [LEDE, BODY]


def test_a_photo_subjects_name_mid_article_is_a_caption_not_content() -> None:
    blocks = classify_blocks([LEDE, BODY, "Major Anna Berg", BODY_2, BODY])
    assert removed(blocks)["Major Anna Berg"] == "name label (a photo's subject)"


def test_story_sentences_mentioning_support_or_members_stay_content() -> None:
    lines = ["Support for the war has fallen among members of the regiment's families.",
             "Members of the unit said they would not return.",
             "Help arrived only after three days, the soldier said.",
             "2 of 5 men deserted",
             "Home news was scarce in the village, the mother said.",
             "Only 300 lei a month was paid to each family of the mobilised men, the report says.",
             "Message from the front"]
    kinds = {b.text: (b.kind, b.reason) for b in classify_blocks([LEDE, *lines])}
    assert all(kinds[line][1] == "" for line in lines), kinds


def test_the_rules_file_is_validated_with_file_and_key(tmp_path) -> None:
    path = tmp_path / "furniture.yaml"
    good = {"max_words": 40, "kinds": {"cta": {"reason": "call to action", "phrases": ["donate"]}},
            "transcript": {"speaker_label": "^x:", "stage_direction": "\\*x\\*"}, "site_widget": "^weather",
            "site_date": {"max_days_from_evidence": 60},
            "headline": {"min_score": 2, "max_lines": 20, "weights": {}, "transliteration": {}}}
    with pytest.raises(RulesError, match="headline.weights lacks"):
        parse_rules(good, path)
    bad = json.loads(json.dumps(good))
    bad["kinds"]["cta"]["phrases"] = ["(unclosed"]
    with pytest.raises(RulesError, match=r"furniture.yaml: kinds.cta.phrases\[0\]: not a valid regular expression"):
        parse_rules(bad, path)


def test_a_photo_caption_printed_twice_below_the_byline_is_not_the_headline(tmp_path) -> None:
    """Headline, standfirst, byline, date, then an image's alt text and caption (the same line twice)."""
    standfirst = "The recording was cut at the decisive moment, so nobody can say what happened next."
    text = "\n".join(["Regiment says deserter was and was not punished", standfirst, "By REUTERS",
                      "Published: MARCH 3, 2023 10:05", "New barracks open near the border",
                      "New barracks open near the border", "(photo credit: REUTERS)", LEDE, BODY])
    doc = ingest_page(tmp_path, text, "https://example.com/international/article-99881")
    assert doc.metadata[A.TITLE] == "Regiment says deserter was and was not punished"
    assert doc.metadata[A.AUTHOR] == "Reuters"
    assert doc.metadata[A.PUBLISHED] == "2023-03-03"
    blocks = blocks_of(doc)
    assert standfirst in searchable(blocks)                       # never lost as "page header"
    assert "New barracks open near the border" not in searchable(blocks)


def test_a_standfirst_echoed_by_the_body_is_not_the_headline(tmp_path) -> None:
    standfirst = ("Video of a former prisoner being beaten was posted on a channel linked to the "
                  "mercenary group this week")
    text = "\n".join(["Beating of conscript is a warning to others, officials say", standfirst,
                      "A man walks out of the new headquarters during its opening on November 4", "REUTERS",
                      LEDE, standfirst + ".", BODY])
    doc = ingest_page(tmp_path, text, "https://example.co.uk/news/world/conscript-video-b1040048.html")
    assert doc.metadata[A.TITLE] == "Beating of conscript is a warning to others, officials say"
    gone = removed(blocks_of(doc))
    assert gone["A man walks out of the new headquarters during its opening on November 4"] == "photo caption"
    assert gone["REUTERS"] == "photo caption"
