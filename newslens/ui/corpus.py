"""Which corpus the app shows: the bundled sample or one of the user's own (``newslens.corpora``).

The choice lives in session state (``nl_corpus``) and in the URL (``?corpus=<name>``), so a shared
link opens the same corpus. Only names of existing corpora are accepted; anything else falls back
to the sample. Read before the snapshot is loaded, so the whole run shows one corpus.
"""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from newslens import config
from newslens.corpora import Corpus, find_corpus, list_corpora

KEY_CORPUS = "nl_corpus"                # the sidebar picker's key: "" = the sample
_KEY_NEXT = "nl_corpus_next"            # a switch asked for after the picker was drawn
_KEY_URL_READ = "nl_corpus_url_read"
QP_CORPUS = "corpus"
SAMPLE_LABEL = "Bundled sample"


def default_label() -> str:
    """The picker's name for the corpus of the app's data folder: the bundled sample, or the folder
    $NEWSLENS_DATA names (a reviewer's own 84 pages were called "Bundled sample")."""
    if config.SETTINGS["data_dir"].at_default():
        return SAMPLE_LABEL
    data = config.data_dir()
    name = data.parent.name if data.name == "processed" and data.parent.name else data.name
    return f"{name} ($NEWSLENS_DATA)"


def active_corpus() -> Corpus | None:
    """The user corpus being shown, or None for the bundled sample."""
    state = st.session_state
    if _KEY_NEXT in state:
        state[KEY_CORPUS] = state.pop(_KEY_NEXT)
    if not state.get(_KEY_URL_READ):
        state[_KEY_URL_READ] = True
        wanted = st.query_params.get(QP_CORPUS)
        if wanted and find_corpus(wanted) is not None:
            state[KEY_CORPUS] = wanted
    return find_corpus(state.get(KEY_CORPUS))


def set_active_corpus(name: str | None) -> None:
    """Show that corpus from the next run on (None: the sample). Safe to call after the sidebar's
    picker was drawn (Streamlit forbids writing a drawn widget's key, so it is applied next run)."""
    st.session_state[_KEY_NEXT] = name or ""
    st.session_state[_KEY_URL_READ] = True


def data_dir() -> Path:
    """The snapshots folder of the corpus being shown."""
    corpus = active_corpus()
    return corpus.processed if corpus else config.data_dir()


def raw_dir() -> Path:
    """The raw folder of the corpus being shown."""
    corpus = active_corpus()
    return corpus.raw if corpus else config.raw_dir()


def mirror_to_url() -> None:
    corpus = active_corpus()
    if corpus:
        st.query_params[QP_CORPUS] = corpus.name
    elif QP_CORPUS in st.query_params:
        del st.query_params[QP_CORPUS]


def render_corpus_picker() -> None:
    """A corpus switch in the sidebar, shown once the user has a corpus of their own."""
    names = [c.name for c in list_corpora()]
    if not names:
        return
    options = ["", *names]
    if st.session_state.get(KEY_CORPUS) not in options:
        st.session_state[KEY_CORPUS] = ""
    default = default_label()
    st.selectbox("Showing", options, key=KEY_CORPUS, format_func=lambda n: n or default,
                 help="Your own corpora (made on Add articles) and the app's data folder (the bundled "
                      "sample, or $NEWSLENS_DATA) are kept apart.")
