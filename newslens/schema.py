"""The data contract between the pipeline (writer) and newslens (reader).

Every column name, paragraph kind and manifest field is defined here once and imported by both
halves; a bare column-name string anywhere else is a smell.
"""
from __future__ import annotations

from typing import Final

import pandas as pd

from newslens.safe import shortened

SCHEMA_VERSION: Final = 1


class ArticleCol:
    """Columns of ``articles.parquet`` (one row per article)."""

    ID: Final = "article_id"            # stable: derived from the source file's relative path
    OUTLET: Final = "outlet"            # display name, e.g. "The Kyiv Independent"
    DOMAIN: Final = "domain"            # e.g. "kyivindependent.com"
    URL: Final = "url"
    TITLE: Final = "title"
    AUTHOR: Final = "author"
    LANGUAGE: Final = "language"        # ISO 639-1, e.g. "en"
    PUBLISHED: Final = "published"      # ISO string at its precision: "2022-03-18", "2023-07", "2022" or None
    DATE_PRECISION: Final = "date_precision"  # one of DatePrecision.ALL
    # The window of days the article can have appeared on. A day-precise date has start == end;
    # a month's has the month's first and last day. Either may be NaT: an article known only to
    # be "on or after the call's release on 2025-09-25" has that start and no end.
    DATE_START: Final = "date_start"    # datetime64: earliest possible day (NaT when unknown)
    DATE_END: Final = "date_end"        # datetime64: latest possible day (NaT when open or unknown)
    # The exact moment, when the source gives one with its time zone (a Telegram post's time, a
    # printed "14:33 GMT" or an ISO timestamp with an offset): ISO 8601 UTC "2025-09-25T14:03:00Z",
    # else None. Lags between two timed articles are then said in hours (newslens.dates).
    PUBLISHED_AT: Final = "published_at"
    DATE_RAW: Final = "date_raw"        # the date string as given or found, kept even when rejected
    DATE_NOTE: Final = "date_note"      # e.g. "on or shortly after the call's release on 2025-09-25"
    ORIGINAL_SOURCE: Final = "original_source"  # who the report cites as the origin (HUR, SBU, a Telegram channel)
    PROVENANCE: Final = "provenance"    # JSON object: field -> one of Provenance.ALL
    SOURCE_FILE: Final = "source_file"  # path relative to the raw folder
    SOURCE_FORMAT: Final = "source_format"  # "txt", "md" or "html"
    ENCODING: Final = "encoding"        # encoding the raw bytes were decoded with
    CONTENT_HASH: Final = "content_hash"  # sha256 of the normalised article text
    WARNINGS: Final = "warnings"        # JSON list of strings (e.g. a rejected impossible date)
    # When the title was inferred: which line of the page won the headline and why, e.g. "line 2 of
    # the page (91% of its words are the url's; printed again on the page; score 6)".
    TITLE_NOTE: Final = "title_note"
    # The title note's ending when no line of the page was convincing and the url's words were used
    # (written by the pipeline, read by views that prefer a printed headline, e.g. a story's title).
    TITLE_FROM_URL: Final = "the url's words used"
    # Its ending when the page printed no headline and its url has no words either: the first
    # sentence of its cleaned text stands in (``pipeline.lead_titles``), marked wherever it is shown.
    TITLE_FROM_LEAD: Final = "no headline: its first sentence used"
    # Said before it when the url has words but in another script than the page's text (a Russian
    # page's transliterated slug, "Vo vladimire mnogodetnyy ..."): its own first sentence reads better.
    URL_IN_OTHER_SCRIPT: Final = "the url's words in another script than the text"

    ALL: Final = (
        ID, OUTLET, DOMAIN, URL, TITLE, AUTHOR, LANGUAGE, PUBLISHED, DATE_PRECISION, DATE_START,
        DATE_END, DATE_RAW, DATE_NOTE, ORIGINAL_SOURCE, PROVENANCE, SOURCE_FILE, SOURCE_FORMAT,
        ENCODING, CONTENT_HASH, WARNINGS, TITLE_NOTE, PUBLISHED_AT,
    )
    # Columns added after snapshots were first published: an older snapshot without them loads
    # with them empty instead of being refused as corrupt.
    ADDED_LATER: Final = (TITLE_NOTE, PUBLISHED_AT)
    # The type of every column ("text": strings or nulls, "date", "integer"); checked on write and on load, so a table whose types
    # drifted is refused with one line instead of crashing every page.
    TYPES: Final = {**{name: "text" for name in ALL}, DATE_START: "date", DATE_END: "date"}


