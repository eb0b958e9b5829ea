"""Article reader: metadata with provenance, cleaned text by paragraph, and where else it was said."""
from __future__ import annotations

import streamlit as st

from newslens import config
from newslens.ui import loading, navigation, presentation, sidebar, topic_state
from newslens.reader import corrections
from newslens.reader import document as reader
from newslens.reader import url_state
from newslens.reader.url_state import KEY_ARTICLE, KEY_LAST, KEY_PARAGRAPH
from newslens.search import similar
from newslens.compare import judgements, story_store
from newslens.reader.article_list import article_table
from newslens.filters import article_mask, paragraph_mask
from newslens.safe import escape_text
from newslens.schema import ArticleCol, Kind, ParagraphCol, shown_title, title_source
from newslens.dates import describe_date
from newslens.outlets import outlet_labels
from newslens.ui import model_choice as ui_model

SIMILAR_K = 3


@st.cache_resource(show_spinner=False, max_entries=2)
def cached_labels(snapshot_id: str, _articles) -> dict[str, str]:
    # Once per snapshot (read only): labelling 10k articles row by row took 2 s on every rerun.
    return reader.article_labels(_articles)


@st.cache_resource(show_spinner="Grouping articles into stories…", max_entries=2)
def cached_story_of(snapshot_id: str, verdicts_key: str, _snapshot) -> tuple[dict, list[str]]:
    # Once per snapshot and story verdicts file: the story each article belongs to (stored at build,
    # else grouped now, as Compare does for a snapshot built under other grouping settings, which it
    # says: the notices; a researcher's verdicts applied).
    found = story_store.story_result(_snapshot)
    return {a: s for s in found.stories for a in s.article_ids}, (list(found.snapshot_notices)
                                                                  + judgements.verdict_notices(found))


@st.cache_resource(show_spinner=False, max_entries=2)
def cached_table(snapshot_id: str, _snapshot):
    # Once per snapshot (read only): every article's inferred fields, 0.9 s at 100k articles.
    return article_table(_snapshot)


snapshot = loading.get_snapshot()
if snapshot is None:
    st.stop()
filters = sidebar.current_filters()
table = cached_table(snapshot.snapshot_id, snapshot)
all_ids = table[ArticleCol.ID].tolist()
labels = cached_labels(snapshot.snapshot_id, snapshot.articles)


def _stored_paragraphs(article_id: str) -> tuple[list[str], list[str]]:
    frame = reader.reader_paragraphs(snapshot, article_id, show_removed=True)
    return frame[ParagraphCol.TEXT].tolist(), frame[ParagraphCol.ID].tolist()


# The last article, a jump from another view (navigation.open_article) or a shared link.
url_article = st.query_params.get(navigation.QP_ARTICLE)
url_paragraph = st.query_params.get(navigation.QP_PARAGRAPH)
renamed = (url_state.renamed_link(url_article, url_paragraph, ids=all_ids, paragraph_texts=_stored_paragraphs)
           if url_article and url_article not in labels else None)
if renamed:
    st.info(f"This link names the article {escape_text(url_article)}, an id a rebuild has since renamed; "
            f"opened it as {escape_text(renamed[0])}.", icon=":material/info:")
    url_article, url_paragraph = renamed
unknown = url_state.apply_links(st.session_state, known=labels,
                                jump=st.session_state.pop(navigation.KEY_OPEN_ARTICLE, None),
                                url_article=url_article, url_paragraph=url_paragraph)
if unknown:
    st.warning(f"No article with id {escape_text(unknown)} in this snapshot; showing another one.",
               icon=":material/warning:")

# The chooser lists the articles passing the sidebar filters, plus the one open now.
passing = set(snapshot.articles.loc[article_mask(snapshot.articles, filters), ArticleCol.ID])
current = st.session_state.get(KEY_ARTICLE)
options = [a for a in all_ids if a in passing or a == current] or all_ids
if current not in options:
    st.session_state[KEY_ARTICLE] = options[0]


def _open(article_id: str, paragraph_id: str | None) -> None:
    url_state.open_article(st.session_state, article_id, paragraph_id)
    st.query_params[navigation.QP_ARTICLE] = article_id


def _article_changed() -> None:
    _open(st.session_state[KEY_ARTICLE], None)


st.title("Article reader")
with presentation.controls("reader-chooser"):
    st.selectbox("Article", options, format_func=lambda a: labels.get(a, a), key=KEY_ARTICLE,
                 on_change=_article_changed,
                 help="Articles passing the sidebar filters, in date order. Also `?article=<id>` in the URL.")
