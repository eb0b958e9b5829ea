"""A researcher's verdicts on story grouping (``story_judgements.yaml``), applied to the stories every
view reads, at once and with no rebuild.

The grouping's wrong pairs on real sets join related events (the next step of one case, a claim and
its rebuttal), which its evidence cannot tell apart, and it misses most re-reports across languages.
A researcher who has read two reports says which they are, once, and every view (Compare, Timeline,
Articles, ``python -m newslens stories``) shows the stories with that said:

- "different": the two never share a story. A story holding both loses the report most verdicts
  contradict (the later one in the story's order among equals), until none is left inside; the
  reports taken out stand alone, or join what a "same" verdict joins them to.
- "same": the two share a story, their stories (or lone reports) merged, unless a "different"
  verdict stands between the two sides (a conflict, reported). The pair links at confidence 1.0,
  so a story whose every report a verdict joins is sure.

The file's format and writing belong to the pipeline (``pipeline.judgements``), as the reader's
corrections do; the verdicts name files, mapped here to the snapshot's article ids.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from newslens.compare import stories as st
from newslens.schema import ArticleCol, ManifestKey
from newslens.store import Snapshot

SAME = "same"
DIFFERENT = "different"


class JudgementError(ValueError):
    """A verdict could not be saved; the message says why and what to do."""


@dataclass(frozen=True)
class Verdict:
    a: str            # article ids, as the snapshot has them
    b: str
    verdict: str
    text: str         # how a view says it: "A and B: different events (by anna, 2026-12-07)"


@dataclass
class Verdicts:
    found: list[Verdict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    key: str = ""     # what the file held: views key their cached stories by it


def raw_folder(snapshot: Snapshot) -> Path | None:
    """The raw folder the snapshot was built from, when it is on this machine (the verdicts live there)."""
    raw = snapshot.manifest.get(ManifestKey.RAW_DIR)
    return Path(str(raw)) if raw and Path(str(raw)).is_dir() else None


def _files(snapshot: Snapshot) -> dict[str, str]:
    """Article id -> its file, relative to the raw folder."""
    articles = snapshot.articles
    if ArticleCol.SOURCE_FILE not in articles:
        return {}
    return {str(a): str(f) for a, f in zip(articles[ArticleCol.ID], articles[ArticleCol.SOURCE_FILE])
            if isinstance(f, str) and f}


def read_verdicts(snapshot: Snapshot) -> Verdicts:
    """The verdicts that apply to this snapshot's articles, with a warning for each that cannot
    (a file it does not hold, an entry that cannot be read)."""
    from pipeline.judgements import judgements_path, load_judgements  # the pipeline owns the format

    raw = raw_folder(snapshot)
    if raw is None or not judgements_path(raw).is_file():
        return Verdicts()
    try:
        key = hashlib.sha256(judgements_path(raw).read_bytes()).hexdigest()
    except OSError as exc:
        return Verdicts(warnings=[f"story_judgements.yaml could not be read ({type(exc).__name__}); "
                                  "no story judgement applied"])
    judgements, warnings = load_judgements(raw)
    id_of = {f: a for a, f in _files(snapshot).items()}
    found = []
    for j in judgements:
        missing = [f for f in (j.a, j.b) if f not in id_of]
        if missing:
            warnings.append(f"story_judgements.yaml: {', '.join(missing)} is not in this snapshot (removed, renamed "
                            f"or not built yet); the verdict on it is not applied")
            continue
        a, b = id_of[j.a], id_of[j.b]
        said = "one event" if j.verdict == SAME else "different events"
        who = ", ".join(filter(None, (f"by {j.by}" if j.by else "", j.at)))
        found.append(Verdict(a, b, j.verdict, f"{a} and {b}: {said}" + (f" ({who})" if who else "")
                             + (f": {j.note}" if j.note else "")))
    return Verdicts(found, warnings, key)


def verdicts_key(snapshot: Snapshot) -> str:
    """What the verdicts file holds now ("" when there is none), read cheaply on every rerun: part of
    every cached story view's key, so a verdict saved anywhere shows at once."""
    from pipeline.judgements import judgements_path

    raw = raw_folder(snapshot)
    try:
        return hashlib.sha256(judgements_path(raw).read_bytes()).hexdigest() if raw is not None else ""
    except OSError:
        return ""


def apply_verdicts(result: st.StoryResult, snapshot: Snapshot, verdicts: Verdicts,
                   article_ids: list[str] | None = None) -> st.StoryResult:
    """The stories as the verdicts have them (see the module doc); ``result`` unchanged when none
    applies. ``article_ids``: the articles a filtered view shows (``result`` grouped among them): a
    verdict on another article is left out there."""
    notices = list(verdicts.warnings)
    if article_ids is not None:
        shown = set(article_ids)
        verdicts = dataclasses.replace(verdicts, found=[v for v in verdicts.found if v.a in shown and v.b in shown])
    if not verdicts.found:
        return dataclasses.replace(result, notices=list(result.notices) + notices) if notices else result
    apart = {frozenset((v.a, v.b)): v for v in verdicts.found if v.verdict == DIFFERENT}
    changed: dict[int, list[Verdict]] = {}       # story position -> the verdicts that changed it
    groups: list[list[str]] = []
    for n, story in enumerate(result.stories):
        members, out = _split(list(story.article_ids), set(apart))
        groups.append(members)
        if out:
            changed[n] = [v for p, v in apart.items() if p & set(out) and p <= set(story.article_ids)]
    # "same": lone reports and stories merged, never across a "different" verdict
    owner = {a: n for n, members in enumerate(groups) for a in members}
    for v in (v for v in verdicts.found if v.verdict == SAME):
        for a in (v.a, v.b):
            if a not in owner:
                owner[a] = len(groups)
                groups.append([a])
        first, second = owner[v.a], owner[v.b]
        if first == second:
            changed.setdefault(first, []).append(v)
            continue
        if any(frozenset((x, y)) in apart for x in groups[first] for y in groups[second]):
            notices.append(f"story_judgements.yaml: {v.text} is not applied: a \"different\" verdict keeps "
                           "the two sides apart")
            continue
        groups[first] += groups[second]
        for a in groups[second]:
            owner[a] = first
        changed[first] = changed.get(first, []) + changed.pop(second, []) + [v]
        groups[second] = []
    stories = [story for n, story in enumerate(result.stories) if n not in changed and groups[n]]
    stories += [_judged_story(snapshot, result, groups[n], said) for n, said in changed.items() if len(groups[n]) >= 2]
    stories.sort(key=lambda s: (-len(s.article_ids), s.article_ids[0]))
    return dataclasses.replace(result, stories=stories, notices=list(result.notices) + notices)


