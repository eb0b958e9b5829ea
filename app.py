"""NewsLens entrypoint: `streamlit run app.py`.

Page config, the first-run build of the sample corpus, the shared sidebar and navigation. All
logic lives in ``newslens``; pages are thin files under ``pages/``.
"""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from newslens import config
from newslens.ui import access, add_articles, corpus, jobs, loading, presentation, sidebar

ROOT = Path(__file__).resolve().parent

# (file, title, icon, url path). A page whose file does not exist yet is left out of navigation.
PAGES = (
    ("pages/timeline.py", "Timeline", ":material/timeline:", "timeline"),
    ("pages/search.py", "Search", ":material/search:", "search"),
    ("pages/topics.py", "Topics", ":material/hub:", "topics"),
    ("pages/compare.py", "Compare", ":material/compare_arrows:", "compare"),
    ("pages/articles.py", "Reader", ":material/article:", "articles"),
    ("pages/add_articles.py", "Add articles", ":material/add_circle:", "add_articles"),
)

st.set_page_config(page_title="NewsLens", page_icon=":material/newspaper:", layout="wide",
                   initial_sidebar_state="expanded")

# Read-only mode (a shared server) leaves out every page whose purpose is to write.
WRITING_PAGES = {"add_articles"}
available = [p for p in PAGES if (ROOT / p[0]).is_file() and not (config.read_only() and p[3] in WRITING_PAGES)]
pages = [st.Page(path, title=title, icon=icon, url_path=url) for path, title, icon, url in available]


def _home() -> None:
    """The app root: go to the first page, at its own URL, keeping the link's query parameters.

    Streamlit serves a ``default=True`` page only at ``/``, so making Timeline the default would
    make every shared ``/timeline`` link open a "Page not found" dialog. The root instead forwards
    to ``/timeline`` (and so ``/?present=1`` becomes ``/timeline?present=1``).
    """
    # Every value of a repeated parameter (?outlet=A&outlet=B), not only the last one.
    st.switch_page(pages[0], query_params={k: st.query_params.get_all(k) for k in st.query_params})


home = st.Page(_home, title="NewsLens", url_path="home", default=True, visibility="hidden")

presentation.apply_presentation_style()
if not access.render_gate():
    # Signed out or not on the list: the pages are registered (hidden) but none runs, and nothing
    # of the corpus is loaded.
    st.navigation([home, *pages], position="hidden")
    st.stop()
add_articles.resume_queued_runs()       # runs a stopped server left waiting in line go on (once)
snapshot, _ = loading.snapshot_state()
if snapshot is None or not pages:
    # Register the pages (hidden) BEFORE anything slow or stopping: otherwise Streamlit lists the raw
    # pages/ files in the sidebar during the first-run build and on the error screens.
    st.navigation([home, *pages], position="hidden")
    add_articles.take_finished_runs()
    with st.sidebar:     # a user corpus without a usable snapshot: the way back to another one
        corpus.render_corpus_picker()
    if not pages:
        st.error("No pages are installed: the `pages/` folder is empty.", icon=":material/error:")
    elif loading.ensure_snapshot() is not None:     # built just now, or appeared meanwhile
        st.rerun()
    st.stop()

# The model loads in the background while the first page renders: the first search does not wait.
loading.warm_query_embedder(snapshot)
running_slot = st.sidebar.container()
sidebar.render_sidebar(snapshot)
navigation = st.navigation([home, *pages], position="hidden" if presentation.presentation_mode() else "sidebar")
# A run of Add articles this tab started or watched has ended: go on as it would have in the page.
add_articles.take_finished_runs()
with running_slot:      # builds going on on the server (Add articles shows its own in the page)
    jobs.render_running(skip_kinds=[add_articles.ADD_JOB] if navigation.url_path == "add_articles" else [])
navigation.run()
presentation.render_presentation_exit()