article_id = st.session_state[KEY_ARTICLE]
st.session_state[KEY_LAST] = article_id
focus = st.session_state.get(KEY_PARAGRAPH)
st.query_params[navigation.QP_ARTICLE] = article_id
if focus:
    st.query_params[navigation.QP_PARAGRAPH] = focus
elif navigation.QP_PARAGRAPH in st.query_params:
    del st.query_params[navigation.QP_PARAGRAPH]

article = reader.article_record(snapshot, article_id)
fields = reader.article_metadata(article)
st.header(escape_text(shown_title(article[ArticleCol.TITLE], title_source(article[ArticleCol.TITLE_NOTE]))),
          anchor=False)
evidence = reader.title_evidence(article)
if evidence:
    st.caption(f"Headline inferred: {escape_text(reader.plain_title_evidence(evidence))}", unsafe_allow_html=True)

with st.container(border=True):
    lines = []
    for f in fields[1:]:
        value = escape_text(f.value)
        if f.is_url:
            value = f'<a href="{value}" target="_blank" rel="noopener noreferrer">{value}</a>'
        badge = " <span class='nl-inferred'>inferred</span>" if f.inferred else ""
        lines.append(f"**{f.label}:** {value}{badge}")
    st.markdown("<br>".join(lines), unsafe_allow_html=True)
    inferred = [f.label.lower() for f in fields if f.inferred]
    st.caption(("Inferred from the text or the address, not given by the corpus: " + ", ".join(inferred) + ".")
               if inferred else "All metadata was given by the corpus or the page itself; none was inferred.")
    for warning in reader.article_warnings(article):
        st.caption(f"⚠ {escape_text(warning)}", unsafe_allow_html=True)
    # the raw files the build kept out as copies of this one (a site reprinting it is a finding)
    copies = table.loc[table[ArticleCol.ID] == article_id, "copies_left_out"].iloc[0]
    if copies:
        st.caption(escape_text("Left out by the build as copies of this article: "
                               + "; ".join(f"{c['file']} ({c['reason']})" for c in copies) + "."),
                   unsafe_allow_html=True)

# The story it belongs to, one click from Compare (a reviewer checking a lens or a "first" had to
# go back to the other pages to find it).
story_of, story_notices = cached_story_of(snapshot.snapshot_id, judgements.verdicts_key(snapshot), snapshot)
story = story_of.get(article_id)
if story is not None:
    with st.container(border=True):
        # grouped now, not as the snapshot stores them (as Compare says)
        ui_model.render_stored_stories_notices(story_notices, caption=True)
        others = [a for a in story.article_ids if a != article_id]
        shown = others[:navigation.COMPARE_MAX_ARTICLES - 1]
        members = snapshot.articles[snapshot.articles[ArticleCol.ID].isin(story.article_ids)]
        outlet_of = dict(zip(members[ArticleCol.ID], outlet_labels(members)))
        story_title = escape_text(shown_title(story.title, story.title_source))
        st.markdown(f"**Story:** {story_title}<br>{reader.story_text(story, article_id, outlet_of)}",
                    unsafe_allow_html=True)
        label = (f"Compare with the other {len(others)} report{'s' if len(others) != 1 else ''}"
                 if len(shown) == len(others) else f"Compare with {len(shown)} of the other {len(others)} reports")
        if st.button(label, key="rd_compare_story", icon=":material/compare_arrows:"):
            navigation.open_compare([article_id] + shown)

removed = reader.removal_summary(snapshot, article_id)
with presentation.controls("reader-options"):
    left, mid, right = st.columns([2, 2, 1])
    show_removed = left.toggle(
        "Show what cleaning removed", key="rd_show_removed",
        help="Navigation, teasers, captions, bios and other page furniture the pipeline set aside, "
             "each with the reason.",
        disabled=not removed)
    left.caption("Removed: " + reader.removal_text(removed) if removed
                 else "Cleaning removed nothing from this article.")
    show_similar = mid.toggle("Show similar paragraphs in other articles", value=True, key="rd_show_similar")
    min_score = right.number_input("Min. similarity", 0.0, 1.0, value=similar.DEFAULT_MIN_SCORE, step=0.05,
                                   key="rd_min_score", format="%.2f",
                                   help="The cosine of the two paragraphs' vectors, shown beside each match. Under "
                                        "a multilingual model the matches are ordered with each language's trace "
                                        "kept out, so a report in another language can come before a closer one "
                                        "in this article's language.")

