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
import yaml

from newslens.schema import ArticleCol as A
from newslens.schema import Kind
from newslens.schema import Provenance as V
from pipeline.clean import classify_blocks, split_blocks
from pipeline.ingest import articles_frame, ingest_corpus
from pipeline.metadata import read_top_of_text
from pipeline.rules import RulesError, parse_rules, rules_path

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


@pytest.mark.parametrize("above, says, never", [
    # a cookie banner the cleaner knows by name is not "a section label"
    (["We use cookies on this site. By continuing to use the site you accept our use of cookies."],
     "first line below page furniture: browser notice", "section label"),
    (["Politics"], "first line below a section label", "furniture"),
])
def test_the_headlines_note_names_what_stands_above_it(tmp_path, above, says, never) -> None:
    headline = "Wives of mobilised men picket the enlistment office"
    doc = ingest_page(tmp_path, "\n".join([*above, headline, LEDE, BODY]),
                      "https://example-daily.net/2023/02/14/wives-of-mobilised-men-picket-the-enlistment-office/")
    assert doc.metadata[A.TITLE] == headline
    assert says in doc.title_note and never not in doc.title_note


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
    ("Stand: 12.03.2024, 14:05 Uhr", "2024-03-12"),         # German public broadcasters' stamp
    ("Datum: 04.09.2023", "2023-09-04"),
    ("Publiziert: 23.01.2023 um 15:23 Uhr", "2023-01-23"),  # Swiss papers
    ("05:16 PM Feb 23, 2023 | PTI |", "2023-02-23"),       # time first: the month is no time zone
    ("10:30 AM June 5, 2023", "2023-06-05"),
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
    ("Ihre E-Mail-Adresse wird nicht veröffentlicht. Pflichtfelder sind markiert", "call to action"),
    ("Skip to main content", "navigation label"),
    # skip links in the corpus's languages, alone or numbered as a list (the thirtieth set)
    ("1. Skip to content", "skip link"),
    ("2. Перейти к главному меню", "skip link"),
    ("Перейти до змісту", "skip link"),
    ("Direkt zum Inhalt", "skip link"),
    ("1. Przejdź do treści", "skip link"),
    ("Aller au contenu principal", "skip link"),
    ("Saltar al contenido", "skip link"),
    ("Salta al contenuto principale", "skip link"),
    ("Hyppää pääsisältöön", "skip link"),
    # Finnish advert labels, a teaser list's heading and captions with their credit (verkkouutiset.fi,
    # mtvuutiset.fi, session 31, worded anew)
    ("MAINOS", "advertisement"),
    ("MAINOS (artikkeli jatkuu alla)", "advertisement"),
    ("MAINOS - SISÄLTÖ JATKUU ALLA", "advertisement"),
    ("Anzeige", "advertisement"),
    ("Uusimmat", "read-also teaser"),
    ("Sotilaita rintamalla. / Kuvakaappaus puolustusministeriön videolta.", "editor or photo credit"),
    ("Sotilaita marssimassa harjoituksissa. Kuvituskuva.", "editor or photo credit"),
    # the prompt after a clause (a real Russian page, worded anew): "so as not to miss ..., subscribe"
    ("Чтобы не пропускать новости редакции, подпишитесь на наш канал и рассылку.", "call to action"),
    ("Щоб не пропустити головне, підпишіться на наш телеграм.", "call to action"),
    ("Don't miss a report from the front: subscribe to the evening briefing.", "call to action"),
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
             "Чтобы не пропускать построения, солдаты подписывались на ночные смены.",   # not a prompt
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
    good = {"max_words": 40, "credit_words": ["photo"], "social_platforms": ["Telegram"], "reading_time": "\\d+ min read", "kinds": {"cta": {"reason": "call to action", "phrases": ["donate"]}},
            "transcript": {"speaker_label": "^x:", "stage_direction": "\\*x\\*"}, "site_widget": "^weather",
            "site_date": {"max_days_from_evidence": 60}, "date_languages": ["en"],
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


# --- round 2: shapes seen on the third held-out set and the round-1 first-run misses -----------

def test_a_key_points_bullet_is_never_the_headline(tmp_path) -> None:
    text = "\n".join(["KEY POINTS", "", "  • Commanders left the unit without food for three days",
                      "  • The soldier said they thought of shooting their officers", "", LEDE, BODY])
    doc = ingest_page(tmp_path, text, "https://example.com/commanders-leave-soldiers-without-food-44521")
    assert not (doc.metadata[A.TITLE] or "").startswith(("•", "Commanders left"))


@pytest.mark.parametrize("label, headline", [
    ("Ссылки для упрощенного доступа", "В Твери подводят итоги весеннего призыва"),
    # the same service's label in Bulgarian and Azerbaijani (set 31)
    ("Връзки за достъпност", "Войници продават в Гомел вещи, взети от Украйна"),
    ("Keçid linkləri", "Əsgərlər Qomeldə Ukraynadan götürülmüş əşyaları satırlar"),
])
def test_a_skip_link_at_the_top_is_furniture_not_the_headline(tmp_path, label, headline) -> None:
    text = "\n".join([label, "", headline, "", LEDE, BODY])
    doc = ingest_page(tmp_path, text, "https://example.org/a/551201.html")
    assert doc.metadata[A.TITLE] == headline
    assert removed(blocks_of(doc))[label] == "skip link"


def test_a_name_line_between_a_caption_and_the_body_is_the_byline(tmp_path) -> None:
    text = "\n".join(["Kaksi sotilasta pakeni rajan yli ja kertoo nyt miksi", "",
                      "Perheet jäivät kotiin odottamaan.", "",
                      "Raja-asemalla oli hiljaista. Kuva: Anna Example", "", "Matti Meikäläinen", "", LEDE, BODY])
    doc = ingest_page(tmp_path, text, "https://example.fi/kotimaa/art-2000001.html")
    assert doc.metadata[A.AUTHOR] == "Matti Meikäläinen"
    assert "Matti Meikäläinen" not in searchable(blocks_of(doc))


def test_a_reading_time_label_and_a_kicker_glued_to_the_headline_are_cut(tmp_path) -> None:
    text = "\n".join(["/ Lesedauer: ca. 3min Krieg im Osten Reservisten bitten in Video um Hilfe", "", LEDE, BODY])
    doc = ingest_page(tmp_path, text, "https://example.de/welt/reservisten-bitten-in-video-um-hilfe-77812.html")
    assert doc.metadata[A.TITLE] == "Reservisten bitten in Video um Hilfe"


def test_an_update_line_with_the_reading_time_glued_on_is_a_date_not_the_headline(tmp_path) -> None:
    """A German portal's scrape: the update stamp, then the same stamp with the reading time glued
    on, then the standfirst; the headline itself was not captured. The glued line is the page's
    date furniture, never the title (the standfirst, the first line written as a headline would be,
    is), and the stamp is an update, not the day published."""
    text = "\n".join(["Aktualisiert am 12.03.2023 - 09:15 Uhr", "",
                      "Aktualisiert am 12.03.2023 - 09:15 Uhr Lesedauer: 2 Min.", "",
                      "Ein Soldat hat seine Einheit verlassen. Jetzt erzählt er, warum er nicht zurückkehrt.", "",
                      LEDE, BODY])
    doc = ingest_page(tmp_path, text, "https://example.de/nachrichten/id_9912/soldat-verlaesst-einheit-und-erzaehlt.html")
    assert doc.metadata[A.TITLE] == "Ein Soldat hat seine Einheit verlassen. Jetzt erzählt er, warum er nicht zurückkehrt."
    assert doc.metadata[A.PUBLISHED] is None


def test_an_ad_free_appeal_above_the_headline_is_never_the_title(tmp_path) -> None:
    """A news site's scrape that opens with its close button and a support appeal for its ad-free
    reading (two sentences of it read like body text), then the headline and a photo caption. The
    appeal's first line is furniture, never the title; with the headline out of reach below the
    appeal, the url's words are the better title."""
    text = "\n".join(["×", "Enjoying ad-free content?",
                      "Since March 1, 2025, we have disabled all ads so that you can read without distraction.",
                      "Going without ads costs us $8,000 a month. Your support can help us cover that.", "Support us",
                      "Our reporting is blocked at home. We rely on readers to keep it going.", "",
                      "Army Police Detain Runaway Soldier Abroad – Rights Group", "",
                      "A garrison town near the border. Photo / CC BY-SA 4.0", "", LEDE, BODY])
    doc = ingest_page(tmp_path, text, "https://example.com/2023/12/11/army-police-detain-runaway-soldier-abroad-a1")
    assert doc.metadata[A.TITLE] != "Enjoying ad-free content?"
    assert doc.metadata[A.TITLE] in ("Army Police Detain Runaway Soldier Abroad – Rights Group",
                                     "Army police detain runaway soldier abroad")


def test_an_ad_free_appeal_opened_by_its_date_is_furniture_not_the_articles_figures(tmp_path) -> None:
    """The same appeal without its question above it, as a site printed it over each article from a
    date on: its dollar figure read as the article's own figure (the twenty-ninth set, session 21)."""
    text = "\n".join(["Since March 1, 2025, we have switched off all advertising so you can read in peace.",
                      "This commitment costs us $8,000 a month. Your support can help us keep it up.",
                      "Our newsroom is blocked in Russia. We rely on readers to keep going.", "",
                      "Army Police Detain Runaway Soldier Abroad", "", LEDE, BODY])
    doc = ingest_page(tmp_path, text, "https://example.com/2023/12/11/army-police-detain-runaway-soldier-abroad-a1")
    kept = searchable(blocks_of(doc))
    assert not [t for t in kept if "$8,000" in t or "switched off all advertising" in t or "blocked in Russia" in t], kept
    assert LEDE in kept


def test_a_paragraph_opening_like_the_appeal_stays_article_text(tmp_path) -> None:
    body = ("Our website is blocked in Russia since March 2022, and readers there reach it through VPNs, "
            "which the soldiers in the unit also used to send the video to relatives.")
    doc = ingest_page(tmp_path, "\n".join(["Army Police Detain Runaway Soldier Abroad", "", LEDE, body, BODY]),
                      "https://example.com/2023/12/11/army-police-detain-runaway-soldier-abroad-a1")
    assert body in searchable(blocks_of(doc))


def test_a_podcast_date_with_its_show_label_is_the_date(tmp_path) -> None:
    text = "\n".join(["«Говорите»: Как прячутся те, кто сбежал", "", "Анна Пример", "",
                      "— А если бы за тобой пришли?", "— Не открыла бы дверь.", "",
                      "Говорите3 марта 2024", "«Говорите» 03.03.2024 Скачать", "", LEDE, BODY])
    doc = ingest_page(tmp_path, text, "https://example.online/programs/govorite/govorite-7")
    assert doc.metadata[A.PUBLISHED] == "2024-03-03"
    assert doc.metadata[A.AUTHOR] == "Анна Пример"


def test_a_paragraph_cut_after_its_first_sentence_stays_body_not_heading() -> None:
    split = "Ivan knows this from his own experience. Since 2008 he has not taken"
    blocks = classify_blocks([LEDE, split, "Short subheading here", BODY])
    kinds = {b.text: b.kind for b in blocks}
    assert kinds[split] in Kind.SEARCHABLE
    assert kinds["Short subheading here"] == Kind.HEADING


def test_a_long_banner_blurb_above_the_headline_is_not_content(tmp_path) -> None:
    """Round-1 miss: a site's banner blurb (a long line) printed above the headline and byline."""
    blurb = "Independent reporting from the front line and the home front, every day since 2014"
    text = "\n".join([blurb, "", "Conscripts in the north say they were sent without rifles", "",
                      "By Jana Example", "Published: 14 May 2023", "", LEDE, BODY])
    doc = ingest_page(tmp_path, text, "https://example.net/news/conscripts-in-the-north-say-they-were-sent-without-rifles")
    assert doc.metadata[A.TITLE] == "Conscripts in the north say they were sent without rifles"
    assert blurb not in searchable(blocks_of(doc))


def test_an_uncredited_caption_on_the_first_line_is_not_the_headline(tmp_path) -> None:
    """Round-1 miss: the page starts with an image's caption (no credit), then the headline."""
    caption = "Soldiers wait at a railway station in the Kursk region, October 2022"
    text = "\n".join([caption, "", "Mobilised men complain of cold barracks and no pay", "",
                      "14:20 GMT 11.11.2022", "", LEDE, BODY])
    doc = ingest_page(tmp_path, text, "https://example.com/mobilised-men-complain-of-cold-barracks-and-no-pay-8812")
    assert doc.metadata[A.TITLE] == "Mobilised men complain of cold barracks and no pay"
    assert doc.metadata[A.PUBLISHED] == "2022-11-11"


def test_a_caption_printed_twice_above_the_headline_is_not_the_headline(tmp_path) -> None:
    """Round-1 miss: an image's alt text and caption (the same line twice) above the headline."""
    caption = "A checkpoint on the road out of the city"
    text = "\n".join([caption, caption, "", "Families of missing soldiers block the road to the base", "",
                      "Posted on 2 June 2023", "", LEDE, BODY])
    doc = ingest_page(tmp_path, text, "https://example.org/2023/06/02/families-block-road-to-base/")
    assert doc.metadata[A.TITLE] == "Families of missing soldiers block the road to the base"
    assert caption not in searchable(blocks_of(doc))


def test_a_summary_line_is_not_taken_as_the_headline_nor_lost(tmp_path) -> None:
    """Round-1 miss: the standfirst under the headline won (and was then removed from the text)."""
    summary = "Relatives say the unit was sent forward after only ten days of training"
    text = "\n".join(["Unit of volunteers refuses to advance", "", summary, "", "By Petra Example", "",
                      LEDE, BODY])
    doc = ingest_page(tmp_path, text, "https://example.com/world/2023/05/unit-of-volunteers-refuses-to-advance")
    assert doc.metadata[A.TITLE] == "Unit of volunteers refuses to advance"
    assert summary in searchable(blocks_of(doc))


def test_a_long_summary_opening_a_page_without_a_headline_stays_body(tmp_path) -> None:
    """Held-out 2 miss: a page printing no headline opens with a long summary line (no full stop)
    that shares few words with the url's slug; it won as the headline and left the content."""
    summary = ("Another protest by mothers and wives of mobilised men: in clips shared on messaging "
               "channels the women demand answers from officials of the district administrations")
    text = "\n".join([summary, LEDE, BODY])
    url = "https://news.example.net/2022/11/10/media-kyiv-soldiers-wives-say-wounded-husbands-sent-back-to-the-front-line"
    doc = ingest_page(tmp_path, text, url)
    assert doc.metadata[A.TITLE] == "Media kyiv soldiers wives say wounded husbands sent back to the front line"
    assert doc.provenance[A.TITLE] == V.INFERRED
    assert searchable(blocks_of(doc)) == [summary, LEDE, BODY]
    # the same line on a page whose url has no words is still the best guess at a headline
    doc = ingest_page(tmp_path, text, "https://news.example.net/article/48213")
    assert doc.metadata[A.TITLE] == summary
    # and a long headline the url's words agree with still wins
    long_title = ("Mothers and wives of mobilised men protest again and demand answers from district "
                  "officials about wounded husbands sent back")
    doc = ingest_page(tmp_path, "\n".join([long_title, LEDE, BODY]),
                      "https://news.example.net/2022/11/10/mothers-and-wives-of-mobilised-men-protest-again-and-demand-answers")
    assert doc.metadata[A.TITLE] == long_title


def test_a_sentence_missing_its_full_stop_between_paragraphs_stays_body() -> None:
    """HTML miss: a paragraph printed without its full stop (20 words, here 19) was kept as a subheading,
    out of search; a short subheading between the same paragraphs stays a heading."""
    sentence = ("The unit's commander told the families after the meeting that nobody could say when "
                "the men would come home")
    answer = "Speaking through his deputy he added: “We are doing what we can, but the decision is not ours.”"
    blocks = classify_blocks([LEDE, BODY, sentence, answer, BODY_2])
    assert searchable(blocks) == [LEDE, BODY, sentence, answer, BODY_2]
    kinds = {b.text: b.kind for b in classify_blocks([LEDE, "Families wait for news", BODY])}
    assert kinds["Families wait for news"] == Kind.HEADING
    # two long unpunctuated lines ending the page are not sentences between paragraphs: captions
    captions = ["Footage shared by the channel shows two soldiers tied to a fence in the cold near the front",
                "A third man was seen kneeling in the snow while an officer shouted at him from a car"]
    blocks = classify_blocks([LEDE, BODY, *captions])
    assert not any(c in searchable(blocks) for c in captions)


def test_a_teaser_glued_to_also_on_the_sites_domain_is_furniture_not_a_sentence() -> None:
    """Round 4: a link to another article of the site, its title glued to "Also on <domain>" with
    no separator (15+ words, no full stop, between paragraphs) was a heading by luck; once long
    unpunctuated lines between paragraphs count as sentences it must be known as a teaser."""
    teaser = ("Also on example.com Officers of the northern brigade face charges as the ministry "
              "purges commanders who lost their units")
    sentence = "Also on example.com, the ministry published the list of the units it had disbanded."
    blocks = classify_blocks([LEDE, BODY, teaser, BODY_2, sentence])
    assert searchable(blocks) == [LEDE, BODY, BODY_2, sentence]
    assert removed(blocks)[teaser] == "read-also teaser"


def test_a_standfirst_printed_above_the_headline_stays_body(tmp_path) -> None:
    """HTML miss: a page prints its 20-word standfirst over the <h1>; it was kept as a heading
    (out of search). Short lines above the headline are still the site's header."""
    standfirst = ("The ministry will spend two billion over the next three years to rebuild the barracks "
                  "that burnt down last year")
    headline = "Ministry promises new barracks for the northern brigades"
    blocks = classify_blocks([standfirst, headline, LEDE, BODY], title=headline)
    assert searchable(blocks) == [standfirst, LEDE, BODY]
    blocks = classify_blocks(["The news that matters, first", headline, LEDE, BODY], title=headline)
    assert searchable(blocks) == [LEDE, BODY]


def test_a_pull_quote_rewording_an_earlier_paragraph_leaves_the_content() -> None:
    """HTML miss: a pull quote set apart in large type, the body's own sentence shortened
    ("He opens a fake profile. It backs his story." after the paragraph telling it at length)."""
    told = ("On Tuesday the sergeant opens a fake profile on a social network in the name of a soldier "
            "who never existed, with photos that fit his account of the night. It backs his story. "
            "He sends the link to his colleagues, but the profile soon disappears again.")
    pull = "The sergeant opens a fake profile. It backs his story."
    closing = "Nobody in the unit has seen the soldier since, and the sergeant now says he never met him."
    blocks = classify_blocks([LEDE, told, BODY, pull, BODY_2, closing])
    assert searchable(blocks) == [LEDE, told, BODY, BODY_2, closing]
    assert removed(blocks)[pull] == "pull quote (repeats the body)"
    # a part of an earlier paragraph printed again word for word is a duplicate
    part = "On Tuesday the sergeant opens a fake profile on a social network in the name of a soldier"
    assert removed(classify_blocks([LEDE, told, BODY, part]))[part] == "duplicate paragraph"
    # a short sentence sharing a few of an earlier paragraph's words is body text
    echo = "The sergeant later told reporters that the profile was made by his colleagues."
    assert echo in searchable(classify_blocks([LEDE, told, echo, BODY]))


def test_a_pull_quote_gathered_at_the_end_of_the_page_leaves_the_content() -> None:
    """HTML set: the page's pull quotes extracted after its last paragraph, ten paragraphs below the
    passage they shorten, one word taken from elsewhere in it ("his account" for "his story")."""
    told = ("On Tuesday the sergeant opens a fake profile on a social network in the name of a soldier "
            "who never existed, with photos that fit his account of the night. It backs his story. "
            "He sends the link to his colleagues, but the profile soon disappears again.")
    pull = "The sergeant opens a fake profile. It backs his account."
    middle = [f"Paragraph {n} of the report goes on with the officers' inquiry into the unit's records." for n in
              ("three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven")]
    blocks = classify_blocks([LEDE, told, *middle, pull])
    assert removed(blocks) == {pull: "pull quote (repeats the body)"}


LEAD_PARAPHRASE = ("A soldier told his wife in an intercepted call that commanders will shoot them all if they "
                   "retreat, and that the men of his company have had no rotation, no leave and too little "
                   "ammunition since they were sent to the front in the spring.")


@pytest.mark.parametrize("sentence", [
    # the quote the lead paraphrased: the story's evidence
    '"Commanders will shoot them all if they retreat," the soldier told his wife.',
    # a recap of what the soldiers said
    "The soldiers said their commanders threatened to shoot anyone who retreated.",
])
def test_a_quote_or_recap_after_the_lead_that_paraphrased_it_stays_content(sentence) -> None:
    # every word of the sentence stands in the lead, in its order: only the attribution tells them apart
    lead = LEAD_PARAPHRASE + " The soldiers said that their commanders had threatened to shoot anyone who retreated."
    blocks = classify_blocks([lead, sentence, BODY, BODY_2])
    assert sentence in searchable(blocks), removed(blocks)


def test_a_recap_rewording_an_earlier_paragraph_stays_content() -> None:
    """Every word of the recap stands in the paragraph before, but reworded (not a passage shortened)."""
    earlier = ("Über schlechte Verpflegung klagen die Männer in fast jedem Anruf, und die fehlende Munition "
               "erwähnen sie immer wieder: Seit Wochen beschweren sich die Soldaten der Einheit bei ihren "
               "Familien, doch über die Lage an der Front sprechen sie nur selten offen.")
    recap = "Die Soldaten beschweren sich über fehlende Munition und schlechte Verpflegung."
    blocks = classify_blocks([earlier, recap, BODY])
    assert recap in searchable(blocks), removed(blocks)


def test_a_long_quoted_caption_printed_twice_above_the_headline_is_furniture(tmp_path) -> None:
    """Held-out 1 miss: an image's alt text and caption, a quotation of 27 words printed twice above
    the headline: the second copy went as a duplicate, the first stayed content as a quote."""
    caption = ('The signaller in the capital: "Then the major came, took me to his office and said I would '
               'go to prison. That is how I was made an officer."')
    headline = "Deserters in the steppe: a visit to the men who ran from the front"
    text = "\n".join([caption, caption, headline, "By Jana Example in the capital", LEDE, BODY])
    doc = ingest_page(tmp_path, text, "https://example.de/international/world/deserters-in-the-steppe-a-visit-to-the-men-who-ran-from-the-front-a-1234")
    assert doc.metadata[A.TITLE] == headline
    blocks = blocks_of(doc)
    assert caption not in searchable(blocks)
    assert [b.kind for b in blocks if b.text == caption] == [Kind.CAPTION, Kind.CAPTION]
    # the same quotation printed once above the headline is not taken for a caption
    doc = ingest_page(tmp_path, "\n".join([caption, headline, LEDE, BODY]),
                      "https://example.de/international/world/deserters-in-the-steppe-a-visit-to-the-men-who-ran-from-the-front-a-1234")
    assert [b.kind for b in blocks_of(doc) if b.text == caption] != [Kind.CAPTION]


def _html_page(tmp_path: Path, html: str, url: str):
    (tmp_path / "page.html").write_text(html, encoding="utf-8")
    (tmp_path / "metadata.csv").write_text(f"file,url\npage.html,{url}\n", encoding="utf-8")
    result = ingest_corpus(tmp_path, today=TODAY)
    assert not result.quarantined
    return result.documents[0]


def _news_html(*, og_title: str, h1: str, author_meta: str, byline_html: str, header_date: str,
               meta_date: str) -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in [LEDE, BODY, BODY_2, LEDE.replace("Tuesday", "Monday")])
    return (f'<html><head><title>{og_title}</title><meta property="og:title" content="{og_title}">'
            f'<meta name="author" content="{author_meta}"><meta name="date" content="{meta_date}">'
            f'<meta property="og:site_name" content="Example Wave"></head><body>'
            f'<header><a href="/">Example Wave</a></header><article><h1>{h1}</h1>'
            f'<div class="meta"><time>{header_date}</time></div>{byline_html}{paragraphs}</article></body></html>')


def test_html_headline_is_the_h1_when_the_page_title_appends_site_and_date(tmp_path) -> None:
    html = _news_html(og_title="Conscripts say they were sent without rifles | EW | 19.01.2023",
                      h1="Conscripts say they were sent without rifles", author_meta="Jana Example",
                      byline_html="", header_date="19.01.2023", meta_date="2023-01-19")
    doc = _html_page(tmp_path, html, "https://www.ew.com/en/conscripts-without-rifles/a-5512")
    assert doc.metadata[A.TITLE] == "Conscripts say they were sent without rifles"


def test_html_publisher_in_the_author_field_gives_way_to_the_printed_byline(tmp_path) -> None:
    html = _news_html(og_title="Reservists appeal to the president", h1="Reservists appeal to the president",
                      author_meta="Example Wave Verlag GmbH, Hamburg, Germany",
                      byline_html='<p class="byline">Von <a href="/a">Jana Example</a>, Berlin</p>',
                      header_date="15. Mai 2023, 05:28 Uhr", meta_date="2023-05-15")
    doc = _html_page(tmp_path, html, "https://www.examplewave.de/politik/reservisten-1.4445")
    assert doc.metadata[A.AUTHOR] == "Jana Example"


def test_html_date_printed_next_to_the_headline_beats_a_contradicting_meta_date(tmp_path) -> None:
    html = _news_html(og_title="Writer wins the book prize", h1="Writer wins the book prize", author_meta="",
                      byline_html="", header_date="12.10.2015, 19:16 Uhr", meta_date="2019-05-07")
    doc = _html_page(tmp_path, html, "https://www.example-zeitung.de/nachrichten/writer-wins-_arid-1334.html")
    assert doc.metadata[A.PUBLISHED] == "2015-10-12"
    assert "2019-05-07" in (doc.metadata[A.DATE_NOTE] or "")


def test_html_declared_publication_time_beats_a_revision_date(tmp_path) -> None:
    html = _news_html(og_title="Awards night ends in an upset", h1="Awards night ends in an upset", author_meta="",
                      byline_html="", header_date="", meta_date="2023-01-20T09:49:32Z").replace(
        "</head>", '<meta property="og:article:published_time" content="2023-01-19T12:25:36Z"/>'
                   '<meta name="REVISION_DATE" content="2023-01-20T09:49:32Z"/></head>')
    doc = _html_page(tmp_path, html, "https://www.example.com/article/awards-night-upset-idUS1234")
    assert doc.metadata[A.PUBLISHED] == "2023-01-19"


# --- round 3: shapes seen on the fourth held-out set (set 4) ----------------------------------

