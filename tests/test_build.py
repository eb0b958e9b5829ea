"""The whole build, raw folder -> published snapshot, with the hashing embedder (one real-model test)."""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from newslens.embedder import HashingEmbedder
from newslens.schema import Kind, ManifestKey, ParagraphCol, SnapshotFile
from newslens.store import current_snapshot_id, load_snapshot
from pipeline import PIPELINE_VERSION
from pipeline import build as build_mod
from pipeline.build import BuildError, build_snapshot

ROOT = Path(__file__).resolve().parent.parent

BODY_A = [
    "A Russian commander ordered his soldiers to open fire on anyone attempting to retreat, "
    "according to an intercepted call released by Ukraine's military intelligence.",
    "The agency said the recording captured a conversation in Donetsk Oblast in which the commander "
    "demanded that troops stand their ground at all costs.",
    "Reports of soldiers being executed for retreating have repeatedly surfaced during the invasion.",
]
BODY_B = [
    "Soldiers in the brigade discussed shooting themselves in the leg so they would be discharged "
    "and sent home, a call intercepted by the security service suggests.",
    "One soldier told his mother that morale had collapsed after weeks without rotation or pay.",
]
BODY_C = [
    "Servicemen of the regiment recorded a video appeal saying they had been sent to storm "
    "positions without artillery support and with no way to evacuate the wounded.",
    "Relatives of the men asked the governor to bring them home.",
]


def article(title: str, paragraphs: list[str], **meta: str) -> str:
    front = {"title": title, "outlet": meta.pop("outlet", "Test Outlet"), "language": "en", **meta}
    lines = "".join(f"{k}: {json.dumps(v)}\n" for k, v in front.items())
    return f"---\n{lines}---\n" + "\n\n".join(paragraphs) + "\n"


def write_raw(raw: Path, files: dict[str, str | bytes]) -> Path:
    raw.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        path = raw / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return raw


CORPUS = {
    "a.txt": article("Commander orders troops to shoot retreating soldiers", BODY_A, published="2025-09-25"),
    "b.txt": article("Soldiers shoot themselves to go home", BODY_B, published="2022-03"),
    "c.md": article("Regiment appeals to the governor", BODY_C),
}


class CountingEmbedder(HashingEmbedder):
    def __init__(self, dim: int = 32, max_tokens: int = 256):
        super().__init__(dim)
        self.max_tokens = max_tokens
        self.seen: list[str] = []

    def encode(self, texts, batch_size=64):
        self.seen.extend(texts)
        return super().encode(texts, batch_size)


@pytest.fixture(autouse=True)
def fast_map(monkeypatch):
    """The real projection (t-SNE) is the topics module's business and slow; the sample build uses it."""
    monkeypatch.setattr(build_mod, "build_map", FakeTopics.build_map)


@pytest.fixture
def raw(tmp_path):
    return write_raw(tmp_path / "raw", CORPUS)


@pytest.fixture
def data(tmp_path):
    return tmp_path / "data"


def build(raw, data, embedder=None, **kwargs):
    return build_snapshot(raw, data, embedder=embedder or CountingEmbedder(), **kwargs)


def test_build_publishes_a_valid_snapshot_with_a_full_manifest(raw, data):
    report = build(raw, data)
    snap = load_snapshot(data)
    assert snap.snapshot_id == report.snapshot_id == current_snapshot_id(data)
    assert sorted(snap.articles["article_id"]) == ["a", "b", "c"]
    manifest = snap.manifest
    assert manifest[ManifestKey.MODEL_NAME] == "hashing-32" and manifest[ManifestKey.MODEL_DIM] == 32
    assert manifest[ManifestKey.PIPELINE_VERSION] == PIPELINE_VERSION
    assert len(manifest[ManifestKey.CORPUS_HASH]) == 64 and manifest[ManifestKey.BUILT_AT]
    assert manifest[ManifestKey.COUNTS] == report.counts
    counts = report.counts
    assert counts["articles"] == 3 and counts["paragraphs"] == len(snap.paragraphs)
    assert counts["content_paragraphs"] >= len(BODY_A + BODY_B + BODY_C)
    assert counts["cached"] == 0 and counts["embedded"] == snap.paragraphs[ParagraphCol.CONTENT_HASH].nunique()
    assert (counts["quarantined"], counts["duplicates"]) == (0, 0)
    content = snap.paragraphs[snap.content_mask()][ParagraphCol.TEXT].tolist()
    for text in BODY_A + BODY_B + BODY_C:          # no body text lost
        assert text in content
    # Stored as float16 (half the disk and memory), loaded as float32 at this size: unit length
    # within float16 rounding.
    assert manifest[ManifestKey.EMBEDDINGS_DTYPE] == "float16"
    assert snap.embeddings.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(snap.embeddings, axis=1), 1.0, atol=1e-3)


