"""Encoding detection on short texts: NewsLens's decoder vs charset-normalizer alone.

Short Cyrillic texts are where general detectors go wrong. This encodes realistic Russian,
Ukrainian, German and French sentences (cut to several lengths) in the legacy encodings of the
field and counts how often each method gets the original text back. Prints a markdown table.

    python -m benchmarks.bench_decode
"""
from __future__ import annotations

import random
import time

from charset_normalizer import from_bytes

from pipeline.decode import NotText, decode_bytes

SENTENCES = {
    "ru": [
        "Командир приказал стрелять по своим, если кто-то побежит назад.",
        "Мобилизованные жалуются, что их бросили на штурм без подготовки и снаряжения.",
        "Разведка опубликовала перехват разговора солдата с матерью.",
        "Солдаты говорят, что не дезертируют, но отказываются выполнять самоубийственные приказы.",
        "За отказ воевать грозит до десяти лет лишения свободы.",
    ],
    "uk": [
        "Російські солдати скаржаться на командирів і відмовляються йти в бій.",
        "Розвідка оприлюднила перехоплену розмову окупанта з матір'ю.",
        "Їхні командири сидять у тилу й п'ють, поки підрозділ гине під обстрілами.",
        "Це вже не перший випадок, коли військові знімають відеозвернення.",
    ],
    "de": [
        "Die Soldaten weigern sich, weiter vorzurücken, sagte der ukrainische Geheimdienst.",
        "Grüße aus München: Der Befehl lautete, auf Flüchtende zu schießen.",
    ],
    "fr": [
        "Les soldats ont refusé d’avancer, selon les services de renseignement ukrainiens.",
        "L’été dernier, des déserteurs ont été arrêtés à la frontière.",
    ],
}
ENCODINGS = {"ru": ("cp1251", "koi8-r"), "uk": ("cp1251", "koi8-u"), "de": ("latin-1", "cp1252"),
             "fr": ("cp1252",)}
LENGTHS = (12, 25, 50, 100, 400)


def cases(rng: random.Random) -> list[tuple[int, str, str, bytes]]:
    out = []
    for lang, sentences in SENTENCES.items():
        for encoding in ENCODINGS[lang]:
            for length in LENGTHS:
                for sentence in sentences:
                    text = " ".join(rng.sample(sentences, len(sentences)) * 4)
                    start = rng.randrange(0, max(1, len(text) - length))
                    piece = text[start:start + length].strip() or sentence
                    try:
                        out.append((length, lang, encoding, piece, piece.encode(encoding)))
                    except UnicodeEncodeError:
                        continue
    return out


def charset_normalizer_text(data: bytes) -> str | None:
    best = from_bytes(data).best()
    return str(best) if best is not None else None


def newslens_text(data: bytes) -> str | None:
    try:
        return decode_bytes(data).text
    except NotText:
        return None


def main() -> None:
    rng = random.Random(20250925)
    all_cases = cases(rng)
    rows = []
    timings = {}
    for name, method in (("charset-normalizer alone", charset_normalizer_text), ("NewsLens decoder", newslens_text)):
        started = time.perf_counter()
        results = [(length, lang, method(data) == text) for length, lang, _, text, data in all_cases]
        timings[name] = (time.perf_counter() - started) / len(all_cases) * 1000
        for length in LENGTHS:
            hits = [ok for n, _, ok in results if n == length]
            cyr = [ok for n, lang, ok in results if n == length and lang in ("ru", "uk")]
            rows.append((name, length, sum(hits) / len(hits), sum(cyr) / len(cyr), len(hits)))
    print("| method | text length (chars) | texts read right | Cyrillic texts read right | cases |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, length, share, cyr, n in rows:
        print(f"| {name} | {length} | {share:.0%} | {cyr:.0%} | {n} |")
    print()
    print("| method | ms per text |")
    print("| --- | ---: |")
    for name, ms in timings.items():
        print(f"| {name} | {ms:.2f} |")


if __name__ == "__main__":
    main()