def test_an_author_box_mid_page_names_the_author_and_leaves_the_content(tmp_path) -> None:
    """Standfirst lines, then name / role / follow button, then the body (no "By", no headline)."""
    text = "\n\n".join([
        "They wait outside barracks, shops and bus stations.", "Some plead, some demand.",
        "Marta Lindqvist", "Defence correspondent for the Baltic states in Riga.", "  • Follow I follow",
        LEDE, BODY])
    doc = ingest_page(tmp_path, text, "https://example.net/news/2022-11-23-wives-appeal-to-the-ministry.Xy12.html")
    assert doc.metadata[A.AUTHOR] == "Marta Lindqvist"
    blocks = blocks_of(doc)
    gone = removed(blocks)
    assert gone["Marta Lindqvist"] == "byline"
    assert gone["Defence correspondent for the Baltic states in Riga."] == "author bio"
    assert gone["Follow I follow"] == "call to action"
    assert searchable(blocks) == ["They wait outside barracks, shops and bus stations.", "Some plead, some demand.",
                                  LEDE, BODY]


@pytest.mark.parametrize("line", [
    "Czytaj także: Czy wojsko zbuduje nowe koszary? Ministerstwo odpowiada",
    "Lesen Sie auch: Neue Kaserne an der Grenze eröffnet",
    "Lue myös: Varusmiesten määrä kasvaa ensi vuonna",
    "Leggi anche: Nuove caserme al confine",
    "Читайте також: У Львові відкрили новий пункт збору",
    # round 19: markers seen on the real pages (these titles are made up)
    "Още: Пожар в склад край Пловдив унищожи три камиона",                 # Bulgarian "More:"
    "LEIA TAMBÉM: Prefeitura anuncia nova ponte sobre o rio",
    "WEITERLESEN: Tag 12 im Überblick – der Live-Ticker",
    "CZYTAJ: Nowy most w Lublinie otwarty. Kierowcy czekają na objazdy",
    "Se video: Slik gikk det med fergen",
    "Читайте також на порталі “Приклад” – нова школа у Житомирі: коли відкриють",
    "Read more about: Kursk , Conscripts",
])
def test_an_inline_read_also_teaser_in_any_corpus_language_is_furniture(line) -> None:
    blocks = classify_blocks([LEDE, BODY, line, BODY_2])
    assert removed(blocks) == {line: "read-also teaser"}


@pytest.mark.parametrize("line", [
    'Смотрите также "Новый мост откроют весной": что изменится для водителей',
    'читайте також"Нова школа відкрилася у Житомирі',     # glued: no space before the title's quote
    "Lesen Sie auch „Neue Kaserne an der Grenze eröffnet“",
    'Read also "The deserters of the 1st Tank Army": a report from Kharkiv',
    "Czytaj także „Dezerterzy z jednostki pod Biełgorodem”",
    "Lire aussi « Les déserteurs russes en Géorgie »",
])
def test_a_read_also_marker_before_a_quoted_title_is_furniture(line) -> None:
    blocks = classify_blocks([LEDE, BODY, line, BODY_2])
    assert removed(blocks) == {line: "read-also teaser"}


@pytest.mark.parametrize("line", [
    'Watch "Putin\'s soldiers" tonight',                               # a programme's name, not a teaser
    "По теме «мобилизации» высказался губернатор",                     # "on the subject of"
    'Listen "we will shoot you all", the commander says',              # a quote opening a sentence
])
def test_a_quote_after_a_teaser_word_that_is_no_read_also_marker_stays(line) -> None:
    """Only the read-also markers ('Смотрите также', 'читайте також', 'Lesen Sie auch') take their
    teaser's title in quotes with no colon: other marker words before a quote open ordinary lines."""
    blocks = classify_blocks([LEDE, BODY, line, BODY_2])
    assert [b.kind for b in blocks if b.text == line] in ([Kind.HEADING], [Kind.BODY])


@pytest.mark.parametrize("line", [
    "Още вчера командирът на частта призна, че трима войници са избягали.",   # "already yesterday"
    "Още по-лошо: храната не е стигала за всички в ротата.",                 # "even worse:"
    "Още един войник е изчезнал от поделението, съобщиха роднините му.",     # "one more"
    "Czytaj uważnie każde pismo z jednostki, radzi prawnik rodzinom żołnierzy.",
    "Read more carefully, the officer told the recruits, and you will see the contract's trap.",
])
def test_a_sentence_opening_with_a_teaser_word_stays_content(line) -> None:
    blocks = classify_blocks([LEDE, BODY, line, BODY_2])
    assert line in searchable(blocks)


def test_a_read_more_on_a_topic_marker_takes_the_teaser_titles_after_it() -> None:
    """"Read more on <topic>:" alone, then the titles of other articles, then the story goes on."""
    titles = ["Conscripts in the north complain of missing winter kit",
              "Regional court jails two officers over beatings of recruits"]
    blocks = classify_blocks([LEDE, BODY, "Read more on the war in Ukraine:", *titles, BODY_2])
    assert removed(blocks) == dict.fromkeys(["Read more on the war in Ukraine:", *titles], "read-also teaser")
    assert searchable(blocks) == [LEDE, BODY, BODY_2]


def test_a_bulleted_teaser_list_ends_with_its_last_bullet() -> None:
    """German "Weitere News ... lesen Sie hier:", a bulleted list of titles, then the article's own
    subheading: headline-shaped too, but not a bullet, so it stays."""
    marker = "Weitere News rund um die Bundeswehr lesen Sie hier:"
    titles = ["Neue Kaserne in Sachsen eröffnet", "Minister besucht Truppe in Litauen"]
    subheading = "Soldat verließ seine Einheit offenbar in der Nacht"
    blocks = classify_blocks([LEDE, BODY, marker, *(f"- {t}" for t in titles), subheading, BODY_2])
    assert {b.text: b.reason for b in blocks if b.kind == Kind.BOILERPLATE} == dict.fromkeys([marker, *titles],
                                                                                           "read-also teaser")
    assert [b.kind for b in blocks if b.text == subheading] == [Kind.HEADING]


@pytest.mark.parametrize("label", ["Auch interessant Anzeige", "POGLEDAJTE VIDEO:"])
def test_a_teaser_label_with_its_ad_mark_or_a_watch_video_label_is_furniture(label) -> None:
    blocks = classify_blocks([LEDE, BODY, label, BODY_2])
    assert removed(blocks) == {label: "read-also teaser"}


@pytest.mark.parametrize("label", ["Новости по теме", "Другие новости по теме:", "Още по темата"])
def test_a_related_news_label_in_russian_or_bulgarian_is_furniture(label) -> None:
    blocks = classify_blocks([LEDE, BODY, label, BODY_2])
    assert removed(blocks) == {label: "related-article block"}


def test_a_lead_sentence_holding_the_urls_words_stays_body(tmp_path) -> None:
    """No printed headline; the first line is the lead: a title and position in front of the
    slug's words, ending with a full stop. It is the article's first sentence, not a headline copy."""
    lead = "Defence Minister Karl Tamm urges conscripts to report any abuse by their officers."
    doc = ingest_page(tmp_path, "\n".join([lead, LEDE, BODY]),
                      "https://example.com/2022/09/23/tamm-urges-conscripts-to-report-any-abuse-by-their-officers/")
    assert doc.metadata[A.PUBLISHED] == "2022-09-23"
    assert searchable(blocks_of(doc)) == [lead, LEDE, BODY]


def test_a_key_points_box_is_kept_as_the_outlets_summary_not_furniture() -> None:
    bullets = ["Commanders left the unit without food for three days",
               "The soldier said they thought of shooting their officers"]
    blocks = classify_blocks(["KEY POINTS", *(f"• {b}" for b in bullets), LEDE, BODY])
    assert [(b.kind, b.reason) for b in blocks] == [
        (Kind.HEADING, ""), (Kind.SUMMARY, ""), (Kind.SUMMARY, ""), (Kind.BODY, ""), (Kind.BODY, "")]
    assert searchable(blocks) == [*bullets, LEDE, BODY]     # found by search
    assert not any(b.kind == Kind.BOILERPLATE for b in blocks)   # nothing of the box is furniture


# --- round 3: furniture shapes of the HTML pages (labelled in round 3) --------------------------

@pytest.mark.parametrize("lines, reason", [
    # two role lines whose names the extractor left out, side by side in the text
    (["Redakteurin im Ressort Politik.", "Redakteur im Ressort Politik der Sonntagszeitung."], "author bio"),
    (["(kmr)"], "editor or photo credit"),
    (["(grh, kmr)"], "editor or photo credit"),
    (["Update June 2nd, 9:15AM ET: Added the ministry's statement."], "update notice"),
    (["Aktualisierung, 14.05 Uhr: Ergänzt um die Stellungnahme des Ministeriums."], "update notice"),
    (["Den vollständigen Artikel lesen Sie in der aktuellen Ausgabe unseres Magazins."], "call to action"),
    (["Read the full story in our weekend print edition."], "call to action"),
    (["Our Standards: The Example Times editorial principles."], "call to action"),
])
def test_html_page_furniture_shapes_leave_the_content(lines, reason) -> None:
    blocks = classify_blocks([LEDE, BODY, *lines, BODY_2])
    assert removed(blocks) == dict.fromkeys(lines, reason)


@pytest.mark.parametrize("line", [
    "Updated at 14:02: the ministry replied that twelve men were detained.",   # a live update: news
    "Reporter in Kyiv say the line held.",                                      # a sentence, no author box
    "(R): Not much. So-so.",                                                    # a transcript line
])
def test_lines_that_only_look_like_html_furniture_stay_content(line) -> None:
    blocks = classify_blocks([LEDE, BODY, line, BODY_2])
    assert line in searchable(blocks)


@pytest.mark.parametrize("label", ["KEY POINTS", "Das Wichtigste in Kürze", "Pe scurt:", "W skrócie", "Lyhyesti",
                                   "Головне", "In breve"])
def test_a_key_points_label_in_any_corpus_language_opens_a_summary(label) -> None:
    blocks = classify_blocks([label, "• Commanders left the unit without food for three days", LEDE, BODY])
    assert [b.kind for b in blocks] == [Kind.HEADING, Kind.SUMMARY, Kind.BODY, Kind.BODY]


def test_a_name_line_above_a_sentence_mentioning_an_editor_is_not_an_author_box(tmp_path) -> None:
    text = "\n\n".join([LEDE, "Major Anna Berg", "The regiment's press office told our editor it had no comment.",
                         BODY])
    doc = ingest_page(tmp_path, text, "https://example.net/news/regiment-no-comment-4411")
    assert doc.metadata[A.AUTHOR] is None or doc.metadata[A.AUTHOR] != "Major Anna Berg"
    assert "The regiment's press office told our editor it had no comment." in searchable(blocks_of(doc))


@pytest.mark.parametrize("url, published", [
    # the day as one slug token between hyphens, before the outlet's article id
    ("https://diario.example.mx/internacional/soldiers-call-home-to-desert-20231127-2124642.html", "2023-11-27"),
    # day, English month abbreviation and year run together as a path folder
    ("https://news.example.co.il/world/23sep2022/appeal_0020.html", "2022-09-23"),
])
def test_a_day_written_as_one_url_token_dates_a_page_that_prints_none(tmp_path, url, published) -> None:
    doc = ingest_page(tmp_path, "\n\n".join([LEDE, BODY, BODY_2]), url)
    assert (doc.metadata[A.PUBLISHED], doc.metadata[A.DATE_PRECISION]) == (published, "day")


@pytest.mark.parametrize("url, published, precision", [
    # year, month and day as folders, unpadded
    ("https://news.example.ru/region/2024/3/7/deserter-found-in-forest-88231.html", "2024-03-07", "day"),
    ("https://arabic.example.net/news/politics/2023/11/2/%D9%81%D9%8A%D8%AF", "2023-11-02", "day"),
    # day, month and year as folders, day first, before the outlet's id
    ("https://www.example-rbk.ru/politics/05/02/2024/65c0a1b29a7947", "2024-02-05", "day"),
    # the month as an English abbreviation between the year and day folders
    ("https://example-review.com/stories/2023/apr/21/inmates-enlist-for-medicine/", "2023-04-21", "day"),
    # month first is not read (12/31 is no day and month): the year alone
    ("https://example.com/a/12/31/2023/soldiers-letters", "2023", "year"),
])
def test_a_day_written_as_url_folders_dates_a_page_that_prints_none(tmp_path, url, published, precision) -> None:
    doc = ingest_page(tmp_path, "\n\n".join([LEDE, BODY, BODY_2]), url)
    assert (doc.metadata[A.PUBLISHED], doc.metadata[A.DATE_PRECISION]) == (published, precision)


@pytest.mark.parametrize("url, published", [
    # the twenty-ninth set (seen): the Czech MAFRA sites' code, "A" + yymmdd + "_" + hhmmss
    ("https://www.example.cz/zpravy/zahranicni/vojaci-odskodne.A250915_142046_zahranicni_abc", "2025-09-15"),
    # month name, day and year ending the slug
    ("https://www.example.com/world/europe/gunman-draft-office-region-september-26-2022/", "2022-09-26"),
])
def test_a_mafra_code_or_a_slug_ending_in_a_written_day_dates_a_page_that_prints_none(tmp_path, url, published) -> None:
    doc = ingest_page(tmp_path, "\n\n".join([LEDE, BODY, BODY_2]), url)
    assert (doc.metadata[A.PUBLISHED], doc.metadata[A.DATE_PRECISION]) == (published, "day")


@pytest.mark.parametrize("url", [
    "https://www.example.cz/zpravy/vojaci.A250931_142046_zahranicni_abc",    # no 31 September
    "https://www.example.cz/zpravy/vojaci.A250915_256046_zahranicni_abc",    # no 25:60
    "https://www.example.cz/zpravy/vojaci.A250915_1420_zahranicni_abc",      # not the whole time
    "https://www.example.cz/zpravy/vojaci.B250915_142046_zahranicni_abc",    # not the code's letter
    "https://www.example.com/world/september-26-2022-gunman-draft-office/",  # a written day not ending the slug
])
def test_a_near_miss_of_those_url_shapes_is_no_date(tmp_path, url) -> None:
    doc = ingest_page(tmp_path, "\n\n".join([LEDE, BODY, BODY_2]), url)
    assert doc.metadata[A.PUBLISHED] is None


@pytest.mark.parametrize("url, published", [
    # the thirty-first set (seen): a dotted day as a folder, day first
    ("https://example.sq.com.ua/rus/novosti/02.01.2023/ministry-admits-losses-in-town", "2023-01-02"),
    # the day ending the slug, day first, before the extension
    ("https://news.example.com/ukr/section-news/news-survivors-sent-back-to-fight-21-06-2022.html", "2022-06-21"),
    # the day and time run together ending the slug
    ("https://www.example.ua/ukr/world/president-bans-smartphones-for-soldiers-06032019153100", "2019-03-06"),
    # a few letters and the day as yyyymmdd, then "_" and an id (the Mediahuis sites' article code)
    ("https://www.example.be/cnt/dmf20220406_92900203", "2022-04-06"),
])
def test_more_url_day_shapes_date_a_page_that_prints_none(tmp_path, url, published) -> None:
    doc = ingest_page(tmp_path, "\n\n".join([LEDE, BODY, BODY_2]), url)
    assert (doc.metadata[A.PUBLISHED], doc.metadata[A.DATE_PRECISION]) == (published, "day")


@pytest.mark.parametrize("url", [
    "https://example.com/news/04012023/538062",                                 # eight digits alone: day or month first?
    "https://www.example.be/cnt/dmf20221306_92900203",                          # no 13th month
    "https://www.example.ua/ukr/world/president-bans-smartphones-06032019256100",   # no 25:61
    "https://example.com/novosti/32.01.2023/slug",                              # no 32 January
])
def test_near_misses_of_the_new_url_day_shapes_are_no_date(tmp_path, url) -> None:
    doc = ingest_page(tmp_path, "\n\n".join([LEDE, BODY, BODY_2]), url)
    assert doc.metadata[A.PUBLISHED] is None


def test_a_slug_ending_day_that_reads_both_ways_never_rejects_the_printed_date(tmp_path) -> None:
    url = "https://news.example.com/section/news-survivors-sent-back-04-05-2022.html"
    doc = ingest_page(tmp_path, "\n\n".join(["Survivors sent back to fight", "Published 5 April 2022", LEDE, BODY]), url)
    assert doc.metadata[A.PUBLISHED] == "2022-04-05"


@pytest.mark.parametrize("closing, published", [
    # an Austrian daily closes its articles with the editor's initials or the agency and the day
    # (the thirty-first set, seen: "(bed, 31.5.2022)", "(APA, 19.2. 2019)")
    ("Die Regierung bestreitet, dass ihre Soldaten Wohnungen ausräumen, und spricht von Fälschungen. (ahe, 14.6.2022)",
     "2022-06-14"),
    ("Begründet wurde das Gesetz mit Daten, die Extremisten missbrauchen könnten. (APA, 7.3. 2019)", "2019-03-07"),
    ("Begründet wurde das Gesetz mit Daten, die Extremisten missbrauchen könnten. (red, APA, 3.10.2023)", "2023-10-03"),
    # a parenthesised date inside the text is no sign-off, nor one that is not the day it closes with
    ("Das Gesetz (beschlossen am 7.3.2019) gilt ab sofort für alle Soldaten und ihre Offiziere.", None),
    ("Begründet wurde das Gesetz mit Daten, die Extremisten missbrauchen könnten. (APA, 31.2.2019)", None),
])
def test_a_sign_off_closing_the_article_dates_a_page_that_prints_no_date(tmp_path, closing, published) -> None:
    text = "\n\n".join(["Russisches Militär verbietet Smartphones", LEDE, BODY, closing])
    doc = ingest_page(tmp_path, text, "https://www.example.at/story/2000098214616/militaer-verbietet-handys")
    assert doc.metadata[A.PUBLISHED] == published


def test_a_sign_off_date_never_overrides_the_date_printed_at_the_top(tmp_path) -> None:
    text = "\n\n".join(["Russisches Militär verbietet Smartphones", "19. Februar 2019, 14:02", LEDE, BODY,
                         "Begründet wurde das Gesetz mit Daten, die Extremisten missbrauchen könnten. (APA, 7.3. 2019)"])
    doc = ingest_page(tmp_path, text, "https://www.example.at/story/2000098214616/militaer-verbietet-handys")
    assert doc.metadata[A.PUBLISHED] == "2019-02-19"


def test_a_mafra_url_day_never_overrides_the_printed_date(tmp_path) -> None:
    url = "https://www.example.cz/zpravy/vojaci-odskodne.A250915_142046_zahranicni_abc"
    doc = ingest_page(tmp_path, "\n\n".join(["Soldiers refuse to advance", "16. září 2025", LEDE, BODY]), url)
    assert doc.metadata[A.PUBLISHED] == "2025-09-16"


def test_a_url_day_that_reads_both_ways_never_rejects_the_printed_date(tmp_path) -> None:
    """An American site's month-first "/04/12/2023/" reads day first as 4 December: it may date a page
    that prints nothing, but the printed "April 12, 2023" is the article's date, not the site's."""
    url = "https://example-news.com/news/04/12/2023/soldiers-refuse-to-advance"
    doc = ingest_page(tmp_path, "\n\n".join(["Soldiers refuse to advance", "Published April 12, 2023", LEDE, BODY]), url)
    assert doc.metadata[A.PUBLISHED] == "2023-04-12"


@pytest.mark.parametrize("headline, url", [
    ("In Tver, two contract soldiers who left their unit were detained", "https://example.ua/en/news/88311-in-tver-two-contract-soldiers-who-left-their-unit-were-detained"),
    ("A Russian sergeant was jailed for leaving his post twice", "https://example-africa.com/a-russian-sergeant-was-jailed-for-leaving-his-post-twice/"),
    ("В Перми задержали двух военных, покинувших часть", "https://example.ru/news/v-permi-zaderzhali-dvuh-voennyh-pokinuvshih-chast"),
    # the slug misspells the first word by a letter (a Latin c typed for the Cyrillic С; set 31)
    ("Солдаты Курской области жалуются на командиров", "https://example.help/articles/5521-coldaty_kurskoj_oblasti_zhalujutsja_na_komandirov/print"),
    # a figure opening the headline, which the slug writes without its separator (set 34)
    ("1.500 Soldaten fliehen über die Grenze nach Belarus", "https://example.de/politik/1500-soldaten-fliehen-ueber-die-grenze-nach-belarus-100"),
])
def test_a_short_first_word_the_url_spells_is_the_headlines_own_not_a_kicker(tmp_path, headline, url) -> None:
    doc = ingest_page(tmp_path, "\n\n".join([headline, LEDE, BODY, BODY_2]), url)
    assert doc.metadata[A.TITLE] == headline


@pytest.mark.parametrize("line, headline, url", [
    ("In Pictures Ukrainian conscripts train in Britain", "Ukrainian conscripts train in Britain",
     "https://example.co.uk/news/ukrainian-conscripts-train-in-britain-5531"),
    ("En direct Guerre en Ukraine : des soldats russes désertent", "Guerre en Ukraine : des soldats russes désertent",
     "https://example.fr/international/guerre-en-ukraine-des-soldats-russes-desertent_2231"),
    # a kicker with a digit in it is a word, not a figure (only a pure number is kept: set 34)
    ("G7 Russische Soldaten fliehen über die Grenze nach Belarus", "Russische Soldaten fliehen über die Grenze nach Belarus",
     "https://example.de/politik/russische-soldaten-fliehen-ueber-die-grenze-nach-belarus-100"),
])
def test_a_kicker_of_short_words_the_slug_has_elsewhere_is_still_cut(tmp_path, line, headline, url) -> None:
    doc = ingest_page(tmp_path, "\n\n".join([line, LEDE, BODY, BODY_2]), url)
    assert doc.metadata[A.TITLE] == headline


@pytest.mark.parametrize("banner", [
    "На сайте используются cookies. Продолжая пользоваться сайтом, вы соглашаетесь с правилами",
    "На цьому сайті використовуються файли cookie. Залишаючись, ви погоджуєтесь",
    "Diese Website verwendet Cookies. Mit der Nutzung stimmen Sie zu",
    "Acest site folosește cookie-uri pentru o experiență mai bună",
])
def test_a_cookie_banner_in_the_passive_is_furniture_not_the_headline(tmp_path, banner) -> None:
    headline = "Soldiers with hepatitis may be put in a separate detachment"
    doc = ingest_page(tmp_path, "\n".join([banner, headline, "", LEDE, BODY]),
                      "https://example.ru/news/2025/09/05/123456")
    assert doc.metadata[A.TITLE] == headline
    assert banner not in searchable(blocks_of(doc))
    # a sentence of the article about cookies is text
    line = "Используются cookie-файлы для слежки за солдатами, выясняли журналисты издания весь прошлый месяц."
    doc = ingest_page(tmp_path, "\n\n".join([headline, LEDE, line, BODY]), "https://example.ru/news/2025/09/05/123457")
    assert line in searchable(blocks_of(doc))


@pytest.mark.parametrize("url", [
    "https://example.com/news/item-12345678-9.html",      # eight digits that are no date
    "https://example.com/world/1dec2050/appeal.html",     # a day still to come
])
def test_an_id_or_a_future_day_in_the_url_is_no_date(tmp_path, url) -> None:
    doc = ingest_page(tmp_path, "\n\n".join([LEDE, BODY, BODY_2]), url)
    assert doc.metadata[A.PUBLISHED] is None


@pytest.mark.parametrize("line, reason", [
    ("Czas lektury 3 min.", "reading time"),
    ("Tiempo de lectura: 4 min", "reading time"),
    ("5 min read", "reading time"),
    ("Dalsza część artykułu znajduje się pod materiałem wideo.", "navigation label"),
    ("Der Text geht unter dem Video weiter.", "navigation label"),
    ("Story continues below advertisement", "navigation label"),
    ("More:", "navigation label"),
    ("Enjoyed this article? Share it with your friends!", "share prompt"),
    ("Liked this story? Share it with a friend.", "share prompt"),
    ("Share it with your friends!", "share prompt"),
    ("Enjoyed this article?", "share prompt"),
    # a share button's label and a comment count in more of the corpus's languages (session 34)
    ("Teilen", "share prompt"),
    ("Поділитися", "share prompt"),
    ("5 коментарів", "call to action"),
    ("12 komentarzy", "call to action"),
    ("3 commentaires", "call to action"),
])
def test_reading_times_layout_notes_and_share_prompts_leave_the_content(line, reason) -> None:
    blocks = classify_blocks([LEDE, BODY, line, BODY_2])
    assert removed(blocks) == {line: reason}
    assert searchable(blocks) == [LEDE, BODY, BODY_2]


def test_a_soldier_asking_to_share_his_video_stays_content() -> None:
    """A sentence opening like a share prompt is what the soldier said when it goes on."""
    line = ("Share it with your friends, let everyone know what is happening to us here, the soldier says "
            "at the end of the video.")
    blocks = classify_blocks([LEDE, BODY, line, BODY_2])
    assert searchable(blocks) == [LEDE, BODY, line, BODY_2]


@pytest.mark.parametrize("line", [
    "More than forty men from the company refused to go back, the recording says.",
    "More: the commander then told them to dig in for the night, the recording goes on.",
    "The story continues below the surface: the men say three officers sold leave passes.",
])
def test_sentences_opening_with_those_words_stay_content(line) -> None:
    assert line in searchable(classify_blocks([LEDE, BODY, line, BODY_2]))


# --- round 4: shapes seen on held-out set 5 and the second HTML set ------------------------------

def test_html_headline_is_the_printed_h1_when_og_title_rewords_the_same_story(tmp_path) -> None:
    html = _news_html(og_title="Sergeant quits over missing rifles", h1="Army sergeant: I quit over the missing rifles",
                      author_meta="", byline_html="", header_date="19.01.2023", meta_date="2023-01-19")
    doc = _html_page(tmp_path, html, "https://www.example.com/news/world-europe-5512")
    assert doc.metadata[A.TITLE] == "Army sergeant: I quit over the missing rifles"


@pytest.mark.parametrize("h1", ["Example Wave", "Most read stories this week on Example Wave"])
def test_html_h1_naming_the_site_or_a_section_does_not_replace_the_title(tmp_path, h1) -> None:
    html = _news_html(og_title="Sergeant quits over missing rifles", h1=h1, author_meta="", byline_html="",
                      header_date="19.01.2023", meta_date="2023-01-19")
    doc = _html_page(tmp_path, html, "https://www.example.com/news/world-europe-5512")
    assert doc.metadata[A.TITLE] == "Sergeant quits over missing rifles"


def test_html_author_field_naming_a_body_of_people_is_no_author(tmp_path) -> None:
    # a fact check whose author field holds the claim's source, not a writer
    html = _news_html(og_title="Claim: rebels block the camp's evacuation", h1="Claim: rebels block the camp's evacuation",
                      author_meta="The Defence; Interior ministries", byline_html="", header_date="18.11.2019",
                      meta_date="2019-11-18")
    doc = _html_page(tmp_path, html, "https://www.example.info/a/fact-check-camp/3027.html")
    assert doc.metadata[A.AUTHOR] is None


