"""The hand-labelled lens set for the sample corpus (data/raw, the five seed articles).

Every paragraph of the five articles is listed with the lenses a careful reader would give it,
read on its own (M = morale, D = desertion, E = executions). A paragraph is identified by its
article id and a distinctive substring, so paragraph ids and splitting may change. Page furniture
is listed too (with no lens): if cleaning ever keeps it as content, it is still evaluated.

Hard cases, on purpose:
- "not deserting but refuse to follow suicidal orders": morale, not desertion;
- "shooting themselves in the leg": morale (self-harm to escape), not executions;
- "deserters were reportedly killed in public": executions and desertion;
- "those who refuse to fight will be given eight years in prison": morale (refusal), not desertion;
- counteroffensive progress, losses and verification notes: no lens.
"""
from __future__ import annotations

M, D, E = "morale", "desertion", "executions"

A0 = "000_786adddaa2322f99"   # Dagens
A1 = "001_36d63efe46190a9e"   # The Kyiv Independent
A2 = "002_21e244bc9db10bb7"   # International Business Times
A3 = "003_7ed601badc303a8f"   # Kyiv Post
A4 = "004_f5dda08f82416dc7"   # JOE

LABELS: list[tuple[str, str, tuple[str, ...]]] = [
    # 000 Dagens
    (A0, "says it intercepted a shocking phone call", ()),
    (A0, "Others are reading now", ()),
    (A0, "Commander orders troops to shoot their own", (E,)),
    (A0, "open fire on any comrades who try to retreat", (E,)),
    (A0, "paints a grim picture of how Moscow", ()),
    (A0, "No one is retreating anywhere\u201d", ()),          # heading quoting the call
    (A0, "the commander allegedly shouts", ()),
    (A0, "If anyone runs away, shoot them. I\u2019ll say it again", (E,)),
    (A0, "Also read", ()),
    (A0, "The words echo Stalin-era orders", (E,)),
    (A0, "Ukraine pushes counteroffensive in Donetsk", ()),
    (A0, "presses its counteroffensive in Donetsk", ()),
    (A0, "Around 160 square kilometres", ()),
    (A0, "seven villages in the Dobropillia", ()),
    (A0, "troops under severe pressure", ()),
    (A0, "Russian units are under mounting strain", ()),
    (A0, "forced to use fear and violence to keep soldiers in place", (E, M)),
    (A0, "reported on mass desertions at the front", (D,)),
    (A0, "50,000 Russian soldiers have deserted", (D,)),        # heading
    (A0, "more than 50,000 Russian troops have deserted", (D,)),
    (A0, "Many were caught, forced back into combat", (D,)),
    (A0, "Those who return to the front often face near-suicidal", (D,)),
    (A0, "Echoes of Wagner Group tactics", (E,)),
    (A0, "accused of shooting their own", (E,)),
    (A0, "notorious for executing fighters who tried to retreat", (E,)),
    (A0, "deserters were reportedly killed in public", (E, D)),
    (A0, "Putin raises penalties for desertion", (D,)),
    (A0, "increased prison terms for desertion and surrender", (D,)),
    (A0, "Soldiers who flee can now face three to ten years", (D,)),
    (A0, "institutionalised fear inside Russia", ()),
    (A0, "A brutal war with no easy exit", ()),
    (A0, "military discipline has deteriorated", (M,)),
    (A0, "risking rebellion within its own ranks", (M,)),
    (A0, "proof their counteroffensive is biting", ()),
    (A0, "Orders of this kind remain unverified", ()),
    (A0, "has not been independently confirmed", ()),
    (A0, "align with past behaviour documented by journalists", ()),
    (A0, "fits a pattern of coercion and violence", (E,)),
    (A0, "which may have used AI in the preparation", ()),
    # 001 The Kyiv Independent
    (A1, "by Tim Zadorozhnyy", ()),
    (A1, "open fire on subordinates attempting to retreat", (E,)),
    (A1, "demanded that troops stand their ground at all costs", ()),
    (A1, "\"There is no way to retreat, no way!", (E,)),
    (A1, "you f*kers: if anyone runs away", (E,)),
    (A1, "could not independently verify the authenticity", ()),
    (A1, "liberated 160 square kilometers", ()),
    (A1, "seven settlements in the Dobropillia", ()),
    (A1, "being executed for retreating have repeatedly surfaced", (E,)),
    (A1, "have deserted from the front lines since February 2022", (D,)),
    (A1, "forced back into front-line duty", (D,)),
    (A1, "increased prison terms for desertion and surrender to 3-10 years", (D,)),
    (A1, "rely on coercion and brutality instead of legal punishment", (E,)),
    (A1, "News Editor", ()),
    (A1, "is a news editor at The Kyiv Independent", ()),
    # 002 International Business Times
    (A2, "KEY POINTS", ()),
    (A2, "commanders were sitting and drinking while Ukrainian forces were attacking", (M,)),
    (A2, "Some Russian soldiers are now reportedly refusing to follow orders from military leaders", (M,)),
    (A2, "Refusal to obey orders has forced some Russian generals to join the war", (M,)),
    (A2, "could be planning to revolt against their commanders", (M,)),
    (A2, "complaining about his commander\u2019s lack of action", (M,)),
    (A2, "he himself is sitting there somewhere on a couch, drinking", (M,)),
    (A2, "defecating in his hat", (M,)),
    (A2, "take off your epaulets", (M,)),
    (A2, "string of reports about low morale among Russian troops", (M,)),
    (A2, "according to Foreign Policy reporter Jack Detsch", (M,)),
    (A2, "refusing to obey orders or not following commands", (M,)),
    (A2, "forced more high-ranking Russian generals to fight", (M,)),
    (A2, "have killed at least 26,350 Russian soldiers", ()),
    (A2, "A Ukrainian main battle tank sets in a position", ()),
    # 003 Kyiv Post
    (A3, "many of them pressed into service involuntarily", (M,)),
    (A3, "published a video appeal from soldiers of Russia\u2019s 1428th regiment", (M,)),
    (A3, "We don\u2019t want to carry out senseless and suicidal orders", (M,)),
    (A3, "say they are not deserting but refuse to follow suicidal orders", (M,)),
    (A3, "Mobilized Russian men from Zaporizhzhia complained about heavy losses", (M,)),
    (A3, "previously served on the second line of defense", ()),
    (A3, "China, Russia Conduct Joint Pacific Military Patrol", ()),
    (A3, "Other Topics of Interest", ()),
    (A3, "not targeted at any third party", ()),
    (A3, "several hundred men were out of action", ()),
    (A3, "hold open positions with almost no protection", ()),
    (A3, "There\u2019s no point in just sitting there", (M,)),
    (A3, "refusing to carry out tasks they consider", (M,)),
    (A3, "Suffering from severely low morale, many now say they simply won\u2019t go", (M,)),
    (A3, "To suggest a correction or clarification", ()),
    (A3, "highlight the text and press Ctrl + Enter", ()),
    # 004 JOE
    (A4, "Search icon", ()),
    (A4, "18th Mar 2022", ()),
    (A4, "are \u2018shooting themselves in the leg\u2019 so they can be discharged", (M,)),
    (A4, "The intercepted call is yet to be independently verified", ()),
    (A4, "debating shooting themselves and each other in the leg", (M,)),
    (A4, "released by Belarusian media source NEXTA", ()),
    (A4, "this footage is yet to be independently verified", ()),
    (A4, "discussed shooting each other\u2019s legs in order to be bandaged", (M,)),
    (A4, "We wanted to shoot each other\u2019s legs", (M,)),
    (A4, "those who refuse to fight will be given eight years in prison", (M,)),
    (A4, "beg God to", (M,)),
    (A4, "dropping their weapons and expressing their desire for the invasion to end", (M,)),
    (A4, "Related links", ()),
]
