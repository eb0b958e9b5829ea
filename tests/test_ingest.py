"""Ingest: raw folders -> documents with metadata and provenance; bad files quarantined, duplicates once."""
from __future__ import annotations

import json
import pathlib
import random
import unicodedata
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from newslens import config
from newslens.schema import ArticleCol as A
from newslens.topics.lenses import load_lenses
from newslens.schema import DatePrecision as P
from newslens.schema import Provenance as V
from pipeline.ingest import article_ids, articles_frame, ingest_corpus
from tests.factories import write_file as write

TODAY = date(2026, 11, 21)
BODY = ("A Russian commander ordered his soldiers to open fire on subordinates attempting to retreat, "
        "according to an alleged intercepted phone call released by Ukraine's military intelligence.\n\n"
        "The agency said the recording captured a conversation in Donetsk Oblast in which the commander "
        "demanded that troops stand their ground at all costs.\n")
RU_BODY = ("Командир приказал стрелять по своим, если кто-то побежит назад. Об этом сообщила военная "
           "разведка Украины, опубликовав перехват разговора.\n")
UK_BODY = ("Російські солдати скаржаться на командирів і відмовляються йти в бій, повідомляє розвідка. "
           "Їхні слова записані в перехопленій розмові.\n")
DE_BODY = "Grüße aus München: Die Soldaten weigern sich, weiter vorzurücken, sagte der Geheimdienst.\n"
ROOT = Path(__file__).resolve().parent.parent


def ingest(root: Path, **kwargs):
    return ingest_corpus(root, today=TODAY, **kwargs)


def only_doc(root: Path):
    result = ingest(root)
    assert result.quarantined == [], result.quarantined
    assert len(result.documents) == 1
    return result.documents[0]


# --------------------------------------------------------------------------------------------
# Bad input: quarantined with a clear reason, the rest of the corpus still read
# --------------------------------------------------------------------------------------------

BROKEN_YAML = "---\ntitle: [unclosed\nauthor: x: y\n---\n" + BODY
BAD_FILES = [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b"  \n\t\n   \r\n", "only whitespace"),
    ("nul.txt", b"Some words\x00\x00\x00 and binary", "binary file"),
    ("photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(200), "PNG image"),
    ("image.png", b"\x89PNG\r\n\x1a\n" + bytes(200), "unsupported file type '.png'"),
    ("report.pdf", b"%PDF-1.7 ...", "unsupported file type '.pdf'"),
    ("noise.txt", bytes(range(1, 256)) * 8, "undecodable"),
    # QA: seeded random bytes saved through a text editor (replacement characters, valid UTF-8).
    ("binary.txt", random.Random(0).randbytes(5000).decode("utf-8", "replace").replace("\x00", "").encode(),
     "binary or not text"),
    ("nav-only.html", b"<html><body><nav><a href='/'>Home</a></nav></body></html>", "no article text"),
    ("not-html.html", b"<<<>>> </p></div></html><html", "no article text"),
    ("broken-yaml.md", BROKEN_YAML.encode(), "front matter is not valid YAML"),
    ("list-yaml.md", ("---\n- a\n- b\n---\n" + BODY).encode(), "front matter is not a mapping"),
    ("front-only.md", b"---\ntitle: Just metadata\n---\n\n  \n", "no article text after the front matter"),
]


