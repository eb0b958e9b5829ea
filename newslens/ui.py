"""The one module of ``newslens`` that imports Streamlit: shared loading, sidebar and rendering.

Pages call these helpers so that loading, filters, presentation mode and safe text rendering are
written once. Pages stay thin: ``snapshot = ui.get_snapshot()``, ``filters = ui.current_filters()``,
call pure functions in ``newslens``, render with ``ui.render_figure`` / ``ui.render_paragraph_text``.
"""
from __future__ import annotations

import dataclasses
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any, Callable, Iterator

import pandas as pd
import streamlit as st

from newslens import config, figures
from newslens.embedder import Embedder, load_embedder
from newslens.filters import Filters
from newslens.safe import escape_text
from newslens.schema import ArticleCol, ManifestKey, SnapshotFile
from newslens.store import BUILD_HINT, Snapshot, SnapshotError, current_snapshot_id, load_snapshot

# Session-state keys of the shared sidebar (prefix nl_ so pages cannot collide with them).
KEY_OUTLETS = "nl_outlets"
KEY_LANGUAGES = "nl_languages"
KEY_DATES = "nl_dates"
KEY_UNDATED = "nl_undated"
KEY_PRESENT = "nl_present"
KEY_FILTERS = "newslens_filters"     # the Filters object the sidebar committed on this run
_KEY_URL_READ = "nl_url_read"        # the URL's filters were applied once, at session start

# Query-parameter names mirrored from the sidebar, so a shared link reproduces the view.
QP_OUTLET = "outlet"
QP_LANGUAGE = "lang"
QP_FROM = "from"
QP_TO = "to"
QP_UNDATED = "undated"
QP_PRESENT = "present"


def data_dir() -> Path:
    return config.data_dir()


# --- loading ------------------------------------------------------------------------------------

@st.cache_resource(show_spinner=False, max_entries=2)
def _cached_snapshot(data_dir: str, snapshot_id: str) -> Snapshot:
    # Keyed by snapshot id: a new build is picked up on the next rerun, pages share one copy.
    return load_snapshot(data_dir, snapshot_id)


@st.cache_resource(show_spinner="Loading the embedding model…")
def cached_embedder(model_name: str) -> Embedder:
    return load_embedder(model_name)


def snapshot_state() -> tuple[Snapshot | None, str | None]:
    """``(snapshot, None)`` or ``(None, one-line reason with the fixing command)``; never raises."""
    directory = str(data_dir())
    snapshot_id = current_snapshot_id(directory)
    if snapshot_id is None:
        return None, f"no snapshot in {directory}; build one with `{BUILD_HINT}`"
    try:
        return _cached_snapshot(directory, snapshot_id), None
    except SnapshotError as exc:
        return None, str(exc)


def has_any_snapshot(directory: Path | None = None) -> bool:
    """True when the data folder has a CURRENT marker or any snapshot folder (even a broken one).

    The first-run build only happens when this is False: a corrupt snapshot is never overwritten
    without the user asking.
    """
    directory = directory or data_dir()
    if (directory / SnapshotFile.CURRENT).exists():
        return True
    snapshots = directory / SnapshotFile.SNAPSHOTS_DIR
    return snapshots.is_dir() and any(p.is_dir() and not p.name.startswith(".") for p in snapshots.iterdir())


def render_snapshot_error(message: str) -> None:
    st.error(f"**No usable snapshot.** {escape_text(message)}", icon=":material/error:")
    st.caption("Run this in the project folder, then reload the page:")
    st.code(f"{BUILD_HINT} --raw {config.raw_dir()} --out {data_dir()}", language="bash")


