"""Running the real app (entrypoint, sidebar, navigation) under ``streamlit.testing.v1.AppTest``.

    from tests.apptest_utils import run_app
    at = run_app(tiny_data_dir, page="search", query_params={"q": "shoot"})
    assert not at.exception
    at.text_input(key="...").input("x").run()     # later runs keep the same data dir

The app reads its data folder from ``NEWSLENS_DATA``. ``NewsLensAppTest`` sets that (and any other
``env``) only while a script run is in progress, so tests never leak settings into each other and
every later ``.run()`` (widget interaction, page switch) sees the same environment.

Pages are addressed by their url path ("timeline", "search", "topics", "compare", "articles"),
which equals their file name; AppTest resolves a page before the first run by that name.
"""
from __future__ import annotations

import base64
import functools
import json
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, Mapping

import numpy as np
from streamlit.components.v2 import manifest_scanner
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app.py"
DEFAULT_TIMEOUT = 60.0


@contextmanager
def patched_env(env: Mapping[str, str | None]) -> Iterator[None]:
    """Set (or, for ``None``, unset) environment variables for the duration of the block."""
    saved = {k: os.environ.get(k) for k in env}
    try:
        for key, value in env.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


# Every new AppTest scans the metadata of every installed distribution for Streamlit components
# (about 550 here): 1.3 s of CPU per test, most of an AppTest's cost. The installed packages do not
# change during a test session, so the scan runs once per process.
manifest_scanner.scan_component_manifests = functools.cache(manifest_scanner.scan_component_manifests)


class NewsLensAppTest(AppTest):
    """An AppTest whose every run sees ``env`` (NEWSLENS_DATA and friends)."""

    def __init__(self, script_path: str | Path, *, env: Mapping[str, str | None],
                 default_timeout: float = DEFAULT_TIMEOUT) -> None:
        super().__init__(script_path, default_timeout=default_timeout)
        self.env = dict(env)

    def _run(self, widget_state: Any = None, timeout: float | None = None) -> AppTest:
        with patched_env(self.env), _navigation_pages_only():
            return super()._run(widget_state, timeout=timeout)


@contextmanager
def _navigation_pages_only() -> Iterator[None]:
    """Make every AppTest run behave like a live server's runs after its first.

    AppTest re-detects the legacy ``pages/`` folder before each run, and while that flag is set
    Streamlit runs a requested page file on its own (multipage v1) instead of running app.py,
    which registers the pages with ``st.navigation``; a live server clears the flag for good once
    app.py has called ``st.navigation``. Without this, every run after the first would skip the
    app frame (sidebar, filters, presentation mode).
    """
    original = PagesManager.__init__

    def init(self: PagesManager, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    PagesManager.__init__ = init  # type: ignore[method-assign]
    try:
        yield
    finally:
        PagesManager.__init__ = original  # type: ignore[method-assign]


def app_test(data_dir: Path | str, *, page: str | None = None,
             query_params: Mapping[str, Any] | None = None,
             session_state: Mapping[str, Any] | None = None,
             env: Mapping[str, str | None] | None = None,
             timeout: float = DEFAULT_TIMEOUT) -> NewsLensAppTest:
    """An AppTest of the real app against ``data_dir``, set up but not yet run."""
    full_env: dict[str, str | None] = {"NEWSLENS_DATA": str(data_dir), "HF_HUB_OFFLINE": "1",
                                       "TRANSFORMERS_OFFLINE": "1"}
    full_env.update(env or {})
    at = NewsLensAppTest(APP, env=full_env, default_timeout=timeout)
    if page:
        at.switch_page(f"pages/{page}.py")
    for key, value in (query_params or {}).items():
        at.query_params[key] = value
    for key, value in (session_state or {}).items():
        at.session_state[key] = value
    return at


def run_app(data_dir: Path | str, page: str | None = None, query_params: Mapping[str, Any] | None = None,
            **kwargs: Any) -> NewsLensAppTest:
    """Run the real app once (optionally on ``page`` with ``query_params``) and return the AppTest."""
    return app_test(data_dir, page=page, query_params=query_params, **kwargs).run()


def finish_jobs(at: AppTest, timeout: float = DEFAULT_TIMEOUT) -> AppTest:
    """Wait until every background build of the server (``newslens.jobs``) has ended, then run the
    app again, as the tab's progress poll does when it sees the end (not when none was running: the
    run already went on)."""
    from newslens.ui.jobs import KEY_WATCHED, registry

    running = registry().running()
    for job in running:
        assert job.wait(timeout), f"the build of {job.what} still runs after {timeout:.0f} s"
    # a build this tab watched that ended after its last run but before this call is still to be
    # gone on from (a loaded machine's CI run found the page still on Add articles)
    watched = at.session_state[KEY_WATCHED] if KEY_WATCHED in at.session_state else set()
    pending = any(job.id in watched and job.finished for job in registry().jobs())
    return at.run() if running or pending else at


def goto(at: AppTest, page: str) -> AppTest:
    """Switch an already-run app to another page, as the navigation menu does, and run it."""
    return at.switch_page(f"pages/{page}.py").run()


def all_markdown(at: AppTest) -> str:
    """Every markdown body on the page (main and sidebar), joined: for "the user sees X" checks."""
    return "\n".join(str(m.value) for m in at.markdown)


def visible_text(at: AppTest) -> str:
    """Markdown, captions, titles, headers, subheaders, alerts and code as one string."""
    parts: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "error", "warning", "info",
                 "success", "code", "text"):
        parts.extend(str(e.value) for e in getattr(at, kind))
    return "\n".join(parts)


def decode_typed_arrays(value: Any) -> Any:
    """Plotly serialises numpy arrays as ``{"dtype", "bdata"}``; turn them back into lists."""
    if isinstance(value, dict):
        if {"dtype", "bdata"} <= set(value):
            array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
            if "shape" in value:
                shape = value["shape"]
                shape = [int(x) for x in shape.split(",")] if isinstance(shape, str) else shape
                array = array.reshape(shape)
            return array.tolist()
        return {k: decode_typed_arrays(v) for k, v in value.items()}
    if isinstance(value, list):
        return [decode_typed_arrays(v) for v in value]
    return value


def plotly_specs(at: AppTest) -> dict[str, dict]:
    """Every Plotly chart on the page as a plain dict (arrays as lists), keyed by its title text."""
    out: dict[str, dict] = {}
    for chart in at.get("plotly_chart"):
        spec = decode_typed_arrays(json.loads(chart.proto.spec))
        title = spec.get("layout", {}).get("title", {})
        out[title.get("text", "") if isinstance(title, dict) else str(title)] = spec
    return out
