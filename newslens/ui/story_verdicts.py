"""The Compare page's "Correct the grouping" panel: a researcher's verdict that reports tell one event
or different events, saved for every view (``newslens.compare.judgements``)."""
from __future__ import annotations

from typing import Callable

import streamlit as st

from newslens import config
from newslens.compare import judgements
from newslens.compare.stories import RelatedStory, Story, StoryResult
from newslens.knowledge import threshold
from newslens.safe import escape_text
from newslens.store import Snapshot
from newslens.ui import access

KEY_OUT = "cmp_verdict_out"
KEY_FORGET = "cmp_verdict_forget"
KEY_NOTE = "cmp_verdict_note"
KEY_SAVED = "cmp_verdict_saved"      # what the last save said, shown once after the rerun it causes
KEY_NEXT = "cmp_verdict_next"        # the articles the page opens on after a save (``pending_articles``)
# the closest reports or stories the grouping kept apart, listed to join (config/thresholds.yaml)
RELATED_SHOWN = threshold("compare", "related_shown", kind=int, low=1)


def _by() -> str | None:
    """Who a verdict is saved as: "" where no one signs in, the signed-in address (every view shows
    its name part only), None when the server cannot say who this visitor is (then nothing is saved:
    fail closed)."""
    owner = access.build_owner()
    if owner is None:
        return ""
    return None if owner == access.UNIDENTIFIED else owner


def _may_undo(verdict: judgements.Verdict) -> bool:
    """A build's cancel rule (``access.may_stop``): anyone where no one signs in; with sign-in, the
    verdict's author or an administrator, anyone for one saved with no author (the command line, or
    before sign-in was on)."""
    return access.may_stop_build(verdict.by or None)


def pending_articles() -> list[str] | None:
    """The articles to show after a verdict was saved (the story as it now stands), once."""
    return st.session_state.pop(KEY_NEXT, None)


def _save(snapshot: Snapshot, pairs: list[tuple[str, str]], verdict: str, after: list[str], said: str) -> None:
    by = _by()
    if by is None:
        st.error("Your sign-in could not be read, so the verdict was not saved: reload the page or sign in again.")
        return
    # a new verdict on a pair replaces the old: only where this visitor may undo that one (else the
    # undo rule were a click away from nothing; second review, session 36)
    judged = {frozenset(p) for p in pairs}
    theirs = [v for v in judgements.read_verdicts(snapshot).found
              if v.pair in judged and v.by != by and not _may_undo(v)]
    if theirs:
        st.error(escape_text("Not saved: " + "; ".join(v.text for v in theirs) + ". Only their author or an "
                             "administrator can change them."))
        return
    try:
        judgements.save_verdicts(snapshot, pairs, verdict, by=by, note=str(st.session_state.get(KEY_NOTE) or ""))
    except judgements.JudgementError as exc:
        st.error(escape_text(f"Not saved: {exc}."))
        return
    # whether the stories show it is read on the rerun, from the stories the page reads anyway (a "same"
    # verdict a "different" one blocks is saved but cannot apply)
    st.session_state[KEY_SAVED] = (said, pairs, verdict)
    st.session_state[KEY_NEXT] = after
    for key in (KEY_OUT, KEY_NOTE):
        st.session_state.pop(key, None)
    st.rerun()


def related_text(related: RelatedStory, shown: str) -> str:
    """How a related report (or story) is said beside the story: its evidence and why it did not join."""
    return f"{shown} (evidence {related.score:.2f}" + (f"; {related.why})" if related.why else ")")


