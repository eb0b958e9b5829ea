"""What the article reader shows: metadata with provenance, paragraphs with kinds, cleaning removals (pure)."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass

import pandas as pd

from newslens.outlets import outlet_label
from newslens.safe import escape_text
from newslens.schema import (RESTORED, ArticleCol, Kind, ParagraphCol, Provenance, cell_text, shown_title,
                             title_source, title_record)
from newslens.store import Snapshot
from newslens.dates import NO_ORDER, describe_date

KIND_LABEL = {
    Kind.BODY: "Body", Kind.QUOTE: "Quote", Kind.HEADING: "Heading", Kind.LIST_ITEM: "List item",
    Kind.CAPTION: "Caption", Kind.BOILERPLATE: "Boilerplate", Kind.SUMMARY: "Key points (outlet's summary)",
}
# Kinds the reader shows as article text; the rest is what cleaning set aside.
SHOWN_KINDS = Kind.SEARCHABLE + (Kind.HEADING,)


@dataclass(frozen=True)
class MetaField:
    label: str
    value: str
    provenance: str | None      # Provenance.GIVEN / EXTRACTED / INFERRED, or None if not recorded
    is_url: bool = False

    @property
    def inferred(self) -> bool:
        return self.provenance == Provenance.INFERRED


def _provenance(article: pd.Series) -> dict[str, str]:
    try:
        value = json.loads(article.get(ArticleCol.PROVENANCE) or "{}")
    except (TypeError, json.JSONDecodeError):
        return {}
    return value if isinstance(value, dict) else {}


def _text(value: object, missing: str = "not stated") -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
        return missing
    text = str(value).strip()
    return text or missing


def article_record(snapshot: Snapshot, article_id: str) -> pd.Series:
    """The article's row; ``KeyError`` with a readable message if the id is unknown."""
    match = snapshot.articles[snapshot.articles[ArticleCol.ID] == article_id]
    if match.empty:
        raise KeyError(f"no article with id {article_id!r} in this snapshot")
    return match.iloc[0]


def _raw_date(article: pd.Series) -> str | None:
    """The date as the page printed it (stripped), or None."""
    raw = article.get(ArticleCol.DATE_RAW)
    return raw.strip() if isinstance(raw, str) and raw.strip() else None


def article_metadata(article: pd.Series) -> list[MetaField]:
    """Metadata in reading order, each with where its value came from (given, extracted, inferred)."""
    prov = _provenance(article)
    start, end = pd.Timestamp(article[ArticleCol.DATE_START]), pd.Timestamp(article[ArticleCol.DATE_END])
    date_text = describe_date(start, end)
    precision = _text(article[ArticleCol.DATE_PRECISION], "unknown")
    date_value = f"{date_text} (precision: {precision})"
    note = article.get(ArticleCol.DATE_NOTE)
    if isinstance(note, str) and note.strip():
        date_value += f"; {note.strip()}"
    raw = _raw_date(article)
    if raw and raw not in date_value:
        date_value += f"; as found: {raw}"
    url = _text(article[ArticleCol.URL], "not known")
    return [
        MetaField("Title", shown_title(article[ArticleCol.TITLE], title_source(article.get(ArticleCol.TITLE_NOTE))),
                  prov.get(ArticleCol.TITLE)),
        MetaField("Outlet", _text(article[ArticleCol.OUTLET]) + _domain(article), prov.get(ArticleCol.OUTLET)),
        MetaField("Author", _text(article[ArticleCol.AUTHOR]), prov.get(ArticleCol.AUTHOR)),
        MetaField("Published", date_value, prov.get(ArticleCol.PUBLISHED) or prov.get(ArticleCol.DATE_START)),
        MetaField("Original source", _text(article[ArticleCol.ORIGINAL_SOURCE]), prov.get(ArticleCol.ORIGINAL_SOURCE)),
        MetaField("Language", _text(article[ArticleCol.LANGUAGE], "unknown"), prov.get(ArticleCol.LANGUAGE)),
        MetaField("Address", url, prov.get(ArticleCol.URL), is_url=url.startswith(("http://", "https://"))),
        MetaField("Source file", f"{_text(article[ArticleCol.SOURCE_FILE])} "
                                 f"({_text(article[ArticleCol.SOURCE_FORMAT], '?')}, {_text(article[ArticleCol.ENCODING], '?')})",
                  None),
    ]


