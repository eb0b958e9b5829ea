"""``python -m newslens compare A B [C...]`` and ``python -m newslens stories``."""
from __future__ import annotations

import argparse
import textwrap

from newslens.command import (CommandError, add_common, corpus_notices, corpus_payload, emit_json, emit_notes,
                              note_lines, open_snapshot)
from newslens.dates import DATE, DATE_ISO, DATE_KEYS, NO_ORDER, article_dates
from newslens.export import envelope
from newslens.outlets import outlet_labels
from newslens.safe import terminal_text
from newslens.schema import ArticleCol, shown_title
from newslens.compare.alignment import (PAIRED_BY_NAMES, PAIRED_BY_POSITION, CompareError, Comparison,
                                        compare_with_reference, comparison_dict, resolve_article_id)
from newslens.compare import judgements
from newslens.compare.stories import MAX_DAYS, group_stories
from newslens.compare.story_store import story_result


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("compare", help="compare how outlets word one story (paragraphs, quotes, numbers, hedges)",
                       description="Align the paragraphs of ARTICLE_A and ARTICLE_B by meaning (by shared "
                                   "words when the model does not cover their language; the output says which) "
                                   "and list what changed. With more articles, the first is the reference the "
                                   "others are aligned to. Ids may be shortened to a unique prefix (e.g. 000). "
                                   "--json prints snapshot_id, inputs (the article ids resolved, the threshold "
                                   "given), notices (the comparisons' notes) and the comparison's keys (a, b, "
                                   "pairs, quotes, numbers, hedges, citations, reuse, notes), or with more "
                                   "articles reference and comparisons (one such object per article).")
    p.add_argument("articles", nargs="+", metavar="ARTICLE", help="two or more article ids (or unique prefixes)")
    p.add_argument("--threshold", type=float, default=None,
                   help="minimum paragraph similarity to align (default depends on the model; for two "
                        "languages a multilingual model's cross-language shift is taken off it; a comparison "
                        "by shared words moves the word bar in proportion)")
    add_common(p)
    p.set_defaults(handler=run_compare)

    s = sub.add_parser("stories", help="list groups of articles that report the same event, and why",
                       description="--json prints snapshot_id, inputs (max_days), notices and stories: each "
                                   "with story_id, title, title_from_url (the title is a member's url words, not "
                                   "a printed headline), title_source ('headline', 'url' or 'first sentence'), "
                                   "article_ids, first_reporter and first_reporter_certain "
                                   "(timeline --json uses the same names), lags, date (each member's date as a reader "
                                   "says it), date_iso ('2022-03-18', 'on or after 2025-09-25', null when "
                                   "undated) and time_utc ('15:53' when the exact time is known), each by member "
                                   "id; confidence, sure and the evidence. dates and dates_text are date_iso and "
                                   "date under their old names, deprecated.")
    s.add_argument("--max-days", type=float, default=MAX_DAYS,
                   help=f"how far apart two reports' possible dates may be, in days (default {MAX_DAYS:g}); a "
                        "smaller window can split a story in two, so it can give more stories, not fewer")
    add_common(s)
    s.set_defaults(handler=run_stories)

    j = sub.add_parser("judge", help="say that articles tell one event or different events (every view applies it)",
                       description="Record a researcher's verdict on story grouping in the raw folder "
                                   "(story_judgements.yaml; rebuilds keep it): 'same' puts the first article in "
                                   "one story with each other one, 'different' keeps it out of a story with each "
                                   "other one, 'forget' removes the verdicts on those pairs, 'list' shows them. "
                                   "The Compare, Timeline and Articles pages and `stories` apply them at once. "
                                   "--json prints snapshot_id, inputs, notices (verdicts not applied, and why), "
                                   "path (where a verdict was saved), not_applied (pairs saved whose verdict the "
                                   "stories cannot show: a 'same' a 'different' verdict blocks), forgotten (how many "
                                   "went) and verdicts (a, b, verdict, a_file, b_file, by, at, note, text).")
    j.add_argument("action", choices=["same", "different", "forget", "list"])
    j.add_argument("articles", nargs="*", metavar="ARTICLE", help="two or more article ids (or unique prefixes); "
                                                                   "the first is judged against each other one "
                                                                   "(list: the verdicts on these articles)")
    j.add_argument("--note", default="", help="why (kept with the verdict)")
    j.add_argument("--by", default="", help="who says so (kept with the verdict)")
    add_common(j)
    j.set_defaults(handler=run_judge)