def test_unchanged_corpus_rebuild_embeds_nothing_and_keeps_ids(raw, data):
    first = build(raw, data)
    embedder = CountingEmbedder()
    second = build(raw, data, embedder)
    assert second.counts["embedded"] == 0 and embedder.seen == []
    assert second.counts["cached"] == second.counts["paragraphs"]
    old, new = load_snapshot(data, first.snapshot_id), load_snapshot(data)
    assert new.snapshot_id == second.snapshot_id != first.snapshot_id
    assert old.paragraphs[ParagraphCol.ID].tolist() == new.paragraphs[ParagraphCol.ID].tolist()
    assert old.manifest[ManifestKey.CORPUS_HASH] == new.manifest[ManifestKey.CORPUS_HASH]
    np.testing.assert_array_equal(np.asarray(old.embeddings), np.asarray(new.embeddings))


def test_one_changed_paragraph_embeds_exactly_one(raw, data):
    first = build(raw, data)
    edited = BODY_B[1].replace("weeks", "months")
    (raw / "b.txt").write_text(CORPUS["b.txt"].replace(BODY_B[1], edited), encoding="utf-8")
    embedder = CountingEmbedder()
    report = build(raw, data, embedder)
    assert report.counts["embedded"] == 1 and embedder.seen == [edited]
    before = set(load_snapshot(data, first.snapshot_id).paragraphs[ParagraphCol.ID])
    after = set(load_snapshot(data).paragraphs[ParagraphCol.ID])
    assert len(after - before) == 1 and len(before - after) == 1    # every other id is stable


def test_new_article_embeds_only_its_paragraphs(raw, data):
    build(raw, data)
    write_raw(raw, {"d.txt": article("New report", ["A brand new paragraph about desertion near Pokrovsk."])})
    embedder = CountingEmbedder()
    report = build(raw, data, embedder)
    assert report.counts["articles"] == 4
    assert "A brand new paragraph about desertion near Pokrovsk." in embedder.seen
    assert not set(embedder.seen) & set(BODY_A + BODY_B + BODY_C)


def test_bad_files_are_quarantined_with_reasons_and_the_build_goes_on(raw, data):
    write_raw(raw, {
        "empty.txt": "",
        "blank.md": "   \n\n  \n",
        "image.html": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
        "copy-of-a.txt": CORPUS["a.txt"],
        "huge.txt": article("Huge", ["word " * 3000]),
    })
    report = build(raw, data, max_bytes=10_000)
    manifest = load_snapshot(data).manifest
    quarantined = {q["file"]: q["reason"] for q in manifest[ManifestKey.QUARANTINED]}
    assert set(quarantined) == {"empty.txt", "blank.md", "image.html", "huge.txt"}
    assert all(reason.strip() for reason in quarantined.values())
    assert manifest[ManifestKey.DUPLICATES] == [{"file": "copy-of-a.txt", "duplicate_of": "a.txt"}]
    assert report.counts["articles"] == 3
    assert report.counts["quarantined"] == 4 and report.counts["duplicates"] == 1
    summary = "\n".join(report.summary_lines())
    assert "huge.txt" in summary and "copy-of-a.txt" in summary


@pytest.mark.parametrize("files", [
    {},                                                     # nothing at all
    {"notes.csv": "a,b\n1,2\n"},                            # no article formats
    {"empty.txt": "", "bin.txt": b"\x00\x01\x02" * 100},    # everything quarantined
])
def test_empty_corpus_is_an_error_and_the_previous_snapshot_stays(tmp_path, raw, data, files):
    previous = build(raw, data).snapshot_id
    empty = write_raw(tmp_path / "empty_raw", files)
    with pytest.raises(BuildError, match="no (usable )?articles"):
        build(empty, data, replace_corpus=True)
    assert current_snapshot_id(data) == previous
    assert [p.name for p in (data / SnapshotFile.SNAPSHOTS_DIR).iterdir()] == [previous]