@pytest.mark.parametrize("name, content, reason", BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_file_is_quarantined_with_its_reason_and_the_build_goes_on(tmp_path, name, content, reason) -> None:
    write(tmp_path, name, content)
    write(tmp_path, "good.txt", BODY)
    result = ingest(tmp_path)
    assert [d.source_file for d in result.documents] == ["good.txt"]
    assert len(result.quarantined) == 1
    entry = result.quarantined[0]
    assert entry["file"] == name
    assert reason in entry["reason"]
    assert "\n" not in entry["reason"] and "Traceback" not in entry["reason"]


def test_oversized_file_is_quarantined_before_it_is_read(tmp_path, monkeypatch) -> None:
    write(tmp_path, "big.txt", BODY * 50)
    write(tmp_path, "good.txt", BODY)
    real_read = pathlib.Path.read_bytes

    def guarded_read(self):
        assert self.name != "big.txt", "the oversized file was read into memory"
        return real_read(self)

    monkeypatch.setattr(pathlib.Path, "read_bytes", guarded_read)
    result = ingest(tmp_path, max_bytes=len(BODY) * 10)
    assert [d.source_file for d in result.documents] == ["good.txt"]
    assert result.quarantined[0]["file"] == "big.txt"
    assert "over the" in result.quarantined[0]["reason"] and "limit" in result.quarantined[0]["reason"]


def test_default_size_limit_is_the_configured_one(tmp_path) -> None:
    with open(tmp_path / "huge.txt", "wb") as fh:      # sparse: nothing is really written
        fh.truncate(config.MAX_RAW_FILE_BYTES + 1)
    result = ingest(tmp_path)
    assert result.documents == [] and "limit" in result.quarantined[0]["reason"]


def test_broken_html_does_not_crash_and_keeps_its_text(tmp_path) -> None:
    html = ("<html><head><title>Mutiny</title><body><div><p>Unclosed <b>bold <p>" + BODY.replace("\n", " ")
            + "<p>Another paragraph about the morale of the troops and desertion at the front.<table><tr><td>")
    write(tmp_path, "broken.html", html)
    doc = only_doc(tmp_path)
    assert "Donetsk Oblast" in doc.text and "morale of the troops" in doc.text


def test_missing_raw_folder_is_a_clear_error(tmp_path) -> None:
    with pytest.raises(FileNotFoundError, match="does not exist"):
        ingest(tmp_path / "nope")


# --------------------------------------------------------------------------------------------
# Encodings: decoded right and recorded
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, data_encoding, prefix, recorded", [
    (RU_BODY, "utf-8", b"", "utf-8"),
    (RU_BODY, "utf-8", b"\xef\xbb\xbf", "utf-8-sig"),
    (RU_BODY, "cp1251", b"", "cp1251"),
    (RU_BODY, "koi8-r", b"", "koi8-r"),
    (UK_BODY, "cp1251", b"", "cp1251"),
    (UK_BODY, "koi8-u", b"", "koi8-u"),
    (DE_BODY, "latin-1", b"", "latin-1"),
    (DE_BODY.replace(":", " –"), "cp1252", b"", "cp1252"),
])
def test_encodings_are_decoded_and_recorded(tmp_path, text, data_encoding, prefix, recorded) -> None:
    write(tmp_path, "a.txt", prefix + text.encode(data_encoding))
    doc = only_doc(tmp_path)
    assert doc.text == text
    assert doc.encoding == recorded


def test_html_in_cp1251_with_its_charset_declared(tmp_path) -> None:
    html = (f'<html><head><meta charset="windows-1251"><title>Перехват</title></head><body><article>'
            f'<h1>Перехват</h1><p>{RU_BODY}</p><p>{RU_BODY}</p></article></body></html>')
    write(tmp_path, "a.html", html.encode("cp1251"))
    doc = only_doc(tmp_path)
    assert doc.encoding == "cp1251"
    assert "Командир приказал" in doc.text
    assert doc.metadata[A.LANGUAGE] == "ru" and doc.provenance[A.LANGUAGE] == V.INFERRED


def test_invalid_utf8_bytes_never_crash(tmp_path) -> None:
    data = BODY.encode("utf-8").replace(b"Donetsk", b"Don\xffetsk") + UK_BODY.encode("utf-8")
    write(tmp_path, "a.txt", data)
    result = ingest(tmp_path)
    doc = result.documents[0]
    assert doc.encoding == "utf-8" and "\ufffd" in doc.text
    assert any("replaced" in w["message"] for w in result.warnings)


# --------------------------------------------------------------------------------------------
# Metadata: sidecar, front matter, HTML, inference - each with its provenance
# --------------------------------------------------------------------------------------------

def test_sidecar_wins_over_front_matter_and_the_disagreement_is_reported(tmp_path) -> None:
    write(tmp_path, "a.md", "---\ntitle: Scraper's title\nauthor: Jane Doe\ndate: 2022-05-11\n---\n" + BODY)
    write(tmp_path, "metadata.csv", "file,title,outlet\na.md,Curator's title,Kyiv Post\n")
    result = ingest(tmp_path)
    doc = result.documents[0]
    assert doc.metadata[A.TITLE] == "Curator's title"          # sidecar
    assert doc.metadata[A.AUTHOR] == "Jane Doe"                # front matter fills the gap
    assert doc.metadata[A.OUTLET] == "Kyiv Post"
    assert doc.metadata[A.PUBLISHED] == "2022-05-11"           # a YAML date, read as text
    assert all(doc.provenance[f] == V.GIVEN for f in (A.TITLE, A.AUTHOR, A.OUTLET, A.PUBLISHED))
    assert any("disagree on title" in w["message"] for w in result.warnings)
    assert not doc.text.startswith("---") and "Scraper's title" not in doc.text


