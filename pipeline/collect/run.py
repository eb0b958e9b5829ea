"""One collection run: plan the sources, fetch or take each item, write it, log it, summarise.

Nothing already in the raw folder is changed except by ``--refresh`` (which rewrites the same
files) and ``metadata.csv`` (rows added or updated, old rows kept). Metadata rows and log lines are
flushed every few items and at the end, so an interrupted run keeps what it had collected.
"""
from __future__ import annotations

import threading
from collections import Counter, deque
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from newslens import config
from newslens.schema import ArticleCol
from pipeline.collect.feeds import plan_feed
from pipeline.collect.fetch import FetchError, FetchSettings, PoliteFetcher, site_of
from pipeline.collect.items import ALREADY, COLLECTED, FAILED, FILE_KEY_PREFIX, SKIPPED, Item, Outcome, Plan, SourceError
from pipeline.collect.sources import plan_sources
from pipeline.collect.store import LogEntry, RawStore
from pipeline.collect.urls import normalise_url
from pipeline.decode import NotText, decode_bytes
from pipeline.ingest import Quarantine, _declared_charset, extract_html

FLUSH_EVERY = 10
METADATA_UPDATED = "already had, metadata updated"
# progress(done, total, label)
Progress = Callable[[int, int, str], None]


@dataclass
class CollectOptions:
    fetch: FetchSettings = field(default_factory=FetchSettings)
    refresh: bool = False
    columns: dict[str, str] = field(default_factory=dict)
    telegram_username: str | None = None
    # Pages fetched at once, each from a different site: one site never gets two requests at a time
    # from the scheduler, and its rate limit holds whatever the number.
    workers: int = 4


@dataclass
class CollectReport:
    raw_dir: Path
    outcomes: list[Outcome] = field(default_factory=list)

    def of(self, status: str) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == status]

    @property
    def collected(self) -> list[Outcome]:
        return self.of(COLLECTED)

    @property
    def metadata_updated(self) -> list[Outcome]:
        """Files collected before whose metadata this run gave (a build must read it)."""
        return [o for o in self.of(ALREADY) if o.reason == METADATA_UPDATED]

    @property
    def anything(self) -> bool:
        """True when the raw folder holds something from these sources (new or from before)."""
        return bool(self.of(COLLECTED) or self.of(ALREADY))

    def summary_lines(self, *, details: bool = True) -> list[str]:
        kinds = Counter(o.kind or "article" for o in self.collected)
        names = {"web": "web page", "export": "export row", "telegram": "Telegram post", "file": "file"}
        parts = ", ".join(f"{n} {names.get(k, k)}{'s' if n != 1 else ''}" for k, n in sorted(kinds.items()))
        lines = [f"Collected {len(self.collected)} new article(s) into {self.raw_dir}" + (f" ({parts})" if parts else "") + "."]
        if self.of(ALREADY):
            lines.append(f"Already had {len(self.of(ALREADY))} (collected before; --refresh fetches them again).")
        if self.metadata_updated:
            lines.append(f"Metadata given for {len(self.metadata_updated)} of them (updated in metadata.csv).")
        for status, label in ((FAILED, "Failed"), (SKIPPED, "Skipped")):
            items = self.of(status)
            if items:
                reasons = Counter(o.reason or "other" for o in items)
                lines.append(f"{label} {len(items)}: " + ", ".join(f"{n} {r}" for r, n in reasons.most_common()) + ".")
                if details:
                    lines += [f"  - {o.message or o.source}" for o in items[:50]]
                    if len(items) > 50:
                        lines.append(f"  ... and {len(items) - 50} more (see {self.raw_dir}/.collect/log.jsonl)")
        return lines


def _stem_from_url(url: str) -> str:
    """The page's name in its url, decoded: a slug in another script ("/ru/перехват-командир") is
    percent-encoded in the url, and its escapes made the file name ("D0-BF-D0-B5-...")."""
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    last = unquote(segments[-1]) if segments else parts.hostname or "page"
    return last.rsplit(".", 1)[0] if "." in last else last


