"""Stories grouped once by the pipeline, stored in the snapshot, read back by every page.

Grouping a corpus into stories compares thousands of article pairs; at 100k articles that takes
minutes, far too long for a page load. So the build calls the one grouping function
(``stories.group_stories``) over the whole corpus and stores its result (``stories.parquet``,
``StoryCol``; the result's notices in the manifest). Pages read it back here:

- a snapshot with stored stories, built under the same grouping settings as the app now has,
  is read, never regrouped;
- an older snapshot without them, or one built before ``config/stories.yaml`` (or the story
  thresholds) changed, is grouped live, as before, so an edited rule always takes effect;
- with sidebar filters, a story shows the members that pass them (at least two), with its
  first reporter and lags recomputed among those and its explanation saying how many of its
  articles the filters hide. A story is a fact about the corpus; a filter only hides part of it.

Stories are stored field by field (``dataclasses.asdict``), so evidence kinds added to the
grouping later are stored and read back without a change here.
"""
from __future__ import annotations

import ast
import dataclasses
import functools
import hashlib
import json
from pathlib import Path
from typing import Any, Iterable

import numpy as np
import pandas as pd

from newslens import config, knowledge, languages
from newslens.versions import installed_version
from newslens.compare import anchors
from newslens.compare import evidence as evi
from newslens.compare import judgements
from newslens.compare import stories as st
from newslens.dates import publication_order
from newslens.schema import ArticleCol, ManifestKey, SnapshotFile, StoryCol
from newslens.store import Snapshot
from newslens.search.lexical import LEXICAL_VERSION

# Raise when what is stored changes shape (the grouping's code and rules are keyed already): a
# snapshot built before is then grouped live again instead of serving stale stories.
# 2: story confidence is each report's strongest link averaged (issue 10 round 6).
# 3: the first reporter is the window that ends earliest, links are no claims (issue 10 round 7).
STORE_VERSION = 3

# The modules whose code decides the stories and how they are stored: their source, and that of
# every newslens module they import however deep (dates, languages, knowledge...), is part of the
# key, so a snapshot built by other code is grouped live again (a version number to raise by hand
# was forgotten once). Read from their import statements: every file of newslens/ and compare/ was
# hashed, so a change to the CLI or an export re-keyed the stories of every snapshot (review, session 32).
_GROUPING_MODULES = ("newslens.compare.stories", "newslens.compare.story_store")
# Applied to the stories after grouping, not part of it: an edit there regroups nothing (review, session 36).
_APPLIED_AFTER = frozenset({"newslens.compare.judgements"})
_PACKAGE_ROOT = Path(__file__).resolve().parent.parent.parent      # the folder holding newslens/


def _source(module: str) -> Path | None:
    """The source file of a newslens module (None: a name imported from a module, not a module)."""
    path = _PACKAGE_ROOT.joinpath(*module.split("."))
    for source in (path / "__init__.py", path.with_suffix(".py")):
        if source.is_file():
            return source
    return None


def _imported(source: Path, module: str) -> set[str]:
    """The newslens modules (or names in them) ``source`` imports, at any depth of its code."""
    package = module if source.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:                                    # relative: from its own package up
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}" if base else parent
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return {name for name in found if name == "newslens" or name.startswith("newslens.")}


def code_files() -> list[Path]:
    """The source files a stored grouping depends on (``_GROUPING_MODULES`` and what they import),
    in a stable order."""
    files: dict[str, Path] = {}
    todo = list(_GROUPING_MODULES)
    while todo:
        module = todo.pop()
        source = _source(module)
        if source is None or module in files or module in _APPLIED_AFTER:
            continue
        files[module] = source
        todo.extend(sorted(_imported(source, module) - files.keys()))
        # a package's __init__ runs before any of its modules
        todo.extend(parent for parent in _parents(module) if parent not in files)
    return sorted(set(files.values()))


def _parents(module: str) -> list[str]:
    parts = module.split(".")
    return [".".join(parts[:n]) for n in range(1, len(parts))]


@functools.lru_cache(maxsize=1)
def _code_key() -> str:
    digest = hashlib.sha256()
    for source in code_files():
        digest.update(source.read_bytes())
    return digest.hexdigest()