class ParagraphCol:
    """Columns of ``paragraphs.parquet`` (one row per paragraph, in article then position order).

    Row ``i`` of ``embeddings.npy`` is the embedding of row ``i`` of this table.
    """

    ID: Final = "paragraph_id"          # stable: hash of article id + normalised text (+ occurrence)
    ARTICLE_ID: Final = "article_id"
    POSITION: Final = "position"        # 0-based order within the article, furniture included
    TEXT: Final = "text"
    KIND: Final = "kind"                # one of Kind.ALL
    REASON: Final = "reason"            # why cleaning gave it a furniture kind ("" for content, or RESTORED)
    PART: Final = "part"                # 0 unless a long paragraph was split; then 0, 1, 2...
    CONTENT_HASH: Final = "content_hash"  # sha256 of the text: the embedding cache key (with the model)

    ALL: Final = (ID, ARTICLE_ID, POSITION, TEXT, KIND, REASON, PART, CONTENT_HASH)
    TYPES: Final = {**{name: "text" for name in ALL}, POSITION: "integer", PART: "integer"}


class StoryCol:
    """Columns of ``stories.parquet``: the stories the pipeline grouped (``newslens.compare.stories``),
    one row per story, largest first. Precomputed so no page groups a large corpus on load.

    ``record`` holds the whole story as JSON (``newslens.compare.story_store``): members earliest
    first, each link's evidence and confidence, lags, related stories, notices.
    """

    ID: Final = "story_id"
    ARTICLE_IDS: Final = "article_ids"  # JSON list of the member article ids, earliest first
    RECORD: Final = "record"            # JSON object: the full story

    ALL: Final = (ID, ARTICLE_IDS, RECORD)
    TYPES: Final = {name: "text" for name in ALL}


# The reason a content paragraph carries when a researcher restored it (corrections.yaml): the
# reader marks it, so a restored paragraph is never mistaken for what cleaning kept on its own.
RESTORED: Final = "restored by a researcher (corrections.yaml)"


class Kind:
    """Paragraph kinds. Content kinds are searched, clustered and compared; furniture never is."""

    BODY: Final = "body"
    QUOTE: Final = "quote"
    HEADING: Final = "heading"
    LIST_ITEM: Final = "list_item"
    CAPTION: Final = "caption"
    BOILERPLATE: Final = "boilerplate"  # navigation, teasers, related links, bios, correction notices...
    # The outlet's own summary of the article (a "Key points" box): article text in the outlet's
    # words, so it is searched and shown (marked), but it repeats the body, so topics, stories and
    # Compare leave it out (it would weigh its theme twice and align with the body it sums up).
    SUMMARY: Final = "summary"

    CONTENT: Final = (BODY, QUOTE, LIST_ITEM)
    ALL: Final = (BODY, QUOTE, HEADING, LIST_ITEM, CAPTION, BOILERPLATE, SUMMARY)
    # Headings are kept (the reader shows them) but are too short to be search hits on their own.
    SEARCHABLE: Final = CONTENT + (SUMMARY,)


class DatePrecision:
    DAY: Final = "day"
    MONTH: Final = "month"
    YEAR: Final = "year"
    UNKNOWN: Final = "unknown"
    ALL: Final = (DAY, MONTH, YEAR, UNKNOWN)


class Provenance:
    GIVEN: Final = "given"          # from front matter or the sidecar table
    EXTRACTED: Final = "extracted"  # from the HTML page's own metadata (trafilatura)
    INFERRED: Final = "inferred"    # found in the text or the url by a rule
    ALL: Final = (GIVEN, EXTRACTED, INFERRED)