class Collector:
    def __init__(self, raw_dir: Path, options: CollectOptions, fetcher: PoliteFetcher | None = None):
        self.store = RawStore(raw_dir)
        self.options = options
        self.fetcher = fetcher or PoliteFetcher(options.fetch)
        self.report = CollectReport(Path(raw_dir))
        self._seen: set[str] = set()
        # Everything but the network wait runs under this lock: the report, the store's rows and
        # log, the seen keys. Fetches of different sites overlap; the writing does not.
        self.lock = threading.Lock()
        self._named: dict[str, set[str]] | None = None      # ``_files_named``, read when a row needs it
        self.stopped = False        # the run was stopped (``stop``): nothing more is written

    def _done(self, item: Item, outcome: Outcome, *, url: str | None = None) -> None:
        outcome.kind = outcome.kind or item.kind
        self.report.outcomes.append(outcome)
        if outcome.status in (COLLECTED, FAILED):
            self.store.log(LogEntry(item.key, item.source, outcome.status, outcome.reason, outcome.file, url))

    def _already(self, key: str) -> dict | None:
        if self.options.refresh and key not in self._seen:
            return None
        return self.store.collected.get(key)

    def take(self, item: Item, queue: list[Item]) -> None:
        """Collect one item (adding a feed's entries to the queue); safe to call from several threads."""
        with self.lock:
            if not self.stopped:
                self._take(item, queue)

    def stop(self) -> None:
        """The run stops (cancelled): what it collected is recorded now, and a fetch still under way
        writes nothing when it returns. A cancelled build's process is killed if it does not end
        soon, and a fetch may wait 20 s: its files would stay without their rows and log lines."""
        with self.lock:
            self.stopped = True
            self.store.flush()

    def _take(self, item: Item, queue: list[Item]) -> None:
        previous = self._already(item.key)
        if previous or item.key in self._seen:
            file = (previous or {}).get("file")
            if file and item.kind == "file" and item.fields:
                # the same file again with metadata given now (a table uploaded after the files):
                # its row is updated, and the corpus is built again for it
                self.store.add_row(file, item.fields)
                self._done(item, Outcome(item.source, ALREADY, METADATA_UPDATED, file=file))
                return
            self._done(item, Outcome(item.source, ALREADY, "already had", file=file))
            return
        self._seen.add(item.key)
        try:
            if item.text is not None:
                self._write_text(item)
            else:
                self._fetch_page(item, queue)
        except FetchError as exc:
            self._done(item, Outcome(item.source, FAILED, exc.reason, str(exc)))
        except SourceError as exc:
            self._done(item, Outcome(item.source, FAILED, "unusable feed", str(exc)))
        except OSError as exc:
            self._done(item, Outcome(item.source, FAILED, "could not write", f"{item.source}: could not write ({exc})"))

    def _files_named(self) -> dict[str, set[str]]:
        """Article files collected before from files (uploads, or files on the command line; never a
        fetched page, whose url may end in the same name), by their stored name: read once a run."""
        from pipeline.collect.uploads import upload_name

        if self._named is None:
            self._named = {}
            for key, entry in self.store.collected.items():
                if str(key).startswith(FILE_KEY_PREFIX) and entry.get("source"):
                    self._named.setdefault(upload_name(Path(str(entry["source"])).name), set()).add(entry["file"])
        return self._named

    def give(self, table: str, name: str, fields: dict) -> None:
        """A metadata row for a file not given with its table: to the file collected before under
        that name (an upload's stored name, or a file's name on the command line), else said."""
        source = f"{table}: {name}"
        with self.lock:
            files = sorted(self._files_named().get(name, ()))
            if len(files) == 1:
                self.store.add_row(files[0], fields)
                self.report.outcomes.append(Outcome(source, ALREADY, METADATA_UPDATED, file=files[0], kind="file"))
            else:
                why = ("no file of that name was given or collected before" if not files else
                       f"{len(files)} files collected before have that name ({', '.join(files[:3])})")
                self.report.outcomes.append(Outcome(source, SKIPPED, "metadata row for no file",
                                                    f"{source}: {why}; the row is not used"))

    def _write_text(self, item: Item) -> None:
        rel = self.store.unique_path(item.folder, item.stem, item.suffix, item.key)
        text = item.text if item.text.endswith("\n") else item.text + "\n"
        if item.kind != "file" and text.startswith("---"):
            text = "\n" + text      # a post opening with a rule is text, not a front-matter block
        self.store.write_file(rel, text)
        fields = dict(item.fields)
        if item.url:
            fields.setdefault(ArticleCol.URL, item.url)
        if any(fields.values()):
            self.store.add_row(rel, fields)
        title = fields.get(ArticleCol.TITLE) or item.text.strip().splitlines()[0][:100]
        self._done(item, Outcome(item.source, COLLECTED, file=rel, title=title), url=item.url)

    def _fetch_page(self, item: Item, queue: list[Item]) -> None:
        self.lock.release()            # the network wait: other sites' fetches go on meanwhile
        try:
            fetched = self.fetcher.fetch(item.url, accept_feeds=item.expand_feeds)
        finally:
            self.lock.acquire()
        if self.stopped:
            return
        if fetched.is_feed:
            if not item.expand_feeds:
                raise FetchError("not a web page", f"{item.source}: {fetched.final_url} is a feed, not an article; "
                                                   "give it as a source of its own")
            part: Plan = plan_feed(fetched.body, item.source, fetched.final_url)
            queue.extend(part.items)
            self.report.outcomes.extend(part.problems)
            self.store.log(LogEntry(item.key, item.source, "expanded", f"feed of {len(part.items)} entries",
                                    None, fetched.final_url))
            return
        final = normalise_url(fetched.final_url) or fetched.final_url
        if final != item.key and self.store.collected.get(final) and not self.options.refresh:
            file = self.store.collected[final]["file"]
            self._done(item, Outcome(item.source, ALREADY, "already had", file=file))
            # remember the redirecting address too, so the next run does not fetch it again
            self.store.log(LogEntry(item.key, item.source, COLLECTED, "redirects to a page already had", file,
                                    fetched.final_url))
            return
        declared = fetched.charset or _declared_charset(fetched.body)
        try:
            decoded = decode_bytes(fetched.body, declared=declared)
        except NotText as exc:
            raise FetchError("not a web page", f"{fetched.final_url}: {exc}") from exc
        try:
            article = extract_html(decoded.text, fetched.final_url)
        except Quarantine as exc:
            raise FetchError("no article text", f"{fetched.final_url}: {exc}") from exc
        host = (urlsplit(fetched.final_url).hostname or "site").removeprefix("www.")
        rel = self.store.unique_path(f"web/{host}", _stem_from_url(fetched.final_url), ".html", item.key)
        data = ("\ufeff" + decoded.text).encode("utf-8")
        if len(data) > config.MAX_RAW_FILE_BYTES:     # the build would quarantine it
            raise FetchError("too large", f"{fetched.final_url}: {len(data):,} bytes as UTF-8, over the build's "
                                          f"{config.MAX_RAW_FILE_BYTES:,}-byte limit for one article")
        self.store.write_file(rel, data)
        fields = {k: v for k, v in item.fields.items() if v}
        fields[ArticleCol.URL] = fetched.final_url
        self.store.add_row(rel, fields)
        title = fields.get(ArticleCol.TITLE) or article.fields.get(ArticleCol.TITLE)
        self._done(item, Outcome(item.source, COLLECTED, file=rel, title=title), url=fetched.final_url)
        if final != item.key:
            self.store.log(LogEntry(final, item.source, COLLECTED, None, rel, fetched.final_url))