def _ensure_frame() -> None:
    """Make sure a page runs inside app.py's frame (sidebar, filters, presentation mode).

    On a server process's very first run Streamlit still treats ``pages/`` as a legacy multipage
    folder, so a deep link (``/articles?article=...``) would run the page file alone. Clearing
    that flag - exactly what ``st.navigation`` in app.py does - and rerunning makes app.py run
    and route to the same page.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def get_snapshot() -> Snapshot | None:
    """The current snapshot, or ``None`` after showing a clear error with the command that fixes it."""
    _ensure_frame()
    snapshot, error = snapshot_state()
    if snapshot is None:
        render_snapshot_error(error or "unknown problem")
    return snapshot


def build_sample_snapshot(raw: Path, out: Path, model: str) -> str:
    """Build the bundled sample corpus with a visible progress bar; return the new snapshot id.

    Raises ``SnapshotError`` with a user-facing message when the build cannot run.
    """
    try:
        from pipeline.build import build_snapshot
    except ImportError as exc:
        raise SnapshotError(f"the pipeline cannot be imported ({exc}); run `{BUILD_HINT}` to see why") from None
    if not raw.is_dir() or not any(raw.iterdir()):
        raise SnapshotError(f"the raw corpus folder {raw} is missing or empty; add articles and run `{BUILD_HINT}`")
    bar = st.progress(0.0, text="Preparing the sample corpus…")

    def progress(stage: str, done: int, total: int) -> None:
        fraction, text = build_progress(stage, done, total)
        bar.progress(fraction, text=text)

    try:
        report = build_snapshot(raw, out, model, progress=progress)
    except SnapshotError:
        raise
    except Exception as exc:  # BuildError, ModelLoadError: their messages are written for users
        known = type(exc).__name__ in {"BuildError", "ModelLoadError"}
        detail = str(exc) if known else f"{type(exc).__name__}: {str(exc)[:200]}"
        raise SnapshotError(f"building the sample corpus failed: {detail}") from None
    bar.progress(1.0, text="Sample corpus built.")
    return str(getattr(report, "snapshot_id", ""))


# The build's stages and the share of the bar each gets (embedding dominates).
_BUILD_STAGES = {"ingest": (0.0, 0.1, "reading articles"), "split": (0.1, 0.25, "splitting paragraphs"),
                 "embed": (0.25, 0.95, "embedding paragraphs"), "write": (0.95, 1.0, "writing the snapshot")}


def build_progress(stage: str, done: int, total: int) -> tuple[float, str]:
    """One overall bar position and a line of text from the build's per-stage progress."""
    low, high, words = _BUILD_STAGES.get(stage, (0.0, 1.0, stage))
    share = min(1.0, done / total) if total else 0.0
    return low + (high - low) * share, f"Building the sample corpus: {words} ({done:,} of {total:,})"


def ensure_snapshot() -> Snapshot | None:
    """Load the current snapshot; on a first start (no snapshot at all) build the sample corpus.

    A missing raw folder, or a corrupt or empty snapshot, shows a clear message with the fixing
    command and a button that rebuilds on request; it returns ``None`` then.
    """
    snapshot, error = snapshot_state()
    if snapshot is not None:
        return snapshot
    if not has_any_snapshot():
        st.title("Welcome to NewsLens")
        st.write("No corpus has been built yet. Building the bundled sample corpus once; "
                 "this takes a minute, later starts are instant.")
        try:
            build_sample_snapshot(config.raw_dir(), data_dir(), config.default_model())
        except SnapshotError as exc:
            render_snapshot_error(str(exc))
            return None
        st.rerun()
    render_snapshot_error(error or "unknown problem")
    if st.button("Rebuild the snapshot from the raw corpus", key="nl_rebuild", icon=":material/build:"):
        try:
            build_sample_snapshot(config.raw_dir(), data_dir(), config.default_model())
        except SnapshotError as exc:
            st.error(escape_text(str(exc)), icon=":material/error:")
            return None
        st.rerun()
    return None


# --- shared filters -----------------------------------------------------------------------------

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
    """Keep the filters and presentation mode in the URL, so copying it shares the exact view."""
    params = st.query_params
    for key in (QP_OUTLET, QP_LANGUAGE, QP_FROM, QP_TO, QP_UNDATED, QP_PRESENT):
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
    if presentation_mode():
        params[QP_PRESENT] = "1"


def corpus_glance(snapshot: Snapshot) -> dict[str, str]:
    """The sidebar's corpus summary as label -> value (pure; tests and the stamp read it)."""
    articles = snapshot.articles
    span = _date_span(articles)
    undated = int(pd.to_datetime(articles[ArticleCol.DATE_START]).isna().sum())
    span_text = f"{span[0]:%d %b %Y} – {span[1]:%d %b %Y}" if span else "no dates"
    if undated:
        span_text += f" ({undated} undated)"
    built = str(snapshot.manifest.get(ManifestKey.BUILT_AT, ""))
    return {
        "Articles": f"{len(articles):,}",
        "Outlets": f"{articles[ArticleCol.OUTLET].nunique():,}",
        "Dates": span_text,
        "Model": snapshot.model_name,
        "Snapshot": built[:16].replace("T", " ") + (" UTC" if built else ""),
    }


def render_sidebar(snapshot: Snapshot) -> Filters:
    """The shared sidebar: corpus at a glance, filters, presentation switch. Returns the filters.

    Called by app.py on every run (every page), so the widgets - and their values - persist
    across page switches.
    """
    _apply_url_once(snapshot)
    span = _date_span(snapshot.articles)
    _sanitise_state(snapshot, span)
    with st.sidebar:
        st.markdown("#### Corpus")
        glance = corpus_glance(snapshot)
        st.markdown("<br>".join(f"**{label}:** {escape_text(value)}" for label, value in glance.items()),
                    unsafe_allow_html=True)
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
    return filters


