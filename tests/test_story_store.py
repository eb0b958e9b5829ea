"""Stories grouped by the pipeline and stored in the snapshot: the same stories the pages would
group live, read back instead of regrouped, and read live for snapshots without them."""
from __future__ import annotations

import dataclasses
import json

import pytest

from newslens.compare import stories as stories_mod
from newslens.compare import story_store
from newslens.compare.stories import group_stories
from newslens.embedder import HashingEmbedder
from newslens.schema import ManifestKey, SnapshotFile, StoryCol
from newslens.store import SnapshotError, load_snapshot
from newslens.timeline import aggregate as timeline
from pipeline import build as build_mod
from pipeline.build import build_snapshot
from tests.cli_utils import run_newslens
from tests.compare_cases import ORIGINAL, REWORK, UNRELATED
from tests.factories import (ArticleSpec, build_from_raw, config_with_coverage, front_matter, make_snapshot,
                             stories_stored_by_another_version)

RETELL = ArticleSpec("retell-1", "Third Paper", [
    "An intercepted call published by Ukrainian military intelligence (HUR) has a Russian commander telling "
    "his men to fire on comrades who try to retreat.",
    "\u201cIf anyone runs away, just shoot them,\u201d the commander says in the recording released on September 25.",
    "Ukraine had liberated 160 square kilometres of territory in the area, the report added.",
], published="2025-09-27", original_source="HUR", title="Shoot anyone who runs, commander tells troops")


@pytest.fixture
def built(tmp_path, monkeypatch):
    """A corpus with one three-article story and an unrelated report, built by the pipeline."""
    monkeypatch.setattr(build_mod, "build_map", lambda embeddings, paragraphs: None)
    return build_from_raw(tmp_path, [ORIGINAL, REWORK, RETELL, UNRELATED])


def _as_dicts(result):
    return [dataclasses.asdict(s) for s in result.stories]


def test_the_build_stores_exactly_the_stories_grouping_would_find_live(built):
    snapshot = load_snapshot(built)
    assert snapshot.stories is not None and (snapshot.path / SnapshotFile.STORIES).is_file()
    info = snapshot.manifest[ManifestKey.STORIES]
    stored = story_store.stored_result(snapshot)
    live = group_stories(dataclasses.replace(snapshot, stories=None))
    assert stored is not None and live.stories, "the corpus holds a story to store"
    assert info["count"] == len(live.stories) == len(snapshot.stories)
    assert _as_dicts(stored) == _as_dicts(live)                      # members, links, evidence, related
    assert [s.explanation for s in stored.stories] == [s.explanation for s in live.stories]
    assert (stored.notices, stored.not_compared_by_meaning) == (live.notices, live.not_compared_by_meaning)
    story = stored.stories[0]
    assert set(story.article_ids) == {"wire-1", "rework-1", "retell-1"}
    assert story.links and all(isinstance(lk.evidence.shared_specifics, tuple) for lk in story.links)


def test_pages_read_the_stored_stories_without_regrouping(built, monkeypatch):
    snapshot = load_snapshot(built)

    def no_grouping(*args, **kwargs):
        raise AssertionError("the page regrouped a snapshot that has stored stories")

    monkeypatch.setattr(stories_mod, "group_stories", no_grouping)
    result = story_store.story_result(snapshot)
    assert [s.article_ids for s in result.stories] == [["wire-1", "rework-1", "retell-1"]]
    groups, _, _, _ = timeline.find_rereports(snapshot)
    assert [g.article_ids for g in groups] == [["wire-1", "rework-1", "retell-1"]]
    assert groups[0].lags == {"wire-1": 0.0, "rework-1": 1.0, "retell-1": 2.0}


