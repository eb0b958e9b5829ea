"""Every page and chart over a hostile corpus (issue 14): outlet names, titles, authors and
paragraphs carrying HTML, Plotly markup, Markdown, Streamlit directives, LaTeX and formulas.

Nothing from article text may create an element: in every Markdown body, widget label and every
string of every Plotly figure (names, legends, axis and tick labels, hovers, annotations) the
payloads must arrive escaped, so they show as typed.
"""
from __future__ import annotations

import dataclasses
import json

import pytest

from tests.apptest_utils import decode_typed_arrays, run_app
from tests.compare_cases import ORIGINAL, REWORK
from tests.factories import SMALL_CORPUS, ArticleSpec, make_snapshot

BOLD = "<b>Bold</b> News"
LINK = '<a href="https://evil.example/">Click</a> Post'
SPAN = '<span style="font-size:80px">Huge</span> Times'
TITLE = "**bold** :red[red] $x$ =cmd() <i>it</i> %{x}"
AUTHOR = "<img src=x onerror=alert(1)> :blue[Author]"
OUTLETS = [BOLD, LINK, SPAN, "$x$ Gazette", ":red[Red] Daily", "**Star** Wire", "=HYPERLINK(1) Ltd"]
# What must never appear raw where it would be parsed: each would make an element or a style.
# What Plotly would act on (its HTML subset, LaTeX, template fields)...
PLOTLY_PAYLOADS = ["<b>Bold", '<a href="https://evil', '<span style="font-size:80px', "<i>it", "<img src",
                   "$x$", "%{x}"]
# ...and what Streamlit's Markdown would act on besides (emphasis, colour directives).
RAW_PAYLOADS = [*PLOTLY_PAYLOADS, "**bold**", "**Star**", ":red[", ":blue["]


def hostile_corpus() -> list[ArticleSpec]:
    specs = [dataclasses.replace(ORIGINAL, outlet=BOLD, title=TITLE, author=AUTHOR),
             dataclasses.replace(REWORK, outlet=LINK, title=f"{SPAN} {TITLE}")]
    for i, spec in enumerate(SMALL_CORPUS):
        specs.append(dataclasses.replace(spec, outlet=OUTLETS[(i + 2) % len(OUTLETS)],
                                         title=f"{OUTLETS[i % len(OUTLETS)]} {TITLE}", author=AUTHOR))
    # An undated article: the timeline's "undated" caption names it.
    specs.append(ArticleSpec("undated-1", SPAN, [f"Soldiers refused the order {TITLE} near the river, "
                                                 "a relative said in a video appeal."],
                             published=None, title=f"{LINK} {TITLE}"))
    return specs


@pytest.fixture(scope="module")
def hostile_dir(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("hostile")
    make_snapshot(data_dir, hostile_corpus())
    return data_dir


def plotly_strings(at) -> list[str]:
    """Every string in every Plotly figure on the page (data and layout)."""
    found: list[str] = []

    def walk(value):
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    for chart in at.get("plotly_chart"):
        walk(decode_typed_arrays(json.loads(chart.proto.spec)))
    return found


def markdown_bodies(at) -> list[str]:
    """Every text Streamlit parses as Markdown: bodies, captions, alerts, titles, widget labels."""
    bodies = []
    for kind in ("markdown", "caption", "title", "header", "subheader", "error", "warning", "info",
                 "success", "toast"):
        bodies += [str(e.value) for e in getattr(at, kind)]
    for kind in ("text_input", "selectbox", "multiselect", "radio", "checkbox", "toggle", "slider",
                 "button", "select_slider", "number_input", "text_area", "date_input"):
        bodies += [str(getattr(w, "label", "")) for w in getattr(at, kind)]
    bodies += [str(getattr(e, "label", "")) for e in at.get("expander")]
    bodies += [str(m.label) for m in at.metric]
    return bodies


def raw_payloads(texts: list[str], payloads: list[str] = RAW_PAYLOADS) -> list[tuple[str, str]]:
    hits = []
    for text in texts:
        for payload in payloads:
            if payload in text:
                hits.append((payload, text[:160]))
    return hits


PAGES = [
    ("timeline", {}),
    ("search", {"q": "commander ordered soldiers to shoot", "group": "false"}),
    ("topics", {}),
    # A shared link is as untrusted as the corpus: the query is echoed back on the page.
    ("search", {"q": "**bold** <b>Bold</b> News :red[red] $x$ commander", "mode": "lexical", "group": "false"}),
    ("compare", {"articles": "wire-1,rework-1"}),
    ("compare", {"articles": "wire-1,rework-1,a1"}),
    ("articles", {"article": "wire-1"}),
    ("articles", {"article": "undated-1"}),
]


@pytest.mark.parametrize("page, params", PAGES, ids=[f"{p}-{i}" for i, (p, _) in enumerate(PAGES)])
def test_no_element_is_created_from_article_text(hostile_dir, page, params):
    at = run_app(hostile_dir, page=page, query_params=params, timeout=180)
    assert not at.exception, [e.value for e in at.exception]
    assert raw_payloads(markdown_bodies(at)) == []
    assert raw_payloads(plotly_strings(at), PLOTLY_PAYLOADS) == []


def test_the_hostile_names_still_show_literally(hostile_dir):
    """Escaped, not removed: the timeline's chart carries the outlet names as entities that
    render as the typed characters."""
    at = run_app(hostile_dir, page="timeline", timeout=180)
    strings = plotly_strings(at)
    assert any("&lt;b&gt;Bold&lt;/b&gt; News" in s or "&#60;b&#62;Bold&#60;/b&#62; News" in s for s in strings)