def rules_key(model_name: str) -> str:
    """What a stored grouping depends on that a user can change without rebuilding: the rules of
    ``config/stories.yaml`` and the story thresholds (``config/thresholds.yaml``) for this model."""
    settings = {"rules": evi.load_story_rules().raw, "max_days": st.MAX_DAYS, "candidates": st.CANDIDATES,
                "threshold": st.story_threshold(model_name), "store_version": STORE_VERSION, "code": _code_key(),
                # the word lists everyday names are read in (evidence.everyday_weights)
                "wordfreq": installed_version("wordfreq"),
                # the translation pairing's settings (config/thresholds.yaml compare.anchor_*): a pair
                # read as a translation links on fewer specifics (stories._translation)
                "anchors": anchors.SETTINGS,
                # ...which weighs names by the word index's terms (newslens.search.lexical's tokeniser)
                "word_index": LEXICAL_VERSION,
                # the figures and dates stories compare are read by config/claims.yaml's words (number
                # words, year and unit words, qualifiers): an edit there alone must regroup too
                "claims": knowledge.file_settings("claims.yaml")}
    shift = languages.model_shift(model_name)
    if shift:
        # config/models.yaml: lowers the story evidence's bars across languages and picks the
        # language-centred candidates (keys of models without one stay as they were)
        settings["cross_language_shift"] = shift
    return hashlib.sha256(json.dumps(settings, sort_keys=True, default=str).encode("utf-8")).hexdigest()


# --- writing (called by the pipeline) ---------------------------------------------------------

def _plain(value: Any) -> Any:
    """JSON for numpy scalars and arrays the grouping may leave in a story."""
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    raise TypeError(f"cannot store {type(value).__name__} in a story")


def stories_table(result: st.StoryResult) -> pd.DataFrame:
    """One row per story (``StoryCol``), in the result's order."""
    return pd.DataFrame({
        StoryCol.ID: [s.id for s in result.stories],
        StoryCol.ARTICLE_IDS: [json.dumps(list(s.article_ids), ensure_ascii=False) for s in result.stories],
        StoryCol.RECORD: [json.dumps(dataclasses.asdict(s), ensure_ascii=False, default=_plain)
                          for s in result.stories],
    }, columns=list(StoryCol.ALL)).astype(object)


def manifest_info(result: st.StoryResult, model_name: str, seconds: float, key: str | None = None) -> dict[str, Any]:
    """The manifest's ``stories`` entry: the result's notices and what the grouping ran under."""
    return json.loads(json.dumps({
        "file": SnapshotFile.STORIES, "count": len(result.stories), "seconds": round(seconds, 2),
        "rules_key": rules_key(model_name), "key": key, "notices": list(result.notices),
        "not_compared_by_meaning": dict(result.not_compared_by_meaning),
        "not_compared_by_meaning_ids": list(result.not_compared_by_meaning_ids),
    }, default=_plain))


# --- reading ----------------------------------------------------------------------------------

@functools.cache
def _field_names(cls: type) -> frozenset[str]:
    return frozenset(f.name for f in dataclasses.fields(cls))


def _build(cls: type, data: dict[str, Any]) -> Any:
    """A dataclass from its ``asdict`` form; fields it no longer has are ignored, new ones default."""
    names = _field_names(cls)
    return cls(**{k: v for k, v in data.items() if k in names})


def _evidence(data: dict[str, Any]) -> evi.Evidence:
    # Evidence holds tuples only; the stored (JSON) form gives them back as lists.
    return _build(evi.Evidence, {k: tuple(v) if isinstance(v, list) else v for k, v in data.items()})


def story_from_record(record: str) -> st.Story:
    """A ``Story`` from its stored JSON."""
    data = json.loads(record)
    links = [_build(st.StoryLink, {**lk, "evidence": _evidence(lk.get("evidence") or {})})
             for lk in data.get("links", [])]
    related = [_build(st.RelatedStory, {**r, "via": tuple(r.get("via") or ("", ""))}) for r in data.get("related", [])]
    return _build(st.Story, {**data, "links": links, "related": related})


