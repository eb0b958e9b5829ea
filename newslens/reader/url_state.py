"""Which article the reader opens: the user's last pick, a jump from another view, or a shared link.

Pure rules over a session-state mapping (``st.session_state`` in the app, a dict in tests), so
the order of precedence is written and tested once: a jump from another view beats the article
shown last; a link's ``?article=`` is applied once, so a later pick in the reader wins over it.
"""
from __future__ import annotations

from collections.abc import Callable, Container, Iterable, MutableMapping
from typing import Any

KEY_ARTICLE = "rd_article"          # the reader's article chooser
KEY_PARAGRAPH = "rd_paragraph"      # the paragraph to scroll to and highlight
KEY_URL_SEEN = "rd_url_seen"        # the ?article= value already applied (a later pick wins over it)
KEY_LAST = "rd_last"                # the article last shown (widget state is dropped off-page)


def apply_links(state: MutableMapping[str, Any], *, known: Container[str], jump: tuple[str, str | None] | None,
                url_article: str | None, url_paragraph: str | None) -> str | None:
    """Point ``state`` at the article to open; return a linked article id that does not exist, if any."""
    if KEY_ARTICLE not in state and state.get(KEY_LAST) in known:
        state[KEY_ARTICLE] = state[KEY_LAST]
    if jump and jump[0] in known:
        state[KEY_ARTICLE], state[KEY_PARAGRAPH] = jump
        state[KEY_URL_SEEN] = jump[0]
    if url_article and url_article != state.get(KEY_URL_SEEN):
        state[KEY_URL_SEEN] = url_article
        if url_article not in known:
            return url_article
        state[KEY_ARTICLE] = url_article
        state[KEY_PARAGRAPH] = url_paragraph
    return None


def open_article(state: MutableMapping[str, Any], article_id: str, paragraph_id: str | None) -> None:
    """The reader itself opens an article (a similar paragraph's link, or the chooser)."""
    state[KEY_ARTICLE] = article_id
    state[KEY_PARAGRAPH] = paragraph_id
    state[KEY_URL_SEEN] = article_id


def renamed_link(url_article: str | None, url_paragraph: str | None, *, ids: Iterable[str],
                 paragraph_texts: Callable[[str], tuple[list[str], list[str]]]) -> tuple[str, str | None] | None:
    """A shared link made before a rebuild renamed its article (``store.renamed_article_id``): the
    article's id now and its paragraph's id now, or None when the link is no such link.

    ``paragraph_texts(article_id)`` gives the article's stored paragraph texts in order and their ids;
    a paragraph id hashes the article id, so the old one is recomputed from the texts."""
    from newslens.store import renamed_article_id
    article_id = renamed_article_id(url_article, ids) if url_article else None
    if article_id is None:
        return None
    if not url_paragraph:
        return article_id, None
    from pipeline.paragraphs import paragraph_ids   # the pipeline owns how a paragraph id is made
    texts, now = paragraph_texts(article_id)
    return article_id, dict(zip(paragraph_ids(url_article, texts), now)).get(url_paragraph)