def run_compare(args: argparse.Namespace) -> int:
    if len(args.articles) < 2:
        raise CommandError("compare needs at least two article ids (see `python -m newslens articles`)")
    if args.threshold is not None and not 0.0 < args.threshold < 1.0:
        raise CommandError("--threshold must be between 0 and 1")
    snapshot = open_snapshot(args)
    try:
        ids = [resolve_article_id(snapshot, key) for key in args.articles]
        comparisons = compare_with_reference(snapshot, ids[0], ids[1:], threshold=args.threshold)
    except CompareError as exc:
        raise CommandError(str(exc)) from None
    if not comparisons:
        raise CommandError("compare an article with a different one")
    if args.json:
        inputs = {"articles": ids, "threshold": args.threshold}
        notices = list(dict.fromkeys(note for c in comparisons for note in c.notes))
        # one pair keeps its flat keys (what scripts read: reuse, hedges...), more give a list
        results = (comparison_dict(comparisons[0]) if len(comparisons) == 1 else
                   {"reference": ids[0], "comparisons": [comparison_dict(c) for c in comparisons]})
        emit_json(corpus_payload(snapshot, envelope(snapshot.snapshot_id, inputs, notices, **results)))
        return 0
    for n, comparison in enumerate(comparisons):
        if n:
            print("\n" + "=" * 100 + "\n")
        print_comparison(comparison, notes=corpus_notices(snapshot, comparison.notes))
    return 0


def _clip(text: str | None, width: int) -> str:
    """``text`` on one line, without control characters (article text is untrusted), cut to ``width``."""
    if text is None:
        return "-"
    text = " ".join(terminal_text(text).split())
    return text if len(text) <= width else text[: width - 1] + "\u2026"


# The "sim" column of a translation's pair (``anchors``): what placed it, in five characters.
_PLACED = {PAIRED_BY_NAMES: "names", PAIRED_BY_POSITION: "order"}


def print_comparison(c: Comparison, width: int = 48, notes: list[str] | None = None) -> None:
    data = comparison_dict(c)
    t = terminal_text
    print(f"A: {t(c.a.article_id)}  {t(c.a.label)}  {t(c.a.display_title)}")
    print(f"B: {t(c.b.article_id)}  {t(c.b.label)}  {t(c.b.display_title)}")
    print(f"Reuse: {c.reuse.summary()}")
    for note in c.notes if notes is None else notes:
        print(f"Note: {note}")
    print(f"\n{'sim':>5}  {'A':<{width}}  B")
    for p in c.pairs:
        sim = (f"{p.similarity:.2f}" if p.similarity is not None
               else _PLACED.get(p.paired_by, "  -  ") if p.status == "aligned" else "  -  ")
        left = textwrap.wrap(_clip(p.a_text, 3 * width), width) or ["-"]
        right = textwrap.wrap(_clip(p.b_text, 3 * width), width) or ["-"]
        for i in range(max(len(left), len(right))):
            print(f"{sim if i == 0 else '':>5}  {left[i] if i < len(left) else '':<{width}}  "
                  f"{right[i] if i < len(right) else ''}")
        print()
    print("Quotes:")
    for side in ("a", "b"):
        for q in data["quotes"][side]:
            extra = ""
            for m in q["matches"]:
                if m["words_only_here"]:
                    extra += f"; only here: {t(', '.join(m['words_only_here']))}"
            print(f"  [{side.upper()}] {q['status']:<12} \u201c{_clip(q['text'], 80)}\u201d{extra}")
    print("Numbers:")
    for row in data["numbers"]:
        a = t(row["a"]["text"]) if row["a"] else "-"
        b = t(row["b"]["text"]) if row["b"] else "-"
        print(f"  {row['status']:<32} A: {a:<34} B: {b}")
    print("Hedges dropped:")
    for flag in data["hedges"]["flags"] or [{"message": "none"}]:
        print(f"  {t(flag['message'])}")
    print("Sources cited:")
    for row in data["citations"]:
        print(f"  {row['cited_by']:<5} {t(row['source'])} ({row['kind']})")


