"""Rendering: Plotly figures with their stamp and image export, selections, untrusted text."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import streamlit as st

from newslens import config, figures
from newslens.corpora import corpus_name_of_raw
from newslens.filters import Filters
from newslens.safe import escape_text
from newslens.schema import ArticleCol, ManifestKey
from newslens.store import Snapshot
from newslens.ui import presentation
from newslens.ui.sidebar import current_filters


def chart_stamp(snapshot: Snapshot, filters: Filters | None = None, extra: str = "") -> str:
    """What a chart shows, for the stamp under it: corpus, filters, snapshot date (+ view details)."""
    filters = filters if filters is not None else current_filters()
    return figures.stamp_text(corpus_label(snapshot), filters.describe(),
                              str(snapshot.manifest.get(ManifestKey.BUILT_AT, ""))[:10], extra)


def corpus_name(raw: str, sample_raw: Path | None = None) -> str:
    """The corpus a snapshot was built from, for stamps: a user corpus by its name, the bundled
    sample as "sample corpus", any other folder called raw/data by the folder that holds it (a
    screenshot of an evaluation corpus must not say "sample")."""
    name = corpus_name_of_raw(raw) or Path(raw).name or raw
    if name not in {"raw", "data"}:
        return name
    try:
        sample = Path(raw).resolve() == Path(sample_raw or config.raw_dir()).resolve()
    except OSError:
        sample = False
    return "sample corpus" if sample else (Path(raw).parent.name or "corpus")


def corpus_label(snapshot: Snapshot) -> str:
    name = corpus_name(str(snapshot.manifest.get(ManifestKey.RAW_DIR) or "corpus"))
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
                           config=figures.plotly_config(filename, modebar_on_hover=presentation.presentation_mode()),
                           **kwargs)


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


def render_paragraph_text(text: str, *, container: Any = st) -> None:
    """Untrusted article text, shown exactly as typed."""
    container.markdown(escape_text(text), unsafe_allow_html=True)