@pytest.mark.parametrize("author", ["Anna van der Berg", "Maria da Silva Santos", "Le Van Thanh", "El Hadji Diallo"])
def test_html_author_with_name_particles_is_kept(tmp_path, author) -> None:
    html = _news_html(og_title="Claim: rebels block the camp's evacuation", h1="Claim: rebels block the camp's evacuation",
                      author_meta=author, byline_html="", header_date="18.11.2019", meta_date="2019-11-18")
    doc = _html_page(tmp_path, html, "https://www.example.info/a/fact-check-camp/3027.html")
    assert doc.metadata[A.AUTHOR] == author


def test_a_photo_caption_printed_again_with_its_credits_glued_on_is_no_headline(tmp_path) -> None:
    # section kicker, headline, standfirst (no full stop), caption, the caption again with the
    # photographer and agency glued onto it, then the body; the url carries no words
    caption = "A burnt-out armoured carrier near Bucha"
    text = "\n\n".join([
        "Desertions", "Tank crew hands over its vehicle in exchange for a reward and papers",
        "Police text the phones of soldiers across the line to tell them how to surrender safely",
        caption, f"{caption}Jan ExampleAgencia EP", LEDE, BODY, BODY_2])
    doc = ingest_page(tmp_path, text, "https://www.example.es/internacional/20220322/7in2dd2ahjcu.html")
    assert doc.metadata[A.TITLE] == "Tank crew hands over its vehicle in exchange for a reward and papers"
    blocks = blocks_of(doc)
    assert "Police text the phones of soldiers across the line to tell them how to surrender safely" in searchable(blocks)
    assert caption not in searchable(blocks) and f"{caption}Jan ExampleAgencia EP" not in searchable(blocks)


@pytest.mark.parametrize("marker, name", [("par", "Rédaction web"), ("Von", "Jana Example"), ("By", "Staff")])
def test_a_byline_printed_over_two_lines_below_the_standfirst_is_the_author(tmp_path, marker, name) -> None:
    # headline, standfirst, the byline's marker on one line and the name (or the desk) on the next,
    # then a reading time, then the body
    standfirst = "A recording shows how far some conscripts will go to be sent home, officials say."
    text = "\n\n".join(["Sergeant shoots himself in the foot to leave the front", standfirst,
                         f"{marker}\n{name}\nTemps de lecture 3 min.", LEDE, BODY])
    doc = ingest_page(tmp_path, text, "https://example.be/fr/monde/sergeant-shoots-himself-in-the-foot-to-leave")
    assert doc.metadata[A.AUTHOR] == name
    blocks = blocks_of(doc)
    assert searchable(blocks) == [standfirst, LEDE, BODY]
    assert removed(blocks)[f"{marker} {name}"] == "byline"


def test_the_headline_again_cut_short_without_its_punctuation_is_furniture(tmp_path) -> None:
    headline = "“No way back”: on the eastern front, a second line guards the first"
    cut = "No way back on the eastern front a second line guards"
    lead = "The second line has orders to stop anyone who runs: on the eastern front, a recording says so."
    doc = ingest_page(tmp_path, "\n\n".join([headline, cut, LEDE, lead, BODY]),
                      "https://example.com/no-way-back-on-the-eastern-front-a-second-line-guards-the-first/")
    blocks = blocks_of(doc)
    assert doc.metadata[A.TITLE] == headline
    assert removed(blocks)[cut] == "repeated headline"
    assert searchable(blocks) == [LEDE, lead, BODY]


def test_a_lead_sentence_opening_with_the_headlines_words_stays_content(tmp_path) -> None:
    headline = "Conscripts refuse to return to the trenches near Kupiansk"
    lead = "Conscripts refuse to return to the trenches, their wives told a regional paper on Monday."
    doc = ingest_page(tmp_path, "\n\n".join([headline, lead, BODY, BODY_2]),
                      "https://example.com/conscripts-refuse-to-return-to-the-trenches-near-kupiansk/")
    assert lead in searchable(blocks_of(doc))


def test_html_h1_with_the_same_words_as_the_title_keeps_the_titles_spacing(tmp_path) -> None:
    html = _news_html(og_title="Rail travel: By night train from Vienna to Rome",
                      h1="Rail travel : By night train from Vienna to Rome", author_meta="", byline_html="",
                      header_date="19.01.2023", meta_date="2023-01-19")
    doc = _html_page(tmp_path, html, "https://www.example.de/reisen/rail-travel-vienna-rome")
    assert doc.metadata[A.TITLE] == "Rail travel: By night train from Vienna to Rome"


def test_a_podcast_pages_labelled_broadcast_date_and_player_fields(tmp_path) -> None:
    # site name, series title, episode title, the episode's summary, then the player's fields with
    # each label on its own line and its value on the next
    summary = "The captain reaches the border at last, and his wife finds a stranger she can trust."
    text = "\n\n".join(["Example.fm", "Running from the Front: A Story in Six Parts", "Part Four: The Border",
                         summary, "Broadcast on:\n3 Mar 2024\nAudio Format:\nmpeg", summary, LEDE, BODY])
    doc = ingest_page(tmp_path, text, "https://example.fm/broadcast/7781")
    assert (doc.metadata[A.PUBLISHED], doc.metadata[A.DATE_PRECISION]) == ("2024-03-03", "day")
    gone = removed(blocks_of(doc))
    assert gone["Broadcast on:"] == "date label" and gone["Audio Format:"] == gone["mpeg"] == "media player label"
    assert "3 Mar 2024" in gone


def test_a_line_after_a_speaker_label_is_no_label_value() -> None:
    blocks = classify_blocks([LEDE, "(M):", "Yes", BODY])
    assert not any(b.kind == Kind.BOILERPLATE for b in blocks)


def test_the_rules_file_must_keep_the_date_label_kind(tmp_path) -> None:
    import yaml

    from pipeline.rules import rules_path
    data = yaml.safe_load(rules_path().read_text(encoding="utf-8"))
    parse_rules(data, rules_path())          # the shipped file is valid
    del data["kinds"]["date_label"]
    with pytest.raises(RulesError, match="kinds.date_label is required"):
        parse_rules(data, tmp_path / "furniture.yaml")


def test_the_rules_file_must_list_speech_verbs(tmp_path) -> None:
    """Without them a quote after its paraphrase would go as a pull quote: the build stops instead."""
    import yaml

    from pipeline.rules import rules_path
    data = yaml.safe_load(rules_path().read_text(encoding="utf-8"))
    del data["speech_verbs"]
    with pytest.raises(RulesError, match=r"furniture.yaml.speech_verbs: expected a non-empty list"):
        parse_rules(data, tmp_path / "furniture.yaml")


@pytest.mark.parametrize("menu, message", [
    (None, r"furniture.yaml: menu_line must be a mapping"),
    ({"min_words": 0, "capitalised_share": 0.8}, r"furniture.yaml: menu_line.min_words must be between"),
    ({"min_words": 24, "capitalised_share": 0.2}, r"furniture.yaml: menu_line.capitalised_share must be between"),
])
def test_the_menu_line_bounds_are_checked(tmp_path, menu, message) -> None:
    """A menu bar of no words, or of mostly lower-case words, would take sentences for menus: the build stops."""
    data = yaml.safe_load(rules_path().read_text(encoding="utf-8"))
    data["menu_line"] = menu
    with pytest.raises(RulesError, match=message):
        parse_rules(data, tmp_path / "furniture.yaml")


