"""Untrusted article text must render literally wherever it is shown or exported."""
import html
import re

import pytest

from newslens.safe import escape_text, guard_csv_cell, label_text, mark_spans

HOSTILE = [
    "Prices rose from $5 to $10 in a week",
    "**bold** and _italic_ and `code`",
    ":red[danger] and :material/warning:",
    "<script>alert('x')</script>",
    "<img src=x onerror=alert(1)>",
    "# not a heading",
    "[a link](javascript:alert(1))",
    "1. not a list",
    "&amp; stays as typed",
]


def decoded(escaped: str) -> str:
    """What a browser displays for the escaped markup (entities decoded, <br> as newline)."""
    return html.unescape(escaped.replace("<br>", "\n"))


@pytest.mark.parametrize("text", HOSTILE)
def test_escaped_text_displays_exactly_as_typed(text):
    escaped = escape_text(text)
    assert decoded(escaped) == text
    # Nothing Markdown, LaTeX, Streamlit directives or HTML could act on survives unescaped.
    assert not re.search(r"[<>$*_`:\[\]#&]", re.sub(r"&#\d+;", "", escaped))


def test_newlines_become_line_breaks_not_markdown_blocks():
    assert escape_text("line one\n\n# two") == "line one<br><br>&#35; two"


@pytest.mark.parametrize("text, spans, expected_marked", [
    ("shoot them <now>", [(0, 5)], ["shoot"]),
    ("a $5 b $10", [(2, 4), (7, 10)], ["$5", "$10"]),
    ("overlap here", [(0, 4), (2, 7)], ["overlap"]),
    ("nothing", [], []),
])
def test_marks_wrap_escaped_spans(text, spans, expected_marked):
    out = mark_spans(text, spans)
    marked = [html.unescape(m) for m in re.findall(r"<mark>(.*?)</mark>", out)]
    assert marked == expected_marked
    assert decoded(re.sub(r"</?mark>", "", out)) == text


@pytest.mark.parametrize("cell, expected", [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
    ("+1 555", "'+1 555"),
    ("-2+3", "'-2+3"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("plain text", "plain text"),
    (42, 42),
])
def test_csv_cells_that_start_a_formula_are_guarded(cell, expected):
    assert guard_csv_cell(cell) == expected


@pytest.mark.parametrize("text, expected", [
    ("<b>Kremlin</b> & co", "&lt;b&gt;Kremlin&lt;/b&gt; &amp; co"),   # Plotly's HTML subset stays literal
    ("$5 to $10 *each*: [sic]", "$5 to $10 *each*: [sic]"),            # not Markdown: shown as typed
    ("two\nlines\r\nthree", "two<br>lines<br>three"),
])
def test_label_text_is_literal_in_plotly_labels(text, expected):
    assert label_text(text) == expected