def _domain(article: pd.Series) -> str:
    domain = article.get(ArticleCol.DOMAIN)
    return f" ({domain})" if isinstance(domain, str) and domain.strip() else ""


def title_evidence(article: pd.Series) -> str | None:
    """Why the headline is what it is, when the pipeline chose it among the page's lines."""
    if _provenance(article).get(ArticleCol.TITLE) != Provenance.INFERRED:
        return None
    note = article.get(ArticleCol.TITLE_NOTE)
    return note.strip() if isinstance(note, str) and note.strip() else None


# The headline's note as the pipeline writes it (pipeline.headline: "line 2 of the page (100% of its
# words are the url's; spells the url's words; right after the date or byline; score 6.5)"), said
# for a researcher: where the line stands and why it reads as the headline, without the scoring (the
# percentages, the score; ``articles ID --json`` keeps the note whole). A reason not listed here
# is shown as written.
_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")
_CHOSEN_LINE = re.compile(r"^line (\d+) of the page \((.*)\)$")
_PLAIN_REASONS = (
    (re.compile(r"^\d+% of its words are the url's$|^spells the url's words$"), "it repeats the url's words"),
    (re.compile(r"^some words \(\d+%\) in the url$"), "some of its words are the url's"),
    (re.compile(r"^long, and few of its words are the url's \(a summary\)$"),
     "it is long and shares few words with the url (a summary)"),
    (re.compile(r"^shares few words with the url or the lead, which agree \(a stray line\)$"),
     "it shares few words with the url and the first paragraph (a stray line)"),
    (re.compile(r"^printed again on the page$"), "the page prints it twice"),
    (re.compile(r"^first line$"), None),                      # the position says it
    (re.compile(r"^first line below (.+)$"), r"below \1"),
    (re.compile(r"^score [-\d.]+$"), None),
)


# What the pipeline appends to a title's note when no line of the page won, in plain words; a first
# sentence standing in (``pipeline.lead_titles``) is said whole when nothing comes before it.
_ENDINGS_SAID = {ArticleCol.TITLE_FROM_URL: "the headline is made from the url's words",
                 ArticleCol.URL_IN_OTHER_SCRIPT: "its url's words are in other letters than the text",
                 ArticleCol.TITLE_FROM_LEAD: "its url has no words either: the title is its first sentence"}
_LEAD_ALONE_SAID = "the page prints no headline and its url has no words: the title is its first sentence"
_LEAD_AFTER_OTHER_SCRIPT_SAID = "the title is its first sentence"


def _peeled(note: str) -> tuple[str, list[str]]:
    """The note without the endings the pipeline appended (``_ENDINGS_SAID``), and those, in order."""
    endings: list[str] = []
    while (ending := next((e for e in _ENDINGS_SAID if note == e or note.endswith(f"; {e}")), None)) is not None:
        endings.insert(0, ending)
        note = note[:-len(ending)].removesuffix("; ").rstrip()
    return note, endings


def _plain_reason(reason: str) -> str | None:
    for pattern, plain in _PLAIN_REASONS:
        if pattern.match(reason):
            return None if plain is None else pattern.sub(plain, reason)
    return reason


def plain_title_evidence(note: str) -> str:
    """The headline's note in plain words: "the page's second line; it repeats the url's words; right
    after the date or byline" (no percentages, no score)."""
    head, endings = _peeled(note.strip())
    chosen = _CHOSEN_LINE.match(head)
    if not chosen:
        said = [re.sub(r"^no line was convincing \(best: line \d+, score [-\d.]+\)", "no line of the page reads as a headline",
                       head)] if head else []
        for ending in endings:
            if ending == ArticleCol.TITLE_FROM_LEAD and not said:
                said.append(_LEAD_ALONE_SAID)
            elif ending == ArticleCol.TITLE_FROM_LEAD and ArticleCol.URL_IN_OTHER_SCRIPT in endings:
                said.append(_LEAD_AFTER_OTHER_SCRIPT_SAID)
            else:
                said.append(_ENDINGS_SAID[ending])
        return "; ".join(said)
    n = int(chosen.group(1))
    where = f"the page's {_ORDINALS[n - 1]} line" if n <= len(_ORDINALS) else f"line {n} of the page"
    reasons = [r for r in (_plain_reason(p.strip()) for p in chosen.group(2).split(";")) if r]
    return "; ".join(dict.fromkeys([where, *reasons]))