def stored_result(snapshot: Snapshot, any_rules: bool = False) -> st.StoryResult | None:
    """The stories the pipeline stored, when there are some and the grouping settings have not
    changed since the build (``any_rules``: whatever they were grouped under); None means: group
    them live. Read once per snapshot (10k stories take seconds to read back); callers get their
    own copy of the list, sharing the stories."""
    info = snapshot.manifest.get(ManifestKey.STORIES)
    if snapshot.stories is None or not isinstance(info, dict):
        return None
    if not any_rules and info.get("rules_key") != rules_key(snapshot.model_name):
        return None
    key = (str(snapshot.path), snapshot.snapshot_id, id(snapshot.stories))
    if key not in _READ:
        _READ.clear()                      # one snapshot at a time: the app shows the current one
        stories = [story_from_record(r) for r in snapshot.stories[StoryCol.RECORD]]
        _READ[key] = st.StoryResult(stories, list(info.get("notices") or []),
                                    dict(info.get("not_compared_by_meaning") or {}),
                                    list(info.get("not_compared_by_meaning_ids") or []))
    read = _READ[key]
    # The notices are worded again from their counts: their rebuild hint comes from
    # config/models.yaml (coverage_words), which neither the rules key nor the build's reuse key covers.
    notices = st.language_notices(read.not_compared_by_meaning, snapshot.model_name)
    if notices != read.notices:
        read = _READ[key] = st.StoryResult(
            [dataclasses.replace(s, notices=list(notices)) if s.notices else s for s in read.stories], notices,
            read.not_compared_by_meaning, read.not_compared_by_meaning_ids)
    return st.StoryResult(list(read.stories), list(read.notices), dict(read.not_compared_by_meaning),
                          list(read.not_compared_by_meaning_ids))


_READ: dict[tuple, st.StoryResult] = {}


def restrict(result: st.StoryResult, articles: pd.DataFrame, visible: Iterable[str], model_name: str) -> st.StoryResult:
    """The stories as seen through a filter that keeps only ``visible`` articles (see module doc);
    the notice counts the visible articles the model does not compare by meaning, as a live
    grouping of those articles would."""
    keep = set(visible)
    meta = articles.set_index(ArticleCol.ID)
    shown: list[st.Story] = []
    for story in result.stories:
        members = [a for a in story.article_ids if a in keep]
        if len(members) == len(story.article_ids):
            shown.append(story)
        elif len(members) >= 2:
            shown.append(_part(story, members, meta))
    shown.sort(key=lambda s: (-len(s.article_ids), s.article_ids[0]))
    outside = [a for a in result.not_compared_by_meaning_ids if a in keep]
    if len(outside) == len(result.not_compared_by_meaning_ids):
        return st.StoryResult(shown, list(result.notices), dict(result.not_compared_by_meaning), outside)
    judged = [n for n in result.notices if n.startswith(judgements.NOTICE_PREFIX)]   # (not about languages)
    outside_languages = meta.loc[outside, ArticleCol.LANGUAGE] if outside else pd.Series(dtype=object)
    counts = languages.language_counts(outside_languages.tolist())
    notices, outside_ids = st.language_notices(counts, model_name), set(outside)

    def noticed(story: st.Story) -> st.Story:
        wanted = notices if outside_ids.intersection(story.article_ids) else []
        return story if story.notices == wanted else dataclasses.replace(story, notices=list(wanted))

    return st.StoryResult([noticed(s) for s in shown], notices + judged, counts, outside)


def _part(story: st.Story, members: list[str], meta: pd.DataFrame) -> st.Story:
    """The visible members of a story, ordered and lagged among themselves (newslens.dates)."""
    rows = meta.loc[members]
    order = publication_order(zip(members, rows[ArticleCol.DATE_START], rows[ArticleCol.DATE_END],
                                  rows[ArticleCol.PUBLISHED_AT]))
    inside = set(members)
    hidden = len(story.article_ids) - len(members)
    links = [lk for lk in story.links if lk.a in inside and lk.b in inside]
    return dataclasses.replace(
        story, article_ids=order.article_ids, first_reporter=order.first, first_reporter_certain=order.certain,
        lags=dict(order.lags), lag_hours=dict(order.hours), links=links,
        # as firmly attached as the links among those shown say (as a story grouped live on them would be)
        confidence=round(st.story_confidence(order.article_ids, links, story.by_hand), 3),
        explanation=(f"{len(members)} of this story's {len(story.article_ids)} articles pass the filters "
                     f"({hidden} hidden; first reporter and lags are among those shown). " + story.explanation))


def grouping(stories: Iterable[st.Story]) -> set[tuple[frozenset[str], float]]:
    """What a reader of the stories sees of a grouping: each story's articles and confidence."""
    return {(frozenset(s.article_ids), round(s.confidence, 3)) for s in stories}


