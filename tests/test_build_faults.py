"""The build under faults (issue 14): full disk, read-only folder, file-size limit, a kill at a
random moment, two builds at once, a corrupt marker, pruning under a reader. Each failure is one
line and exit code 2; the previous snapshot stays readable; the next build cleans up."""
from __future__ import annotations

import errno
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from newslens.schema import SnapshotFile
from newslens.store import current_snapshot_id, load_snapshot
from pipeline import build as build_mod
from pipeline import snapshot as snapshot_mod
from pipeline.cli import main
from pipeline.lock import build_lock
from tests.test_build import CORPUS, FakeTopics, article, write_raw

ROOT = Path(__file__).resolve().parent.parent
ADDED = {"d.txt": article("Added report", ["A new paragraph about a tank column that refused to advance."])}


@pytest.fixture(autouse=True)
def fast_map(monkeypatch):
    monkeypatch.setattr(build_mod, "build_map", FakeTopics.build_map)


@pytest.fixture
def raw(tmp_path):
    return write_raw(tmp_path / "raw", CORPUS)


@pytest.fixture
def data(tmp_path):
    return tmp_path / "data"


def cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["build", "--model", "hashing-32", "--quiet", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def debris(data: Path) -> list[str]:
    """Staging folders and temporary files: what a dead build leaves behind."""
    found = [p.name for p in (data / SnapshotFile.SNAPSHOTS_DIR).glob(".*")]
    found += [p.name for p in data.glob(f".{SnapshotFile.CURRENT}.*")]
    found += [p.name for p in (data / SnapshotFile.CACHE_DIR).glob(".*.tmp")]
    return found


def assert_one_line_error(code: int, out: str, err: str, words: str) -> None:
    assert code == 2 and out == ""
    assert "Traceback" not in err
    assert err.strip().count("\n") == 0, err
    assert err.startswith("error: ") and words in err, err


@pytest.mark.parametrize("where, error, words", [
    ("numpy", OSError(errno.ENOSPC, "No space left on device"), "the disk is full"),
    ("mkdtemp", OSError(errno.EROFS, "Read-only file system", "/data/snapshots"),
     "the folder is on a read-only file system (/data/snapshots)"),
    ("mkdtemp", PermissionError(errno.EACCES, "Permission denied", "/data/snapshots"),
     "permission denied (/data/snapshots)"),
    # pyarrow puts the errno only in its message
    ("parquet", OSError("Error writing bytes to file. Detail: [errno 28] No space left on device"),
     "the disk is full"),
])
def test_write_failures_are_one_line_exit_2_and_keep_the_previous_snapshot(
        capsys, monkeypatch, raw, data, where, error, words):
    assert cli(capsys, "--raw", str(raw), "--out", str(data))[0] == 0
    previous = current_snapshot_id(data)
    write_raw(raw, ADDED)

    def fail(*args, **kwargs):
        raise error

    target = {"numpy": (snapshot_mod.np, "save"), "mkdtemp": (snapshot_mod.tempfile, "mkdtemp"),
              "parquet": (snapshot_mod.pd.DataFrame, "to_parquet")}[where]
    with monkeypatch.context() as patch:
        patch.setattr(*target, fail)
        code, out, err = cli(capsys, "--raw", str(raw), "--out", str(data))
    assert_one_line_error(code, out, err, words)
    assert "nothing was published, the previous snapshot stays current" in err
    assert load_snapshot(data).snapshot_id == previous and len(load_snapshot(data).articles) == 3
    assert debris(data) == []
    assert cli(capsys, "--raw", str(raw), "--out", str(data))[0] == 0
    assert len(load_snapshot(data).articles) == 4


FSIZE_SCRIPT = textwrap.dedent("""
    import resource, sys
    sys.path.insert(0, {root!r})
    from pipeline import build
    build.build_map = lambda embeddings, paragraphs: None
    resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, {limit}))
    from pipeline.cli import main
    sys.exit(main(["build", "--raw", {raw!r}, "--out", {data!r}, "--model", "hashing-32", "--quiet"]))
""")


def test_a_file_size_limit_is_one_line_not_a_killed_process(capsys, raw, data):
    assert cli(capsys, "--raw", str(raw), "--out", str(data))[0] == 0
    previous = current_snapshot_id(data)
    write_raw(raw, ADDED)
    script = FSIZE_SCRIPT.format(root=str(ROOT), limit=2048, raw=str(raw), data=str(data))
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300,
                          env={**os.environ, "HF_HUB_OFFLINE": "1"})
    assert_one_line_error(proc.returncode, proc.stdout, proc.stderr, "a file would exceed the file-size limit")
    assert load_snapshot(data).snapshot_id == previous


KILL_SCRIPT = textwrap.dedent("""
    import sys
    sys.path.insert(0, {root!r})
    from pipeline import build
    build.build_map = lambda embeddings, paragraphs: None
    from pipeline.cli import main
    sys.exit(main(["build", "--raw", {raw!r}, "--out", {data!r}, "--model", "hashing-32", "--quiet",
                   "--keep", "2"]))
""")


