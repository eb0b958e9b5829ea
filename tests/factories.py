"""Snapshots built in code for tests: tiny, deterministic, embedded with the hashing embedder.

``make_snapshot(data_dir, [ArticleSpec(...), ...])`` writes and publishes a real snapshot through
the pipeline's own writer, so tests read exactly what the app reads.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from newslens.embedder import HashingEmbedder
from newslens.schema import ArticleCol, DatePrecision, Kind, ManifestKey, ParagraphCol
from pipeline.snapshot import write_snapshot

TEST_MODEL = "hashing-64"


@dataclass
class ArticleSpec:
    article_id: str
    outlet: str | None                        # None: the outlet is unknown
    paragraphs: list[str | tuple[str, str]]   # text, or (text, kind)
    published: str | None = "2024-01-15"      # "YYYY-MM-DD", "YYYY-MM", "YYYY" or None
    title: str | None = ""                    # None: no title stored (an untitled page)
    author: str | None = None
    url: str | None = None
    language: str = "en"
    original_source: str | None = None
    domain: str | None = None
    provenance: dict[str, str] = field(default_factory=dict)
    title_note: str | None = None             # why an inferred title won (ArticleCol.TITLE_NOTE)
    published_at: str | None = None           # exact UTC time, "2025-09-25T14:03:00Z" (ArticleCol.PUBLISHED_AT)


def _date_fields(published: str | None) -> tuple[str, pd.Timestamp, pd.Timestamp]:
    if not published:
        return DatePrecision.UNKNOWN, pd.NaT, pd.NaT
    parts = published.split("-")
    start = pd.Timestamp(year=int(parts[0]), month=int(parts[1]) if len(parts) > 1 else 1,
                         day=int(parts[2]) if len(parts) > 2 else 1)
    if len(parts) == 3:
        return DatePrecision.DAY, start, start
    if len(parts) == 2:
        return DatePrecision.MONTH, start, start + pd.offsets.MonthEnd(0)
    return DatePrecision.YEAR, start, start + pd.offsets.YearEnd(0)


def write_file(root: Path, name: str, content: str | bytes) -> Path:
    """Write one raw file (text as UTF-8, bytes as given) under ``root``, creating its folders."""
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def article_frames(specs: list[ArticleSpec]) -> tuple[pd.DataFrame, pd.DataFrame]:
    arows, prows = [], []
    for spec in specs:
        precision, start, end = _date_fields(spec.published)
        texts = [p if isinstance(p, str) else p[0] for p in spec.paragraphs]
        domain = spec.domain or (spec.outlet.lower().replace(" ", "") + ".test" if spec.outlet else None)
        arows.append({
            ArticleCol.ID: spec.article_id, ArticleCol.OUTLET: spec.outlet, ArticleCol.DOMAIN: domain,
            ArticleCol.URL: spec.url or f"https://{domain or 'unknown.test'}/{spec.article_id}",
            ArticleCol.TITLE: None if spec.title is None else spec.title or f"Article {spec.article_id}", ArticleCol.AUTHOR: spec.author,
            ArticleCol.LANGUAGE: spec.language, ArticleCol.PUBLISHED: spec.published,
            ArticleCol.DATE_PRECISION: precision, ArticleCol.DATE_START: start, ArticleCol.DATE_END: end,
            ArticleCol.DATE_RAW: spec.published, ArticleCol.DATE_NOTE: None,
            ArticleCol.ORIGINAL_SOURCE: spec.original_source,
            ArticleCol.PROVENANCE: json.dumps(spec.provenance), ArticleCol.SOURCE_FILE: f"{spec.article_id}.txt",
            ArticleCol.SOURCE_FORMAT: "txt", ArticleCol.ENCODING: "utf-8",
            ArticleCol.CONTENT_HASH: sha("\n".join(texts)), ArticleCol.WARNINGS: "[]",
            ArticleCol.TITLE_NOTE: spec.title_note, ArticleCol.PUBLISHED_AT: spec.published_at,
        })
        for pos, para in enumerate(spec.paragraphs):
            text, kind = (para, Kind.BODY) if isinstance(para, str) else para
            prows.append({
                ParagraphCol.ID: sha(f"{spec.article_id}\n{pos}\n{text}")[:16],
                ParagraphCol.ARTICLE_ID: spec.article_id, ParagraphCol.POSITION: pos,
                ParagraphCol.TEXT: text, ParagraphCol.KIND: kind,
                ParagraphCol.REASON: "" if kind in Kind.CONTENT + (Kind.HEADING,) else "test furniture",
                ParagraphCol.PART: 0, ParagraphCol.CONTENT_HASH: sha(text),
            })
    articles = pd.DataFrame(arows, columns=list(ArticleCol.ALL))
    for col in (ArticleCol.DATE_START, ArticleCol.DATE_END):
        articles[col] = pd.to_datetime(articles[col])
    return articles, pd.DataFrame(prows, columns=list(ParagraphCol.ALL))


def make_snapshot(data_dir: Path, specs: list[ArticleSpec], dim: int = 64, raw_dir: str = "tests",
                  embedder=None) -> Path:
    """Write and publish a snapshot of ``specs``; return its folder. ``embedder``: the hashing one of
    ``dim`` unless a real model is given (tests marked ``model``)."""
    articles, paragraphs = article_frames(specs)
    embedder = embedder or HashingEmbedder(dim)
    dim = embedder.dim
    embeddings = embedder.encode(paragraphs[ParagraphCol.TEXT].tolist()) if len(paragraphs) else np.zeros((0, dim), np.float32)
    content = int(paragraphs[ParagraphCol.KIND].isin(Kind.CONTENT).sum())
    manifest = {
        ManifestKey.SCHEMA_VERSION: 1, ManifestKey.PIPELINE_VERSION: "test",
        ManifestKey.MODEL_NAME: embedder.name, ManifestKey.MODEL_DIM: dim,
        ManifestKey.CORPUS_HASH: sha("".join(articles[ArticleCol.CONTENT_HASH])),
        ManifestKey.COUNTS: {"articles": len(articles), "paragraphs": len(paragraphs),
                             "content_paragraphs": content, "embedded": len(paragraphs), "cached": 0,
                             "quarantined": 0, "duplicates": 0},
        ManifestKey.QUARANTINED: [], ManifestKey.DUPLICATES: [], ManifestKey.WARNINGS: [],
        ManifestKey.RAW_DIR: raw_dir,
    }
    if not isinstance(embedder, HashingEmbedder):
        # A real model's setup, as the pipeline records it: without it the snapshot reads as torch
        # fp32, and a query for a multilingual-e5-small snapshot was refused (bundled engine only).
        manifest[ManifestKey.EMBED_BACKEND] = embedder.setup.backend
        manifest[ManifestKey.EMBED_PRECISION] = embedder.setup.precision
        if embedder.setup.variant:
            manifest[ManifestKey.EMBED_VARIANT] = embedder.setup.variant
    return write_snapshot(data_dir, articles, paragraphs, embeddings, manifest)


# A small corpus in the shapes of the real one: one call re-reported by two outlets, other themes.
SMALL_CORPUS = [
    ArticleSpec("a1", "Outlet A", [
        ("Commander orders troops to shoot their own", Kind.HEADING),
        "A Russian commander near Pokrovsk told his soldiers to shoot anyone who retreats, according to an intercepted call.",
        "\u201cIf anyone runs away, shoot them,\u201d the commander said.",
        ("Also read", Kind.BOILERPLATE),
        "More than 50,000 Russian soldiers have deserted since February 2022.",
    ], published="2025-09-25", original_source="HUR", title="Commander orders troops to shoot their own"),
    ArticleSpec("a2", "Outlet B", [
        "A Russian commander near Pokrovsk ordered soldiers to open fire on comrades attempting to retreat, an alleged intercepted call suggests.",
        "\u201cIf anyone runs away, just shoot them,\u201d the commander can be heard saying.",
        "The outlet could not independently verify the audio.",
    ], published="2025-09-26", original_source="HUR", title="Commander told troops to shoot retreating soldiers"),
    ArticleSpec("a3", "Outlet C", [
        "Soldiers discussed shooting each other in the leg so they would be sent home to hospital.",
        "Morale in the brigade has collapsed, a soldier told his mother. Prices rose from $5 to $10 **fast** :red[x] <script>alert(1)</script>",
    ], published="2022-03", original_source="SBU", title="Soldiers talk of self-inflicted wounds"),
    ArticleSpec("a4", "Outlet A", [
        "The regiment refused to carry out suicidal orders near Bakhmut, a video appeal says.",
    ], published=None, title="Undated appeal"),
]


def front_matter(spec: ArticleSpec) -> str:
    """``spec`` as a raw Markdown file with a front-matter block, for tests that build with the pipeline."""
    meta = {"title": spec.title or spec.article_id, "outlet": spec.outlet, "language": spec.language,
            "published": spec.published, "original_source": spec.original_source, "url": spec.url}
    lines = "".join(f"{k}: {json.dumps(v)}\n" for k, v in meta.items() if v is not None)
    body = [p if isinstance(p, str) else p[0] for p in spec.paragraphs]
    return f"---\n{lines}---\n" + "\n\n".join(body) + "\n"


def build_from_raw(folder: Path, specs: list[ArticleSpec], extra_files: dict[str, str] | None = None) -> Path:
    """Write ``specs`` (and ``extra_files``: name -> text) as raw files under ``folder/raw`` and
    build them with the pipeline (hashing embedder) into ``folder/data``; return the data folder.
    For what only a build records: stored stories, duplicates. Tests patch ``build_map`` out for speed."""
    from pipeline.build import build_snapshot

    raw = folder / "raw"
    raw.mkdir(parents=True)
    for spec in specs:
        (raw / f"{spec.article_id}.md").write_text(front_matter(spec), encoding="utf-8")
    for name, text in (extra_files or {}).items():
        (raw / name).write_text(text, encoding="utf-8")
    build_snapshot(raw, folder / "data", embedder=HashingEmbedder(64))
    return folder / "data"


def stories_stored_by_another_version(data_dir: Path, same_grouping: bool = False) -> None:
    """Make the current snapshot's stored stories read as grouped under other rules or code (its
    manifest's ``rules_key``), as a snapshot built by an earlier NewsLens is; unless
    ``same_grouping``, that version grouped them otherwise too (each stored story less sure)."""
    from newslens.schema import SnapshotFile, StoryCol
    from newslens.store import current_snapshot_id, snapshot_path

    folder = snapshot_path(data_dir, current_snapshot_id(data_dir))
    path = folder / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest[ManifestKey.STORIES]["rules_key"] = "rules of an earlier version"
    path.write_text(json.dumps(manifest), encoding="utf-8")
    if same_grouping:
        return
    table = pd.read_parquet(folder / SnapshotFile.STORIES)

    def less_sure(record: dict) -> dict:
        return {**record, "confidence": round(record["confidence"] / 2, 3)}

    records = [less_sure(json.loads(r)) for r in table[StoryCol.RECORD]]
    table[StoryCol.RECORD] = [json.dumps({**r, "links": [less_sure(lk) for lk in r["links"]]}) for r in records]
    table.to_parquet(folder / SnapshotFile.STORIES)


def config_with_coverage(folder: Path, monkeypatch, model: str, words: str) -> Path:
    """A copy of the config folder in ``folder`` whose ``coverage_words`` says ``words`` for ``model``
    (the shipped text must be "about 100 languages"), made the app's config for the test."""
    import shutil

    from newslens import config
    shutil.copytree(config.config_dir(), folder)
    models = folder / "models.yaml"
    text = models.read_text(encoding="utf-8")
    assert f"  {model}: about 100 languages\n" in text
    models.write_text(text.replace(f"  {model}: about 100 languages\n", f"  {model}: {words}\n"), encoding="utf-8")
    monkeypatch.setenv("NEWSLENS_CONFIG", str(folder))
    return folder


def config_with_furniture(folder: Path, monkeypatch, edit) -> Path:
    """A copy of the config folder in ``folder`` whose furniture.yaml is the shipped one changed by
    ``edit`` (called with its parsed data), made the app's config for the test."""
    import shutil

    import yaml

    from newslens import config
    shutil.copytree(config.config_dir(), folder)
    path = folder / "furniture.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    monkeypatch.setenv("NEWSLENS_CONFIG", str(folder))
    return folder