@pytest.mark.parametrize("make", [lambda tmp: tmp / "nope", lambda tmp: write_raw(tmp, {"f.txt": "x"}) / "f.txt"])
def test_missing_raw_folder_is_a_clear_error(tmp_path, data, make):
    with pytest.raises(BuildError, match="does not exist or is not a folder"):
        build(make(tmp_path), data)
    assert not data.exists()


def test_long_paragraph_is_split_to_the_model_limit_not_truncated(tmp_path, data):
    words = [f"w{i}" for i in range(300)]
    long = "Soldiers said " + ". ".join(" ".join(words[i:i + 12]) for i in range(0, 300, 12)) + "."
    raw = write_raw(tmp_path / "raw", {"long.txt": article("Long one", [long, BODY_A[0]])})
    embedder = CountingEmbedder(max_tokens=40)
    build(raw, data, embedder)
    paragraphs = load_snapshot(data).paragraphs
    parts = paragraphs[paragraphs[ParagraphCol.PART] > 0]
    assert len(parts) >= 300 // 40
    assert max(embedder.count_tokens(t) for t in paragraphs[ParagraphCol.TEXT]) <= 40
    joined = " ".join(paragraphs[ParagraphCol.TEXT])
    assert all(w in joined.split() or f"{w}." in joined.split() for w in words)    # every word kept


def test_progress_reports_every_stage_in_order_and_completes(raw, data):
    calls = []
    build(raw, data, progress=lambda stage, done, total: calls.append((stage, done, total)))
    stages = list(dict.fromkeys(stage for stage, _, _ in calls))
    assert stages == ["ingest", "split", "embed", "stories", "lenses", "write"]
    for stage in stages:
        ticks = [(d, t) for s, d, t in calls if s == stage]
        assert [d for d, _ in ticks] == sorted(d for d, _ in ticks)
        assert ticks[-1][0] == ticks[-1][1]          # each stage ends at done == total
    # reading counts the files one by one (a first start's bar sat at "reading articles (0 of 1)")
    files = sum(1 for f in raw.rglob("*") if f.is_file() and f.name != "metadata.csv")
    assert [d for s, d, t in calls if s == "ingest"] == list(range(files + 1)) + [files]


class NaNEmbedder(CountingEmbedder):
    def encode(self, texts, batch_size=64):
        out = super().encode(texts, batch_size)
        out[0, 0] = np.nan
        return out


def test_invalid_vectors_are_refused_before_publishing(raw, data):
    previous = build(raw, data).snapshot_id
    fresh = raw.parent / "raw2"
    write_raw(fresh, {"z.txt": article("Other", ["Completely different text about a tank column near Kupiansk."])})
    with pytest.raises(BuildError, match="NaN"):
        build(fresh, data, NaNEmbedder(), replace_corpus=True)
    assert current_snapshot_id(data) == previous


def test_write_failure_keeps_old_snapshot_and_the_embedding_work(raw, data, monkeypatch):
    previous = build(raw, data).snapshot_id
    write_raw(raw, {"d.txt": article("Added", ["A paragraph that needs embedding about a tank column."])})

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr(build_mod, "write_snapshot", disk_full)
        with pytest.raises(BuildError, match="^the build stopped: the disk is full; nothing was published"):
            build(raw, data)
    assert load_snapshot(data).snapshot_id == previous
    assert build(raw, data).counts["embedded"] == 0      # the vectors were cached before the crash


KILLED_BUILD = textwrap.dedent("""
    import os, sys
    sys.path.insert(0, {root!r})
    from newslens.embedder import HashingEmbedder
    from pipeline import build, snapshot
    from pipeline.build import build_snapshot
    build.build_map_table = lambda paragraphs, embeddings: None   # no map: fast
    snapshot.os.rename = lambda *a, **k: os._exit(9)     # killed between writing and publishing
    build_snapshot({raw!r}, {data!r}, embedder=HashingEmbedder(32))
""")