def test_front_matter_aliases_as_trafilatura_writes_them(tmp_path) -> None:
    front = ("---\ntitle: Mutiny\nsitename: Kyiv Post\nhostname: kyivpost.com\ndate: '2023-07'\n"
             "url: https://www.kyivpost.com/post/19077\nlang: EN\ntags: [war]\n---\n")
    write(tmp_path, "a.md", front + BODY)
    result = ingest(tmp_path)
    m = result.documents[0].metadata
    assert (m[A.OUTLET], m[A.DOMAIN], m[A.PUBLISHED], m[A.DATE_PRECISION], m[A.LANGUAGE]) == \
        ("Kyiv Post", "kyivpost.com", "2023-07", P.MONTH, "en")
    assert (m[A.DATE_START], m[A.DATE_END]) == (pd.Timestamp("2023-07-01"), pd.Timestamp("2023-07-31"))
    assert any("ignored unknown field(s) tags" in w["message"] for w in result.warnings)


def test_html_metadata_is_extracted_and_headings_kept_as_lines(tmp_path) -> None:
    html = """<html><head><title>Commander bans retreat | Example News</title>
    <meta property="og:site_name" content="Example News"><meta name="author" content="Jane Doe">
    <meta property="article:published_time" content="2022-05-11T10:00:00Z">
    <link rel="canonical" href="https://www.example-news.com/world/commander-bans-retreat"></head>
    <body><nav><a href="/">Home</a> <a href="/world">World</a></nav><article><h1>Commander bans retreat</h1>
    <p>A Russian commander ordered his soldiers to open fire on subordinates attempting to retreat.</p>
    <h2>No way back</h2><p>The agency said the recording captured a conversation in Donetsk Oblast.</p>
    </article><footer>Copyright 2022</footer></body></html>"""
    write(tmp_path, "page.html", html)
    doc = only_doc(tmp_path)
    lines = doc.text.splitlines()
    assert "No way back" in lines                               # a heading is its own line
    assert any(line.startswith("A Russian commander") for line in lines)
    assert "Copyright" not in doc.text and "Home" not in lines  # page furniture left out by trafilatura
    m, prov = doc.metadata, doc.provenance
    assert (m[A.TITLE], m[A.AUTHOR], m[A.OUTLET], m[A.PUBLISHED]) == \
        ("Commander bans retreat", "Jane Doe", "Example News", "2022-05-11")
    assert m[A.URL] == "https://www.example-news.com/world/commander-bans-retreat"
    assert all(prov[f] == V.EXTRACTED for f in (A.TITLE, A.AUTHOR, A.OUTLET, A.PUBLISHED, A.URL))
    assert doc.source_format == "html"


HTML_PARAGRAPHS = f"<p>{BODY}</p><p>{BODY.upper()}</p>"


@pytest.mark.parametrize("head, body_top, title, outlet", [
    # QA: og:site_name and a " | Site" title suffix: outlet from the site name, suffix dropped.
    ('<title>Headline here | Example News</title><meta property="og:site_name" content="Example News">',
     "", "Headline here", "Example News"),
    # The site name in <meta name="sitename">, which trafilatura does not read; no <h1> in the page.
    ('<title>Soldiers refuse to advance | Example Daily</title><meta name="sitename" content="Example Daily">',
     "", "Soldiers refuse to advance", "Example Daily"),
    ('<meta content="Example Times" property="og:site_name"><title>Example Times - Mutiny in the regiment</title>',
     "", "Mutiny in the regiment", "Example Times"),
    # A bar that is part of the headline stays; only the site's own name is cut.
    ('<title>Bakhmut | Soldiers refuse to fight | Example News</title>'
     '<meta property="og:site_name" content="Example News">', "", "Bakhmut | Soldiers refuse to fight",
     "Example News"),
    # A page title that is only the site name is no headline; nothing else headline-shaped: unknown.
    ('<title>Example News</title><meta property="og:site_name" content="Example News">', "", None,
     "Example News"),
])
def test_html_site_name_is_the_outlet_and_leaves_the_title(tmp_path, head, body_top, title, outlet) -> None:
    write(tmp_path, "page.html", f"<html><head>{head}</head><body><article>{body_top}{HTML_PARAGRAPHS}"
                                 "</article></body></html>")
    doc = only_doc(tmp_path)
    assert (doc.metadata[A.TITLE], doc.metadata[A.OUTLET]) == (title, outlet)
    assert doc.provenance[A.OUTLET] == V.EXTRACTED
    assert doc.provenance.get(A.TITLE) == (V.EXTRACTED if title else None)