def kept_apart(story: Story, stories: list[Story] | None = None) -> list[tuple[RelatedStory, tuple[str, str], list[str]]]:
    """The reports (or stories) the grouping kept apart from ``story``, closest first, each once, with
    the pair a "same" verdict joins (a member of the story and the closest of theirs) and every report
    that verdict brings in: with the page's ``stories`` (verdicts applied), the whole story the other
    report now stands in (a verdict may have joined it to more since the grouping listed it). An entry
    whose closest pair no longer reaches into the story (a verdict took that member out) is left out:
    joining it would join the report taken out, not this story."""
    members = set(story.article_ids)
    owner = {a: s for s in (stories or []) for a in s.article_ids}
    out, seen = [], set()
    for related in sorted(story.related, key=lambda r: -r.score):
        inside = [a for a in related.via if a in members]
        outside = [a for a in related.via if a not in members and a in related.article_ids]
        if not inside or not outside:
            continue
        joined = list(dict.fromkeys([*related.article_ids, *(owner[outside[0]].article_ids if outside[0] in owner else [])]))
        key = tuple(sorted(joined))
        if key in seen or members & set(joined):
            continue
        seen.add(key)
        out.append((related, (inside[0], outside[0]), joined))
    return out[:RELATED_SHOWN]


def _render_kept_apart(snapshot: Snapshot, story: Story, label: Callable[[str], str], stories: list[Story]) -> None:
    """``kept_apart``, each a click from a "same" verdict on its closest pair: some re-reports the
    grouping misses (another language, no date) are listed here, among related events of the theme.
    Each says every report the click brings in."""
    listed = kept_apart(story, stories)
    if not listed:
        return
    st.markdown("**Kept apart by the grouping, closest first.** Join one that reports this same event:")
    for related, pair, joined in listed:
        shown = "; ".join(label(a) for a in joined[:3]) + (f" and {len(joined) - 3} more" if len(joined) > 3 else "")
        text, button = st.columns([5, 1], vertical_alignment="center")
        text.markdown(escape_text(related_text(related, shown)), unsafe_allow_html=True)
        if button.button("Join", key=f"cmp_verdict_join_{pair[0]}_{pair[1]}", icon=":material/merge:",
                         help="One event: saves a \"same\" verdict on the closest pair, which joins this report "
                              "(or its story) to the story shown."):
            _save(snapshot, [pair], judgements.SAME, list(story.article_ids) + joined,
                  f"Saved: {shown} joined to this story.")


