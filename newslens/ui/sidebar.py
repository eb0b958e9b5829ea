"""The shared sidebar: corpus at a glance (with the copies the build left out), filters kept in
session state and the URL, extras.

Rendered by app.py on every run, so the widgets and their values persist across page switches.
"""
from __future__ import annotations

import re

import dataclasses
from datetime import date
from typing import Any, Callable

import pandas as pd
import streamlit as st

from newslens import model_choice
from newslens.embedder import NUMPY
from newslens.filters import Filters
from newslens.reader.article_list import LeftOutCopy, copies_count_text, copies_outlets, left_out_copies
from newslens.safe import escape_text
from newslens.schema import ArticleCol, ManifestKey
from newslens.store import Snapshot
from newslens.ui import corpus
from newslens.ui.presentation import KEY_PRESENT, QP_PRESENT, presentation_mode

# Session-state keys of the shared sidebar (prefix nl_ so pages cannot collide with them).
KEY_OUTLETS = "nl_outlets"
KEY_LANGUAGES = "nl_languages"
KEY_DATES = "nl_dates"
KEY_UNDATED = "nl_undated"
KEY_FILTERS = "newslens_filters"     # the Filters object the sidebar committed on this run
_KEY_URL_READ = "nl_url_read"        # the URL's filters were applied once, at session start
_KEY_SHOWN = "nl_filters_corpus"     # the corpus the filters were chosen on

# Query-parameter names mirrored from the sidebar, so a shared link reproduces the view.
QP_OUTLET = "outlet"
QP_LANGUAGE = "lang"
QP_FROM = "from"
QP_TO = "to"
QP_UNDATED = "undated"
QP_TOPIC = "topic"          # the topic filter (lens names; one the session's lenses lack is dropped)
KEY_TOPICS = "nl_topics"                    # sidebar topic filter (lens names)


SidebarExtra = Callable[[Snapshot], dict[str, Any]]
_SIDEBAR_EXTRAS: list[SidebarExtra] = []


def register_sidebar_extra(fn: SidebarExtra) -> SidebarExtra:
    """Add a control to the shared sidebar (usable as a decorator).

    ``fn(snapshot)`` runs inside the sidebar after the built-in filters, on every page; it renders
    its widgets (each with a ``key=``) and returns overrides for ``Filters`` fields, e.g.
    ``{"topics": ("desertion",)}``. Its widgets persist across pages like the built-in ones.
    """
    if fn not in _SIDEBAR_EXTRAS:
        _SIDEBAR_EXTRAS.append(fn)
    return fn


def _date_span(articles: pd.DataFrame) -> tuple[date, date] | None:
    starts = pd.to_datetime(articles[ArticleCol.DATE_START]).dropna()
    ends = pd.to_datetime(articles[ArticleCol.DATE_END]).dropna()
    if starts.empty:
        return None
    last = max(starts.max(), ends.max()) if not ends.empty else starts.max()
    return starts.min().date(), last.date()


def _options(articles: pd.DataFrame, col: str) -> list[str]:
    return sorted(str(v) for v in articles[col].dropna().unique())


def _parse_day(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10])
    except (TypeError, ValueError):
        return None


