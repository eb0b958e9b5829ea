"""The lens scores of a fixed set of paragraphs, recorded for the current ``SCORING_VERSION``.

Stored lens scores are read back while their key's scoring version is the code's
(``newslens.topics.lens_store.lens_key``), so a change that moves a score must bump
``newslens.topics.lenses.SCORING_VERSION``. ``tests/test_lens_scoring_guard.py`` scores the
paragraphs below with the real default model, as a snapshot's build and the topics page do, and
compares with ``tests/data/lens_scoring.json``. It catches a change that moves a score on these
texts and this lens file only. After a bump, re-record:

    HF_HUB_OFFLINE=1 python -m tests.lens_scoring_guard

Recording refuses to overwrite the table of the same version with other scores: bump first.
Both run the model in one pinned setup, ``SETUP`` (torch fp32, the reference every other setup is
measured against), whatever this machine would pick: bf16 and the other runtimes move scores by
up to 3e-3, far beyond ``TOLERANCE``, so a table recorded in one would fail wherever another runs.
The texts are written for this guard: several languages (scored by words only under the English
model; one article's language unknown, one a regional code), lexicon wordings with accents, case,
a language's own letters and more entries than are counted, near-threshold and unrelated
paragraphs, furniture. The lens file is the guard's own, so editing config/lenses.yaml moves nothing.
"""
from __future__ import annotations

import dataclasses
import json
import re
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from newslens.embedder import DEFAULT_MODEL, REFERENCE_SETUP, Embedder, load_embedder
from newslens.schema import ArticleCol, Kind, ParagraphCol
from newslens.topics import lenses
from newslens.topics.lenses import (cross_language_rows, embed_phrasings, paragraph_languages, parse_lenses,
                                    score_paragraphs, words_only_rows)

RECORD = Path(__file__).resolve().parent / "data" / "lens_scoring.json"
DECIMALS = 5            # recorded digits
TOLERANCE = 1e-4        # fp32 noise across machines and BLAS builds stays below 1e-5
SETUP = REFERENCE_SETUP  # torch fp32 on every machine (bf16 or another runtime: up to 3e-3 off)
TIE = 1e-3              # a closest phrasing this near the runner-up is not compared (noise could swap them)
RERECORD = "HF_HUB_OFFLINE=1 python -m tests.lens_scoring_guard"

LENSES = r"""
default_threshold: 0.45
examples_language: en
lenses:
  - name: desertion
    definition: soldiers desert their units and flee from the front
    examples:
      - men abandoned their positions and ran away at night
      - several conscripts went missing from the unit without leave
      - soldiers hid in the forest so they would not be sent back to the front
    threshold: 0.5
    lexicon_weight: 0.2
    lexicon: ['\bdesert(?:ed|ers?|ion|ing)\b', '\bAWOL\b', '\babsent without leave\b', 'deserteur\w*',
              '\bdesertor\w*', 'fahnenflucht\w*', '\bdezerter\w*', '\buciek\w*', '\bkarkur\w*',
              '\bfirar\w*', '\bkacti\b', 'дезертир\w*', 'самовольн\w*']
  - name: executions
    definition: commanders shoot their own soldiers for retreating or refusing orders
    examples:
      - an officer executed a soldier who tried to retreat
      - the commander threatened to shoot anyone who surrendered
      - men were shot by their own side for disobeying
    threshold: 0.48
    lexicon_weight: 0.15
    lexicon: ['\bexecut\w*', '\bshot (?:dead|on the spot)\b', 'barrier (?:troops|detachments?)', 'erschoss\w*',
              '\bfu[sz]ilad\w*', 'расстрел\w*']
  - name: morale
    definition: morale collapsed and soldiers refuse to fight
    examples:
      - the regiment refused to carry out the order to attack
      - the troops have lost the will to fight
    lexicon_weight: 0.18
    lexicon: ['\bmorale\b', 'kampfmoral\w*', '\bvalitt\w*', 'морал\w*']
  - name: supplies
    definition: troops lack food, ammunition and winter clothing
    examples:
      - the unit has run out of shells and rations
      - soldiers buy their own boots and body armour
"""