def run_stories(args: argparse.Namespace) -> int:
    snapshot = open_snapshot(args)
    # The pipeline's stories unless another --max-days asks for a grouping of its own.
    result = (story_result(snapshot) if args.max_days == MAX_DAYS
              else judgements.apply_verdicts(group_stories(snapshot, max_days=args.max_days), snapshot,
                                             judgements.read_verdicts(snapshot)))
    emit_notes(corpus_notices(snapshot, result.snapshot_notices))
    stories = result.stories
    dated = article_dates(snapshot.articles)     # each article's date and date_iso, by id
    if args.json:
        found = result.to_dict()
        payload = envelope(snapshot.snapshot_id, {"max_days": args.max_days}, found.pop("notices"), **found)
        for story in payload["stories"]:
            # each member's own date, as precisely as known (with fewer than two dated, no lag says
            # it), under the keys of every --json, by member id as ``lags``
            for key in DATE_KEYS:
                story[key] = {aid: dated[key].get(aid) for aid in story["article_ids"]}
            # the names the README gave them first, deprecated (to be removed in the next release)
            story["dates"], story["dates_text"] = story[DATE_ISO], story[DATE]
        emit_json(corpus_payload(snapshot, payload))
        return 0
    for notice in corpus_notices(snapshot, result.notices):
        for line in note_lines(notice):
            print(line)
        print()
    if not stories:
        judged = len(judgements.read_verdicts(snapshot).found)
        print("No story groups: no two articles have enough converging evidence (meaning, shared passages, "
              f"rare numbers and names, long quotes) within {args.max_days:g} days"
              + (f", or a researcher's verdicts keep them apart ({judged} verdict{'s' if judged != 1 else ''}: "
                 "`python -m newslens judge list`)." if judged else "."))
        return 0
    outlets = dict(zip(snapshot.articles[ArticleCol.ID], outlet_labels(snapshot.articles)))
    for story in stories:
        title = shown_title(story.title, story.title_source)
        print(f"{story.id}  {terminal_text(title)}  (confidence {story.confidence:.2f}"
              f"{', sure' if story.sure else ''}{', corrected by a researcher' if story.judged else ''})")
        for aid in story.article_ids:
            when = dated[DATE_ISO].get(aid)
            # a dated report of a story with no order says its date, not "date unknown"
            lag = story.lag_text(aid) if story.first_reporter or when is None else f"{when} ({NO_ORDER})"
            print(f"    {terminal_text(aid):<28} {terminal_text(outlets.get(aid, '')):<30} {lag}")
        for line in textwrap.wrap(terminal_text(story.explanation), 110, initial_indent="    why: ", subsequent_indent="         "):
            print(line)
        for rel in story.related:
            print(f"    related, not the same story: {terminal_text(', '.join(rel.article_ids))} "
                  f"(evidence {rel.score:.2f}; {rel.why})" if rel.why else
                  f"    related, not the same story: {terminal_text(', '.join(rel.article_ids))} (evidence {rel.score:.2f})")
        print()
    return 0


def run_judge(args: argparse.Namespace) -> int:
    snapshot = open_snapshot(args)
    try:
        ids = list(dict.fromkeys(resolve_article_id(snapshot, key) for key in args.articles))
    except CompareError as exc:
        raise CommandError(str(exc)) from None
    done: dict = {}
    notes: list[str] = []
    if args.action != "list":
        if len(ids) < 2:
            raise CommandError(f"judge {args.action} needs two or more different article ids "
                               "(see `python -m newslens articles`)")
        pairs = [(ids[0], other) for other in ids[1:]]
        try:
            if args.action == "forget":
                done["forgotten"] = judgements.forget_verdicts(snapshot, pairs)
                if not done["forgotten"]:
                    notes.append(f"no verdict on {ids[0]} and {', '.join(ids[1:])} to forget")
            else:
                done["path"] = str(judgements.save_verdicts(snapshot, pairs, args.action, by=args.by, note=args.note))
                # what the stories show now: a "same" verdict a "different" one blocks is saved, not applied
                blocked = judgements.not_applied(story_result(snapshot), pairs, args.action)
                done["not_applied"] = [list(p) for p in blocked]
                notes += [f"saved but not applied: {a} and {b} stay apart (a \"different\" verdict keeps their "
                          "sides apart; `judge list` shows the verdicts)" for a, b in blocked]
        except judgements.JudgementError as exc:
            raise CommandError(str(exc)) from None
    verdicts = judgements.read_verdicts(snapshot)
    shown = judgements.verdicts_on(verdicts, ids) if args.action == "list" and ids else verdicts.found
    emit_notes(verdicts.warnings + notes)
    if args.json:
        emit_json(envelope(snapshot.snapshot_id, {"action": args.action, "articles": ids, "note": args.note or None,
                                                  "by": args.by or None},
                           verdicts.warnings + notes, **done, verdicts=[v.record() for v in shown]))
        return 0
    if args.action == "forget":
        print(f"Forgot {done['forgotten']} verdict{'s' if done['forgotten'] != 1 else ''}.")
    elif args.action != "list":
        print(f"Saved to {terminal_text(done['path'])}: {ids[0]} and {', '.join(ids[1:])}: "
              + ("one event." if args.action == judgements.SAME else "different events."))
    else:
        for v in shown:
            print(terminal_text(v.text))
        if not shown:
            print("No story judgements" + (" on these articles." if ids else "."))
    return 0
