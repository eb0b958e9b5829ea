"""Dates that parse but must not be believed: before the corpus' earliest year, the Unix epoch
placeholder, and year/number forms that may not be a month at all.

Kept apart from the date parsing rules (``pipeline.metadata``) so it applies to every date
whatever layer found it (given, extracted from HTML, inferred from the text). A rejected date
leaves the article undated with the raw string kept and a warning, like an impossible date.
"""
from __future__ import annotations

import re

import pandas as pd

from pipeline.metadata import DateInfo

# 1970-01-01 (with or without a midnight time): what many systems write for a missing date.
_EPOCH = re.compile(r"^\s*1970-01-01(?:[T ]00:00(?::00(?:\.0+)?)?\s*(?:Z|[+-]00:?00|UTC|GMT)?)?\s*$", re.IGNORECASE)
# "2023/12": year and a number after a slash - a month, or an issue, page or volume number.
_YEAR_SLASH_NUMBER = re.compile(r"^\s*\d{4}\s*/\s*\d{1,2}\s*$")


def _years(info: DateInfo) -> list[int]:
    return [stamp.year for stamp in (info.start, info.end) if not pd.isna(stamp)] + (
        [int(info.published[:4])] if info.published and info.published[:4].isdigit() else [])


def rejection(info: DateInfo, earliest_year: int) -> str | None:
    """Why this date is not to be believed (one warning line), or None."""
    if not info.known:
        return None
    raw = info.raw or info.published or ""
    if _EPOCH.match(raw):
        return f"placeholder date {raw!r} (the Unix epoch, written for a missing date) rejected; kept as date_raw"
    if _YEAR_SLASH_NUMBER.match(raw):
        return (f"ambiguous date {raw!r} (a month, or an issue or page number?) rejected; kept as date_raw; "
                "write it as YYYY-MM if it is a month")
    early = [y for y in _years(info) if y < earliest_year]
    if early:
        return (f"date {raw or min(early)!r} is before {earliest_year} (earliest_year in config/ingest.yaml) "
                "rejected; kept as date_raw")
    return None


def screen_date(info: DateInfo | None, earliest_year: int) -> DateInfo | None:
    """The date itself, or an undated DateInfo keeping the raw string when it is rejected."""
    if info is None:
        return None
    reason = rejection(info, earliest_year)
    if reason is None:
        return info
    return DateInfo(raw=info.raw or info.published, note=info.note, warnings=[*info.warnings, reason])