# (article id, language or None, [(kind, text)]): every text written for this guard.
ARTICLES: list[tuple[str, str | None, list[tuple[str, str]]]] = [
    ("en", "en", [
        (Kind.HEADING, "Deserters hunted in the forest"),
        (Kind.BODY, "Several conscripts deserted their unit near the river and hid in a village, a relative said."),
        (Kind.BODY, "Deserters, AWOL soldiers and men absent without leave now fill a whole company, "
                    "a commander complained."),
        (Kind.BODY, "Some soldiers left the trenches after the shelling and nobody has seen them since."),
        (Kind.BODY, "The officer executed a private who refused to advance and threatened the rest with "
                    "barrier troops."),
        (Kind.QUOTE, "We have no food, no winter boots, and the shells ran out two days ago."),
        (Kind.BODY, "Morale in the battalion has collapsed; the men say they will not attack again."),
        (Kind.BODY, "Two men from the platoon stopped answering calls after their leave ended."),
        (Kind.BODY, "He says his commander told them that whoever turns back will be dealt with."),
        (Kind.CAPTION, "A helmet lies in the snow near the executed soldier's trench."),
        (Kind.BODY, "The city council approved a new budget for road repairs on Tuesday."),
        (Kind.LIST_ITEM, "AWOL cases recorded in March: 40"),
        (Kind.BOILERPLATE, "Subscribe to our newsletter for morale-boosting stories."),
    ]),
    ("gb", "en-GB", [
        (Kind.BODY, "The deserters were shot on the spot by their own commander, the intercepted call says."),
        (Kind.BODY, "Nobody in the company believes in this war any more, a soldier told his mother."),
    ]),
    ("unknown", None, [
        (Kind.BODY, "İki asker firar etti ve kaçtı, komutan söyledi."),
        (Kind.BODY, "Sotilas välitti viestin komentajalle."),
        (Kind.BODY, "Soldiers complained that the rations had not arrived for a week."),
    ]),
    ("tr", "tr", [(Kind.BODY, "İki asker firar etti ve kaçtı, komutan söyledi.")]),
    ("fi", "fi", [
        (Kind.BODY, "Sotilas välitti viestin komentajalle."),
        (Kind.BODY, "Sotilaat valittivat, että karkureita on yhä enemmän."),
    ]),
    ("de", "de-AT", [
        (Kind.BODY, "Zwei Soldaten begingen Fahnenflucht; ein Offizier erschoss einen Deserteur."),
        (Kind.BODY, "Die Kampfmoral der Einheit ist völlig zusammengebrochen."),
        (Kind.BODY, "Das Wetter bleibt am Wochenende mild."),
    ]),
    ("fr", "fr", [(Kind.BODY, "Trois déserteurs ont été exécutés par leur commandant, selon l'appel intercepté.")]),
    ("pl", "pl", [(Kind.BODY, "Żołnierz uciekł z jednostki; dezerterzy ukrywają się w lesie.")]),
    ("pt", "pt-BR", [(Kind.BODY, "Desertores foram fuzilados diante da tropa.")]),
    ("ru", "ru", [
        (Kind.BODY, "Дезертиры самовольно оставили часть, командир обещал их расстрелять."),
        (Kind.QUOTE, "Мораль упала, никто не хочет идти в атаку."),
    ]),
    ("uk", "uk", [(Kind.BODY, "Військові скаржаться, що мораль у підрозділі впала.")]),
]


def reference_embedder() -> Embedder:
    """The default model in the pinned ``SETUP``, not the one this machine would choose."""
    return load_embedder(DEFAULT_MODEL, SETUP)


def frames() -> tuple[pd.DataFrame, pd.DataFrame]:
    """(paragraphs, articles) with the columns lens scoring reads."""
    articles = pd.DataFrame({ArticleCol.ID: [a for a, _, _ in ARTICLES],
                             ArticleCol.LANGUAGE: [lang for _, lang, _ in ARTICLES]})
    rows = [(article, kind, text) for article, _, paragraphs in ARTICLES for kind, text in paragraphs]
    paragraphs = pd.DataFrame(rows, columns=[ParagraphCol.ARTICLE_ID, ParagraphCol.KIND, ParagraphCol.TEXT])
    return paragraphs, articles


def variants() -> dict[str, lenses.LensConfig]:
    """The lens file as written, and with its examples said to be French: then every English
    paragraph is scored across languages (the floor at the words-only base)."""
    config = parse_lenses(yaml.safe_load(LENSES))
    return {"examples en": config, "examples fr": dataclasses.replace(config, examples_language="fr")}