@pytest.mark.parametrize("headline", ["Бунт мобилизованных", "ДЕЗЕРТИРЫ ИЗ КУРСКА", "Солдаты отказались наступать"])
@pytest.mark.parametrize("encoding", ["cp1251", "koi8-r", "utf-8"])
def test_a_headline_shaped_first_line_is_the_title_in_every_encoding(tmp_path, headline, encoding) -> None:
    write(tmp_path, "ru.txt", f"{headline}\n\n{RU_BODY}\n{RU_BODY.upper()}".encode(encoding))
    doc = only_doc(tmp_path)
    assert doc.encoding == encoding
    assert (doc.metadata[A.TITLE], doc.provenance[A.TITLE]) == (headline, V.INFERRED)


def test_given_html_metadata_beats_the_page_own(tmp_path) -> None:
    html = ("<html><head><title>Page title</title><meta name='author' content='Page Author'></head>"
            f"<body><article><p>{BODY}</p></article></body></html>")
    write(tmp_path, "page.htm", html)
    write(tmp_path, "metadata.csv", "file,title\npage.htm,Curated title\n")
    doc = only_doc(tmp_path)
    assert (doc.metadata[A.TITLE], doc.provenance[A.TITLE]) == ("Curated title", V.GIVEN)
    assert (doc.metadata[A.AUTHOR], doc.provenance[A.AUTHOR]) == ("Page Author", V.EXTRACTED)


def test_html_without_page_metadata_falls_back_to_rules_over_its_text(tmp_path) -> None:
    html = ("<html><body><article><p>18th Mar 2022</p><h1>Soldiers shoot themselves to go home</h1>"
            f"<p>Danny Jones</p><p>{BODY}</p><p>{BODY.upper()}</p></article></body></html>")
    write(tmp_path, "page.html", html)
    write(tmp_path, "metadata.csv", "file,url\npage.html,https://www.joe.co.uk/news/soldiers-shoot-323857\n")
    doc = only_doc(tmp_path)
    m, prov = doc.metadata, doc.provenance
    assert (m[A.PUBLISHED], prov[A.PUBLISHED]) == ("2022-03-18", V.INFERRED)
    assert (m[A.AUTHOR], prov[A.AUTHOR]) == ("Danny Jones", V.INFERRED)
    assert (m[A.URL], prov[A.URL]) == ("https://www.joe.co.uk/news/soldiers-shoot-323857", V.GIVEN)
    assert (m[A.OUTLET], m[A.DOMAIN]) == ("JOE", "joe.co.uk")


@pytest.mark.parametrize("top, field, value", [
    ("18th Mar 2022\nSoldiers shoot themselves to go home\nDanny Jones\n", A.PUBLISHED, "2022-03-18"),
    ("18th Mar 2022\nSoldiers shoot themselves to go home\nDanny Jones\n", A.DATE_PRECISION, P.DAY),
    ("18th Mar 2022\nSoldiers shoot themselves to go home\nDanny Jones\n", A.DATE_RAW, "18th Mar 2022"),
    ("18th Mar 2022\nSoldiers shoot themselves to go home\nDanny Jones\n", A.AUTHOR, "Danny Jones"),
    ("18th Mar 2022\nSoldiers shoot themselves to go home\nDanny Jones\n", A.TITLE,
     "Soldiers shoot themselves to go home"),
    ("by Tim Zadorozhnyy\n", A.AUTHOR, "Tim Zadorozhnyy"),
    ("---\nurl: https://www.kyivpost.com/post/19077\n---\n", A.DOMAIN, "kyivpost.com"),
    ("---\nurl: https://www.kyivpost.com/post/19077\n---\n", A.OUTLET, "Kyiv Post"),
    ("---\nurl: https://kyivindependent.com/commander-told-troops-to-shoot-retreating-soldiers/\n---\n",
     A.TITLE, "Commander told troops to shoot retreating soldiers"),
    ("---\ndomain: joe.co.uk\n---\n", A.OUTLET, "JOE"),
    ("", A.LANGUAGE, "en"),
])
def test_inferred_values_are_marked_inferred(tmp_path, top, field, value) -> None:
    write(tmp_path, "a.md", top + BODY)
    doc = only_doc(tmp_path)
    assert doc.metadata[field] == value
    assert doc.provenance[field] == V.INFERRED


