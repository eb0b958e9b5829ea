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
from tests.factories import write_file as write

TODAY = date(2026, 11, 21)
BODY = ("A Russian commander ordered his soldiers to open fire on subordinates attempting to retreat, "
        "according to an alleged intercepted phone call released by Ukraine's military intelligence.\n\n"
        "The agency said the recording captured a conversation in Donetsk Oblast in which the commander "
        "demanded that troops stand their ground at all costs.\n")
OTHER = ("Soldiers in the brigade discussed shooting themselves in the leg so they would be discharged "
         "and sent home, a call intercepted by the security service suggests.\n")
THIRD = ("Servicemen of the regiment recorded a video appeal saying they had been sent to storm positions "
         "without artillery support and with no way to evacuate the wounded.\n")


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


def test_html_character_references_left_by_a_scraper_are_decoded_and_recorded(tmp_path) -> None:
    from newslens.compare.claims import extract_quantities

    write(tmp_path, "a.txt", "The commander&#8217;s order &#8212; 120 soldiers &amp; officers were told to "
          "advance&nbsp;again.\n\n" + BODY)
    doc = ingest_corpus(tmp_path, today=TODAY).documents[0]
    first = doc.text.split("\n")[0]
    assert first.startswith("The commander\u2019s order \u2014 120 soldiers & officers were told")
    assert any(w.startswith("4 HTML character reference(s) decoded") for w in doc.warnings)
    assert [q.low for q in extract_quantities(first)] == [120]   # 8212 and 8217 were never numbers


def test_a_reference_escaped_twice_is_decoded_and_one_naming_no_character_is_kept(tmp_path) -> None:
    from newslens.compare.claims import extract_quantities

    write(tmp_path, "a.txt", "Officers said &amp;#8212; in a call &#0; &#xD800; &#8212; that 40 men had left.\n\n" + BODY)
    first = ingest_corpus(tmp_path, today=TODAY).documents[0].text.split("\n")[0]
    assert first == "Officers said \u2014 in a call &#0; &#xD800; \u2014 that 40 men had left."
    assert [q.low for q in extract_quantities(first) if q.low != 0] == [40]


def test_references_in_front_matter_and_the_metadata_table_are_decoded_too(tmp_path) -> None:
    # A scraper's export escapes the headline as it escapes the text: the title must read as written.
    write(tmp_path, "a.md", "---\ntitle: \"The commander&#8217;s order &amp; the men&#8217;s reply\"\n"
          "author: \"Jos&eacute; Pereira\"\n---\n" + BODY)
    write(tmp_path, "b.txt", "A second report of the appeal, in other words.\n\n" + BODY)
    write(tmp_path, "c.txt", "A third report, with its own words.\n\n" + BODY)
    write(tmp_path, "metadata.csv", "file,title,outlet,mood\nb.txt,Deserters&#8217; appeal,R&amp;D News,x\n"
          "c.txt,The men&#8217;s letter,Outlet C,y\n")
    result = ingest_corpus(tmp_path, today=TODAY)
    docs = {d.source_file: d for d in result.documents}
    a, b = docs["a.md"], docs["b.txt"]
    assert a.metadata[A.TITLE] == "The commander\u2019s order & the men\u2019s reply"
    assert a.metadata[A.AUTHOR] == "Jos\u00e9 Pereira"
    assert any(w.startswith("front matter: title: 3 HTML character reference(s) decoded") for w in a.warnings)
    assert b.metadata[A.TITLE] == "Deserters\u2019 appeal" and b.metadata[A.OUTLET] == "R&D News"
    assert docs["c.txt"].metadata[A.TITLE] == "The men\u2019s letter"
    table = [w["message"] for w in result.warnings if w["file"] == "metadata.csv"]
    # Every row's decoding is reported with its line and file; the unknown column once.
    assert any(m.startswith("line 2 (b.txt): title: 1 HTML character reference(s) decoded") for m in table)
    assert any(m.startswith("line 3 (c.txt): title: 1 HTML character reference(s) decoded") for m in table)
    assert sum("ignored unknown field(s) mood" in m for m in table) == 1


