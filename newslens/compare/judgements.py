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
from dataclasses import dataclass, field
from pathlib import Path

from newslens.compare import stories as st
from newslens.schema import ArticleCol, ManifestKey, SnapshotFile
from newslens.store import Snapshot

SAME = "same"
DIFFERENT = "different"


class JudgementError(ValueError):
    """A verdict could not be saved; the message says why and what to do."""


NOTICE_PREFIX = "story_judgements.yaml"      # every notice about the verdicts starts so (views pick them out)


@dataclass(frozen=True)
class Verdict:
    a: str            # article ids, as the snapshot has them
    b: str
    verdict: str
    text: str         # how a view says it: "A and B: different events (by anna, 2026-12-07)"
    a_file: str = ""  # the two files, as the verdicts file names them
    b_file: str = ""
    by: str = ""
    at: str = ""
    note: str = ""

    @property
    def pair(self) -> frozenset[str]:
        return frozenset((self.a, self.b))

    def record(self) -> dict:
        """As ``judge --json`` gives it."""
        return {"a": self.a, "b": self.b, "verdict": self.verdict, "a_file": self.a_file, "b_file": self.b_file,
                "by": self.by, "at": self.at, "note": self.note, "text": self.text}


@dataclass
class Verdicts:
    found: list[Verdict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    key: str = ""     # what the file held: views key their cached stories by it


def _files(snapshot: Snapshot) -> dict[str, str]:
    """Article id -> its file, relative to the raw folder."""
    articles = snapshot.articles
    if ArticleCol.SOURCE_FILE not in articles:
        return {}
    return {str(a): str(f) for a, f in zip(articles[ArticleCol.ID], articles[ArticleCol.SOURCE_FILE])
            if isinstance(f, str) and f}


# Verdicts read, by snapshot and the file's state (inode, size, time): every page run asks, and at
# 100k articles mapping 1,000 verdicts to ids took 0.3 s (review, session 36). A save replaces the
# file (a new inode), so a changed file is never served from here.
_READ: dict[tuple, Verdicts] = {}


def read_verdicts(snapshot: Snapshot) -> Verdicts:
    """The verdicts that apply to this snapshot's articles, with a warning for each that cannot
    (a file it does not hold, an entry that cannot be read, a file that is a link or too large)."""
    from pipeline.judgements import judgements_path  # the pipeline owns the format

    raw = snapshot.raw_dir_here
    if raw is not None:
        return _read_file(snapshot, judgements_path(raw))
    carried = carried_verdicts(snapshot)
    if carried is None:
        return Verdicts()
    found = _read_file(snapshot, carried)
    notice = (f"{NOTICE_PREFIX}: the raw folder this snapshot was built from is not on this machine; the "
              f"stories show the verdicts as its build found them "
              f"({snapshot.manifest.get(ManifestKey.BUILT_AT, 'when it was built')}), which cannot be changed here")
    return dataclasses.replace(found, warnings=[notice, *found.warnings])


def carried_verdicts(snapshot: Snapshot) -> Path | None:
    """The copy of the verdicts the build carried into the snapshot (``SnapshotFile.JUDGEMENTS``), when it
    did: what a snapshot moved without its raw folder shows."""
    info = snapshot.manifest.get(ManifestKey.STORY_JUDGEMENTS)
    if not isinstance(info, dict) or info.get("file") != SnapshotFile.JUDGEMENTS:
        return None
    path = snapshot.path / SnapshotFile.JUDGEMENTS
    return path if path.is_file() else None


def _read_file(snapshot: Snapshot, path: Path) -> Verdicts:
    """``read_verdicts`` of one file: the raw folder's, or the snapshot's copy."""
    from pipeline.judgements import MAX_FILE_BYTES

    if path.is_symlink():
        return Verdicts(warnings=[f"{NOTICE_PREFIX} is a link; it is not read (the raw folder is a boundary)"],
                        key="link")
    try:
        state = path.stat()
    except OSError:
        return Verdicts()
    read_key = (str(snapshot.path), snapshot.snapshot_id, state.st_ino, state.st_size, state.st_mtime_ns)
    cached = _READ.get(read_key)        # (another session's thread may clear it meanwhile)
    if cached is not None:
        return cached
    if state.st_size > MAX_FILE_BYTES:
        found = Verdicts(warnings=[f"{NOTICE_PREFIX} is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB; "
                                   "no story judgement applied"], key=f"large-{state.st_size}")
    else:
        found = _read(snapshot, path)
    if len(_READ) > 8:
        _READ.clear()
    _READ[read_key] = found
    return found


def _read(snapshot: Snapshot, path: Path) -> Verdicts:
    """The verdicts of the file's bytes, read once: the key they are cached under is the hash of the
    very text parsed (a save between two reads stored new verdicts under the old hash)."""
    from pipeline.judgements import judgements_of, parse_text

    try:
        raw = path.read_bytes()
        key = hashlib.sha256(raw).hexdigest()
        _, entries = parse_text(raw.decode("utf-8"))
        judgements, warnings = judgements_of(entries)
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        why = str(exc) if isinstance(exc, ValueError) else f"{NOTICE_PREFIX} could not be read ({type(exc).__name__})"
        return Verdicts(warnings=[f"{why}; no story judgement applied"], key=f"unread-{type(exc).__name__}")
    id_of = {f: a for a, f in _files(snapshot).items()}
    found = []
    for j in judgements:
        missing = [f for f in (j.a, j.b) if f not in id_of]
        if missing:
            warnings.append(f"{NOTICE_PREFIX}: {', '.join(missing)} is not in this snapshot (removed, renamed "
                            f"or not built yet); the verdict on it is not applied")
            continue
        a, b = id_of[j.a], id_of[j.b]
        said = "one event" if j.verdict == SAME else "different events"
        # (a signed-in author's address is kept; every view says its name part only, as a build's starter)
        who = ", ".join(filter(None, (f"by {j.by.partition('@')[0] or j.by}" if j.by else "", j.at)))
        found.append(Verdict(a, b, j.verdict, f"{a} and {b}: {said}" + (f" ({who})" if who else "")
                             + (f": {j.note}" if j.note else ""), j.a, j.b, j.by, j.at, j.note))
    return Verdicts(found, warnings, key)


def verdicts_key(snapshot: Snapshot) -> str:
    """What the verdicts file holds now ("" when there is none): part of every cached story view's
    key, so a verdict saved anywhere shows at once (read once per file state, ``read_verdicts``)."""
    return read_verdicts(snapshot).key


def apply_verdicts(result: st.StoryResult, snapshot: Snapshot, verdicts: Verdicts,
                   article_ids: list[str] | None = None) -> st.StoryResult:
    """The stories as the verdicts have them (see the module doc); ``result`` unchanged when none
    applies. ``article_ids``: the articles a filtered view shows (``result`` grouped among them): a
    verdict on another article is left out there. A "same" verdict a "different" one blocks is a
    notice (``NOTICE_PREFIX``), as is each warning of the file."""
    notices = list(verdicts.warnings)
    found = verdicts.found
    if article_ids is not None:
        shown = set(article_ids)
        found = [v for v in found if v.a in shown and v.b in shown]
    if not found:
        return dataclasses.replace(result, notices=list(result.notices) + notices) if notices else result
    apart: dict[str, set[str]] = {}          # article -> those a "different" verdict keeps it from
    for v in found:
        if v.verdict == DIFFERENT:
            apart.setdefault(v.a, set()).add(v.b)
            apart.setdefault(v.b, set()).add(v.a)
    said = {v.pair: v for v in found}
    changed: dict[int, list[Verdict]] = {}       # story position -> the verdicts that changed it
    groups: list[list[str]] = []
    for n, story in enumerate(result.stories):
        members, out = _split(list(story.article_ids), apart)
        groups.append(members)
        if out:
            inside = set(story.article_ids)
            changed[n] = [said[frozenset((x, y))] for x in out for y in apart[x] if y in inside]
    # "same": lone reports and stories merged, never across a "different" verdict
    owner = {a: n for n, members in enumerate(groups) for a in members}
    for v in (v for v in found if v.verdict == SAME):
        for a in (v.a, v.b):
            if a not in owner:
                owner[a] = len(groups)
                groups.append([a])
        first, second = owner[v.a], owner[v.b]
        if first == second:
            changed.setdefault(first, []).append(v)
            continue
        if any(apart.get(x, set()).intersection(groups[second]) for x in groups[first]):
            notices.append(f"{NOTICE_PREFIX}: {v.text} is not applied: a \"different\" verdict keeps the two "
                           "sides apart")
            continue
        groups[first] += groups[second]
        for a in groups[second]:
            owner[a] = first
        changed[first] = changed.get(first, []) + changed.pop(second, []) + [v]
        groups[second] = []
    stories = [story for n, story in enumerate(result.stories) if n not in changed and groups[n]]
    specs, related = [], []
    first_story = {a: n for n, s in enumerate(result.stories) for a in s.article_ids}   # (not a scan per story)
    for n, verdicts_here in changed.items():
        if len(groups[n]) < 2:
            continue
        inside = set(groups[n])
        old = [result.stories[i] for i in sorted({first_story[a] for a in inside if a in first_story})]
        kept = [lk for s in old for lk in s.links if lk.a in inside and lk.b in inside]
        texts = list(dict.fromkeys(v.text for v in verdicts_here))
        joined = [(v.a, v.b) for v in verdicts_here if v.verdict == SAME and v.a in inside and v.b in inside]
        specs.append((groups[n], kept, joined, "Corrected by a researcher (story_judgements.yaml): "
                      + "; ".join(texts) + "."))
        related.append((texts, [r for s in old for r in s.related if not inside & set(r.article_ids)]))
    for story, (texts, kept_related) in zip(st.rebuilt_stories(snapshot, specs), related):
        story.judged, story.related = texts, kept_related
        stories.append(story)
    stories.sort(key=lambda s: (-len(s.article_ids), s.article_ids[0]))
    return dataclasses.replace(result, stories=stories, notices=list(result.notices) + notices)


def _split(members: list[str], apart: dict[str, set[str]]) -> tuple[list[str], list[str]]:
    """A story's members with the reports "different" verdicts take out, and those reports: the one
    most verdicts contradict first (the later in the story's order among equals)."""
    out: list[str] = []
    while True:
        inside = set(members)
        counts = {a: len(apart.get(a, set()) & inside) for a in members}
        if not any(counts.values()):
            return members, out
        worst = max(members, key=lambda a: (counts[a], members.index(a)))
        members.remove(worst)
        out.append(worst)


def verdict_notices(result: st.StoryResult) -> list[str]:
    """What ``result``'s notices say of the verdicts (one not applied, a file not read): shown with the
    notices about the stories as a whole on every view."""
    return [n for n in result.notices if n.startswith(NOTICE_PREFIX)]


def not_applied(result: st.StoryResult, pairs: list[tuple[str, str]], verdict: str) -> list[tuple[str, str]]:
    """The pairs whose ``verdict`` the stories ``result`` do not show (a "same" a "different" verdict
    blocks): what a save must say it could not do."""
    owner = {a: n for n, s in enumerate(result.stories) for a in s.article_ids}
    together = [owner.get(a) is not None and owner.get(a) == owner.get(b) for a, b in pairs]
    return [p for p, t in zip(pairs, together) if t != (verdict == SAME)]


def _pairs_of_files(snapshot: Snapshot, pairs: list[tuple[str, str]]) -> tuple[Path, list[tuple[str, str]]]:
    """The raw folder and each pair of article ids as the pair of their files; ``JudgementError``
    when the verdicts cannot be kept (read-only, no raw folder here, an article with no file)."""
    from newslens import config

    if config.read_only():
        raise JudgementError("this app is read-only (NEWSLENS_READ_ONLY): story judgements are not saved")
    raw = snapshot.raw_dir_here
    if raw is None:
        raise JudgementError(f"the raw folder this snapshot was built from "
                             f"({snapshot.raw_dir or 'unknown'}) is not on this machine; "
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
