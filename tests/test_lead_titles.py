"""A page that printed no headline and whose url has no words is titled by its first sentence, said so
wherever a title is shown, never read as a headline (pipeline.lead_titles). "(untitled)" was what 50
of 513 real scraped pages showed (wire pages opening on their dateline, Russian and Korean sites with
numeric urls, Twitter threads): every one alike in a chooser and on a slide.

The texts are written for these tests in the shapes of those pages."""
from __future__ import annotations

import dataclasses
import html
import json

import pandas as pd
import pytest

from newslens.knowledge import IngestSettings, parse_ingest_settings
from newslens.schema import ArticleCol, Kind, TitleSource, shown_title, title_source
from pipeline.lead_titles import lead_title, with_lead_titles
from tests.apptest_utils import all_markdown, plotly_specs, run_app
from tests.cli_utils import run_newslens
from tests.compare_cases import ORIGINAL, REWORK, UNRELATED
from tests.factories import article_frames, make_snapshot
from tests.test_build import build, write_raw

SETTINGS = IngestSettings()
LEAD_NOTE = f"no line of the page reads as its headline (best: line 1, score 0); {ArticleCol.TITLE_FROM_LEAD}"
URL_NOTE = f"no line of the page reads as its headline (best: line 3, score 1); {ArticleCol.TITLE_FROM_URL}"

# --- the rule --------------------------------------------------------------------------------------

WIRE_LEAD = ("VOLGOGRAD, March 3. /NEWSWIRE/. Two soldiers back from the front were detained after a brawl "
             "outside a bar in the city centre, the regional police said on Monday evening.")


@pytest.mark.unit
def test_a_wire_dateline_gives_way_to_the_sentence_after_it_cut_to_its_words():
    title = lead_title(WIRE_LEAD, SETTINGS)
    assert title == "Two soldiers back from the front were detained after a brawl outside a bar in the\u2026"
    assert len(title.split()) == SETTINGS.lead_title_words


@pytest.mark.unit
@pytest.mark.parametrize("paragraph, title", [
    # a thread's counter is no word of it; a figure opening the sentence is
    ("1/ A colonel was charged with taking money from his own men. He threatened them.",
     "A colonel was charged with taking money from his own men."),
    ("4,120 relatives have asked the ministry where their sons are, a rights group said. More followed.",
     "4,120 relatives have asked the ministry where their sons are, a rights group said."),
    ("\u2014 The mother of a missing private recorded an appeal to the governor.",
     "The mother of a missing private recorded an appeal to the governor."),
    ("9/11 families sued the ministry over the missing men. More.", "9/11 families sued the ministry over the missing men."),
    # a script without capitals: the sentence ends at its full stop all the same (review)
    ("군 당국은 실종된 병사 두 명의 가족에게 아무것도 알리지 않았다. 가족들은 항의했다.",
     "군 당국은 실종된 병사 두 명의 가족에게 아무것도 알리지 않았다."),
    # a bidi override would turn the title's mark around on screen
    ("\u202eRelatives of the missing men wrote to the governor again.", "Relatives of the missing men wrote to the governor again."),
    ("   ", None),
    ("123 456 789", None),
])
def test_the_first_sentence_is_the_title(paragraph, title):
    assert lead_title(paragraph, SETTINGS) == title


@pytest.mark.unit
def test_a_dateline_in_a_paragraph_of_its_own_gives_way_too():
    assert lead_title(["GENICHESK, July 7. /NEWSWIRE/.", "Relatives of two missing soldiers were told to wait."],
                      SETTINGS) == "Relatives of two missing soldiers were told to wait."
    assert lead_title(["GENICHESK, July 7. /NEWSWIRE/."], SETTINGS) == "GENICHESK, July 7. /NEWSWIRE/."   # all there is


@pytest.mark.unit
def test_a_japanese_lead_ends_at_its_full_stop_and_is_cut_by_its_width():
    sentence = "ロシア軍の兵士の家族が行方不明の息子を探している" * 4 + "。"
    title = lead_title(sentence + "二人目の兵士も同じ部隊にいた。", SETTINGS)
    assert title.endswith("\u2026") and "二人目" not in title
    assert 2 * (len(title) - 1) <= SETTINGS.lead_title_characters        # each character is two wide
    short = lead_title("兵士の母親が知事に訴えた。二人目の兵士も同じ部隊にいた。", SETTINGS)
    assert short == "兵士の母親が知事に訴えた。"