def test_ampersands_that_are_not_references_stay_as_written(tmp_path) -> None:
    line = "Ukrainian outlets R&D & Co and &notareference; reported the call on Monday."
    write(tmp_path, "a.txt", line + "\n\n" + BODY)
    doc = ingest_corpus(tmp_path, today=TODAY).documents[0]
    assert doc.text.startswith(line)
    assert not any("character reference" in w for w in doc.warnings)


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


# ------------------------------------------------------------------------------------------------
# Quarantine: no text, invisible text, near-duplicates, dates not to be believed
# ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("content, reason", [
    ("Test\n", "only 1 word(s); fewer than 5 (min_words in config/ingest.yaml) is not an article"),
    ("---\ntitle: A real-looking title\n---\nDraft.\n", "only 1 word(s); fewer than 5"),
    ("\u200b\u200b\u200c\u2060\n\ufeff\u200d  \u00a0\n", "file holds only invisible characters"),
    ("\u3000\u200b\u2028", "file holds only invisible characters"),
])
def test_files_without_an_articles_worth_of_text_are_quarantined(tmp_path, content, reason) -> None:
    write(tmp_path, "a.txt", BODY)
    write(tmp_path, "b.txt", content)
    result = ingest_corpus(tmp_path, today=TODAY)
    assert [d.source_file for d in result.documents] == ["a.txt"]
    assert result.quarantined[0]["file"] == "b.txt" and reason in result.quarantined[0]["reason"]


def test_a_near_duplicate_with_two_words_changed_is_recorded_not_published(tmp_path) -> None:
    write(tmp_path, "a.txt", BODY)
    write(tmp_path, "b.txt", BODY.replace("commander ordered", "officer ordered").replace("all costs", "any costs"))
    write(tmp_path, "c.txt", OTHER)
    result = ingest_corpus(tmp_path, today=TODAY)
    assert [d.source_file for d in result.documents] == ["a.txt", "c.txt"]
    assert result.duplicates == [{"file": "b.txt", "duplicate_of": "a.txt",
                                  "reason": "near-duplicate: 2 word(s) changed"}]


def test_a_re_report_in_other_words_is_not_a_near_duplicate(tmp_path) -> None:
    write(tmp_path, "a.txt", BODY)
    write(tmp_path, "b.txt", "Ukraine's military intelligence released an intercepted call in which a Russian "
                             "commander allegedly told his men to shoot anyone who tried to retreat.\n\n"
                             "In the recording, made in Donetsk Oblast according to the agency, the commander "
                             "insists the troops must hold their positions whatever it costs.\n")
    result = ingest_corpus(tmp_path, today=TODAY)
    assert len(result.documents) == 2 and result.duplicates == []


@pytest.mark.parametrize("given, warning", [
    ("2023/12", "ambiguous date '2023/12' (a month, or an issue or page number?) rejected; kept as date_raw"),
    ("1970-01-01", "placeholder date '1970-01-01' (the Unix epoch, written for a missing date) rejected"),
    ("1970-01-01T00:00:00Z", "placeholder date '1970-01-01T00:00:00Z'"),
    ("1900-05-01", "date '1900-05-01' is before 1995 (earliest_year in config/ingest.yaml) rejected"),
])
def test_dates_not_to_be_believed_are_rejected_with_the_raw_string_kept(tmp_path, given, warning) -> None:
    write(tmp_path, "a.txt", f"---\npublished: '{given}'\n---\n" + BODY)
    result = ingest_corpus(tmp_path, today=TODAY)
    m = result.documents[0].metadata
    assert (m[A.PUBLISHED], m[A.DATE_PRECISION], m[A.DATE_RAW]) == (None, "unknown", given)
    assert [w["message"] for w in result.warnings if w["file"] == "a.txt"] == [
        next(w["message"] for w in result.warnings if warning in w["message"])]


@pytest.mark.parametrize("given, published", [("2023-12", "2023-12"), ("12/2023", "2023-12"),
                                              ("2023/12/05", "2023-12-05"), ("1995-01-01", "1995-01-01")])
def test_plain_dates_are_still_accepted(tmp_path, given, published) -> None:
    write(tmp_path, "a.txt", f"---\npublished: '{given}'\n---\n" + BODY)
    result = ingest_corpus(tmp_path, today=TODAY)
    assert result.documents[0].metadata[A.PUBLISHED] == published
    assert result.warnings == []