def current_filters() -> Filters:
    """The filters chosen in the shared sidebar (kept in session state across pages)."""
    return st.session_state.get(KEY_FILTERS, Filters())


# --- presentation mode --------------------------------------------------------------------------

_CONTROLS_PREFIX = "nl-controls"

_PRESENTATION_CSS = f"""
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], [class*="st-key-{_CONTROLS_PREFIX}"] {{
  display: none !important;
}}
html {{ font-size: 19px; }}
.stMainBlockContainer, [data-testid="stMainBlockContainer"] {{
  padding-top: 1.5rem !important; max-width: 1500px;
}}
.stApp {{ background: #ffffff; color: #1a1a1a; }}
/* The chart toolbar (image export...) only while the pointer is on the chart. */
[data-testid="stPlotlyChart"]:not(:hover) .modebar-container {{ opacity: 0; }}
</style>
"""


def presentation_mode() -> bool:
    """True when the user asked for slide-ready output (sidebar toggle or ``?present=1``)."""
    if KEY_PRESENT not in st.session_state and QP_PRESENT in st.query_params:
        return st.query_params.get(QP_PRESENT) in {"1", "true", "yes", "on"}
    return bool(st.session_state.get(KEY_PRESENT, False))


def _exit_presentation() -> None:
    st.session_state[KEY_PRESENT] = False


def apply_presentation_style() -> None:
    """Inject the presentation CSS when the mode is on (call once per run, from app.py)."""
    if presentation_mode():
        st.html(_PRESENTATION_CSS)


def render_presentation_exit() -> None:
    """A discreet way back from presentation mode (the sidebar is hidden there)."""
    if presentation_mode():
        st.button("Exit presentation mode", key="nl_exit_present", on_click=_exit_presentation,
                  type="tertiary", icon=":material/close:")


@contextmanager
def controls(name: str) -> Iterator[Any]:
    """A container for a page's controls: shown normally, hidden (but still active) in presentation mode."""
    with st.container(key=f"{_CONTROLS_PREFIX}-{name}") as box:
        yield box


# --- figures ------------------------------------------------------------------------------------

def chart_stamp(snapshot: Snapshot, filters: Filters | None = None, extra: str = "") -> str:
    """What a chart shows, for the stamp under it: corpus, filters, snapshot date (+ view details)."""
    filters = filters if filters is not None else current_filters()
    return figures.stamp_text(corpus_label(snapshot), filters.describe(),
                              str(snapshot.manifest.get(ManifestKey.BUILT_AT, ""))[:10], extra)


def corpus_label(snapshot: Snapshot) -> str:
    raw = str(snapshot.manifest.get(ManifestKey.RAW_DIR) or "corpus")
    name = Path(raw).name or raw
    if name in {"raw", "data"}:
        name = "sample corpus"
    return f"{name} ({len(snapshot.articles):,} articles, {snapshot.articles[ArticleCol.OUTLET].nunique()} outlets)"


def render_figure(fig: Any, *, key: str, filename: str, on_select: str = "ignore",
                  selection_mode: Any = ("points", "box", "lasso")) -> Any:
    """Show a Plotly figure with the image-export button on (PNG at 2x, named ``filename``).

    Returns the selection event when ``on_select="rerun"``.
    """
    kwargs: dict[str, Any] = {}
    if on_select != "ignore":
        kwargs["selection_mode"] = selection_mode
    return st.plotly_chart(fig, key=key, width="stretch", on_select=on_select,
                           config=figures.plotly_config(filename), **kwargs)


def is_large_type() -> bool:
    """Figures use slide-size fonts in presentation mode."""
    return presentation_mode()


# --- navigation between views ------------------------------------------------------------------

READER_PAGE = "pages/articles.py"
QP_ARTICLE = "article"
QP_PARAGRAPH = "paragraph"
KEY_OPEN_ARTICLE = "nl_open_article"   # (article id, paragraph id) a view asked the reader to open


def open_article(article_id: str, paragraph_id: str | None = None) -> None:
    """Switch to the reader on ``article_id`` (scrolled to ``paragraph_id``); used by every view."""
    params = {QP_ARTICLE: article_id}
    if paragraph_id:
        params[QP_PARAGRAPH] = paragraph_id
    st.session_state[KEY_OPEN_ARTICLE] = (article_id, paragraph_id)
    st.switch_page(READER_PAGE, query_params=params)


def selected_points(event: Any) -> list[Any]:
    """The ``customdata`` of the points selected in a Plotly chart event (clicked marks)."""
    try:
        points = event.selection.points if event is not None else []
    except AttributeError:
        points = (event or {}).get("selection", {}).get("points", [])
    out = []
    for point in points or []:
        value = point.get("customdata") if isinstance(point, dict) else None
        if isinstance(value, (list, tuple)):
            value = value[0] if value else None
        if value is not None:
            out.append(value)
    return out


