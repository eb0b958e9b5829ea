"""Streamlit side of the "Add articles" page: staging uploads, progress bars, the results panel.

The work itself is the pipeline's (``pipeline.collect``): planning sources, polite fetching,
writing into the corpus' raw folder, the atomic build. Nothing here executes an uploaded file:
uploads are checked (extension and content, size cap) and stored as data under safe names.
"""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any, Callable

import pandas as pd
import streamlit as st

from newslens.corpora import Corpus
from newslens.safe import escape_text
from newslens.ui.loading import build_progress, cached_embedder

KEY_STAGING = "nl_add_staging"
KEY_RESULT = "nl_add_result"
KEY_NOTICE = "nl_add_notice"          # the last run's outcome, shown on the timeline until dismissed
MAX_PROBLEMS_SHOWN = 100


def staging_dir() -> Path:
    """A private temporary folder for this session's uploads until they join a corpus."""
    folder = st.session_state.get(KEY_STAGING)
    if not folder or not Path(folder).is_dir():
        folder = tempfile.mkdtemp(prefix="newslens-upload-")
        st.session_state[KEY_STAGING] = folder
    return Path(folder)


def stage_uploads(files: list[Any]) -> tuple[list[Path], list[str]]:
    """Check and store each uploaded file; (stored paths, one plain error per refused file)."""
    from pipeline.collect.items import SourceError
    from pipeline.collect.uploads import store_upload

    stored, errors = [], []
    for upload in files:
        try:
            stored.append(store_upload(upload.name, upload.getvalue(), staging_dir()))
        except SourceError as exc:
            errors.append(str(exc))
    return stored, errors


def move_into(corpus: Corpus, staged: list[Path]) -> list[Path]:
    """Move staged uploads into the corpus (a hidden folder the build never reads as articles)."""
    corpus.uploads.mkdir(parents=True, exist_ok=True)
    moved = []
    for path in staged:
        target = corpus.uploads / path.parent.name / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
        moved.append(target)
    return moved


class CollectBars:
    """Two progress bars: collecting (items) and building (the build's stages)."""

    def __init__(self, corpus_name: str):
        self.name = corpus_name
        self.collect_bar = st.progress(0.0, text="Collecting…")
        self.build_bar = st.progress(0.0, text="The build starts when collecting is done.")

    def collect(self, done: int, total: int, label: str) -> None:
        fraction = min(1.0, done / total) if total else 1.0
        text = f"Collecting {min(done + 1, total)} of {total}: {label}" if label != "done" else \
            f"Collected {total} item(s)."
        self.collect_bar.progress(fraction, text=escape_text(text[:160]))

    def build(self, stage: str, done: int, total: int) -> None:
        fraction, text = build_progress(stage, done, total, what=f"'{self.name}'")
        self.build_bar.progress(fraction, text=escape_text(text))


def result_record(corpus: Corpus, result: Any) -> dict[str, Any]:
    """What the results panel shows, kept in session state across the rerun that switches corpus."""
    from pipeline.collect.items import problem_rows

    report = result.collect
    return {"corpus": corpus.name, "summary": report.summary_lines(details=False),
            "problems": problem_rows(report.outcomes),
            "collected": [{"title": o.title or "", "source": o.source, "file": o.file or ""}
                          for o in report.collected],
            "build": result.build.summary_lines()[:2] if result.build is not None else [],
            "build_error": result.build_error, "built": result.build is not None}


