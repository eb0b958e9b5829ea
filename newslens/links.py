"""Links printed in scraped text: one shape for the pipeline's cleaning (a line of links alone is
no sentence of the article) and the read side's evidence (the same post linked by two reports)."""
from __future__ import annotations

import re

# A link printed in the text: a scheme, "www." or a Telegram post address, up to a space, a quote or a bracket.
URL = re.compile(r"\b(?:https?://|www\.|t\.me/)[^\s<>\"'\u201c\u201d\u00ab\u00bb)\]]+", re.IGNORECASE)
# What may stand between links printed in a row ("https://a | https://b", "<https://a>")
_BETWEEN_LINKS = " \t|,;·•<>()[]"


def links_only(text: str) -> bool:
    """The text is one link or several and nothing else ("https://example.org/2024/09/20/story.html",
    "www.example.com"): a pointer to a page, printed alone on its line, not a sentence of the article."""
    text = text.strip(_BETWEEN_LINKS)
    return URL.match(text) is not None and not URL.sub(" ", text).strip(_BETWEEN_LINKS)   # (a sentence fails at once)