def _split(members: list[str], apart: set[frozenset]) -> tuple[list[str], list[str]]:
    """A story's members with the reports "different" verdicts take out, and those reports."""
    out: list[str] = []
    while inside := [p for p in apart if p <= set(members)]:
        counts = Counter(a for p in inside for a in p)
        worst = max(members, key=lambda a: (counts[a], members.index(a)))
        members.remove(worst)
        out.append(worst)
    return members, out


def _judged_story(snapshot: Snapshot, result: st.StoryResult, members: list[str], said: list[Verdict]) -> st.Story:
    """A story the verdicts changed: the grouping's links among its members kept, the pairs a
    "same" verdict joins linked at 1.0 with their evidence, related stories that stay apart kept."""
    inside = set(members)
    old = [s for s in result.stories if inside & set(s.article_ids)]
    kept = [lk for s in old for lk in s.links if lk.a in inside and lk.b in inside]
    joined = {frozenset((v.a, v.b)) for v in said if v.verdict == SAME}
    have = {frozenset((lk.a, lk.b)) for lk in kept}
    fresh = st.links_between(snapshot, [tuple(sorted(p)) for p in joined - have])
    links = [_decided(lk) if frozenset((lk.a, lk.b)) in joined else lk for lk in kept + fresh]
    texts = list(dict.fromkeys(v.text for v in said))
    story = st.story_of(snapshot, members, links,
                        "Corrected by a researcher (story_judgements.yaml): " + "; ".join(texts) + ".")
    story.judged = texts
    story.related = [r for s in old for r in s.related if not inside & set(r.article_ids)]
    return story


def _decided(link: st.StoryLink) -> st.StoryLink:
    """A pair a researcher said is one event: linked, sure, its evidence kept for the record."""
    return dataclasses.replace(link, linked=True, confidence=1.0)


def _pairs_of_files(snapshot: Snapshot, pairs: list[tuple[str, str]]) -> tuple[Path, list[tuple[str, str]]]:
    """The raw folder and each pair of article ids as the pair of their files; ``JudgementError``
    when the verdicts cannot be kept (read-only, no raw folder here, an article with no file)."""
    from newslens import config

    if config.read_only():
        raise JudgementError("this app is read-only (NEWSLENS_READ_ONLY): story judgements are not saved")
    raw = raw_folder(snapshot)
    if raw is None:
        raise JudgementError(f"the raw folder this snapshot was built from "
                             f"({snapshot.manifest.get(ManifestKey.RAW_DIR) or 'unknown'}) is not on this machine; "
                             "story judgements are saved next to the raw articles")
    files = _files(snapshot)
    missing = sorted({a for pair in pairs for a in pair if a not in files})
    if missing:
        raise JudgementError(f"no source file is known for {', '.join(missing)}: a verdict names articles by their files")
    return raw, [(files[a], files[b]) for a, b in pairs]


def save_verdicts(snapshot: Snapshot, pairs: list[tuple[str, str]], verdict: str, by: str = "",
                  note: str = "") -> Path:
    """Record ``verdict`` (``SAME`` or ``DIFFERENT``) on each pair of article ids, dated today; the
    newest verdict on a pair replaces the older."""
    from pipeline.judgements import Judgement, save_judgements

    if not pairs:
        raise JudgementError("no pair of articles to judge")
    raw, files = _pairs_of_files(snapshot, pairs)
    try:
        found = [Judgement.of(a, b, verdict, by, dt.date.today().isoformat(), note) for a, b in files]
        return save_judgements(raw, found)
    except (OSError, ValueError) as exc:
        raise JudgementError(f"could not save the verdict: {exc}") from None


def forget_verdicts(snapshot: Snapshot, pairs: list[tuple[str, str]]) -> int:
    """Remove the verdicts on these pairs of article ids; how many went."""
    from pipeline.judgements import forget_judgements

    raw, files = _pairs_of_files(snapshot, pairs)
    try:
        return forget_judgements(raw, files)
    except (OSError, ValueError) as exc:
        raise JudgementError(f"could not forget the verdict: {exc}") from None


def verdicts_on(verdicts: Verdicts, article_ids: list[str]) -> list[Verdict]:
    """The verdicts that name any of these articles (what a view of them lists, to be undone)."""
    wanted = set(article_ids)
    return [v for v in verdicts.found if v.a in wanted or v.b in wanted]