def test_nothing_is_invented_when_nothing_is_found(tmp_path) -> None:
    write(tmp_path, "a.txt", BODY)
    doc = only_doc(tmp_path)
    for name in (A.TITLE, A.AUTHOR, A.URL, A.DOMAIN, A.OUTLET, A.PUBLISHED, A.DATE_RAW, A.ORIGINAL_SOURCE):
        assert doc.metadata[name] is None and name not in doc.provenance
    assert doc.metadata[A.DATE_PRECISION] == P.UNKNOWN
    assert pd.isna(doc.metadata[A.DATE_START]) and pd.isna(doc.metadata[A.DATE_END])


@pytest.mark.parametrize("given", ["2023/13/45", "2022-02-30", "2031-01-01"])
def test_a_rejected_given_date_is_kept_raw_and_not_replaced_by_inference(tmp_path, given) -> None:
    write(tmp_path, "a.txt", "18th Mar 2022\n" + BODY)
    write(tmp_path, "metadata.csv", f"file,published\na.txt,{given}\n")
    result = ingest(tmp_path)
    m = result.documents[0].metadata
    assert (m[A.PUBLISHED], m[A.DATE_PRECISION], m[A.DATE_RAW]) == (None, P.UNKNOWN, given)
    assert result.documents[0].provenance[A.DATE_RAW] == V.GIVEN
    assert any(given in w["message"] and "rejected" in w["message"] for w in result.warnings)


def test_an_impossible_front_matter_date_keeps_the_article(tmp_path) -> None:
    """YAML's own date reader raised on "2099-13-45" and the whole build stopped ("month must be in
    1..12"): front-matter dates are read as text by the metadata rules, which reject this one."""
    write(tmp_path, "a.md", "---\ntitle: Soldiers refuse to fight\npublished: 2099-13-45\n---\n" + BODY)
    write(tmp_path, "b.md", "---\ntitle: Another report\npublished: 2022-05-11\n---\n" + BODY.replace("a", "e"))
    result = ingest(tmp_path)
    by_file = {d.source_file: d.metadata for d in result.documents}
    assert (by_file["a.md"][A.PUBLISHED], by_file["a.md"][A.DATE_RAW]) == (None, "2099-13-45")
    assert by_file["b.md"][A.PUBLISHED] == "2022-05-11"
    assert any("2099-13-45" in w["message"] and "rejected" in w["message"] for w in result.warnings)


def test_an_impossible_printed_date_is_rejected_with_a_warning(tmp_path) -> None:
    write(tmp_path, "a.txt", "2022-02-30\nSoldiers refuse to fight\n" + BODY)
    result = ingest(tmp_path)
    m = result.documents[0].metadata
    assert (m[A.PUBLISHED], m[A.DATE_RAW]) == (None, "2022-02-30")
    assert result.warnings == [{"file": "a.txt", "message": "impossible date '2022-02-30' rejected; kept as date_raw"}]


@pytest.mark.parametrize("data, encoding", [
    ("file;title;author\na.txt;Солдати відмовляються;Олена Коваль\n", "cp1251"),      # Excel, Ukrainian locale
    ("file\ttitle\tauthor\na.txt\tSolda\u021bii refuz\u0103\tJürgen Groß\n", "utf-8"),
    ("\ufefffile,title,author\na.txt,Grüße aus München,Jürgen Groß\n", "utf-8"),    # BOM
    ("file,title,author\na.txt,Grüße aus München,Jürgen Groß\n", "cp1252"),
])
def test_sidecar_as_spreadsheets_save_it(tmp_path, data, encoding) -> None:
    write(tmp_path, "a.txt", BODY)
    write(tmp_path, "metadata.csv", data.encode(encoding))
    result = ingest(tmp_path)
    m = result.documents[0].metadata
    row = data.lstrip("\ufeff").splitlines()[1]
    assert (m[A.TITLE], m[A.AUTHOR]) == tuple(row.replace(";", ",").replace("\t", ",").split(",")[1:])
    assert result.warnings == []


