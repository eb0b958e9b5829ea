"""Switching between views: every view opens an article in the reader the same way."""
from __future__ import annotations

import streamlit as st

READER_PAGE = "pages/articles.py"
COMPARE_PAGE = "pages/compare.py"
QP_ARTICLES = "articles"               # the articles the compare page opens on, comma-separated
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


COMPARE_MAX_ARTICLES = 6               # articles the compare page shows side by side at most


def open_compare(article_ids: list[str]) -> None:
    """Switch to the compare page on ``article_ids`` (the first is the reference; at most
    ``COMPARE_MAX_ARTICLES``). The page's own widgets are not kept while another page shows, so
    it reads them from the URL (and picks the detected story they are, if any)."""
    ids = list(dict.fromkeys(article_ids))[:COMPARE_MAX_ARTICLES]
    st.switch_page(COMPARE_PAGE, query_params={QP_ARTICLES: ",".join(ids)})