@pytest.mark.unit
def test_the_ingest_file_may_set_the_cut_and_may_leave_it_out(tmp_path):
    base = "min_words: 5\nearliest_year: 1995\nnear_duplicate: {max_changed_words: 5, max_changed_share: 0.03, shingle_words: 3}\n"
    (tmp_path / "old.yaml").write_text(base, encoding="utf-8")
    assert parse_ingest_settings(tmp_path / "old.yaml").lead_title_words == SETTINGS.lead_title_words
    (tmp_path / "short.yaml").write_text(base + "lead_title: {max_words: 5}\n", encoding="utf-8")
    assert lead_title(WIRE_LEAD, parse_ingest_settings(tmp_path / "short.yaml")) == "Two soldiers back from the\u2026"
    (tmp_path / "empty.yaml").write_text(base + "lead_title:\n  # max_words: 5\n", encoding="utf-8")   # its keys commented out
    assert parse_ingest_settings(tmp_path / "empty.yaml").lead_title_words == SETTINGS.lead_title_words
    (tmp_path / "bad.yaml").write_text(base + "lead_title: {max_word: 5}\n", encoding="utf-8")
    from newslens.knowledge import ConfigError
    with pytest.raises(ConfigError, match="lead_title.max_word"):
        parse_ingest_settings(tmp_path / "bad.yaml")


# --- the build's step --------------------------------------------------------------------------------

UNTITLED_PAGE = dataclasses.replace(UNRELATED, article_id="numeric-1", title=None, paragraphs=[
    ("Subscribe to our channel", Kind.BOILERPLATE),
    ("Photo: a soldier's mother holding his portrait", Kind.CAPTION),
    WIRE_LEAD,
    "Both had returned from the front in January, the police said.",
])


@pytest.mark.unit
def test_only_an_untitled_article_gets_its_first_sentence_never_a_caption_or_menu():
    empty = dataclasses.replace(UNRELATED, article_id="caption-1", title=None,
                                paragraphs=[("Photo: a burned-out tank", Kind.CAPTION)])
    articles, paragraphs = article_frames([ORIGINAL, UNTITLED_PAGE, empty])
    out = with_lead_titles(articles, paragraphs).set_index(ArticleCol.ID)
    assert out.loc["wire-1", ArticleCol.TITLE] == ORIGINAL.title
    assert out.loc["numeric-1", ArticleCol.TITLE] == lead_title(WIRE_LEAD, SETTINGS)
    assert title_source(out.loc["numeric-1", ArticleCol.TITLE_NOTE]) == TitleSource.LEAD
    assert json.loads(out.loc["numeric-1", ArticleCol.PROVENANCE])[ArticleCol.TITLE] == "inferred"
    assert pd.isna(out.loc["caption-1", ArticleCol.TITLE])          # nothing to stand in: still untitled


def test_a_build_titles_a_page_without_headline_or_worded_url_and_counts_it(tmp_path):
    """The shape of a Russian news page with a numeric url: a menu line, then the dateline's sentence."""
    raw = write_raw(tmp_path / "raw", {
        "page.txt": "Subscribe to our channel\n\n" + WIRE_LEAD + "\n\nBoth had returned from the front in "
                    "January and were drinking with two friends, the police said.\n",
        "metadata.csv": "file,url\npage.txt,https://news.example.ru/news/1053031419\n",
    })
    report = build(raw, tmp_path / "data")
    assert report.metadata_gaps["titles from the first sentence"] == 1 and report.metadata_gaps["untitled"] == 0
    [record] = json.loads(run_newslens("articles", "--data", str(tmp_path / "data"), "--json").stdout)["articles"]
    assert record["title"].startswith("Two soldiers back from the front")
    assert (record["title_source"], record["title_from_url"]) == (TitleSource.LEAD, False)


# --- shown as what it is ---------------------------------------------------------------------------

LEAD_TITLE = lead_title(ORIGINAL.paragraphs[1], SETTINGS)
MARK = " (from its first sentence)"
URL_TITLE = "Venajan komentaja kaski ampua peraantyvia sotilaita"
LEAD_WIRE = dataclasses.replace(ORIGINAL, paragraphs=ORIGINAL.paragraphs[1:], title=LEAD_TITLE,
                                title_note=LEAD_NOTE, provenance={ArticleCol.TITLE: "inferred"})


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    """A wire page titled by its first sentence re-reported by a page with a printed headline."""
    path = tmp_path_factory.mktemp("lead_titles")
    make_snapshot(path, [LEAD_WIRE, REWORK, UNRELATED])
    return path


@pytest.fixture(scope="module")
def no_headline_story_dir(tmp_path_factory):
    """One story whose reports print no headline: the first titled by its first sentence, the other by url words."""
    path = tmp_path_factory.mktemp("lead_story")
    make_snapshot(path, [LEAD_WIRE, dataclasses.replace(REWORK, title=URL_TITLE, title_note=URL_NOTE), UNRELATED])
    return path


def _ok(at):
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.unit
def test_an_untitled_record_claims_no_source():
    from newslens.schema import title_record

    assert title_record(None, TitleSource.HEADLINE) == {"title": None, "title_from_url": False, "title_source": None}
    assert title_record(LEAD_TITLE, TitleSource.LEAD)["title_source"] == "first sentence"


