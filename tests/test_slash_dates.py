"""A numeric slash date that reads both ways ("06/12/2023") is settled by the page's language: day first on a
page in a language whose pages write it so (furniture.yaml ``day_first_languages``), rejected on an English
page or one whose language is unknown, with a warning saying which."""
from __future__ import annotations

from datetime import date

import pytest
import yaml

from newslens.schema import ArticleCol as A
from newslens.schema import Provenance as V
from newslens.schema import Kind, ParagraphCol
from pipeline.clean import Reason, classify_blocks, split_blocks
from pipeline.ingest import ingest_corpus
from pipeline.metadata import parse_date
from pipeline.paragraphs import build_paragraphs
from pipeline.split_cache import doc_key
from pipeline.rules import RulesError, parse_rules, rules_path
from tests.factories import write_file as write

TODAY = date(2026, 11, 21)

# Pages written for these tests in the shapes real pages print: headline, byline or date line, lead.
SPANISH = ("Desertores rusos denuncian ejecuciones en el frente de Donetsk\n"
           "Publicado el 06/12/2023 - 10:15\n"
           "La inteligencia militar de Ucrania difundió una grabación en la que un soldado ruso cuenta a su madre "
           "que los mandos amenazan con fusilar a quienes se niegan a avanzar y que varios compañeros han huido.\n")
ITALIAN = ("Soldati russi si rifiutano di combattere, dice l'intelligence di Kiev\n"
           "Pubblicato il 03/04/2024 alle 18:20\n"
           "In una nuova intercettazione diffusa dai servizi ucraini un militare russo racconta alla moglie che "
           "molti commilitoni non vogliono tornare al fronte e che i comandanti li minacciano di morte.\n")
GERMAN = ("Russische Soldaten verweigern den Angriffsbefehl\n"
          "06/12/2023\n"
          "Der ukrainische Militärgeheimdienst hat ein abgefangenes Telefonat veröffentlicht, in dem ein russischer "
          "Soldat seiner Mutter erzählt, dass ganze Einheiten den Angriff verweigern und bedroht werden.\n")
ROMANIAN = ("Soldații ruși refuză să mai lupte, potrivit serviciilor ucrainene\n"
            "Publicat: 05/11/2023, 09:40\n"
            "Serviciul de informații al armatei ucrainene a publicat o convorbire interceptată în care un soldat "
            "rus îi spune mamei sale că mulți camarazi au fugit de pe front și că ofițerii îi amenință.\n")
ENGLISH = ("Russian soldiers refuse orders, intercepted call suggests\n"
           "Published 06/12/2023 10:15\n"
           "Ukraine's military intelligence released a recording in which a Russian soldier tells his mother that "
           "whole units refuse to advance and that their commanders threaten to shoot anyone who retreats.\n")

# Too few letters for the language detector: a video post's title, date and where it was shared.
VIDEO_POST = "Bakhmut, Soledar: VIDEO\n06/12/2023\nTelegram / X / Facebook, 2 min 14 s, 1080p\n"


def only_doc(root):
    result = ingest_corpus(root, today=TODAY)
    assert result.quarantined == [] and len(result.documents) == 1
    return result.documents[0], [w["message"] for w in result.warnings]


@pytest.mark.parametrize("text, language, published", [
    (SPANISH, "es", "2023-12-06"),      # a byline's date line with its time
    (ITALIAN, "it", "2024-04-03"),      # "alle 18:20": read with dateparser's help, in the one order
    (GERMAN, "de", "2023-12-06"),       # a date alone below the headline
    (ROMANIAN, "ro", "2023-11-05"),
])
def test_a_slash_date_reading_both_ways_is_read_day_first_on_a_page_in_a_day_first_language(
        tmp_path, text, language, published) -> None:
    write(tmp_path, "a.txt", text)
    doc, warnings = only_doc(tmp_path)
    assert (doc.metadata[A.LANGUAGE], doc.provenance[A.LANGUAGE]) == (language, V.INFERRED)
    assert doc.metadata[A.PUBLISHED] == published and doc.provenance[A.PUBLISHED] == V.INFERRED
    assert not any("ambiguous" in w for w in warnings)


def test_on_an_english_page_it_stays_ambiguous_and_the_warning_says_why(tmp_path) -> None:
    """American sites write the month first, British ones the day: the language does not settle it."""
    write(tmp_path, "a.txt", ENGLISH)
    doc, warnings = only_doc(tmp_path)
    assert (doc.metadata[A.LANGUAGE], doc.metadata[A.PUBLISHED]) == ("en", None)
    assert doc.metadata[A.DATE_RAW] == "Published 06/12/2023 10:15"
    assert warnings == ["ambiguous date 'Published 06/12/2023 10:15' (day and month order unknown: a page in 'en', "
                        "which furniture.yaml day_first_languages does not list as writing the day first) "
                        "rejected; kept as date_raw"]


def test_on_a_page_of_unknown_language_it_stays_ambiguous(tmp_path) -> None:
    write(tmp_path, "a.txt", VIDEO_POST)
    doc, warnings = only_doc(tmp_path)
    assert (doc.metadata[A.LANGUAGE], doc.metadata[A.PUBLISHED]) == (None, None)
    assert any("ambiguous date" in w and "the page's language is unknown" in w for w in warnings)


