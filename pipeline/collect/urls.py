"""Url normalisation for de-duplication (courlan) and the one test of "is this a web address"."""
from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

import courlan

_URL_LINE = re.compile(r"^\s*(https?://\S+)\s*$", re.IGNORECASE)


def normalise_url(url: str | None) -> str | None:
    """The url in a canonical form (lower-case host, tracking parameters and fragment dropped), or
    None when it is not an http(s) address. The same article linked twice gets the same key."""
    if not url:
        return None
    text = url.strip()
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname or " " in text:
        return None
    try:
        clean = courlan.normalize_url(text, strict=False)
    except (ValueError, TypeError):
        return None
    parts = urlsplit(clean)
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", parts.query, ""))


def url_of_line(line: str) -> str | None:
    """The url on a line of a links file, or None (blank, comment or not a url)."""
    m = _URL_LINE.match(line)
    return m.group(1) if m else None
