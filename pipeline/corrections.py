"""A researcher's corrections to cleaning, kept in the raw folder so they survive every rebuild.

Cleaning is rule-based and sometimes wrong: a paragraph of the article removed as furniture, or a
line of furniture kept as content. The reader saves the researcher's verdict to
``<raw>/corrections.yaml``; every build applies it after cleaning:

```yaml
corrections:
  - file: 2023/some-article.txt          # the article's file, relative to the raw folder
    text: "The paragraph as the reader shows it."
    action: restore                      # restore (it is content) | remove (it is furniture)
    note: optional, why
```

A correction names the paragraph by its text, not by a position or an id that a change in the
rules could shift. One that matches nothing (the text was edited, the file removed) is reported
in the build's warnings, never silently dropped; a malformed file is reported and ignored, so a
typo never costs the researcher a build.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

from newslens.fsutil import write_atomic_text
from newslens.schema import RESTORED, ArticleCol, Kind, ParagraphCol
from pipeline.clean import is_quotation, normalise
from pipeline.user_yaml import load_user_yaml

CORRECTIONS_NAME = "corrections.yaml"
RESTORE = "restore"
REMOVE = "remove"
ACTIONS = (RESTORE, REMOVE)
REMOVED_BY_RESEARCHER = "marked as furniture by a researcher (corrections.yaml)"


@dataclass(frozen=True)
class Correction:
    file: str
    text: str
    action: str
    note: str = ""


def corrections_path(raw_dir: Path | str) -> Path:
    return Path(raw_dir) / CORRECTIONS_NAME


def load_corrections(raw_dir: Path | str) -> tuple[list[Correction], list[dict]]:
    """The corrections in ``raw_dir`` (none when there is no file) and warnings about bad entries."""
    path = corrections_path(raw_dir)
    if not path.is_file():
        return [], []
    where = {"file": CORRECTIONS_NAME}
    try:
        data = load_user_yaml(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        return [], [{**where, "message": f"not read ({type(exc).__name__}); no correction applied"}]
    entries = data.get("corrections") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        return [], [{**where, "message": "expected a list under 'corrections'; no correction applied"}]
    found, warnings = [], []
    for number, entry in enumerate(entries, 1):
        if not isinstance(entry, dict):
            warnings.append({**where, "message": f"entry {number} is not a mapping; ignored"})
            continue
        file, text, action = entry.get("file"), entry.get("text"), entry.get("action")
        if not (isinstance(file, str) and file.strip() and isinstance(text, str) and text.strip()):
            warnings.append({**where, "message": f"entry {number} needs 'file' and 'text'; ignored"})
            continue
        if action not in ACTIONS:
            warnings.append({**where, "message": f"entry {number}: action {action!r} is not one of "
                                                 f"{', '.join(ACTIONS)}; ignored"})
            continue
        found.append(Correction(file.strip(), text, action, str(entry.get("note") or "")))
    return found, warnings


def apply_corrections(paragraphs: pd.DataFrame, articles: pd.DataFrame,
                      corrections: list[Correction]) -> tuple[pd.DataFrame, list[dict]]:
    """Paragraphs with the corrections applied (a new frame), and a warning per unmatched one.

    ``restore`` makes the paragraph searchable content (a quote if it is mostly quotation, else
    body); ``remove`` makes it boilerplate with the reason that a researcher marked it. Every part
    of a long paragraph the pipeline split follows its first part.
    """
    out = paragraphs.copy()
    if not corrections or out.empty:
        return out, []
    ids = articles.set_index(ArticleCol.SOURCE_FILE)[ArticleCol.ID]
    keys = out[ParagraphCol.TEXT].map(normalise)
    warnings = []
    for c in corrections:
        article_id = ids.get(c.file)
        hit = (out[ParagraphCol.ARTICLE_ID] == article_id) & (keys == normalise(c.text)) if article_id else None
        if hit is None or not hit.any():
            warnings.append({"file": CORRECTIONS_NAME, "message": (
                f"{c.action} for {c.file}: no such article" if article_id is None
                else f"{c.action} for {c.file}: no paragraph reads {c.text[:60]!r}; not applied")})
            continue
        positions = set(out.loc[hit, ParagraphCol.POSITION])
        rows = (out[ParagraphCol.ARTICLE_ID] == article_id) & out[ParagraphCol.POSITION].isin(positions)
        if c.action == RESTORE:
            out.loc[rows, ParagraphCol.KIND] = Kind.QUOTE if is_quotation(c.text) else Kind.BODY
            out.loc[rows, ParagraphCol.REASON] = RESTORED
        else:
            out.loc[rows, ParagraphCol.KIND] = Kind.BOILERPLATE
            out.loc[rows, ParagraphCol.REASON] = REMOVED_BY_RESEARCHER
    return out, warnings


def save_correction(raw_dir: Path | str, correction: Correction) -> Path:
    """Add (or replace) the correction for this paragraph in ``<raw>/corrections.yaml``, atomically.

    The newest verdict on a paragraph wins, so "restore" then "remove" leaves one entry. Entries
    the file already holds, valid or not, are kept as they are.
    """
    path = corrections_path(raw_dir)
    data: dict = {}
    if path.is_file():
        loaded = load_user_yaml(path.read_text(encoding="utf-8")) or {}
        if not isinstance(loaded, dict):
            raise ValueError(f"{path} is not a mapping; fix or remove it before saving a correction")
        data = loaded
    entries = data.get("corrections") or []
    if not isinstance(entries, list):
        raise ValueError(f"{path}: 'corrections' is not a list; fix it before saving a correction")
    key = (correction.file, normalise(correction.text))
    entries = [e for e in entries if not (isinstance(e, dict) and (e.get("file"), normalise(str(e.get("text", ""))))
                                          == key)]
    entry = {"file": correction.file, "text": correction.text, "action": correction.action}
    if correction.note:
        entry["note"] = correction.note
    entries.append(entry)
    data["corrections"] = entries
    header = ("# Corrections to cleaning, applied by every build (see pipeline/corrections.py).\n"
              "# restore: the paragraph is article text; remove: it is page furniture.\n")
    write_atomic_text(path, header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100))
    return path