paragraphs = reader.reader_paragraphs(snapshot, article_id, show_removed=show_removed)
content_rows = [int(r) for r, kind in zip(paragraphs["row"], paragraphs[ParagraphCol.KIND]) if kind in Kind.CONTENT]
matches = similar.similar_for_rows(
    snapshot, content_rows, k=SIMILAR_K, min_score=float(min_score),
    candidate_mask=paragraph_mask(snapshot.paragraphs, snapshot.articles, filters,
                                  topic_state.topic_labels(snapshot) if filters.topics else None)) \
    if show_similar and not similar.unread_language(snapshot, article_id) else None   # (none looked up: the note says why)

if show_similar and (note := similar.unread_note(snapshot, article_id)):
    note = ui_model.with_app_hint(note)   # the page's own fix, as Search says it
    st.caption(escape_text(note))     # a folder's name is no markdown
st.html(reader.READER_CSS)


def _correct(text: str, action: str) -> None:
    try:
        path = corrections.save_paragraph_correction(snapshot, article, text, action)
    except corrections.CorrectionError as exc:
        st.session_state["rd_correction_msg"] = ("error", str(exc))
        return
    verdict = "article text" if action == corrections.RESTORE else "page furniture"
    st.session_state["rd_correction_msg"] = (
        "ok", f"Saved to {path}: this paragraph is {verdict}. The next build applies it.")


def _correction_button(where, row) -> None:
    """Under "Show what cleaning removed": restore a removed paragraph, or mark a kept one."""
    if config.read_only() or not show_removed or row.get("part", 0):     # read-only: nothing writes
        return
    if row["removed"]:
        where.button("Restore as article text", key=f"rd_fix_{row['row']}", type="tertiary",
                     icon=":material/undo:", on_click=_correct, args=(row[ParagraphCol.TEXT], corrections.RESTORE),
                     help="Saves a correction in the raw folder; the next build keeps this paragraph as content.")
    else:
        where.button("Mark as page furniture", key=f"rd_fix_{row['row']}", type="tertiary",
                     icon=":material/block:", on_click=_correct, args=(row[ParagraphCol.TEXT], corrections.REMOVE),
                     help="Saves a correction in the raw folder; the next build sets this paragraph aside.")


st.subheader("Text", anchor=False)
message = st.session_state.pop("rd_correction_msg", None)
if message:
    (st.success if message[0] == "ok" else st.error)(escape_text(message[1]))
if paragraphs.empty:
    st.info("This article has no paragraphs left after cleaning.", icon=":material/info:")
for _, row in paragraphs.iterrows():
    body = reader.paragraph_html(row, focus=focus)
    if matches is None or row["removed"] or row[ParagraphCol.KIND] not in Kind.CONTENT:
        st.markdown(body, unsafe_allow_html=True)
        _correction_button(st, row)
        continue
    text_col, similar_col = st.columns([3, 2], gap="medium")
    text_col.markdown(body, unsafe_allow_html=True)
    _correction_button(text_col, row)
    hits = matches[matches["source_row"] == row["row"]]
    with similar_col.container(key=f"nl-sim-{row['row']}"):
        if hits.empty:
            st.caption("No close paragraph in other articles.")
        for n, hit in enumerate(hits.itertuples(index=False)):
            when = describe_date(hit.date_start, hit.date_end)
            st.markdown(f"<div class='nl-sim'><b>{escape_text(hit.outlet)}</b> · {escape_text(when)} · "
                        f"similarity {hit.score:.2f}<div class='nl-snippet'>{escape_text(hit.text)}</div></div>",
                        unsafe_allow_html=True)
            st.button("Open in reader", key=f"rd_open_{row['row']}_{n}", type="tertiary",
                      icon=":material/arrow_forward:", on_click=_open,
                      args=(hit.article_id, hit.paragraph_id))
        st.page_link("pages/search.py", label="More like this (search)", icon=":material/join_inner:",
                     query_params={"like": str(row[ParagraphCol.ID])})

if focus:
    target = reader.paragraph_anchor(focus)
    st.html(f"<script>setTimeout(() => {{ const el = window.parent.document.getElementById('{target}') "
            f"|| document.getElementById('{target}'); if (el) el.scrollIntoView({{block: 'center'}}); }}, 300);</script>",
            unsafe_allow_javascript=True)
