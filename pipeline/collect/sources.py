"""SOURCE arguments -> a :class:`Plan`: what each url, links file, feed file, export, Telegram export
or article file stands for. Files are recognised by extension *and* content, and only read as data."""
from __future__ import annotations

from pathlib import Path

from pipeline.collect.exports import EXPORT_SUFFIXES, plan_export
from pipeline.collect.feeds import plan_feed
from pipeline.collect.given_metadata import attach, read_given_table
from pipeline.collect.items import FAILED, FILE_KEY_PREFIX, Item, Outcome, Plan, SourceError
from pipeline.collect.telegram import load_export, plan_telegram
from pipeline.collect.urls import normalise_url, url_of_line
from pipeline.decode import NotText, binary_kind, decode_bytes

FEED_SUFFIXES = {".xml", ".rss", ".atom"}
ARTICLE_SUFFIXES = {".txt": ".txt", ".md": ".md", ".markdown": ".md", ".html": ".html", ".htm": ".html"}
LIST_SUFFIXES = {".txt", ".list", ".urls", ".lst", ""}
MAX_SOURCE_BYTES = 200 * 1024 * 1024


def _links_plan(path: Path, text: str) -> Plan | None:
    """A links file (one url per line, ``#`` comments); None when the file is not one."""
    lines = text.splitlines()
    content = [(n, line) for n, line in enumerate(lines, start=1) if line.strip() and not line.lstrip().startswith("#")]
    urls = [(n, url_of_line(line)) for n, line in content]
    if not content or sum(1 for _, u in urls if u) < max(1, len(content) // 2 + 1):
        return None
    plan = Plan(descriptions=[f"{path.name}: {sum(1 for _, u in urls if u)} links"])
    for (n, url), (_, line) in zip(urls, content):
        where = f"{path.name} line {n}"
        norm = normalise_url(url) if url else None
        if norm is None:
            plan.problems.append(Outcome(where, FAILED, "not a web address", f"{where}: {line.strip()[:80]!r} is not a web address"))
        else:
            plan.items.append(Item(norm, where, "web", "", "", url=norm))
    return plan


def plan_file(path: Path, *, columns: dict[str, str] | None = None, telegram_username: str | None = None,
              display_name: str | None = None) -> Plan:
    """What one local file stands for. Raises SourceError with one line when it is nothing usable."""
    name = display_name or path.name
    suffix = path.suffix.lower()
    if not path.is_file():
        raise SourceError(f"{name}: no such file")
    size = path.stat().st_size
    if size > MAX_SOURCE_BYTES:
        raise SourceError(f"{name}: {size:,} bytes is over the {MAX_SOURCE_BYTES:,}-byte limit for one source")
    if suffix in EXPORT_SUFFIXES:
        return plan_export(path, columns)
    if suffix == ".json":
        data = load_export(path)
        if data is None:
            raise SourceError(f"{name}: JSON, but not a Telegram Desktop export (no 'messages'); "
                              "exports of rows should be .jsonl")
        return plan_telegram(path, data, telegram_username)
    head = path.read_bytes()[:size]
    kind = binary_kind(head)
    if kind:
        raise SourceError(f"{name}: a {kind}, not text; not collected")
    if suffix in FEED_SUFFIXES:
        return plan_feed(head, name)
    try:
        text = decode_bytes(head).text
    except NotText as exc:
        raise SourceError(f"{name}: {exc}") from exc
    if suffix in LIST_SUFFIXES and (plan := _links_plan(path, text)) is not None:
        return plan
    if text.lstrip().startswith(("<?xml", "<rss", "<feed")):
        return plan_feed(head, name)
    if suffix in ARTICLE_SUFFIXES:
        if not text.strip():
            raise SourceError(f"{name}: an empty file")
        from pipeline.collect.store import short_hash
        return Plan(items=[Item(f"{FILE_KEY_PREFIX}{short_hash(text)}", name, "file", "files", path.stem, text=text,
                                suffix=ARTICLE_SUFFIXES[suffix])],
                    descriptions=[f"{name}: one article file"])
    raise SourceError(f"{name}: unsupported file type {suffix or '(none)'}; expected a links file, a feed, "
                      "a CSV/JSONL/Parquet export, a Telegram result.json or a .txt/.md/.html article")


def plan_sources(sources: list[str], *, columns: dict[str, str] | None = None,
                 telegram_username: str | None = None, files_allowed: bool = True) -> Plan:
    """Everything the SOURCE arguments stand for, without fetching anything.

    ``files_allowed=False`` is for links typed into the app: a line that is not a web address is
    reported, never opened as a path on the server."""
    plan = Plan()
    tables = []
    for source in sources:
        try:
            if not files_allowed and "://" not in source:
                raise SourceError(f"{source[:80]}: not a web address (links start with https://)")
            if "://" in source:
                url = normalise_url(source)
                if url is None:
                    raise SourceError(f"{source}: only http(s) web addresses can be collected")
                part = Plan(items=[Item(url, source, "web", "", "", url=url)],
                            descriptions=[f"{source}: a web page or feed, fetched"])
            elif not columns and (table := read_given_table(Path(source))) is not None:
                tables.append(table)     # metadata for the article files given with it, not links to fetch
                continue
            else:
                part = plan_file(Path(source), columns=columns, telegram_username=telegram_username)
        except SourceError as exc:
            plan.problems.append(Outcome(source, FAILED, "unreadable source", str(exc)))
            plan.descriptions.append(str(exc))
            continue
        plan.extend(part)
    return attach(plan, tables)