@pytest.mark.unit
def test_the_mark_follows_the_title_never_cut_off():
    assert shown_title(LEAD_TITLE, TitleSource.LEAD) == LEAD_TITLE + MARK
    assert shown_title(LEAD_TITLE, TitleSource.LEAD, 40).endswith("\u2026" + MARK)


def test_timeline_says_so_in_hovers_and_in_the_title_from_column(data_dir):
    at = _ok(run_app(data_dir))
    hovers = {aid: html.unescape(h) for t in plotly_specs(at)["Reports over time, by outlet"]["data"]
              if t.get("customdata") for aid, h in zip(t["customdata"], t["hovertext"])}
    assert MARK in hovers["wire-1"] and MARK not in hovers["rework-1"]
    table = at.dataframe[0].value.set_index(ArticleCol.ID)
    assert table.loc["wire-1", ["Title from", "Title"]].tolist() == ["its first sentence", LEAD_TITLE]
    assert table.loc["rework-1", "Title from"] == ""


def test_reader_compare_and_search_mark_it(data_dir):
    at = _ok(run_app(data_dir, page="articles", query_params={"article": "wire-1"}))
    assert html.unescape(at.header[0].value) == LEAD_TITLE + MARK
    at = _ok(run_app(data_dir, page="compare", query_params={"articles": "wire-1,rework-1"}))
    assert LEAD_TITLE + MARK in html.unescape(all_markdown(at))
    # the story is titled by the headline its other report printed
    story = at.selectbox(key="cmp_story")
    assert story.format_func(story.value).startswith(REWORK.title + " —")
    at = _ok(run_app(data_dir, page="search", query_params={"q": "commander", "mode": "lexical"}))
    wire = next(html.unescape(str(m.value)) for m in at.markdown if "nl-meta" in str(m.value) and "Wire Service" in str(m.value))
    assert MARK in wire


def test_a_story_prefers_url_words_to_a_first_sentence(no_headline_story_dir):
    [story] = json.loads(run_newslens("stories", "--data", str(no_headline_story_dir), "--json").stdout)["stories"]
    assert (story["title"], story["title_source"], story["title_from_url"]) == (URL_TITLE, TitleSource.URL, True)


def test_json_says_where_each_title_comes_from(data_dir):
    data = str(data_dir)
    wanted = {"wire-1": (LEAD_TITLE, TitleSource.LEAD), "rework-1": (REWORK.title, TitleSource.HEADLINE)}

    def sources(records):
        return {r["article_id"]: (r["title"], r["title_source"]) for r in records if r["article_id"] in wanted}

    def payload(*args):
        proc = run_newslens(*args, "--data", data, "--json")
        assert proc.returncode == 0, proc.stderr
        return json.loads(proc.stdout)

    assert sources(payload("search", "commander", "--mode", "lexical", "--no-group")["results"]) == wanted
    assert sources(payload("timeline")["articles"]) == wanted
    assert sources(payload("articles")["articles"]) == wanted
    assert sources(payload("topics")["paragraphs"]) == wanted
    compared = payload("compare", "wire-1", "rework-1")
    assert [(compared[s]["title"], compared[s]["title_source"]) for s in "ab"] == list(wanted.values())


@pytest.mark.unit
def test_a_first_sentence_is_no_headline_to_the_search():
    """Searched by words, a headline's words lift its article's lead; a stand-in is that lead's own words."""
    from newslens.search.engine import headline_texts

    articles, _ = article_frames([LEAD_WIRE, REWORK, dataclasses.replace(UNRELATED, title=URL_TITLE, title_note=URL_NOTE)])
    assert headline_texts(articles) == ["", REWORK.title, URL_TITLE]


@pytest.mark.unit
@pytest.mark.parametrize("note, said", [
    (ArticleCol.TITLE_FROM_LEAD, "the page prints no headline and its url has no words: the title is its first sentence"),
    (f"no line was convincing (best: line 2, score 0.5); {ArticleCol.TITLE_FROM_LEAD}",
     "no line of the page reads as a headline; its url has no words either: the title is its first sentence"),
])
def test_the_reader_says_why_in_plain_words(note, said):
    from newslens.reader.document import plain_title_evidence

    assert plain_title_evidence(note) == said


