"""The comparison as HTML: the blocks the page shows, and a self-contained file to download.

Every piece of article text goes through ``newslens.safe`` (escape first, then diff marks), and
all styling is inline, so the same markup renders in ``st.markdown(unsafe_allow_html=True)`` and
as a standalone file opened years later without the app, a network or a stylesheet.
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Sequence

from newslens.compare import claims as cl
from newslens.compare.alignment import (PAIRED_BY_NAMES, PAIRED_BY_SIMILARITY, REUSE_ANCHOR, REUSE_SIMILARITY, STYLE,
                                       Comparison, citation_rows, comparison_counts, quantity_rows, quote_rows,
                                       render_marked, reuse_rule_text, uncounted_text)
from newslens.languages import same_language
from newslens.safe import escape_text, label_text

INK, MUTED, RULE = "#1a1a1a", "#6b6b6b", "#e3e3e3"
A_TINT, B_TINT = "#fdf1f0", "#eef8ef"
_TABLE = f"width:100%;border-collapse:collapse;table-layout:fixed;color:{INK};font-size:0.95em;line-height:1.45"
_TH = f"text-align:left;padding:6px 10px;border-bottom:2px solid {INK};font-weight:600;vertical-align:bottom"
_TD = f"padding:8px 10px;border-bottom:1px solid {RULE};vertical-align:top;word-wrap:break-word"
_GAP = f"color:{MUTED};font-style:italic"


def _e(text: object) -> str:
    return escape_text("" if text is None else str(text))


def similarity_badge(similarity: float | None, bars: tuple[float, float] = (REUSE_SIMILARITY, REUSE_ANCHOR),
                     counted: bool | None = None) -> str:
    """A coloured pill: strong (near-verbatim), close (reworded), loose; a dash for a gap. The bands
    are the reuse rule's as the comparison applied them (``Comparison.reuse_bars``: ``compare.reuse_*``
    in thresholds.yaml, lowered across languages for a multilingual model). ``counted``: whether the
    reuse score counted the pair (``reused_pairs``), when known. A loose pair counts when the two
    articles share an anchor passage (a rework rewords around what it keeps): "loose, counted"; a
    close pair alone between two articles of several paragraphs does not: a shared theme."""
    if similarity is None:
        return f'<span style="color:{MUTED}">&#8212;</span>'
    close, strong = bars
    if similarity >= strong:
        bg, fg, word = "#1b7f3b", "#ffffff", "strong"
    elif similarity >= close and counted is False:
        bg, fg, word = "#e4e4e4", "#333333", "close, alone: not counted"
    elif similarity >= close:
        bg, fg, word = "#7cc48f", "#0d3318", "close"
    elif counted:
        bg, fg, word = "#d3ecd9", "#0d3318", "loose, counted"
    else:
        bg, fg, word = "#e4e4e4", "#333333", "loose"
    return (f'<span style="display:inline-block;min-width:3.2em;text-align:center;border-radius:10px;'
            f'padding:1px 6px;background:{bg};color:{fg};font-weight:600">{similarity:.2f}</span>'
            f'<br><span style="color:{MUTED};font-size:0.8em">{word}</span>')


def paired_badge(paired_by: str, shared: tuple[str, ...]) -> str:
    """The match cell of a translation's pair (``anchors``): what placed it, names listed (escaped:
    they are the article's text)."""
    if paired_by == PAIRED_BY_NAMES:
        listed = ", ".join(shared[:4]) + (" …" if len(shared) > 4 else "")
        return (f'<span style="display:inline-block;text-align:center;border-radius:10px;padding:1px 6px;'
                f'background:#dde6f3;color:#1d3557;font-weight:600">names</span>'
                f'<br><span style="color:{MUTED};font-size:0.8em">{_e(listed)}</span>')
    return (f'<span style="display:inline-block;text-align:center;border-radius:10px;padding:1px 6px;'
            f'border:1px dashed {MUTED};color:{MUTED}">position</span>'
            f'<br><span style="color:{MUTED};font-size:0.8em">order and length</span>')