def test_build_killed_before_publishing_leaves_old_snapshot_current(raw, data):
    previous = build(raw, data)
    write_raw(raw, {"d.txt": article("Added", ["Another new paragraph, this one about a video appeal."])})
    proc = subprocess.run([sys.executable, "-c", KILLED_BUILD.format(root=str(ROOT), raw=str(raw), data=str(data))],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 9, proc.stderr
    snap = load_snapshot(data)
    assert snap.snapshot_id == previous.snapshot_id and len(snap.articles) == 3


def test_old_snapshots_are_pruned(raw, data):
    ids = [build(raw, data, keep=2, prune_grace=0).snapshot_id for _ in range(4)]
    left = sorted(p.name for p in (data / SnapshotFile.SNAPSHOTS_DIR).iterdir())
    assert left == sorted(ids[-2:])


def test_corpus_map_is_stored_and_reused_when_nothing_changed(raw, data, monkeypatch):
    calls = []
    real = build_mod.build_map_table

    def counting(paragraphs, embeddings):
        calls.append(len(paragraphs))
        return real(paragraphs, embeddings)

    monkeypatch.setattr(build_mod, "build_map_table", counting)
    build(raw, data)
    first = load_snapshot(data)
    build(raw, data)
    second = load_snapshot(data)
    assert len(calls) == 1
    assert first.map is not None and second.map.equals(first.map)
    write_raw(raw, {"d.txt": article("Added", ["Yet another paragraph, about prisoners of war."])})
    build(raw, data)
    assert len(calls) == 2 and len(load_snapshot(data).map) == len(first.map) + 1


def test_failing_map_is_a_warning_not_a_failed_build(raw, data, monkeypatch):
    class Broken:
        @staticmethod
        def build_map(embeddings, paragraphs):
            raise ValueError("perplexity must be less than n_samples")

    monkeypatch.setattr(build_mod, "build_map", Broken.build_map)
    report = build(raw, data)
    snap = load_snapshot(data)
    assert snap.map is None
    assert any("corpus map not built" in w["message"] for w in snap.manifest[ManifestKey.WARNINGS])
    assert report.counts["articles"] == 3


class FakeTopics:
    """A deterministic stand-in for newslens.topics.build_map: content rows, first two dimensions."""

    @staticmethod
    def build_map(embeddings, paragraphs):
        import pandas as pd

        rows = paragraphs[ParagraphCol.KIND].isin(Kind.CONTENT).to_numpy()
        return pd.DataFrame({ParagraphCol.ID: paragraphs[ParagraphCol.ID][rows].to_numpy(),
                             "x": embeddings[rows, 0], "y": embeddings[rows, 1]})


@pytest.mark.model
def test_sample_corpus_end_to_end_with_the_real_model(sample_build, sample_data_dir, real_embedder):
    snap = load_snapshot(sample_data_dir)
    assert snap.snapshot_id == sample_build.snapshot_id
    assert snap.model_name == "all-MiniLM-L6-v2" and snap.embeddings.shape[1] == 384
    assert sample_build.counts["articles"] == 5 and sample_build.counts["quarantined"] == 0
    # Stored as float16 (newslens.vectors): unit length to float16's rounding, not float32's.
    np.testing.assert_allclose(np.linalg.norm(snap.embeddings, axis=1), 1.0, atol=1e-3)
    content = snap.paragraphs[snap.content_mask()].reset_index(drop=True)
    vectors = np.asarray(snap.embeddings)[snap.content_mask()]
    by_query = {
        "soldiers shoot themselves in the leg to be sent home": "004_f5dda08f82416dc7",
        "father tells his son to put a shell in the commander's head": "002_21e244bc9db10bb7",
    }
    for query, article_id in by_query.items():
        scores = vectors @ real_embedder.encode([query])[0]
        assert content.loc[int(np.argmax(scores)), ParagraphCol.ARTICLE_ID] == article_id, query


def test_rebuild_recleans_only_changed_articles(raw, data, monkeypatch):
    from pipeline import paragraphs as paragraphs_mod

    cold = build(raw, data)
    cleaned = []
    real = paragraphs_mod.paragraph_columns

    def counting(article_id, *args, **kwargs):
        cleaned.append(article_id)
        return real(article_id, *args, **kwargs)

    monkeypatch.setattr(paragraphs_mod, "paragraph_columns", counting)
    build(raw, data)
    assert cleaned == []
    unchanged = load_snapshot(data).paragraphs
    cold_rows = load_snapshot(data, cold.snapshot_id).paragraphs
    assert unchanged.equals(cold_rows)                       # cached rows are the same rows
    (raw / "b.txt").write_text(CORPUS["b.txt"].replace("morale", "the mood"), encoding="utf-8")
    build(raw, data)
    assert cleaned == ["b"]


@pytest.mark.parametrize("damage", ["garbage", "code_change"])
def test_split_cache_damage_or_new_rules_mean_recleaning(raw, data, monkeypatch, damage):
    from pipeline import paragraphs as paragraphs_mod
    from pipeline import split_cache

    build(raw, data)
    if damage == "garbage":
        split_cache.split_cache_file(data, "hashing-32").write_bytes(b"PAR1 not really")
    else:
        monkeypatch.setattr(split_cache, "code_fingerprint", lambda: "edited rules")
    cleaned = []
    real = paragraphs_mod.paragraph_columns
    monkeypatch.setattr(paragraphs_mod, "paragraph_columns",
                        lambda article_id, *a, **k: cleaned.append(article_id) or real(article_id, *a, **k))
    report = build(raw, data)
    assert sorted(cleaned) == ["a", "b", "c"] and report.counts["embedded"] == 0


def test_a_cleaning_rule_edited_in_config_re_cleans_on_the_next_build(tmp_path, data, monkeypatch):
    """The cleaning thresholds and phrases are config (furniture.yaml): a researcher's edit must reach
    articles cleaned before, not only new ones (the cache of cleaned articles ignored the file)."""
    import yaml

    from pipeline.rules import rules_path
    line = "The commander told the families that nobody could say when the men would come home"   # 15 words
    raw = write_raw(tmp_path / "raw", {"a.txt": article("Families wait", [BODY_A[0], line, BODY_A[1]])})
    build(raw, data)
    assert dict(zip(load_snapshot(data).paragraphs["text"], load_snapshot(data).paragraphs["kind"]))[line] == "body"
    folder = tmp_path / "config"
    folder.mkdir()
    for path in rules_path().parent.glob("*.yaml"):
        (folder / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    rules = yaml.safe_load((folder / "furniture.yaml").read_text(encoding="utf-8"))
    rules["unpunctuated_sentence"]["min_words"] = 16
    (folder / "furniture.yaml").write_text(yaml.safe_dump(rules, allow_unicode=True), encoding="utf-8")
    monkeypatch.setenv("NEWSLENS_CONFIG", str(folder))
    build(raw, data)
    paragraphs = load_snapshot(data).paragraphs
    assert dict(zip(paragraphs["text"], paragraphs["kind"]))[line] == "heading"


def test_a_build_of_another_raw_folder_does_not_replace_a_corpus(tmp_path, raw, data):
    """A reviewer ran the rebuild hint the app printed ("python -m pipeline build --model ...") with
    $NEWSLENS_DATA set: it read the default raw folder and published the 5 sample articles over their
    87. A build now refuses to replace a corpus made from another raw folder that still exists, and
    says the command that rebuilds it."""
    previous = build(raw, data).snapshot_id
    other = write_raw(tmp_path / "sample_raw", {"s.txt": article("Sample", ["A sample report about a tank column."])})
    with pytest.raises(BuildError) as refused:
        build(other, data)
    message = str(refused.value)
    assert f"holds a corpus built from {raw}" in message and "nothing was built" in message
    assert f"--raw {raw} --out {data}" in message and "--replace-corpus" in message
    assert current_snapshot_id(data) == previous
    build(other, data, replace_corpus=True)
    assert len(load_snapshot(data).articles) == 1
    moved = tmp_path / "moved"
    other.rename(moved)           # the corpus folder moved: its recorded raw folder is gone, no refusal
    build(moved, data)
    assert len(load_snapshot(data).articles) == 1


def test_a_corpus_whose_current_snapshot_is_gone_is_still_known_by_its_older_one(tmp_path, raw, data):
    """A helper (session 34): with CURRENT naming a deleted snapshot, the rebuild button (no
    $NEWSLENS_RAW) built the bundled sample and published it over that corpus, since no manifest
    said which raw folder it was. The newest snapshot left still says so."""
    from newslens.store import recorded_build
    first = build(raw, data).snapshot_id
    (raw / "second.txt").write_text(article("Second", ["A second report about the same column."]), encoding="utf-8")
    second = build(raw, data).snapshot_id
    assert second != first
    import shutil
    shutil.rmtree(data / SnapshotFile.SNAPSHOTS_DIR / second)       # CURRENT now names nothing
    assert recorded_build(data)[0] == raw.resolve()
    other = write_raw(tmp_path / "sample_raw", {"s.txt": article("Sample", ["A sample report about a tank column."])})
    with pytest.raises(BuildError, match="nothing was built"):
        build(other, data)
    # with no CURRENT at all nothing was published: a folder left there does not stop another corpus
    (data / SnapshotFile.CURRENT).unlink()
    assert recorded_build(data) == (None, None)
    build(other, data)
    assert len(load_snapshot(data).articles) == 1


def test_the_summary_says_what_the_pages_left_unknown(tmp_path, data):
    """A reviewer's first build said "warnings: 0" over 52 undated pages and 23 titles made of url
    slugs: one line now says so, before the researcher cites a date or a title."""
    raw = write_raw(tmp_path / "raw", {
        "dated.txt": article("A dated report", ["Soldiers surrendered to a drone near the village."],
                             published="2024-03-01"),
        "undated.txt": "Soldiers surrendered to a drone near the village, the brigade said on its channel.\n",
    })
    report = build(raw, data)
    assert report.metadata_gaps["undated"] == 1 and report.metadata_gaps["untitled"] >= 0
    line = next(x for x in report.summary_lines() if x.startswith("metadata: "))
    assert "1 undated" in line and "metadata.csv" in line


def test_a_corpus_built_from_a_relative_raw_folder_is_still_protected(tmp_path, monkeypatch):
    """A reviewer: a first build with `--raw raw` recorded "raw", which read from another folder later
    named nothing, so any build replaced the corpus. The manifest records the folder resolved."""
    monkeypatch.chdir(tmp_path)
    write_raw(tmp_path / "mine", CORPUS)
    data = tmp_path / "data"
    build(Path("mine"), data)
    assert Path(load_snapshot(data).manifest[ManifestKey.RAW_DIR]) == (tmp_path / "mine").resolve()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    other = write_raw(tmp_path / "sample", {"s.txt": article("Sample", ["A sample report about a tank column."])})
    with pytest.raises(BuildError, match="holds a corpus built from"):
        build(other, data)


def test_a_report_citing_its_source_gets_it_as_original_source_inferred(tmp_path, data):
    """A reviewer's real snapshot: 0 of 97 articles had an original source, "Original source: not
    stated" over reports saying "according to British intelligence" or "citing Kommersant". The
    build reads it from the cleaned text, says it was inferred, and keeps a given one."""
    from newslens.reader.document import article_metadata

    raw = write_raw(tmp_path / "raw", {
        "cited.txt": article("Barrier units behind the line", [
            "According to British intelligence, commanders have posted units behind the line to stop retreats.",
            "The units were first seen near the river in the autumn, the update said."]),
        "given.txt": article("A channel's claim", [
            "A regiment refused to advance, the Telegram channel ASTRA reported on Monday evening."],
            original_source="Rybar"),
        "none.txt": article("Relatives appeal", BODY_C),
    })
    build(raw, data)
    articles = load_snapshot(data).articles.set_index("article_id")
    assert articles.loc["cited", "original_source"] == "UK Ministry of Defence"
    assert articles.loc["given", "original_source"] == "Rybar"
    assert pd.isna(articles.loc["none", "original_source"])
    shown = {f.label: f for f in article_metadata(articles.loc["cited"])}
    assert shown["Original source"].value == "UK Ministry of Defence"
    assert shown["Original source"].provenance == "inferred"