def test_a_transliterated_url_gives_way_to_the_pages_own_first_sentence(tmp_path):
    """A Russian page's slug is its headline in Latin letters ("Vo vladimire mnogodetnyy ..."): 61 of the
    804 real pages of sets 25-44 (Russian, Ukrainian, Bulgarian, Greek, Japanese) were titled so. Its own
    first sentence, in its own letters, stands in; a Latin-script page keeps its url's words."""
    raw = write_raw(tmp_path / "raw", {
        "ru.txt": "Подписывайтесь на наш канал\n\nВо Владимире суд приговорил участника СВО к трем годам колонии за "
                  "самовольное оставление части. Он вернулся домой из отпуска и не явился в часть.\n\nОб этом "
                  "сообщила пресс-служба суда.\n",
        "de.txt": "Ein Gericht in Wladimir hat einen Soldaten zu drei Jahren Haft verurteilt, weil er seine Einheit "
                  "verlassen hatte.\n\nEr war nach einem Urlaub nicht zurückgekehrt, teilte das Gericht mit.\n",
        # a long English menu over the Russian report (review): the report's letters count
        "menu.txt": "Home News World Sport Business Politics Culture Opinion Video Live Weather Travel Science\n\n"
                    "В Самаре суд отправил участника СВО в колонию за побег из части. Он скрывался у родственников "
                    "два месяца.\n\nОб этом сообщила пресс-служба суда.\n",
        # nothing to stand in (a list alone): the url's words after all (review)
        "list.txt": "- Самара\n- Суд\n- Колония\n- Побег\n- Приговор\n- Родственники\n- Армия\n",
        "metadata.csv": "file,url\n"
                        "ru.txt,https://example.ru/news/vo-vladimire-uchastnik-svo-poluchil-tri-goda-za-soch-51234\n"
                        "de.txt,https://example.de/politik/gericht-verurteilt-soldaten-zu-drei-jahren-haft-4411\n"
                        "menu.txt,https://example.su/news/v-samare-sud-otpravil-uchastnika-svo-v-koloniyu-777\n"
                        "list.txt,https://example.by/news/v-samare-osudili-beglogo-uchastnika-svo-888\n",
    })
    build(raw, tmp_path / "data")
    records = json.loads(run_newslens("articles", "--data", str(tmp_path / "data"), "--json").stdout)["articles"]
    titles = {r["url"].split("/")[2].rsplit(".", 1)[1]: (r["title"], r["title_source"]) for r in records}
    assert titles["ru"] == ("Во Владимире суд приговорил участника СВО к трем годам колонии за самовольное "
                                "оставление части.", TitleSource.LEAD)
    assert titles["de"][1] == TitleSource.URL
    assert titles["su"] == ("В Самаре суд отправил участника СВО в колонию за побег из части.", TitleSource.LEAD)
    assert titles["by"] == ("V samare osudili beglogo uchastnika svo", TitleSource.URL)
    # and the reader says why, in plain words
    from newslens.reader.document import plain_title_evidence
    [record] = [r for r in records if r["url"].startswith("https://example.ru/")]
    document = json.loads(run_newslens("articles", record["article_id"], "--data", str(tmp_path / "data"), "--json").stdout)
    assert "in other letters than the text" in plain_title_evidence(document["article"]["title_evidence"])


@pytest.mark.unit
def test_with_nothing_to_stand_in_the_transliterated_url_words_return():
    page = dataclasses.replace(UNRELATED, article_id="ru-1", title=None, url="https://example.ru/news/vo-vladimire-sud-prigovoril-soldata",
                               title_note=f"no headline-shaped line at the top of the page; {ArticleCol.URL_IN_OTHER_SCRIPT}",
                               paragraphs=[("Фото: суд", Kind.CAPTION)])
    articles, paragraphs = article_frames([page])
    out = with_lead_titles(articles, paragraphs).iloc[0]
    assert out[ArticleCol.TITLE] == "Vo vladimire sud prigovoril soldata"
    assert title_source(out[ArticleCol.TITLE_NOTE]) == TitleSource.URL


@pytest.mark.unit
@pytest.mark.parametrize("title, page, other", [
    # a Japanese slug in kanji over kana-rich text: one writing (review)
    ("東京 地震 震度 気象庁 発表", "東京で地震があり、気象庁は震度を発表した。けが人の情報はまだない。", False),
    # a long unpunctuated English menu over a Russian report: the report's letters (review)
    ("V kazani otkryli novyy most", "Home News World Sport Business Politics Culture Opinion Video Live Travel\n"
     "В Казани открыли новый мост через реку, сообщили в мэрии города в понедельник.", True),
    # a Serbian page in Latin letters with its Latin slug
    ("Vojnik se vratio sa fronta", "Vojnik se vratio sa fronta i uhapšen je, kažu mediji u Beogradu ovog jutra.", False),
    # full-width Latin letters are Latin
    ("ＮＡＴＯ summit", "The NATO summit opened on Monday, officials said, with the war in Ukraine on the agenda.", False),
])
def test_a_url_title_is_in_other_letters_only_when_its_script_differs_from_the_running_text(title, page, other):
    from pipeline.headline import letter_script, text_script

    assert (letter_script(title) != text_script(page)) is other