def _apply_url_once(snapshot: Snapshot) -> None:
    """At session start, take filters and presentation mode from the URL (a shared link)."""
    state = st.session_state
    if state.get(_KEY_URL_READ):
        return
    state[_KEY_URL_READ] = True
    params = st.query_params
    outlets = set(_options(snapshot.articles, ArticleCol.OUTLET))
    languages = set(_options(snapshot.articles, ArticleCol.LANGUAGE))
    wanted = [o for o in params.get_all(QP_OUTLET) if o in outlets]
    if wanted:
        state[KEY_OUTLETS] = wanted
    wanted = [lang for lang in params.get_all(QP_LANGUAGE) if lang in languages]
    if wanted:
        state[KEY_LANGUAGES] = wanted
    span = _date_span(snapshot.articles)
    start, end = _parse_day(params.get(QP_FROM)), _parse_day(params.get(QP_TO))
    if span and (start or end):
        start = min(max(start or span[0], span[0]), span[1])
        end = max(min(end or span[1], span[1]), start)
        state[KEY_DATES] = (start, end)
    if params.get(QP_UNDATED) == "0":
        state[KEY_UNDATED] = False
    if params.get_all(QP_TOPIC):
        state[KEY_TOPICS] = params.get_all(QP_TOPIC)    # the topic filter keeps the lenses it knows
    if QP_PRESENT in params:
        state[KEY_PRESENT] = params.get(QP_PRESENT) in {"1", "true", "yes", "on"}


def _sanitise_state(snapshot: Snapshot, span: tuple[date, date] | None) -> None:
    """Drop selections the current snapshot cannot show (e.g. after a rebuild removed an outlet).

    Writes only on a change: assigning a widget's key overrides what the user just picked.
    """
    state = st.session_state
    for key, col in ((KEY_OUTLETS, ArticleCol.OUTLET), (KEY_LANGUAGES, ArticleCol.LANGUAGE)):
        options = set(_options(snapshot.articles, col))
        current = list(state.get(key, []))
        kept = [v for v in current if v in options]
        if key not in state or kept != current:
            state[key] = kept
    dates = state.get(KEY_DATES)
    if span is None:
        state.pop(KEY_DATES, None)
    else:
        if not isinstance(dates, (tuple, list)) or len(dates) == 0:
            wanted = span
        else:
            start = min(max(dates[0], span[0]), span[1])
            end = min(max(dates[-1], start), span[1]) if len(dates) > 1 else None
            wanted = (start, end) if end else (start,)
        if tuple(dates or ()) != tuple(wanted):
            state[KEY_DATES] = wanted
    if KEY_UNDATED not in state:
        state[KEY_UNDATED] = True
    if KEY_PRESENT not in state:
        state[KEY_PRESENT] = False


def _reset_filters() -> None:
    # Every filter the sidebar shows, the topic filter (a sidebar extra) included.
    for key in (KEY_OUTLETS, KEY_LANGUAGES, KEY_DATES, KEY_UNDATED, KEY_TOPICS):
        st.session_state.pop(key, None)


def _reset_on_corpus_switch() -> None:
    """Filters belong to the corpus they were chosen on: another corpus starts unfiltered."""
    shown = corpus.active_corpus()
    name = shown.name if shown else ""
    if st.session_state.get(_KEY_SHOWN, name) != name:
        _reset_filters()
    st.session_state[_KEY_SHOWN] = name


def filters_from_state(span: tuple[date, date] | None) -> Filters:
    """The Filters the sidebar widgets hold; a date range equal to the corpus span is no filter."""
    state = st.session_state
    date_from = date_to = None
    dates = state.get(KEY_DATES)
    if span and isinstance(dates, (tuple, list)) and len(dates) == 2:
        date_from = dates[0] if dates[0] > span[0] else None
        date_to = dates[1] if dates[1] < span[1] else None
    return Filters(
        outlets=tuple(state.get(KEY_OUTLETS, [])), languages=tuple(state.get(KEY_LANGUAGES, [])),
        date_from=date_from, date_to=date_to,
        include_undated=bool(state.get(KEY_UNDATED, True)),
    )


