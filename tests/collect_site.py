"""A small local news site for the collector tests, served on 127.0.0.1 by a fixture.

The pages are written for the tests (our own text) in the shape real news pages have: head
metadata (og:title, og:site_name, article:published_time, author), navigation, the article body,
a related-links box and a footer. Around them: a feed, a robots.txt that disallows /private/, a
redirect, a 404, a 500 that works the second time, a slow page, an oversized page, a PDF and a
page in cp1251 declared only in a meta tag.
"""
from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote

SITE_NAME = "Frontline Ledger"


def news_page(title: str, date: str, author: str, paragraphs: list[str], *, charset: str = "utf-8") -> str:
    body = "\n".join(f"      <p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="{charset}">
  <title>{title} | {SITE_NAME}</title>
  <meta property="og:title" content="{title}">
  <meta property="og:site_name" content="{SITE_NAME}">
  <meta property="article:published_time" content="{date}">
  <meta name="author" content="{author}">
</head>
<body>
  <header><nav><a href="/">Home</a> <a href="/war">War</a> <a href="/world">World</a> <a href="/subscribe">Subscribe</a></nav></header>
  <main>
    <article>
      <h1>{title}</h1>
      <p class="byline">By {author}, {date}</p>
{body}
    </article>
    <aside><h3>Most read</h3><ul><li><a href="/a">Weather turns cold in the capital</a></li>
      <li><a href="/b">Football club signs a new coach</a></li></ul></aside>
  </main>
  <footer><p>Copyright 2025 {SITE_NAME}. All rights reserved.</p><a href="/privacy">Privacy policy</a></footer>
</body>
</html>
"""


COMMANDER = news_page(
    "Intercepted call: commander tells unit there is no way back", "2025-09-26", "Mara Elling",
    ["An intercepted radio call released on Thursday records a company commander telling his men that "
     "anyone who turns back from the assault line will be treated as a deserter.",
     "The recording, which the intelligence service says was made near the river crossing, runs for "
     "about four minutes and includes long silences while the soldiers argue among themselves.",
     "One soldier can be heard asking for water and ammunition before the next attempt; the officer "
     "answers that supplies will come only after the position is taken.",
     "Analysts who listened to the call said its tone matched earlier recordings from the same sector, "
     "where units have been sent forward in small groups without armoured support."])
SECOND = news_page(
    "Soldiers' relatives describe letters about low morale", "2025-10-02", "Jonas Pettersen",
    ["Families of several conscripts told reporters that letters from the front describe exhaustion, "
     "missing pay and rotations that never arrive.",
     "A mother said her son wrote that half of his platoon had asked for transfer and that nobody had "
     "answered their requests for three months.",
     "The relatives asked not to be named because they fear trouble for the men who are still serving "
     "in the same unit near the front line."])
PRIVATE = news_page("Members only", "2025-10-03", "Staff", ["This page is behind the robots.txt rule."] * 3)
FLAKY = news_page(
    "Second attempt brings the report about desertion figures", "2025-10-05", "Ines Varga",
    ["Officials published new figures on desertion cases on Friday, saying the number of cases opened "
     "by military prosecutors had risen for the third month in a row.",
     "Lawyers who represent soldiers said many cases involve men who left hospital without permission "
     "and did not return to their units."])
CP1251_TEXT = [
    "Перехваченный разговор опубликован в четверг: командир требует от роты идти вперёд без поддержки.",
    "Солдаты жалуются на нехватку воды и боеприпасов, а офицер отвечает, что снабжение придёт позже.",
    "Аналитики считают, что запись похожа на прежние разговоры из того же района фронта.",
]
CP1251 = news_page("Перехват: командир требует идти вперёд", "2025-09-27", "Анна Смирнова", CP1251_TEXT,
                   charset="windows-1251")
# the same report in UTF-8 under a Cyrillic slug, as many Russian and Ukrainian sites name their pages
CYRILLIC_SLUG = "/ru/перехват-командир"
CYRILLIC = news_page("Перехват: командир требует идти вперёд", "2025-09-27", "Анна Смирнова", CP1251_TEXT)
ROBOTS = "User-agent: *\nDisallow: /private/\n"


def feed(base: str) -> str:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel>
  <title>{SITE_NAME}: War</title><link>{base}/</link><description>Reports</description>
  <item><title>Feed title: commander tells unit there is no way back</title>
    <link>{base}/news/commander.html</link><pubDate>Fri, 26 Sep 2025 09:30:00 GMT</pubDate>
    <description>A short summary only.</description></item>
  <item><title>Feed title: relatives describe letters</title>
    <link>{base}/news/second.html</link><pubDate>Thu, 02 Oct 2025 18:00:00 GMT</pubDate>
    <description>Another summary.</description></item>
</channel></rss>
"""


class NewsSite:
    """The server and what it saw (hits per path, request times), for assertions."""

    def __init__(self, slow_seconds: float = 2.0, huge_bytes: int = 400_000):
        self.hits: dict[str, int] = {}
        self.times: list[tuple[str, float]] = []
        self.user_agents: set[str] = set()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):   # keep test output clean
                pass

            def _send(self, status: int, body: bytes, ctype: str, headers: dict | None = None) -> None:
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.end_headers()
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def do_GET(self):
                path = self.path.split("?")[0]
                site.hits[path] = site.hits.get(path, 0) + 1
                site.times.append((path, time.monotonic()))
                site.user_agents.add(self.headers.get("User-Agent", ""))
                html = "text/html; charset=utf-8"
                if path == "/robots.txt":
                    self._send(200, ROBOTS.encode(), "text/plain")
                elif path == "/news/commander.html":
                    self._send(200, COMMANDER.encode(), html)
                elif path == "/news/second.html":
                    self._send(200, SECOND.encode(), html)
                elif path == "/private/members.html":
                    self._send(200, PRIVATE.encode(), html)
                elif path == "/old/second":
                    self._send(301, b"", "text/plain", {"Location": "/news/second.html"})
                elif path == "/flaky.html":
                    if site.hits[path] == 1:
                        self._send(500, b"server error", "text/plain")
                    else:
                        self._send(200, FLAKY.encode(), html)
                elif path == "/busy.html":
                    if site.hits[path] == 1:
                        self._send(429, b"slow down", "text/plain", {"Retry-After": "1"})
                    else:
                        self._send(200, FLAKY.encode(), html)
                elif path == "/slow.html":
                    time.sleep(slow_seconds)
                    self._send(200, SECOND.encode(), html)
                elif path == "/huge.html":
                    self._send(200, b"<html><body>" + b"<p>word </p>" * (huge_bytes // 12) + b"</body></html>", html)
                elif path == "/report.pdf":
                    self._send(200, b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "application/pdf")
                elif path == "/ru/cp1251.html":
                    self._send(200, CP1251.encode("cp1251"), "text/html")
                elif unquote(path) == CYRILLIC_SLUG:
                    self._send(200, CYRILLIC.encode(), html)
                elif path == "/feed.xml":
                    self._send(200, feed(site.base).encode(), "application/rss+xml")
                else:
                    self._send(404, b"not found", "text/html")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)

    def url(self, path: str) -> str:
        return self.base + path

    def __enter__(self) -> NewsSite:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