def test_a_filter_shows_the_visible_part_of_a_story_and_says_what_it_hides(built):
    snapshot = load_snapshot(built)
    result = story_store.story_result(snapshot, ["rework-1", "retell-1", "other-1"])
    (story,) = result.stories
    assert story.article_ids == ["rework-1", "retell-1"]
    assert story.first_reporter == "rework-1" and story.lags == {"rework-1": 0.0, "retell-1": 1.0}
    assert story.explanation.startswith("2 of this story's 3 articles pass the filters (1 hidden")
    assert all({lk.a, lk.b} <= {"rework-1", "retell-1"} for lk in story.links)
    assert story_store.story_result(snapshot, ["wire-1", "other-1"]).stories == []



def test_the_visible_part_of_a_story_is_as_sure_as_its_links_among_those_shown(built):
    """A story sure as a whole (each report's strongest link 1.00) whose shown reports are linked
    to each other only at 0.60: the part is not sure, as the same reports grouped live would not be."""
    from newslens.compare import evidence as evi
    from newslens.compare.stories import Story, StoryLink
    from newslens.schema import ArticleCol

    def link(a, b, confidence):
        lk = StoryLink(a, b, 1, 3, 1, 3, 0.9, 0, 1.0, None, evi.Evidence())
        lk.linked, lk.confidence = True, confidence
        return lk
    whole = Story("s", ["wire-1", "rework-1", "retell-1"], "t",
                  [link("wire-1", "rework-1", 1.0), link("wire-1", "retell-1", 1.0), link("rework-1", "retell-1", 0.6)],
                  "wire-1", True, {}, confidence=1.0)
    meta = load_snapshot(built).articles.set_index(ArticleCol.ID, drop=False)
    part = story_store._part(whole, ["rework-1", "retell-1"], meta)
    assert whole.sure and part.confidence == 0.6 and not part.sure


def test_an_older_snapshot_without_stored_stories_is_grouped_live(tmp_path):
    make_snapshot(tmp_path, [ORIGINAL, REWORK, UNRELATED])
    snapshot = load_snapshot(tmp_path)
    assert snapshot.stories is None and ManifestKey.STORIES not in snapshot.manifest
    result = story_store.story_result(snapshot)
    assert [s.article_ids for s in result.stories] == [["wire-1", "rework-1"]]


def test_changed_grouping_settings_since_the_build_mean_grouping_live(built, monkeypatch):
    snapshot = load_snapshot(built)
    assert story_store.stored_result(snapshot) is not None
    monkeypatch.setattr(stories_mod, "MAX_DAYS", stories_mod.MAX_DAYS + 1)     # as if the config changed
    assert story_store.stored_result(snapshot) is None
    assert story_store.story_result(snapshot).stories                            # grouped live instead


def test_an_unchanged_rebuild_reuses_the_stored_stories(built, tmp_path, monkeypatch):
    monkeypatch.setattr(build_mod, "build_map", lambda embeddings, paragraphs: None)
    before = load_snapshot(built).manifest[ManifestKey.STORIES]
    calls = []
    monkeypatch.setattr("pipeline.stories.group_stories", lambda *a, **k: calls.append(1))
    build_snapshot(tmp_path / "raw", built, embedder=HashingEmbedder(64))
    after = load_snapshot(built)
    assert not calls and after.manifest[ManifestKey.STORIES]["reused"] is True
    assert after.manifest[ManifestKey.STORIES]["key"] == before["key"]
    assert story_store.stored_result(after).stories[0].article_ids == ["wire-1", "rework-1", "retell-1"]


def test_a_damaged_stories_table_is_refused_with_one_line(built):
    snapshot = load_snapshot(built)
    snapshot.stories.drop(columns=[StoryCol.RECORD]).to_parquet(snapshot.path / SnapshotFile.STORIES)
    with pytest.raises(SnapshotError, match="stories.parquet lacks columns"):
        load_snapshot(built)


def test_a_changed_cross_language_shift_since_the_build_means_grouping_live(built, tmp_path, monkeypatch):
    """config/models.yaml's cross_language_shift lowers the story evidence's bars across languages
    and picks the language-centred candidates: a stored grouping made with another value is stale."""
    import shutil

    from newslens import config

    snapshot = load_snapshot(built)
    assert story_store.stored_result(snapshot) is not None
    edited = tmp_path / "config"
    shutil.copytree(config.config_dir(), edited)
    models = edited / "models.yaml"
    models.write_text(models.read_text(encoding="utf-8").replace(
        "cross_language_shift:\n", f"cross_language_shift:\n  {snapshot.model_name}: 0.1\n"), encoding="utf-8")
    monkeypatch.setenv("NEWSLENS_CONFIG", str(edited))
    assert story_store.stored_result(snapshot) is None