def _mirror_to_url(filters: Filters) -> None:
    """Keep the filters and presentation mode in the URL, so copying it shares the exact view.

    Hand-written rather than ``bind="query-params"`` on the sidebar widgets (checked against
    Streamlit 1.67; the search page's own widgets are bound, they have none of these problems):
    the app root forwards ``/?outlet=...`` to ``/timeline`` with ``st.switch_page(query_params=...)``,
    which clears and re-sets the URL's parameters, and Streamlit refuses to set or clear a parameter
    bound to a widget (``query-param-bound-cannot-clear``), so a shared root link would lose its
    filters or fail. Dropping those parameters from the forward and relying on bound parameters
    surviving navigation leaves the sidebar's own rules with no place: an outlet or language the
    current corpus lacks is dropped, not an error; dates are clamped to the corpus span and a range
    equal to the span is no filter (no ``from``/``to`` in the URL); ``undated`` appears only as
    ``0``; and a corpus switch resets the filters.
    """
    params = st.query_params
    for key in (QP_OUTLET, QP_LANGUAGE, QP_FROM, QP_TO, QP_UNDATED, QP_TOPIC, QP_PRESENT):
        if key in params:
            del params[key]
    if filters.outlets:
        params[QP_OUTLET] = list(filters.outlets)
    if filters.languages:
        params[QP_LANGUAGE] = list(filters.languages)
    if filters.date_from:
        params[QP_FROM] = filters.date_from.isoformat()
    if filters.date_to:
        params[QP_TO] = filters.date_to.isoformat()
    if not filters.include_undated:
        params[QP_UNDATED] = "0"
    if filters.topics:
        params[QP_TOPIC] = list(filters.topics)     # a shared link lost it (set 34's review)
    if presentation_mode():
        params[QP_PRESENT] = "1"


def left_out_text(snapshot: Snapshot) -> tuple[str, list[str]]:
    """The copies the build left out: their count as said ("1 exact copy") and each as a line."""
    copies = left_out_copies(snapshot)
    return (copies_count_text(copies), copies_named(snapshot, copies)) if copies else ("", [])


@st.cache_data(show_spinner=False, max_entries=4)
def _left_out_once(snapshot_id: str, _snapshot: Snapshot) -> tuple[str, list[str]]:
    """``left_out_text`` once per snapshot: the sidebar runs on every rerun of every page."""
    return left_out_text(_snapshot)


def corpus_glance(snapshot: Snapshot, left_out: tuple[str, list[str]] | None = None) -> dict[str, str]:
    """The sidebar's corpus summary as label -> value (pure; tests and the stamp read it)."""
    articles = snapshot.articles
    span = _date_span(articles)
    undated = int(pd.to_datetime(articles[ArticleCol.DATE_START]).isna().sum())
    span_text = f"{span[0]:%d %b %Y} – {span[1]:%d %b %Y}" if span else "no dates"
    if undated:
        span_text += f" ({undated} undated)"
    built = str(snapshot.manifest.get(ManifestKey.BUILT_AT, ""))
    glance = {
        "Articles": f"{len(articles):,}",
        "Outlets": f"{articles[ArticleCol.OUTLET].nunique():,}",
        "Dates": span_text,
        # How the vectors were computed and which languages they compare by meaning, e.g.
        # "all-MiniLM-L6-v2 · torch bf16 · English only" (the test model shows no setup).
        "Model": snapshot.model_name + ("" if snapshot.embed_setup.backend == NUMPY else f" · {snapshot.embed_setup.label}")
                 + f" · {model_choice.coverage(snapshot.model_name)}",
        "Snapshot": built[:16].replace("T", " ") + (" UTC" if built else ""),
    }
    count, named = left_out if left_out is not None else left_out_text(snapshot)
    if named:
        # a site reprinting another is a finding: named here when few, in the expander below when many
        glance["Left out"] = count + (f" ({'; '.join(named)})" if len(named) <= COPIES_NAMED else "")
    unread = quarantined_files(snapshot, short=True)
    if unread:
        # files the build could not read (empty, binary, undecodable...): nothing is lost silently;
        # the reasons in full in the expander below the glance
        glance["Not read"] = (f"{len(unread)} file{'s' if len(unread) != 1 else ''}"
                              + (f" ({'; '.join(unread)})" if len(unread) <= COPIES_NAMED else ""))
    return glance


