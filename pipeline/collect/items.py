"""What the collector works on: one :class:`Item` per article to collect, and one
:class:`Outcome` per item or unusable input, for the summary, the log and the app."""
from __future__ import annotations

from dataclasses import dataclass, field

COLLECTED, ALREADY, FAILED, SKIPPED = "collected", "already had", "failed", "skipped"
FILE_KEY_PREFIX = "file:"          # the key of an article given as a file (sources.plan_file), never a fetched page


@dataclass
class Item:
    """An article to collect: a page to fetch (``url`` without ``text``) or given text."""
    key: str                         # identity across runs: normalised url, or source#row
    source: str                      # what the user gave, for messages ("links.txt line 3")
    kind: str                        # "web" | "export" | "telegram" | "file"
    folder: str                      # raw sub-folder the file goes to
    stem: str                        # readable file-name stem
    url: str | None = None
    text: str | None = None
    fields: dict = field(default_factory=dict)   # given metadata for metadata.csv
    suffix: str = ".txt"
    expand_feeds: bool = True        # a url that turns out to be a feed becomes its entries


@dataclass
class Outcome:
    source: str
    status: str                      # COLLECTED | ALREADY | FAILED | SKIPPED
    reason: str | None = None        # short code for counting ("HTTP 404", "media only")
    message: str | None = None       # one sentence for the user
    file: str | None = None          # raw file, relative to the raw folder
    title: str | None = None
    kind: str | None = None


class SourceError(Exception):
    """A SOURCE argument that cannot be read at all (one line for the user)."""


@dataclass
class Plan:
    """Everything a set of SOURCE arguments stands for, before any page is fetched."""
    items: list[Item] = field(default_factory=list)
    problems: list[Outcome] = field(default_factory=list)   # unusable rows, skipped posts, bad sources
    descriptions: list[str] = field(default_factory=list)   # one line per source, for a preview
    # metadata rows (table name, file name as stored, fields) for files not given with their table:
    # the run gives them to the files collected before under those names
    given: list[tuple[str, str, dict]] = field(default_factory=list)

    def extend(self, other: Plan) -> Plan:
        self.items += other.items
        self.problems += other.problems
        self.descriptions += other.descriptions
        self.given += other.given
        return self

    def counts(self) -> dict[str, int]:
        """What the plan holds in plain words, for a preview ("links to fetch": 3, ...)."""
        words = {"web": "links to fetch", "export": "export rows with text", "telegram": "Telegram posts",
                 "file": "article files"}
        out: dict[str, int] = {}
        for item in self.items:
            out[words[item.kind]] = out.get(words[item.kind], 0) + 1
        if self.given:
            out["metadata rows for files collected before"] = len(self.given)
        if self.problems:
            out["left out"] = len(self.problems)
        return out


def problem_rows(outcomes: list[Outcome]) -> list[dict[str, str]]:
    """Failed and skipped outcomes as table rows a person can read: source, what happened, why."""
    return [{"source": o.source, "result": o.status, "reason": o.reason or "", "details": o.message or ""}
            for o in outcomes if o.status in (FAILED, SKIPPED)]
