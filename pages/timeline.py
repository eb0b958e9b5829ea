"""Timeline of reports: when reports appeared, who published them, who was first."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from newslens import dates
from newslens.ui import add_articles, corpus, loading, navigation, presentation, render, sidebar, topic_state
from newslens.ui import model_choice as ui_model
from newslens.timeline import aggregate as timeline
from newslens.compare import judgements
from newslens.compare.stories import sure_confidence
from newslens.outlets import outlet_labels
from newslens.safe import escape_text
from newslens.schema import TITLE_SOURCE_FIELD, TITLE_SOURCE_WORDS, ArticleCol, TitleSource, shown_title
from newslens.store import Snapshot

UNDATED_NAMED = 5     # at most this many undated articles are named under the chart; more are counted

snapshot = loading.get_snapshot()
if snapshot is None:
    st.stop()
filters = sidebar.current_filters()
large = presentation.presentation_mode()
# A topic filter keeps the articles with at least one paragraph carrying a chosen lens.
articles = timeline.filter_timeline_articles(snapshot, filters,
                                             topic_state.topic_labels(snapshot) if filters.topics else None)


@st.cache_resource(show_spinner="Finding re-reports…", max_entries=16)
def rereports(snapshot_id: str, ids_key: str, verdicts_key: str, _article_ids: list[str], _snapshot: Snapshot) -> tuple:
    # Keyed by snapshot id, a digest of the filtered articles and the researcher's story verdicts
    # (newslens.compare.judgements: one saved on Compare shows here at once). Read only: a
    # resource, not unpickled on every rerun.
    return timeline.find_rereports(_snapshot, _article_ids)


@st.cache_resource(show_spinner=False, max_entries=16)
def timeline_points(snapshot_id: str, ids_key: str, _articles: pd.DataFrame) -> pd.DataFrame:
    # The filtered articles are fixed by the snapshot and their ids in order, so their points (dates
    # worded, outlets labelled, sorted: 0.2-0.4 s at 100k articles) are computed once per view, not
    # per rerun. Read only: every use below filters or copies.
    return timeline.timeline_points(_articles)


st.title("Timeline of reports")
active = corpus.active_corpus()
add_articles.render_run_notice(active.name if active else None)
if articles.empty:
    st.info("No article matches the sidebar filters. Widen the outlets or dates, or reset the filters.",
            icon=":material/filter_alt_off:")
    st.stop()

article_ids = articles[ArticleCol.ID].tolist()
view_key = loading.ids_key(article_ids)
points = timeline_points(snapshot.snapshot_id, view_key, articles)
undated = points[points["date_kind"] == dates.UNDATED]
st.caption(timeline.summary_caption(articles, tuple(escape_text(t) for t in filters.topics))
           + " Click a mark to open the article in the reader.")

stamp = render.chart_stamp(snapshot, filters)
event = render.render_figure(timeline.reports_figure(points, stamp, large=large), key="tl_reports",
                         filename="newslens-timeline", on_select="rerun", selection_mode="points")
picked = render.selected_points(event)
if picked:
    navigation.open_article(str(picked[0]))
if len(undated) > UNDATED_NAMED:    # a real scrape can leave dozens: a run-on list nobody reads
    st.caption(f"{len(undated)} undated articles are not on the timeline: they are at the end of the "
               "Articles table below (date unknown).")
elif len(undated):
    st.caption("Undated, so not on the timeline: "
               + "; ".join(f"{escape_text(o)} - {escape_text(shown_title(t, f))}" for o, t, f in
                           zip(outlet_labels(undated), undated[ArticleCol.TITLE], undated[TITLE_SOURCE_FIELD])))

st.subheader("Volume over time")
with presentation.controls("timeline-volume"):
    left, right = st.columns(2)
    freq = left.segmented_control("Count per", ["week", "month"], default="month", key="tl_freq",
                                  help="A month-only date is counted per month, never in a week.") or "month"
    split_options = ["outlet"] + [name for name in timeline.volume_splits(snapshot) if name != "outlet"]
    split = right.segmented_control("Split by", split_options, default="outlet", key="tl_split") or "outlet"
frame, group_col = timeline.volume_frame(snapshot, articles, split)
volume = timeline.volume_table(frame, freq, group_col=group_col, group_label=split.capitalize())
render.render_figure(timeline.volume_figure(volume, render.chart_stamp(snapshot, filters, f"per {freq}"), large=large),
                 key="tl_volume", filename=f"newslens-volume-per-{freq}")

st.subheader("Who reported first")
groups, rule_text, unordered, notices = rereports(snapshot.snapshot_id, view_key, judgements.verdicts_key(snapshot),
                                                  article_ids, snapshot)
ui_model.render_stored_stories_notices(notices)
with presentation.controls("timeline-rereports"):
    sure_default = timeline.sure_only_default(groups, unordered)
    sure_only = st.toggle(
        "Only stories the grouping is sure of", value=sure_default, key="tl_sure",
        help="Stories whose every report is linked firmly (story confidence at least "
             f"{sure_confidence():.2f}). On the labelled real corpora their pairs were far more often true "
             "re-reports than those of the other stories (README, \"Sure stories\").")
groups, hidden, unordered = timeline.sure_view(groups, unordered, sure_only)
# the stamp says which stories a slide of this chart shows
rereports_stamp = render.chart_stamp(snapshot, filters, "sure stories only" if sure_only else "all stories")
event = render.render_figure(timeline.rereports_figure(groups, articles, rereports_stamp, large=large,
                                                      unordered=unordered, less_sure=hidden),
                             key="tl_rereports", filename="newslens-rereports", on_select="rerun",
                             selection_mode="points")
picked = render.selected_points(event)
if picked:
    navigation.open_article(str(picked[0]))
drawn = timeline.stories_to_draw(groups)
if len(drawn) < len(groups):
    st.caption(f"The {len(drawn)} largest of {len(groups):,} stories are drawn; narrow the dates or outlets in the "
               "sidebar to see the others.")
if hidden and groups:      # (with none left, the chart itself says so)
    st.caption(timeline.less_sure_text(hidden)
               + ("" if presentation.presentation_mode() else
                  " Turn off \"Only stories the grouping is sure of\" to see them."))
if not sure_default and not sure_only:
    st.caption(timeline.NONE_SURE_TEXT)
if groups and unordered.text():
    st.caption(unordered.text())
with st.expander("How stories are grouped", expanded=False):
    st.markdown(rule_text)
    for n, group in enumerate(drawn, start=1):
        st.markdown(f"**Story {n}:** {escape_text(group.explanation)}", unsafe_allow_html=True)

st.subheader("Articles")
table = timeline.article_list(points)
# the "Title from" column only where some title is no printed headline (an empty column took a slide's width)
from_url = st.column_config.TextColumn(
    width=80 if table[timeline.TITLE_FROM_COLUMN].str.len().max() <= len(TITLE_SOURCE_WORDS[TitleSource.URL]) else 130,
    help=f"The page printed no headline, so the title is \"{TITLE_SOURCE_WORDS[TitleSource.URL]}\"'s words "
         f"(accents and punctuation lost) or, with no words in its url, \"{TITLE_SOURCE_WORDS[TitleSource.LEAD]}\" (cut)"
) if table[timeline.TITLE_FROM_COLUMN].astype(bool).any() else None
selection = st.dataframe(
    table, key="tl_articles", hide_index=True, width="stretch", on_select="rerun", selection_mode="single-row",
    column_config={ArticleCol.ID: None, "Date": st.column_config.TextColumn(width=230),
                   timeline.TITLE_FROM_COLUMN: from_url, "Title": st.column_config.TextColumn(width="large")},
)
rows = selection.selection.rows if selection is not None else []
if rows:
    navigation.open_article(str(table.iloc[rows[0]][ArticleCol.ID]))
