"""Polite HTTP fetching for the collector: one site at a time, as a well-behaved crawler would.

trafilatura's ``fetch_response`` returns ``None`` on a timeout, a refused connection or an
oversized body, so a researcher could not be told *why* a link failed. This module uses the same
transport (urllib3, with its ``Retry`` for backoff on 429/5xx and ``Retry-After``) and adds what a
collection run must report: robots.txt (``urllib.robotparser``), a per-site rate limit, redirects
followed hop by hop (each hop checked against robots.txt, the final url recorded), a size cap
while streaming, non-HTML refused with its type, and the character set taken from the headers.
Every failure is a :class:`FetchError` with a short reason code and a sentence.
"""
from __future__ import annotations

import ipaddress
import socket
import threading
import time
import urllib.robotparser
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import urllib3

from pipeline.decode import binary_kind

USER_AGENT = "NewsLens-collector/1.0 (research corpus tool; honours robots.txt; one request per site per second)"
ROBOTS_AGENT = "NewsLens-collector"
HTML_TYPES = ("text/html", "application/xhtml+xml")
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml",
              "text/xml", "application/feed+json")
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_CRAWL_DELAY = 30.0


@dataclass
class FetchSettings:
    """How politely and how patiently to fetch; the defaults suit a researcher's laptop."""
    timeout: float = 20.0          # seconds per connect and per read
    retries: int = 3               # extra tries on 429/5xx
    backoff: float = 1.0           # seconds; doubled at each retry (urllib3 Retry)
    max_bytes: int = 5 * 1024 * 1024
    min_interval: float = 1.0      # seconds between two requests to one site
    max_redirects: int = 5
    user_agent: str = USER_AGENT
    obey_robots: bool = True
    allow_private: bool = False    # fetch from loopback/private/link-local addresses (an intranet, tests)


