"""A Telegram Desktop channel export ("Export chat history", JSON format, ``result.json``) -> items.

The format (as Telegram Desktop writes it): ``{"name", "type", "id", "messages": [...]}``; each
message has ``id``, ``type`` ("message" or "service"), ``date`` (the exporting computer's local
time), ``date_unixtime`` (UTC seconds, as a string), ``text`` (a string, or a list of strings and
entity objects ``{"type": "bold"|"link"|"text_link"|..., "text": ...}``), ``text_entities``,
optionally ``edited``/``edited_unixtime``, ``forwarded_from``, ``photo``, ``media_type``, ``file``.
A full-account export wraps chats in ``{"chats": {"list": [...]}}``; each channel in it is read.

One post = one article: the channel is the outlet, the exact post time (UTC) the date, the post's
t.me link the url (``https://t.me/<username>/<id>`` when the channel's public username is known,
else the members-only form ``https://t.me/c/<channel id>/<id>``), forwarded-from the original
source. Posts with no text (a photo or video alone) and service messages are skipped with a reason.
"""
from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

from newslens.schema import ArticleCol
from pipeline.collect.items import SKIPPED, Item, Outcome, Plan, SourceError

CHANNEL_TYPES = ("public_channel", "private_channel")
_USERNAME = re.compile(r"^@?([A-Za-z][A-Za-z0-9_]{3,31})$")
_TME = re.compile(r"(?:https?://)?t\.me/(?:s/)?([A-Za-z][A-Za-z0-9_]{3,31})/\d+", re.IGNORECASE)
MEDIA_KEYS = ("photo", "poll", "location_information", "contact_information", "file")
MEDIA_WORDS = {"video_file": "video", "voice_message": "voice message", "audio_file": "audio file",
               "video_message": "video message", "animation": "animation (GIF)", "sticker": "sticker"}


def media_of(message: dict) -> str | None:
    """What a post without text carries, in plain words ("video", "photo"), or None."""
    if message.get("media_type"):
        kind = str(message["media_type"])
        return MEDIA_WORDS.get(kind, kind.replace("_", " "))
    key = next((k for k in MEDIA_KEYS if message.get(k)), None)
    return key.replace("_information", "") if key else None


def looks_like_export(data: object) -> bool:
    """True for a Telegram Desktop JSON export (one chat, or a whole account's chats)."""
    if not isinstance(data, dict):
        return False
    if isinstance(data.get("messages"), list):
        return True
    chats = data.get("chats")
    return isinstance(chats, dict) and isinstance(chats.get("list"), list)


def flatten_text(text: object) -> str:
    """The post's text with its formatting entities flattened to plain text."""
    if text is None:
        return ""
    if isinstance(text, str):
        return text
    if isinstance(text, dict):
        return str(text.get("text") or "")
    if isinstance(text, list):
        return "".join(flatten_text(part) for part in text)
    return str(text)


def _utc(message: dict, unix_key: str, local_key: str) -> str | None:
    """ISO UTC time of a message field: date_unixtime is UTC; ``date`` alone is local time, kept as is."""
    unix = message.get(unix_key)
    if unix not in (None, ""):
        try:
            stamp = datetime.fromtimestamp(int(unix), tz=UTC)
            return stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
        except (TypeError, ValueError, OverflowError):
            pass
    local = message.get(local_key)
    return str(local) if local else None


def guess_username(chat: dict) -> str | None:
    """The channel's public username, when the export's own links name it (a post linking to
    another of the same channel's posts). Telegram does not write it into the export."""
    counts: dict[str, int] = {}
    for message in chat.get("messages") or []:
        if not isinstance(message, dict):
            continue
        for entity in message.get("text_entities") or []:
            if isinstance(entity, dict):
                for value in (entity.get("href"), entity.get("text")):
                    m = _TME.search(str(value or ""))
                    if m:
                        counts[m.group(1)] = counts.get(m.group(1), 0) + 1
    if not counts:
        return None
    best = max(counts, key=counts.get)
    return best if counts[best] >= 2 else None


def _chats(data: dict) -> list[dict]:
    if isinstance(data.get("messages"), list):
        return [data]
    return [c for c in data["chats"]["list"] if isinstance(c, dict) and isinstance(c.get("messages"), list)]


def plan_telegram(path: Path, data: dict, username: str | None = None) -> Plan:
    """Items for every text post of the channel(s) in the export; skipped posts with their reason."""
    plan = Plan()
    given_user = None
    if username:
        m = _USERNAME.match(username.strip().removeprefix("https://t.me/").strip("/"))
        if not m:
            raise SourceError(f"--telegram-username {username!r} is not a Telegram username")
        given_user = m.group(1)
    chats = _chats(data)
    if not chats:
        raise SourceError(f"{path.name}: a Telegram export without any chat")
    for chat in chats:
        name = str(chat.get("name") or "").strip() or "Telegram channel"
        chat_id = chat.get("id")
        user = given_user if len(chats) == 1 and given_user else guess_username(chat)
        folder = f"telegram/{user or chat_id or 'channel'}"
        messages = chat.get("messages") or []
        plan.descriptions.append(
            f"{path.name}: Telegram {str(chat.get('type') or 'chat').replace('_', ' ')} {name!r} with {len(messages)} messages"
            + (f" (t.me/{user})" if user else " (username unknown: links are t.me/c/... for members)"))
        for message in messages:
            if not isinstance(message, dict):
                continue
            post_id = message.get("id")
            where = f"{name} post {post_id}"
            if message.get("type") != "message":
                action = message.get("action") or message.get("type") or "service"
                plan.problems.append(Outcome(where, SKIPPED, "service message",
                                             f"{where}: a service message ({action}), not a post", kind="telegram"))
                continue
            text = flatten_text(message.get("text")).strip()
            if not text:
                media = media_of(message)
                reason = "media only" if media else "empty post"
                detail = f"only a {media}, no text" if media else "no text"
                plan.problems.append(Outcome(where, SKIPPED, reason, f"{where}: {detail}", kind="telegram"))
                continue
            if user:
                url = f"https://t.me/{user}/{post_id}"
            elif chat_id is not None:
                url = f"https://t.me/c/{chat_id}/{post_id}"
            else:
                url = None
            posted = _utc(message, "date_unixtime", "date")
            edited = _utc(message, "edited_unixtime", "edited")
            note = f"posted {posted.replace('T', ' ').replace('Z', ' UTC')}" if posted else None
            if note and edited:
                note += f"; edited {edited.replace('T', ' ').replace('Z', ' UTC')}"
            forwarded = str(message.get("forwarded_from") or "").strip() or None
            fields = {ArticleCol.OUTLET: name, ArticleCol.DOMAIN: "t.me", ArticleCol.URL: url,
                      ArticleCol.PUBLISHED: posted, ArticleCol.DATE_NOTE: note,
                      ArticleCol.ORIGINAL_SOURCE: forwarded, ArticleCol.AUTHOR: message.get("author") or None}
            key = url or f"telegram:{chat_id}:{post_id}"
            plan.items.append(Item(key, where, "telegram", folder, f"post-{post_id}", url=url, text=text,
                                   fields=fields))
    return plan


def load_export(path: Path) -> dict | None:
    """The parsed export, or None when the file is JSON of another kind."""
    try:
        data = json.loads(path.read_bytes().decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SourceError(f"{path.name}: not valid JSON ({' '.join(str(exc).split())[:120]})") from exc
    return data if looks_like_export(data) else None
