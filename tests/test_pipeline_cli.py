"""``python -m pipeline build``: summary, progress bar, and one-line errors with a non-zero exit."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from newslens.store import current_snapshot_id, load_snapshot
from pipeline import build as build_mod
from pipeline.cli import main
from tests.test_build import CORPUS, FakeTopics, write_raw

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def fast_map(monkeypatch):
    monkeypatch.setattr(build_mod, "build_map", FakeTopics.build_map)


@pytest.fixture
def raw(tmp_path):
    return write_raw(tmp_path / "raw", {**CORPUS, "empty.txt": "", "dup.txt": CORPUS["a.txt"]})


def cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_build_prints_a_summary_and_a_progress_bar(capsys, raw, tmp_path):
    data = tmp_path / "data"
    code, out, err = cli(capsys, "build", "--raw", str(raw), "--out", str(data), "--model", "hashing-64")
    assert code == 0, err
    assert "articles: 3" in out and "embedded:" in out and "from cache: 0" in out
    assert "quarantined: 1" in out and "empty.txt" in out           # with its reason
    assert "duplicates: 1" in out and "dup.txt of a.txt" in out
    assert "reading files" in err and "embedding" in err             # tqdm on stderr, not stdout
    assert "%|" not in out
    assert current_snapshot_id(data) in out

    code, out, _ = cli(capsys, "build", "--raw", str(raw), "--out", str(data), "--model", "hashing-64")
    assert code == 0 and "embedded: 0" in out


def test_json_summary_and_quiet(capsys, raw, tmp_path):
    data = tmp_path / "data"
    code, out, err = cli(capsys, "build", "--raw", str(raw), "--out", str(data), "--model", "hashing-64",
                         "--json", "--quiet")
    assert code == 0 and err == ""
    summary = json.loads(out)
    assert summary["snapshot_id"] == load_snapshot(data).snapshot_id
    assert summary["counts"]["articles"] == 3 and summary["model"] == "hashing-64"
    assert summary["quarantined"][0]["file"] == "empty.txt" and summary["quarantined"][0]["reason"]


@pytest.mark.parametrize("setup, argv, words", [
    ("none", ["--raw", "{tmp}/missing"], "does not exist"),
    ("empty", ["--raw", "{tmp}/emptyraw"], "no articles"),
    ("bad", ["--raw", "{tmp}/badraw"], "no usable articles"),
    ("ok", ["--raw", "{tmp}/raw", "--model", "hashing-x"], "bad hashing model name"),
    ("ok", ["--raw", "{tmp}/raw", "--keep", "0"], "--keep must be at least 1"),
])
def test_errors_are_one_line_and_exit_non_zero(capsys, tmp_path, raw, setup, argv, words):
    write_raw(tmp_path / "emptyraw", {})
    write_raw(tmp_path / "badraw", {"x.txt": b"\x00\x00binary\x00", "y.md": "  \n"})
    data = tmp_path / "data"
    code, out, err = cli(capsys, "build", "--out", str(data), "--model", "hashing-64",
                         *[a.format(tmp=tmp_path) for a in argv])
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert lines[-1].startswith("error: ") and words in lines[-1], err
    assert "Traceback" not in err
    assert current_snapshot_id(data) is None                          # nothing published


def run_module(*argv: str, env_extra: dict | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(ROOT), **(env_extra or {})}
    return subprocess.run([sys.executable, "-m", "pipeline", *argv], capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=600)


def test_entrypoint_error_has_no_traceback(tmp_path):
    proc = run_module("build", "--raw", "/nonexistent/raw", "--out", str(tmp_path / "data"))
    assert proc.returncode == 2, proc.stderr
    assert proc.stdout == ""
    assert proc.stderr.strip().splitlines() == ["error: raw folder /nonexistent/raw does not exist or is not a folder"]


def test_unloadable_model_is_one_line(capsys, tmp_path, raw):
    code, out, err = cli(capsys, "build", "--raw", str(raw), "--out", str(tmp_path / "data"),
                         "--model", str(tmp_path / "no-such-model"), "--quiet")
    assert code == 2 and out == ""
    assert err.strip().splitlines()[-1].startswith("error: cannot load model") and "Traceback" not in err
    assert current_snapshot_id(tmp_path / "data") is None


def test_defaults_come_from_the_settings(capsys, monkeypatch, tmp_path, raw):
    """--raw and --out default to data/raw and data/processed, overridable by the environment."""
    data = tmp_path / "envdata"
    monkeypatch.setenv("NEWSLENS_RAW", str(raw))
    monkeypatch.setenv("NEWSLENS_DATA", str(data))
    code, _, err = cli(capsys, "build", "--model", "hashing-64", "--quiet")
    assert code == 0, err
    assert load_snapshot(data).manifest["raw_dir"] == str(raw)


def test_build_help_says_what_the_models_file_says_and_survives_a_broken_one(tmp_path, monkeypatch, capsys):
    """`--model`'s help names the multilingual model's coverage from config/models.yaml; a models.yaml
    that does not parse must not take `--help` down with it."""
    from newslens.embedder import MULTILINGUAL_MODEL
    from tests.factories import config_with_coverage

    folder = config_with_coverage(tmp_path / "config", monkeypatch, MULTILINGUAL_MODEL, "94 languages")
    with pytest.raises(SystemExit):
        main(["build", "--help"])
    assert "(94 languages," in " ".join(capsys.readouterr().out.split())
    (folder / "models.yaml").write_text("coverage_words: [unclosed\n", encoding="utf-8")
    with pytest.raises(SystemExit):
        main(["build", "--help"])
    assert "multilingual-e5-small (many languages," in " ".join(capsys.readouterr().out.split())


def test_collect_with_build_builds_what_it_collected(capsys, tmp_path):
    """`python -m pipeline collect FILES --build` (README's first way in) collects, then builds: it
    once stopped after collecting with an AttributeError, as it handed the build a hand-made set of
    arguments the build's newer options were missing from."""
    pages = write_raw(tmp_path / "in", CORPUS)
    raw, data = tmp_path / "corpus" / "raw", tmp_path / "corpus" / "processed"
    code, out, err = cli(capsys, "collect", *(str(p) for p in sorted(pages.iterdir())), "--raw", str(raw),
                         "--build", "--out", str(data), "--model", "hashing-64", "--quiet")
    assert code == 0, err
    assert "Collected 3 new article(s)" in out and "articles: 3" in out
    assert len(load_snapshot(data).articles) == 3