def quarantined_files(snapshot: Snapshot, short: bool = False) -> list[str]:
    """Each file the build quarantined as 'file: reason' (plain text: escaped where rendered);
    ``short``: the reason's first clause ("binary file", "empty file"), for the glance line."""
    entries = [q for q in snapshot.manifest.get(ManifestKey.QUARANTINED) or [] if isinstance(q, dict) and q.get("file")]
    reasons = [str(q.get("reason") or "not read") for q in entries]
    if short:
        reasons = [re.split(r"\s*[(;:]", reason, maxsplit=1)[0] or reason for reason in reasons]
    return [f"{q['file']}: {reason}" for q, reason in zip(entries, reasons)]


COPIES_NAMED = 3     # at most this many left-out copies are named in the glance line; more go in an expander


def copies_named(snapshot: Snapshot, copies: list[LeftOutCopy]) -> list[str]:
    """Each left-out copy as 'copy.txt = outlet' (plain text: escaped where rendered)."""
    outlet_of = copies_outlets(snapshot, copies)
    return [c.text(outlet_of) for c in copies]


def render_sidebar(snapshot: Snapshot) -> Filters:
    """The shared sidebar: corpus at a glance, filters, presentation switch. Returns the filters.

    Called by app.py on every run (every page), so the widgets - and their values - persist
    across page switches.
    """
    _apply_url_once(snapshot)
    _reset_on_corpus_switch()
    span = _date_span(snapshot.articles)
    _sanitise_state(snapshot, span)
    with st.sidebar:
        st.markdown("#### Corpus")
        corpus.render_corpus_picker()
        left_out = _left_out_once(snapshot.snapshot_id, snapshot)
        glance = corpus_glance(snapshot, left_out)
        st.markdown("<br>".join(f"**{label}:** {escape_text(value)}" for label, value in glance.items()),
                    unsafe_allow_html=True)
        if len(left_out[1]) > COPIES_NAMED:
            with st.expander("Copies left out by the build"):
                st.markdown("<br>".join(escape_text(line) for line in left_out[1]), unsafe_allow_html=True)
        unread = quarantined_files(snapshot)
        if unread:
            with st.expander("Files the build could not read"):
                st.markdown("<br>".join(escape_text(line) for line in unread), unsafe_allow_html=True)
        st.markdown("#### Filters")
        st.multiselect("Outlets", _options(snapshot.articles, ArticleCol.OUTLET), key=KEY_OUTLETS,
                       placeholder="All outlets")
        if span:
            st.date_input("Published between", min_value=span[0], max_value=span[1], key=KEY_DATES,
                          format="YYYY-MM-DD",
                          help="Keeps an article whose possible dates overlap the range "
                               "(a month-only date overlaps every day of its month).")
            st.checkbox("Include undated articles", key=KEY_UNDATED)
        st.multiselect("Language", _options(snapshot.articles, ArticleCol.LANGUAGE), key=KEY_LANGUAGES,
                       placeholder="All languages")
        filters = filters_from_state(span)
        for extra in _SIDEBAR_EXTRAS:
            overrides = extra(snapshot) or {}
            filters = dataclasses.replace(filters, **overrides)
        st.button("Reset filters", key="nl_reset_filters", on_click=_reset_filters,
                  disabled=filters.is_default(), icon=":material/filter_alt_off:")
        st.divider()
        st.toggle("Presentation mode", key=KEY_PRESENT,
                  help="For screenshots: hides the sidebar and controls, larger type, every chart "
                       "stamped with corpus, filters and snapshot date. Also `?present=1` in the URL.")
    st.session_state[KEY_FILTERS] = filters
    _mirror_to_url(filters)
    corpus.mirror_to_url()
    return filters


def current_filters() -> Filters:
    """The filters chosen in the shared sidebar (kept in session state across pages)."""
    return st.session_state.get(KEY_FILTERS, Filters())