def diff_legend_html(by_words: bool = False, by_names: bool = False,
                     bars: tuple[float, float] = (REUSE_SIMILARITY, REUSE_ANCHOR)) -> str:
    match = ("match: <b>names</b> = matched by specifics only, not by meaning: the two paragraphs print "
             "the same names and numbers (listed), "
             "<b>position</b> = placed by order and length before, between or after such pairs (a "
             "translation: other words are expected)" if by_names else
             f'similarity of aligned paragraphs: 1.00 = {"the same words" if by_words else "same meaning"}; '
             f"{_e(reuse_rule_text(bars))}")
    return (f'<div style="color:{MUTED};font-size:0.9em;margin:4px 0 8px 0">Word changes: '
            f'<del style="{STYLE["del"]}">only in A</del> &#160; <ins style="{STYLE["ins"]}">only in B</ins> '
            f'&#160; <mark style="{STYLE["chg"]}">reworded</mark> &#160;&#183;&#160; {match}</div>')


_MOVED = "font-size:0.75em;font-weight:600;color:#5b3a99;border:1px solid #5b3a99;border-radius:3px;padding:0 3px"


def pairs_table_html(c: Comparison) -> str:
    """The side-by-side view: aligned paragraphs in one row with word marks; gaps labelled."""
    rows = [f'<table style="{_TABLE}"><colgroup><col style="width:46%"><col style="width:8%">'
            f'<col style="width:46%"></colgroup><thead><tr>'
            f'<th style="{_TH}">A &#183; {_e(c.a.outlet)}</th><th style="{_TH};text-align:center">match</th>'
            f'<th style="{_TH}">B &#183; {_e(c.b.outlet)}</th></tr></thead><tbody>']
    for p in c.pairs:
        if p.status == "aligned" and p.diff is not None:
            left = render_marked(p.a_text or "", p.diff.a_spans)
            right = render_marked(p.b_text or "", p.diff.b_spans)
            moved = (f'<br><span style="{_MOVED}" title="aligned out of order: the other article has this '
                     f'passage at another place">moved</span>' if p.moved else "")
            badge = (similarity_badge(p.similarity, c.reuse_bars, p.a_rows in c.reused_rows)
                     if p.paired_by == PAIRED_BY_SIMILARITY
                     else paired_badge(p.paired_by, p.shared))
            rows.append(f'<tr><td style="{_TD}">{left}</td><td style="{_TD};text-align:center">'
                        f'{badge}{moved}</td><td style="{_TD}">{right}</td></tr>')
        elif p.status == "only in A":
            rows.append(f'<tr><td style="{_TD};background:{A_TINT}">{_e(p.a_text)}</td>'
                        f'<td style="{_TD};text-align:center">{similarity_badge(None)}</td>'
                        f'<td style="{_TD};{_GAP}">only in A</td></tr>')
        else:
            rows.append(f'<tr><td style="{_TD};{_GAP}">only in B</td>'
                        f'<td style="{_TD};text-align:center">{similarity_badge(None)}</td>'
                        f'<td style="{_TD};background:{B_TINT}">{_e(p.b_text)}</td></tr>')
    rows.append("</tbody></table>")
    return "".join(rows)


def _table(headers: Sequence[str], body: Sequence[Sequence[str]], widths: Sequence[int] | None = None) -> str:
    """A small HTML table; cells are already-escaped HTML."""
    cols = "".join(f'<col style="width:{w}%">' for w in widths) if widths else ""
    head = "".join(f'<th style="{_TH}">{h}</th>' for h in headers)
    rows = "".join("<tr>" + "".join(f'<td style="{_TD}">{cell}</td>' for cell in row) + "</tr>" for row in body)
    return f'<table style="{_TABLE}"><colgroup>{cols}</colgroup><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'


def _none(message: str) -> str:
    return f'<p style="color:{MUTED};font-style:italic">{message}</p>'