@pytest.mark.parametrize("csv_text, message", [
    ("name,title\na.txt,x\n", "no 'file' column"),
    ("file,title\nmissing.txt,x\n", "not in the raw folder"),
    ("file,title,colour\na.txt,x,blue\n", "ignored unknown field(s) colour"),
    ("file,language\na.txt,Klingon\n", "not a language code"),
    ("file,title\na.txt,First\na.txt,Second\n", "second row for a.txt"),
    (b"\x89PNG\r\n\x1a\n" + bytes(100), "metadata table ignored"),
])
def test_sidecar_problems_are_warnings_not_crashes(tmp_path, csv_text, message) -> None:
    write(tmp_path, "a.txt", BODY)
    write(tmp_path, "metadata.csv", csv_text)
    result = ingest(tmp_path)
    assert len(result.documents) == 1
    assert any(message in w["message"] for w in result.warnings), result.warnings


# --------------------------------------------------------------------------------------------
# Files, ids, duplicates, the frame
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("files, expected", [
    (["000_786adddaa2322f99.txt"], ["000_786adddaa2322f99"]),
    (["a.txt", "sub/a.txt"], ["a", "sub__a"]),
    (["a.html", "a.txt"], ["a.html", "a.txt"]),
    (["my article (1).txt"], ["my_article__1__506a9889"]),
])
def test_article_ids_are_stable_safe_and_unique(files, expected) -> None:
    ids = article_ids([Path(f) for f in files])
    assert [ids[Path(f)] for f in files] == expected


