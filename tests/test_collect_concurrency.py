"""Fetching several sites at once: pages of different sites overlap, one site never gets two
requests at a time, and every page is still collected."""
from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from pipeline.collect.fetch import FetchSettings
from pipeline.collect.run import CollectOptions, collect
from tests.collect_site import news_page

DELAY = 0.5


class SlowSite:
    """A threaded local site whose pages take DELAY seconds; it records when each page was served."""

    def __init__(self, name: str):
        self.name = name
        self.served: list[tuple[float, float]] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                if self.path == "/robots.txt":
                    body, ctype = b"User-agent: *\nAllow: /\n", "text/plain"
                else:
                    start = time.monotonic()
                    time.sleep(DELAY)
                    n = self.path.strip("/").split(".")[0]
                    body = news_page(f"{site.name} report {n} on the front", "2025-10-03", "A. Writer", [
                        f"Report {n} of {site.name}: soldiers of a unit describe in an intercepted call how they "
                        "were sent forward without support, and several of them say they intend to desert."
                        " The call was recorded in early October and published by a monitoring channel."] * 3
                    ).encode("utf-8")
                    ctype = "text/html; charset=utf-8"
                    site.served.append((start, time.monotonic()))
                self.send_response(200)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


@pytest.mark.parametrize("workers", [1, 4])
def test_sites_fetched_at_once_but_each_site_one_request_at_a_time(tmp_path, workers):
    with SlowSite("North") as north, SlowSite("South") as south:
        links = [site.url(f"/{n}.html") for n in (1, 2, 3) for site in (north, south)]
        options = CollectOptions(fetch=FetchSettings(min_interval=0, allow_private=True), workers=workers)
        report = collect(links, tmp_path / "raw", options)
    assert len(report.collected) == 6
    for site in (north, south):
        served = sorted(site.served)
        assert len(served) == 3
        assert not any(_overlap(a, b) for a, b in zip(served, served[1:]))   # one at a time per site
    across = any(_overlap(a, b) for a in north.served for b in south.served)
    assert across is (workers > 1)


def test_a_sites_rate_limit_holds_with_several_workers(tmp_path):
    with SlowSite("East") as east:
        links = [east.url(f"/{n}.html") for n in (1, 2, 3)]
        options = CollectOptions(fetch=FetchSettings(min_interval=0.8, allow_private=True), workers=4)
        collect(links, tmp_path / "raw", options)
    starts = sorted(start for start, _ in east.served)
    assert all(b - a >= 0.75 for a, b in zip(starts, starts[1:]))
