"""Decoding raw bytes: every encoding the field uses, read right even on short Cyrillic texts."""
from __future__ import annotations

import random

import pytest

from pipeline.decode import NotText, decode_bytes

RU = [
    "Командир приказал стрелять по своим, если кто-то побежит назад.",
    "Солдаты отказались идти в атаку.",
    "Дезертирство в армии растёт.",
    "СРОЧНО: ПЕРЕХВАТ ЗВОНКА",                       # all caps: the case pattern cannot help
    "Мобилизованные жалуются на командиров",
    "Да",
]
UK = [
    "Російські солдати скаржаться на командирів і відмовляються йти в бій.",
    "Це є правда.",
    "Їжак",
    "Війна",
    "ҐРУНТ І ЗЕМЛЯ",
]
LATIN = [
    "Grüße aus München, sagte der Soldat.",
    "Les soldats ont refusé d’avancer.",             # ’ exists only in cp1252
    "L’été à Paris était très chaud.",
    "café",
    "Der Soldat sagte: „Wir gehen nicht zurück“ – und legte auf.",
    "Año nuevo, guerra vieja: señal de desmoralización.",
]


@pytest.mark.parametrize("text", RU + ["«Отступать некуда», — сказал командир № 2."], ids=range(len(RU) + 1))
@pytest.mark.parametrize("encoding", ["cp1251", "koi8-r"])
def test_russian_in_legacy_cyrillic_encodings(text: str, encoding: str) -> None:
    if encoding == "koi8-r" and "«" in text:
        text = text.replace("«", "\"").replace("»", "\"").replace("—", "-").replace("№", "N")  # not in KOI8-R
    decoded = decode_bytes(text.encode(encoding))
    assert decoded.text == text
    assert decoded.encoding == encoding


@pytest.mark.parametrize("text", UK, ids=range(len(UK)))
@pytest.mark.parametrize("encoding", ["cp1251", "koi8-u"])
def test_ukrainian_in_legacy_cyrillic_encodings(text: str, encoding: str) -> None:
    decoded = decode_bytes(text.encode(encoding))
    assert decoded.text == text
    assert decoded.encoding == encoding


@pytest.mark.parametrize("text", LATIN, ids=range(len(LATIN)))
def test_western_text_in_latin1_or_cp1252(text: str) -> None:
    try:
        data, expected = text.encode("latin-1"), "latin-1"
    except UnicodeEncodeError:
        data, expected = text.encode("cp1252"), "cp1252"
    decoded = decode_bytes(data)
    assert decoded.text == text
    assert decoded.encoding == expected


@pytest.mark.parametrize("prefix, encoding", [(b"", "utf-8"), (b"\xef\xbb\xbf", "utf-8-sig")])
@pytest.mark.parametrize("text", [RU[0], UK[0], LATIN[0], "plain ascii text"], ids=["ru", "uk", "de", "ascii"])
def test_utf8_with_and_without_bom(prefix: bytes, encoding: str, text: str) -> None:
    decoded = decode_bytes(prefix + text.encode("utf-8"))
    assert decoded.text == text          # the BOM never leaks into the text
    assert decoded.encoding == encoding
    assert decoded.warnings == []


def test_utf16_with_bom_is_text_not_binary() -> None:
    decoded = decode_bytes(RU[0].encode("utf-16"))
    assert decoded.text == RU[0]
    assert decoded.encoding.startswith("utf-16")


def test_a_long_cp1251_article_is_read_right() -> None:
    text = "\n\n".join([UK[0], RU[0], RU[1], "Анализ показал: боевой дух армии падает."] * 20)
    assert decode_bytes(text.encode("cp1251")).text == text


def test_html_charset_declaration_is_a_hint_not_an_order() -> None:
    text = "Командир приказал стрелять по своим."
    # Declared koi8-r but really cp1251: the bytes win.
    assert decode_bytes(text.encode("cp1251"), declared="koi8-r").text == text
    # Declared cp1251 but really UTF-8: valid UTF-8 wins.
    assert decode_bytes(text.encode("utf-8"), declared="windows-1251").encoding == "utf-8"
    # An unknown declaration is ignored.
    assert decode_bytes(text.encode("cp1251"), declared="x-no-such-charset").text == text


def test_a_few_invalid_bytes_in_utf8_are_replaced_and_reported() -> None:
    text = "Солдаты отказались идти в атаку. " * 5
    data = text.encode("utf-8")
    data = data[:20] + b"\xff\xfe" + data[20:]   # stray bytes in the middle of a UTF-8 text
    decoded = decode_bytes(data)
    assert decoded.encoding == "utf-8"
    assert "\ufffd" in decoded.text
    assert "Солдаты" in decoded.text
    assert decoded.warnings and "replaced" in decoded.warnings[0]


@pytest.mark.parametrize("data, reason", [
    (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "PNG image"),
    (b"\xff\xd8\xff\xe0" + bytes(64), "JPEG image"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF document"),
    (b"PK\x03\x04" + bytes(30), "ZIP archive"),
    (b"some text\x00with a NUL byte", "NUL bytes"),
])
def test_binary_files_are_refused_with_their_kind(data: bytes, reason: str) -> None:
    with pytest.raises(NotText, match=reason):
        decode_bytes(data)


@pytest.mark.parametrize("size", [60, 600, 6000])
def test_random_bytes_are_undecodable_not_a_crash(size: int) -> None:
    rng = random.Random(size)
    data = bytes(rng.randrange(1, 256) for _ in range(size))
    with pytest.raises(NotText, match="undecodable"):
        decode_bytes(data)


# Binary data however it reached the disk: QA saved random bytes as binary.txt and got an article
# "in utf-8" full of replacement characters. Every variant must be refused as binary or not text.
_NOISE = random.Random(0).randbytes(5000)
BINARY_SAVINGS = {
    "raw bytes": _NOISE,
    "NUL bytes stripped": _NOISE.replace(b"\x00", b""),
    "decoded with replacement, saved as UTF-8": _NOISE.decode("utf-8", "replace").replace("\x00", "").encode(),
    "read as Latin-1, saved as UTF-8": _NOISE.decode("latin-1").replace("\x00", "").encode(),
    "behind a UTF-8 BOM": b"\xef\xbb\xbf" + _NOISE.replace(b"\x00", b""),
    "behind a UTF-16 BOM": b"\xff\xfe" + _NOISE,
}


@pytest.mark.parametrize("data", BINARY_SAVINGS.values(), ids=BINARY_SAVINGS.keys())
def test_random_bytes_are_binary_or_not_text_however_saved(data: bytes) -> None:
    with pytest.raises(NotText, match="binary or not text"):
        decode_bytes(data)


@pytest.mark.parametrize("text, encoding", [
    (" ".join(RU) + "\n────────────\n" + RU[0], "cp1251"),        # box-drawing rules are text
    (" ".join(RU[:3]) * 3, "koi8-r"),
    (" ".join(LATIN[:3]) * 3, "latin-1"),
    ("Солдаты отказались идти в атаку.\tТаблица:\t1\t2\n" * 5, "utf-8"),
])
def test_real_text_is_not_mistaken_for_binary(text: str, encoding: str) -> None:
    data = text.encode(encoding, errors="ignore")
    decoded = decode_bytes(data)
    assert decoded.text == data.decode(encoding)
    assert decoded.encoding == encoding