_STATUS_STYLE = {
    "matched": "color:#1b7f3b", "only in A": "color:#a3261b;font-weight:600", "only in B": "color:#1b5e20;font-weight:600",
    cl.SAME: "color:#1b7f3b", cl.QUALIFIER_DIFFERS: "color:#8a5a00;font-weight:600", cl.CONSISTENT: "color:#8a5a00",
    cl.DIFFERENT: "color:#a3261b;font-weight:700", cl.ONLY_A: "color:#a3261b", cl.ONLY_B: "color:#1b5e20",
    cl.POSSIBLE: "color:#a3261b;font-weight:600;font-style:italic",
}


def _status(text: str) -> str:
    return f'<span style="{_STATUS_STYLE.get(text, "")}">{_e(text)}</span>'


def quotes_html(c: Comparison) -> str:
    """One row per quote of B with the quotes of A it matches (an outlet may split a quote in
    two), the words only one outlet kept; then the quotes only one outlet carries."""
    rows_data = quote_rows(c)
    grouped: dict[tuple[str, str], list[tuple[dict, dict]]] = {}
    for row in rows_data:
        if row["side"] == "A":
            for m in row["matches"]:
                grouped.setdefault((m["paragraph_id"], m["text"]), []).append((row, m))
    rows = []
    for (_, b_text), members in grouped.items():
        # (the pieces of one utterance carry its differences each: listed once)
        only_a = list(dict.fromkeys(w for _, m in members for w in m["words_only_here"]))
        only_b = list(dict.fromkeys(w for _, m in members for w in m["words_only_there"]))
        kinds = {m["kind"] for _, m in members}
        kind = ("same words" if kinds == {"same"} else "altered" if "altered" in kinds
                else "same meaning, other words (a translation or paraphrase)" if "same meaning" in kinds
                else "one quotes part of the other")
        detail = [f'<span style="color:{MUTED}">{kind} (match score {min(m["score"] for _, m in members):.0f})</span>']
        if only_a:
            detail.append("only A: " + ", ".join(f'<del style="{STYLE["del"]}">{_e(w)}</del>' for w in only_a))
        if only_b:
            detail.append("only B: " + ", ".join(f'<ins style="{STYLE["ins"]}">{_e(w)}</ins>' for w in only_b))
        a_cell = "<br>".join(f"&#8220;{_e(row['text'])}&#8221;" for row, _ in members)
        rows.append([a_cell, f"&#8220;{_e(b_text)}&#8221;", _status("matched") + "<br>" + "<br>".join(detail)])
    for row in rows_data:
        if row["matches"] or (row["side"] == "B" and row["status"] == "matched"):
            continue
        quote = f"&#8220;{_e(row['text'])}&#8221;"
        censored = (f'<br><span style="color:{MUTED}">censored: {_e(", ".join(row["censored"]))}</span>'
                    if row["censored"] else "")
        cells = [quote, ""] if row["side"] == "A" else ["", quote]
        rows.append(cells + [_status(row["status"]) + censored])
    if not rows:
        return _none("Neither article quotes anyone directly.")
    # a set-32 reviewer read "in one only" across two languages as a dropped quote
    note = (f'<p style="color:{MUTED};font-size:0.85em;margin:0 0 0.4em 0">The two reports are in different '
            "languages: a quote is matched to its translation only where their paragraphs align by meaning, so "
            "a quote listed in one article only may stand translated, or retold without quote marks, in the "
            "other.</p>") if c.a.language and c.b.language and not same_language(c.a.language, c.b.language) else ""
    return note + _table([f"A &#183; {_e(c.a.outlet)}", f"B &#183; {_e(c.b.outlet)}", "match"], rows, [40, 40, 20])


