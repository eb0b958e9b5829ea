"""Search: every passage that says it, in whatever words, with where and when it appeared.

The query, ranking, number of hits, kinds and grouping live in the URL (bound widgets), as do the
sidebar filters (the app frame mirrors them), so a copied link reproduces the search.
"""
from __future__ import annotations

import dataclasses
from pathlib import Path

import streamlit as st

from newslens.ui import loading, navigation, presentation, render, sidebar, topic_state
from newslens.ui import model_choice as ui_model
from newslens.search import engine as search
from newslens.search import similar
from newslens.embedder import ModelLoadError
from newslens.export import file_name, to_csv_bytes, to_json_bytes, with_inputs
from newslens.filters import paragraph_mask
from newslens.safe import escape_text, mark_spans
from newslens.knowledge import search_examples, threshold
from newslens.schema import ArticleCol, Kind, ParagraphCol, title_mark, title_text
from newslens.search.examples import example_queries
from newslens.store import Snapshot

QP_LIKE = "like"                     # "more like this": the paragraph id searched from
KIND_LABELS = {Kind.BODY: "body text", Kind.QUOTE: "quotes", Kind.LIST_ITEM: "list items"}
K_OPTIONS = [5, 10, 20, 50, 100]
READER = "pages/articles.py"
HIT_CSS = """
<style>
.nl-hit mark { background: #fde68a; color: inherit; padding: 0 .1em; border-radius: 2px; }
.nl-hit { font-size: 1.02rem; line-height: 1.55; }
.nl-meta { color: #555; font-size: .9rem; }
</style>
"""

snapshot = loading.get_snapshot()
if snapshot is None:
    st.stop()
filters = sidebar.current_filters()


@st.cache_resource(show_spinner="Indexing the corpus for search…", max_entries=2)
def search_index(snapshot_id: str, _snapshot: Snapshot) -> search.SearchIndex:
    # Keyed by snapshot id: built once per snapshot and shared by every session.
    return search.build_index(_snapshot)


@st.cache_data(show_spinner=False, max_entries=4)
def corpus_examples(snapshot_id: str, _index: search.SearchIndex, _snapshot: Snapshot) -> list[str]:
    """The example queries this corpus answers (newslens/search/examples.py), once per snapshot."""
    articles = _snapshot.articles
    titles = zip((t or None for t in search.headline_texts(articles)), articles[ArticleCol.OUTLET].astype(str),
                 (lang if isinstance(lang, str) else None for lang in articles.get(ArticleCol.LANGUAGE, [None] * len(articles))))
    return example_queries(search_examples(), _index.lexical, titles, count=threshold("search", "example_count", int, 1),
                           min_letters=threshold("search", "example_name_min_letters", int, 1),
                           max_zipf=threshold("search", "example_name_max_zipf", high=8.0),
                           min_outlets=threshold("search", "example_name_min_outlets", int, 1))


def clear_like() -> None:
    """A new query leaves "more like this"."""
    if QP_LIKE in st.query_params:
        del st.query_params[QP_LIKE]


def set_query(text: str) -> None:
    st.session_state["q"] = text
    clear_like()


def like(paragraph_id: str) -> None:
    st.query_params[QP_LIKE] = paragraph_id


def reader_link(hit: search.Hit, container=st) -> None:
    if (Path(__file__).resolve().parent.parent / READER).is_file():
        container.page_link(READER, label="Open in reader", icon=":material/article:",
                            query_params={navigation.QP_ARTICLE: hit.article_id, navigation.QP_PARAGRAPH: hit.paragraph_id})


def like_unavailable(hit: search.Hit) -> str | None:
    """Why "more like this" cannot work for the hit (the model does not compare its article's
    language by meaning: it would list nothing, set 31), None when it can."""
    if similar.unread_language(snapshot, hit.article_id) is None:
        return None
    # the page's own hint for the fix (the command with this corpus' folders, or the rebuild here)
    note = similar.unread_note(snapshot, hit.article_id) or ""
    return ui_model.with_app_hint(note)


def meta_line(hit: search.Hit) -> str:
    # the headline's words of the query are marked: a lead paragraph may be found by them alone
    title = mark_spans(hit.title, hit.title_spans) if hit.title else escape_text(title_text(hit.title))
    # a title made of the url's words says so, outside its italics: it read as a headline the page printed
    return (f"<span class='nl-meta'><b>{escape_text(hit.outlet)}</b> · "
            f"{escape_text(hit.date)} · <i>{title}</i>{escape_text(title_mark(hit.title_source))}</span>")