def test_a_language_the_metadata_gives_settles_it(tmp_path) -> None:
    """The given language counts as the detected one would: the same video post, given as Brazilian Portuguese."""
    write(tmp_path, "a.txt", VIDEO_POST)
    write(tmp_path, "metadata.csv", "file,language\na.txt,pt-BR\n")
    doc, warnings = only_doc(tmp_path)
    assert (doc.metadata[A.LANGUAGE], doc.provenance[A.LANGUAGE]) == ("pt", V.GIVEN)
    assert doc.metadata[A.PUBLISHED] == "2023-12-06"
    assert not any("ambiguous" in w for w in warnings)


@pytest.mark.parametrize("raw, language, published", [
    ("06/12/2023", "fr", "2023-12-06"),
    ("06/12/2023", "en", None),
    ("06/12/2023", "unknown", None),
    ("06/12/2023", None, None),             # a given (metadata) date: no page language to settle it
    ("06/13/2023", "fr", "2023-06-13"),     # only one order is a date: read so on any page
    ("13/06/2023", "en", "2023-06-13"),
    ("06.12.2023", "en", "2023-12-06"),     # dots are day first everywhere
    ("06/06/2023", "en", "2023-06-06"),     # the same either way
    # dateparser used to pick an order of its own for a numeric day among words: 4 March here
    ("03/04/2024 18h20", "fr", "2024-04-03"),
    ("03/04/2024 18h20", "unknown", None),
    # a 12-hour time is an American stamp's, month first, whatever the page's language: never read day first
    ("06/12/2023 10:04 AM", "ru", None),
    ("06/12/2023, 6.20 P.M.", "es", None),
    # review: Latin American Spanish writes its day first with a lower-case "p.m."
    ("06/12/2023, 6.20 p.m.", "es", "2023-12-06"),
    ("16/12/2023 10:04 AM", "ru", "2023-12-16"),
])
def test_the_order_of_a_numeric_date(raw, language, published) -> None:
    info = parse_date(raw, today=TODAY, language=language)
    assert info.published == published
    assert (info.warnings == []) == (published is not None)


def test_an_english_page_read_as_russian_for_its_quotes_keeps_its_american_stamp_unread(tmp_path) -> None:
    """The detector reads the page's language from its first lines: Russian quotes there make an English
    page 'ru'; its 12-hour stamp says the site writes the month first."""
    quote = ("Нас не отпускают домой уже пятый месяц, половина роты разбежалась, а командир обещает "
             "расстрелять каждого, кто не пойдёт в атаку.")
    write(tmp_path, "a.txt", "\n".join(["Russian soldiers complain in a video appeal", "06/12/2023 10:04 AM",
                                         quote, quote, "The soldiers said they had not been rotated in months."]))
    doc, warnings = only_doc(tmp_path)
    assert (doc.metadata[A.LANGUAGE], doc.metadata[A.PUBLISHED]) == ("ru", None)
    assert any("ambiguous date" in w and "a 12-hour time" in w for w in warnings)


def test_a_two_digit_year_stamp_is_read_in_the_same_order(tmp_path) -> None:
    write(tmp_path, "a.txt", SPANISH.replace("Publicado el 06/12/2023 - 10:15", "Por Ana Gómez - 06/12/23 10:15"))
    doc, _warnings = only_doc(tmp_path)
    assert doc.metadata[A.PUBLISHED] == "2023-12-06"


@pytest.mark.parametrize("stamp", ["06/12/2023 - 10:15", "16/12/2023 - 10:15"])
def test_cleaning_reads_the_date_line_as_the_header_reader_does(tmp_path, stamp) -> None:
    """A slash date on a Spanish page is a date line in cleaning too, whichever number is the larger:
    "06/12/2023 - 10:15" was shown as the article's heading while "16/12/2023 - 10:15" was furniture."""
    write(tmp_path, "a.txt", SPANISH.replace("Publicado el 06/12/2023 - 10:15", stamp))
    doc, _warnings = only_doc(tmp_path)
    assert doc.metadata[A.PUBLISHED] in ("2023-12-06", "2023-12-16")
    title, author, language = (doc.metadata[c] for c in (A.TITLE, A.AUTHOR, A.LANGUAGE))
    block = next(b for b in classify_blocks(split_blocks(doc.text), title=title, author=author, language=language)
                 if b.text == stamp)
    assert (block.kind, block.reason) == (Kind.BOILERPLATE, Reason.DATE_LINE)
    rows = build_paragraphs("a", doc.text, title=title, author=author, language=language)   # as the build does
    assert rows.loc[rows[ParagraphCol.TEXT] == stamp, ParagraphCol.KIND].tolist() == [Kind.BOILERPLATE]


def test_the_split_cache_keeps_apart_an_article_given_another_language() -> None:
    key = ("a", SPANISH, "Title", None, "model", 256)
    assert doc_key(*key, language="es") != doc_key(*key, language="en")


def test_the_day_first_languages_are_checked(tmp_path) -> None:
    """A malformed list stops the build with the key named; a furniture.yaml without it reads no slash date
    that reads both ways (as before the key existed)."""
    data = yaml.safe_load(rules_path().read_text(encoding="utf-8"))
    for bad in ("es", ["Spanish"], [False]):            # ([False]: an unquoted "no")
        data["day_first_languages"] = bad
        with pytest.raises(RulesError, match=r"furniture.yaml: day_first_languages: expected a list of language codes"):
            parse_rules(data, tmp_path / "furniture.yaml")
    del data["day_first_languages"]
    assert parse_rules(data, tmp_path / "furniture.yaml").day_first_languages == frozenset()
