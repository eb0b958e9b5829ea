"""pytest plugin: in CI (CI=true), a skipped browser test fails the run.

Browser tests skip locally when Chromium is absent, which is convenient on a laptop but would let
CI go green without ever opening the app in a browser.
"""
from __future__ import annotations

import os

import pytest

_skipped_browser: list[str] = []


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.skipped and "browser" in report.keywords:
        _skipped_browser.append(report.nodeid)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if _in_ci() and _skipped_browser:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line(
                f"CI: {len(_skipped_browser)} browser test(s) were skipped; failing the run: "
                + ", ".join(_skipped_browser[:5]), red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
