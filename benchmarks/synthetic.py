"""A seeded synthetic corpus derived from the bundled sample, for scale benchmarks.

Each synthetic article starts from one sample article as scraped (furniture included, so the
cleaning stages see realistic input) and varies it: numbers, names, places and units are
swapped, sentences within a paragraph are reordered, and generated sentences are added, so that
almost every body paragraph is distinct (as in a real corpus where many outlets re-report one
story) while furniture lines ("Also read", navigation labels) repeat across articles.

    python -m benchmarks.synthetic OUT_DIR --articles 2000
"""
from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_RAW = ROOT / "data" / "raw"
FALLBACK_SEEDS = Path("/work/shared/seeds")   # only if data/raw is not populated

OUTLETS = [("Kyiv Bulletin", "kyivbulletin.example"), ("Eastern Front Daily", "efdaily.example"),
           ("Baltic Wire", "balticwire.example"), ("Danube Post", "danubepost.example"),
           ("Vistula Herald", "vistulaherald.example"), ("Northern Observer", "nobserver.example"),
           ("Carpathian Times", "carptimes.example"), ("Black Sea Monitor", "bsmonitor.example")]
NAMES = ["Ivan Petrov", "Sergei Volkov", "Dmitry Sokolov", "Alexei Morozov", "Nikolai Orlov",
         "Pavel Lebedev", "Andrei Kozlov", "Mikhail Novikov", "Yuri Fedorov", "Oleg Pavlov",
         "Anna Kovalenko", "Olena Shevchenko", "Taras Bondarenko", "Iryna Melnyk", "Maksym Tkachenko"]
PLACES = ["Bakhmut", "Avdiivka", "Pokrovsk", "Kupiansk", "Vuhledar", "Robotyne", "Kreminna",
          "Toretsk", "Chasiv Yar", "Lyman", "Huliaipole", "Siversk", "Marinka", "Orikhiv"]
UNITS = ["1428th regiment", "155th brigade", "64th brigade", "Storm-Z company", "37th brigade",
         "3rd motor rifle battalion", "200th brigade", "Wagner assault unit", "810th brigade"]