def test_an_edited_claims_file_since_the_build_means_grouping_live(built, tmp_path, monkeypatch):
    """Stories compare figures and dates read by config/claims.yaml's words (number words, units,
    qualifiers): a grouping stored under other words is stale, though no code changed."""
    import shutil

    from newslens import config, knowledge

    snapshot = load_snapshot(built)
    assert story_store.stored_result(snapshot) is not None
    edited = tmp_path / "config"
    shutil.copytree(config.config_dir(), edited)
    claims = edited / "claims.yaml"
    claims.write_text(claims.read_text(encoding="utf-8") + "\n# edited\nextra_note: 1\n", encoding="utf-8")
    monkeypatch.setenv("NEWSLENS_CONFIG", str(edited))
    knowledge._load.cache_clear()
    try:
        assert story_store.stored_result(snapshot) is None
    finally:
        monkeypatch.undo()
        knowledge._load.cache_clear()


class _EnglishOnly:
    """The hashing model under a name config/models.yaml reads as English only (default_languages),
    so an article in another language gets the grouping's notice with its rebuild hint."""

    def __init__(self):
        self._inner = HashingEmbedder(64)
        self.name, self.dim, self.max_tokens = "english-only-test-model", 64, self._inner.max_tokens
        self.setup = self._inner.setup

    def encode(self, texts, batch_size=64):
        return self._inner.encode(texts, batch_size)

    def count_tokens(self, text):
        return self._inner.count_tokens(text)


def test_stored_notices_say_what_the_models_file_says_now(tmp_path, monkeypatch):
    """The notice on articles not compared by meaning ends with the rebuild hint, whose words are
    config/models.yaml's ``coverage_words``; the app finds the hint in the notice to offer its
    rebuild button. Edited after the build (the stored stories are still read), the stored notice
    must read as the file does now, as a live grouping would."""
    from newslens import languages
    from newslens.embedder import MULTILINGUAL_MODEL

    monkeypatch.setattr(build_mod, "build_map", lambda embeddings, paragraphs: None)
    raw = tmp_path / "raw"
    raw.mkdir()
    for spec in (ORIGINAL, REWORK, dataclasses.replace(RETELL, language="de"), UNRELATED):
        (raw / f"{spec.article_id}.md").write_text(front_matter(spec), encoding="utf-8")
    build_snapshot(raw, tmp_path / "data", embedder=_EnglishOnly())
    snapshot = load_snapshot(tmp_path / "data")
    before = story_store.stored_result(snapshot)
    assert [languages.fix_hint() in n for n in before.notices] == [True]
    assert [s.notices for s in before.stories if "retell-1" in s.article_ids] == [before.notices]

    config_with_coverage(tmp_path / "config", monkeypatch, MULTILINGUAL_MODEL, "94 languages")
    assert "(94 languages, installed with the app)" in languages.fix_hint()
    after = story_store.stored_result(snapshot)
    assert after is not None                                  # still the stored stories, not regrouped
    live = group_stories(dataclasses.replace(snapshot, stories=None))
    assert after.notices == live.notices and [languages.fix_hint() in n for n in after.notices] == [True]
    assert [s.notices for s in after.stories] == [s.notices for s in live.stories]