class FetchError(Exception):
    """A page that could not be collected; ``reason`` is a short code for the summary."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason


@dataclass
class Fetched:
    url: str                       # the url asked for
    final_url: str                 # after redirects
    status: int
    content_type: str              # "text/html", ... (no parameters)
    charset: str | None            # from the Content-Type header
    body: bytes
    redirects: list[str] = field(default_factory=list)

    @property
    def is_feed(self) -> bool:
        head = self.body[:512].lstrip().lower()
        return self.content_type in FEED_TYPES or head.startswith((b"<?xml", b"<rss", b"<feed", b"<rdf"))


def site_of(url: str) -> str:
    """The politeness unit: scheme, host and port ("https://example.org")."""
    return _site(url)


def _site(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def _content_type(header: str | None) -> tuple[str, str | None]:
    if not header:
        return "", None
    main, *params = header.split(";")
    charset = None
    for param in params:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'")
    return main.strip().lower(), charset


class PoliteFetcher:
    """Fetches pages with a rate limit per site and robots.txt checks; safe to reuse across a run."""

    def __init__(self, settings: FetchSettings | None = None):
        self.settings = settings or FetchSettings()
        self._pool = urllib3.PoolManager(num_pools=20, headers={"User-Agent": self.settings.user_agent})
        self._robots: dict[str, urllib.robotparser.RobotFileParser | FetchError] = {}
        self._last: dict[str, float] = {}
        self._delay: dict[str, float] = {}
        self._lock = threading.Lock()
        self._site_locks: dict[str, threading.Lock] = {}

    # -- politeness ---------------------------------------------------------------------------
    def _wait_turn(self, site: str) -> None:
        """Space requests to one site by its interval; a wait for one site never holds up another."""
        interval = max(self.settings.min_interval, self._delay.get(site, 0.0))
        with self._lock:
            site_lock = self._site_locks.setdefault(site, threading.Lock())
        with site_lock:
            last = self._last.get(site)
            now = time.monotonic()
            if last is not None and now - last < interval:
                time.sleep(interval - (now - last))
            self._last[site] = time.monotonic()

    def _robots_for(self, site: str) -> urllib.robotparser.RobotFileParser | FetchError:
        if site in self._robots:
            return self._robots[site]
        parser = urllib.robotparser.RobotFileParser(site + "/robots.txt")
        try:
            response = self._request(site + "/robots.txt", retries=1, preload=True)
            status = response.status
            body = response.data[: self.settings.max_bytes]
        except FetchError as exc:
            result: urllib.robotparser.RobotFileParser | FetchError = FetchError(
                "robots.txt unreadable", f"robots.txt of {site} could not be read ({exc}); not fetched")
            self._robots[site] = result
            return result
        if status in (401, 403):
            parser.disallow_all = True
        elif 400 <= status < 500:
            parser.allow_all = True
        elif status >= 500:
            result = FetchError("robots.txt unreadable",
                                f"robots.txt of {site} answered HTTP {status}; not fetched, to be polite")
            self._robots[site] = result
            return result
        else:
            parser.parse(body.decode("utf-8", errors="replace").splitlines())
            delay = parser.crawl_delay(ROBOTS_AGENT)
            if delay:
                self._delay[site] = min(float(delay), MAX_CRAWL_DELAY)
        self._robots[site] = parser
        return parser

    def allowed(self, url: str) -> None:
        """Raise FetchError when robots.txt of the url's site forbids it."""
        if not self.settings.obey_robots:
            return
        robots = self._robots_for(_site(url))
        if isinstance(robots, FetchError):
            raise robots
        if not robots.can_fetch(ROBOTS_AGENT, url):
            raise FetchError("disallowed by robots.txt", f"{url} is disallowed by the site's robots.txt")

    # -- transport ----------------------------------------------------------------------------
    def _request(self, url: str, *, retries: int | None = None,
                 preload: bool = False) -> urllib3.BaseHTTPResponse:
        """One GET (no redirects followed), with retries on 429/5xx. Pages are streamed
        (``preload=False``) so the size cap stops a huge body early."""
        self._wait_turn(_site(url))
        retry = urllib3.util.Retry(total=None, connect=1, read=1, redirect=False,
                                   status=self.settings.retries if retries is None else retries,
                                   status_forcelist=RETRY_STATUSES, backoff_factor=self.settings.backoff,
                                   backoff_max=MAX_CRAWL_DELAY, respect_retry_after_header=True,
                                   raise_on_status=False, allowed_methods=frozenset({"GET"}))
        timeout = urllib3.Timeout(connect=self.settings.timeout, read=self.settings.timeout)
        try:
            return self._pool.request("GET", url, retries=retry, timeout=timeout, redirect=False,
                                      preload_content=preload)
        except urllib3.exceptions.MaxRetryError as exc:
            raise self._transport_error(url, exc.reason) from exc
        except urllib3.exceptions.HTTPError as exc:
            raise self._transport_error(url, exc) from exc

    def _transport_error(self, url: str, exc: object) -> FetchError:
        if isinstance(exc, urllib3.exceptions.TimeoutError):
            return FetchError("timed out", f"{url}: no answer within {self.settings.timeout:g} s")
        if isinstance(exc, urllib3.exceptions.NameResolutionError):
            return FetchError("site not found", f"{url}: the site's name could not be resolved")
        if isinstance(exc, urllib3.exceptions.NewConnectionError):
            return FetchError("could not connect", f"{url}: the site refused or dropped the connection")
        if isinstance(exc, urllib3.exceptions.SSLError):
            return FetchError("secure connection failed", f"{url}: the site's certificate was not accepted")
        return FetchError("network error", f"{url}: {type(exc).__name__}")

    def _read_capped(self, url: str, response: urllib3.BaseHTTPResponse) -> bytes:
        cap = self.settings.max_bytes
        length = response.headers.get("Content-Length")
        if length and length.isdigit() and int(length) > cap:
            raise FetchError("too large", f"{url}: the page is {int(length):,} bytes, over the {cap:,}-byte limit")
        chunks, size = [], 0
        deadline = time.monotonic() + self.settings.timeout * 3
        try:
            for chunk in response.stream(64 * 1024):
                size += len(chunk)
                if size > cap:
                    raise FetchError("too large", f"{url}: the page is over the {cap:,}-byte limit")
                if time.monotonic() > deadline:
                    raise FetchError("timed out", f"{url}: the page took too long to arrive")
                chunks.append(chunk)
        except urllib3.exceptions.HTTPError as exc:
            raise self._transport_error(url, exc) from exc
        return b"".join(chunks)

    def check_address(self, url: str) -> None:
        """Refuse hosts that resolve to loopback, private or link-local addresses unless allowed:
        a link pasted into the app must not make the machine fetch from its own network."""
        if self.settings.allow_private:
            return
        host = urlsplit(url).hostname or ""
        try:
            infos = socket.getaddrinfo(host, None)
        except (socket.gaierror, UnicodeError) as exc:
            raise FetchError("site not found", f"{url}: the site's name could not be resolved") from exc
        for info in infos:
            address = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
            address = getattr(address, "ipv4_mapped", None) or address
            if not address.is_global:
                raise FetchError("private address", f"{url}: {host} is a local or private network address; "
                                                    "not fetched (allow it with --allow-private)")

    def fetch(self, url: str, *, accept_feeds: bool = True) -> Fetched:
        """GET a page: robots.txt, rate limit, retries, redirects, size cap, type checks."""
        current, hops = url, []
        for _ in range(self.settings.max_redirects + 1):
            if urlsplit(current).scheme not in ("http", "https"):
                raise FetchError("not a web address", f"{current}: only http(s) addresses are fetched")
            self.check_address(current)
            self.allowed(current)
            response = self._request(current)
            try:
                status = response.status
                if status in (301, 302, 303, 307, 308) and response.headers.get("Location"):
                    hops.append(current)
                    current = urljoin(current, response.headers["Location"])
                    continue
                if status != 200:
                    tries = "" if status not in RETRY_STATUSES else f" after {self.settings.retries + 1} tries"
                    raise FetchError(f"HTTP {status}", f"{current}: the site answered HTTP {status}{tries}")
                ctype, charset = _content_type(response.headers.get("Content-Type"))
                if ctype and ctype not in HTML_TYPES and not (accept_feeds and ctype in FEED_TYPES) \
                        and not ctype.startswith("text/"):
                    raise FetchError("not a web page", f"{current}: not a web page but {ctype}; not collected")
                body = self._read_capped(current, response)
            finally:
                response.release_conn()
            kind = binary_kind(body)
            if kind:
                raise FetchError("not a web page", f"{current}: not a web page but a {kind}; not collected")
            if not body.strip():
                raise FetchError("empty page", f"{current}: the site sent an empty page")
            return Fetched(url, current, status, ctype or "text/html", charset, body, hops)
        raise FetchError("too many redirects", f"{url}: more than {self.settings.max_redirects} redirects")
