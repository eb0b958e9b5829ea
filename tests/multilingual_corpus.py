"""A small multilingual raw folder written for the tests (no third-party text): one invented event
reported in English, German and Ukrainian, and an unrelated English report.

The shape is that of the real cases: an intercepted call published by an intelligence service, re-
reported by outlets in their own language and words, with the date, unit number and place kept.
"""
from __future__ import annotations

import csv
from pathlib import Path

EVENT_EN = [
    "Ukraine's military intelligence published an intercepted call in which a Russian company commander "
    "near the village of Zorianka tells his men that anyone who refuses to advance will be thrown into a pit.",
    "According to the agency, the call was recorded on 14 March; eleven soldiers of unit 40917 had "
    "already refused to attack.",
    "The soldiers' relatives say the men were sent forward without food or water for three days.",
]
EVENT_DE = [
    "Der ukrainische Militärgeheimdienst hat ein abgehörtes Telefonat veröffentlicht: Ein russischer "
    "Kompaniechef bei dem Dorf Sorjanka droht seinen Männern, jeden, der nicht vorrückt, in eine Grube zu werfen.",
    "Laut dem Geheimdienst wurde das Gespräch am 14. März aufgezeichnet; elf Soldaten der Einheit 40917 "
    "hätten den Angriff bereits verweigert.",
    "Angehörige der Soldaten berichten, die Männer seien drei Tage ohne Essen und Wasser nach vorn geschickt worden.",
]
EVENT_UK = [
    "Головне управління розвідки оприлюднило перехоплену розмову: російський командир роти біля села "
    "Зорянка погрожує кинути в яму кожного, хто відмовиться наступати.",
    "За даними розвідки, розмову записали 14 березня; одинадцять військових частини 40917 вже відмовилися "
    "йти в атаку.",
    "Родичі солдатів кажуть, що чоловіків три дні тримали на передовій без їжі та води.",
]
UNRELATED_EN = [
    "The city council of a small port town voted on Tuesday to rebuild its old wooden pier before the "
    "summer season.",
    "The repairs will cost about two million euros and should be finished by June, the mayor said.",
]

# file, outlet, domain, language, published, title, paragraphs
ARTICLES = [
    ("event_en.txt", "Front Wire", "frontwire.example", "en", "2024-03-15",
     "Commander threatens to throw refusers into a pit", EVENT_EN),
    ("event_de.txt", "Ostblick", "ostblick.example", "de", "2024-03-15",
     "Kompaniechef droht Verweigerern mit der Grube", EVENT_DE),
    ("event_uk.txt", "Стрічка", "strichka.example", "uk", "2024-03-14",
     "Командир погрожує кинути в яму тих, хто не наступає", EVENT_UK),
    ("pier.txt", "Harbour Post", "harbourpost.example", "en", "2024-03-12",
     "Port town to rebuild its wooden pier", UNRELATED_EN),
]
EVENT_FILES = ("event_en.txt", "event_de.txt", "event_uk.txt")
# A German query for the event's first paragraph (in words the English paragraph does not share).
GERMAN_QUERY = "Kommandeur droht Soldaten, die nicht angreifen wollen, in eine Grube zu werfen"


def write_multilingual_raw(raw: Path) -> Path:
    """Write the four reports (title line, then paragraphs) and their metadata.csv into ``raw``."""
    raw.mkdir(parents=True, exist_ok=True)
    with (raw / "metadata.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["file", "outlet", "domain", "url", "title", "language", "published"])
        for file, outlet, domain, lang, published, title, paragraphs in ARTICLES:
            (raw / file).write_text(title + "\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
            writer.writerow([file, outlet, domain, f"https://{domain}/news/{file[:-4]}", title, lang, published])
    return raw