def article_warnings(article: pd.Series) -> list[str]:
    try:
        value = json.loads(article.get(ArticleCol.WARNINGS) or "[]")
    except (TypeError, json.JSONDecodeError):
        return []
    return [str(v) for v in value] if isinstance(value, list) else []


def reader_paragraphs(snapshot: Snapshot, article_id: str, show_removed: bool = False) -> pd.DataFrame:
    """The article's paragraphs in order with their snapshot row, kind label and whether cleaning removed it.

    Parts of a long paragraph that the pipeline split for the model are shown as they were stored.
    """
    paragraphs = snapshot.paragraphs
    rows = paragraphs.index[paragraphs[ParagraphCol.ARTICLE_ID] == article_id]
    frame = paragraphs.loc[rows].copy()
    frame["row"] = [paragraphs.index.get_loc(r) for r in rows]
    frame = frame.sort_values([ParagraphCol.POSITION, ParagraphCol.PART])
    frame["removed"] = ~frame[ParagraphCol.KIND].isin(SHOWN_KINDS)
    frame["kind_label"] = frame[ParagraphCol.KIND].map(KIND_LABEL).fillna(frame[ParagraphCol.KIND])
    if not show_removed:
        frame = frame[~frame["removed"]]
    return frame.reset_index(drop=True)


def removal_summary(snapshot: Snapshot, article_id: str) -> dict[str, int]:
    """How many paragraphs of each furniture kind cleaning set aside for this article."""
    return _removed_counts(reader_paragraphs(snapshot, article_id, show_removed=True))


def removal_text(counts: dict[str, int]) -> str:
    """``removal_summary`` in words, as the page and the command line say it ("2 furniture, 1 caption")."""
    return ", ".join(f"{n} {kind.lower()}" for kind, n in counts.items())


def _removed_counts(frame: pd.DataFrame) -> dict[str, int]:
    removed = frame[frame["removed"]]
    return {KIND_LABEL.get(k, k): int(n) for k, n in removed[ParagraphCol.KIND].value_counts().items()}


def article_document(snapshot: Snapshot, article_id: str, show_removed: bool = False) -> dict:
    """What the reader shows of one article, as data (``python -m newslens articles ID --json``):
    metadata with where each value came from, the raw date as found, why the headline was chosen,
    warnings, what cleaning removed, and the paragraphs in order with their kind (and, with
    ``show_removed``, the furniture too, each with the reason)."""
    article = article_record(snapshot, article_id)
    everything = reader_paragraphs(snapshot, article_id, show_removed=True)      # read once
    frame = everything if show_removed else everything[~everything["removed"]]
    paragraphs = [{"paragraph_id": str(row[ParagraphCol.ID]), "position": int(row[ParagraphCol.POSITION]),
                   "kind": str(row[ParagraphCol.KIND]), "kind_label": str(row["kind_label"]),
                   "removed": bool(row["removed"]),
                   "reason": removal_reason(row) if row["removed"] or row[ParagraphCol.REASON] == RESTORED else None,
                   "text": str(row[ParagraphCol.TEXT])} for _, row in frame.iterrows()]
    return {"article_id": article_id,
            **title_record(cell_text(article[ArticleCol.TITLE]), title_source(article.get(ArticleCol.TITLE_NOTE))),
            "metadata": [{"field": f.label, "value": f.value, "provenance": f.provenance} for f in article_metadata(article)],
            "date_raw": _raw_date(article),
            "title_evidence": title_evidence(article),
            "warnings": article_warnings(article),
            "removed": _removed_counts(everything),
            "paragraphs": paragraphs}


def article_labels(articles: pd.DataFrame) -> dict[str, str]:
    """``article_label`` of every article by id (records, not ``iterrows``: 100k in about a second)."""
    return {str(row[ArticleCol.ID]): article_label(row) for row in articles.to_dict("records")}