# --- text ---------------------------------------------------------------------------------------

def render_paragraph_text(text: str, *, container: Any = st) -> None:
    """Untrusted article text, shown exactly as typed."""
    container.markdown(escape_text(text), unsafe_allow_html=True)


# --- topics: lenses for the session, labels for every page, the sidebar topic filter ------------

KEY_TOPICS = "nl_topics"                    # sidebar topic filter (lens names)
KEY_LENSES = "nl_lenses"                    # the session's LensConfig: the file + lenses added in the app
KEY_LENS_THRESHOLDS = "nl_lens_thresholds"  # lens name -> threshold chosen on the topics page


def session_lenses() -> tuple[Any, str | None]:
    """``(LensConfig, None)`` for this session (read once from the lens file), or ``(None, reason)``."""
    from newslens.lenses import LensError, load_lenses

    if KEY_LENSES not in st.session_state:
        try:
            st.session_state[KEY_LENSES] = load_lenses(config.lenses_file())
        except LensError as exc:
            return None, str(exc)
    return st.session_state[KEY_LENSES], None


def lens_thresholds(lens_config: Any) -> dict[str, float]:
    """Each lens's threshold: the one moved on the topics page, else the lens file's default."""
    chosen = st.session_state.get(KEY_LENS_THRESHOLDS, {})
    return {name: float(chosen.get(name, default)) for name, default in lens_config.thresholds().items()}


@st.cache_resource(show_spinner="Scoring paragraphs against the topic lenses…", max_entries=8)
def _lens_scores(snapshot_id: str, fingerprint: str, _snapshot: Snapshot, _lens_config: Any) -> Any:
    # Keyed by snapshot id + lens config fingerprint; the objects themselves are not hashed.
    from newslens import topics

    return topics.score_snapshot(_snapshot, _lens_config, cached_embedder(_snapshot.model_name))


def lens_scores(snapshot: Snapshot, lens_config: Any) -> Any:
    """Every paragraph scored against every lens (cached per snapshot and lens config)."""
    return _lens_scores(snapshot.snapshot_id, lens_config.fingerprint(), snapshot, lens_config)


@st.cache_data(show_spinner=False, max_entries=32)
def _topic_labels(snapshot_id: str, fingerprint: str, thresholds: tuple[tuple[str, float], ...],
                  _scores: Any) -> pd.Series:
    from newslens import topics

    return topics.topic_labels(_scores, dict(thresholds))


def topic_labels(snapshot: Snapshot) -> pd.Series:
    """Lens names per paragraph row (aligned with ``snapshot.paragraphs``), for topic filtering.

    Cached by snapshot id + lens config + thresholds. Pass it to
    ``filters.paragraph_mask(..., topic_labels=ui.topic_labels(snapshot))``. Empty lists when the
    lens file is unusable (the topics page says why).
    """
    lens_config, _ = session_lenses()
    if lens_config is None:
        return pd.Series([[] for _ in range(len(snapshot.paragraphs))], dtype=object)
    thresholds = lens_thresholds(lens_config)
    scores = lens_scores(snapshot, lens_config)
    return _topic_labels(snapshot.snapshot_id, lens_config.fingerprint(),
                         tuple(sorted(thresholds.items())), scores)


def _topic_filter(snapshot: Snapshot) -> dict[str, Any]:
    """The sidebar's topic filter, shown when the lens file is usable and there is content."""
    lens_config, _ = session_lenses()
    if lens_config is None or not snapshot.content_mask().any():
        return {}
    options = list(lens_config.names)
    current = list(st.session_state.get(KEY_TOPICS, []))
    kept = [name for name in current if name in options]
    if KEY_TOPICS not in st.session_state or kept != current:
        st.session_state[KEY_TOPICS] = kept
    st.multiselect("Topics", options, key=KEY_TOPICS, placeholder="All topics",
                   help="Keeps paragraphs labelled with any of these lenses (thresholds are set on "
                        "the Topics page).")
    return {"topics": tuple(st.session_state[KEY_TOPICS])}


register_sidebar_extra(_topic_filter)


def _volume_by_topic(snapshot: Snapshot, articles: pd.DataFrame) -> pd.DataFrame:
    """The timeline's "topic" split: an article counts once under every lens its paragraphs carry."""
    from newslens import topics
    from newslens.timeline import GROUP

    return topics.articles_by_topic(articles, snapshot.paragraphs, topic_labels(snapshot), GROUP)


def _register_topic_volume() -> None:
    from newslens import timeline

    timeline.register_volume_split("topic", _volume_by_topic)


_register_topic_volume()
