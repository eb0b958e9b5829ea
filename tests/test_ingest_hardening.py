"""Hostile and careless raw folders (issue 14): links out of the folder, a malformed metadata
table, damaged encodings, absurdly nested HTML. Each case is the input that once failed; each
asserts the message and that no file was lost (documents + quarantined + duplicates = files in)."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from newslens.schema import ArticleCol as A
from pipeline.decode import decode_bytes
from pipeline.ingest import ingest_corpus
from pipeline.sidecar import SidecarError

TODAY = date(2026, 11, 21)
BODY = ("A Russian commander ordered his soldiers to open fire on subordinates attempting to retreat, "
        "according to an alleged intercepted phone call released by Ukraine's military intelligence.\n\n"
        "The agency said the recording captured a conversation in Donetsk Oblast in which the commander "
        "demanded that troops stand their ground at all costs.\n")
OTHER = ("Soldiers in the brigade discussed shooting themselves in the leg so they would be discharged "
         "and sent home, a call intercepted by the security service suggests.\n")
THIRD = ("Servicemen of the regiment recorded a video appeal saying they had been sent to storm positions "
         "without artillery support and with no way to evacuate the wounded.\n")


def write(root: Path, name: str, content: str | bytes) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def accounted(result) -> set[str]:
    return ({d.source_file for d in result.documents} | {q["file"] for q in result.quarantined}
            | {d["file"] for d in result.duplicates})


# ------------------------------------------------------------------------------------------------
# The raw folder is a boundary
# ------------------------------------------------------------------------------------------------

@pytest.fixture
def outside(tmp_path) -> Path:
    secret = write(tmp_path / "elsewhere", "passwd.txt",
                   "root:x:0:0:root:/root:/bin/bash daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin " * 3)
    return secret


def test_a_link_to_a_file_outside_the_raw_folder_is_refused_with_a_reason(tmp_path, outside) -> None:
    raw = tmp_path / "raw"
    write(raw, "a.txt", BODY)
    (raw / "passwd.txt").symlink_to(outside)
    result = ingest_corpus(raw, today=TODAY)
    assert [d.source_file for d in result.documents] == ["a.txt"]
    assert result.quarantined == [{"file": "passwd.txt", "reason": (
        "symbolic link to a file outside the raw folder; not read "
        "(use --allow-outside-raw to read linked files)")}]
    assert not any("root:x" in d.text for d in result.documents)


def test_a_link_to_a_folder_outside_is_not_followed_and_is_reported(tmp_path, outside) -> None:
    raw = tmp_path / "raw"
    write(raw, "a.txt", BODY)
    (raw / "etc").symlink_to(outside.parent, target_is_directory=True)
    result = ingest_corpus(raw, today=TODAY)
    assert [d.source_file for d in result.documents] == ["a.txt"]
    assert result.quarantined[0]["file"] == "etc/"
    assert "not followed" in result.quarantined[0]["reason"]


def test_linked_files_are_read_when_the_user_opts_in(tmp_path, outside) -> None:
    raw = tmp_path / "raw"
    write(raw, "a.txt", BODY)
    write(tmp_path / "shared", "b.txt", OTHER)
    (raw / "b.txt").symlink_to(tmp_path / "shared" / "b.txt")
    (raw / "more").symlink_to(tmp_path / "shared", target_is_directory=True)
    result = ingest_corpus(raw, today=TODAY, allow_outside=True)
    assert [d.source_file for d in result.documents] == ["a.txt", "b.txt"]
    assert result.duplicates == [{"file": "more/b.txt", "duplicate_of": "b.txt"}]


def test_a_link_inside_the_raw_folder_is_fine(tmp_path) -> None:
    write(tmp_path, "a.txt", BODY)
    write(tmp_path, "sub/b.txt", OTHER)
    (tmp_path / "b-link.txt").symlink_to(tmp_path / "sub" / "b.txt")
    result = ingest_corpus(tmp_path, today=TODAY)
    assert {d.source_file for d in result.documents} == {"a.txt", "b-link.txt"}
    assert result.duplicates == [{"file": "sub/b.txt", "duplicate_of": "b-link.txt"}]


def test_a_linked_metadata_table_is_not_read(tmp_path) -> None:
    raw = tmp_path / "raw"
    write(raw, "a.txt", BODY)
    write(tmp_path, "elsewhere.csv", "file,title\na.txt,Planted title\n")
    (raw / "metadata.csv").symlink_to(tmp_path / "elsewhere.csv")
    result = ingest_corpus(raw, today=TODAY)
    assert result.documents[0].metadata[A.TITLE] != "Planted title"
    assert "metadata table ignored: it is a link" in result.warnings[0]["message"]


# ------------------------------------------------------------------------------------------------
# metadata.csv parsed strictly
# ------------------------------------------------------------------------------------------------

def test_an_unclosed_quote_spoils_only_its_own_row(tmp_path) -> None:
    write(tmp_path, "a.txt", BODY)
    write(tmp_path, "b.txt", OTHER)
    write(tmp_path, "c.txt", THIRD)
    write(tmp_path, "metadata.csv", 'file,title,outlet\n'
                                    'a.txt,First title,Kyiv Post\n'
                                    'b.txt,"Second title, unclosed,Meduza\n'
                                    'c.txt,Third title,Novaya Gazeta\n')
    result = ingest_corpus(tmp_path, today=TODAY)
    by_file = {d.source_file: d.metadata for d in result.documents}
    assert by_file["a.txt"][A.TITLE] == "First title"
    assert (by_file["c.txt"][A.TITLE], by_file["c.txt"][A.OUTLET]) == ("Third title", "Novaya Gazeta")
    assert result.quarantined == [{"file": "b.txt", "reason": (
        "its metadata row is malformed, so it was not published with wrong metadata: metadata.csv "
        "line 3 is malformed (unclosed quote): 'b.txt,\"Second title, unclosed,Meduza'")}]
    assert accounted(result) == {"a.txt", "b.txt", "c.txt"}


def test_a_row_with_too_many_cells_is_malformed_not_shifted(tmp_path) -> None:
    write(tmp_path, "a.txt", BODY)
    write(tmp_path, "metadata.csv", "file,title,outlet\na.txt,Soldiers, officers and others,Meduza\n")
    result = ingest_corpus(tmp_path, today=TODAY)
    assert result.documents == []
    assert "line 2 is malformed (4 cells for 3 columns)" in result.quarantined[0]["reason"]


@pytest.mark.parametrize("line", ['"a.txt,Title\n', ',"Title\n', '"other.txt,Title\n'])
def test_a_malformed_row_naming_no_file_of_the_folder_stops_the_build(tmp_path, line) -> None:
    write(tmp_path, "a.txt", BODY)
    write(tmp_path, "metadata.csv", "file,title\nb.txt,Fine\n" + line.replace("a.txt", "zzz.txt"))
    with pytest.raises(SidecarError, match="line 3 is malformed"):
        ingest_corpus(tmp_path, today=TODAY)


# ------------------------------------------------------------------------------------------------
# Decoding: a few bad bytes, mojibake
# ------------------------------------------------------------------------------------------------

def test_a_few_invalid_bytes_in_an_english_utf8_article_do_not_switch_it_to_cp1252() -> None:
    text = "\u201cWe don\u2019t want to go back,\u201d he said. The unit was sent forward again. " * 2
    data = text.encode("utf-8")
    data = data[:40] + b"\x9d" + data[40:]
    decoded = decode_bytes(data)
    assert decoded.encoding == "utf-8"
    assert "\u201cWe don\u2019t" in decoded.text and "â€" not in decoded.text
    assert decoded.warnings == ["1 invalid UTF-8 byte sequence(s) replaced with U+FFFD"]


def test_mojibake_received_as_input_is_repaired_and_recorded(tmp_path) -> None:
    write(tmp_path, "a.txt", "â€œWe donâ€™t want to go back,â€\x9d the soldier says in the call.\n\n" + BODY)
    result = ingest_corpus(tmp_path, today=TODAY)
    doc = result.documents[0]
    assert doc.text.startswith("\u201cWe don\u2019t want to go back,\u201d the soldier says")
    assert any(w.startswith("mojibake repaired with ftfy in 1 line(s)") for w in doc.warnings)
    assert any("mojibake repaired" in w["message"] for w in result.warnings)


def test_mojibake_that_cannot_be_repaired_is_flagged(tmp_path) -> None:
    write(tmp_path, "a.txt", "Ð Ð¾Ñ Ñ Ð¸Ñ Ð½Ðµ Ð³Ð¾Ñ‚Ð¾Ð²Ð°\n\n" + BODY)
    doc = ingest_corpus(tmp_path, today=TODAY).documents[0]
    assert any("still look like mojibake that could not be repaired" in w for w in doc.warnings)


@pytest.mark.parametrize("text", ["Солдаты отказываются идти в атаку.", "Grüße aus München, café naïve \u201cquoted\u201d"])
def test_clean_non_ascii_text_is_not_touched(tmp_path, text) -> None:
    write(tmp_path, "a.txt", text + "\n\n" + BODY)
    doc = ingest_corpus(tmp_path, today=TODAY).documents[0]
    assert doc.text.startswith(text)
    assert not any("mojibake" in w for w in doc.warnings)


# ------------------------------------------------------------------------------------------------
# HTML of any depth
# ------------------------------------------------------------------------------------------------

def nested_page(depth: int, wrapper: str = "div") -> str:
    nest = f"<{wrapper}>" * depth + "<p>" + OTHER + "</p>" + f"</{wrapper}>" * depth
    return (f"<html><head><title>Deep page</title></head><body><p>{BODY}</p>{nest}"
            f"<p>{THIRD}</p></body></html>")


@pytest.mark.parametrize("depth", [255, 300, 2100, 5000])
def test_deeply_nested_html_keeps_all_its_text(tmp_path, depth) -> None:
    write(tmp_path, "deep.html", nested_page(depth))
    result = ingest_corpus(tmp_path, today=TODAY)
    assert result.quarantined == []
    text = " ".join(result.documents[0].text.split())
    for part in (BODY, OTHER, THIRD):
        assert " ".join(part.split())[:80] in text


def test_html_too_deep_even_when_flattened_is_quarantined_not_cut(tmp_path) -> None:
    write(tmp_path, "deep.html", nested_page(3000, wrapper="ul"))
    result = ingest_corpus(tmp_path, today=TODAY)
    assert result.documents == []
    assert result.quarantined == [{"file": "deep.html", "reason": (
        "HTML nested deeper than the parser can read (over 2048 levels even without wrapper tags); "
        "not published as a partial article")}]
