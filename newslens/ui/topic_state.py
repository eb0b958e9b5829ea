"""Topics across pages: the session's lenses, topic labels per paragraph, the sidebar topic filter.

Importing this module (``newslens.ui`` does) adds the topic filter to the shared sidebar and the
"topic" split to the timeline's volume chart.
"""
from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from newslens import config
from newslens.embedder import ModelLoadError
from newslens.safe import escape_text
from newslens.store import Snapshot
from newslens.ui.loading import query_embedder
from newslens.ui.sidebar import KEY_TOPICS, register_sidebar_extra

KEY_LENSES = "nl_lenses"                    # the session's LensConfig: the file + lenses added in the app
KEY_LENS_THRESHOLDS = "nl_lens_thresholds"  # lens name -> threshold chosen on the topics page
KEY_FILE_LENSES = "nl_file_lenses"          # the LensConfig as the lens file gave it (the administrator's)


def session_lenses() -> tuple[Any, str | None]:
    """``(LensConfig, None)`` for this session (read once from the lens file), or ``(None, reason)``."""
    from newslens.topics.lenses import LensError, load_lenses

    if KEY_LENSES not in st.session_state:
        try:
            st.session_state[KEY_LENSES] = st.session_state[KEY_FILE_LENSES] = load_lenses(config.lenses_file())
        except LensError as exc:
            return None, str(exc)
    return st.session_state[KEY_LENSES], None


def file_lexicon(name: str) -> tuple[str, ...]:
    """The lexicon the lens file gives the lens named ``name`` (as the form names it: case and spacing
    aside), as this session read it; none for a lens of the session's own."""
    wanted = " ".join(name.split()).casefold()
    from_file = st.session_state.get(KEY_FILE_LENSES)
    lenses = from_file.lenses if from_file is not None else ()
    return next((lens.lexicon for lens in lenses if lens.name.casefold() == wanted), ())


def read_only_lenses() -> int:
    """How many lenses of its own a session may have on a read-only server (``with_session_lens``)."""
    from newslens.knowledge import threshold
    from newslens.topics.lenses import MAX_LENSES

    return threshold("topics", "read_only_lenses", int, 1, MAX_LENSES)


def with_session_lens(lens_config: Any, lens: Any) -> Any:
    """The session's lenses with ``lens`` added or replacing its namesake (``LensError`` when not). On a
    read-only server a visitor may have at most ``topics.read_only_lenses`` (config/thresholds.yaml)
    lenses that are not the lens file's as it gave them: each is scored live on every paragraph
    whenever the session's lenses change (unless only its threshold moved)."""
    from newslens.topics.lenses import LensError

    changed = lens_config.with_lens(lens)
    if config.read_only():
        from_file = st.session_state.get(KEY_FILE_LENSES)
        own = [one for one in changed.lenses if from_file is None or one not in from_file.lenses]
        most = read_only_lenses()
        if len(own) > most:
            raise LensError(f"this session has {most} lenses of its own (added or changed here): on this shared "
                            f"server (read-only mode) that is the most; remove one to add another")
    return changed


def lens_thresholds(lens_config: Any) -> dict[str, float]:
    """Each lens's threshold: the one moved on the topics page, else the lens file's default."""
    chosen = st.session_state.get(KEY_LENS_THRESHOLDS, {})
    return {name: float(chosen.get(name, default)) for name, default in lens_config.thresholds().items()}


@st.cache_resource(show_spinner="Scoring paragraphs against the topic lenses…", max_entries=8)
def _lens_scores(snapshot_id: str, fingerprint: str, _snapshot: Snapshot, _lens_config: Any) -> Any:
    # Keyed by snapshot id + lens config fingerprint; the objects themselves are not hashed.
    # Lenses the pipeline scored are read from the snapshot; the model loads only for the others.
    from newslens.topics import analysis as topics

    return topics.score_snapshot(_snapshot, _lens_config, lambda: query_embedder(_snapshot))


def scoring_key(snapshot: Snapshot, lens_config: Any) -> str:
    """What a snapshot's lens scores depend on besides the snapshot: the lenses and the trained head
    shipped for its model (a head refitted while the app runs must not leave stale scores cached)."""
    from newslens.topics import lens_head

    return f"{lens_config.fingerprint()}:{lens_head.head_stamp(snapshot.model_name)}"


def lens_scores(snapshot: Snapshot, lens_config: Any) -> Any:
    """Every paragraph scored against every lens (cached per snapshot, lens config and head)."""
    return _lens_scores(snapshot.snapshot_id, scoring_key(snapshot, lens_config), snapshot, lens_config)


@st.cache_resource(show_spinner=False, max_entries=8)
def _threshold_ceilings(snapshot_id: str, fingerprint: str, _scores: Any) -> dict[str, float]:
    from newslens.topics import analysis as topics

    return topics.threshold_ceilings(_scores)


def threshold_ceilings(snapshot: Snapshot, lens_config: Any) -> dict[str, float]:
    """Each lens slider's far end (``analysis.threshold_ceilings``), cached with the scores it reads
    (a max over every paragraph on every rerun of the topics page otherwise)."""
    return _threshold_ceilings(snapshot.snapshot_id, scoring_key(snapshot, lens_config),
                               lens_scores(snapshot, lens_config))


# A resource (read only, shared), not data: unpickling a million label lists took 0.9 s per rerun.
@st.cache_resource(show_spinner=False, max_entries=8)
def _topic_labels(snapshot_id: str, fingerprint: str, thresholds: tuple[tuple[str, float], ...],
                  _scores: Any) -> pd.Series:
    from newslens.topics import analysis as topics

    return topics.topic_labels(_scores, dict(thresholds))


def topic_labels(snapshot: Snapshot) -> pd.Series:
    """Lens names per paragraph row (aligned with ``snapshot.paragraphs``), for topic filtering.

    Cached by snapshot id + lens config and head + thresholds. Pass it to
    ``filters.paragraph_mask(..., topic_labels=ui.topic_labels(snapshot))``. Empty lists when the
    lens file is unusable (the topics page says why) or a lens cannot be scored (said here).
    """
    lens_config, _ = session_lenses()
    if lens_config is None:
        return _no_labels(snapshot)
    thresholds = lens_thresholds(lens_config)
    try:
        scores = lens_scores(snapshot, lens_config)
    except ModelLoadError as exc:     # a lens that cannot be scored here: say so, label nothing
        st.error(f"The topic filter cannot be applied: {escape_text(str(exc))}", icon=":material/error:")
        return _no_labels(snapshot)
    return _topic_labels(snapshot.snapshot_id, scoring_key(snapshot, lens_config),
                         tuple(sorted(thresholds.items())), scores)


def _no_labels(snapshot: Snapshot) -> pd.Series:
    return pd.Series([[] for _ in range(len(snapshot.paragraphs))], dtype=object)


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
    from newslens.topics import analysis as topics
    from newslens.timeline.aggregate import GROUP

    return topics.articles_by_topic(articles, snapshot.paragraphs, topic_labels(snapshot), GROUP)


def _register_topic_volume() -> None:
    from newslens.timeline import aggregate as timeline

    timeline.register_volume_split(timeline.TOPIC_SPLIT, _volume_by_topic)


_register_topic_volume()