class ManifestKey:
    """Fields of ``manifest.json``."""

    SNAPSHOT_ID: Final = "snapshot_id"
    SCHEMA_VERSION: Final = "schema_version"
    PIPELINE_VERSION: Final = "pipeline_version"
    MODEL_NAME: Final = "model_name"
    MODEL_DIM: Final = "model_dim"
    BUILT_AT: Final = "built_at"            # ISO 8601 UTC
    CORPUS_HASH: Final = "corpus_hash"      # sha256 over the articles' content hashes
    COUNTS: Final = "counts"                # {articles, paragraphs, content_paragraphs, embedded, cached, quarantined, duplicates}
    QUARANTINED: Final = "quarantined"      # [{file, reason}]
    DUPLICATES: Final = "duplicates"        # [{file, duplicate_of}]
    WARNINGS: Final = "warnings"            # [{file, message}]
    RAW_DIR: Final = "raw_dir"
    EXTRAS: Final = "extras"                # optional derived artefacts, e.g. {"map": "map.parquet"}
    MAP_KEY: Final = "map_key"              # hash of what the stored map was computed from (reused when equal)
    # How the model ran (newslens.embedder.EmbedSetup); absent in older snapshots = torch fp32.
    EMBED_BACKEND: Final = "embed_backend"  # "torch", "onnx", "openvino" (or "numpy": the hashing test model)
    EMBED_PRECISION: Final = "embed_precision"  # "fp32", "bf16" or "int8"
    # What else the vectors depend on (EmbedSetup.variant: the multilingual model's centre digest);
    # absent when nothing, and in older snapshots (then not checked).
    EMBED_VARIANT: Final = "embed_variant"
    # How embeddings.npy stores the vectors: "float16" when every vector keeps its direction
    # (cosine >= newslens.vectors.HALF_MIN_COSINE), else "float32"; absent in older snapshots = float32.
    EMBEDDINGS_DTYPE: Final = "embeddings_dtype"
    LEXICAL_INDEX: Final = "lexical_index"  # {version, rows, terms, key, build_seconds, reused} when stored
    ANN_INDEX: Final = "ann_index"          # {file, kind, rows, nlist, nprobe, build_seconds} when one was built
    # {file, count, seconds, rules_key, key, notices, not_compared_by_meaning, not_compared_by_meaning_ids}
    # when the build grouped stories (absent in older snapshots: the read side groups them itself).
    STORIES: Final = "stories"
    # {version, fingerprint, model_name, embed_setup, rows, lenses: [{name, key}], key, seconds, reused}
    # when the build scored the paragraphs against its lens file (newslens.topics.lens_store);
    # absent in older snapshots: the read side scores them itself.
    LENS_SCORES: Final = "lens_scores"
    # {file, verdicts} when the raw folder held story verdicts at build time (SnapshotFile.JUDGEMENTS)
    STORY_JUDGEMENTS: Final = "story_judgements"

    REQUIRED: Final = (SNAPSHOT_ID, SCHEMA_VERSION, PIPELINE_VERSION, MODEL_NAME, MODEL_DIM,
                       BUILT_AT, CORPUS_HASH, COUNTS, QUARANTINED, DUPLICATES)
    # The type of each required field's value: "text", "integer", "mapping" or "list".
    TYPES: Final = {SNAPSHOT_ID: "text", SCHEMA_VERSION: "integer", PIPELINE_VERSION: "text",
                    MODEL_NAME: "text", MODEL_DIM: "integer", BUILT_AT: "text", CORPUS_HASH: "text",
                    COUNTS: "mapping", QUARANTINED: "list", DUPLICATES: "list"}


class SnapshotFile:
    """File names inside one snapshot folder, and the marker that names the current one."""

    ARTICLES: Final = "articles.parquet"
    PARAGRAPHS: Final = "paragraphs.parquet"
    EMBEDDINGS: Final = "embeddings.npy"    # float16 (older snapshots: float32) (n_paragraphs, dim), L2-normalised
    # The lexical (BM25) index over the searchable paragraphs, built by the pipeline and memory-
    # mapped by the app (newslens.search.lexical); optional: without it the app builds one.
    LEXICAL_TERMS: Final = "lexical.terms.txt"          # the vocabulary, one term per line, in id order
    LEXICAL_IDF: Final = "lexical.idf.npy"              # float32 per term
    LEXICAL_DATA: Final = "lexical.data.npy"            # float32 BM25 weights, CSC by term
    LEXICAL_INDICES: Final = "lexical.indices.npy"      # int32 searchable position of each weight
    LEXICAL_INDPTR: Final = "lexical.indptr.npy"        # int64 (terms + 1) column starts
    LEXICAL_QUOTES: Final = "lexical.quotes.npy"        # bool per searchable paragraph: holds a quotation mark
    MANIFEST: Final = "manifest.json"
    MAP: Final = "map.parquet"              # optional 2-D projection: paragraph_id, x, y
    SNAPSHOTS_DIR: Final = "snapshots"      # <data>/snapshots/<snapshot_id>/
    CURRENT: Final = "CURRENT"              # <data>/CURRENT holds the current snapshot id
    CACHE_DIR: Final = "cache"              # <data>/cache/: the embedding cache
    STORIES: Final = "stories.parquet"      # optional precomputed stories (StoryCol)
    # Optional lens scores computed by the pipeline (newslens.topics.lens_store): one row per
    # paragraph row, per lens score/similarity/closest phrasing; and the lexicon words found.
    LENS_SCORES: Final = "lens_scores.parquet"
    LENS_WORDS: Final = "lens_words.parquet"
    ANN: Final = "ann.faiss"                # optional approximate nearest-neighbour index (faiss) over searchable rows
    # Optional copy of the raw folder's story_judgements.yaml as the build found it: a snapshot moved
    # without its raw folder still shows the researcher's verdicts (read-only there).
    JUDGEMENTS: Final = "story_judgements.yaml"