def score_line(hit: search.Hit, mode: str) -> str:
    parts = [f"score {hit.score:.3f}"]
    if mode == search.HYBRID:
        meaning = "not compared (its language)" if hit.semantic is None else f"{hit.semantic:.2f}"
        parts.append(f"meaning {meaning}, words {hit.lexical or 0:.2f}")
    return " · ".join(parts) + f" · {KIND_LABELS.get(hit.kind, hit.kind)}"


def more_line(member: search.Hit) -> str:
    """Where a paragraph of "more from this article" stands and how well it matches."""
    where = f"Paragraph {member.position + 1}" if member.position is not None else "Paragraph"
    return f"{where} · score {member.score:.3f} · {KIND_LABELS.get(member.kind, member.kind)}"


def render_hit(hit: search.Hit, mode: str, present: bool) -> None:
    with st.container(border=True, key=f"hit-{hit.rank}"):
        st.markdown(f"**{hit.rank}.** {meta_line(hit)}", unsafe_allow_html=True)
        st.markdown(f"<div class='nl-hit'>{mark_spans(hit.text, hit.spans)}</div>", unsafe_allow_html=True)
        outlets = hit.also_outlets
        if not present:
            st.caption(score_line(hit, mode))
            with st.container(horizontal=True, vertical_alignment="center", gap="medium"):
                reader_link(hit)
                unread = like_unavailable(hit)
                st.button("More like this", key=f"like-{hit.paragraph_id}", icon=":material/join_inner:",
                          on_click=like, args=(hit.paragraph_id,), type="tertiary", disabled=unread is not None,
                          help=unread or "Paragraphs of other articles closest in meaning to this one.")
            with st.expander("Paragraphs before and after"):
                before, after = search.neighbours(snapshot, hit.row)
                st.caption("Before")
                render.render_paragraph_text(before or "(start of the article)")
                st.caption("After")
                render.render_paragraph_text(after or "(end of the article)")
        if hit.more_from_article:
            n = len(hit.more_from_article)
            with st.expander(f"More from this article ({n} more matching paragraph{'s' if n != 1 else ''}, "
                             f"in article order)", expanded=False):
                for member in hit.more_from_article:    # one box each: paragraphs must not read as one block
                    with st.container(border=True):
                        st.caption(more_line(member))
                        st.markdown(f"<div class='nl-hit'>{mark_spans(member.text, member.spans)}</div>",
                                    unsafe_allow_html=True)
                        if not present:
                            reader_link(member)
        if hit.also:
            where = ", ".join(outlets) if outlets else f"other articles of {hit.outlet}"
            label = (f"Also in {len(outlets)} other outlet{'s' if len(outlets) != 1 else ''}: {where}"
                     if outlets else f"Also in {where}")
            with st.expander(label, expanded=False):
                for member in hit.also:
                    st.markdown(meta_line(member), unsafe_allow_html=True)
                    st.markdown(f"<div class='nl-hit'>{mark_spans(member.text, member.spans)}</div>",
                                unsafe_allow_html=True)
                    reader_link(member)


st.html(HIT_CSS)
present = presentation.presentation_mode()
st.title("Search")
with presentation.controls("search"):
    query = st.text_input("Search the corpus", key="q", bind="query-params", on_change=clear_like,
                          placeholder='A claim, a question or keywords; "quoted words" must appear literally',
                          help="Ranked by meaning and by words. Words also match their other forms "
                               "(\"deserters\" finds \"deserter\"); put a word or phrase in double quotes to "
                               "require it literally; numbers match however their thousands are "
                               "grouped or scaled (\"9861\" finds \"9 861\", \"9.861\" and \"9,861\"; \"1,8\" finds \"1.8\"; "
                               "\"18000\" finds \"18 тисяч\", \"18 Tausend\" and \"1万8000\", and back).")
    c1, c2, c3, c4 = st.columns([3, 2, 3, 2], vertical_alignment="bottom")
    # Bound widgets put their option labels in the URL, so the options are the CLI's own words.
    mode = c1.segmented_control("Ranking", list(search.MODES), default=search.DEFAULT_MODE, key="mode",
                                bind="query-params",
                                help="semantic: by meaning (the embedding model). lexical: by words "
                                     "(BM25; other forms of a word and close spellings of unknown names included). hybrid: both.") \
        or search.DEFAULT_MODE
    k = c2.selectbox("Hits", K_OPTIONS, index=K_OPTIONS.index(search.DEFAULT_K), key="k", bind="query-params")
    kinds = c3.multiselect("Paragraph kinds", list(Kind.SEARCHABLE), key="kind", bind="query-params",
                           placeholder="All content", help="body: running text; quote: a quotation on "
                                                           "its own; list_item: a bullet point.")
    group = c4.toggle("Group re-reports", value=True, key="group", bind="query-params",
                      help="One hit per passage, listing the other outlets that carry it.")

