"""A bug in a command still reads as one line for the user (both entry points); the traceback
only on request (NEWSLENS_DEBUG=1)."""
from __future__ import annotations

import pytest

from newslens.timeline import cli as timeline_cli
from pipeline import build as pipeline_build
from pipeline import cli as pipeline_cli
from tests.cli_utils import run_newslens


def _boom(*_args, **_kwargs):
    raise RuntimeError("boom\n  on a second line")


def test_a_bug_in_a_newslens_command_is_one_line_and_exit_2(monkeypatch, tmp_path):
    monkeypatch.delenv("NEWSLENS_DEBUG", raising=False)
    monkeypatch.setattr(timeline_cli, "open_snapshot", _boom)
    result = run_newslens("timeline", "--data", str(tmp_path))
    assert result.returncode == 2
    assert result.stderr.strip() == ("error: unexpected RuntimeError: boom on a second line "
                                     "(set NEWSLENS_DEBUG=1 for the traceback)")


def test_newslens_debug_shows_the_traceback(monkeypatch, tmp_path):
    monkeypatch.setenv("NEWSLENS_DEBUG", "1")
    monkeypatch.setattr(timeline_cli, "open_snapshot", _boom)
    with pytest.raises(RuntimeError, match="boom"):
        run_newslens("timeline", "--data", str(tmp_path))


def test_a_bug_in_the_build_says_nothing_was_published(monkeypatch, tmp_path, capsys):
    monkeypatch.delenv("NEWSLENS_DEBUG", raising=False)
    monkeypatch.setattr(pipeline_build, "build_snapshot", _boom)     # imported by the command when it runs
    (tmp_path / "raw").mkdir()
    code = pipeline_cli.main(["build", "--raw", str(tmp_path / "raw"), "--out", str(tmp_path / "data"), "--quiet"])
    assert code == 2
    assert capsys.readouterr().err.strip().endswith("(set NEWSLENS_DEBUG=1 for the traceback); nothing was published")