def test_a_filter_s_notice_counts_the_articles_it_shows(tmp_path, monkeypatch):
    """Stored stories seen through the sidebar's filters: the notice on articles not compared by
    meaning counts those the filters keep (what a live grouping of them says), not the whole corpus."""
    from tests.multilingual_corpus import write_multilingual_raw

    monkeypatch.setattr(build_mod, "build_map", lambda embeddings, paragraphs: None)
    raw = write_multilingual_raw(tmp_path / "raw")
    for spec in (ORIGINAL, dataclasses.replace(REWORK, language="de"), RETELL):
        (raw / f"{spec.article_id}.md").write_text(front_matter(spec), encoding="utf-8")
    build_snapshot(raw, tmp_path / "data", embedder=_EnglishOnly())
    snapshot = load_snapshot(tmp_path / "data")
    assert story_store.stored_result(snapshot).not_compared_by_meaning == {"de": 2, "uk": 1}
    keep = ["wire-1", "rework-1", "retell-1", "event_en", "pier"]             # one German report of two, no Ukrainian
    stored = story_store.story_result(snapshot, keep)
    live = group_stories(dataclasses.replace(snapshot, stories=None), article_ids=keep)
    assert stored.not_compared_by_meaning == live.not_compared_by_meaning == {"de": 1}
    assert stored.notices == live.notices and stored.notices[0].startswith("1 article (de: 1) is in languages")
    assert [s.notices for s in stored.stories] == [s.notices for s in live.stories] == [live.notices]


def test_the_stored_grouping_depends_on_the_shared_modules_it_builds_on():
    """A change to languages.py (the cross-language shift, the base language) or dates.py changes
    the stories as surely as one to the grouping itself: the build must group again, not reuse."""
    from newslens.compare.story_store import code_files
    names = {(path.parent.name, path.name) for path in code_files()}
    assert {("compare", "stories.py"), ("compare", "evidence.py"), ("newslens", "languages.py"),
            ("newslens", "dates.py"), ("newslens", "knowledge.py")} <= names


def test_code_the_grouping_does_not_import_does_not_re_key_the_stored_stories():
    """Review, session 32: every .py of newslens/ was in the key, so a change to the CLI or to an
    export (code no grouping runs) re-keyed every snapshot's stories, and every page grouped them
    again at each load. The key holds what the grouping imports, however deep."""
    from newslens.compare.story_store import code_files
    names = {(path.parent.name, path.name) for path in code_files()}
    assert {("newslens", "cli.py"), ("newslens", "command.py"), ("newslens", "export.py"),
            ("compare", "cli.py"), ("compare", "html_export.py"), ("reader", "cli.py")}.isdisjoint(names)
    assert {("search", "lexical.py"), ("newslens", "store.py"), ("compare", "story_store.py"),
            ("compare", "__init__.py"), ("newslens", "__init__.py")} <= names


def test_a_grouping_stored_by_other_grouping_code_is_grouped_live(built, monkeypatch):
    """The grouping modules' source is part of the key: a snapshot built before a code change (a
    fix that moves one pair) shows the stories today's code finds, not the stored ones."""
    snapshot = load_snapshot(built)
    assert story_store.stored_result(snapshot) is not None
    monkeypatch.setattr(story_store, "_code_key", lambda: "other code")
    assert story_store.stored_result(snapshot) is None
    assert story_store.story_result(snapshot).stories


def test_stories_grouped_now_instead_of_the_stored_ones_say_so_with_both_counts(built):
    """A snapshot built by another version stores its own stories; they are regrouped live (finding
    1 of review 30a: 22 stored, 21 shown, no word), and the result now says it, in its notices."""
    stories_stored_by_another_version(built)
    snapshot = load_snapshot(built)
    assert story_store.stored_result(snapshot) is None
    result = story_store.story_result(snapshot)
    (notice,) = result.snapshot_notices
    assert notice.startswith(f"The stories are grouped now ({len(result.stories)}), not read from the snapshot, "
                             f"which stores {len(snapshot.stories)} grouped by another version of NewsLens")
    assert notice.endswith(f"python -m pipeline build --raw {snapshot.manifest[ManifestKey.RAW_DIR]} "
                           f"--out {built} --model hashing-64")
    assert result.to_dict()["notices"][0] == notice                  # stories --json, the pages
    filtered = story_store.story_result(snapshot, ["wire-1", "rework-1"])
    assert filtered.snapshot_notices[0].startswith(f"The stories are grouped now ({len(filtered.stories)} among "
                                                   "the articles the filters keep)")
    assert timeline.find_rereports(snapshot)[3] == [notice]          # timeline --json, the Timeline page