def collect(sources: list[str], raw_dir: Path, options: CollectOptions | None = None, *,
            progress: Progress | None = None, plan: Plan | None = None) -> CollectReport:
    """Collect every source into ``raw_dir``; never raises for a bad source (it is in the report)."""
    options = options or CollectOptions()
    plan = plan or plan_sources(sources, columns=options.columns, telegram_username=options.telegram_username)
    collector = Collector(Path(raw_dir), options)
    collector.report.outcomes.extend(plan.problems)
    pending = deque(plan.items)
    total = len(pending)
    done = 0

    def added(n: int) -> None:       # a feed's entries join the run
        nonlocal total
        total += n

    def finished(label: str) -> None:
        nonlocal done
        done += 1
        if progress:
            progress(done, total, label)
        if done % FLUSH_EVERY == 0:
            with collector.lock:
                collector.store.flush()

    try:
        if progress:
            progress(0, total, pending[0].url or pending[0].source if pending else "done")
        # Items with their text (exports, posts, files) need no network: taken in order, at once.
        for item in [i for i in pending if i.text is not None]:
            collector.take(item, [])
            finished(item.source)
        pending = deque(i for i in pending if i.text is None)
        _fetch_all(collector, pending, max(1, options.workers), finished, added)
        for table, name, fields in plan.given:
            collector.give(table, name, fields)
        if progress:
            progress(done, total, "done")
    finally:
        with collector.lock:
            collector.store.flush()
    for outcome in plan.problems:
        collector.store.log(LogEntry(outcome.source, outcome.source, outcome.status, outcome.reason))
    collector.store.flush()
    return collector.report


def _fetch_all(collector: Collector, pending: deque, workers: int, finished: Callable[[str], None],
               added: Callable[[int], None]) -> None:
    """Fetch the url items with up to ``workers`` at once, never two of one site at a time (so each
    site sees one request after another, spaced by its rate limit); a feed's entries join the queue."""
    if workers == 1:
        while pending:
            item = pending.popleft()
            found: list[Item] = []
            collector.take(item, found)
            pending.extend(found)
            added(len(found))
            finished(item.url or item.source)
        return
    busy: set[str] = set()
    running: dict[Future, tuple[Item, str, list[Item]]] = {}
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="collect") as pool:
        try:
            while pending or running:
                for item in list(pending):
                    if len(running) >= workers:
                        break
                    site = site_of(item.url or "")
                    if site in busy:
                        continue
                    pending.remove(item)
                    busy.add(site)
                    found: list[Item] = []
                    running[pool.submit(collector.take, item, found)] = (item, site, found)
                completed, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in completed:
                    item, site, found = running.pop(future)
                    busy.discard(site)
                    future.result()          # take() reports failures as outcomes; anything else is a bug to see
                    pending.extend(found)
                    added(len(found))
                    finished(item.url or item.source)
        except BaseException:       # a cancel: recorded before the pool waits for the fetches under way
            collector.stop()
            raise