def cell_text(value: object) -> str | None:
    """A stored cell's text; None when it is missing (None, NaN, NA) or blank."""
    if value is None or (not isinstance(value, str) and pd.isna(value)) or not str(value).strip():
        return None
    return str(value)


UNTITLED: Final = "(untitled)"


def title_text(value: object) -> str:
    """An article's title as every page shows it: "(untitled)" when none is stored (a missing title
    is NaN in a frame, and ``str(nan or "")`` printed "nan" as a heading)."""
    return cell_text(value) or UNTITLED


class TitleSource:
    """Where the title an article shows comes from (``title_source``, read from its title's note)."""

    HEADLINE: Final = "headline"        # printed by the page (or given in its metadata)
    URL: Final = "url"                  # its url's words (``ArticleCol.TITLE_FROM_URL``)
    LEAD: Final = "first sentence"      # its first sentence, cut (``ArticleCol.TITLE_FROM_LEAD``)
    ALL: Final = (HEADLINE, URL, LEAD)


# Said after a title that is no printed headline wherever a title is shown to a person: a url's
# words read like a headline but lost the page's diacritics and punctuation ("Venajan sotilas ..."),
# a first sentence reads like one too, and researchers cite what a table or a screenshot shows
# (Finnish/Romanian review).
TITLE_SOURCE_WORDS: Final = {TitleSource.URL: "its url", TitleSource.LEAD: "its first sentence"}
TITLE_MARKS: Final = {source: f" (from {words})" for source, words in TITLE_SOURCE_WORDS.items()}
URL_TITLE_MARK: Final = TITLE_MARKS[TitleSource.URL]
# The fields beside ``title`` in ``--json`` records, tables and exports (``title_record``): the
# yes/no kept for scripts written before first sentences stood in, and the source itself.
TITLE_FROM_URL_FIELD: Final = "title_from_url"
TITLE_SOURCE_FIELD: Final = "title_source"


def title_source(note: object) -> str:
    """Where an article's title comes from (``TitleSource``), by the ending the pipeline gave its
    title's note: ``ArticleCol.TITLE_FROM_URL`` or ``ArticleCol.TITLE_FROM_LEAD``, else a headline."""
    if isinstance(note, str):
        ending = note.rstrip()
        if ending.endswith(ArticleCol.TITLE_FROM_URL):
            return TitleSource.URL
        if ending.endswith(ArticleCol.TITLE_FROM_LEAD):
            return TitleSource.LEAD
    return TitleSource.HEADLINE


def title_mark(source: str) -> str:
    """What follows a title on screen: its ``TITLE_MARKS`` entry when it is no printed headline
    (``title_source``), else nothing. Alone for a title shown already escaped or highlighted (a
    search hit's)."""
    return TITLE_MARKS.get(source, "")


def shown_title(title: object, source: str, limit: int | None = None) -> str:
    """``title_text`` with ``title_mark``: the title as every view shows it to a person (plain text:
    escape it as any title). ``limit``: the title's length in a chooser or a chart's row; the title
    is cut (``safe.shortened``), never its mark."""
    text = title_text(title)
    if limit is not None:
        text = shortened(text, limit)
    return text if text == UNTITLED else text + title_mark(source)


def title_record(title: object, source: str) -> dict[str, object]:
    """A title in ``--json`` records and exports: as stored, whether it is the url's words, and
    where it comes from (``TitleSource``; null with no title: no printed headline either)."""
    titled = cell_text(title) is not None
    return {ArticleCol.TITLE: title, TITLE_FROM_URL_FIELD: titled and source == TitleSource.URL,
            TITLE_SOURCE_FIELD: source if titled else None}