def test_stories_grouped_now_as_the_snapshot_stores_them_carry_no_notice(built):
    """Review, session 32: any change to the code re-keys the stored stories, and every view and
    CLI command said they were "grouped now, not read from the snapshot" though the grouping was
    identical (same articles, same confidences): no notice then, filtered or not."""
    stories_stored_by_another_version(built, same_grouping=True)
    snapshot = load_snapshot(built)
    assert story_store.stored_result(snapshot) is None                     # grouped live...
    assert story_store.story_result(snapshot).snapshot_notices == []       # ...to the same stories
    assert story_store.story_result(snapshot, ["wire-1", "rework-1", "other-1"]).snapshot_notices == []
    assert timeline.find_rereports(snapshot)[3] == []
    for command in ("stories", "timeline"):
        run = run_newslens("--data", str(built), command, "--json")
        assert run.returncode == 0 and run.stderr == "" and json.loads(run.stdout)["notices"] == []


def test_stories_stored_in_a_shape_this_code_cannot_read_are_grouped_now_and_said_to_be(built):
    """Comparing with the stored grouping reads stories another version stored: one it cannot read
    back (an older shape) differs, it does not break the page."""
    import pandas as pd
    from newslens.store import current_snapshot_id, snapshot_path

    stories_stored_by_another_version(built, same_grouping=True)
    path = snapshot_path(built, current_snapshot_id(built)) / SnapshotFile.STORIES
    table = pd.read_parquet(path)
    table[StoryCol.RECORD] = [json.dumps({"id": "s1", "members": ["wire-1"]})] * len(table)
    table.to_parquet(path)
    result = story_store.story_result(load_snapshot(built))
    assert result.stories and result.snapshot_notices[0].startswith("The stories are grouped now (1)")


def test_stored_stories_read_back_and_a_snapshot_without_any_carry_no_such_notice(built, tmp_path):
    snapshot = load_snapshot(built)
    assert story_store.story_result(snapshot).snapshot_notices == []
    assert story_store.story_result(snapshot, ["wire-1", "rework-1"]).snapshot_notices == []
    make_snapshot(tmp_path / "old", [ORIGINAL, REWORK, UNRELATED])         # built before stories were stored
    older = story_store.story_result(load_snapshot(tmp_path / "old"))
    assert older.stories and older.snapshot_notices == [] and older.to_dict()["notices"] == []


def test_the_cli_says_the_stories_are_grouped_now_in_json_and_on_stderr(built):
    stories_stored_by_another_version(built)
    stories = run_newslens("--data", str(built), "stories", "--json")
    timeline_run = run_newslens("--data", str(built), "timeline", "--json")
    for run in (stories, timeline_run):
        assert run.returncode == 0, run.stderr
        (notice,) = json.loads(run.stdout)["notices"]
        assert notice.startswith("The stories are grouped now (1), not read from the snapshot, which stores 1 ")
        assert run.stderr == f"note: {notice}\n"
    text = run_newslens("--data", str(built), "stories")
    assert "grouped now" in text.stderr and "grouped now" not in text.stdout


def test_the_cli_says_nothing_when_it_reads_the_stored_stories(built):
    run = run_newslens("--data", str(built), "stories", "--json")
    assert run.returncode == 0 and run.stderr == "" and json.loads(run.stdout)["notices"] == []


def test_a_shared_servers_regrouped_notice_shows_no_server_paths(built, monkeypatch):
    """A reviewer of the diff: in read-only mode (a team's server) the notice still ended with the
    rebuild command, its --raw and --out naming the server's folders."""
    stories_stored_by_another_version(built)
    monkeypatch.setenv("NEWSLENS_READ_ONLY", "1")
    (notice,) = story_store.story_result(load_snapshot(built)).snapshot_notices
    assert notice.endswith("other grouping settings.") and "--raw" not in notice and str(built) not in notice