def score_table(embedder: Embedder) -> dict[str, Any]:
    """Every paragraph scored as a build and the topics page score it, per variant: one entry per
    paragraph and lens (furniture has none) with score, similarity, closest phrasing, words."""
    paragraphs, articles = frames()
    texts = paragraphs[ParagraphCol.TEXT].tolist()
    content = paragraphs[ParagraphCol.KIND].isin(Kind.CONTENT).to_numpy()
    embeddings = embedder.encode(texts)
    table: dict[str, Any] = {}
    for variant, config in variants().items():
        phrase = embed_phrasings(config, embedder)
        scores = score_paragraphs(embeddings, content, config, phrase, texts=texts,
                                  words_only=words_only_rows(paragraphs, articles, embedder.name),
                                  cross_language=cross_language_rows(paragraphs, articles, config.examples_language),
                                  text_languages=paragraph_languages(paragraphs, articles))
        entries = []
        for row in np.flatnonzero(content):
            for j, lens in enumerate(config.lenses):
                sims = np.sort(embeddings[row] @ phrase[lens.name].T)
                tied = len(sims) > 1 and sims[-1] - sims[-2] < TIE
                entries.append({"row": int(row), "lens": lens.name,
                                "score": round(float(scores.scores[row, j]), DECIMALS),
                                "similarity": round(float(scores.similarity[row, j]), DECIMALS),
                                "closest": None if tied else int(scores.closest[row, j]),
                                "words": list(scores.words(int(row), lens.name))})
        furniture = [int(r) for r in np.flatnonzero(~content)
                     if np.isfinite(scores.scores[r]).any() or (scores.closest[r] >= 0).any()]
        table[variant] = {"entries": entries, "furniture_scored": furniture}
    return {"scoring_version": lenses.SCORING_VERSION, "model": embedder.name, "setup": embedder.setup.label,
            "texts": [f"{i}: {t[:60]}" for i, t in enumerate(texts)], "table": table}


def differences(got: dict[str, Any], want: dict[str, Any], limit: int = 8) -> list[str]:
    """What differs between two score tables, in words (empty: the same within ``TOLERANCE``)."""
    out = []
    if set(got["table"]) != set(want["table"]):
        return [f"variants {sorted(got['table'])} != {sorted(want['table'])}"]
    for variant, mine in got["table"].items():
        theirs = want["table"][variant]
        if mine["furniture_scored"] != theirs["furniture_scored"]:
            out.append(f"{variant}: furniture rows scored {mine['furniture_scored']} (recorded: none)")
        if [(e["row"], e["lens"]) for e in mine["entries"]] != [(e["row"], e["lens"]) for e in theirs["entries"]]:
            out.append(f"{variant}: other paragraphs or lenses scored")
            continue
        for a, b in zip(mine["entries"], theirs["entries"]):
            where = f"{variant}, paragraph {a['row']}, {a['lens']}"
            for key in ("score", "similarity"):
                if not abs(a[key] - b[key]) <= TOLERANCE:      # (NaN is a difference too)
                    out.append(f"{where}: {key} {a[key]} (recorded {b[key]})")
            if None not in (a["closest"], b["closest"]) and a["closest"] != b["closest"]:
                out.append(f"{where}: closest phrasing {a['closest']} (recorded {b['closest']})")
            if a["words"] != b["words"]:
                out.append(f"{where}: words {a['words']} (recorded {b['words']})")
    return out[:limit] + ([f"... and {len(out) - limit} more"] if len(out) > limit else [])


def load_record() -> dict[str, Any]:
    return json.loads(RECORD.read_text(encoding="utf-8"))


def _dump(table: dict[str, Any]) -> str:
    """JSON with one line per entry, so a re-recording's diff shows which paragraph moved."""
    text = json.dumps(table, ensure_ascii=False, indent=1)
    return re.sub(r'\{\s*"row"[^{}]*\}', lambda m: json.dumps(json.loads(m.group()), ensure_ascii=False), text) + "\n"


def record(embedder: Embedder) -> str:
    """Write the table for the current version; refuse to change a version's recorded scores."""
    table = score_table(embedder)
    if RECORD.exists():
        old = load_record()
        if old["scoring_version"] > table["scoring_version"]:
            raise SystemExit(f"{RECORD} holds version {old['scoring_version']}, newer than SCORING_VERSION "
                             f"{table['scoring_version']}")
        # Another model or setup (``SETUP`` edited) may be recorded anew; the same one must score the same.
        if (old["scoring_version"], old["model"], old.get("setup")) == \
                (table["scoring_version"], table["model"], table["setup"]):
            changed = differences(table, old)
            if changed:
                raise SystemExit("the lens scores changed under the same SCORING_VERSION: bump it in "
                                 "newslens/topics/lenses.py first, then record again:\n  " + "\n  ".join(changed))
            return f"{RECORD}: version {old['scoring_version']} scores unchanged, left as it is"
    RECORD.write_text(_dump(table), encoding="utf-8")
    return f"{RECORD}: recorded version {table['scoring_version']}"


if __name__ == "__main__":
    print(record(reference_embedder()))
    sys.exit(0)
