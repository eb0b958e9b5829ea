"""Weekday names in the corpus's languages (config/stories.yaml ``weekdays``), read by one rule for story
grouping (the weekday a report's first sentence names) and Compare's numbers (the day in brackets after a
weekday, "na quinta-feira (7)", is a date, not a count)."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from newslens.sentences import APOSTROPHES, apostrophes

# A word, its inner apostrophes and hyphens kept ("п'ятницю", "quarta-feira"), for the weekday names
NAME_WORD = re.compile(rf"[^\W\d_]+(?:[{APOSTROPHES}-][^\W\d_]+)*")
_POSSESSIVE = re.compile(r"'s$")


class WeekdayNames(NamedTuple):
    exact: dict[str, int]              # word -> weekday (0 = Monday)
    beginnings: tuple[tuple[str, int], ...]   # a word beginning so names that weekday
    not_days: re.Pattern[str] | None   # names holding a weekday that name no day ("Welt am Sonntag")

    def day_of(self, word: str) -> int | None:
        """The weekday (0 = Monday) one word (a ``NAME_WORD``) names, or None."""
        word = _POSSESSIVE.sub("", apostrophes(word).lower())
        day = self.exact.get(word)
        return day if day is not None else next((n for start, n in self.beginnings if word.startswith(start)), None)


@lru_cache(maxsize=64)
def weekday_table(days: tuple[tuple[str, ...], ...], not_days: tuple[str, ...]) -> WeekdayNames:
    """One language's weekday names (``weekdays.names``: a word ending in "*" names the day as a word's
    beginning) and the names that hold a weekday but name no day (``weekdays.not_days``)."""
    exact = {w.lower(): n for n, day in enumerate(days) for w in day if not w.endswith("*")}
    beginnings = tuple((w[:-1].lower(), n) for n, day in enumerate(days) for w in day if w.endswith("*"))
    phrases = sorted({apostrophes(p.lower()) for p in not_days if p.strip()}, key=len, reverse=True)
    pattern = re.compile(rf"(?<!\w)(?:{'|'.join(re.escape(p) for p in phrases)})(?!\w)", re.IGNORECASE) \
        if phrases else None
    return WeekdayNames(exact, beginnings, pattern)
