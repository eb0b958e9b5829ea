"""A metadata table is read alike whatever delimiter and line ends the spreadsheet saved it with,
through every way a user gives one: ``metadata.csv`` in a raw folder, uploaded with its articles,
already in a raw folder a collector adds to, and an export of articles as a table."""
from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from newslens.corpora import corpus_at
from pipeline.collect.run import collect
from pipeline.collect.store import RawStore
from pipeline.collect.uploads import store_upload
from pipeline.ingest import ingest_corpus
from pipeline.sidecar import table_delimiter

# Our own two short reports; their titles hold more commas than the table has delimiters.
PAGES = {
    "a.html": "<html><body><article><h1>Report one</h1><p>Soldiers of the unit told relatives on Monday that "
              "their commander had threatened anyone who retreated, and that the recording was real.</p>"
              "<p>Two more men of the company confirmed the account in separate calls.</p></article></body></html>",
    "b.html": "<html><body><article><h1>Report two</h1><p>Wives of mobilised men gathered outside the governor's "
              "office on Saturday and asked when their husbands would come home.</p>"
              "<p>A spokesman promised an answer within a week, the women said afterwards.</p></article></body></html>",
}
ROWS = [("a.html", "https://a.example.org/x", "A Paper", "Tired, hungry, cold, unpaid, unheard: soldiers refuse"),
        ("b.html", "https://b.example.org/y", "B Daily", "Wives, mothers, sisters, daughters appeal, again, and again")]
READ = sorted((url, outlet, title) for _, url, outlet, title in ROWS)
TABLES = {"comma": (",", "\n"), "semicolon": (";", "\n"), "tab": ("\t", "\n"),
          "semicolon, Excel for Mac (CR line ends)": (";", "\r"), "tab, CRLF": ("\t", "\r\n")}


def table(delimiter: str, end: str, header=("file", "url", "outlet", "title"), rows=ROWS) -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator=end).writerows([header, *rows])
    return out.getvalue()


def read(raw: Path) -> list[tuple]:
    result = ingest_corpus(raw)
    assert not result.quarantined and not result.warnings, (result.quarantined, result.warnings)
    return sorted((d.metadata["url"], d.metadata["outlet"], d.metadata["title"]) for d in result.documents)


def raw_folder(folder: Path, metadata: str) -> Path:
    for name, page in PAGES.items():
        (folder / name).write_text(page, encoding="utf-8")
    (folder / "metadata.csv").write_text(metadata, encoding="utf-8", newline="")
    return folder


@pytest.mark.parametrize("text, delimiter", [
    ("file,url\na.html,https://a.example.org/x\n", ","),
    ("\ufefffile;url;title\na.html;https://a.example.org/x;One, two, three, four\n", ";"),
    ("file\turl\ttitle\r\na.html\thttps://a.example.org/x\tOne, two\r\n", "\t"),
    ("file;title\ra.html;One, two, three\rb.html;Four, five, six\r", ";"),     # the header alone decides
    ("file\n", ","),
    ("", ","),
])
def test_the_delimiter_is_the_one_the_header_line_holds_most(text, delimiter):
    assert table_delimiter(text) == delimiter


@pytest.mark.parametrize("name", TABLES)
def test_a_metadata_csv_in_the_raw_folder(tmp_path, name):
    assert read(raw_folder(tmp_path, table(*TABLES[name]))) == READ


@pytest.mark.parametrize("name", TABLES)
def test_a_metadata_csv_uploaded_with_its_articles(tmp_path, name):
    corpus = corpus_at(tmp_path / "corpora", "Upload")
    files = [store_upload(n, text.encode("utf-8"), corpus.uploads)
             for n, text in {**PAGES, "metadata.csv": table(*TABLES[name])}.items()]
    report = collect([str(f) for f in files], corpus.raw)
    assert len(report.collected) == 2
    assert read(corpus.raw) == READ


@pytest.mark.parametrize("name", TABLES)
def test_a_metadata_csv_a_collector_adds_rows_to(tmp_path, name):
    """The table keeps its rows and its delimiter when the collector adds a row for a new file."""
    delimiter, end = TABLES[name]
    raw = raw_folder(tmp_path, table(delimiter, end, rows=ROWS[:1]))
    store = RawStore(raw)
    store.add_row("b.html", dict(zip(("url", "outlet", "title"), ROWS[1][1:])))
    store.flush()
    assert read(raw) == READ
    header = (raw / "metadata.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith(f"file{delimiter}url{delimiter}")


@pytest.mark.parametrize("name", TABLES)
def test_an_export_of_articles_as_a_table(tmp_path, name):
    texts = [" ".join(p.split("<p>")[1].split("</p>")[0] for p in page.split("</p>")[:2]) for page in PAGES.values()]
    rows = [(url, outlet, title, text) for (_, url, outlet, title), text in zip(ROWS, texts)]
    export = tmp_path / "export.csv"
    export.write_text(table(*TABLES[name], header=("url", "outlet", "title", "text"), rows=rows),
                      encoding="utf-8", newline="")
    report = collect([str(export)], tmp_path / "raw")
    assert len(report.collected) == 2
    assert read(tmp_path / "raw") == READ
