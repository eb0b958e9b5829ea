"""Showing untrusted article text literally in Streamlit's Markdown, Plotly figures and exported
HTML/CSV: the one place text from articles is escaped.

Article text is scraped from the web: ``<script>``, ``**``, ``$5 to $10`` (LaTeX in Streamlit),
``:red[x]`` (Streamlit colour directives) and ``=cmd()`` (spreadsheet formulas) must all show as
typed. Escaping turns every character Markdown, LaTeX or HTML could act on into a numeric
character reference, which renders as the character itself and is never parsed as syntax.
"""
from __future__ import annotations

import html
import re
from typing import Iterable

# Characters with meaning in CommonMark, GFM, Streamlit directives (:color[..], :material/..:) or KaTeX.
_MARKDOWN_SPECIAL = set("\\`*_{}[]()#+-.!|~<>$:&\"'=^@")
_ENTITY = {ch: f"&#{ord(ch)};" for ch in _MARKDOWN_SPECIAL}
_ENTITY_TABLE = str.maketrans(_ENTITY)


# GFM turns bare URLs and e-mail addresses into live links after decoding character references,
# so escaping cannot stop it; an invisible WORD JOINER inside the trigger ("https\u2060://",
# "www\u2060.", "a@\u2060b.org") does, and the text still reads the same.
_AUTOLINK_TRIGGERS = re.compile(r"(?i)\b(https?|ftp|mailto|www)(?=://|\.|:)|(@)(?=\w)")
WORD_JOINER = "\u2060"


def escape_text(text: str) -> str:
    """Return ``text`` safe for ``st.markdown(..., unsafe_allow_html=True)`` and HTML files.

    Newlines become ``<br>`` so a paragraph keeps its line breaks without starting Markdown blocks;
    a url in the text shows as text, never as a live link.
    """
    unlinked = _AUTOLINK_TRIGGERS.sub(lambda m: m.group(0) + WORD_JOINER, str(text))
    escaped = unlinked.translate(_ENTITY_TABLE)
    return escaped.replace("\r\n", "\n").replace("\n", "<br>")


# Plotly renders a small HTML subset (<b>, <a href>, <span style>, <br>...) in every text it draws
# (titles, legends, axis and tick labels, hovers, annotations), decodes character references in
# the text between tags, treats $...$ as LaTeX when MathJax is present and %{...} in templates as
# a field reference. These become references that show as the typed character.
_LABEL_SPECIAL = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "$": "&#36;", "%": "&#37;"}
_LABEL_TABLE = str.maketrans(_LABEL_SPECIAL)


def shortened(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis when longer (a title in a chooser, a
    chart's row, a hover): the one display cut, escaped afterwards by the caller's context."""
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "\u2026"


def label_text(text: object) -> str:
    """Return ``text`` safe as a Plotly label (trace name, legend, title, axis or tick label, hover
    text or template, annotation) or HTML element text. Newlines become ``<br>``."""
    escaped = str(text).translate(_LABEL_TABLE)        # one C pass: thousands of hovers per chart
    return escaped.replace("\r\n", "\n").replace("\n", "<br>")


# A terminal acts on control characters (ESC sequences recolour or rewrite the screen, C1's CSI
# does the same in one byte) and bidi overrides reorder what is shown; a newline inside a value
# would start what looks like another field or paragraph of the output.
_TERMINAL_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]+")


def terminal_text(text: object) -> str:
    """Return ``text`` safe to print as one line of plain-text CLI output: control characters and
    bidi controls become one space each run (newlines and tabs included)."""
    return _TERMINAL_UNSAFE.sub(" ", str(text))


def terminal_frame(frame):
    """A pandas frame with its text cells through ``terminal_text``, for ``to_string`` output."""
    return frame.apply(lambda col: col.map(lambda v: terminal_text(v) if isinstance(v, str) else v))


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
