"""Synthetic sources for the collector tests, written for them: a Telegram Desktop channel export
(entities, forwards, media-only posts, edits, a service message) and export tables."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

CHANNEL = "Frontline Intercepts"
CHANNEL_ID = 1700000001


def telegram_export() -> dict:
    """The shape Telegram Desktop writes for "Export chat history" (JSON) of a channel."""
    return {
        "name": CHANNEL, "type": "public_channel", "id": CHANNEL_ID,
        "messages": [
            {"id": 1, "type": "service", "date": "2025-09-20T10:00:00", "date_unixtime": "1758362400",
             "actor": CHANNEL, "actor_id": f"channel{CHANNEL_ID}", "action": "create_channel",
             "title": CHANNEL, "text": "", "text_entities": []},
            {"id": 41, "type": "message", "date": "2025-09-25T17:03:00", "date_unixtime": "1758812580",
             "edited": "2025-09-25T17:10:00", "edited_unixtime": "1758813000",
             "from": CHANNEL, "from_id": f"channel{CHANNEL_ID}",
             "text": [{"type": "bold", "text": "Intercept:"},
                      " a commander orders his unit to shoot anyone who retreats. ",
                      {"type": "text_link", "text": "Full recording", "href": "https://example.org/rec"},
                      " is on our site. ", {"type": "hashtag", "text": "#intercept"}],
             "text_entities": [{"type": "bold", "text": "Intercept:"},
                               {"type": "plain", "text": " a commander orders his unit to shoot anyone who retreats. "},
                               {"type": "text_link", "text": "Full recording", "href": "https://example.org/rec"},
                               {"type": "plain", "text": " is on our site. "},
                               {"type": "hashtag", "text": "#intercept"}]},
            {"id": 42, "type": "message", "date": "2025-09-25T18:00:00", "date_unixtime": "1758816000",
             "from": CHANNEL, "from_id": f"channel{CHANNEL_ID}",
             "photo": "(File not included. Change data exporting settings to download.)",
             "width": 1280, "height": 720, "text": "", "text_entities": []},
            {"id": 43, "type": "message", "date": "2025-09-26T08:15:00", "date_unixtime": "1758874500",
             "from": CHANNEL, "from_id": f"channel{CHANNEL_ID}", "forwarded_from": "Intelligence Directorate",
             "text": "Soldiers in the recording complain that they have had no rotation for five months "
                     "and no water for two days.",
             "text_entities": [{"type": "plain", "text": "Soldiers in the recording complain that they have "
                                "had no rotation for five months and no water for two days."}]},
            {"id": 44, "type": "message", "date": "2025-09-26T09:00:00", "date_unixtime": "1758877200",
             "from": CHANNEL, "from_id": f"channel{CHANNEL_ID}",
             "file": "(File not included. Change data exporting settings to download.)",
             "media_type": "video_file", "mime_type": "video/mp4", "duration_seconds": 95,
             "text": "", "text_entities": []},
        ],
    }


def write_telegram(folder: Path) -> Path:
    path = folder / "result.json"
    path.write_text(json.dumps(telegram_export(), ensure_ascii=False, indent=1), encoding="utf-8")
    return path


MEDIACLOUD_ROWS = [
    {"id": "9001", "publish_date": "2025-09-27 06:00:00", "title": "Commander's order heard on radio",
     "url": "https://news.example.com/2025/09/27/commander-order", "language": "en",
     "media_name": "Example Daily", "media_url": "news.example.com",
     "text": "A radio intercept published this week has a commander ordering troops forward and "
             "threatening anyone who retreats."},
    {"id": "9002", "publish_date": "2025-09-28", "title": "No text and no link", "url": "",
     "language": "en", "media_name": "Example Daily", "media_url": "news.example.com", "text": ""},
    {"id": "9003", "publish_date": "2025-09-29", "title": "Desertion cases climb again",
     "url": "https://other.example.net/desertion-cases", "language": "en", "media_name": "Other Weekly",
     "media_url": "other.example.net",
     "text": "Prosecutors opened more desertion cases in September than in any month this year, "
             "according to figures released on Monday."},
]


def write_mediacloud_csv(folder: Path) -> Path:
    path = folder / "mediacloud.csv"
    pd.DataFrame(MEDIACLOUD_ROWS).to_csv(path, index=False)
    return path


def write_parquet(folder: Path) -> Path:
    path = folder / "export.parquet"
    frame = pd.DataFrame({"headline": ["Letters home describe exhaustion"],
                          "body": ["Letters sent home by conscripts describe exhaustion, missing pay and "
                                   "rotations that never come."],
                          "outlet": ["Letters Review"],
                          "date": [pd.Timestamp("2025-10-01T12:00:00Z")]})
    frame.to_parquet(path)
    return path


def write_links_jsonl(folder: Path, urls: list[str]) -> Path:
    path = folder / "gdelt.jsonl"
    lines = [json.dumps({"DocumentIdentifier": u, "SourceCommonName": "Frontline Ledger", "SQLDATE": "20250926"})
             for u in urls]
    lines.insert(1, "{not json")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