def test_non_ascii_file_names_get_distinct_ids() -> None:
    ids = article_ids([Path("статья.txt"), Path("новость.txt")])
    assert len(set(ids.values())) == 2
    assert all(set(i) <= set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-") for i in ids.values())


@pytest.mark.parametrize("name, expected", [
    ("Фролов_допрос.html", "Frolov_dopros_dfbca33e"),
    ("Αθήνα_ρεπορτάζ.html", "Athina_reportaz_2d491d6d"),
    ("士兵逃跑.html", "ShiBingTaoPao_7417441a"),
    ("știre_soldați.html", "stire_soldati_ef7049b7"),          # Romanian s and t with comma below
    ("Hämeen_uutinen.html", "Hameen_uutinen_fb6db538"),
    ("Телеграм/0001.html", "Telegram__0001_7d3a132b"),
])
def test_a_file_named_in_another_script_gets_a_readable_id(name, expected) -> None:
    """A review: "Фролов_допрос.html" had the id "______________dfbca33e" in the CLI, the reader and
    exports; the name is transliterated, and the hash kept since the name was changed."""
    assert article_ids([Path(name)])[Path(name)] == expected


def test_names_transliterated_alike_keep_apart() -> None:
    names = ["Фролов_допрос.html", "Frolov_dopros.html", "știre.html", "ştire.html"]   # comma below, cedilla
    ids = article_ids([Path(n) for n in names])
    assert ids[Path("Frolov_dopros.html")] == "Frolov_dopros"                         # ASCII names unchanged
    assert len(set(ids.values())) == 4


def test_a_directory_link_and_a_dangling_link_do_not_crash(tmp_path) -> None:
    write(tmp_path, "a.txt", BODY)
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    result = ingest(tmp_path)
    assert [d.source_file for d in result.documents] == ["a.txt"]
    assert [q["file"] for q in result.quarantined] == ["loop/", "gone.txt"]
    assert "link to a folder; not followed" in result.quarantined[0]["reason"]
    assert "could not read" in result.quarantined[1]["reason"]


def test_readme_hidden_files_and_the_sidecar_are_not_articles(tmp_path) -> None:
    write(tmp_path, "README.md", "# About this folder\n" + BODY)
    write(tmp_path, ".hidden.txt", BODY)
    write(tmp_path, ".git/notes.txt", BODY)
    write(tmp_path, "metadata.csv", "file,title\nsub/b.txt,B\n")
    write(tmp_path, "sub/b.txt", BODY)
    result = ingest(tmp_path)
    assert [d.source_file for d in result.documents] == ["sub/b.txt"]
    assert result.documents[0].article_id == "sub__b"
    assert result.quarantined == []


@pytest.mark.parametrize("copy", [
    BODY,                                                     # byte for byte
    BODY.replace("\n", "\r\n"),                               # Windows line breaks
    "\ufeff" + BODY.replace(" ", "  "),                       # BOM and doubled spaces
    "---\ntitle: Same text, other metadata\n---\n" + BODY,    # front matter is not text
])
def test_the_same_text_under_two_names_is_kept_once(tmp_path, copy) -> None:
    write(tmp_path, "a.txt", BODY)
    write(tmp_path, "b.md", copy)
    result = ingest(tmp_path)
    assert [d.source_file for d in result.documents] == ["a.txt"]
    assert result.duplicates == [{"file": "b.md", "duplicate_of": "a.txt"}]


def test_different_texts_are_not_duplicates(tmp_path) -> None:
    write(tmp_path, "a.txt", BODY)
    # More than a few words added: an updated report, not a copy (a few words: see the near-duplicate tests).
    write(tmp_path, "b.txt", BODY + "\nOne more sentence, added in an update, says the commander was later "
                                    "removed from his post by the brigade.")
    assert ingest(tmp_path).duplicates == []


def test_articles_frame_follows_the_contract(tmp_path) -> None:
    write(tmp_path, "a.txt", "18th Mar 2022\nSoldiers refuse to fight\n" + BODY)
    write(tmp_path, "b.txt", RU_BODY.encode("cp1251"))
    frame = articles_frame(ingest(tmp_path).documents)
    assert list(frame.columns) == list(A.ALL)
    assert frame[A.ID].is_unique
    assert str(frame[A.DATE_START].dtype).startswith("datetime64") and str(frame[A.DATE_END].dtype).startswith("datetime64")
    row = frame.set_index(A.ID).loc["a"]
    assert json.loads(row[A.PROVENANCE])[A.PUBLISHED] == V.INFERRED
    assert json.loads(row[A.WARNINGS]) == []
    assert frame.set_index(A.ID).loc["b", A.ENCODING] == "cp1251"
    assert pd.isna(frame.set_index(A.ID).loc["b", A.DATE_START])
    # Parquet round trip (what the snapshot writer does).
    frame.to_parquet(tmp_path / "a.parquet")
    assert frame[A.PUBLISHED].tolist() == ["2022-03-18", None]
    back = pd.read_parquet(tmp_path / "a.parquet")
    assert back[A.PUBLISHED].iloc[0] == "2022-03-18" and pd.isna(back[A.PUBLISHED].iloc[1])
    assert back[A.DATE_START].iloc[0] == pd.Timestamp("2022-03-18")


def test_ingest_is_deterministic(tmp_path) -> None:
    for i in range(5):
        write(tmp_path, f"d{i}/{4 - i}.txt", f"Article {i}.\n" + BODY)
    first = articles_frame(ingest(tmp_path).documents)
    second = articles_frame(ingest(tmp_path).documents)
    pd.testing.assert_frame_equal(first, second)
    assert first[A.SOURCE_FILE].tolist() == sorted(first[A.SOURCE_FILE].tolist())


# --------------------------------------------------------------------------------------------
# The bundled sample corpus
# --------------------------------------------------------------------------------------------

SEEDS = {
    # id: outlet, domain, author, published, precision, start, end, title provenance
    "000_786adddaa2322f99": ("Dagens", "dagens.com", "Kathrine Frich", None, P.UNKNOWN, "2025-09-25", None, V.INFERRED),
    "001_36d63efe46190a9e": ("The Kyiv Independent", "kyivindependent.com", "Tim Zadorozhnyy", None, P.UNKNOWN,
                             "2025-09-25", "2025-09-26", V.INFERRED),
    "002_21e244bc9db10bb7": ("International Business Times", "ibtimes.com", None, "2022-05-11", P.DAY,
                             "2022-05-11", "2022-05-11", V.INFERRED),
    "003_7ed601badc303a8f": ("Kyiv Post", "kyivpost.com", None, "2023-07", P.MONTH, "2023-07-01", "2023-07-31", None),
    "004_f5dda08f82416dc7": ("JOE", "joe.co.uk", "Danny Jones", "2022-03-18", P.DAY, "2022-03-18", "2022-03-18",
                             V.GIVEN),
}


@pytest.fixture(scope="module")
def sample():
    return ingest_corpus(ROOT / "data" / "raw")


def test_sample_corpus_is_read_whole(sample) -> None:
    assert sorted(d.article_id for d in sample.documents) == sorted(SEEDS)
    assert (sample.quarantined, sample.duplicates, sample.warnings) == ([], [], [])
    for doc in sample.documents:
        seed = (ROOT.parent / "shared" / "seeds" / doc.source_file)
        if seed.exists():   # the raw text is shipped exactly as scraped
            assert doc.text == seed.read_text(encoding="utf-8")


@pytest.mark.parametrize("article_id", sorted(SEEDS))
def test_sample_metadata(sample, article_id) -> None:
    outlet, domain, author, published, precision, start, end, title_prov = SEEDS[article_id]
    doc = next(d for d in sample.documents if d.article_id == article_id)
    m, prov = doc.metadata, doc.provenance
    assert (m[A.OUTLET], m[A.DOMAIN], m[A.AUTHOR], m[A.LANGUAGE]) == (outlet, domain, author, "en")
    assert (m[A.PUBLISHED], m[A.DATE_PRECISION]) == (published, precision)
    assert m[A.DATE_START] == pd.Timestamp(start)
    assert (pd.isna(m[A.DATE_END]) and end is None) or m[A.DATE_END] == pd.Timestamp(end)
    assert m[A.ORIGINAL_SOURCE]
    assert prov.get(A.TITLE) == title_prov
    for name in (A.OUTLET, A.DOMAIN, A.LANGUAGE, A.ORIGINAL_SOURCE, A.DATE_START):
        assert prov[name] == V.GIVEN
    if author is None:
        assert A.AUTHOR not in prov
    assert doc.encoding == "utf-8" and doc.source_format == "txt"


def test_sample_titles_and_notes(sample) -> None:
    by_id = {d.article_id: d.metadata for d in sample.documents}
    assert by_id["000_786adddaa2322f99"][A.TITLE] == "Commander orders troops to shoot their own"
    assert by_id["004_f5dda08f82416dc7"][A.TITLE].startswith("Russian soldiers in Ukraine are ‘shooting themselves")
    assert by_id["003_7ed601badc303a8f"][A.TITLE] is None       # no headline in the text, none in the url
    assert by_id["004_f5dda08f82416dc7"][A.URL] is None         # the exact address is not known
    assert "2025-09-25" in by_id["000_786adddaa2322f99"][A.DATE_NOTE]
    assert "Sept. 25, 2025" in by_id["001_36d63efe46190a9e"][A.DATE_NOTE]
    assert by_id["000_786adddaa2322f99"][A.ORIGINAL_SOURCE] == by_id["001_36d63efe46190a9e"][A.ORIGINAL_SOURCE]


def test_decomposed_accents_are_stored_composed_so_lexicons_find_them(tmp_path) -> None:
    # A French report saved with decomposed accents ("e" + U+0301), as macOS file names and some
    # scrapers write them: the shipped desertion lexicon must find "déserteurs" as in the composed page.
    body = ("Selon le renseignement ukrainien, trois déserteurs ont été arrêtés près de Koursk. "
            "Leur commandant aurait menacé de les exécuter devant la compagnie.\n\n") * 2
    decomposed = unicodedata.normalize("NFD", "---\ntitle: Trois déserteurs arrêtés\n---\n" + body)
    assert "de\u0301serteurs" in decomposed
    write(tmp_path, "a.txt", decomposed)
    doc = only_doc(tmp_path)
    assert "déserteurs" in doc.text and "\u0301" not in doc.text
    assert doc.metadata[A.TITLE] == "Trois déserteurs arrêtés"
    desertion = load_lenses(config.lenses_file()).get("desertion")
    assert desertion.words_in(doc.text) == desertion.words_in(unicodedata.normalize("NFC", body)) != ()


def test_a_long_name_in_another_script_gives_an_id_of_bounded_length() -> None:
    """A Chinese title at the file system's 255-byte limit transliterates to about 250 letters; the id
    keeps a readable start and the hash, not the whole run (it heads the Reader and the CLI)."""
    names = ["士兵逃跑" * 21 + ".html", "士兵逃跑" * 21 + "了.html"]
    ids = article_ids([Path(n) for n in names])
    assert len(set(ids.values())) == 2
    assert all(len(i) <= 90 and i.startswith("ShiBingTaoPao") for i in ids.values())