def numbers_html(c: Comparison) -> str:
    """Numbers and dates, normalised: real differences first, then one-sided ones, then agreements."""
    rows = []
    for row in quantity_rows(c):
        def cell(q: dict | None) -> str:
            if q is None:
                return ""
            alt = f' <span style="color:{MUTED}">({_e(", ".join(q["conversions"]))})</span>' if q["conversions"] else ""
            return f'{_e(q["text"])}{alt}<br><span style="color:{MUTED}">= {_e(q["normalised"])}</span>'
        rows.append([cell(row["a"]), cell(row["b"]), _status(row["status"])
                     + (f'<br><span style="color:{MUTED}">{_e(row["note"])}</span>' if row["note"] else "")])
    if not rows:
        return _none("No numbers, quantities or dates in either article.")
    return numbers_lead_html(c) + _table([f"A &#183; {_e(c.a.outlet)}", f"B &#183; {_e(c.b.outlet)}", "reading"], rows,
                                         [37, 37, 26])


def numbers_lead_html(c: Comparison) -> str:
    """How many figures disagree, agree and stand in one article only, and what "only in A" says (and
    does not): a one-sided figure is no disagreement, nor proof that the other report leaves it out."""
    counts = comparison_counts(c)
    same = sum(1 for m in c.quantities if m.status == cl.SAME)
    consistent = (f"{counts.numbers_consistent} agree within a qualifier (&#8220;more than 2,900&#8221; and 2,930), "
                  if counts.numbers_consistent else "")
    possible = (f"{counts.possible_differences} possibly disagree{'s' if counts.possible_differences == 1 else ''} "
                "(one count, one claim, other values, in paragraphs not aligned: check them), "
                if counts.possible_differences else "")
    return (f'<p style="color:{MUTED};font-size:0.9em;margin:0 0 0.4em 0">Figures: {counts.number_differences} '
            f"disagree{'s' if counts.number_differences == 1 else ''}, {possible}{consistent}{same} the same, "
            f"{counts.numbers_in_one_only} in one article only. &#8220;Only in A&#8221;: A states the figure and B "
            "states no equal one (&#8220;only in B&#8221; the other way round). That is no disagreement: the other "
            "leaves it out, or words it so it is not read as this figure.</p>")


def hedges_html(c: Comparison) -> str:
    """Dropped hedges (flagged), then each side's hedges."""
    parts = []
    if c.hedge_flags:
        items = "".join(f'<li style="margin:2px 0"><span style="color:#a3261b;font-weight:600">&#9873;</span> '
                        f'{_e(f.message)}</li>' for f in c.hedge_flags)
        parts.append(f'<ul style="margin:4px 0 10px 0;padding-left:1.2em">{items}</ul>')
    else:
        parts.append(_none("Neither article drops a hedge the other keeps."))

    def listing(hedges: list[cl.Hedge]) -> str:
        families: dict[str, list[str]] = {}
        for h in hedges:
            families.setdefault(h.family, [])
            if h.text.lower() not in [t.lower() for t in families[h.family]]:
                families[h.family].append(h.text)
        if not families:
            return f'<span style="color:{MUTED}">none</span>'
        return "<br>".join(f"<b>{_e(f)}</b>" + ("" if [w.lower() for w in words] == [f] else f": {_e(', '.join(words))}")
                           for f, words in families.items())

    parts.append(_table([f"hedges in A &#183; {_e(c.a.outlet)}", f"hedges in B &#183; {_e(c.b.outlet)}"],
                        [[listing(c.claims_a.hedges), listing(c.claims_b.hedges)]], [50, 50]))
    return "".join(parts)


def citations_html(c: Comparison) -> str:
    rows = [[f"<b>{_e(r['source'])}</b><br><span style=\"color:{MUTED}\">{_e(r['kind'])}</span>",
             _e(", ".join(r["a_wording"])) or f'<span style="color:{MUTED}">not cited</span>',
             _e(", ".join(r["b_wording"])) or f'<span style="color:{MUTED}">not cited</span>']
            for r in citation_rows(c)]
    if not rows:
        return _none("No cited sources recognised in either article.")
    return _table(["source", f"A &#183; {_e(c.a.outlet)}", f"B &#183; {_e(c.b.outlet)}"], rows, [30, 35, 35])


