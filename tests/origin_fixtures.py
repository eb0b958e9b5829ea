"""A channel post and three outlets re-reporting it hours and days later in their own words, citing
the channel (the shape of real intercept re-reports; text written for the tests), plus an unrelated
report that cites the same channel for another post. Used by the origin-post story tests."""
from __future__ import annotations

import json
from pathlib import Path

CHANNEL = "Frontline Intercepts"
USERNAME = "frontline_intercepts"
CHANNEL_ID = 1700000002
POST_ID = 311
POST_TIME = "2025-10-03T09:12:00Z"        # 1759482720


def _entities(text: str) -> list[dict]:
    return [{"type": "plain", "text": text}]


def channel_export() -> dict:
    """A Telegram Desktop channel export: the intercept post, a later post linking back to it, and
    an unrelated post."""
    post = ("Intercept: a soldier of the 1427th motorised rifle regiment tells his wife that officers "
            "shot two men near Kupiansk for refusing to advance. \"They lined them up by the dugout and "
            "fired, in front of all of us, so nobody else would turn back,\" he says. He adds that 38 "
            "men of his company have deserted since August.")
    return {
        "name": CHANNEL, "type": "public_channel", "id": CHANNEL_ID,
        "messages": [
            {"id": POST_ID, "type": "message", "date": "2025-10-03T12:12:00", "date_unixtime": "1759482720",
             "from": CHANNEL, "from_id": f"channel{CHANNEL_ID}",
             "text": [{"type": "bold", "text": "Intercept:"}, post.removeprefix("Intercept:")],
             "text_entities": [{"type": "bold", "text": "Intercept:"}, *_entities(post.removeprefix("Intercept:"))]},
            {"id": POST_ID + 1, "type": "message", "date": "2025-10-03T15:40:00", "date_unixtime": "1759495200",
             "from": CHANNEL, "from_id": f"channel{CHANNEL_ID}",
             "text": ["Full audio of the call: ", {"type": "link", "text": f"https://t.me/{USERNAME}/{POST_ID}"},
                      " and our earlier one ", {"type": "link", "text": f"https://t.me/{USERNAME}/290"}],
             "text_entities": [{"type": "plain", "text": "Full audio of the call: "},
                               {"type": "link", "text": f"https://t.me/{USERNAME}/{POST_ID}"},
                               {"type": "plain", "text": " and our earlier one "},
                               {"type": "link", "text": f"https://t.me/{USERNAME}/290"}]},
            {"id": POST_ID + 2, "type": "message", "date": "2025-10-06T11:00:00", "date_unixtime": "1759741200",
             "from": CHANNEL, "from_id": f"channel{CHANNEL_ID}",
             "text": "Drone footage from Pokrovsk shows a supply column of 14 trucks burning on the highway "
                     "west of the town after an overnight strike.",
             "text_entities": _entities("Drone footage from Pokrovsk shows a supply column of 14 trucks burning "
                                        "on the highway west of the town after an overnight strike.")},
        ],
    }


# Outlet, domain, exact or day date, title, text. Each rewords the post and cites the channel.
REPORTS = [
    ("Kyiv Ledger", "kyivledger.test", "2025-10-03T14:30:00Z", "Soldier says officers executed two men who would not attack",
     "An intercepted phone call published on Friday by the Telegram channel Frontline Intercepts appears to "
     "capture a Russian soldier describing how two of his comrades were executed.\n\n"
     "The man, who says he serves in the 1427th motorised rifle regiment, tells his wife that officers shot "
     "the pair near Kupiansk because they refused to go forward. \"They lined them up by the dugout and fired, "
     "in front of all of us,\" he is heard saying.\n\n"
     "He also claims that 38 soldiers from his company have fled since August. The Kyiv Ledger could not "
     "independently verify the recording."),
    ("Baltic Monitor", "balticmonitor.test", "2025-10-04T07:00:00Z", "Intercept: Russian unit shoots its own men",
     "Russian officers killed two servicemen in front of their unit for refusing an order to attack, a soldier "
     "says in a call intercepted and posted by Frontline Intercepts, a Telegram channel.\n\n"
     "According to the soldier, the killings took place near Kupiansk and were meant as a warning: "
     "\"so nobody else would turn back.\" He names his unit as the 1427th regiment.\n\n"
     "Desertion is widespread, he says, with 38 men gone from his company since the summer."),
    ("Danube Weekly", "danubeweekly.test", "2025-10-05", "Executions at the front, as told on the phone",
     "A new recording circulating on Telegram has a soldier from the 1427th regiment telling his wife about "
     "an execution near Kupiansk. The Frontline Intercepts channel, which released the call, says it was "
     "recorded this week.\n\n"
     "In the call he says two men who would not advance were lined up and shot by officers while the rest "
     "of the unit watched, and that 38 of his company have deserted.\n\n"
     "Such accounts cannot be checked independently; the regiment has not commented."),
    # Cites the same channel, but for its other post: a different event that must stay apart.
    ("Kyiv Ledger", "kyivledger.test", "2025-10-06T15:00:00Z", "Supply trucks hit near Pokrovsk",
     "Video shared by the Telegram channel Frontline Intercepts shows a convoy of 14 lorries on fire on a road "
     "west of Pokrovsk.\n\nLocal officials said the strike happened overnight and that the road was closed "
     "for several hours while the wreckage was cleared."),
]


def write_channel_export(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "result.json"
    path.write_text(json.dumps(channel_export(), ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def write_reports(folder: Path) -> Path:
    """The outlets' reports as a JSONL export with a text column (imported directly)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "reports.jsonl"
    rows = [{"url": f"https://{domain}/news/{n}", "title": title, "text": text, "publish_date": date,
             "media_name": outlet, "domain": domain, "language": "en"}
            for n, (outlet, domain, date, title, text) in enumerate(REPORTS, start=1)]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    return path
