"""Add articles: paste links or upload files, see what will be collected, collect and build a corpus
of your own (kept apart from the bundled sample unless you include it), then explore it."""
from __future__ import annotations

import streamlit as st

from newslens import config
from newslens.corpora import corpus_at, list_corpora
from newslens.model_choice import load_corpus_model
from newslens.safe import escape_text
from newslens.ui import add_articles as ui
from newslens.ui import jobs, loading
from newslens.ui import model_choice as ui_model
from pipeline.collect.sources import plan_sources
from pipeline.collect.uploads import MAX_UPLOAD_BYTES, UPLOAD_TYPES

# A server's first run of a deep link runs this file alone: app.py then never takes a finished run's
# outcome (a cancelled run's tab was told nothing) nor resumes the runs a stopped server left waiting.
loading.ensure_frame()
st.title("Add articles")
if config.read_only():
    # The page is left out of navigation in read-only mode; a typed-in link still writes nothing.
    st.info("Read-only mode: this server does not add articles.", icon=":material/lock:")
    st.stop()
st.caption("Paste links to articles or RSS/Atom feeds, or upload files: a list of links, a CSV/JSONL/Parquet "
           "export (Media Cloud, GDELT, a spreadsheet), a Telegram channel export (result.json from Telegram "
           f"Desktop) or article files (.txt, .md, .html), up to {MAX_UPLOAD_BYTES // 2**20} MB each, with a "
           "metadata.csv naming them if you have one (a `file` column plus any of url, title, outlet, "
           "published, author, language). "
           "Files are only read as data. Your articles go into a corpus of their own.")

ui.render_run_error()
ui.render_running_runs()
ui.render_cut_short()

existing = [c.name for c in list_corpora()]
request = ui_model.take_request()      # "Rebuild with the multilingual model" on another page
if request and request["corpus"] in existing:
    st.session_state["nl_add_target"] = "an existing corpus"
    st.session_state["nl_add_existing"] = request["corpus"]
    ui_model.choose_model(request["corpus"], request["model"])
target = st.radio("Add to", ["a new corpus", "an existing corpus"] if existing else ["a new corpus"],
                  key="nl_add_target", horizontal=True)
if target == "an existing corpus":
    name = st.selectbox("Corpus", existing, key="nl_add_existing")
else:
    name = st.text_input("Name of the new corpus", key="nl_add_name", placeholder="e.g. HUR intercepts 2025")
links = st.text_area("Links, one per line", key="nl_add_links", height=110,
                     placeholder="https://example.org/news/article.html\nhttps://example.org/feed.xml")
files = st.file_uploader("Files", type=list(UPLOAD_TYPES), accept_multiple_files=True, key="nl_add_files")
with st.expander("Options"):
    username = st.text_input("Telegram channel username, for t.me/<username>/<post> links", key="nl_add_tg")
    with_sample = st.checkbox("Also include the bundled sample articles in this corpus", key="nl_add_sample")

staged, refused = ui.stage_uploads(files or [])
for problem in refused:
    st.error(escape_text(problem), icon=":material/block:")
link_lines = [s.strip() for s in (links or "").splitlines() if s.strip() and not s.strip().startswith("#")]
plan = plan_sources(link_lines, files_allowed=False).extend(
    plan_sources([str(p) for p in staged], telegram_username=username or None))

if plan.items or plan.problems or plan.given:
    st.subheader("What will be collected")
    counts = plan.counts()
    st.markdown(" · ".join(f"**{n:,}** {escape_text(what)}" for what, n in counts.items()))
    for line in plan.descriptions:
        st.markdown(f"- {escape_text(line)}")
    if plan.problems:
        with st.expander(f"{len(plan.problems)} left out, and why"):
            for outcome in plan.problems:
                st.markdown(f"- {escape_text(outcome.message or outcome.source)}")

corpus = None
if name:
    try:
        corpus = corpus_at(config.corpora_dir(), name)
    except ValueError as exc:
        st.error(escape_text(str(exc)), icon=":material/error:")
current = load_corpus_model(corpus.processed) if corpus is not None else None
model = ui_model.render_model_picker(corpus.name if corpus else None, current)
busy = corpus is not None and jobs.running_job(corpus.processed) is not None
ready = corpus is not None and bool(plan.items or plan.given) and not busy
if st.button("Collect and build", key="nl_add_run", type="primary", disabled=not ready, icon=":material/download:",
             help=("A build of this corpus is running on the server (its progress is on this page or in the "
                   "sidebar); the button comes back when it has ended.") if busy else None):
    st.session_state.pop(ui.KEY_NOTICE, None)          # a notice of an earlier run is stale now
    ui.start_collect(corpus, link_lines, staged, model=model,      # (None: another run is going on; said)
                     telegram_username=username or None, with_sample=with_sample)
    st.rerun()      # the next run shows its progress, or takes its outcome (app.py)
ui.drop_staged()    # planned, and not collected on this run

if corpus is not None and current is not None and model != current.model_name and not busy:
    # Nothing new to collect is needed to change the model: the raw folder is built again.
    if st.button(escape_text(f"Rebuild {corpus.name} with {model}"), key="nl_add_rebuild", icon=":material/refresh:"):
        st.session_state.pop(ui.KEY_NOTICE, None)
        ui.start_rebuild(corpus, model)
        st.rerun()

if st.session_state.get(ui.KEY_RESULT):
    st.subheader("Last run")
    ui.render_result(st.session_state[ui.KEY_RESULT])