def test_a_build_killed_at_random_moments_never_loses_the_corpus(capsys, tmp_path, raw, data):
    """SIGKILL at seeded random moments of real builds (growing corpus): after each, the current
    snapshot loads whole (old or new), and the next build leaves no debris."""
    assert cli(capsys, "--raw", str(raw), "--out", str(data))[0] == 0
    rng = random.Random(14)
    script = KILL_SCRIPT.format(root=str(ROOT), raw=str(raw), data=str(data))
    for i in range(6):
        write_raw(raw, {f"extra{i}.txt": article(f"Extra {i}", [f"Paragraph {i} about unit {i} refusing orders "
                                                               f"near the village number {i * 7}."] * 3)})
        proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, env={**os.environ, "HF_HUB_OFFLINE": "1"})
        time.sleep(rng.uniform(0.3, 4.0))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        snap = load_snapshot(data)
        assert len(snap.articles) >= 3 and set(snap.articles["article_id"]) >= {"a", "b", "c"}
    code, _, err = cli(capsys, "--raw", str(raw), "--out", str(data))
    assert code == 0, err
    assert debris(data) == []
    assert len(load_snapshot(data).articles) == 3 + 6


def test_a_second_build_into_the_same_folder_is_refused_with_a_message(capsys, raw, data):
    assert cli(capsys, "--raw", str(raw), "--out", str(data))[0] == 0
    previous = current_snapshot_id(data)
    with build_lock(data):
        code, out, err = cli(capsys, "--raw", str(raw), "--out", str(data), "--wait", "0.5")
        assert_one_line_error(code, out, err, f"another build (pid {os.getpid()}) is writing into {data}")
        assert "--wait SECONDS" in err
    assert current_snapshot_id(data) == previous
    assert cli(capsys, "--raw", str(raw), "--out", str(data))[0] == 0   # free again once released


def test_a_waiting_build_runs_when_the_first_finishes(capsys, raw, data):
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import sys, time
        sys.path.insert(0, {str(ROOT)!r})
        from pathlib import Path
        from pipeline.lock import build_lock
        with build_lock(Path({str(data)!r})):
            print("locked", flush=True)
            time.sleep(1.5)
    """)], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "locked"
    code, _, err = cli(capsys, "--raw", str(raw), "--out", str(data), "--wait", "60")
    holder.wait(timeout=30)
    assert code == 0, err
    assert len(load_snapshot(data).articles) == 3


def test_debris_of_a_killed_build_is_removed_by_the_next_one_however_young(capsys, raw, data):
    assert cli(capsys, "--raw", str(raw), "--out", str(data))[0] == 0
    (data / SnapshotFile.SNAPSHOTS_DIR / ".building-20990101T000000Z-dead-beef").mkdir()
    (data / f".{SnapshotFile.CURRENT}.abc123").write_text("half")
    (data / SnapshotFile.CACHE_DIR / ".embeddings-x.npz.q1w2.tmp").write_bytes(b"\x00" * 10)
    assert cli(capsys, "--raw", str(raw), "--out", str(data))[0] == 0
    assert debris(data) == []


def test_pruning_waits_out_the_grace_period(raw, data):
    built = [build_mod.build_snapshot(raw, data, "hashing-32", keep=1).snapshot_id for _ in range(3)]
    left = sorted(p.name for p in (data / SnapshotFile.SNAPSHOTS_DIR).iterdir())
    assert left == sorted(built)                     # replaced moments ago: a reader may be loading them
    for old in built[:2]:                            # pretend the replacements happened long ago
        manifest = data / SnapshotFile.SNAPSHOTS_DIR / old / SnapshotFile.MANIFEST
        os.utime(manifest, (time.time() - 7200, time.time() - 7200))
    newer = data / SnapshotFile.SNAPSHOTS_DIR / built[1] / SnapshotFile.MANIFEST
    os.utime(newer, (time.time() - 3600, time.time() - 3600))
    pruned = snapshot_mod.prune_snapshots(data, keep=1)
    assert pruned == [built[0]]                      # superseded an hour ago; built[1] only just now
    assert load_snapshot(data, built[1]).snapshot_id == built[1]


def test_a_corrupt_current_marker_does_not_stop_a_build(capsys, raw, data):
    assert cli(capsys, "--raw", str(raw), "--out", str(data))[0] == 0
    (data / SnapshotFile.CURRENT).write_bytes(b"\xff\xfe\x00garbage\n../../etc\n")
    code, _, err = cli(capsys, "--raw", str(raw), "--out", str(data))
    assert code == 0, err
    assert len(load_snapshot(data).articles) == 3


def test_a_malformed_metadata_row_naming_no_file_is_one_line(capsys, raw, data):
    (raw / "metadata.csv").write_text('file,title\na.txt,Fine\n"nowhere.txt,Broken\n', encoding="utf-8")
    code, out, err = cli(capsys, "--raw", str(raw), "--out", str(data))
    assert_one_line_error(code, out, err, "metadata.csv line 3 is malformed (unclosed quote)")
    assert current_snapshot_id(data) is None


def test_a_bad_ingest_config_stops_the_build_naming_file_and_key(capsys, monkeypatch, tmp_path, raw, data):
    bad = tmp_path / "ingest.yaml"
    bad.write_text("min_words: -3\nearliest_year: 1995\nnear_duplicate: {max_changed_words: 5, "
                   "max_changed_share: 0.03, shingle_words: 3}\n", encoding="utf-8")
    monkeypatch.setenv("NEWSLENS_INGEST_CONFIG", str(bad))
    code, out, err = cli(capsys, "--raw", str(raw), "--out", str(data))
    assert_one_line_error(code, out, err, f"{bad}: key 'min_words' must be between 1 and 1000, not -3")