def article_label(row: pd.Series | dict) -> str:
    """"Outlet · 25 Sep 2025 · Title" for choosers."""
    date_text = describe_date(pd.Timestamp(row[ArticleCol.DATE_START]), pd.Timestamp(row[ArticleCol.DATE_END]))
    title = shown_title(row[ArticleCol.TITLE], title_source(row.get(ArticleCol.TITLE_NOTE)), 90)
    return f"{outlet_label(row[ArticleCol.OUTLET], row.get(ArticleCol.DOMAIN))} · {date_text} · {title}"


READER_CSS = """<style>
.nl-kind { display:inline-block; font-size:0.72rem; text-transform:uppercase; letter-spacing:0.04em;
  color:#4a5561; background:#eef1f4; border-radius:4px; padding:0 6px; margin-right:6px; }
.nl-inferred { font-size:0.72rem; color:#8a5a00; background:#fff3d6; border-radius:4px; padding:0 6px; }
.nl-removed { color:#8a8f96; border-left:3px dashed #c9ced4; padding-left:10px; }
.nl-restored { font-size:0.75em; color:#1f6f43; background:#e6f4ea; border-radius:4px; padding:0 4px; margin-left:6px; }
.nl-quote { border-left:4px solid #0072B2; padding-left:10px; font-style:italic; }
.nl-heading { font-weight:700; font-size:1.2rem; }
.nl-summary { display:block; background:#f4f6f8; border-left:4px solid #8a8f96; padding:2px 10px; }
.nl-focus { background:#fff6c2; border-radius:6px; padding:6px 8px; }
.nl-sim { font-size:0.85rem; line-height:1.35; color:#333; }
.nl-snippet { color:#555; display:-webkit-box; -webkit-line-clamp:2; -webkit-box-orient:vertical; overflow:hidden; }
[class*="st-key-nl-sim-"] { gap:0.3rem; }
</style>"""


def removal_reason(row: pd.Series) -> str:
    """Why cleaning removed a paragraph (or that you restored it), as the reader says it."""
    return _text(row[ParagraphCol.REASON], "no reason recorded")


def paragraph_anchor(paragraph_id: object) -> str:
    """The HTML id of a paragraph in the reader (ids are hex; anything else is stripped)."""
    return "p-" + re.sub(r"[^A-Za-z0-9_-]", "", str(paragraph_id))


def paragraph_html(row: pd.Series, focus: str | None = None) -> str:
    """One paragraph for ``st.markdown(..., unsafe_allow_html=True)``: kind label, escaped text,
    the reason when cleaning removed it, highlighted when it is the one a link pointed at."""
    kind = row[ParagraphCol.KIND]
    text = escape_text(row[ParagraphCol.TEXT])
    label = f"<span class='nl-kind'>{escape_text(row['kind_label'])}</span>"
    if row["removed"]:
        reason = escape_text(removal_reason(row))
        inner = f"<div class='nl-removed'>{label}<b>removed</b> - {reason}<br>{text}</div>"
    else:
        css = {Kind.QUOTE: "nl-quote", Kind.HEADING: "nl-heading", Kind.SUMMARY: "nl-summary"}.get(kind, "")
        inner = f"{label}<span class='{css}'>{text}</span>" if css else f"{label}{text}"
        if row[ParagraphCol.REASON] == RESTORED:
            inner += "<span class='nl-restored' title='restored by you in corrections.yaml'> restored by you</span>"
    pid = str(row[ParagraphCol.ID])
    focus_css = " nl-focus" if focus is not None and pid == str(focus) else ""
    return f"<div id='{paragraph_anchor(pid)}' class='nl-paragraph{focus_css}'>{inner}</div>"


def story_text(story, article_id: str, outlet_of: dict[str, str]) -> str:
    """How the reader states an article's story (escaped HTML): its reports, how sure the grouping
    is, and this report's place in the order of publication."""
    n = len(story.article_ids)
    sure = "sure" if story.sure else "less sure"
    first = story.first_reporter
    if first == article_id:
        place = "reported first" + ("" if story.first_reporter_certain else ", order uncertain")
    elif first:
        place = f"{story.lag_text(article_id)} (first: {outlet_of.get(first, first)})"
    else:
        place = f"order unknown, {NO_ORDER}"
    judged = ", corrected by a researcher" if story.judged else ""      # (story_judgements.yaml)
    return escape_text(f"{n} reports, grouped with confidence {story.confidence:.2f} ({sure}{judged}); "
                       f"this one: {place}.")
