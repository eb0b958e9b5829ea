"""NewsLens entrypoint: `streamlit run app.py`.

Page config, the first-run build of the sample corpus, the shared sidebar and navigation. All
logic lives in ``newslens``; pages are thin files under ``pages/``.
"""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from newslens import ui

ROOT = Path(__file__).resolve().parent

# (file, title, icon, url path). A page whose file does not exist yet is left out of navigation.
PAGES = (
    ("pages/timeline.py", "Timeline", ":material/timeline:", "timeline"),
    ("pages/search.py", "Search", ":material/search:", "search"),
    ("pages/topics.py", "Topics", ":material/hub:", "topics"),
    ("pages/compare.py", "Compare", ":material/compare_arrows:", "compare"),
    ("pages/articles.py", "Reader", ":material/article:", "articles"),
)

st.set_page_config(page_title="NewsLens", page_icon=":material/newspaper:", layout="wide",
                   initial_sidebar_state="expanded")

available = [p for p in PAGES if (ROOT / p[0]).is_file()]
pages = [st.Page(path, title=title, icon=icon, url_path=url, default=(i == 0))
         for i, (path, title, icon, url) in enumerate(available)]

ui.apply_presentation_style()
snapshot = ui.ensure_snapshot()
if snapshot is None or not pages:
    if not pages:
        st.error("No pages are installed: the `pages/` folder is empty.", icon=":material/error:")
    st.stop()

ui.render_sidebar(snapshot)
navigation = st.navigation(pages, position="hidden" if ui.presentation_mode() else "sidebar")
navigation.run()
ui.render_presentation_exit()
