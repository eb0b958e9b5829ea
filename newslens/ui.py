"""The one module of ``newslens`` that imports Streamlit: shared loading, sidebar and rendering.

Pages call these helpers so that loading, filters, presentation mode and safe text rendering are
written once.
"""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from newslens import config
from newslens.embedder import Embedder, load_embedder
from newslens.filters import Filters
from newslens.safe import escape_text
from newslens.store import Snapshot, SnapshotError, current_snapshot_id, load_snapshot


def data_dir() -> Path:
    return config.data_dir()


@st.cache_resource(show_spinner=False, max_entries=2)
def _cached_snapshot(data_dir: str, snapshot_id: str) -> Snapshot:
    # Keyed by snapshot id: a new build is picked up on the next rerun, pages share one copy.
    return load_snapshot(data_dir, snapshot_id)


@st.cache_resource(show_spinner="Loading the embedding model…")
def cached_embedder(model_name: str) -> Embedder:
    return load_embedder(model_name)


def get_snapshot() -> Snapshot | None:
    """The current snapshot, or ``None`` after showing a clear error with the command that fixes it."""
    directory = str(data_dir())
    snapshot_id = current_snapshot_id(directory)
    try:
        if snapshot_id is None:
            raise SnapshotError(f"no snapshot in {directory}; build one with `python -m pipeline build`")
        return _cached_snapshot(directory, snapshot_id)
    except SnapshotError as exc:
        st.error(f"**No usable snapshot.** {escape_text(str(exc))}", icon=":material/error:")
        st.code("python -m pipeline build", language="bash")
        return None


def render_paragraph_text(text: str, *, container=st) -> None:
    """Untrusted article text, shown exactly as typed."""
    container.markdown(escape_text(text), unsafe_allow_html=True)


def current_filters() -> Filters:
    """The filters chosen in the shared sidebar (kept in session state across pages)."""
    return st.session_state.get("newslens_filters", Filters())