def summary_html(c: Comparison, *, with_reuse: bool = True) -> str:
    """The at-a-glance line: who is A and B, and (unless shown elsewhere) how much of each the other reuses."""
    r = c.reuse

    def side(label: str, s, share: float, verbatim: float) -> str:
        loose = f"; {_e(r.loose_note)}" if r.loose_note else ""
        reuse = (f'<div style="margin-top:4px"><b>{share:.0%}</b> carried by the other '
                 f'(<b>{verbatim:.0%}</b> word for word{loose})</div>') if with_reuse else ""
        return (f'<div style="flex:1;min-width:18em"><div style="color:{MUTED};font-size:0.85em">{label}</div>'
                f'<div style="font-weight:600">{_e(s.outlet)}</div><div>{_e(s.display_title)}</div>'
                f'<div style="color:{MUTED};font-size:0.85em">{_e(s.date_text)} &#183; '
                f'{_e(s.language or "language unknown")} &#183; {_e(s.article_id)}</div>{reuse}</div>')
    why = (f'<div style="color:{MUTED};font-size:0.85em;margin:0 0 8px 0">{_e(uncounted_text(c))}.</div>'
           if with_reuse and uncounted_text(c) else "")
    return (f'<div style="display:flex;gap:2em;flex-wrap:wrap;margin:4px 0 8px 0">'
            f'{side("A", c.a, r.a_in_b, r.verbatim_a)}{side("B", c.b, r.b_in_a, r.verbatim_b)}</div>{why}')


def comparison_sections(c: Comparison) -> list[tuple[str, str]]:
    """(heading, html) blocks in reading order, shared by the page and the export."""
    return [
        ("Side by side", diff_legend_html(c.by_words, c.by_names, c.reuse_bars) + pairs_table_html(c)),
        ("Quotes", quotes_html(c)),
        ("Numbers and dates", numbers_html(c)),
        ("Hedges", hedges_html(c)),
        ("Sources cited", citations_html(c)),
    ]


def _side_name(side) -> str:
    """An article as the export names it: its outlet and language ("sud.ua (uk)"): one outlet's two
    editions in two languages read alike by outlet alone."""
    return f"{side.outlet} ({side.language})" if side.language else str(side.outlet)


def comparison_html(comparisons: Sequence[Comparison], *, stamp: str = "") -> str:
    """A complete, self-contained HTML document of one or more comparisons (no scripts, no links out)."""
    built = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    body = []
    for c in comparisons:
        body.append(f'<section style="margin-bottom:3em"><h2 style="margin:0.4em 0">{_e(_side_name(c.a))} vs '
                    f'{_e(_side_name(c.b))}</h2>{summary_html(c)}')
        for heading, block in comparison_sections(c):
            body.append(f'<h3 style="margin:1.2em 0 0.4em 0">{heading}</h3>{block}')
        notes = "".join(f'<p style="color:{MUTED};font-size:0.85em">{_e(note)}</p>' for note in c.notes)
        body.append(f'{notes}<p style="color:{MUTED};font-size:0.85em">Model {_e(c.model_name)}, paragraphs '
                    f'aligned by {_e(c.aligned_by)}{"" if c.by_names else f" at similarity {c.threshold:.2f}"}. '
                    f'{_e(c.reuse.summary())}.</p>'
                    '</section>')
    title = "NewsLens comparison: " + "; ".join(f"{_side_name(c.a)} vs {_side_name(c.b)}" for c in comparisons)
    footer = f"{_e(stamp)} &#183; " if stamp else ""
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{label_text(title)}</title>"
            '<meta name="viewport" content="width=device-width, initial-scale=1"></head>'
            f'<body style="font-family:Inter,\'Source Sans Pro\',\'Helvetica Neue\',Arial,sans-serif;color:{INK};'
            f'max-width:1400px;margin:2em auto;padding:0 1.5em">'
            f'<h1 style="font-size:1.6em">{_e(title)}</h1>' + "".join(body)
            + f'<footer style="color:{MUTED};font-size:0.85em;border-top:1px solid {RULE};padding-top:0.6em">'
            f'{footer}Exported {built} from NewsLens.</footer></body></html>\n')