def regrouped_notice(snapshot: Snapshot, live: st.StoryResult, article_ids: list[str] | None) -> str | None:
    """What a view says when it groups stories live although the snapshot stores some (grouped
    under other rules or code, see ``rules_key``) and they differ: the counts or the members
    would differ and nothing else would tell. None when the snapshot stores none (built before
    stories were stored, or its grouping failed and the build said so): grouping live is then the
    normal case; None too when the stories grouped now are the stored ones (same articles, same
    confidences, through the same filter): any code change re-keys the stored stories, and a
    notice on every page after every upgrade, with nothing changed, taught users to ignore it
    (review, session 32)."""
    if snapshot.stories is None or not isinstance(snapshot.manifest.get(ManifestKey.STORIES), dict):
        return None
    filtered = article_ids is not None and not set(snapshot.articles[ArticleCol.ID]).issubset(article_ids)
    if _stored_grouping(snapshot, article_ids if filtered else None) == grouping(live.stories):
        return None
    shown = len(live.stories)
    count = f"{shown} among the articles the filters keep" if filtered else f"{shown}"
    return (f"The stories are grouped now ({count}), not read from the snapshot, which stores {len(snapshot.stories)} "
            "grouped by another version of NewsLens or other grouping settings."
            # a shared server's visitors get no server paths and no command to run (read-only mode)
            + ("" if config.read_only() else
               " To store the current grouping, rebuild the snapshot (paragraphs already embedded are not "
               f"embedded again): {snapshot.rebuild_command()}"))


def _stored_grouping(snapshot: Snapshot, article_ids: list[str] | None) -> set | None:
    """``grouping`` of the stored stories (as seen through a filter keeping ``article_ids``), None
    when this code cannot read them back (stored by a version of another shape: they differ)."""
    try:
        stored = stored_result(snapshot, any_rules=True)
        if stored is not None and article_ids is not None:
            stored = restrict(stored, snapshot.articles, article_ids, snapshot.model_name)
    except (TypeError, ValueError, KeyError, AttributeError):
        return None
    return None if stored is None else grouping(stored.stories)


def story_result(snapshot: Snapshot, article_ids: Iterable[str] | None = None,
                 verdicts: judgements.Verdicts | None = None) -> st.StoryResult:
    """Stories of the snapshot, or of the articles ``article_ids`` (the sidebar's filter): stored
    ones when the build grouped them under today's settings, else grouped now, saying so when the
    snapshot stores others (``regrouped_notice``); a researcher's verdicts applied to either
    (``newslens.compare.judgements``; ``verdicts``: as the caller read them, the ones its cache is
    keyed by), so they show at once, with no rebuild."""
    if verdicts is None:
        verdicts = judgements.read_verdicts(snapshot)
    stored = stored_result(snapshot)
    if stored is None:
        ids = None if article_ids is None else list(article_ids)
        live = st.group_stories(snapshot, article_ids=ids)
        notice = regrouped_notice(snapshot, live, ids)      # (the grouping's own stories against the stored)
        live = judgements.apply_verdicts(live, snapshot, verdicts, ids)
        return dataclasses.replace(live, snapshot_notices=[notice]) if notice else live
    judged = _judged(stored, snapshot, verdicts)
    if article_ids is None:
        return judged
    return restrict(judged, snapshot.articles, article_ids, snapshot.model_name)


def _judged(stored: st.StoryResult, snapshot: Snapshot, verdicts: judgements.Verdicts) -> st.StoryResult:
    """The stored stories with the verdicts applied, once per snapshot and verdicts file (a story a
    verdict changed reads the evidence of its pairs again)."""
    if not verdicts.found and not verdicts.warnings:
        return stored
    key = (str(snapshot.path), snapshot.snapshot_id, id(snapshot.stories), verdicts.key)
    if key not in _JUDGED:
        _JUDGED.clear()
        _JUDGED[key] = judgements.apply_verdicts(stored, snapshot, verdicts)
    found = _JUDGED[key]
    return st.StoryResult(list(found.stories), list(found.notices), dict(found.not_compared_by_meaning),
                          list(found.not_compared_by_meaning_ids))


_JUDGED: dict[tuple, st.StoryResult] = {}
