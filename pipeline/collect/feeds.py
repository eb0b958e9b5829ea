"""RSS / Atom feeds (feedparser) -> one item per entry; the page behind each entry is fetched,
since feeds usually carry only a summary. The feed's title, date and author are given metadata."""
from __future__ import annotations

import time

import feedparser

from newslens.schema import ArticleCol
from pipeline.collect.items import FAILED, Item, Outcome, Plan, SourceError
from pipeline.collect.urls import normalise_url


def _entry_date(entry: dict) -> str | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if parsed:
        return time.strftime("%Y-%m-%dT%H:%M:%SZ", parsed)
    return entry.get("published") or entry.get("updated") or None


def plan_feed(data: bytes, label: str, base_url: str | None = None) -> Plan:
    """Items for the entries of a feed given as bytes (fetched, or read from a file)."""
    parsed = feedparser.parse(data, response_headers={"content-location": base_url} if base_url else None)
    if not parsed.entries:
        problem = f" ({parsed.bozo_exception})" if parsed.get("bozo") else ""
        raise SourceError(f"{label}: a feed without entries{problem}")
    title = parsed.feed.get("title") or label
    plan = Plan(descriptions=[f"{label}: feed {title!r} with {len(parsed.entries)} entries"])
    for number, entry in enumerate(parsed.entries, start=1):
        where = f"{label} entry {number}"
        url = normalise_url(entry.get("link"))
        if url is None:
            plan.problems.append(Outcome(where, FAILED, "unusable entry", f"{where}: the entry has no web address"))
            continue
        fields = {ArticleCol.TITLE: entry.get("title") or None, ArticleCol.PUBLISHED: _entry_date(entry),
                  ArticleCol.AUTHOR: entry.get("author") or None}
        plan.items.append(Item(url, where, "web", "", "", url=url, fields=fields, expand_feeds=False))
    return plan
