"""`python -m newslens topics`, run as a user would (in-process: ``cli_utils``), on the factory corpus."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from newslens.schema import Kind, ParagraphCol
from newslens.store import load_snapshot
from tests.cli_utils import run_newslens

ROOT = Path(__file__).resolve().parent.parent

LENS_FILE = r"""
default_threshold: 0.2
lenses:
  - name: executions
    definition: commander orders to shoot soldiers who retreat
    examples: [shoot anyone who retreats, open fire on comrades attempting to retreat]
    lexicon: ['\bopen fire on\b', '\bretreat\w*']
    lexicon_weight: 0.05
  - name: self-harm
    definition: soldiers shooting themselves in the leg to be sent home
    threshold: 0.3
"""


def run(*args: str) -> subprocess.CompletedProcess:
    return run_newslens("topics", *args)


@pytest.fixture(scope="module")
def lens_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("lenses") / "lenses.yaml"
    path.write_text(LENS_FILE, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def records(tiny_data_dir, lens_file) -> list[dict]:
    result = run("--data", str(tiny_data_dir), "--lenses", str(lens_file), "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["paragraphs"]


def test_one_record_per_content_paragraph_with_the_required_fields(records, tiny_data_dir):
    snapshot = load_snapshot(tiny_data_dir)
    content = snapshot.paragraphs[snapshot.paragraphs[ParagraphCol.KIND].isin(Kind.CONTENT)]
    assert [r["paragraph_id"] for r in records] == content[ParagraphCol.ID].tolist()
    for record in records:
        assert {"paragraph_id", "article_id", "text", "topics", "scores", "cluster", "why"} <= set(record)
        assert set(record["scores"]) == {"executions", "self-harm"}
        assert set(record["topics"]) <= {"executions", "self-harm"}
        assert isinstance(record["cluster"], int)
    # which article it is from, without a join with `articles --json` (set 34's review)
    meta = snapshot.articles.set_index("article_id")
    for record in records:
        article = meta.loc[record["article_id"]]
        assert (record["title"], record["url"], record["language"]) == (article["title"], article["url"],
                                                                      article["language"])
        assert {"published", "date_precision", "date", "date_iso"} <= set(record)
    # the date as the Reader, Search and Timeline say it ("undated" and ISO here before), and in ISO form
    dates = {r["article_id"]: (r["date"], r["date_iso"]) for r in records}
    assert dates == {"a1": ("25 Sep 2025", "2025-09-25"), "a2": ("26 Sep 2025", "2025-09-26"),
                     "a3": ("Mar 2022 (day unknown)", "2022-03"), "a4": ("date unknown", None)}
    assert not any(r["text"] in {"Also read", "Commander orders troops to shoot their own"} for r in records)


def test_labels_follow_scores_and_thresholds(records):
    thresholds = {"executions": 0.2, "self-harm": 0.3}
    for record in records:
        expected = {name for name, score in record["scores"].items() if score >= thresholds[name]}
        assert set(record["topics"]) == expected
    by_text = {r["text"]: r for r in records}
    retreat = by_text["A Russian commander near Pokrovsk ordered soldiers to open fire on comrades attempting to retreat, "
                      "an alleged intercepted call suggests."]
    assert "executions" in retreat["topics"]
    assert retreat["why"]["executions"] == "open fire on comrades attempting to retreat"
    # The lexicon words found are listed, as written, and each adds the lens's weight.
    assert retreat["words"] == {"executions": ["open fire on", "retreat"], "self-harm": []}


def test_lexicon_words_add_to_the_score(records, tiny_data_dir, tmp_path):
    plain = tmp_path / "plain.yaml"
    plain.write_text("\n".join(line for line in LENS_FILE.splitlines() if "lexicon" not in line), encoding="utf-8")
    result = run("--data", str(tiny_data_dir), "--lenses", str(plain), "--json")
    assert result.returncode == 0, result.stderr
    without = {r["paragraph_id"]: r for r in json.loads(result.stdout)["paragraphs"]}
    for record in records:
        added = 0.05 * min(len(record["words"]["executions"]), 2)
        assert record["scores"]["executions"] == pytest.approx(
            without[record["paragraph_id"]]["scores"]["executions"] + added, abs=2e-4)


def test_hostile_text_is_returned_verbatim(records):
    assert any("$5 to $10 **fast** :red[x] <script>alert(1)</script>" in r["text"] for r in records)


@pytest.mark.parametrize("extra, check", [
    (["--threshold", "0.99"], lambda rs: all(r["topics"] == [] for r in rs)),
    (["--threshold", "0.0"], lambda rs: all(set(r["topics"]) == {n for n, s in r["scores"].items() if s >= 0}
                                            for r in rs) and sum(len(r["topics"]) for r in rs) > len(rs)),
    (["--clusters", "3"], lambda rs: {r["cluster"] for r in rs} == {0, 1, 2}),
    (["--clusters", "1"], lambda rs: {r["cluster"] for r in rs} == {0}),
    (["--lens", "executions"], lambda rs: rs and all("executions" in r["topics"] for r in rs)),
])
def test_options_change_the_output(tiny_data_dir, lens_file, extra, check):
    result = run("--data", str(tiny_data_dir), "--lenses", str(lens_file), "--json", *extra)
    assert result.returncode == 0, result.stderr
    assert check(json.loads(result.stdout)["paragraphs"])


def test_json_says_what_made_it_and_the_pages_notices(tmp_path, lens_file, monkeypatch):
    """Set 34's review: `topics --json` was a bare list, so a file could not be traced to its lens
    file and threshold, and the Topics page's notice that some paragraphs were scored by words only
    (their language unread by the model) reached no script."""
    from newslens import languages
    from tests.factories import ArticleSpec, make_snapshot

    monkeypatch.setattr(languages, "model_languages", lambda name, path=None: {"en"})
    make_snapshot(tmp_path, [
        ArticleSpec("en1", "Front Daily", ["Soldiers were told to shoot anyone who retreats."]),
        ArticleSpec("de1", "Tagesblatt", ["Die Kommandeure befahlen, auf Soldaten beim Rückzug zu schießen."],
                    language="de"),
    ])
    result = run("--data", str(tmp_path), "--lenses", str(lens_file), "--json", "--threshold", "0.25")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["snapshot_id"] == load_snapshot(tmp_path).snapshot_id
    assert payload["inputs"]["lenses"] == str(lens_file) and payload["inputs"]["threshold"] == 0.25
    [notice] = payload["notices"]
    assert notice.startswith("1 of these paragraphs") and "(de: 1)" in notice
    assert [r["article_id"] for r in payload["paragraphs"]] == ["en1", "de1"]
    # the text output says it too
    assert notice[:40] in " ".join(run("--data", str(tmp_path), "--lenses", str(lens_file)).stdout.split())


def test_json_records_the_number_of_clusters_used_also_by_default(tiny_data_dir, lens_file):
    """Review, session 32: `topics --json` recorded "clusters": null when the k (grown with the
    corpus) was not given, so the file did not say how it was clustered."""
    default = json.loads(run("--data", str(tiny_data_dir), "--lenses", str(lens_file), "--json").stdout)
    k = default["inputs"]["clusters"]
    assert isinstance(k, int) and k >= 1 and {r["cluster"] for r in default["paragraphs"]} <= set(range(k))
    again = json.loads(run("--data", str(tiny_data_dir), "--lenses", str(lens_file), "--json",
                           "--clusters", str(k)).stdout)
    assert again["inputs"]["clusters"] == k and again["paragraphs"] == default["paragraphs"]   # rerun from the file
    given = json.loads(run("--data", str(tiny_data_dir), "--lenses", str(lens_file), "--json", "--clusters", "2").stdout)
    assert given["inputs"]["clusters"] == 2


def test_text_output_has_a_summary_line(tiny_data_dir, lens_file):
    result = run("--data", str(tiny_data_dir), "--lenses", str(lens_file))
    assert result.returncode == 0
    assert result.stdout.startswith("9 content paragraphs; labelled: executions")
    assert "kmeans" in result.stdout


@pytest.mark.parametrize("args, message", [
    (["--data", "{missing}"], "no snapshot"),
    (["--lenses", "{missing}/lenses.yaml"], "not found"),
    (["--lenses", "{bad}"], "not valid YAML"),
    (["--threshold", "2"], "between 0 and 1"),
    (["--clusters", "0"], "between 1 and"),
    (["--lens", "weather"], "unknown lens 'weather'"),
])
def test_bad_input_is_one_line_exit_2_no_traceback(tmp_path, tiny_data_dir, args, message):
    bad = tmp_path / "bad.yaml"
    bad.write_text("lenses: [unclosed", encoding="utf-8")
    args = [a.format(missing=tmp_path / "nope", bad=bad) for a in args]
    if "--data" not in args:
        args += ["--data", str(tiny_data_dir)]
    result = run(*args)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_lens_file_lexicon_pattern_that_could_hang_is_refused_before_any_search(tmp_path, tiny_data_dir):
    """The CLI adds no lenses, but reads a lens file someone may have edited: a lexicon entry such as
    (a+)+$ would hang the search of every paragraph, so it stops the command with the reason."""
    hanging = tmp_path / "lenses.yaml"
    hanging.write_text(LENS_FILE.replace(r"'\bretreat\w*'", "'(a+)+$'"), encoding="utf-8")
    result = run("--data", str(tiny_data_dir), "--lenses", str(hanging), "--json")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "lexicon entry 2 ('(a+)+$') could take too long to search" in result.stderr