view = dataclasses.replace(filters, kinds=tuple(kinds or ()))
mask = None
if not view.is_default():
    topics = topic_state.topic_labels(snapshot) if view.topics else None
    mask = paragraph_mask(snapshot.paragraphs, snapshot.articles, view, topic_labels=topics)
index = search_index(snapshot.snapshot_id, snapshot)

like_id = st.query_params.get(QP_LIKE)
result: search.SearchResult | None = None
heading = ""
if like_id:
    row = search.row_of_paragraph(snapshot, like_id)
    if row is None:
        st.warning("That paragraph is not in the current snapshot (it was rebuilt since the link was made).",
                   icon=":material/link_off:")
    else:
        result = search.more_like_this(index, row, k=int(k), row_mask=mask, group=bool(group))
        st.markdown("**More like this paragraph:**")
        render.render_paragraph_text(str(snapshot.paragraphs.iloc[row][ParagraphCol.TEXT]))
        st.button("Back to the query", key="back", icon=":material/arrow_back:", on_click=clear_like)
        heading = "Paragraphs like this one"
elif not (query or "").strip():
    st.info("Type a claim, a question or a few keywords above and press Enter. The results come from "
            "every outlet, ranked by meaning and words.", icon=":material/search:")
    st.caption("Or try one of these:")
    with st.container(horizontal=True, key="examples"):
        for n, example in enumerate(corpus_examples(snapshot.snapshot_id, index, snapshot)):
            st.button(example, key=f"example-{n}", on_click=set_query, args=(example,), icon=":material/search:")
    st.stop()
else:
    embedder = None
    try:
        if mode != search.LEXICAL:
            embedder = loading.query_embedder(snapshot)
        result = search.search(index, query, embedder=embedder, mode=mode, k=int(k), row_mask=mask,
                               group=bool(group))
    except (search.SearchError, ModelLoadError) as exc:
        st.error(escape_text(str(exc)), icon=":material/error:")
        st.stop()
    shown = " ".join(query.split())
    heading = f"Results for {shown[:120]}{'…' if len(shown) > 120 else ''}" if shown.startswith('"') \
        else f"Results for \u201c{shown[:120]}{'…' if len(shown) > 120 else ''}\u201d"

if result is None:
    st.stop()
ui_model.render_notices([n for n in result.notices if n != result.no_match], key="search_rebuild_model",
                        icon=":material/info:")
if result.no_match:
    # not an aside among the notices: the cards below are no answer (a gibberish query read "10 hit(s)")
    st.warning(escape_text(result.no_match), icon=":material/search_off:")
    heading = heading.replace("Results for", "Nearest in meaning to", 1) + " (no match)"
if heading:
    st.subheader(escape_text(heading), anchor=False)
scope = view.describe()
regroup = sum(len(h.also) for h in result.hits)
found = (f"no match: the {len(result.hits)} paragraph(s) nearest in meaning" if result.no_match
         else f"{len(result.hits)} hit(s)")
st.caption(f"{found} · {result.mode} ranking · {escape_text(scope)}"
           + (f" · {regroup} re-report(s) grouped" if regroup else ""))
if not result.hits:
    if result.query.has_words and not result.notices:
        st.info("Nothing found. Loosen the sidebar filters or try other words.", icon=":material/search_off:")
    st.stop()

for hit in result.hits:
    render_hit(hit, result.mode, present)
if present:  # a screenshot must say what it shows
    st.caption(escape_text(render.chart_stamp(snapshot, view, f"{result.mode} search")))

if not present:
    st.divider()
    asked = dict(query=None if like_id else query, mode=result.mode if like_id else mode, k=int(k), group=bool(group),
                 filters=view, like=like_id or None)
    # named by the query (or the paragraph "more like this" started from): every search downloaded
    # as newslens-search.csv, and the CSV did not say which search it held (review, session 32)
    name = ("newslens", "search", f"like {like_id}" if like_id else query)
    with st.container(horizontal=True, key="exports"):
        # the inputs the JSON carries, as columns (the filters as the chart stamps say them)
        inputs = {**search.search_inputs(**asked), "filters": view.describe()}
        st.download_button("Export CSV", to_csv_bytes(with_inputs(result.frame(), inputs)),
                           file_name=file_name(*name, ext="csv"), mime="text/csv", key="export_csv",
                           icon=":material/download:")
        # the CLI's `search --json`, inputs and notices included, so a file says what made it
        payload = search.search_payload(result, snapshot.snapshot_id, **asked)
        st.download_button("Export JSON", to_json_bytes(payload), file_name=file_name(*name, ext="json"),
                           mime="application/json", key="export_json", icon=":material/download:")