def render_result(record: dict[str, Any]) -> None:
    """The outcome of the last run: what came in, what failed and why, the way to the new snapshot."""
    name = record["corpus"]
    if record["build_error"]:
        st.error(f"**The build failed; nothing was lost.** {escape_text(record['build_error'])} "
                 "The collected files stay in the corpus and the previous snapshot (if any) is still shown.",
                 icon=":material/error:")
    elif record["built"]:
        st.success(f"**{escape_text(name)}** is built and is now the corpus shown in every view.",
                   icon=":material/check_circle:")
        st.page_link("pages/timeline.py", label=f"Open the timeline of {name}", icon=":material/timeline:")
    for line in record["summary"]:
        st.markdown(escape_text(line))
    if record["collected"]:
        st.dataframe(pd.DataFrame(record["collected"]), hide_index=True, width="stretch", key="nl_add_collected")
    if record["problems"]:
        st.markdown("**Not collected, and why**")
        shown = record["problems"][:MAX_PROBLEMS_SHOWN]
        st.markdown("\n".join(f"- {escape_text(p['details'] or p['source'])}" for p in shown))
        if len(record["problems"]) > len(shown):
            st.caption(f"… and {len(record['problems']) - len(shown):,} more, listed in the corpus' "
                       ".collect/log.jsonl")


def model_or_none(model: str) -> Any:
    """The cached model; None when it cannot load, so the build loads it itself and reports the
    reason as a build error (the collected files are kept) instead of a traceback on the page."""
    from newslens.embedder import ModelLoadError, model_variant

    try:
        return cached_embedder(model, variant=model_variant(model))
    except ModelLoadError:
        return None


def rebuild(corpus: Corpus, model: str, load: Callable[[], Any]) -> dict[str, Any]:
    """Build the corpus again from its raw folder with another model (nothing is collected); a
    failure, also of loading the model (``load``), publishes nothing and leaves the previous
    snapshot current. The summary says what was embedded and what came from the cache."""
    from newslens.embedder import ModelLoadError
    from pipeline.build import BuildError, build_snapshot

    bar = st.progress(0.0, text=f"Building '{escape_text(corpus.name)}' with {escape_text(model)}…")

    def progress(stage: str, done: int, total: int) -> None:
        fraction, text = build_progress(stage, done, total, what=f"'{corpus.name}' with {model}")
        bar.progress(fraction, text=escape_text(text))

    record = {"corpus": corpus.name, "summary": [], "problems": [], "collected": [], "build": [],
              "build_error": None, "built": False}
    try:
        report = build_snapshot(corpus.raw, corpus.processed, model, progress=progress, embedder=load())
    except (BuildError, ModelLoadError) as exc:
        record["build_error"] = str(exc)
        return record
    counts = report.counts
    record["build"] = report.summary_lines()[:2]
    record["summary"] = [f"Built again with {model}: {counts['embedded']:,} paragraphs embedded, "
                         f"{counts['cached']:,} taken from its cache.", *record["build"]]
    record["built"] = True
    return record


def land_on_timeline(record: dict[str, Any]) -> None:
    """After a successful build, go where the researcher wants to be: the new corpus' timeline,
    carrying the run's outcome (per-source errors included) as a notice there."""
    st.session_state[KEY_NOTICE] = record
    st.switch_page("pages/timeline.py")


def render_run_notice(corpus_name: str | None) -> None:
    """The last run's outcome on the timeline of the corpus it built, until dismissed: what came in,
    and each source that failed, in plain words (they are not lost on the switch of page)."""
    record = st.session_state.get(KEY_NOTICE)
    if not record or record["corpus"] != corpus_name:
        return
    with st.container(border=True, key="nl_add_notice_box"):
        st.success(f"**{escape_text(record['corpus'])}** is built: its articles are shown below and in every view.",
                   icon=":material/check_circle:")
        st.markdown("  \n".join(escape_text(line) for line in record["summary"]))
        problems = record["problems"]
        if problems:
            with st.expander(f"Not collected, and why ({len(problems):,})", expanded=True):
                shown = problems[:MAX_PROBLEMS_SHOWN]
                st.markdown("\n".join(f"- {escape_text(p['details'] or p['source'])}" for p in shown))
                if len(problems) > len(shown):
                    st.caption(f"… and {len(problems) - len(shown):,} more, listed in the corpus' "
                               ".collect/log.jsonl")
        left, right = st.columns([1, 3])
        if left.button("Dismiss", key="nl_add_notice_dismiss", icon=":material/close:"):
            st.session_state.pop(KEY_NOTICE, None)
            st.rerun()
        right.page_link("pages/add_articles.py", label="Add more articles", icon=":material/add:")