def test_the_earliest_year_comes_from_the_config(tmp_path) -> None:
    from newslens.knowledge import IngestSettings

    write(tmp_path, "a.txt", "---\npublished: '1950-05-09'\n---\n" + BODY)
    result = ingest_corpus(tmp_path, today=TODAY, settings=IngestSettings(earliest_year=1900))
    assert result.documents[0].metadata[A.PUBLISHED] == "1950-05-09"


@pytest.mark.parametrize("text, message", [
    ("min_words: 5\nearliest_year: 1995\n", "key 'near_duplicate' must be a mapping"),
    ("min_words: five\nearliest_year: 1995\nnear_duplicate: {max_changed_words: 5, max_changed_share: 0.03, "
     "shingle_words: 3}\n", "key 'min_words' must be an integer, not 'five'"),
    ("min_words: 5\nearliest_year: 1995\nnear_duplicate: {max_changed_words: 5, max_changed_share: 2, "
     "shingle_words: 3}\n", "key 'near_duplicate.max_changed_share' must be between"),
    ("min_words: 5\nearliest_yr: 1995\nnear_duplicate: {}\n", "unknown key 'earliest_yr'"),
])
def test_a_bad_ingest_config_names_file_and_key(tmp_path, text, message) -> None:
    from newslens.knowledge import ConfigError, parse_ingest_settings

    path = write(tmp_path, "ingest.yaml", text)
    with pytest.raises(ConfigError, match=message) as info:
        parse_ingest_settings(path)
    assert str(info.value).startswith(str(path))


def test_the_shipped_ingest_config_is_valid() -> None:
    from newslens.config import PROJECT_ROOT
    from newslens.knowledge import IngestSettings, parse_ingest_settings

    assert parse_ingest_settings(PROJECT_ROOT / "config" / "ingest.yaml") == IngestSettings()


def test_every_file_in_is_stored_quarantined_or_a_duplicate_with_a_reason(tmp_path, outside) -> None:
    """The invariant over one hostile folder holding every case above at once."""
    raw = tmp_path / "raw"
    files = {
        "a.txt": BODY, "b.txt": OTHER, "c.txt": THIRD,
        "copy.txt": BODY, "near.txt": BODY.replace("all costs", "any cost"),
        "word.txt": "Test", "zw.txt": "\u200b\u200b", "empty.txt": "", "bin.txt": b"\x89PNG\r\n\x1a\n" + bytes(40),
        "deep.html": nested_page(3000, wrapper="ul"), "bad-meta.txt": BODY + "\nA different closing line here for "
                                                                       "this copy, long enough to count on its own.",
        "note.pdf": "not a supported type", "mojibake.txt": "â€œWe donâ€™t go,â€\x9d he said in the call.\n" + OTHER,
    }
    for name, content in files.items():
        write(raw, name, content)
    (raw / "passwd.txt").symlink_to(outside)
    write(raw, "metadata.csv", 'file,title\nb.txt,Fine title\nbad-meta.txt,"unclosed\n')
    result = ingest_corpus(raw, today=TODAY)
    stored = [d.source_file for d in result.documents]
    quarantined = [q["file"] for q in result.quarantined]
    duplicates = [d["file"] for d in result.duplicates]
    assert sorted(stored + quarantined + duplicates) == sorted([*files, "passwd.txt"])
    assert len(set(stored + quarantined + duplicates)) == len(files) + 1
    assert all(q["reason"].strip() for q in result.quarantined)
    assert all(d["duplicate_of"] in stored for d in result.duplicates)
    assert sorted(stored) == ["a.txt", "b.txt", "c.txt", "mojibake.txt"]


def test_mojibake_in_the_metadata_table_is_repaired_and_reported(tmp_path) -> None:
    write(tmp_path, "a.txt", BODY)
    write(tmp_path, "metadata.csv", "file,title\na.txt,â€œWe donâ€™t want to goâ€\x9d: soldiers' appeal\n")
    result = ingest_corpus(tmp_path, today=TODAY)
    assert result.documents[0].metadata[A.TITLE] == "\u201cWe don\u2019t want to go\u201d: soldiers' appeal"
    assert any(w["file"] == "metadata.csv" and "mojibake repaired" in w["message"] for w in result.warnings)
