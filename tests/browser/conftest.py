"""Browser tests: the real app under `streamlit run`, driven by Debian's Chromium through Playwright.

    pytestmark = pytest.mark.browser

    def test_search_page(open_app, tiny_data_dir):
        app = open_app(tiny_data_dir)                 # one server per data dir, shared by the session
        app.goto("search", {"q": "shoot"})           # waits for the script and the charts
        assert app.page.get_by_text("Outlet A").first.is_visible()
        app.screenshot("search")                      # -> tests/artifacts/search.png
        assert app.dialogs == []                      # no alert()/confirm() ever opened

Servers run on a free port with NEWSLENS_DATA pointing at the given folder and are stopped (the
whole process group) at the end of the session. Without Chromium or Playwright the tests skip
locally and fail in CI (CI=true).
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator, Mapping
from urllib.parse import urlencode

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = os.environ.get("NEWSLENS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]
# Generous: on a shared, loaded machine a first page load can take minutes. Override with
# NEWSLENS_BROWSER_TIMEOUT (seconds).
TIMEOUT_S = float(os.environ.get("NEWSLENS_BROWSER_TIMEOUT", "300"))
SERVER_START_TIMEOUT = TIMEOUT_S
SCRIPT_TIMEOUT_MS = int(TIMEOUT_S * 1000)
VIEWPORT = {"width": 1440, "height": 960}
DEFAULT_PAGE = "timeline"    # st.navigation serves the default page at the root url


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def _unavailable(reason: str) -> None:
    if _in_ci():
        pytest.fail(f"browser tests cannot run in CI: {reason}", pytrace=False)
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class StreamlitServer:
    """One `streamlit run app.py` process serving one data folder."""

    data_dir: Path
    port: int
    process: subprocess.Popen
    log_path: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log(self) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")[-4000:]
        except OSError:
            return ""

    def stop(self) -> None:
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
            except ProcessLookupError:
                return
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)


def start_server(data_dir: Path, env: Mapping[str, str] | None = None) -> StreamlitServer:
    """Start the app on a free port and poll its health endpoint until it answers."""
    port = free_port()
    log_path = Path(tempfile.mkstemp(prefix=f"streamlit-{port}-", suffix=".log")[1])
    full_env = dict(os.environ)
    full_env.update({"NEWSLENS_DATA": str(data_dir), "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1",
                     "PYTHONUNBUFFERED": "1"})
    full_env.update(env or {})
    cmd = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
           "--server.headless", "true", "--server.port", str(port), "--server.address", "127.0.0.1",
           "--server.fileWatcherType", "none", "--server.runOnSave", "false",
           "--browser.gatherUsageStats", "false"]
    with open(log_path, "wb") as log:
        process = subprocess.Popen(cmd, cwd=ROOT, env=full_env, stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    server = StreamlitServer(Path(data_dir), port, process, log_path)
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with {process.returncode}:\n{server.log()}")
        try:
            with urllib.request.urlopen(f"{server.url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return server
        except OSError:
            pass
        time.sleep(0.3)
    server.stop()
    raise RuntimeError(f"streamlit did not answer on port {port} within {SERVER_START_TIMEOUT}s:\n{server.log()}")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """A headless Chromium (Debian's), one per session, with a fresh empty profile."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (pip install -r requirements-dev.txt)")
    if not (Path(CHROMIUM).is_file() or shutil.which(CHROMIUM)):
        _unavailable(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as playwright:
        # launch() gives every run a new, empty temporary profile (user data dir) of its own.
        instance = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()


@dataclass
class AppPage:
    """A browser tab on one running app, with helpers that wait for Streamlit to finish."""

    server: StreamlitServer
    page: Any
    dialogs: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def goto(self, page_path: str = "", params: Mapping[str, Any] | None = None) -> Any:
        """Open ``/<page_path>?<params>`` and wait until the script ran and charts are drawn.

        ``page_path`` is a page's url path ("search", "articles"...); the default page (timeline)
        lives at the root, so "timeline" and "" both open it.
        """
        query = urlencode(params or {}, doseq=True)
        path = "" if page_path.strip("/") == DEFAULT_PAGE else page_path.strip("/")
        url = f"{self.server.url}/{path}" + (f"?{query}" if query else "")
        self.page.goto(url, wait_until="domcontentloaded")
        self.wait_until_idle()
        return self.page

    def wait_until_idle(self, timeout_ms: int = SCRIPT_TIMEOUT_MS) -> None:
        """Wait for ``data-test-script-state=notRunning``, rendered content and drawn charts."""
        page = self.page
        # The state flips to running and back on reruns; require it to stay idle for a moment.
        page.wait_for_function(
            """() => {
                const app = document.querySelector('[data-testid="stApp"][data-test-script-state]');
                if (!app || app.getAttribute('data-test-script-state') !== 'notRunning'
                    || !document.querySelector('[data-testid="stMain"] [data-testid="stElementContainer"]')) {
                    window.__nlIdleSince = undefined; return false;
                }
                const charts = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')];
                if (document.querySelector('[data-testid="stSkeleton"]')
                    || charts.some(chart => !chart.querySelector('.main-svg'))) {
                    window.__nlIdleSince = undefined; return false;
                }
                window.__nlIdleSince = window.__nlIdleSince || performance.now();
                return performance.now() - window.__nlIdleSince > 400;
            }""",
            timeout=timeout_ms, polling=100,
        )

    def screenshot(self, name: str, *, full_page: bool = True) -> Path:
        """Save ``tests/artifacts/<name>.png`` and return its path.

        Streamlit scrolls inside its main container, not the document, so a "full page" shot
        temporarily grows the viewport to the content's height.
        """
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        if not full_page:
            self.page.screenshot(path=str(path))
            return path
        height = self.page.evaluate(
            """() => Math.max(...[...document.querySelectorAll(
                '[data-testid="stMain"], [data-testid="stAppViewContainer"], [data-testid="stSidebarContent"]')]
                .map(el => el.scrollHeight), window.innerHeight)""")
        original = self.page.viewport_size or VIEWPORT
        self.page.set_viewport_size({"width": original["width"], "height": min(int(height) + 40, 12000)})
        try:
            self.page.wait_for_timeout(300)   # charts re-layout to the new size
            self.page.screenshot(path=str(path), full_page=True)
        finally:
            self.page.set_viewport_size(original)
        return path

    def main_text(self) -> str:
        return self.page.locator('[data-testid="stMain"]').inner_text()

    def sidebar_text(self) -> str:
        return self.page.locator('[data-testid="stSidebar"]').inner_text()


@pytest.fixture(scope="session")
def app_server(browser: Any) -> Iterator[Callable[..., StreamlitServer]]:
    """``app_server(data_dir, env=None) -> StreamlitServer``: one live server per (data dir, env)."""
    servers: dict[tuple, StreamlitServer] = {}

    def get(data_dir: Path | str, env: Mapping[str, str] | None = None) -> StreamlitServer:
        key = (str(Path(data_dir).resolve()), tuple(sorted((env or {}).items())))
        server = servers.get(key)
        if server is None or server.process.poll() is not None:
            server = start_server(Path(data_dir), env)
            servers[key] = server
            _warm_up(browser, server)
        return server

    try:
        yield get
    finally:
        for server in servers.values():
            server.stop()
            server.log_path.unlink(missing_ok=True)


def _warm_up(browser: Any, server: StreamlitServer) -> None:
    """Run the app once so every test starts on a warm server (caches filled, first run done)."""
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(SCRIPT_TIMEOUT_MS)
    context.set_default_navigation_timeout(SCRIPT_TIMEOUT_MS)
    try:
        AppPage(server, context.new_page()).goto("")
    finally:
        context.close()


@pytest.fixture
def open_app(browser: Any, app_server: Callable[..., StreamlitServer]) -> Iterator[Callable[..., AppPage]]:
    """``open_app(data_dir, env=None) -> AppPage``: a fresh tab (own cookies/session) on that app."""
    contexts: list[Any] = []

    def open_(data_dir: Path | str, env: Mapping[str, str] | None = None) -> AppPage:
        server = app_server(data_dir, env)
        context = browser.new_context(viewport=VIEWPORT, device_scale_factor=1)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(SCRIPT_TIMEOUT_MS)
        page.set_default_navigation_timeout(SCRIPT_TIMEOUT_MS)
        app = AppPage(server, page)
        page.on("dialog", lambda dialog: (app.dialogs.append(dialog.message), dialog.dismiss()))
        page.on("console", lambda msg: app.console_errors.append(msg.text) if msg.type == "error" else None)
        return app

    try:
        yield open_
    finally:
        for context in contexts:
            context.close()
