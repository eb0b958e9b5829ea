"""Showing untrusted article text literally in Streamlit's Markdown and in exported HTML/CSV.

Article text is scraped from the web: ``<script>``, ``**``, ``$5 to $10`` (LaTeX in Streamlit),
``:red[x]`` (Streamlit colour directives) and ``=cmd()`` (spreadsheet formulas) must all show as
typed. Escaping turns every character Markdown, LaTeX or HTML could act on into a numeric
character reference, which renders as the character itself and is never parsed as syntax.
"""
from __future__ import annotations

import html
from typing import Iterable

# Characters with meaning in CommonMark, GFM, Streamlit directives (:color[..], :material/..:) or KaTeX.
_MARKDOWN_SPECIAL = set("\\`*_{}[]()#+-.!|~<>$:&\"'=^@")
_ENTITY = {ch: f"&#{ord(ch)};" for ch in _MARKDOWN_SPECIAL}


def escape_text(text: str) -> str:
    """Return ``text`` safe for ``st.markdown(..., unsafe_allow_html=True)`` and HTML files.

    Newlines become ``<br>`` so a paragraph keeps its line breaks without starting Markdown blocks.
    """
    escaped = "".join(_ENTITY.get(ch, ch) for ch in str(text))
    return escaped.replace("\r\n", "\n").replace("\n", "<br>")


def label_text(text: object) -> str:
    """Return ``text`` safe as a Plotly label (title, hover, legend, tick, annotation) or HTML element text.

    Plotly renders a small HTML subset in every label, so ``&``, ``<`` and ``>`` are escaped;
    Markdown and LaTeX characters mean nothing there and stay as typed. Newlines become ``<br>``.
    """
    escaped = html.escape(str(text), quote=False)
    return escaped.replace("\r\n", "\n").replace("\n", "<br>")


def mark_spans(text: str, spans: Iterable[tuple[int, int]], css_class: str = "") -> str:
    """Escape ``text`` and wrap the character ranges ``spans`` (start, end) in ``<mark>``.

    Escaping happens piecewise, so a mark never splits an entity and text is never unescaped.
    """
    merged: list[list[int]] = []
    for start, end in sorted((max(0, s), min(len(text), e)) for s, e in spans):
        if start >= end:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    attr = f' class="{html.escape(css_class, quote=True)}"' if css_class else ""
    out, pos = [], 0
    for start, end in merged:
        out.append(escape_text(text[pos:start]))
        out.append(f"<mark{attr}>{escape_text(text[start:end])}</mark>")
        pos = end
    out.append(escape_text(text[pos:]))
    return "".join(out)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def guard_csv_cell(value: object) -> object:
    """Prefix a cell that a spreadsheet would run as a formula with a quote (OWASP CSV injection)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value