SOURCES = ["HUR", "the SBU", "a Telegram channel", "NEXTA", "an intercepted call", "a video appeal",
           "Important Stories", "a soldier's relative", "Ukraine's General Staff"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
TEMPLATES = [
    "According to {source}, {n} soldiers of the {unit} refused to advance near {place} in {month}.",
    "{name} told his mother that the {unit} had lost {n} men in {d} days near {place}.",
    "The recording, released by {source}, was made near {place}; {name} can be heard complaining about supplies.",
    "Commanders threatened to shoot anyone who retreated from positions outside {place}, {source} said.",
    "{n} deserters from the {unit} were reportedly detained in {month} and sent back to the front.",
    "In a video appeal, soldiers of the {unit} said they had received no pay for {d} months.",
    "{name}, a mobilised soldier, described morale in his unit as 'gone' after the fighting at {place}.",
    "Relatives of soldiers from the {unit} wrote to the governor asking for their rotation from {place}.",
    "The claims could not be independently verified; {source} has published similar recordings before.",
    "Losses near {place} were said to exceed {n} killed and wounded in {month} alone.",
]
_NUMBER = re.compile(r"\b\d[\d,.]*\b")
_MIN_BODY_CHARS = 80


def load_seed_texts(raw_dir: Path | None = None) -> list[str]:
    """Article bodies of the sample corpus (front matter, if any, stripped), as scraped."""
    import frontmatter

    folder = raw_dir or (SAMPLE_RAW if any(SAMPLE_RAW.glob("*.txt")) else FALLBACK_SEEDS)
    texts = []
    for path in sorted(folder.glob("*.txt")):
        raw = path.read_text(encoding="utf-8-sig", errors="replace")
        texts.append(frontmatter.loads(raw).content if raw.startswith("---") else raw)
    if not texts:
        raise SystemExit(f"no sample articles (*.txt) in {folder}")
    return texts


def _fill(template: str, rng: random.Random) -> str:
    return template.format(source=rng.choice(SOURCES), n=rng.randint(2, 4000), unit=rng.choice(UNITS),
                           place=rng.choice(PLACES), month=rng.choice(MONTHS), name=rng.choice(NAMES),
                           d=rng.randint(2, 90))


def vary_paragraph(text: str, rng: random.Random) -> str:
    """A body paragraph reworded the cheap way: new numbers, reordered sentences, one added sentence."""
    text = _NUMBER.sub(lambda m: str(rng.randint(2, 60000)) if rng.random() < 0.8 else m.group(0), text)
    for pool in (PLACES, NAMES, UNITS):
        for item in pool:
            if item in text and rng.random() < 0.7:
                text = text.replace(item, rng.choice(pool))
    sentences = re.split(r"(?<=[.!?])\s+", text.strip())
    if len(sentences) > 2 and rng.random() < 0.5:
        head, tail = sentences[0], sentences[1:]
        rng.shuffle(tail)
        sentences = [head, *tail]
    insert_at = rng.randint(0, len(sentences))
    sentences.insert(insert_at, _fill(rng.choice(TEMPLATES), rng))
    return " ".join(sentences)


def synthetic_article(seed_text: str, rng: random.Random) -> str:
    """One article from a sample article: furniture lines kept, body paragraphs varied, some added."""
    lines = seed_text.splitlines()
    out: list[str] = []
    for line in lines:
        if len(line.strip()) >= _MIN_BODY_CHARS:
            out.append(vary_paragraph(line, rng))
            if rng.random() < 0.25:
                out.extend(["", _fill(rng.choice(TEMPLATES), rng) + " " + _fill(rng.choice(TEMPLATES), rng)])
        else:
            out.append(line)
    return "\n".join(out).strip() + "\n"


def synthetic_paragraphs(n: int, *, seed: int = 20240318, raw_dir: Path | None = None) -> list[str]:
    """``n`` paragraph texts as the build would split them from synthetic articles: the varied body
    paragraphs and added sentences, plus the short furniture lines that repeat across articles."""
    rng = random.Random(seed)
    seeds = load_seed_texts(raw_dir)
    out: list[str] = []
    i = 0
    while len(out) < n:
        for line in synthetic_article(seeds[i % len(seeds)], rng).splitlines():
            if line.strip():
                out.append(line.strip())
        i += 1
    return out[:n]


def write_synthetic_corpus(out_dir: Path, n_articles: int, *, seed: int = 20240318,
                           raw_dir: Path | None = None) -> list[Path]:
    """Write ``n_articles`` .txt files with YAML front matter into ``out_dir``; return their paths."""
    rng = random.Random(seed)
    seeds = load_seed_texts(raw_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n_articles):
        outlet, domain = rng.choice(OUTLETS)
        year, month, day = rng.choice([2022, 2023, 2024, 2025]), rng.randint(1, 12), rng.randint(1, 28)
        meta = {"outlet": outlet, "domain": domain, "url": f"https://{domain}/news/{i:05d}",
                "title": f"Report {i}: {rng.choice(UNITS)} near {rng.choice(PLACES)}",
                "published": f"{year}-{month:02d}-{day:02d}", "language": "en",
                "original_source": rng.choice(SOURCES)}
        body = synthetic_article(seeds[i % len(seeds)], rng)
        path = out_dir / f"syn_{i:05d}.txt"
        path.write_text("---\n" + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True) + "---\n" + body,
                        encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=20240318)
    args = parser.parse_args()
    paths = write_synthetic_corpus(args.out_dir, args.articles, seed=args.seed)
    print(f"wrote {len(paths)} articles to {args.out_dir}")


if __name__ == "__main__":
    main()