def render_verdict_panel(snapshot: Snapshot, story: Story | None, chosen: list[str], reference: str,
                         label: Callable[[str], str], result: StoryResult) -> None:
    """Take reports out of the detected ``story``, confirm it, or say the articles ``chosen`` by hand
    are one event or different ones; list the verdicts on them, to be undone; what the page's stories
    ``result`` say of the verdicts (one not applied, a file not read). Nothing on a read-only server
    (nothing is written there)."""
    notices = judgements.verdict_notices(result)
    if KEY_SAVED in st.session_state:
        said, pairs, verdict = st.session_state.pop(KEY_SAVED)
        st.success(escape_text(said), icon=":material/check:")
        shown = {a for s in result.stories for a in s.article_ids} | set(chosen)
        blocked = judgements.not_applied(result, [p for p in pairs if set(p) <= shown], verdict) if pairs else []
        if blocked:
            st.warning(escape_text(f"Not applied to {'; '.join(f'{a} and {b}' for a, b in blocked)}: a \"different\" "
                                   "verdict keeps their sides apart. Undo that verdict (below, on those reports) to "
                                   "join them."), icon=":material/warning:")
    if config.read_only():
        # nothing is saved here, but what the verdicts file says is said (as the Timeline does)
        for notice in notices:
            st.warning(escape_text(notice), icon=":material/warning:")
        return
    verdicts = judgements.read_verdicts(snapshot)
    on_these = judgements.verdicts_on(verdicts, chosen)
    counted = f"{len(on_these)} verdict{'s' if len(on_these) != 1 else ''} on these reports" if on_these else ""
    # a verdict not applied, a file not read: said on the panel's face and the panel open, not folded away
    problems = f"{len(notices)} notice{'s' if len(notices) != 1 else ''} about the verdicts" if notices else ""
    said = "; ".join(filter(None, (counted, problems)))
    with st.expander("Correct the grouping" + (f" ({said})" if said else ""), expanded=bool(notices)):
        if snapshot.raw_dir_here is None:
            # (verdicts live with the raw folder; a snapshot copied without it shows the copy its build carried)
            shown = ("the stories show the verdicts this snapshot's build carried with it"
                     if judgements.carried_verdicts(snapshot) is not None
                     else "the stories are the grouping's own (the build found no verdicts to carry)")
            st.caption("Verdicts are kept next to the raw articles this snapshot was built from, which are not on "
                       f"this machine: none can be saved here, and {shown}.")
            for notice in notices:      # (what the carried copy says: a verdict not applied, a file it lacks)
                st.warning(escape_text(notice), icon=":material/warning:")
            return
        st.caption("Your verdict is saved next to the raw articles (story_judgements.yaml): every page and "
                   "`python -m newslens stories` show the stories with it at once, and rebuilds keep it.")
        st.text_input("Why (optional, kept with the verdict)", key=KEY_NOTE, max_chars=300)
        others = [a for a in chosen if a != reference]
        if story is not None:
            out = st.multiselect("Reports that tell a different event", list(story.article_ids), key=KEY_OUT,
                                 format_func=label, placeholder="Choose the reports to take out")
            rest = [a for a in story.article_ids if a not in out]
            left, right = st.columns(2)
            if left.button("Take them out of this story", key="cmp_verdict_take_out", disabled=not out or not rest,
                           icon=":material/call_split:"):
                pairs = [(x, m) for x in out for m in rest]
                _save(snapshot, pairs, judgements.DIFFERENT, rest if len(rest) >= 2 else chosen,
                      f"Saved: {len(out)} report{'s' if len(out) != 1 else ''} taken out of this story.")
            if right.button("Confirm: these report one event", key="cmp_verdict_confirm", icon=":material/verified:",
                            help="Links every report of the story (those not shown side by side too) to the "
                                 "reference at confidence 1.00: the story becomes sure."):
                _save(snapshot, [(reference, m) for m in story.article_ids if m != reference], judgements.SAME,
                      list(story.article_ids), "Saved: these reports tell one event.")
            _render_kept_apart(snapshot, story, label, result.stories)
        elif len(chosen) >= 2:
            left, right = st.columns(2)
            if left.button("One event: make these one story", key="cmp_verdict_same", icon=":material/merge:"):
                _save(snapshot, [(reference, m) for m in others], judgements.SAME, chosen,
                      "Saved: these reports tell one event.")
            if right.button("Different events: never group these", key="cmp_verdict_different",
                            icon=":material/call_split:"):
                pairs = [(a, b) for n, a in enumerate(chosen) for b in chosen[n + 1:]]
                _save(snapshot, pairs, judgements.DIFFERENT, chosen, "Saved: these reports tell different events.")
        if on_these:
            texts = {v.text: v for v in on_these if _may_undo(v)}
            others_said = [v for v in on_these if v.text not in texts]
            if others_said:
                st.caption(escape_text("Not yours to undo (only their author or an administrator can): "
                                       + "; ".join(v.text for v in others_said) + "."), unsafe_allow_html=True)
            forget = st.multiselect("Verdicts on these reports", list(texts), key=KEY_FORGET,
                                    placeholder="Choose verdicts to undo", disabled=not texts)
            if st.button("Undo the chosen verdicts", key="cmp_verdict_undo", disabled=not forget, icon=":material/undo:"):
                try:
                    judgements.forget_verdicts(snapshot, [(texts[t].a, texts[t].b) for t in forget])
                except judgements.JudgementError as exc:
                    st.error(escape_text(f"Not undone: {exc}."))
                    return
                st.session_state.pop(KEY_FORGET, None)
                st.session_state[KEY_SAVED] = (f"Undone: {len(forget)} verdict{'s' if len(forget) != 1 else ''}.", [], "")
                st.session_state[KEY_NEXT] = chosen
                st.rerun()
        for notice in notices:
            st.warning(escape_text(notice), icon=":material/warning:")