def test_the_date_languages_are_checked(tmp_path, monkeypatch) -> None:
    """A missing or malformed list stops the build with the key named; a code dateparser does not
    know stops it at the first date read, not silently leaving every written date unread."""
    import yaml

    from pipeline import metadata
    data = yaml.safe_load(rules_path().read_text(encoding="utf-8"))
    for bad in ([], ["Finnish"], "fi", [False]):           # ([False]: an unquoted "no")
        data["date_languages"] = bad
        with pytest.raises(RulesError, match=r"furniture.yaml: date_languages: expected a non-empty list"):
            parse_rules(data, tmp_path / "furniture.yaml")
    # a furniture.yaml copied before the key existed: named first, with where to find it
    old = {k: v for k, v in data.items() if k != "date_languages"}
    with pytest.raises(RulesError, match=r"furniture.yaml: date_languages: missing .* copy the key from the shipped"):
        parse_rules(old, tmp_path / "furniture.yaml")
    data["date_languages"] = ["en", "xx"]
    config_dir = tmp_path / "config"
    config_dir.mkdir()
    for name in rules_path().parent.glob("*.yaml"):
        (config_dir / name.name).write_text(name.read_text(encoding="utf-8"), encoding="utf-8")
    (config_dir / "furniture.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    monkeypatch.setenv("NEWSLENS_CONFIG", str(config_dir))
    metadata._textual_parts.cache_clear()      # (a date read earlier in this process is cached)
    try:
        with pytest.raises(RulesError, match=r"date_languages: .*xx"):
            metadata.parse_date("14. maaliskuuta 2023")
    finally:
        metadata._textual_parts.cache_clear()


@pytest.mark.parametrize("label", ["Updated:", "Last updated:", "Zuletzt aktualisiert am:", "обновлено:"])
def test_a_date_under_an_updated_label_only_bounds_the_publication(label) -> None:
    # headline, two body paragraphs, then the label on its own line and the date on the next
    text = "\n".join(["Deserters describe the night they left their posts", LEDE, BODY, label, "5 March 2024"])
    found = read_top_of_text(text, today=TODAY)
    assert found.date is None or found.date.published is None
    assert found.date is not None and str(found.date.end.date()) == "2024-03-05"
    # the same date under a "Published:" label is the publication date
    published = read_top_of_text(text.replace(label, "Published:"), today=TODAY)
    assert (published.date.published, published.date.precision) == ("2024-03-05", "day")


@pytest.mark.parametrize("extra", ["<span>Exclusive video</span> ", ""])
def test_html_h1_that_adds_a_kicker_or_a_screen_reader_note_keeps_the_og_title(tmp_path, extra) -> None:
    title = "Russian soldiers appeal to the governor from a cellar"
    h1 = f'{extra}{title} <span class="sr-only">opens in new window</span>'
    html = _news_html(og_title=title, h1=h1, author_meta="", byline_html="",
                      header_date="19.01.2023", meta_date="2023-01-19")
    doc = _html_page(tmp_path, html, "https://www.example.com/world/soldiers-appeal-to-governor")
    assert doc.metadata[A.TITLE] == title


@pytest.mark.parametrize("og_title,h1", [
    ("Soldiers appeal to governor from cellar", "In a cellar, soldiers record an appeal to their governor"),
    # every og:title word is in the h1, but in another order: the h1 is the printed wording
    ("Army drops Ivanov desertion charges", "Pavel Ivanov: Army drops desertion charges"),
])
def test_html_h1_in_other_words_than_the_og_title_still_wins(tmp_path, og_title, h1) -> None:
    html = _news_html(og_title=og_title, h1=h1, author_meta="",
                      byline_html="", header_date="19.01.2023", meta_date="2023-01-19")
    doc = _html_page(tmp_path, html, "https://www.example.com/world/soldiers-appeal-to-governor")
    assert doc.metadata[A.TITLE] == h1


def test_the_rules_file_must_list_url_id_words(tmp_path) -> None:
    """The url day-token rule reads its id words from the rules file: without them the build stops
    with the file and key named instead of reading ids as dates."""
    import yaml

    from pipeline.rules import rules_path
    data = yaml.safe_load(rules_path().read_text(encoding="utf-8"))
    data["url_id_words"] = ["article-id"]
    with pytest.raises(RulesError, match=r"furniture.yaml.url_id_words: expected a non-empty list of words"):
        parse_rules(data, tmp_path / "furniture.yaml")


# Session 7, ninth and tenth real story sets (pages read after they were measured): a caption with
# its photo credit printed above the date and the headline, a Russian skip link or app prompt
# above everything, and a headline glued to its own copy. Written in the same shapes.
@pytest.mark.parametrize("caption", [
    "Guardsmen of the regional unit (National Guard). Photo from the official site of the regional governor http://gov.example.ru",
    "Soldiers of the brigade at a training ground. Photo: press service of the district https://district.example.ru/",
    "Бойцы Росгвардии на учениях. Фото: пресс-служба ведомства",
])
def test_a_caption_with_its_photo_credit_above_the_date_is_not_the_headline(tmp_path, caption) -> None:
    headline = "Lawyers call the guardsmen's refusal to cross the border lawful"
    text = "\n\n".join([caption, "26 March 2022, 13:48", headline, LEDE, BODY])
    doc = ingest_page(tmp_path, text, "https://eng.example-knot.info/articles/58623")
    assert doc.metadata[A.TITLE] == headline
    assert "right after the date" in doc.title_note


@pytest.mark.parametrize("prompt", ["Перейти к основному контенту", "Скачайте приложение — работает без VPN!",
                                    "Перейти до основного контенту"])
def test_a_skip_link_or_app_prompt_above_a_cyrillic_headline_never_wins(tmp_path, prompt) -> None:
    headline = "Суд признал законным увольнение бойцов, отказавшихся ехать на фронт"
    text = "\n\n".join([prompt, headline, "Гарнизонный военный суд отказал бывшим бойцам в иске о восстановлении "
                        "на службе, сообщил их адвокат в четверг.", "Адвокат намерен обжаловать решение суда в "
                        "апелляционной инстанции, добавил он."])
    doc = ingest_page(tmp_path, text, "https://www.example-rbc.ru/politics/26/05/2022/628f8b219a7947ccd1fd2517")
    assert doc.metadata[A.TITLE] == headline


def test_a_headline_glued_to_its_own_copy_is_read_once(tmp_path) -> None:
    title = "How deserters slip out of the war in the east"
    text = "\n\n".join([title + title, LEDE, BODY])
    doc = ingest_page(tmp_path, text, "https://defence-example.com/how-deserters-slip-out-of-the-war-in-the-east/")
    assert doc.metadata[A.TITLE] == title


# Session 8, thirteenth real story set (pages read after they were measured): a byline dateline with
# no headline, a Russian rubric dateline above the headline, a caption with an abbreviated photo
# credit and a licence, a breadcrumb glued before the headline printed again. Same shapes, own words.
def test_a_byline_dateline_is_the_author_and_the_date_never_the_headline(tmp_path) -> None:
    text = "\n\n".join(["MARTA KOVALENKO – TUESDAY, 8 NOVEMBER 2022, 09:15", LEDE, BODY])
    doc = ingest_page(tmp_path, text, "https://news.example.com/almost-forty-soldiers-leave-positions-071500123.html")
    assert doc.metadata[A.TITLE] != "MARTA KOVALENKO –"
    assert "Kovalenko" not in (doc.metadata[A.TITLE] or "")
    assert doc.metadata[A.AUTHOR] == "Marta Kovalenko"
    assert str(doc.metadata[A.PUBLISHED])[:10] == "2022-11-08"


def test_a_headline_printed_with_its_date_after_a_dash_keeps_its_words() -> None:
    top = read_top_of_text("\n\n".join(["Soldiers of a reserve regiment walk away from their trenches near the river – "
                                        "Tuesday, 8 November 2022, 09:15", LEDE, BODY]), today=TODAY)
    assert top.title == "Soldiers of a reserve regiment walk away from their trenches near the river"
    assert str(top.date.published)[:10] == "2022-11-08"


def test_a_rubric_dateline_above_a_russian_headline_is_the_date_not_the_headline(tmp_path) -> None:
    headline = "Губернатор встретился с родственниками мобилизованных, записавших обращение"
    text = "\n\n".join(["Конфликт на границе, 3 апр 2024, 11:05", headline,
                        "Губернатор обсудил с семьями военнослужащих их обращение и пообещал проверить жалобы.",
                        "Родственники рассказали, что бойцов отправили на передовую без подготовки."])
    doc = ingest_page(tmp_path, text, "https://www.example-rbc.ru/politics/03/04/2024/660d1a2b9a79470f")
    assert doc.metadata[A.TITLE] == headline
    assert str(doc.metadata[A.PUBLISHED])[:10] == "2024-04-03"


@pytest.mark.parametrize("caption", [
    "Pas graniczny jest pilnie strzeżony przez służby. Fot. JanKowal77, CC BY-SA 4.0, via Wikimedia Commons",
    "The border crossing near the fjord in winter. Ph. Ola Nordmann / CC BY 2.0",
])
def test_a_caption_with_an_abbreviated_credit_or_a_licence_is_not_the_headline(tmp_path, caption) -> None:
    text = "\n\n".join([caption, "Rosyjski żołnierz zatrzymany po przekroczeniu granicy złożył wniosek o azyl, "
                        "podała w poniedziałek policja.", "Mężczyzna twierdzi, że uciekł z wojska, bo nie chciał wracać na front."])
    doc = ingest_page(tmp_path, text, "https://www.example-norwegia.pl/aktualnosci/rosyjski-zolnierz-zlozyl-wniosek-o-azyl-2451")
    assert doc.metadata[A.TITLE] != caption
    assert "Fot." not in (doc.metadata[A.TITLE] or "") and "CC BY" not in (doc.metadata[A.TITLE] or "")


# Session 12, seventeenth real story set (a mirror of a Russian outlet's pages): the excerpt opens
# with the illustration's caption and credit ("... Иллюстрация: Name / Outlet"), which was read as
# the headline: illustration words were not credit words. Same shapes, own words.
@pytest.mark.parametrize("caption", [
    "Кадр из ролика, снятого на окраине посёлка. Иллюстрация: Анна Соколова / Вестник Севера",
    "Иллюстрация: Анна Соколова / Вестник Севера",
    "Кадр з відео, знятого біля села. Ілюстрація: Олена Ткач / Вісник",
    "Still from the video filmed near the village. Illustration: Jane Doe / The Northern Herald",
])
def test_an_illustration_credit_opening_the_page_is_a_caption_not_the_headline(tmp_path, caption) -> None:
    text = "\n\n".join([caption, "Анонимный канал опубликовал видео, на котором бывшего заключённого избивают "
                        "за отказ идти в штурм; издание рассказывает, что известно о случившемся.",
                        "По словам родственников, мужчину задержали после побега из части в октябре."])
    doc = ingest_page(tmp_path, text, "https://example-zona.media/news/2022/11/13/video")
    assert doc.metadata[A.TITLE] != caption
    assert "Соколова" not in (doc.metadata[A.TITLE] or "") and "Ткач" not in (doc.metadata[A.TITLE] or "")
    assert "Doe" not in (doc.metadata[A.TITLE] or "")


@pytest.mark.parametrize("line", [
    "Bild-Zeitung berichtet, dass der Kanzler am Montag nach Kiew reist.",
    "Kuva-arkisto avattiin yleisölle viime viikolla Helsingissä.",
])
def test_a_sentence_opening_with_a_credit_word_and_a_hyphen_stays_article_text(line) -> None:
    kinds = {b.text: (b.kind, b.reason) for b in classify_blocks([LEDE, line])}
    assert kinds[line][1] == "", kinds


@pytest.mark.parametrize("headline", ["Kherson after the retreat in photos: Destroyed Bridges",
                                      "The war in images: Kharkiv Today"])
def test_a_headline_with_photos_or_images_in_it_keeps_its_words(headline) -> None:
    slug = "-".join(w.strip(":").lower() for w in headline.split())
    top = read_top_of_text("\n\n".join([headline, LEDE, BODY]), url=f"https://example.com/news/{slug}", today=TODAY)
    assert top.title == headline


def test_a_video_players_close_button_glued_to_the_next_videos_title_is_furniture(tmp_path) -> None:
    """Twentieth real set (own words, same shape): a page printing no headline opens with a player's
    "✕ Close" glued to the title of the video it plays next, then a newsletter prompt; that line
    became the headline."""
    close = "✕ Close Aftermath of a drone strike on a fuel depot near the border that injured four"
    text = "\n\n".join([close, "Sign up to our free daily briefing Please enter a valid email address SIGN UP",
                        "Soldiers who retreated near the river were shot by their own officers, according to the "
                        "White House.", "The spokesman said the information came from intelligence sources.", BODY])
    doc = ingest_page(tmp_path, text, "https://www.example-paper.co.uk/news/world/europe/war-latest-b2436926.html")
    assert "Close" not in (doc.metadata[A.TITLE] or ""), doc.metadata[A.TITLE]
    assert "drone strike" not in (doc.metadata[A.TITLE] or "")


def test_credit_words_are_one_list_read_by_every_credit_rule(tmp_path) -> None:
    """A credit word added to config/furniture.yaml's credit_words is a credit word for the headline
    check, the furniture kinds and the caption rules alike (one list, not one per rule)."""
    import yaml

    from pipeline.rules import rules_path
    data = yaml.safe_load(rules_path().read_text(encoding="utf-8"))
    line = "Soldiers at the border post in winter. Pildid: Mari Tamm / Postimees"
    before = parse_rules(data, tmp_path / "furniture.yaml")
    assert not before.headline_photo_credit.search(line)
    data["credit_words"] = [*data["credit_words"], "pildid"]
    after = parse_rules(data, tmp_path / "furniture.yaml")
    assert after.headline_photo_credit.search(line)
    assert after.furniture_reason("Pildid: Mari Tamm") == "editor or photo credit"
    assert "pildid" in after.credit_words.split("|")
    from pipeline.clean import _credit_patterns
    assert _credit_patterns(after.credit_words, after.credit_agencies, after.social_platforms)[0].match("Pildid: Mari Tamm / Postimees")
    assert not _credit_patterns(before.credit_words, before.credit_agencies, before.social_platforms)[0].match("Pildid: Mari Tamm / Postimees")
    data["credit_words"] = []
    with pytest.raises(RulesError, match=r"credit_words: expected a non-empty list"):
        parse_rules(data, tmp_path / "furniture.yaml")


@pytest.mark.parametrize("line", [
    "Irina Volkova / RIA Novosti / Sputnik / Scanpix / LETA",     # a chain of credits after the agency
    "Pavel Orlov/РИА Новости",
    "Olga Smirnova / Moskva News Agency",
    "Studio Nord / Action Press/Sipa / picturedesk.com",
    "Ein Denkmal am Stadtrand von Kursk. / AFP / LEHTIKUVA / IVAN SOKOLOV",
    "(Associated Press)",
])
def test_a_photo_credit_line_shown_as_a_heading_is_a_caption(line) -> None:
    blocks = classify_blocks([LEDE, BODY, f"## {line}", BODY_2])
    assert [b.kind for b in blocks if b.text == line] == [Kind.CAPTION]
    assert searchable(blocks) == [LEDE, BODY, BODY_2]


@pytest.mark.parametrize("line", ["Foto cu caracter ilustrativ: Profimedia Images", "Photo d'illustration : Wikimedia.org"])
def test_an_illustrative_photo_credit_is_furniture(line) -> None:
    blocks = classify_blocks([LEDE, BODY, line, BODY_2])
    assert removed(blocks) == {line: "editor or photo credit"}


@pytest.mark.parametrize("heading", ["Inside the News Agency", "The Soldiers Who Ran / And the Ones Who Stayed",
                                     "What TASS Left Out",
                                     # social platforms in a row open a subheading, not a chain of credits
                                     "Telegram / VK / Max: where Russia's soldiers post now",
                                     "Facebook / YouTube / X: the new front line of recruiting",
                                     "Reuters / AFP / AP: three wires, three versions of the raid"])
@pytest.mark.parametrize("marked", [True, False])
def test_short_headings_near_credit_words_stay_headings(heading, marked) -> None:
    line = f"## {heading}" if marked else heading
    blocks = classify_blocks([LEDE, BODY, line, BODY_2, "A short closing line of the story."])
    assert [b.kind for b in blocks if b.text == heading] == [Kind.HEADING]
    assert [b.kind for b in blocks if b.text == BODY] == [Kind.BODY]


def test_credit_agencies_are_one_list_in_the_rules_file(tmp_path) -> None:
    """The wire and photo agencies a credit names are config/furniture.yaml's credit_agencies, read
    by the caption rules (and the byline): an agency added there closes a credit line."""
    from pipeline.clean import _credit_patterns
    from pipeline.rules import rules_path
    data = yaml.safe_load(rules_path().read_text(encoding="utf-8"))
    line = "Mari Tamm/Postimees"
    before = parse_rules(data, tmp_path / "furniture.yaml")
    assert not _credit_patterns(before.credit_words, before.credit_agencies, before.social_platforms)[1].search(line)
    data["credit_agencies"] = [*data["credit_agencies"], "Postimees"]
    after = parse_rules(data, tmp_path / "furniture.yaml")
    assert _credit_patterns(after.credit_words, after.credit_agencies, after.social_platforms)[1].search(line)
    data["credit_agencies"] = []
    with pytest.raises(RulesError, match=r"credit_agencies: expected a non-empty list"):
        parse_rules(data, tmp_path / "furniture.yaml")


def test_reading_time_is_one_expression_read_by_the_furniture_the_headline_and_the_byline(tmp_path) -> None:
    """A wording added to config/furniture.yaml's reading_time is a reading time alone on its line,
    before a headline and at a byline's end alike (one expression, not one per rule)."""
    import yaml

    from pipeline.headline import reading_time_prefix, reading_time_suffix
    from pipeline.rules import rules_path
    data = yaml.safe_load(rules_path().read_text(encoding="utf-8"))
    before = parse_rules(data, tmp_path / "furniture.yaml")
    data["reading_time"] = data["reading_time"].replace("lukuaika", "lukuaika|lugemisaeg")
    after = parse_rules(data, tmp_path / "furniture.yaml")
    line, headline = "Lugemisaeg 4 min", "Deserters hid in the forest for a week"
    assert before.furniture_reason(line) is None
    assert after.furniture_reason(line) == "reading time"
    assert reading_time_prefix(after.reading_time).sub("", f"{line} | {headline}") == headline
    assert reading_time_prefix(before.reading_time).sub("", f"{line} | {headline}") != headline
    byline = "By Mari Tamm, 3 March 2024"
    assert reading_time_suffix(after.reading_time).sub("", f"{byline} • {line}") == byline
    assert reading_time_suffix(after.reading_time).sub("", "He ran for 4 min without stopping") == \
        "He ran for 4 min without stopping"
    # a number before a word that opens with "min" is no reading time
    assert reading_time_prefix(after.reading_time).sub("", "2 Ministers Read Riot Act to Army Chiefs") == \
        "2 Ministers Read Riot Act to Army Chiefs"
    for bad in ("", "(unclosed"):
        data["reading_time"] = bad
        with pytest.raises(RulesError, match="reading_time"):
            parse_rules(data, tmp_path / "furniture.yaml")


def test_a_breadcrumb_glued_before_the_headline_loses_to_the_headline_printed_alone(tmp_path) -> None:
    headline = "Deserters beat their officer and flee the peninsula"
    text = "\n\n".join([f"Home World World — in English {headline}", headline, LEDE, BODY])
    doc = ingest_page(tmp_path, text, "https://example-hub.news/en/2023/11/a-story-4411")
    assert doc.metadata[A.TITLE] == headline


def test_a_kicker_and_headline_printed_whole_and_in_two_lines_stay_whole(tmp_path) -> None:
    whole = "Intercepted calls: soldiers say their officers abandoned them"
    text = "\n\n".join([whole, "Intercepted calls\nSoldiers say their officers abandoned them", LEDE, BODY])
    doc = ingest_page(tmp_path, text, "https://example-text.com/intercepted-calls-soldiers-say-officers-abandoned-them/")
    assert doc.metadata[A.TITLE] == whole


# Review of the rules above: what they must not take (written in the shapes the review tried).
@pytest.mark.parametrize("line,title,author", [
    ("Russia strikes Kyiv – Friday, 14 October 2022, 14:48", "Russia strikes Kyiv", None),
    ("Zelensky Visits Liberated Kherson – Friday, 14 October 2022, 14:48", "Zelensky Visits Liberated Kherson", None),
    ("By John Smith – Friday, 14 October 2022, 14:48", None, "John Smith"),
    ("Автор: Иван Петров, 10 мар 2023, 07:27", None, "Иван Петров"),
])
def test_a_short_headline_or_a_byline_before_a_dateline_keeps_its_part(line, title, author) -> None:
    top = read_top_of_text("\n\n".join([line, LEDE, BODY]), url="https://example.com/a/123456", today=TODAY)
    assert top.title == title
    assert top.author == author
    assert top.date is not None and top.date.published is not None


def test_an_updated_stamp_in_french_is_not_the_publication_date() -> None:
    top = read_top_of_text("\n\n".join(["Soldiers of a reserve regiment refuse to return to the front",
                                        "Mis à jour : 11 mars 2023, 07:27", "Publié le 10 mars 2023", LEDE, BODY]),
                           today=TODAY)
    assert str(top.date.published)[:10] == "2023-03-10"


@pytest.mark.parametrize("whole,part", [
    ("Zelensky: “We will not give up a single metre of our land”", "“We will not give up a single metre of our land”"),
    ("Live: Russian forces withdraw from the city on the river", "Russian forces withdraw from the city on the river"),
])
def test_a_speaker_or_label_with_a_colon_is_part_of_the_headline_not_a_breadcrumb(whole, part) -> None:
    top = read_top_of_text("\n\n".join([whole, part, LEDE, BODY]), url="https://example.com/a/123456", today=TODAY)
    assert top.title == whole


def test_a_licence_named_in_a_headline_does_not_make_it_a_caption() -> None:
    headline = "Ministry opens its war archive under CC BY 4.0"
    slug = "-".join(w.strip(":").lower() for w in headline.split())
    top = read_top_of_text("\n\n".join([headline, LEDE, BODY]), url=f"https://example.com/news/{slug}", today=TODAY)
    assert top.title == headline


def test_a_swiss_paper_s_published_stamp_is_the_date_and_its_update_stamp_only_a_bound(tmp_path) -> None:
    """A Swiss tabloid's scrape: kicker, headline in guillemets, standfirst, then 'Publiziert:' and
    'Aktualisiert:' stamps split by a lone bar, a photo file name and the author glued to his role.
    The published stamp dates the article; the later update stamp does not replace it."""
    text = "\n".join([
        "Funkverkehr an der Front mitgeschnitten", "«Wir bekommen nicht einmal Wasser!»", "",
        "Der Geheimdienst hat Gespräche russischer Soldaten veröffentlicht. Sie klagen über Hunger und Verluste.",
        "Publiziert: 14.02.2023 um 10:41 Uhr", "|", "Aktualisiert: 16.02.2023 um 07:02 Uhr",
        "Portrait_Redaktion_12.JPG", "Jonas MeierRedaktor Ausland", "", LEDE, BODY, BODY_2])
    doc = ingest_page(tmp_path, text, "https://www.example.ch/ausland/funkverkehr-an-der-front-mitgeschnitten-wir-bekommen-nicht-einmal-wasser-id18231.html")
    assert (doc.metadata[A.PUBLISHED], doc.metadata[A.DATE_PRECISION]) == ("2023-02-14", "day")
    assert "Publiziert: 14.02.2023 um 10:41 Uhr" in removed(blocks_of(doc))


def test_a_headline_ending_in_a_quoted_sentence_is_the_title_when_the_url_spells_it(tmp_path) -> None:
    """An English edition's scrape: skip link and share bar, then a headline that ends with a quoted
    sentence and its full stop (shaped like a lede paragraph), then the lede. The url's slug was
    built from that line (its words reordered), so it is the headline, not the first paragraph."""
    headline = "Conscripts from Tomsk ask the Kremlin for help: \u2018Our officers told us we are disposable.\u2019"
    text = "\n".join(["Skip to main content", "  \u2022 Share to or", "", headline, "",
                      "Conscripts from the Tomsk region posted a video addressed to the president, asking him to "
                      "\u201cstop the criminal orders of our command.\u201d A local news channel shared it.", "",
                      BODY, "", BODY_2])
    doc = ingest_page(tmp_path, text, "https://example.io/en/news/2023/02/20/our-officers-told-us-we-are-"
                                      "disposable-conscripts-from-tomsk-ask-the-kremlin-for-help")
    assert doc.metadata[A.TITLE] == headline
    assert doc.provenance[A.TITLE] == V.INFERRED
    lede = [b for b in searchable(blocks_of(doc)) if b.startswith("Conscripts from the Tomsk region")]
    assert lede                      # the lede below it stays searchable content


def test_a_caption_with_its_credit_in_parentheses_opening_a_page_is_never_the_title(tmp_path) -> None:
    """A Ukrainian portal's Russian edition: the scrape opens with the photo's caption and its credit
    in parentheses, no headline printed; a caption of a street with a date further down. Neither is
    the headline nor searchable content."""
    lede = ("В последнее время командиры все чаще жалуются, что мобилизованные отказываются выполнять "
            "приказы. Об этом говорится в утренней сводке штаба.")
    text = "\n".join(["Мобилизованные (Фото: EPA)", "", lede, "",
                      "Разбитая техника у дороги под Авдеевкой, 3 марта 2023 года (Фото: Ivan Example/Reuters)", "",
                      BODY, BODY_2])
    doc = ingest_page(tmp_path, text, "https://example.ua/rus/news/1234567-mobilizovannye-otkazyvayutsya-vypolnyat-prikazy")
    assert doc.metadata[A.TITLE] != "Мобилизованные (Фото: EPA)"
    gone = removed(blocks_of(doc))
    assert gone.get("Мобилизованные (Фото: EPA)") == "photo caption"
    assert any(t.startswith("Разбитая техника") for t in gone)
    assert lede in searchable(blocks_of(doc))


def test_a_machine_translated_breadcrumb_and_from_byline_are_furniture_and_author(tmp_path) -> None:
    """A content farm's machine translation of a German regional page: 'Home page politics' (the
    breadcrumb), 'From: Name' (the byline, German 'Von:'), the standfirst, then the article."""
    text = "\n".join(["Home page politics", "", "From: Karla Beispiel", "",
                      "A recording of a supposed call from a Russian soldier speaks of losses and of doubts.", "",
                      LEDE, "", BODY, "", BODY_2])
    doc = ingest_page(tmp_path, text, "https://example.com/2023/10/29/a-russian-soldier-tells-his-mother-about-losses/")
    assert doc.metadata[A.TITLE] != "Home page politics"
    assert doc.metadata[A.AUTHOR] == "Karla Beispiel"
    gone = removed(blocks_of(doc))
    assert "Home page politics" in gone and "From: Karla Beispiel" in gone


@pytest.mark.parametrize("dateline, author", [
    ("NEW YORK – FRIDAY, MARCH 3, 2023, 14:48", None),            # a wire's place in capitals
    ("ST. PETERSBURG – FRIDAY, MARCH 3, 2023, 14:48", None),     # as wires write it, with the dot
    ("MARTA EXAMPLE – FRIDAY, MARCH 3, 2023, 14:48", "Marta Example"),   # a reporter's name in capitals
])
def test_a_dateline_s_place_in_capitals_is_never_the_author(dateline, author) -> None:
    text = "\n".join(["Officers sell leave passes, soldiers say", dateline, LEDE, BODY])
    found = read_top_of_text(text, url="https://example.com/officers-sell-leave-passes-soldiers-say", today=TODAY)
    assert (found.author, found.date.published) == (author, "2023-03-03")
    assert found.title == "Officers sell leave passes, soldiers say"


def test_a_lede_holding_a_short_slug_s_words_stays_the_first_paragraph(tmp_path) -> None:
    """A page that prints no headline, whose short slug's words all appear in its lede among many
    others: the lede is content, not the title (the url's words are)."""
    lede = ("Russian troops flee Kherson city as Ukrainian forces advance along the river bank and "
            "take back the villages around it, officials said on Friday.")
    doc = ingest_page(tmp_path, "\n".join([lede, BODY, BODY_2]),
                      "https://example.com/world/russian-troops-flee-kherson-city-officials")
    assert doc.metadata[A.TITLE] != lede
    assert lede in searchable(blocks_of(doc))


def test_an_embedded_video_s_title_above_a_headline_less_article_is_not_its_headline(tmp_path) -> None:
    """The scrape starts with the title of a video embedded above the article (another story) and
    never prints the article's own headline; the url's words and the lead tell the article's story,
    the video's title shares a word or two with them at most: the url's words are the title."""
    lede = ("Some Russian soldiers are said to be looking for Ukrainian cartridges to shoot themselves "
            "in the leg, so that they are sent home from the front.")
    video = "Capital's mayor calls the invasion a 'war on the civilian population'"
    doc = ingest_page(tmp_path, "\n".join([video, lede, BODY, BODY_2]),
                      "https://www.example-viral.com/news/russian-soldiers-shooting-legs")
    assert doc.metadata[A.TITLE] == "Russian soldiers shooting legs"
    assert doc.provenance[A.TITLE] == V.INFERRED


def test_a_blog_s_motto_above_its_date_gives_way_to_the_headline_below_it(tmp_path) -> None:
    """A blog page: its motto, the post's date, then the post's headline (the one its slug was made
    from) and the post. The motto, first and right above the date, is a stray line; the headline wins."""
    headline = "Convict unit on the southern front refuses an order to deploy"
    lede = ("A unit of former convicts on the southern front has refused an order to deploy to the "
            "front line, its members say in a video addressed to the governor.")
    doc = ingest_page(tmp_path, "\n\n".join(["A Blog by Jonathan Example", "Jun 29, 2023", headline, lede, BODY]),
                      "https://blog.example.com/2023/06/convict-unit-on-southern-front-refuses-order.html")
    assert doc.metadata[A.TITLE] == headline
    assert doc.metadata[A.PUBLISHED] == "2023-06-29"


def test_another_article_s_teaser_above_a_header_run_together_is_not_the_headline(tmp_path) -> None:
    """A news site's scrape: a teaser of another article on the first line, then the article's head
    run together in one line (kicker, headline, byline, date, caption), then the lede. The teaser
    shares no word with the url or the lead: the url's words are the title."""
    soup = ("From the prisons? Partisans: Russian troops desert 'en masse' By Example News, 12.04.2024 "
            "- 23:30 Reading time: 2 min. Russian soldiers at a ceremony in Moscow (archive picture): "
            "for its war the Kremlin also relies on mercenaries from abroad. (Source: A. Photographer/agency) "
            "Copied Follow the news")
    lede = ("Russian troops are deserting en masse in the region, Ukrainian partisans report, naming "
            "units whose men have left their positions since the spring.")
    doc = ingest_page(tmp_path, "\n\n".join(["Pop singer does not want to end up in care", soup, lede, BODY]),
                      "https://www.example-online.de/news/ukraine/id_100384/ukrainian-partisans-report-mass-russian-desertion.html")
    assert doc.metadata[A.TITLE] == "Ukrainian partisans report mass russian desertion"
    assert doc.provenance[A.TITLE] == V.INFERRED


def test_the_headline_below_a_membership_appeal_read_as_the_body_still_wins(tmp_path) -> None:
    """An outlet's appeal for support, in whole sentences, above the headline: the appeal's first
    sentence reads as the body's first line, yet the line below it that spells the url's slug is
    the headline (it was the url's lower-case words before)."""
    headline = "Wives of Mobilised Soldiers Ask the President to Bring Their Men Home"
    doc = ingest_page(tmp_path, "\n".join([
        "Reading without adverts?",
        "Since last summer we have switched off every advert to make your reading easier and calmer.",
        "This costs us a great deal of money each month, and your support helps us to cover it.",
        "Support us", "", headline, "",
        "Mobilised men say goodbye to their families at a railway station. Photographer / Agency", "",
        LEDE, BODY]),
        "https://www.example-times.com/2023/12/18/wives-of-mobilised-soldiers-ask-the-president-to-bring-their-men-home-a8346")
    assert doc.metadata[A.TITLE] == headline


def test_a_subheading_sharing_a_few_of_a_long_slug_s_words_is_not_the_headline(tmp_path) -> None:
    """Below a standfirst, a subheading made of a few of a long slug's words: not the headline the
    slug was made from (the url's words stay the title)."""
    standfirst = ("The president has been criticised again by his own troops, and a video of their "
                  "complaints has spread quickly online.")
    doc = ingest_page(tmp_path, "\n".join([standfirst, "Discover our latest podcast", "President criticised by troops",
                                            LEDE, BODY]),
                      "https://example-mag.co.uk/news/president-faces-fresh-criticism-from-troops-we-do-not-know-who-our-commander-is_art165.html")
    assert doc.metadata[A.TITLE] != "President criticised by troops"


@pytest.mark.parametrize("crumb", ["Homepage War ", "Startseite Krieg ", "News"])
def test_a_breadcrumb_s_copy_of_the_headline_cut_short_gives_way_to_the_whole_headline(tmp_path, crumb) -> None:
    """The page's breadcrumb trail ends with the headline's first words cut short ("..."), and the
    whole headline follows on its own line: the whole one is the headline, not the cut copy."""
    headline = "Colonel nicknamed the Hangman complains after his arrest: \u201cThey want to blame us\u201d"
    cut = crumb + "Colonel nicknamed the Hangman complains after his arrest: \u201cThey want to..."
    doc = ingest_page(tmp_path, "\n\n".join([cut, headline, "Military, arrest, army", "Stock photo agency", LEDE, BODY]),
        "https://www.example-news.com/war/colonel-nicknamed-the-hangman-complains-after-his-arrest-they-want-to-b")
    assert doc.metadata[A.TITLE] == headline
    # ...and neither copy stays article text (the cut one and the headline echo are the headline again)
    gone = removed(blocks_of(doc))
    assert gone.get(cut) == gone.get(headline) == "repeated headline"


def test_a_kicker_glued_to_a_cut_headline_over_the_lead_does_not_make_the_lead_the_headline(tmp_path) -> None:
    """A cut headline with a label glued before it ("VIDEO ...") above a lede that opens with the same
    words: the lede is a sentence of the body, not a whole headline the first line copies (it used to
    win as "printed again on the page" once cut copies were read)."""
    lede = ("Soldiers of the brigade refuse to fight near the town, their relatives said on Tuesday in "
            "a video addressed to the governor.")
    doc = ingest_page(tmp_path, "\n".join(["VIDEO Soldiers of the brigade refuse...", lede, BODY]),
                      "https://example.com/news/exclusive-brigade-refusal")
    assert doc.metadata[A.TITLE] != lede
    assert lede in searchable(blocks_of(doc))


def test_a_headline_its_slug_was_not_made_from_stays_when_the_lead_tells_it(tmp_path) -> None:
    """A news agency's headline with a slug written apart from it ("security sources report
    sabotage"): the headline shares the lead's words, so it is no stray line."""
    headline = "Agency: guardsmen of a brigade refuse to go into battle near a village"
    lede = ("Guardsmen of the brigade sabotage orders of their command and refuse to go into battle "
            "near the village, security sources told the agency, citing sabotage of orders.")
    doc = ingest_page(tmp_path, "\n".join([headline, lede, BODY]),
                      "https://news.example.ru/news/2025/12/21/security-sources-report-sabotage-orders-command/")
    assert doc.metadata[A.TITLE] == headline


def test_the_stray_line_rule_is_data_and_checked_on_load(tmp_path) -> None:
    data = yaml.safe_load(rules_path().read_text(encoding="utf-8"))
    del data["headline"]["stray_line"]["line_lead_max"]
    with pytest.raises(RulesError, match="headline.stray_line must map exactly"):
        parse_rules(data, tmp_path / "furniture.yaml")
    data = yaml.safe_load(rules_path().read_text(encoding="utf-8"))
    data["headline"]["stray_line"]["line_slug_max"] = 30      # a share written as a percentage
    with pytest.raises(RulesError, match=r"headline.stray_line.line_slug_max must be between 0.0 and 1.0"):
        parse_rules(data, tmp_path / "furniture.yaml")


def test_a_dateline_s_place_without_a_headline_above_is_not_the_title(tmp_path) -> None:
    """A wire page whose scrape starts at the dateline: the place is no headline (the url's words are
    the title) and no author."""
    doc = ingest_page(tmp_path, "\n".join(["NEW YORK – FRIDAY, MARCH 3, 2023, 14:48", LEDE, BODY]),
                      "https://example.com/world/officers-sell-leave-passes-soldiers-say")
    assert doc.metadata[A.TITLE] not in ("NEW YORK", "New York")
    assert doc.metadata[A.AUTHOR] is None
    assert doc.metadata[A.PUBLISHED] == "2023-03-03"


# Shapes of the sixteenth real set's pages (written for the test): a German aggregator's page whose
# scrape starts with the comment count and glues its date to the rubric; a German portal that
# prints "Gerade lesen andere" (its "others are reading" rail) above the text; a Russian page's
# "Текст:" byline, once with a Latin "T"; a German breadcrumb ending in the article's title.
GERMAN_LEDE = ("Der ukrainische Geheimdienst hat am Montag ein abgehörtes Gespräch eines russischen "
               "Soldaten mit seinem Bruder veröffentlicht, in dem er über fehlendes Wasser klagt.")
GERMAN_BODY = ("Nach seinen Worten bekommen zwei Männer zusammen nur anderthalb Flaschen am Tag, und der "
               "Kompaniechef sei seit einer Woche verwundet.")


def test_a_comment_count_above_the_headline_and_a_date_glued_to_its_rubric(tmp_path) -> None:
    doc = ingest_page(tmp_path, "\n".join([
        "Kommentare 0", "Bruder hört Klagen/ Kein Wasser an der Front, sagt der russische Soldat",
        "03.02.2023NachrichtenAusland", GERMAN_LEDE, GERMAN_BODY]),
        "https://example.de/nachrichten/kein-wasser-an-der-front")
    assert doc.metadata[A.TITLE] == "Bruder hört Klagen/ Kein Wasser an der Front, sagt der russische Soldat"
    assert doc.metadata[A.PUBLISHED] == "2023-02-03"
    assert "Kommentare 0" not in searchable(blocks_of(doc))


@pytest.mark.parametrize("line", ["Gerade lesen andere", "Das lesen andere gerade"])
def test_a_german_others_are_reading_rail_is_never_the_headline(tmp_path, line) -> None:
    doc = ingest_page(tmp_path, "\n".join([line, GERMAN_LEDE, GERMAN_BODY]),
                      "https://example.de/ukraine/soldat-klagt-ueber-wasser")
    assert doc.metadata[A.TITLE] != line


@pytest.mark.parametrize("byline", ["Текст: Ольга Миронова", "Tекст: Ольга Миронова"])   # the second with a Latin T
def test_a_russian_text_byline_is_the_author(tmp_path, byline) -> None:
    doc = ingest_page(tmp_path, "\n".join([
        "Солдаты отказались выполнять приказ под Купянском", byline, "12.10.2025 09:15",
        "Военнослужащие бригады отказались укреплять позиции, сообщили в силовых структурах.",
        "По данным источника, командир бригады заявил, что сам туда не пойдёт."]),
        "https://example.ru/news/2025/10/12/otkaz/")
    assert doc.metadata[A.AUTHOR] == "Ольга Миронова"
    assert doc.metadata[A.TITLE] == "Солдаты отказались выполнять приказ под Купянском"


@pytest.mark.parametrize("headline", ["Abgehörter Anruf zeigt: Soldaten bekommen kaum Wasser an der Front",
                                      "Ärger an der Front: Soldaten bekommen kaum Wasser an der Front"])
def test_a_german_breadcrumb_ending_in_the_title_is_not_the_title(tmp_path, headline) -> None:
    doc = ingest_page(tmp_path, "\n".join([f"Startseite Nachrichten {headline[:-6]}...", headline, GERMAN_LEDE, GERMAN_BODY]),
                      "https://example.de/news/abgehoerter-anruf-soldaten-wasser")
    assert doc.metadata[A.TITLE] == headline


def test_one_list_of_date_labels_makes_both_the_lone_label_and_the_label_before_a_date(tmp_path) -> None:
    """A label added to config/furniture.yaml's date_labels is furniture alone on its line and is
    stripped before the date it stands in front of (there used to be a second list in the code)."""
    import yaml

    from pipeline.rules import rules_path
    data = yaml.safe_load(rules_path().read_text(encoding="utf-8"))
    data["date_labels"]["published"].append("kuupäev")      # Estonian, not in the shipped list
    rules = parse_rules(data, tmp_path / "furniture.yaml")
    assert rules.furniture_reason("Kuupäev:") == "date label"
    assert rules.date_label_prefix.sub("", "Kuupäev: 12.03.2024") == "12.03.2024"
    assert rules.date_label_prefix.sub("", "Kuupäevad 12.03.2024") == "Kuupäevad 12.03.2024"   # whole words
    data["date_labels"]["updated"].append("uuendatud")       # an update label: the date only bounds publication
    rules = parse_rules(data, tmp_path / "furniture.yaml")
    assert rules.update_label.match("Uuendatud 12.03.2024") and not rules.update_label.match("Kuupäev: 12.03.2024")
    assert rules.furniture_reason("Uuendatud:") == "date label"
    data["date_labels"]["connectors"] = [True]               # a bare YAML `on`
    with pytest.raises(RulesError, match=r"furniture.yaml: date_labels.connectors: expected a non-empty list of words"):
        parse_rules(data, tmp_path / "furniture.yaml")


RUSSIAN_LEDE = ("Военнослужащие одной из бригад покинули позиции без приказа, после чего командир "
                "пригрозил им уголовным делом, сообщил собеседник агентства.")
RUSSIAN_BODY = "По его словам, группа из восьми человек ушла с позиций ночью и вернулась только через сутки."


def test_a_page_title_with_the_site_and_day_appended_gives_the_headline_alone(tmp_path) -> None:
    """A Russian agency page's scrape opens with its <title>: headline, the agency and the day."""
    doc = ingest_page(tmp_path, "\n".join([
        "Командир бросил группу на открытом участке - Агентство Новостей, 03.03.2026",
        "Военная операция", "07:12 03.03.2026", "Командир бросил группу на открытом участке",
        RUSSIAN_LEDE, RUSSIAN_BODY]), "https://example.ru/20260303/komandir-1234567.html")
    assert doc.metadata[A.TITLE] == "Командир бросил группу на открытом участке"
    assert doc.metadata[A.PUBLISHED] == "2026-03-03"


def test_a_photo_credit_glued_to_the_headline_is_cut_from_the_title(tmp_path) -> None:
    doc = ingest_page(tmp_path, "\n".join([
        "Солдаты ушли с позиций на одном из участков фронта Фото: Example Agency / Иван Петров",
        RUSSIAN_LEDE, RUSSIAN_BODY]), "https://example.ru/news/1234567")
    assert doc.metadata[A.TITLE] == "Солдаты ушли с позиций на одном из участков фронта"
    assert "Фото" not in " ".join(searchable(blocks_of(doc)))


@pytest.mark.parametrize("line, furniture", [
    ("Kommentare 0", True), ("12 comments", True), ("Comments (3)", True), ("1 comment", True),
    ("Comment", False), ("Kommentar", False),     # a singular alone is an opinion kicker, not a count
])
def test_a_comment_count_is_furniture_and_an_opinion_kicker_is_not_a_count(line, furniture) -> None:
    from pipeline.rules import load_rules
    reason = load_rules().furniture_reason(line)
    assert (reason == "call to action") is furniture, reason


@pytest.mark.parametrize("first_line", [
    "Russia's war in one image: a village wiped off the map",
    "Das Verteidigungsministerium veröffentlichte am Montag ein Foto: Es zeigt zerstörte Häuser in Bachmut",
])
def test_a_colon_after_image_or_photo_in_a_sentence_is_no_credit(tmp_path, first_line) -> None:
    doc = ingest_page(tmp_path, "\n".join([first_line, GERMAN_LEDE, GERMAN_BODY]), "https://example.de/news/1234567")
    assert doc.metadata[A.TITLE] in (None, first_line)


def test_a_lone_date_glued_to_its_reading_time_is_the_date(tmp_path) -> None:
    doc = ingest_page(tmp_path, "\n".join([
        "Soldat klagt über fehlendes Wasser an der Front", "07.02.2023Lesedauer: 2 Min.", GERMAN_LEDE, GERMAN_BODY]),
        "https://example.de/news/soldat-klagt-ueber-wasser")
    assert doc.metadata[A.PUBLISHED] == "2023-02-07"


@pytest.mark.parametrize("line, updated", [("Aggiornato il 12 marzo 2024", "2024-03-12"),
                                           ("Mis à jour le 3 mars 2023", "2023-03-03"),
                                           ("Last modified 3 March 2023", "2023-03-03")])
def test_an_update_stamp_in_other_languages_only_bounds_the_date(line, updated) -> None:
    top = read_top_of_text("\n".join(["Soldiers flee the front, the recording says", line, LEDE, BODY]), today=TODAY)
    assert top.date.published is None and updated in (top.date.note or "")


@pytest.mark.parametrize("line", ["Dal nostro inviato", "From our own correspondent in Kharkiv",
                                  "De notre envoyée spéciale à Kyiv", "Von unserem Korrespondenten"])
def test_a_correspondent_credit_line_is_furniture_not_the_headline(tmp_path, line) -> None:
    """Twenty-second set (seen): an Italian page with no printed headline opens on the byline, a
    standfirst and a caption, then the paper's "from our correspondent" line above the dateline;
    that line was taken for the headline. It is a byline with no name: furniture."""
    text = "\n\n".join([
        "di Marta Rinaldi",
        ("L'ex sergente ha scritto un lungo racconto di ciò che ha visto al fronte. Dopo settimane passate "
         "a nascondersi ha lasciato il Paese, ma teme per la sua vita"),
        "Sergei Volkov", line,
        ("KHARKIV (Ucraina) - «Non c'è alcuna ragione in questa guerra». Il racconto dell'ex sergente Sergei "
         "Volkov contro i comandanti che lo hanno mandato al fronte arriva in un lungo testo pubblicato in "
         "rete e in un'intervista a un quotidiano straniero."),
        ("«Restavamo sotto il fuoco per giorni senza ricevere ordini né rifornimenti», scrive Volkov, che "
         "racconta di compagni feriti lasciati senza cure."),
        "Il giornale non ha potuto verificare in modo indipendente il suo racconto."])
    doc = ingest_page(tmp_path, text, "https://example.it/esteri/22_agosto_18/soldato-russo-c6f3a2.shtml")
    assert doc.metadata[A.TITLE] != line
    gone = removed(blocks_of(doc))
    assert gone.get(line) == "correspondent credit"
    # the Italian byline above it is the author's, and says so (it read "navigation label")
    assert doc.metadata[A.AUTHOR] == "Marta Rinaldi" and gone.get("di Marta Rinaldi") == "byline"


def test_a_sentence_about_a_correspondent_stays_text(tmp_path) -> None:
    sentence = "From our correspondent in Kharkiv came the first account of the retreat, later confirmed by officials."
    text = "\n\n".join(["Soldiers refuse to return to the trenches", LEDE, sentence, BODY])
    doc = ingest_page(tmp_path, text, "https://example.com/2023/06/02/soldiers-refuse/")
    assert sentence in searchable(blocks_of(doc))


@pytest.mark.parametrize("prompt, again", [
    ("Подпишитесь на Наш Обзор в Telegram, чтобы не пропустить новые тексты!", "Подпишитесь на Наш Обзор"),
    ("Subscribe to The Weekly Review on Telegram so you never miss a new piece!", "Subscribe to The Weekly Review"),
])
def test_a_subscription_prompt_printed_twice_above_the_headline_is_never_the_headline(tmp_path, prompt, again) -> None:
    """Twenty-third set (seen): a Russian review site opens on its Telegram prompt, printed twice
    (the second copy split over two lines), then the headline and the body; printed twice and
    first, the prompt outscored the headline, and the story it grouped was titled by it."""
    headline = "Частичная декриминализация: суды всё чаще дают беглым солдатам условные сроки"
    text = "\n\n".join([
        prompt, again, "в Telegram!", headline,
        ("С начала мобилизации в военные суды поступили сотни дел против военнослужащих, которые "
         "самовольно оставили часть, следует из подсчётов независимого издания."),
        ("Чаще всего обвиняемых приговаривают к условным срокам и возвращают в строй, пишут авторы "
         "обзора, ссылаясь на опубликованные приговоры.")])
    doc = ingest_page(tmp_path, text, "https://review.example.net/review/219/")
    assert doc.metadata[A.TITLE] == headline
    gone = removed(blocks_of(doc))
    assert gone.get(prompt) == "share prompt" and gone.get(again) == "share prompt"


def test_a_petition_sentence_or_a_headline_the_url_spells_is_no_subscription_prompt(tmp_path) -> None:
    """"Подпишитесь" is also "sign (a petition)": a wife's appeal in the body stays text; and a
    headline that opens like a prompt is still the headline when the url's words spell it."""
    appeal = ("Подпишитесь под обращением, верните наших мужей домой, говорит в видео жена одного из "
              "мобилизованных.")
    assert appeal in searchable(classify_blocks([LEDE, appeal, BODY]))
    headline = "Sign up to fight: recruiting offices open in three more regions"
    text = "\n\n".join([headline, LEDE, BODY])
    doc = ingest_page(tmp_path, text, "https://news.example.org/2024/05/02/sign-up-to-fight-recruiting-offices-open-in-three-more-regions/")
    assert doc.metadata[A.TITLE] == headline


def test_a_never_headline_reason_is_checked_against_the_reasons_cleaning_gives(tmp_path) -> None:
    data = yaml.safe_load(rules_path().read_text(encoding="utf-8"))
    data["headline"]["never_reasons"] = ["share prompts"]
    with pytest.raises(RulesError, match="never_reasons: unknown reason"):
        parse_rules(data, rules_path())


@pytest.mark.parametrize("tail", [
    ["View Original Article"],
    ["Subscribe to our weekly digest",
     "К сожалению, браузер, которым вы пользуетесь, устарел и не позволяет показать сайт как следует.",
     "Google Chrome Firefox Safari"],
])
def test_a_link_label_or_browser_list_at_the_end_is_furniture_not_the_authors_signature(tmp_path, tail) -> None:
    """Twenty-third set (seen): an excerpt post ends with its "View Original Article" link, a news
    site with its outdated-browser notice and the browsers it offers; both last lines are shaped
    like a name, and were read as the author's signature below the text."""
    text = "\n\n".join([
        "Sergeant shot himself in the leg to avoid the front, his comrades say", LEDE, BODY,
        ("Earlier this month, regional channels published footage of two soldiers being detained after "
         "they refused to follow the orders of their commanders."), *tail])
    doc = ingest_page(tmp_path, text, "https://example.org/news/2022/11/30/sergeant-shot-himself/")
    assert doc.metadata[A.AUTHOR] is None
    gone = removed(blocks_of(doc))
    if len(tail) == 1:
        assert gone.get(tail[0]) == "navigation label"
    else:
        assert gone.get(tail[1]) == gone.get(tail[2]) == "browser notice"
    assert BODY in searchable(blocks_of(doc))


@pytest.mark.parametrize("line, reason", [
    # the twenty-fifth and twenty-sixth real sets (seen): a search engine's prompt after a clause, a
    # radio show's promotion under the text, a cookie banner's first line, all kept as article text
    ("Keep our stories at the top of your search results by making us a Preferred Source. Tap here to "
     "add us in your settings.", "call to action"),
    ("Tous les matins dans Le fil du front, découvrez les coulisses de l'actualité avec notre équipe.",
     "call to action"),
    ("We use cookies.", "browser notice"),
    ("Wir verwenden Cookies, um Ihnen ein besseres Erlebnis zu bieten.", "browser notice"),
    # session 17, read among the content paragraphs of story sets 14-27 (seen): a page's widgets
    ("70 views", "page widget"),
    ("Something went wrong.", "page widget"),
    ("Please try again later.", "page widget"),
    ("Загрузка комментариев...", "page widget"),
    ("Partager via :", "page widget"),
    ("Теги:", "page widget"),
    ("pdfshareprint", "page widget"),
    ("[embedded content]", "page widget"),
    ("https://img.example.com/image.php?url=1AbCd_0xYz", "link alone (no text)"),
    ("Textgröße ändern:", "page widget"),
    ("Legal Disclaimer:", "page widget"),
    ("SÍGUENOS!", "call to action"),
    ("Folge uns auf Social Media!", "call to action"),
    ("FOLLOW EXAMPLE PRESS:", "call to action"),
])
def test_a_prompt_or_a_widget_line_of_real_pages_is_furniture(tmp_path, line, reason) -> None:
    text = "\n\n".join(["Sergeant shot himself in the leg to avoid the front, his comrades say", LEDE, BODY, line,
                        "Earlier this month, two soldiers were detained after they refused to follow orders."])
    doc = ingest_page(tmp_path, text, "https://example.org/news/2022/11/30/sergeant-shot-himself/")
    blocks = blocks_of(doc)
    assert removed(blocks).get(line) == reason
    assert BODY in searchable(blocks)


@pytest.mark.parametrize("line", [
    "Every day in the trenches, the men said, they found out who had been sent to die.",   # a sentence
    "We used the cookies the villagers left for us, one soldier wrote.",
    "Something went wrong with the rotation, the sergeant told his wife.",
    "The video had 70 views before the channel deleted it.",
    "Share: forty per cent of every payout went to the officers, the court heard.",
    "Follow the money: the commanders kept the injury payouts for themselves.",
    "Please try again, the commander shouted, and sent them back to the trench.",
    "Síguenos, dijo el capitán a los reclutas.",            # speech, not a prompt
    "Folge uns, rief der Offizier den Rekruten zu.",
    "Follow Orders:",                                        # a subhead in title case, not an outlet's name
    "The channel posted the video at https://t.me/examplechannel/12345 on Monday.",   # a link in a sentence
])
def test_sentences_shaped_like_those_prompts_and_widgets_stay_content(tmp_path, line) -> None:
    text = "\n\n".join(["Sergeant shot himself in the leg to avoid the front, his comrades say", LEDE, BODY, line])
    doc = ingest_page(tmp_path, text, "https://example.org/news/2022/11/30/sergeant-shot-himself/")
    assert line in searchable(blocks_of(doc))


LINK_ALONE = "link alone (no text)"


def test_links_printed_alone_at_the_top_are_no_text_of_the_article(tmp_path) -> None:
    """A blog re-posting a magazine story prints the story's link and its audio version's, each alone
    on its line, the second under a label, above the byline (set 34): no sentence to search or to
    score with the topic lenses. (Two reports printing one post's link so still share it as story
    evidence: tests/test_stories_language_independent.py.)"""
    story = "https://www.example-times.com/interactive/2024/09/20/magazine/the-recruit.html"
    audio = "https://www.example-times.com/2024/09/21/podcasts/the-recruit-audio.html"
    text = "\n".join(["The Recruit – A Sergeant's Story, Retold", story, "Audio:", audio,
                      "The Recruit", "By Jane Example", LEDE, BODY])
    blocks = blocks_of(ingest_page(tmp_path, text, "https://example-blog.net/2024/09/23/the-recruit/"))
    gone = removed(blocks)
    assert (gone[story], gone["Audio:"], gone[audio]) == (LINK_ALONE,) * 3
    assert LEDE in searchable(blocks) and BODY in searchable(blocks)



def test_a_speaker_s_line_over_a_link_alone_stays_text(tmp_path) -> None:
    """A review of session 28: "Putin said:" over the post it introduces was taken for a link's label."""
    post = "https://t.me/examplechannel/12345"
    text = "\n".join(["Kremlin answers the appeal", "By Jane Example", LEDE, "The governor wrote:", post, BODY])
    blocks = blocks_of(ingest_page(tmp_path, text, "https://example-news.net/2024/09/23/appeal/"))
    assert removed(blocks)[post] == LINK_ALONE
    assert "The governor wrote:" in searchable(blocks)


def test_a_source_domain_and_a_dateline_place_above_the_lede_are_furniture(tmp_path) -> None:
    """An aggregator's copy of a wire story: the headline, the standfirst, the source's domain as a
    bullet ("· www.example-news.com") and the dateline's place alone ("Kyiv:") over the lede (set 28)."""
    standfirst = ("The sergeant's call is the latest sign of how far units are willing to go to avoid "
                  "being sent back to the trenches.")
    text = "\n\n".join(["Sergeant Says Half His Company Refuses To Return To The Trenches", standfirst,
                         "· www.example-news.com", "Kyiv:", LEDE, BODY])
    blocks = blocks_of(ingest_page(tmp_path, text, "https://aggregator.example.org/en/society/?article=5090057681523752695"))
    gone = removed(blocks)
    assert gone["www.example-news.com"] == LINK_ALONE
    assert gone["Kyiv:"] == "dateline (the place it was filed from)"
    assert searchable(blocks) == [standfirst, LEDE, BODY]


def test_an_update_stamp_and_a_shortcode_are_furniture_and_the_update_still_bounds_the_date(tmp_path) -> None:
    """A page opening with its update stamp, abbreviations and all ("Updated Dec. 12, 2023 at 10:15
    p.m."), and a WordPress shortcode the site left unrendered between two paragraphs (set 28): both
    out of the content, while the stamp still bounds the article's date."""
    shortcode = "[shortcode-Subscribe-to-Frontline-daily-box]"
    text = "\n".join(["Updated Dec. 12, 2023 at 10:15 p.m.", LEDE, BODY, shortcode, BODY_2])
    doc = ingest_page(tmp_path, text, "https://example-crunch.com/focus/war/sergeant-says-half-his-company-refuses/")
    gone = removed(blocks_of(doc))
    assert gone["Updated Dec. 12, 2023 at 10:15 p.m."] == "date line"
    assert gone[shortcode] == "page widget"
    assert doc.metadata[A.PUBLISHED] is None
    assert str(doc.metadata[A.DATE_END].date()) == "2023-12-12"


def test_a_site_themes_licence_warning_over_the_page_is_furniture(tmp_path) -> None:
    """A WordPress site whose theme prints its licence warning above every page (set 28): out of the
    content, and the headline below it is still found (and its copy in the text marked as such)."""
    notice = ("Examplo Theme License is not validated. Go to the theme options page to validate it; one license "
              "is needed per domain.")
    headline = "Sergeant says half his company refuses to return to the trenches"
    doc = ingest_page(tmp_path, "\n\n".join([notice, "politics news", headline, LEDE, BODY]),
                      "https://example-news.net/sergeant-says-half-his-company-refuses-to-return-to-the-trenches/")
    assert doc.metadata[A.TITLE] == headline
    blocks = blocks_of(doc)
    assert removed(blocks)[notice] == "site software notice"
    assert searchable(blocks) == [LEDE, BODY]


def test_a_caption_printed_with_the_viewers_button_then_without_is_a_caption_twice(tmp_path) -> None:
    """A photo's caption printed twice between paragraphs, first with the image viewer's button label
    glued after it ("34-year-old Oleh S. Fullscreen" / "34-year-old Oleh S.", set 28): both captions."""
    text = "\n\n".join(["Sergeant says half his company refuses to return to the trenches", LEDE,
                         "34-year-old Oleh S. Fullscreen", "34-year-old Oleh S.", BODY])
    blocks = blocks_of(ingest_page(tmp_path, text, "https://example.org/news/sergeant-says-half-his-company-refuses"))
    assert {b.text: (b.kind, b.reason) for b in blocks if b.text.startswith("34-year-old")} == {
        "34-year-old Oleh S. Fullscreen": (Kind.CAPTION, "duplicate caption"),
        "34-year-old Oleh S.": (Kind.CAPTION, "photo caption")}
    assert searchable(blocks) == [LEDE, BODY]


UK_CALL_LEDE = ("Записаний розвідкою дзвінок свідчить, що половина роти сержанта відмовилася повертатися на "
                "позиції після трьох місяців без ротації.")
UK_CALL_BODY = ("За словами сержанта, командир пообіцяв їм відпочинок ще взимку, але замість цього роту знову "
                "відправили на штурм без бронетехніки.")
UK_CALL_HEADLINE = "Сержант розповів, що половина його роти відмовляється повертатися на фронт"


def test_a_breadcrumb_of_slash_separated_sections_under_the_headline_is_navigation(tmp_path) -> None:
    """A regional site prints its breadcrumb under the headline, sections joined by " / ", the first in
    lower case, then a view and a comment counter (set 28)."""
    breadcrumb = "новини / Новини світу / Війна в Україні"
    text = "\n\n".join([UK_CALL_HEADLINE, breadcrumb, "2 457", "0", UK_CALL_LEDE, UK_CALL_BODY])
    blocks = blocks_of(ingest_page(tmp_path, text, "https://example.ua/news/281234-serzhant-rozpoviv.html"))
    assert removed(blocks)[breadcrumb] == "navigation label"
    assert searchable(blocks) == [UK_CALL_LEDE, UK_CALL_BODY]


UK_MENU = ("Наживо Усі новини Найкраще з YouTube Ексклюзив Україна Політика Війна Спорт Культура Здоров’я Відео "
           "Рецепти Економіка Київ Львів Одеса Цікаве Популярні теги Випуски Світ Туризм Авто Наука та IT "
           "Допомога Інше Редакція")


def test_a_site_menu_on_one_line_above_the_headline_is_navigation(tmp_path) -> None:
    """A TV channel's page prints its whole menu as one line of capitalised words (36 of them) between
    its social-media label and the headline (set 28): navigation, and the headline is still found."""
    standfirst = "Сержант однієї з бригад розповів дружині, що його рота відмовилася виконувати наказ."
    text = "\n\n".join(["Канал у соціальних мережах", UK_MENU, "Дата публікації", UK_CALL_HEADLINE, standfirst,
                         UK_CALL_LEDE, UK_CALL_BODY])
    doc = ingest_page(tmp_path, text, "https://example-tv.ua/svit/serzhant-rozpoviv-shcho-polovyna-ioho-roty-2985746.html")
    assert doc.metadata[A.TITLE] == UK_CALL_HEADLINE
    blocks = blocks_of(doc)
    assert removed(blocks)[UK_MENU] == "navigation label"
    assert searchable(blocks) == [standfirst, UK_CALL_LEDE, UK_CALL_BODY]


def test_an_author_box_with_its_photo_label_under_the_standfirst_names_the_author(tmp_path) -> None:
    """The same page (set 28): under the standfirst its author box, a label ("Автор публікації"), then
    the photo's alt text with the name printed again ("Фото автора: Name Name"). Both lines are the
    byline, out of the content, and the name is the article's author."""
    standfirst = "Сержант однієї з бригад розповів дружині, що його рота відмовилася виконувати наказ."
    photo = "Фото автора: Олена Приклад Олена Приклад"
    text = "\n\n".join(["Канал у соціальних мережах", UK_MENU, "Дата публікації", UK_CALL_HEADLINE, standfirst,
                         "Автор публікації", photo, UK_CALL_LEDE, UK_CALL_BODY])
    doc = ingest_page(tmp_path, text, "https://example-tv.ua/svit/serzhant-rozpoviv-shcho-polovyna-ioho-roty-2985746.html")
    assert doc.metadata[A.AUTHOR] == "Олена Приклад"
    blocks = blocks_of(doc)
    assert (removed(blocks)["Автор публікації"], removed(blocks)[photo]) == ("byline", "byline")
    assert searchable(blocks) == [standfirst, UK_CALL_LEDE, UK_CALL_BODY]


@pytest.mark.timeout(120)
def test_a_top_line_padded_with_a_megabyte_of_spaces_is_read_collapsed(tmp_path) -> None:
    """A scrape whose first line is a view counter padded with 200,000 spaces, and whose headline has
    runs of spaces inside it: the top lines are read with their spaces collapsed (the date and
    byline patterns took minutes on such a line), so the headline is found, as printed words."""
    text = "\n".join(["7" + " " * 200_000 + "views",
                      "Sergeant says   half his company\trefuses to return to the trenches", LEDE, BODY])
    doc = ingest_page(tmp_path, text, "https://news.example.org/world/sergeant-says-half-his-company-refuses-to-return")
    assert doc.metadata[A.TITLE] == "Sergeant says half his company refuses to return to the trenches"


@pytest.mark.parametrize("byline, author, published", [
    # session 17, the twenty-second and twenty-seventh sets' pages (seen): the byline line carries
    # the date, the time and a reading time, or bullets between them
    ("by Jane Example February 22, 2024 1:39 AM 2 min read", "Jane Example", "2024-02-22"),
    ("By John Example • 28 October 2022 • 3:04", "John Example", "2022-10-28"),
])
def test_a_byline_line_with_its_date_time_and_reading_time_names_the_author(tmp_path, byline, author, published) -> None:
    doc = ingest_page(tmp_path, "\n".join(["Sergeant says half his company refuses to return to the trenches", byline,
                                           LEDE, BODY]),
                      "https://news.example.org/world/sergeant-says-half-his-company-refuses-to-return")
    assert (doc.metadata[A.AUTHOR], doc.metadata[A.PUBLISHED]) == (author, published)
    assert byline not in searchable(blocks_of(doc))


@pytest.mark.parametrize("byline, author, published", [
    # session 34 (set 37, seen for its date only): a German portal's byline line, the outlet and an
    # editor's initials, the date with "Uhr" after its time, the reading time glued on; its date was lost
    ("Von Beispiel-Online , abc 01.11.2025 - 01:48 Uhr Lesedauer: 3 Min.", None, "2025-11-01"),
    # the same shape with a person's name, in the languages whose reading times, comment counts and
    # share buttons config/furniture.yaml knows
    ("Von Anna Beispiel 12.04.2023 - 11:36 Uhr Lesedauer: 2 Min.", "Anna Beispiel", "2023-04-12"),
    ("By Jane Example April 12, 2023 12 comments", "Jane Example", "2023-04-12"),
    ("By Jane Example 12 April 2023 Share", "Jane Example", "2023-04-12"),
    ("Autor: Jan Przykładowy 12 kwietnia 2023, 11:36 Czas czytania: 3 min", "Jan Przykładowy", "2023-04-12"),
    ("Автор: Олена Приклад 12 квітня 2023, 11:36 2 хв читати", "Олена Приклад", "2023-04-12"),
    ("Автор: Иван Примеров 12 апреля 2023, 11:36 Комментарии 5", "Иван Примеров", "2023-04-12"),
    ("Par Jeanne Exemple le 12 avril 2023 à 11h36 Temps de lecture 3 min", "Jeanne Exemple", "2023-04-12"),
    ("Por Juan Ejemplo 12 de abril de 2023 - 11:36 Tiempo de lectura: 3 min", "Juan Ejemplo", "2023-04-12"),
    ("De Ion Exemplu 12 aprilie 2023, 11:36 Timp de citire: 3 minute", "Ion Exemplu", "2023-04-12"),
    ("Von Anna Beispiel 12.04.2023 - 11:36 Uhr Teilen", "Anna Beispiel", "2023-04-12"),
    ("Автор: Олена Приклад 12 квітня 2023, 11:36 5 коментарів", "Олена Приклад", "2023-04-12"),
    ("Autor: Jan Przykładowy 12.04.2023, 11:36 12 komentarzy", "Jan Przykładowy", "2023-04-12"),
    ("Par Jeanne Exemple le 12 avril 2023 3 commentaires", "Jeanne Exemple", "2023-04-12"),
    ("Di Maria Esempio 12 aprile 2023 Condividi", "Maria Esempio", "2023-04-12"),
    # the date and its time first, the byline after it, glued to "pm" by the scrape (set 26, seen)
    ("June 19, 2022 12:02 pmby The Example Independent news desk", None, "2022-06-19"),
    ("April 12, 2023 11:36 amby Jane Example", "Jane Example", "2023-04-12"),
])
def test_a_byline_line_carrying_the_date_and_furniture_dates_the_page(tmp_path, byline, author, published) -> None:
    """One line holds the byline, the date (with its time) and the page's furniture (a reading time, a
    comment count, a share button): the page's date and author are read from it, the headline stays
    the headline, and the line is not the article's text."""
    headline = "Sergeant says half his company refuses to return to the trenches"
    doc = ingest_page(tmp_path, "\n".join([headline, byline, LEDE, BODY]),
                      "https://news.example.org/world/sergeant-says-half-his-company-refuses-to-return")
    assert (doc.metadata[A.PUBLISHED], doc.metadata[A.AUTHOR]) == (published, author)
    assert doc.metadata[A.TITLE] == headline
    assert byline not in searchable(blocks_of(doc))


@pytest.mark.parametrize("line", [
    # a headline opening with a byline word and closing with a date (no furniture, no author's name)
    "Von der Leyen besucht Kiew am 12.04.2023",
    "By the book: how army courts judged deserters, 12 April 2023",
    # sentences opening with a byline word, the date inside them, a count or a time after it
    "By April 12, 2023, the battalion had lost half its men and 12 comments were deleted",
    "Von 12.04.2023 an weigerten sich die Soldaten, 3 Min. lang zu schießen",
    "De la 12 aprilie 2023, 11:36, soldații nu au mai primit hrană",
    "By the evening of April 12, 2023 the company had left its trenches",
    # a headline opening with a byline's word, its date, its time and a comment count glued on
    "De ce au fugit soldații, 12 aprilie 2023, 11:36 3 comentarii",
    "By the book: army courts and deserters 12 April 2023 5 min read",
])
def test_a_line_opening_like_a_byline_with_a_date_inside_gives_no_date(line) -> None:
    top = read_top_of_text("\n".join([line, LEDE, BODY]), url="https://news.example.org/world/sergeant-company",
                           today=TODAY)
    assert top.date is None or top.date.published is None
    assert _between_lede_and_body(line).reason != "byline"      # and in the text, it stays what it is


@pytest.mark.parametrize("heading", ["De Ziua Veteranilor, 9 mai 2023", "Von Kursk Bericht, 12.03.2024"])
def test_a_dated_heading_of_capitalised_words_after_a_byline_word_names_no_author(heading) -> None:
    """Session 34's review: a heading whose words are capitalised after another language's byline word (a
    day's name, German nouns), with its date and neither a time nor furniture, is no byline: its words
    are not the page's author."""
    top = read_top_of_text("\n".join([heading, LEDE, BODY]), url="https://news.example.org/world/sergeant-company",
                           today=TODAY)
    assert top.author is None


@pytest.mark.parametrize("heading", [
    "De Ziua Veteranilor, 9 mai 2023",
    "Von Kursk Bericht, 12.03.2024",
    "Von Wagner Zu Storm-Z, 12.03.2024",
    "De Ziua Veteranilor, 25 mai 2023 12:00",
    "Von Kursk Bericht, 12.03.2024 - 10:15 Uhr",
    "By The Figures: Army Desertions 12 April 2023 Share",
])
def test_a_dated_heading_opening_with_a_byline_word_stays_in_the_article(heading) -> None:
    """A dated sub-heading between paragraphs whose first word opens bylines in some language ("De",
    "Von") is the article's: only above the first paragraph is such a line, with its time, the page's
    byline ("Von Beispiel-Online , abc 01.11.2025 - 01:48 Uhr", set 37). A "By" line is a byline
    anywhere, but not one with a colon inside its words (a heading's)."""
    assert _between_lede_and_body(heading).kind == Kind.HEADING


def test_a_dated_byline_of_a_teaser_below_the_article_does_not_date_it(tmp_path) -> None:
    """A related article's byline line under the first paragraphs (its date, its reading time) is not the
    page's: the page's own date line, above the article, dates it."""
    text = "\n".join(["Sergeant says half his company refuses to return to the trenches", "12 April 2023",
                      LEDE, BODY, "Recruits say they were sent to the front untrained",
                      "By Jane Example March 3, 2023 11:02 AM 2 min read"])
    top = read_top_of_text(text, url="https://news.example.org/world/sergeant-company", today=TODAY)
    assert top.date.published == "2023-04-12"

@pytest.mark.parametrize("label, reason", [
    # the twenty-ninth set's pages (seen): a read-aloud player's label, the label over a site's social
    # links, a breadcrumb's label, a text-size control, each alone at the top and taken as the headline
    ("Lyt til artiklen", "media player label"),
    ("Listen to this article", "media player label"),
    ("Finden Sie uns", "call to action"),
    ("Find us on", "call to action"),
    ("Вы здесь", "navigation label"),
    ("You are here: Home > World", "navigation label"),
    ("Размер шрифта", "page widget"),
    ("Font size:", "page widget"),
    ("Промени размера", "page widget"),      # a Bulgarian portal's (set 43), above its "Аа Аа Аа" buttons
])
def test_a_player_social_breadcrumb_or_font_size_label_is_never_the_headline(tmp_path, label, reason) -> None:
    headline = "Sergeant says half his company refuses to return to the trenches"
    doc = ingest_page(tmp_path, "\n".join([label, headline, LEDE, BODY]), "https://example.org/node/48213")
    assert doc.metadata[A.TITLE] == headline
    assert removed(blocks_of(doc)).get(label) == reason


def test_a_players_consent_prompt_naming_the_banners_button_is_furniture(tmp_path) -> None:
    """A read-aloud player's label, then its consent prompt, then the body with no headline printed:
    neither is the headline (there is none), and the prompt is out of the text."""
    prompt = "Oops, let us play the article for you. It is ready once you have clicked 'Allow all' Allow"
    doc = ingest_page(tmp_path, "\n\n".join(["Listen to this article", prompt, LEDE, BODY]),
                      "https://example.org/world/sergeant-company-refuses")
    assert doc.metadata[A.TITLE] in (None, "Sergeant company refuses")
    assert removed(blocks_of(doc)).get(prompt) == "browser notice"


@pytest.mark.parametrize("line", [
    "Listen to the article's last paragraph, the sergeant told his wife.",
    "Find us a way out of here, the recruits begged their commander.",
    "You are here because you refused the order, the officer said.",
    "He clicked the button and the drone fell into the trench.",
])
def test_sentences_opening_like_those_labels_stay_content(tmp_path, line) -> None:
    text = "\n\n".join(["Sergeant shot himself in the leg to avoid the front, his comrades say", LEDE, BODY, line])
    doc = ingest_page(tmp_path, text, "https://example.org/news/2022/11/30/sergeant-shot-himself/")
    assert line in searchable(blocks_of(doc))


RU_HEADLINE = "Сержант заявил, что половина его роты отказывается возвращаться на позиции"
RU_STANDFIRST = "По его словам, командование обещало ротацию через три недели"
RU_LEDE = ("Запись разговора, опубликованная во вторник, содержит рассказ сержанта о том, что половина "
           "его роты отказалась возвращаться в окопы после четырёх месяцев без отдыха.")
RU_BODY = ("Сержант говорит, что бойцам обещали ротацию через три недели, но они провели на одной позиции "
           "четыре месяца без смены, нормального питания и исправной связи.")


@pytest.mark.parametrize("stamp", [
    # the twenty-ninth set (seen): a wire's day, month abbreviation and times with no year, above
    # the headline and its standfirst; the same shape with other labels
    "12 ФЕВ, 09:41 Обновлено 10:02",
    "3 мар, 17:20",
    "09:41 | Обновлено 10:02",
])
def test_a_date_stamp_without_its_year_is_never_the_headline(tmp_path, stamp) -> None:
    doc = ingest_page(tmp_path, "\n\n".join([stamp, RU_HEADLINE, RU_STANDFIRST, RU_LEDE, RU_BODY]),
                      "https://example.org/society/48213/amp")
    assert doc.metadata[A.TITLE] == RU_HEADLINE
    assert doc.metadata[A.PUBLISHED] is None      # no year: no date is read from it


def test_a_headline_with_a_time_in_it_is_no_date_stamp(tmp_path) -> None:
    headline = "Curfew from 22:00 in Belgorod"
    doc = ingest_page(tmp_path, "\n\n".join([headline, LEDE, BODY]), "https://example.org/society/48213/amp")
    assert doc.metadata[A.TITLE] == headline


def test_a_numeric_date_and_time_glued_after_the_headline_is_its_date(tmp_path) -> None:
    """The twenty-ninth set (seen): the headline, the day as d.m.yyyy and the time on one line."""
    doc = ingest_page(tmp_path, "\n\n".join([f"Z-blogger: {RU_HEADLINE} 7.12.2025, 19:51", RU_STANDFIRST, RU_LEDE,
                                             RU_BODY]), "https://example.org/ru/news/665793/")
    assert (doc.metadata[A.TITLE], doc.metadata[A.PUBLISHED]) == (f"Z-blogger: {RU_HEADLINE}", "2025-12-07")


def test_a_headline_ending_with_a_numeric_date_and_no_time_keeps_it(tmp_path) -> None:
    headline = "Parliament will vote on the new mobilisation law on 7.12.2025"
    doc = ingest_page(tmp_path, "\n\n".join([headline, LEDE, BODY]), "https://example.org/ru/news/665793/")
    assert doc.metadata[A.TITLE] == headline


@pytest.mark.parametrize("byline", ["By Jane Example |", "Reported by: Jane Example"])
def test_a_byline_with_a_trailing_separator_or_reported_by_names_the_author(tmp_path, byline) -> None:
    """The twenty-ninth set (seen): a byline whose date the page left out after its separator, and
    a "Reported by:" byline under the standfirst."""
    headline = "Sergeant says half his company refuses to return to the trenches"
    doc = ingest_page(tmp_path, "\n\n".join([headline, byline, LEDE, BODY]),
                      "https://news.example.org/world/sergeant-says-half-his-company-refuses-to-return")
    assert doc.metadata[A.AUTHOR] == "Jane Example"


def test_a_markdown_image_between_the_standfirst_and_the_byline_is_no_line_of_the_head(tmp_path) -> None:
    """The twenty-ninth set (seen): a section label, the headline, the standfirst, the lead photo as a
    markdown image (its alt text a caption with a credit), the byline; the url has no worded slug."""
    headline = "Signing bonuses turn deadly in the contract army"
    doc = ingest_page(tmp_path, "\n".join([
        "Crime & Justice", headline,
        "Enlistment payments have become a reason for officers to extort and beat their own soldiers.",
        "![Volunteers patrol a square in a border city on January 10, 2024. [Jane Example/AFP]](/img/2026/01/1234_v1.webp)",
        "By John Example |", LEDE, BODY]), "https://example.org/en/articles/features/2026/01/20/feature-02")
    assert (doc.metadata[A.TITLE], doc.metadata[A.AUTHOR]) == (headline, "John Example")


def test_a_cut_copy_of_the_lead_above_the_headline_is_never_the_headline(tmp_path) -> None:
    """The twenty-ninth set (seen): the lead's first words cut with "..." above the headline, then
    the lead in full; the cut copy is a teaser, not the headline printed twice."""
    headline = "Sergeant says half his company refuses to return to the trenches"
    teaser = "A recording released by the agency on Tuesday captures a sergeant telling his wife..."
    doc = ingest_page(tmp_path, "\n\n".join([teaser, headline, LEDE, BODY]), "https://example.org/article/694193077")
    assert doc.metadata[A.TITLE] == headline


def test_a_headline_ending_in_dots_that_the_lead_does_not_open_with_stays(tmp_path) -> None:
    headline = "Half his company refuses to go back, and the sergeant is next..."
    doc = ingest_page(tmp_path, "\n\n".join([headline, LEDE, BODY]), "https://example.org/article/694193077")
    assert doc.metadata[A.TITLE] == headline


def test_a_dateline_of_date_time_a_dash_and_the_source_gives_the_date(tmp_path) -> None:
    """The twenty-ninth set (seen): under the headline, the day written out with its time, a dash,
    the news service's name, another dash and its abbreviation."""
    doc = ingest_page(tmp_path, "\n\n".join(["Политика", RU_HEADLINE, "26 октября 2022, 13:50 — Пример служба новостей — ПСН",
                                             RU_LEDE, RU_BODY]),
                      "https://example.ru/politika/serzhant-zayavil-polovina-roty-otkazyvaetsya/amp")
    assert (doc.metadata[A.TITLE], doc.metadata[A.PUBLISHED]) == (RU_HEADLINE, "2022-10-26")


@pytest.mark.parametrize("credit", ["Übersetzt von: Anna Beispiel", "Translated by: Anna Example"])
def test_a_translators_credit_above_the_text_is_never_the_headline(tmp_path, credit) -> None:
    """The thirty-first set (seen): an aggregator's translated page opens with a dash, the translator's
    credit, its date and a share prompt, then the lead; it shows no headline."""
    text = "\n".join(["-", credit, "- 17. Juli 2025 11:36", "- Teilen mit:", LEDE, BODY])
    doc = ingest_page(tmp_path, text, "https://example-says.com/de/123456/")
    assert doc.metadata[A.TITLE] != credit
    assert removed(blocks_of(doc)).get(credit) == "editor or photo credit"


def test_a_dateline_of_date_time_and_the_source_in_brackets_gives_the_date(tmp_path) -> None:
    """The thirty-first set (seen): the weekly's name in square brackets after the day and time."""
    doc = ingest_page(tmp_path, "\n".join([RU_HEADLINE, "26 октября 2022, 13:50 [ «Пример Недели» ]", RU_LEDE, RU_BODY]),
                      "https://example.ru/politics/2022/10/915380/amp")
    assert (doc.metadata[A.TITLE], doc.metadata[A.PUBLISHED]) == (RU_HEADLINE, "2022-10-26")


def test_a_headline_opening_with_a_date_and_time_then_many_words_is_no_dateline(tmp_path) -> None:
    headline = "12.03.2024, 05:40 — the hour the sergeant's company refused to go back to the trenches"
    doc = ingest_page(tmp_path, "\n\n".join([headline, LEDE, BODY]), "https://example.org/article/694193077")
    assert doc.metadata[A.TITLE] == headline


@pytest.mark.parametrize("cut", ["On De", "In Jul"])
def test_a_sentence_cut_off_at_the_end_of_the_page_is_no_signature(tmp_path, cut) -> None:
    """The twenty-fifth and twenty-ninth sets (seen): the store's copy ends two words into a
    sentence; those two capitalised words are not the author's signature."""
    doc = ingest_page(tmp_path, "\n".join([LEDE, BODY, BODY_2, cut]), "https://example.org/posts/sergeant-company-refuses")
    assert doc.metadata[A.AUTHOR] is None


@pytest.mark.parametrize("byline", ["By Jane Example New York Times", "By Jane Example The Washington Post",
                                    "By Jane Example, Reuters"])
def test_a_byline_naming_the_paper_after_the_name_names_the_person(tmp_path, byline) -> None:
    """The thirtieth set: a local paper reprints a story with the byline "By <name> <paper>", no
    separator between them; the author is the person, not the person and the paper."""
    headline = "Inmates enlist for the medicine prison denied them"
    doc = ingest_page(tmp_path, "\n\n".join(["The Example Review", "Springfield, Ohio Est. 1901", headline, byline,
                                             LEDE, BODY]),
                      "https://example-review.com/stories/2023/apr/21/inmates-enlist-for-the-medicine/")
    assert doc.metadata[A.AUTHOR] == "Jane Example"


def test_a_dashed_name_under_the_headline_is_the_byline(tmp_path) -> None:
    """The thirtieth set: a newspaper kiosk's copy prints the paper's name, the headline, then the
    byline as "- <name>" on its own line; the name is the author and the line no content."""
    headline = "Inmates enlist for the medicine prison denied them"
    doc = ingest_page(tmp_path, "\n\n".join(["Springfield Evening Courier", headline, "- Jane Example",
                                             "KHARKIV, UKRAINE — " + LEDE, BODY]),
                      "https://www.example-kiosk.com/usa/springfield-evening-courier/20230507/281633899572023")
    assert doc.metadata[A.AUTHOR] == "Jane Example"
    assert "Jane Example" not in " ".join(searchable(blocks_of(doc)))


def test_a_dashed_name_ending_the_text_is_its_signature() -> None:
    """The sixteenth set (seen): a column whose last line signs it "- <name>"."""
    assert read_top_of_text("\n".join([LEDE, BODY, BODY_2, "- Jane Example"]), today=TODAY).author == "Jane Example"


@pytest.mark.parametrize("tail", [
    # the speaker a closing quotation is attributed to
    ["\u201cWe hold the line because there is nobody behind us to hold it.\u201d", "\u2014 Jane Example"],
    ["\u201cNobody leaves the trench, and nobody will write home about it,\u201d",
     "- Jane Example"],
    # a wire agency credited at the end
    ["Relatives said the men had last called home a week earlier from a village near the front.",
     "- Associated Press"],
])
def test_a_dashed_attribution_or_agency_at_the_end_is_no_signature(tail) -> None:
    assert read_top_of_text("\n".join([LEDE, BODY, BODY_2, *tail]), today=TODAY).author is None


def test_a_list_of_dashed_names_is_no_byline() -> None:
    """Names each after a dash, one under the other, are a list (of people or of a menu), not a byline."""
    text = "\n\n".join(["Sergeant says half his company refuses to return to the trenches",
                        "- Jane Example", "- John Sample", LEDE, BODY])
    assert read_top_of_text(text, today=TODAY).author is None


@pytest.mark.parametrize("glued, author", [
    ("JANE EXAMPLEThursday, 24 February 2022, 16:59", "Jane Example"),
    ("Jane ExampleFriday, 7 July 2023, 19:59", "Jane Example"),
])
def test_a_name_glued_to_the_weekday_of_the_date_line_is_the_author(tmp_path, glued, author) -> None:
    """The thirtieth set (and the seventeenth and twenty-sixth, seen): the byline and the date line
    printed side by side, the scrape dropping the space between the name and the weekday."""
    headline = "A reconnaissance squad laid down its arms near the border"
    doc = ingest_page(tmp_path, "\n".join(["All Sections", headline, "", glued, headline, "", LEDE, "", BODY]),
                      "https://www.example-pravda.com.ua/eng/news/7325495/")
    assert doc.metadata[A.AUTHOR].casefold() == author.casefold()
    assert doc.metadata[A.TITLE] == headline
    assert doc.metadata[A.PUBLISHED] == ("2022-02-24" if "2022" in glued else "2023-07-07")


def test_a_headline_word_glued_to_a_weekday_is_no_author() -> None:
    """Only a person's name glued to the weekday is a byline: a few words that are no name are not."""
    top = read_top_of_text("\n\n".join(["Kyiv under fire on aSunday, 24 March 2024", LEDE, BODY]), today=TODAY)
    assert top.author is None


def test_a_caption_printed_twice_on_one_line_under_the_date_is_no_byline(tmp_path) -> None:
    """The thirtieth set: under the date, the lead photo's alt text and caption run together on one
    line ("Пленные РФ. Пленные РФ.", two capitalised words said twice): no author, and no content."""
    headline = "Дрон уговорил троих солдат сложить оружие"
    caption = "Военнопленные ВС. Военнопленные ВС."
    lede = ("На северном участке фронта трое военных сдались в плен после того, как дрон передал им "
            "по громкоговорителю предложение сложить оружие.")
    body = ("Запись операции опубликовала бригада; по её данным, пленные затем сами обратились к "
            "сослуживцам с призывом прекратить сопротивление и выйти к позициям.")
    doc = ingest_page(tmp_path, "\n".join(["Донецк Луганск Краматорск Бахмут Покровск", headline,
                                           "18 февраля 2026, 14:42", "", caption, "", lede, "", body]),
                      "https://news.example.ua/ru/news/415841-dron-ugovoril-troih-soldat")
    assert doc.metadata[A.AUTHOR] is None
    assert caption not in searchable(blocks_of(doc))


@pytest.mark.parametrize("links", [
    ["1. Перейти к содержанию", "2. Перейти к главному меню", "3. К другим разделам сайта"],
    ["Перейти к содержанию", "Перейти к поиску"],
])
def test_a_list_of_skip_links_above_the_headline_is_never_the_headline(tmp_path, links) -> None:
    """The thirtieth set: an international broadcaster's Russian edition opens with its skip links
    as a numbered list (to the content, to the main menu, to its other projects), then the headline,
    the day, the lead; the url's words (transliterated otherwise) tell no line apart."""
    text = "\n".join([*links, "", RU_HEADLINE, "", "26 октября 2022 г.", "", RU_LEDE, RU_BODY])
    doc = ingest_page(tmp_path, text, "https://example.com/ru/a-12345678")
    assert doc.metadata[A.TITLE] == RU_HEADLINE
    assert all(line in removed(blocks_of(doc)) for line in links)


def test_the_publications_name_from_the_url_path_above_the_headline_is_never_the_headline(tmp_path) -> None:
    """The thirtieth set: a newspaper kiosk's copy of a regional daily prints the paper's name, then
    the headline, then "- " and the reporter; the url names the paper as a path segment before the
    day and the article's id (".../usa/<paper>/<day>/<id>"), so every word of the name is the url's."""
    headline = "Sergeant says half his company refuses to return to the trenches"
    text = "\n\n".join(["Springfield Morning Ledger", headline, "- Jane Example", LEDE, BODY, BODY_2])
    doc = ingest_page(tmp_path, text, "https://www.example-kiosk.com/usa/springfield-morning-ledger/20230507/281600012345678")
    assert doc.metadata[A.TITLE] == headline
    assert doc.metadata[A.PUBLISHED] == "2023-05-07"


def test_a_short_slug_before_the_day_in_the_url_is_still_read_against_a_line_that_adds_words(tmp_path) -> None:
    """A section's name before the day is never the slug; a headline that only shares its words is
    read on its own merits (first line, headline-shaped) and stays the headline."""
    headline = "World news roundup: sergeant's company refuses to return"
    doc = ingest_page(tmp_path, "\n\n".join([headline, LEDE, BODY]), "https://example.org/world-news/2023/05/07/")
    assert doc.metadata[A.TITLE] == headline


def test_a_headline_glued_to_an_encoded_link_loses_to_the_clean_headline(tmp_path) -> None:
    """The thirtieth set: a copying site's page opens with the headline's first words glued to the
    end of an encoded image link (a hash's hex digits), then prints the whole headline, whose words
    are the url's slug; the line carrying the code is no headline."""
    headline = "Sergeant says half his company refuses to return to the trenches – Example Wire"
    glued = "Sergeant says half his company refuses to return.com2Fab2F3f9e0c41d27b8a65e1f04c2d9b7a3e2F5c8d01ab"
    doc = ingest_page(tmp_path, "\n\n".join([glued, headline, LEDE, BODY]),
                      "https://example-copies.com/sergeant-says-half-his-company-refuses-to-return-to-the-trenches-example-wire/")
    assert doc.metadata[A.TITLE] == headline
    assert glued in removed(blocks_of(doc))


RU_CAPTION = "Плакаты родственников мобилизованных на встрече с депутатами в областном центре"


def test_a_caption_printed_twice_over_its_photo_credit_is_never_the_headline(tmp_path) -> None:
    """The thirtieth set: a Russian magazine's post opens with its photo's caption printed twice (alt
    text and caption) and the credit ("Фото: ..."), then the article; it prints no headline and the
    url has only the post's number. Both copies are captions, not a headline or content."""
    credit = "Фото: телеграм-канал «Пример новостей»."
    doc = ingest_page(tmp_path, "\n\n".join([RU_CAPTION, RU_CAPTION, credit, RU_LEDE, RU_BODY]),
                      "https://example.ru/posts/110001")
    assert doc.metadata[A.TITLE] is None
    blocks = blocks_of(doc)
    assert [b.kind for b in blocks if b.text == RU_CAPTION] == [Kind.CAPTION, Kind.CAPTION]
    assert searchable(blocks) == [RU_LEDE, RU_BODY]


def test_a_headline_repeated_as_its_photos_alt_text_over_the_credit_stays_the_headline(tmp_path) -> None:
    """The same shape on a page whose url was built from that line: the headline, then the lead
    photo's alt text repeating it, then the credit."""
    doc = ingest_page(tmp_path, "\n\n".join([RU_HEADLINE, RU_HEADLINE, "Фото: Пример Агентство", RU_LEDE, RU_BODY]),
                      "https://example.ua/news/serzhant_zayavil_chto_polovina_ego_roty_otkazyvaetsya_vozvrashchatsya_123.html")
    assert doc.metadata[A.TITLE] == RU_HEADLINE


def test_a_long_headline_wins_over_a_slug_in_another_language(tmp_path) -> None:
    """The thirtieth set: a Ukrainian portal's English edition prints a section word, then a long
    headline (a quote, then the story, then the source), then the article; its url transliterates the
    Ukrainian headline, none of whose words the English lead shares. Such a slug says nothing against
    the long line, which is the headline, not a summary."""
    headline = ('"They left us on the river bank": in the occupied south the mobilized from the Urals '
                'were abandoned by their commanders without food or water - media')
    text = "\n\n".join(["Incidents", headline, LEDE, BODY, BODY_2])
    doc = ingest_page(tmp_path, text, "https://en.example.info/amp/article/965300001-quot-nas-kinuli-na-berezi-quot-"
                                      "mobilizovanih-z-uralu-039-kinuli")
    assert doc.metadata[A.TITLE] == headline
    assert doc.provenance[A.TITLE] == V.INFERRED


def test_a_long_summary_the_slug_disagrees_with_is_still_no_headline_when_the_lead_tells_the_slug(tmp_path) -> None:
    """The rule above needs the lead to share no word with the slug: a url in the page's own language
    still marks a long line that is not its words as a summary."""
    summary = ("The men were promised rotation after three weeks but have now spent four months at the same "
               "position without relief, food deliveries or working radios, relatives say")
    doc = ingest_page(tmp_path, "\n\n".join([summary, LEDE, BODY]),
                      "https://example.org/news/sergeant-telling-his-wife-company-refused-go-back")
    assert doc.metadata[A.TITLE] != summary


# The thirty-second set (seen), session 22: shapes of its pages' tops, in our own words.
UK_HEADLINE = "Колишній комбат назвав головну причину самовільного залишення частин"
UK_LEDE = ("Головною причиною самовільного залишення частин колишній командир бригади назвав недовіру до "
           "командування, про що він розповів в інтерв'ю виданню.")
UK_BODY = ("За його словами, бійці, які проходили навчання за кордоном, не знали, куди їх направлять після "
           "повернення, і багато хто не повернувся до частини.")


def test_a_kicker_glued_to_the_headline_without_a_space_is_cut(tmp_path) -> None:
    """A Swiss page prints the section kicker and the headline as one line ("Guerre en UkraineDésertions
    ..."); the slug spells both, as separate words."""
    doc = ingest_page(tmp_path, "\n".join(["Krieg in der UkraineDeserteure fliehen in Scharen aus der Ausbildung", LEDE, BODY]),
                      "https://example.ch/de/story/krieg-in-der-ukraine-deserteure-fliehen-in-scharen-aus-der-ausbildung-1032512")
    assert doc.metadata[A.TITLE] == "Deserteure fliehen in Scharen aus der Ausbildung"


def test_a_polish_kicker_glued_before_a_capital_with_a_diacritic_is_cut(tmp_path) -> None:
    doc = ingest_page(tmp_path, "\n".join(["Wojna w UkrainieŻołnierze uciekają z jednostki szkoleniowej", LEDE, BODY]),
                      "https://example.pl/swiat/wojna-w-ukrainie-zolnierze-uciekaja-z-jednostki-szkoleniowej-66123")
    assert doc.metadata[A.TITLE] == "Żołnierze uciekają z jednostki szkoleniowej"


@pytest.mark.parametrize("headline", ["Бежать, прятаться, молчать", "Пропаганда в Telegram: как каналы вербуют солдат"])
def test_a_headline_shaped_like_a_menu_or_a_channel_line_stays_the_headline(tmp_path, headline) -> None:
    doc = ingest_page(tmp_path, "\n\n".join([headline, RU_LEDE, RU_BODY]), "https://example.ru/articles/694193077")
    assert doc.metadata[A.TITLE] == headline


def test_a_name_written_in_camel_case_is_no_glued_kicker(tmp_path) -> None:
    headline = "YouTube removes channels of soldiers who filmed their desertion"
    doc = ingest_page(tmp_path, "\n".join([headline, LEDE, BODY]),
                      "https://example.com/tech/youtube-removes-channels-of-soldiers-who-filmed-their-desertion")
    assert doc.metadata[A.TITLE] == headline


def test_a_kicker_before_a_german_headline_whose_slug_spells_umlauts_with_e_is_cut(tmp_path) -> None:
    """"übers" in the headline is "uebers" in the slug; the headline's number is no slug word."""
    doc = ingest_page(tmp_path, "\n\n".join(["Flucht beantragt : Zwei Männer segeln 300 Kilometer übers Meer nach Alaska", LEDE, BODY]),
                      "https://www.example.lu/de/story/zwei-maenner-segeln-300-kilometer-uebers-meer-nach-alaska-6322815")
    assert doc.metadata[A.TITLE] == "Zwei Männer segeln 300 Kilometer übers Meer nach Alaska"


@pytest.mark.parametrize("caption", [
    "Кладовище, де ховають загиблих бійців приватної армії. Скріншот",
    "The cemetery where the private army buries its dead. Screenshot",
])
def test_a_caption_closed_by_a_lone_credit_word_is_never_the_headline(tmp_path, caption) -> None:
    doc = ingest_page(tmp_path, "\n\n".join([caption, LEDE, BODY]),
                      "https://example.dn.ua/news/342311-tsvyntar-za-dva-misyatsi-zbilshyvsya-u-sim-raziv")
    # the page prints no headline: the url's words stand for it (cleaning keeps the line: a lone
    # "Фото" also closes a teaser's title in a list of links, "... перекрили. Фото")
    assert doc.metadata[A.TITLE] == "Tsvyntar za dva misyatsi zbilshyvsya u sim raziv"


def test_a_caption_printed_twice_with_a_korean_wire_credit_is_not_the_headline(tmp_path) -> None:
    """A Korean daily prints the headline, two standfirst lines, then each photo caption twice, each
    closed by the wire's name ("... 공개했다. 연합뉴스")."""
    headline = "포로 면담한 의원, \"귀순 의사 확인\" 밝혀"
    caption = "포로를 면담한 의원이 면담 당시 찍은 사진을 기자들에게 공개했다. 연합뉴스"
    text = "\n".join(["매일신문", "", headline, "", "면담은 한 시간 넘게 이어졌다", "",
                      caption, caption, "",
                      "의원은 포로가 한국으로 가고 싶다는 뜻을 분명히 밝혔다고 말했다. 그는 외교 당국이 강제 송환이 없도록 "
                      "모든 노력을 다해야 한다고 강조했다.",
                      "포로는 지난 1월 전투 중 생포되었으며 현재 수용소에 머물고 있다고 의원은 전했다."])
    doc = ingest_page(tmp_path, text, "https://example.kr/page/view/2025030416415344673")
    assert doc.metadata[A.TITLE] == headline


def test_a_map_caption_printed_twice_below_its_credit_is_not_the_headline(tmp_path) -> None:
    text = "\n".join([RU_HEADLINE, "", "Изображение: Анна Пример © ИА Пример", "Россия на карте мира",
                      "Россия на карте мира", "", RU_LEDE, RU_BODY])
    doc = ingest_page(tmp_path, text, "https://example.ru/news/be332226")
    assert doc.metadata[A.TITLE] == RU_HEADLINE


@pytest.mark.parametrize("furniture", [
    ["Пример.Ru в Telegram", "Новые комментарии +"],
    ["Все новости Примера", "Подпишись на каналы"],
    ["«Пример» в Telegram", "Підпишіться на наш Telegram-канал"],
])
def test_channel_promotions_and_news_list_links_above_the_headline_are_furniture(tmp_path, furniture) -> None:
    doc = ingest_page(tmp_path, "\n".join([*furniture, "", RU_HEADLINE, "", RU_LEDE, RU_BODY]),
                      "https://m.example.ru/social/news/2022/10/04/18713815.shtml")
    assert doc.metadata[A.TITLE] == RU_HEADLINE
    assert all(removed(blocks_of(doc)).get(line) in ("call to action", "share prompt") for line in furniture)


@pytest.mark.parametrize("line", ["Пропаганда в Telegram", "Russian deserters on Telegram", "Share: 45 per cent"])
def test_a_subheading_naming_a_platform_or_a_share_is_content(tmp_path, line) -> None:
    doc = ingest_page(tmp_path, "\n\n".join([RU_HEADLINE, RU_LEDE, line, RU_BODY]), "https://example.ru/articles/694193078")
    assert removed(blocks_of(doc)).get(line) not in ("call to action", "share prompt")


def test_a_share_label_glued_before_a_teaser_is_never_the_headline(tmp_path) -> None:
    """A Ukrainian aggregator prints "Поширити:" glued to a cut teaser of the standfirst, above the
    headline; the standfirst follows in full, glued to the label again."""
    teaser = "Поширити: На думку колишнього комбата бригади"
    text = "\n\n".join([teaser, UK_HEADLINE, "Поширити: На думку колишнього комбата бригади, бійці не довіряють "
                                             "командуванню. Саме тому багато хто залишає частини.", UK_LEDE, UK_BODY])
    doc = ingest_page(tmp_path, text, "https://example.info/article/563336668-kolyshnii-kombat-nazvav-holovnu-prychynu")
    assert doc.metadata[A.TITLE] == UK_HEADLINE
    assert removed(blocks_of(doc)).get(teaser) == "share prompt"


def test_a_french_byline_article_redige_par_names_the_author(tmp_path) -> None:
    text = "\n".join(["Des soldats formés en France ont-ils déserté ?", "Article rédigé par Jeanne Exemple",
                      "Radio France", LEDE, BODY])
    doc = ingest_page(tmp_path, text, "https://example.fr/monde/des-soldats-formes-en-france-ont-ils-deserte_7001.html")
    assert doc.metadata[A.AUTHOR] == "Jeanne Exemple"


def test_a_cut_sentence_opening_with_a_one_letter_word_is_no_signature(tmp_path) -> None:
    """The store's copy ends in the middle of "В Государственном бюро ...": no author."""
    doc = ingest_page(tmp_path, "\n".join([RU_HEADLINE, RU_LEDE, RU_BODY, "В Государственно"]),
                      "https://example.ua/ru/world/v-armii-podtverdili-sluchai-dezertirstva")
    assert doc.metadata[A.AUTHOR] is None


@pytest.mark.parametrize("opening, published", [
    ("Москва, 21 март 2022 (МИА) – Весникот ја повлече веста за бројот на загинати војници и тврди дека "
     "страницата била хакирана.", "2022-03-21"),
    ("Warszawa, 12 marca 2024 (PAP) - Dziennik wycofał informację o liczbie poległych żołnierzy, twierdząc, "
     "że jego strona została zhakowana.", "2024-03-12"),
    # a place and a date in the first sentence without the agency's dash is no wire dateline
    ("Skopje, 14 April 2023 (the day of the vote) was calm, the paper said, and its page was hacked.", None),
])
def test_a_wire_dateline_opening_the_first_paragraph_dates_a_page_that_prints_none(tmp_path, opening, published) -> None:
    doc = ingest_page(tmp_path, "\n\n".join([opening, BODY, BODY_2]), "https://example.mk/vesnikot-ja-povleche-vesta")
    assert doc.metadata[A.PUBLISHED] == published


def test_a_wire_dateline_never_overrides_the_date_printed_at_the_top(tmp_path) -> None:
    text = "\n\n".join(["Весникот ја повлече веста", "22.03.2022", "Москва, 21 март 2022 (МИА) – Весникот ја повлече "
                        "веста за бројот на загинати војници.", BODY])
    doc = ingest_page(tmp_path, text, "https://example.mk/vesnikot-ja-povleche-vesta")
    assert doc.metadata[A.PUBLISHED] == "2022-03-22"


@pytest.mark.parametrize("url, published", [
    ("https://www.example.com/international/europe/lecornu-evoque-55-desertions_AV-202501080518.html", "2025-01-08"),
    ("https://www.example.com/international/europe/lecornu-evoque-55-desertions_AV-202501082518.html", None),  # no 25:18
    ("https://www.example.com/international/europe/lecornu-evoque-55-desertions_id-202501080518.html", None),  # no code
])
def test_a_letter_code_then_day_and_time_ending_the_url_dates_the_page(tmp_path, url, published) -> None:
    doc = ingest_page(tmp_path, "\n\n".join([LEDE, BODY, BODY_2]), url)
    assert doc.metadata[A.PUBLISHED] == published


def test_a_date_bar_with_its_time_zone_and_a_comma_menu_are_not_the_headline(tmp_path) -> None:
    """A Russian agency's page (set 32, seen): its slogan, a link to all its news, a subscribe prompt,
    the site's date bar with the Moscow time zone, a menu of single words, then the headline."""
    text = "\n\n".join(["российское информационное агентство 18+", "Все новости Примера", "Подпишись на каналы",
                        "Среда, 21 января 2026, 10:13 мск", "Новости, Кратко, Популярное", "Архив\n" + RU_HEADLINE,
                        RU_LEDE, RU_BODY])
    doc = ingest_page(tmp_path, text, "https://example.ru/incidents/772322.html")
    assert doc.metadata[A.TITLE] == RU_HEADLINE
    assert doc.metadata[A.PUBLISHED] is None      # the site's bar is no date of the article


@pytest.mark.parametrize("line", ["21 марта 2022, 22:33", "Понеділок, 14 березня 2022, 16:53", "3 Luglio 2023 - 14.43",
                                  "입력 | 2024-10-18 18:51:00"])
def test_a_date_line_in_another_language_is_removed_as_one_not_kept_as_a_heading(tmp_path, line) -> None:
    """Sets 24-32 (seen): a Russian, Ukrainian, Italian or Korean date line under the headline was
    read as the article's heading (or its first paragraph) and shown as such in the reader."""
    doc = ingest_page(tmp_path, "\n\n".join([RU_HEADLINE, line, RU_LEDE, RU_BODY]), "https://example.ru/news/2022/03/21/kp")
    assert removed(blocks_of(doc)).get(line) == "date line"


@pytest.mark.parametrize("heading", ["Итоги 2023 года", "Мобилизация 21 сентября 2022", "Указ от 21 сентября 2022"])
def test_a_heading_with_a_year_or_a_date_in_it_stays_a_heading(tmp_path, heading) -> None:
    doc = ingest_page(tmp_path, "\n\n".join([RU_HEADLINE, RU_LEDE, heading, RU_BODY]),
                      "https://example.ru/news/2024/01/05/itogi")
    assert [b.kind for b in blocks_of(doc) if b.text == heading] == [Kind.HEADING]


def test_the_signature_of_an_embedded_post_stays_with_its_quote(tmp_path) -> None:
    signature = "— Jane Example (@jane_example) April 2, 2022"
    text = "\n\n".join([RU_HEADLINE, RU_LEDE, "“Soldiers left their trenches overnight,” she wrote.", signature, RU_BODY])
    doc = ingest_page(tmp_path, text, "https://example.ru/news/2022/04/02/post")
    assert signature not in removed(blocks_of(doc))


# --- Session 23: shapes seen on the thirty-fourth set (texts written here in the same shape) ---

def test_a_figure_opening_the_headline_is_kept_though_the_slug_writes_it_apart(tmp_path) -> None:
    """The slug writes "12000" where the headline prints "12.000": the figure is the headline's, no kicker."""
    text = "\n".join(["12.000 Männer aus Donezk an die Front geschickt",
                      "In der besetzten Stadt haben die Behörden nach Angaben von Menschenrechtlern binnen einer "
                      "Woche 12.000 Männer eingezogen und an die Front geschickt.",
                      "Die Angaben ließen sich nicht unabhängig überprüfen, heißt es in dem Bericht weiter."])
    doc = ingest_page(tmp_path, text, "https://www.example.de/amp/rubric-ato/3570001-12000-manner-aus-donezk-an-die-front-geschickt.html")
    assert doc.metadata[A.TITLE] == "12.000 Männer aus Donezk an die Front geschickt"


def test_a_long_headline_whose_slug_was_cut_from_its_start_is_the_headline(tmp_path) -> None:
    """Seventeen words ending in an exclamation read like a sentence; the url's slug spells its first six."""
    headline = "Abgehörte Gespräche. Russische Soldaten an der Front essen Tabletten und Hunde. „Sie aßen sogar Hustensaft!”"
    text = "\n".join([headline, "0", "Veröffentlicht:", LEDE, BODY, BODY_2])
    doc = ingest_page(tmp_path, text, "https://www.example.ro/amp/stiri/abgehorte-gesprache-russische-soldaten-an-der-2430001.html")
    assert doc.metadata[A.TITLE] == headline
    assert LEDE in searchable(blocks_of(doc))


def test_a_headline_glued_to_its_standfirst_is_not_taken_whole(tmp_path) -> None:
    """The slug spells the headline, then a capital opens the standfirst glued to it: the line is body."""
    glued = ("Soldiers post parcels of looted goods home through a border town Soldiers have been sending "
             "looted goods home since the first weeks of the war.")
    text = "\n".join(["Skip to main content", glued, "Source: Example", LEDE, BODY])
    doc = ingest_page(tmp_path, text, "https://example.io/en/feature/2022/04/06/soldiers-post-parcels-of-looted-goods-home-through-a-border-town")
    assert doc.metadata[A.TITLE].casefold() == "soldiers post parcels of looted goods home through a border town"
    assert doc.provenance[A.TITLE] == V.INFERRED             # (from the url's words, as before)


def test_a_keyword_list_above_the_headline_is_not_the_headline(tmp_path) -> None:
    """A content farm prints its tags, which share some of the url's words, above the headline that spells them."""
    text = "\n".join(["Mothers of conscripts, Belgorod, Russia's Belgorod region, conscripts",
                      "Mothers of conscripts rally in Belgorod, demanding their sons back:",
                      "Translate This News In", LEDE, BODY])
    doc = ingest_page(tmp_path, text, "https://www.example-post.com/world-news/mothers-of-conscripts-rally-in-belgorod-demanding-their-sons-back-12345/")
    assert doc.metadata[A.TITLE].startswith("Mothers of conscripts rally in Belgorod, demanding their sons back")


def test_a_breadcrumb_trail_is_never_the_headline(tmp_path) -> None:
    """A live-TV link, share buttons and "News > Ukraine" above the headline; the url's slug is another story's."""
    text = "\n".join(["• Live", "• Audio Only", "• facebook", "News > Ukraine", "",
                      "Artillery Kills Its Own Soldiers Who Surrendered", "Published 6 April 2023", LEDE, BODY])
    doc = ingest_page(tmp_path, text, "https://www.example.net/news/leaders-sign-trade-agreement---20230406-0008.html")
    assert doc.metadata[A.TITLE] == "Artillery Kills Its Own Soldiers Who Surrendered"
    assert "News > Ukraine" not in searchable(blocks_of(doc))


@pytest.mark.parametrize("caption", ["Russian soldiers (Photo - Example Post)", "Russian soldiers at a checkpoint (Foto: Example)"])
def test_a_caption_with_its_credit_in_parentheses_is_never_the_headline(tmp_path, caption) -> None:
    text = "\n".join([caption, LEDE + " " + BODY, BODY_2])
    # (the url shares the caption's first words: before, that made the caption the headline)
    doc = ingest_page(tmp_path, text, "https://www.example.com/en/world-news/russian-soldiers-resort-to-eating-comrades-amid-food-shortages-20190001")
    assert doc.metadata[A.TITLE].casefold() == "russian soldiers resort to eating comrades amid food shortages"


@pytest.mark.parametrize("headline", ["Как живут мобилизованные на передовой (фото-репортаж)",
                                      "Die Front im Winter (Foto-Reportage)"])
def test_a_headline_naming_its_photo_feature_in_parentheses_stays_the_headline(tmp_path, headline) -> None:
    text = "\n".join([headline, "12 января 2024", LEDE, BODY])
    doc = ingest_page(tmp_path, text, "https://example.ru/news/kak-zhivut-mobilizovannye")
    assert doc.metadata[A.TITLE] == headline


def test_a_lead_opening_with_the_slugs_words_is_not_the_headline(tmp_path) -> None:
    """The slug spells the lead's first words, and the lead ends with a full stop: body, as before."""
    lead = ("Russian soldiers refuse to fight in Bakhmut as commanders threaten them with execution, according "
            "to calls intercepted by Ukraine's intelligence service.")
    text = "\n".join(["Skip to content", "Intercepted calls", lead, BODY, BODY_2])
    doc = ingest_page(tmp_path, text, "https://example.com/news/russian-soldiers-refuse-to-fight-in-bakhmut-123")
    assert doc.metadata[A.TITLE] != lead
    assert lead in searchable(blocks_of(doc))


def test_a_byline_in_a_dashed_list_with_its_date_and_views_names_the_author(tmp_path) -> None:
    text = "\n".join(["Бравый дезертир оказался поваром", "- Ольга Петренко", "- 28.10.2025, 9:38", "- 2,008",
                      "Удивительная история.", LEDE, BODY])
    doc = ingest_page(tmp_path, text, "https://example.org/ru/news/2025/10/28/660001/")
    assert doc.metadata[A.AUTHOR] == "Ольга Петренко"
    assert doc.metadata[A.PUBLISHED] == "2025-10-28"


def test_a_date_line_with_its_reading_time_glued_on_is_not_body_text(tmp_path) -> None:
    text = "\n".join(["Soldat klagt über seine Kommandeure", "Von Example, abc",
                      "Aktualisiert am 25.07.2023Lesedauer: 2 Min.", LEDE, BODY])
    doc = ingest_page(tmp_path, text, "https://www.example.de/nachrichten/ukraine/id_100200001/soldat-klagt-ueber-seine-kommandeure.html")
    assert searchable(blocks_of(doc)) == [LEDE, BODY]


def test_a_byline_with_its_time_and_reading_time_still_dates_the_page(tmp_path) -> None:
    """A time of day before the reading time is the byline's tail, not a date line of its own."""
    text = "\n".join(["The Power Within: our first-ever magazine is out now, and you can be among the first to get it.",
                      "pre-order now", "Record number of military convictions in a year",
                      "by Jane Doe April 16, 2025 11:27 AM 2 min read", LEDE, BODY])
    doc = ingest_page(tmp_path, text, "https://example-independent.com/record-number-of-military-convictions")
    assert doc.metadata[A.PUBLISHED] == "2025-04-16"


@pytest.mark.parametrize("byline, author", [
    ("By The Example Times (World News) | Created at 2024-09-22 16:05:09 | Updated at 2024-09-30 07:29:10 1 week ago", None),
    ("By Jane Doe and John Roe | Published: 22 September 2024, 16:05 | Updated: 30 September 2024, 07:29", "Jane Doe, John Roe"),
])
def test_a_byline_line_with_labelled_date_parts_dates_the_page(tmp_path, byline, author) -> None:
    """An aggregator's byline line of three parts between bars (set 34): the published part dates the
    page, the updated one only bounds it, and the first part names the author, an outlet no one."""
    text = "\n".join(["Takeaways from the deserter's story in a weekend magazine", byline, "Truth", LEDE, BODY])
    doc = ingest_page(tmp_path, text, "https://news.example.com/takeaways-from-the-deserters-story-in-a-weekend-magazine-410101.html")
    assert doc.metadata[A.PUBLISHED] == "2024-09-22"
    assert doc.metadata[A.AUTHOR] == author
    assert searchable(blocks_of(doc)) == [LEDE, BODY]       # the byline line is not the article's first paragraph


@pytest.mark.parametrize("stamps, published", [
    # a portal's stamps under its author box, below a standfirst the reader takes for the first paragraph
    # (set 42, in the same shape): the publication label's day, the time zone after the time
    ("First Published Jan 13, 2025, 3:04 PM IST | Last Updated Jan 14, 2025, 9:10 AM IST", "2025-01-13"),
    ("Veröffentlicht am 13.01.2025, 15:04 Uhr | Aktualisiert am 14.01.2025, 09:10 Uhr", "2025-01-13"),
    # no publication label: the first, unlabelled day is the publication's, as before (set 35's shape)
    ("24 Sep 2024 | updated: 27 September 2024 10:01", "2024-09-24"),
])
def test_labelled_date_parts_below_a_standfirst_date_the_page(tmp_path, stamps, published) -> None:
    standfirst = ("The coast guard has confirmed the death of a fisherman from the village, whose boat went "
                  "missing during the storm last week.")
    text = "\n".join(["Villagers mourn fisherman who died at sea, confirms coast guard", standfirst,
                      "Author", "Jane Doe", stamps, LEDE, BODY])
    doc = ingest_page(tmp_path, text, "https://news.example.com/villagers-mourn-fisherman-who-died-at-sea")
    assert doc.metadata[A.PUBLISHED] == published


@pytest.mark.parametrize("below", [
    # a related article's stamps among the article's paragraphs, a paragraph or several below the first
    [BODY, "Related: Deserters caught near the border", "Published 02 March 2024 | 3 min read", BODY_2],
    [BODY, BODY_2, BODY, BODY_2, BODY, BODY_2, BODY, "Published 02 March 2024 | Updated 03 March 2024", BODY_2],
])
def test_labelled_date_parts_among_the_articles_paragraphs_date_nothing(tmp_path, below) -> None:
    text = "\n".join(["Villagers mourn fisherman who died at sea, confirms coast guard", "By Jane Doe", LEDE, *below])
    doc = ingest_page(tmp_path, text, "https://news.example.com/villagers-mourn-fisherman-who-died-at-sea")
    assert doc.metadata[A.PUBLISHED] is None


def _between_lede_and_body(line: str):
    """The block ``line`` becomes between an article's lede and body (the furniture tests' shape)."""
    return next(b for b in classify_blocks([LEDE, line, BODY]) if b.text == line)


@pytest.mark.parametrize("line", [
    "By Jane Doe | 22 September 2024",
    "By Jane Doe · 5 min read · March 3, 2024",
    "Reuters | 22.09.2024 | 3 min read",
    "By Example News | Created at 2024-09-22 16:05:09",
    "By Jane Doe • 28 October 2022 • 3:04",
])
def test_a_byline_line_of_parts_between_bars_is_a_byline(line) -> None:
    block = _between_lede_and_body(line)
    assert block.kind == Kind.BOILERPLATE and block.reason == "byline"


def test_a_line_of_dates_between_bars_is_a_date_line() -> None:
    line = "24 Sep 2024 | updated: 27 September 2024 10:01"      # set 35, in the same shape
    block = _between_lede_and_body(line)
    assert block.kind == Kind.BOILERPLATE and block.reason == "date line"


@pytest.mark.parametrize("line", [
    "Kyiv | Russia fired 40 missiles overnight on 22 September 2024, the air force said.",   # a dateline and its story
    "News | Ukraine | 22 September 2024",                                                  # a breadcrumb, not a byline
    "By the end of the week | 22 September 2024 | the unit had lost half its men and its commander.",
    # each of these was a byline to the rule's first version (review, session 24)
    "By the numbers | 22 September 2024",
    "By March | 2024",
    "By region | 2022 | 2023",
    "By contrast | 10:30",
    "by the time they arrived | 22 September 2024",
])
def test_text_between_bars_that_is_not_all_byline_and_dates_stays(line) -> None:
    block = _between_lede_and_body(line)
    assert block.reason != "byline"


@pytest.mark.parametrize("line, reason", [
    ("Don’t miss…", "read-also teaser"),                       # a curly apostrophe
    ("Baca Juga:", "read-also teaser"),                        # Indonesian, Malay
    ("We use your sign-up to provide content in ways you’ve consented to and to improve our understanding "
     "of you. You can unsubscribe at any time.", "call to action"),
    ("You have a preview view of this article while we are checking your access. When we have confirmed "
     "access, the full article content will load.", "call to action"),
    ("While citing and using any materials on the Internet, links to the website example.net not lower than "
     "the first paragraph are mandatory.", "copyright notice"),
    ("При цитуванні та використанні будь-яких матеріалів в Інтернеті гіперпосилання не нижче першого абзацу "
     "обов’язкове.", "copyright notice"),
    ("Credit...Jane Doe for The Example Times", "editor or photo credit"),
])
def test_furniture_of_the_thirty_fourth_sets_pages_is_removed(line, reason) -> None:
    """Seen on set 34 (texts written here in the same shape): kept as body text before."""
    block = _between_lede_and_body(line)
    assert block.kind not in Kind.SEARCHABLE and block.reason == reason


@pytest.mark.parametrize("line", [
    "Soldiers say they don't miss the front, but they cannot go home either.",
    "При цитуванні джерела слід бути обережним, каже експерт, який вивчав ці записи.",
    "We use your help to find the missing soldiers, the volunteers wrote in their appeal to relatives.",
])
def test_sentences_that_only_share_those_words_stay_content(line) -> None:
    block = _between_lede_and_body(line)
    assert block.kind in Kind.SEARCHABLE


def test_a_cut_teaser_of_the_wire_lede_as_the_first_line_is_not_the_headline(tmp_path) -> None:
    """A wire story scraped with no headline: the page opens with its lede cut short ("...") by the
    site's description, then the whole lede (a wire dateline and a long sentence). The cut copy reads
    like a first paragraph itself, yet it is a teaser of the lede: the title is the url's words,
    and the lede is kept once, whole."""
    lede = ("KATHMANDU, Nepal (Wire) — Nepal and Russia begin talks on Friday about Nepali men recruited "
            "to fight for Russia in Ukraine, after at least twelve of them were reported killed in action.")
    teaser = "KATHMANDU, Nepal (Wire) — Nepal and Russia begin talks on Friday about Nepali men recruited to…"
    url = "https://news.example.com/world/2024/06/kathmandu-and-moscow-discuss-nepali-men-fighting-in-ukraine/"
    doc = ingest_page(tmp_path, "\n\n".join([teaser, lede, BODY, BODY_2]), url)
    assert doc.metadata[A.TITLE] == "Kathmandu and moscow discuss Nepali men fighting in Ukraine"   # as the lede writes them
    kept = searchable(blocks_of(doc))
    assert kept[0] == lede and teaser not in kept
    # with a headline between the teaser and the lede, the headline still wins and the teaser is
    # not kept as a paragraph of its own
    headline = "Nepal and Russia to talk about Nepali men sent to the front"
    doc = ingest_page(tmp_path, "\n\n".join([teaser, headline, lede, BODY, BODY_2]), url)
    assert doc.metadata[A.TITLE] == headline
    kept = searchable(blocks_of(doc))
    assert kept[0] == lede and teaser not in kept


def test_speech_trailing_off_is_not_taken_for_a_cut_teaser() -> None:
    """Dialogue that trails off ("And then...") above a line that goes on from it is speech, not a
    site's teaser: it stays; so does a cut line with no headline between it and the paragraph."""
    blocks = [
        "And then...",
        "Silence",
        "And then the soldiers came back from the forest and told us that the whole company had left.",
        "We waited near the school until the evening because nobody told us what to do next at all...",
        "The commander said nothing.",
        "We waited near the school until the evening because nobody told us what to do next at all, "
        "and then the buses came for the wounded.",
    ]
    kept = [b.text for b in classify_blocks(blocks) if b.kind in Kind.SEARCHABLE]
    assert "And then..." in kept and blocks[3] in kept


def test_a_one_word_topic_tag_is_not_the_headline_its_long_slug_was_made_from(tmp_path) -> None:
    """A page opening with ad slots, a one-word topic tag (printed again above the lede), an app
    promotion and a photo caption, then the headline: the tag is one word of the url's long slug,
    not the headline the slug spells."""
    headline = "Kathmandu asks Moscow to send home Nepali men recruited as soldiers after five die"
    caption = ("Nepali recruits pictured at a training ground near Moscow last spring. Kathmandu has "
               "warned its citizens against joining foreign armies.")
    text = "\n".join(["Advertisement", "Advertisement", "Nepal", "Get more with our app",
                      "Stories picked for you, every morning", "Learn more", caption, "", headline, "",
                      "Nepal", LEDE, BODY, BODY_2])
    url = ("https://news.example.com/asia/article/3243862/kathmandu-asks-moscow-send-home-nepali-men-"
           "recruited-soldiers-after-five-die?utm_source=rss_feed")
    assert ingest_page(tmp_path, text, url).metadata[A.TITLE] == headline


def test_menu_items_run_together_are_not_the_headline_of_a_page_without_a_slug(tmp_path) -> None:
    """The scrape glued a site's menu into one line ("NewsroomПоследниСвят"): with no slug to read
    the headline from, the first headline-shaped line wins, and the glued menu is not one."""
    headline = "Киев съобщи за сблъсък между две руски части край Курск"
    text = "\n\n".join(["DailyПоследни новиниСвят", headline, LEDE, BODY, BODY_2])
    assert ingest_page(tmp_path, text, "https://news.example.bg/?p=90664").metadata[A.TITLE] == headline
    # a headline naming two glued brand names has words of its own
    named = "YouTube and TikTok remove the sergeant's video appeal after complaints"
    text = "\n\n".join([named, LEDE, BODY, BODY_2])
    assert ingest_page(tmp_path, text, "https://news.example.com/?p=17").metadata[A.TITLE] == named


def test_a_title_read_from_the_slug_writes_names_as_the_article_does(tmp_path) -> None:
    """A page that prints no headline gets the url's words as its title: names and acronyms written
    as the article writes them inside its sentences, everyday words as the slug has them."""
    text = "\n\n".join([
        "The first North Korean soldier captured in Kursk has died of his wounds, the NIS told lawmakers "
        "in Seoul on Friday, a day after Ukraine announced the capture.",
        "According to the NIS, the soldier was held by Ukraine's special forces; the soldier had "
        "wounds to his jaw and legs.",
        "Soldier deaths are rarely confirmed by either side."])
    url = "https://news.example.com/2024/12/27/first-captured-north-korean-soldier-dies-nis-tells-seoul-lawmakers/"
    doc = ingest_page(tmp_path, text, url)
    assert doc.metadata[A.TITLE] == "First captured North Korean soldier dies NIS tells Seoul lawmakers"


def test_a_day_alone_below_the_standfirst_and_its_caption_dates_the_page(tmp_path) -> None:
    """A broadcaster's page: section label, headline, a standfirst ending in a full stop (read as
    the first paragraph), a photo caption, then the day alone on its line. That day dates the page;
    a day alone further down (a related story's) does not."""
    top = ["WORLD", "Captured sergeant says his company refused to return to the trenches",
           "The recording follows earlier reports that whole platoons of the same brigade refused to "
           "go back to their positions after their rotation was cancelled.",
           "Soldiers at a checkpoint near the front. / Photo: Wire"]
    url = "https://news.example.com/europe/captured-sergeant-says-company-refused-to-return-18248931"
    doc = ingest_page(tmp_path, "\n".join(top + ["March 14, 2024", "", LEDE, "", BODY, "", BODY_2]), url)
    assert (doc.metadata[A.PUBLISHED], doc.metadata[A.DATE_PRECISION]) == ("2024-03-14", "day")
    doc = ingest_page(tmp_path, "\n".join(top + ["", LEDE, "", "March 14, 2024", "", BODY, "", BODY_2]), url)
    assert doc.metadata[A.PUBLISHED] is None


def test_a_slug_title_is_not_recased_by_menus_shouted_labels_or_a_word_also_written_in_lower_case(tmp_path) -> None:
    """The month "May" beside the verb "may", a related link in title case and a shouted label do
    not recase the slug's everyday words; "Putin" and "Kherson", written only so, are recased."""
    text = "\n\n".join([
        "Officers in Kherson say more men may desert after the offensive planned for May, and Putin "
        "has not answered their letters.",
        "The men say they may refuse orders; their commander tells them that Putin will decide.",
        BODY, "Putin Tells Them To Wait", "MORE FROM THE FRONT, SAYS OUR EDITOR"])
    url = "https://news.example.com/2024/04/02/men-may-desert-in-kherson-says-officer-putin-tells-them-wait/"
    doc = ingest_page(tmp_path, text, url)
    assert doc.metadata[A.TITLE] == "Men may desert in Kherson says officer Putin tells them wait"


@pytest.mark.parametrize("line, menu", [
    ("BulletinПоследни новиниСвят", True), ("NewsroomПоследниСвят", True), ("StartNewsUkraine", True),
    ("YouTube bans TikTok", False), ("WhatsApp, TikTok fined", False), ("iPhone and iPad banned", False),
    ("YouTube blocks RuTube channel", False), ("McDonald's leaves Russia", False),
])
def test_only_a_line_of_glued_words_is_a_glued_menu(line, menu) -> None:
    from pipeline.headline import is_glued_menu
    assert is_glued_menu(line) is menu


def test_a_sentence_cut_off_after_two_words_at_the_end_of_a_page_is_no_signature(tmp_path) -> None:
    """A scrape that stops two words into a sentence ("Оскільки з", "Since with") leaves a short
    line at the end, as a signature does; a lower-case one-letter word makes it no name."""
    text = "\n".join(["Командир роти відмовився вести бійців у наступ без підтримки артилерії",
                      LEDE, BODY, BODY_2, "Оскільки з"])
    doc = ingest_page(tmp_path, text, "https://news.example.ua/news/komandyr-roty-vidmovyvsia")
    assert doc.metadata[A.AUTHOR] is None
    signed = "\n".join(["Командир роти відмовився вести бійців у наступ без підтримки артилерії",
                        LEDE, BODY, BODY_2, "Olena Kovalenko"])
    assert ingest_page(tmp_path, signed, "https://news.example.ua/news/komandyr-roty-vidmovyvsia").metadata[A.AUTHOR] == "Olena Kovalenko"


# A site's menu printed above the article, longer than the lines read for the headline (mtvuutiset.fi,
# session 31, worded anew): a skip link, section names glued together, editors with their titles, phone
# numbers; then the headline, an image caption printed twice, the date, the author's photo label and name.
MENU_PAGE = [
    "Hyppää pääsisältöön", "TuoreimmatUrheiluSää", "Uutiset", "KotimaaUlkomaatTalous", "Urheilu",
    "JalkapalloMM-kisatJääkiekko RalliYleisurheilu", "Viihde", "ElokuvatMusiikki", "Tv-opas", "Muistilista",
    "• Uutistalo Esimerkkikatu 1", "00100 Helsinki", "• Päivystys010 123 4567", "• Vinkitvinkit@example.fi",
    "Toimitus", "• Matti Meikäläinen", "Vastaava päätoimittaja", "• Liisa Virtanen", "Uutispäätoimittaja",
    "• Pekka Korhonen", "Toimituspäällikkö", "Muut palvelut", "• Katsomo", "Asiakaspalvelu",
    "• Palaute", "• Avoimet työpaikat", "• Tietosuojalauseke", "• Käyttöehdot", "EtusivuVideotLuetuimmat",
    "Rintamalta karanneet sotilaat kertovat komentajien uhkailusta",
    "Sotilaita marssimassa harjoituksissa. Kuvituskuva.", "Sotilaita marssimassa harjoituksissa. Kuvituskuva.",
    "Julkaistu 12.3.2024 9:15", "Toimittajan kuva", "Anna Esimerkki",
    LEDE, BODY, BODY_2]
MENU_URL = "https://www.example.fi/artikkeli/rintamalta-karanneet-sotilaat-kertovat-komentajien-uhkailusta/1234567"


def test_a_page_under_a_long_site_menu_gets_its_headline_date_and_author() -> None:
    found = read_top_of_text("\n".join(MENU_PAGE), url=MENU_URL)
    assert found.title == "Rintamalta karanneet sotilaat kertovat komentajien uhkailusta"
    assert (found.date.published, found.author) == ("2024-03-12", "Anna Esimerkki")
    assert "line 30 of the page" in found.title_note


def test_a_skip_link_is_never_the_headline() -> None:
    """No line is convincing: the first headline-shaped line is taken, never the skip link."""
    for skip in ("Hyppää pääsisältöön", "Skip to content", "Zum Inhalt springen", "Sari la conținut"):
        found = read_top_of_text("\n".join([skip, "Soldiers describe threats from their commanders", LEDE, BODY]))
        assert found.title == "Soldiers describe threats from their commanders"


def test_the_site_menu_above_the_headline_is_not_searchable() -> None:
    title = "Rintamalta karanneet sotilaat kertovat komentajien uhkailusta"
    blocks = classify_blocks(split_blocks("\n\n".join(MENU_PAGE)), title=title, author="Anna Esimerkki")
    searchable = [b.text for b in blocks if b.kind in Kind.SEARCHABLE]
    assert searchable[-3:] == [LEDE, BODY, BODY_2]
    assert not any(name in " ".join(searchable) for name in ("Meikäläinen", "Käyttöehdot", "010 123 4567"))
    # section names glued together are a menu, not a byline (its reason is what the reader shows)
    assert {b.text: b.reason for b in blocks}["JalkapalloMM-kisatJääkiekko RalliYleisurheilu"] != "byline"


RO_LEDE = ("Tot mai mulți soldați ruși dezertează de pe front, iar mărturiile lor descriu condițiile grele "
           "din unitățile trimise în estul Ucrainei.")
RO_BODY = ("Unul dintre ei spune că a stat trei săptămâni în tranșee fără apă și fără schimb, în timp ce "
           "comandanții amenințau cu pedepse pe oricine refuza să înainteze.")


def test_a_section_label_over_a_page_without_headline_is_not_its_title() -> None:
    """adevarul.ro's shape (session 31, worded anew): a date, the section's label, date labels, the lead;
    the url spells the headline out, and the label shares none of its words."""
    url = "https://example.ro/stiri-externe/rusia/marturii-ale-soldatilor-rusi-despre-conditiile-de-pe-front-2491234.html"
    text = "\n".join(["Vineri, 5 Decembrie 2025", "Război în Ucraina", "Publicat:", RO_LEDE, RO_BODY])
    found = read_top_of_text(text, url=url)
    assert found.title is None and found.date.published == "2025-12-05"


def test_a_short_headline_in_another_language_than_the_slug_stays_the_title() -> None:
    url = "https://example.com/news/soldiers-flee-the-front-near-bakhmut-88123"
    lede = ("Солдаты одного из батальонов покинули позиции под Бахмутом после трёх недель без ротации, "
            "сообщили их родственники.")
    found = read_top_of_text("\n".join(["Бегство с фронта", lede, BODY]), url=url)
    assert found.title == "Бегство с фронта"


def test_a_long_question_between_paragraphs_is_searchable_text_a_short_one_a_subheading() -> None:
    """yle.fi's lead (session 31, worded anew): a question of sentence length between two paragraphs is
    the article's text, found by search; a question of a few words there is a subheading."""
    question = "Miksi sotilaat ylittävät rajan luvattomasti suuren kiinnijäämisen riskin uhallakin yöllä?"
    blocks = classify_blocks([LEDE, question, BODY, "Mitä seuraavaksi?", BODY_2])
    kinds = {b.text: b.kind for b in blocks}
    assert (kinds[question], kinds["Mitä seuraavaksi?"]) == (Kind.BODY, Kind.HEADING)


def test_a_numbered_list_of_skip_links_is_furniture_to_its_end() -> None:
    blocks = classify_blocks(["1. Main content", "2. Search", "3. Account", LEDE, BODY])
    assert [b.text for b in blocks if b.kind in Kind.SEARCHABLE] == [LEDE, BODY]


@pytest.mark.parametrize("url, published", [
    # a Ukrainian site's slug closing on the Unix time of its page (set 27's rbc shape, seen)
    ("https://www.example.ua/ukr/news/gur-perehopilo-rozmovu-okupantiv-1767971286.html", "2026-01-09"),
    # ...opening the slug, and a German aggregator's slug with the time and then an id
    ("https://example.ua/rus/news/ukraine/1697456731-v-gur-rasskazali-kak-sdalis-plen", "2023-10-16"),
    ("https://www.example.de/article/soldaten-verweigern-befehl-1698351363-15928", "2023-10-26"),
    # ten digits alone as a folder, beside an id word, or beside numbers only: an id, no time
    ("https://www.example.ee/1609844136/uuring-soldatid-keelduvad", None),
    ("https://www.example.com/news/article-1698351363.html", None),
    ("https://example.ua/war/247009_1645718739/amp", None),
    ("https://www.example.ua/ukr/news/gur-perehopilo-rozmovu-1967971286.html", None),   # after today: no time
    # ...or before url_unix_earliest_year (config/furniture.yaml): an id that reads as 2001 or 2009
    ("https://www.example.ru/news/soldaty-vtekli-1000234567.html", None),
    ("https://www.example.ru/news/soldaty-vtekli-1234567890.html", None),
])
def test_a_unix_time_glued_to_the_slug_dates_a_page_that_prints_none(tmp_path, url, published) -> None:
    doc = ingest_page(tmp_path, "\n\n".join([LEDE, BODY, BODY_2]), url)
    assert doc.metadata[A.PUBLISHED] == published
    if published:
        assert doc.metadata[A.DATE_NOTE] == "from the url (a Unix time)"


def test_a_unix_time_in_the_url_never_rejects_the_date_the_page_prints(tmp_path) -> None:
    """A ten-digit id that reads as a time years off must not turn the printed date into the site's."""
    text = "\n\n".join(["Soldiers refuse to return to the front", "12 March 2024", LEDE, BODY, BODY_2])
    doc = ingest_page(tmp_path, text, "https://www.example.ua/news/soldiers-refuse-return-1398351363.html")
    assert doc.metadata[A.PUBLISHED] == "2024-03-12"


@pytest.mark.parametrize("box, author", [
    ("Олена Приклад | Всі новини автора", "Олена Приклад"),
    ("Елена Пример | Все новости автора", "Елена Пример"),
    ("Jane Example | All articles by this author", "Jane Example"),
    ("Jana Beispiel Alle Artikel der Autorin", "Jana Beispiel"),
    ("Ioana Exemplu | Toate articolele autorului", "Ioana Exemplu"),
])
def test_an_author_box_with_the_link_to_the_authors_news_is_the_byline(tmp_path, box, author) -> None:
    """A set-27 page (vchaspik.ua): the date, the headline, then the author box printed as one line, the
    name and the link to the author's other articles ("Name | Всі новини автора"). The Reader showed
    it as the first heading and "Author: not stated"; it is the byline, and the name the author."""
    headline = "Полонені строковики розповіли журналістам, як потрапили на фронт"
    lede = ("Четверо строковиків, яких за словами командування на фронт не відправляли, опинилися в полоні "
            "і розповіли про це на пресконференції.")
    body = "Вони сказали, що про бойові дії дізналися лише тоді, коли колону почали обстрілювати."
    text = "\n\n".join(["14.03.2022, 18:04", headline, box, lede, body])
    doc = ingest_page(tmp_path, text, "https://example-news.ua/ua/ukrayina/524000-polonenі-strokovyky-rozpovily")
    assert doc.metadata[A.AUTHOR] == author
    assert doc.metadata[A.TITLE] == headline
    blocks = blocks_of(doc)
    assert removed(blocks)[box] == "byline"
    assert searchable(blocks) == [lede, body]


@pytest.mark.parametrize("byline", ["Von Beispiel-Online , abc 01.11.2025 - 01:48 Uhr Lesedauer: 3 Min.",
                                    "De Ion Exemplu 12 aprilie 2023, 11:36 Timp de citire: 3 minute"])
def test_a_dated_byline_of_another_language_is_furniture_above_the_first_paragraph(byline) -> None:
    """Above the article's first paragraph, below its headline, the same shape is the page's byline."""
    blocks = classify_blocks(["Sergeant says half his company refuses to return to the trenches", byline, LEDE, BODY])
    assert blocks[1].reason == "byline"


# Date lines the header reader missed on real pages of sets 27-39 (session 37), in our own words, each
# with its furniture in the order the page had it.
@pytest.mark.parametrize("lines, published", [
    # a news agency's credit, the day, a dash and the time (a German regional daily's dpa story)
    (["Zwei Soldaten wegen Mordes an einer Familie verurteilt", "dpa 08.11.2024 - 15:49 Uhr"], "2024-11-08"),
    # the day and time, a bullet, the view counter (a Bulgarian portal): the bullet is no byline's
    (["Гласът на разузнаването призова войниците да се предадат (ВИДЕО)",
      "22 май 2023, 17:46 часа • 18311 | прочитания"], "2023-05-22"),
    # ...the count and its word in one part (another Bulgarian portal, set 43: kept as article text)
    (["Осъден офицер отново е изпратен на фронта след присъда", "12 март 2025, 10:20 часа • 2301 прочитания"],
     "2025-03-12"),
    # the day and time, then the update's label and time (a Hong Kong wire page)
    (["Takeaways from a report on recruits tricked into fighting", "2026-01-27 17:54 Last Updated At:18:00"],
     "2026-01-27"),
    (["Soldaten verkaufen Urlaubsscheine an ihre Kameraden", "12.03.2024 Aktualisiert am 13.03.2024, 10:15"],
     "2024-03-12"),
    # an American paper's byline with its stamp: the month first, a two-digit year
    (["Court lowers sentence of soldier who shot a civilian", "by The Associated Press - 07/29/22 6:32 AM ET"],
     "2022-07-29"),
    (["Court lowers sentence of soldier who shot a civilian", "By Anna Smith 07/29/22 6:32 AM ET"], "2022-07-29"),
])
def test_more_printed_date_lines_date_the_page(tmp_path, lines, published) -> None:
    doc = ingest_page(tmp_path, "\n".join([*lines, LEDE, BODY]), "https://example.com/news/soldiers-refuse-orders")
    assert (doc.metadata[A.PUBLISHED], doc.metadata[A.DATE_PRECISION]) == (published, "day")
    assert doc.metadata[A.TITLE] == lines[0]
    assert lines[1] not in searchable(blocks_of(doc))       # the stamp is no paragraph of the article
    assert LEDE in searchable(blocks_of(doc))


@pytest.mark.parametrize("entry", [
    "24 лютого 2022 · Початок вторгнення",           # a chronology inside the article: a day, then what happened
    "21 сентября 2022 | Мобилизация объявлена",
    "24 лютого 2022 · 300 загиблих",                 # a count with its word, but no view count's word
])
def test_a_chronologys_dated_line_stays_article_text(tmp_path, entry) -> None:
    doc = ingest_page(tmp_path, "\n".join(["Soldiers refuse to return to the trenches", LEDE, entry, BODY]),
                      "https://example.com/news/soldiers-refuse")
    kinds = {b.text: b.kind for b in blocks_of(doc)}
    assert kinds[entry] in (Kind.HEADING, Kind.BODY)   # the article's own (a heading of its chronology), no date line


def test_a_wire_credit_and_its_day_below_a_standfirst_are_no_paragraph(tmp_path) -> None:
    # the standfirst, then the agency's credit and day, then the dateline's lead (the real page's order)
    standfirst = ("Two soldiers shot a family in an occupied town. A Russian court has now sentenced them, "
                  "which rarely happens.")
    doc = ingest_page(tmp_path, "\n".join(["Zwei Soldaten wegen Mordes an einer Familie verurteilt", standfirst,
                                           "dpa 08.11.2024 - 15:49 Uhr", LEDE, BODY]),
                      "https://example.com/news/soldiers-sentenced")
    assert doc.metadata[A.PUBLISHED] == "2024-11-08"
    assert "dpa 08.11.2024 - 15:49 Uhr" not in searchable(blocks_of(doc))
    assert LEDE in searchable(blocks_of(doc))


@pytest.mark.parametrize("stamp", [
    "by The Associated Press - 05/06/22 6:32 AM ET",   # both parts 12 or less: the order is not known
    "by The Associated Press - 07/29/22",               # no time beside it: a code, a score, not a stamp
    "Version v2.11.23 10:00",                           # a version number
    "Version 2.1.23 10:00",                             # ...set apart from its word
    "Score 3.4.22 12:30",
])
def test_a_two_digit_year_is_read_only_in_a_stamp_whose_order_is_sure(tmp_path, stamp) -> None:
    doc = ingest_page(tmp_path, "\n".join(["Court lowers sentence of soldier who shot a civilian", stamp, LEDE, BODY]),
                      "https://example.com/news/court-lowers-sentence")
    assert doc.metadata[A.PUBLISHED] is None


@pytest.mark.parametrize("lead, url, published", [
    # the day, a dash, the lead (a Kenyan portal; its url gives the month)
    ("Wednesday, 28 September 2022 – A young man who wants to avoid the call-up asked a friend to break his leg "
     "with a hammer, a video shows.", "https://example.com/2022/09/man-asks-friend-to-break-his-leg", "2022-09-28"),
    # the day glued by the scrape to the lead's first word (an international broadcaster's page, no day in its url)
    ("November 14, 2024Germany is sending more Russian men back home although their call-up papers are waiting.",
     "https://example.com/news/man-asks-friend-to-break-his-leg", "2024-11-14"),
    # after the dash a figure or an opening quote opens the lead as well as a capital does
    ("Monday, 3 April 2023 – 300 soldiers of a mobilised regiment have refused to return to the front, a video shows.",
     "https://example.com/news/regiment-refuses", "2023-04-03"),
    ("Monday, 3 April 2023 – «We will not go back», say soldiers of a mobilised regiment in a new video appeal.",
     "https://example.com/news/regiment-refuses", "2023-04-03"),
])
def test_a_day_opening_the_first_paragraph_dates_a_page_that_prints_no_other(tmp_path, lead, url, published) -> None:
    doc = ingest_page(tmp_path, "\n".join(["Man asks friend to break his leg to dodge the draft", lead, BODY]), url)
    assert (doc.metadata[A.PUBLISHED], doc.metadata[A.DATE_PRECISION]) == (published, "day")


@pytest.mark.parametrize("lead, url, published", [
    # the day the lead recalls, set off as an aside, or followed by a clause in lower case: no dateline
    ("9 May 1945 – Victory Day – is still the army's great parade, and soldiers at the front were told to "
     "watch it.", "https://example.com/news/victory-day-at-the-front", None),
    ("February 24, 2022 – a date every soldier's mother remembers – began the war her son now refuses to "
     "fight.", "https://example.com/news/mothers-remember", None),
    ("24 February 2022 – The First Day – is what the mothers of the regiment call it, and they marched again.",
     "https://example.com/news/mothers-march", None),
    # a dateline whose day the url contradicts: the url's day stands
    ("Wednesday, 28 September 2022 – A young man who wants to avoid the call-up asked a friend to break his "
     "leg.", "https://example.com/2024/05/09/man-asks-friend-to-break-his-leg", "2024-05-09"),
])
def test_a_day_the_lead_recalls_is_not_the_pages_date(tmp_path, lead, url, published) -> None:
    doc = ingest_page(tmp_path, "\n".join(["Man asks friend to break his leg to dodge the draft", lead, BODY]), url)
    assert doc.metadata[A.PUBLISHED] == published


def test_a_list_of_dated_teasers_above_the_article_dates_nothing(tmp_path) -> None:
    # a portal's latest-news list, each item its day glued to its headline, the article's own among them
    text = "\n".join(["Recruiters try a trick to lure a man out of his flat",
                      "March 16, 2024A family sues a television channel over a reporter's death",
                      "March 16, 2024In some villages hardly any men are left after the call-up.", BODY, BODY_2])
    doc = ingest_page(tmp_path, text, "https://example.com/villages-with-hardly-any-men-left")
    assert doc.metadata[A.PUBLISHED] is None


# A site's "What's On" widget above the article (set 42, in the same shape): other articles' headlines,
# each over its own day, then the site's links and the article's head.
_TEASERS = ["Council votes to close the old harbour market", "March 18, 2026",
            "Water tariffs to rise by four percent in July", "March 17, 2026",
            "Opposition leader wins a fourth term in the provincial vote", "March 17, 2026"]
_TEASER_HEADLINE = "Minister welcomes home the last group of stranded workers"


@pytest.mark.parametrize("teasers", [2, 3])
def test_a_list_of_teasers_each_over_its_day_gives_the_page_neither_headline_nor_date(tmp_path, teasers) -> None:
    text = "\n".join(["What's On", *_TEASERS[:2 * teasers], "Facebook X (Twitter) Instagram", "Business",
                      _TEASER_HEADLINE, "By Jane Doe", "February 24, 2026", LEDE, BODY])
    doc = ingest_page(tmp_path, text, "https://example.com/business/")
    assert (doc.metadata[A.TITLE], doc.metadata[A.PUBLISHED]) == (_TEASER_HEADLINE, "2026-02-24")


def test_a_headline_over_its_day_is_no_list_of_teasers(tmp_path) -> None:
    # one headline over its day, then the byline and a standfirst: the article's own head
    text = "\n".join(["Business", _TEASER_HEADLINE, "February 24, 2026", "By Jane Doe",
                      "Water tariffs to rise by four percent in July", LEDE, BODY])
    doc = ingest_page(tmp_path, text, "https://example.com/business/")
    assert (doc.metadata[A.TITLE], doc.metadata[A.PUBLISHED]) == (_TEASER_HEADLINE, "2026-02-24")


_STANDFIRST = "Families of the workers gathered at the airport to meet them"


@pytest.mark.parametrize("lines, title, published", [
    # the list, then the article's own headline over its day right above its first paragraph: by shape the
    # list's last teaser, so its headline is the page's but its day is not taken (review: the same shape
    # with a teaser last dated the page with the teaser's day; a wrong date is worse than none)
    ([*_TEASERS[:4], _TEASER_HEADLINE, "February 24, 2026"], _TEASER_HEADLINE, None),
    # an article's head in the same shape: headline, day, standfirst, its stamps
    ([_TEASER_HEADLINE, "February 24, 2026", _STANDFIRST, "Updated February 25, 2026"], _TEASER_HEADLINE, "2026-02-24"),
    ([_TEASER_HEADLINE, "Published February 24, 2026", _STANDFIRST, "Last updated February 24, 2026 at 5 pm",
      "Workers arrive at the airport on Tuesday"], _TEASER_HEADLINE, "2026-02-24"),
    ([_TEASER_HEADLINE, "24 February 2026", "Workers arrive at the airport on Tuesday (Photo: Jane Doe)",
      "24 February 2026 10:12"], _TEASER_HEADLINE, "2026-02-24"),
    ([_TEASER_HEADLINE, "February 24, 2026", _STANDFIRST, "By Jane Doe, February 24, 2026"], _TEASER_HEADLINE, "2026-02-24"),
    (["Министр встретил последнюю группу рабочих", "24 февраля 2026", "Родственники рабочих собрались в аэропорту",
      "Обновлено 25 февраля 2026", RU_LEDE, RU_BODY], "Министр встретил последнюю группу рабочих", "2026-02-24"),
])
def test_an_articles_head_over_its_day_is_no_list_of_teasers(tmp_path, lines, title, published) -> None:
    doc = ingest_page(tmp_path, "\n".join([*lines, LEDE, BODY]), "https://example.com/business/")
    assert (doc.metadata[A.TITLE], doc.metadata[A.PUBLISHED]) == (title, published)


def test_a_list_ends_above_the_headline_the_urls_slug_spells(tmp_path) -> None:
    # the list, then the article's headline over its day and a standfirst shaped like a headline
    text = "\n".join([*_TEASERS[:4], _TEASER_HEADLINE, "February 24, 2026", _STANDFIRST, LEDE, BODY])
    doc = ingest_page(tmp_path, text, "https://example.com/minister-welcomes-home-the-last-group-of-stranded-workers")
    assert (doc.metadata[A.TITLE], doc.metadata[A.PUBLISHED]) == (_TEASER_HEADLINE, "2026-02-24")


def test_one_headline_over_its_day_above_the_articles_head_leaves_the_page_dated(tmp_path) -> None:
    # one other article's headline over its day, then the article's: which is the page's own the shape
    # cannot tell (a standfirst over a dated byline looks the same); no list, so the page keeps a headline
    # and a date
    text = "\n".join([*_TEASERS[:2], _TEASER_HEADLINE, "February 24, 2026", LEDE, BODY])
    doc = ingest_page(tmp_path, text, "https://example.com/business/")
    assert doc.metadata[A.TITLE] is not None and doc.metadata[A.PUBLISHED] is not None


@pytest.mark.parametrize("lead", [
    # a year inside the lead's first sentence, no dash after a whole day: no dateline
    "In 2022 – the year of the call-up – a young man asked a friend to break his leg with a hammer.",
    "Since September 2022 – when the call-up began – young men have asked friends to break their legs.",
])
def test_a_lead_that_only_mentions_a_year_is_no_dateline(tmp_path, lead) -> None:
    doc = ingest_page(tmp_path, "\n".join(["Man asks friend to break his leg to dodge the draft", lead, BODY]),
                      "https://example.com/news/man-asks-friend-to-break-his-leg")
    assert doc.metadata[A.PUBLISHED] is None


def test_a_list_running_straight_into_the_first_paragraph_never_dates_the_page(tmp_path) -> None:
    """Second review (session 38): a list of dated teasers straight above the first paragraph, no other
    headline, was read as the article's head over its day: the page took the last teaser's day. By shape
    the last item may be the article's head, so its headline may stand, but its day is never taken."""
    text = "\n".join([*_TEASERS[:6], LEDE, BODY])
    doc = ingest_page(tmp_path, text, "https://example.com/business/")
    assert doc.metadata[A.PUBLISHED] is None
