"""The onnx / openvino backends: exported once from the bundled model, the same meaning as torch
fp32, cached, refused cleanly where they cannot run, recorded in the snapshot, and searching the
sample as well as the reference does."""
from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pytest

from newslens import embedder as emb
from newslens import runtimes
from newslens.embedder import BF16, FP32, INT8, ONNX, OPENVINO, EmbedSetup, ModelLoadError
from newslens.schema import ManifestKey
from newslens.store import load_snapshot
from pipeline import build as build_mod
from pipeline.build import build_snapshot
from pipeline.cli import main as pipeline_main
from tests.test_build import CORPUS, FakeTopics, write_raw

RUNTIME_SETUPS = [EmbedSetup(ONNX, FP32), EmbedSetup(ONNX, INT8), EmbedSetup(OPENVINO, FP32),
                  EmbedSetup(OPENVINO, BF16)]
# Texts written for this test: short, long (past the 256-token limit: truncation must match),
# other languages and scripts, and one of a single character.
TEXTS = [
    "The commander ordered his men to fire on anyone who retreated from the trench line.",
    "x",
    "A soldier of the 1428th regiment told his mother on an intercepted call that the unit had no "
    "water, no relief and no orders for three days. " * 12,
    "Ein Soldat sagte am Telefon, die Moral in seiner Einheit sei am Boden.",
    "Солдаты записали видеообращение к губернатору и жалуются на командиров.",
    "Wives of mobilised men asked the ministry why their husbands were sent to the front without training.",
]


def needs(setup: EmbedSetup) -> None:
    if not emb.runtime_installed(setup.backend):
        pytest.skip(f"{runtimes.RUNTIME_PACKAGE[setup.backend]} is not installed (pip install -r requirements.txt)")


@pytest.fixture(scope="module")
def model_cache(tmp_path_factory):
    """One export per test session, in a folder of its own (never the user's cache)."""
    folder = tmp_path_factory.mktemp("model_cache")
    before = os.environ.get("NEWSLENS_MODEL_CACHE")
    os.environ["NEWSLENS_MODEL_CACHE"] = str(folder)
    yield folder
    if before is None:
        os.environ.pop("NEWSLENS_MODEL_CACHE", None)
    else:
        os.environ["NEWSLENS_MODEL_CACHE"] = before


@pytest.fixture(scope="module")
def reference():
    return emb.load_embedder(emb.DEFAULT_MODEL, emb.REFERENCE_SETUP).encode(TEXTS)


# --- without the model ----------------------------------------------------------------------

def test_pooling_follows_the_models_pooling_modes():
    hidden = np.array([[[1.0, 0.0], [3.0, 4.0], [100.0, 100.0]]], dtype=np.float32)   # last token is padding
    mask = np.array([[1, 1, 0]])
    np.testing.assert_allclose(runtimes.pool(hidden, mask, ["mean_tokens"]), [[2.0, 2.0]])
    np.testing.assert_allclose(runtimes.pool(hidden, mask, ["cls_token"]), [[1.0, 0.0]])
    np.testing.assert_allclose(runtimes.pool(hidden, mask, ["max_tokens"]), [[3.0, 4.0]])
    np.testing.assert_allclose(runtimes.pool(hidden, mask, ["mean_sqrt_len_tokens"]), [[4 / np.sqrt(2), 4 / np.sqrt(2)]])


def test_the_bundled_model_is_read_as_mean_pooling_with_its_own_limit():
    assert runtimes.read_pipeline(emb.default_model_path()) == (["mean_tokens"], 256, False)


def _model_folder(tmp_path: Path, modules: list[dict], pooling: dict | None = None) -> Path:
    (tmp_path / "modules.json").write_text(json.dumps(modules), encoding="utf-8")
    (tmp_path / "sentence_bert_config.json").write_text('{"max_seq_length": 128}', encoding="utf-8")
    if pooling is not None:
        (tmp_path / "1_Pooling").mkdir()
        (tmp_path / "1_Pooling" / "config.json").write_text(json.dumps(pooling), encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("modules, pooling, needle", [
    ([{"type": "sentence_transformers.models.Transformer", "path": ""},
      {"type": "sentence_transformers.models.Pooling", "path": "1_Pooling"},
      {"type": "sentence_transformers.models.Dense", "path": "2_Dense"}], {"pooling_mode_mean_tokens": True}, "Dense"),
    ([{"type": "sentence_transformers.models.Transformer", "path": ""},
      {"type": "sentence_transformers.models.Pooling", "path": "1_Pooling"}],
     {"pooling_mode_weightedmean_tokens": True}, "weightedmean"),
    ([{"type": "sentence_transformers.models.Transformer", "path": ""}], None, "no pooling"),
])
def test_models_the_runtimes_cannot_reproduce_are_refused(tmp_path, modules, pooling, needle):
    with pytest.raises(runtimes.RuntimeSetupError, match=needle):
        runtimes.read_pipeline(_model_folder(tmp_path, modules, pooling))


def test_the_export_key_changes_with_the_runtime_version_and_the_model_files(tmp_path, monkeypatch):
    folder = _model_folder(tmp_path, [], None)
    key = runtimes.export_key("m", folder, OPENVINO, FP32)
    assert runtimes.export_key("m", folder, ONNX, FP32) != key
    monkeypatch.setattr(runtimes, "_version", lambda package: "99" if package == "openvino" else "1")
    assert runtimes.export_key("m", folder, OPENVINO, FP32) != key
    monkeypatch.undo()
    (folder / "config.json").write_text("{}", encoding="utf-8")
    assert runtimes.export_key("m", folder, OPENVINO, FP32) != key


@pytest.mark.parametrize("argv, needle", [
    (["--backend", "onnx", "--precision", "bf16"], "runs fp32 or int8"),
    (["--backend", "openvino", "--precision", "int8"], "runs fp32 or bf16"),
])
def test_cli_refuses_combinations_a_backend_does_not_run(tmp_path, capsys, argv, needle):
    raw = write_raw(tmp_path / "raw", CORPUS)
    code = pipeline_main(["build", "--raw", str(raw), "--out", str(tmp_path / "data"), "--quiet",
                          "--model", "hashing-32", *argv])
    assert code == 2
    assert needle in capsys.readouterr().err
    assert not (tmp_path / "data" / "CURRENT").exists()


def test_cli_refuses_an_unknown_backend(tmp_path, capsys):
    with pytest.raises(SystemExit):
        pipeline_main(["build", "--raw", str(tmp_path), "--backend", "tensorrt"])
    assert "invalid choice" in capsys.readouterr().err


# --- with the model -------------------------------------------------------------------------

@pytest.mark.model
@pytest.mark.parametrize("setup", [EmbedSetup(OPENVINO, BF16), EmbedSetup(ONNX, FP32)], ids=lambda s: s.label.replace(" ", "-"))
def test_one_model_serves_several_threads_at_once(model_cache, setup):
    """The app warms the model in a background thread while the first search arrives, and browser
    tabs share it: concurrent calls give each caller its own texts' vectors, never an error
    (OpenVINO's infer request raised "Infer Request is busy")."""
    from concurrent.futures import ThreadPoolExecutor

    needs(setup)
    model = emb.load_embedder(emb.DEFAULT_MODEL, setup)
    alone = [model.encode([t]) for t in TEXTS]
    with ThreadPoolExecutor(max_workers=4) as pool:
        together = list(pool.map(lambda t: model.encode([t]), TEXTS * 4))
    for i, vectors in enumerate(together):
        assert np.sum(vectors * alone[i % len(TEXTS)]) >= 0.999


@pytest.mark.model
@pytest.mark.parametrize("setup", RUNTIME_SETUPS, ids=lambda s: s.label.replace(" ", "-"))
def test_runtime_vectors_keep_the_meaning_of_torch_fp32(model_cache, reference, setup):
    needs(setup)
    model = emb.load_embedder(emb.DEFAULT_MODEL, setup)
    assert (model.dim, model.max_tokens, model.setup) == (384, 256, setup)
    vectors = model.encode(TEXTS, batch_size=4)      # two batches of different padded lengths
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    cosine = np.sum(vectors * reference, axis=1)
    # int8 shifts vectors (README: below the 0.99 bar on 10k texts, so never the default).
    assert cosine.min() >= (0.95 if setup.precision == INT8 else 0.999), cosine
    # Batching and the length sort never move a text's vector to another row. (int8 quantises
    # activations per batch, so a text's vector depends a little on its batch-mates.)
    one_by_one = np.vstack([model.encode([t]) for t in TEXTS])
    assert np.sum(vectors * one_by_one, axis=1).min() >= (0.95 if setup.precision == INT8 else 0.999)
    assert model.count_tokens("soldiers retreat") == 4      # [CLS] soldiers retreat [SEP]


@pytest.mark.model
def test_the_export_is_made_once_and_reused(model_cache, monkeypatch):
    setup = EmbedSetup(ONNX, FP32)
    needs(setup)
    path = runtimes.onnx_file(emb.DEFAULT_MODEL, emb.default_model_path())
    assert path.is_file() and model_cache in path.parents

    def no_export(*args):
        raise AssertionError("exported again although the cached file is there")

    monkeypatch.setattr(runtimes, "_export_onnx", no_export)
    assert runtimes.onnx_file(emb.DEFAULT_MODEL, emb.default_model_path()) == path


@pytest.mark.model
def test_a_failed_export_is_one_line_with_the_way_out(tmp_path, monkeypatch):
    setup = EmbedSetup(ONNX, FP32)
    needs(setup)
    monkeypatch.setenv("NEWSLENS_MODEL_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(emb, "_LOADED", {})

    def broken(path, folder):
        raise ValueError("exporter exploded\nwith a second line")

    monkeypatch.setattr(runtimes, "_export_onnx", broken)
    with pytest.raises(ModelLoadError) as caught:
        emb.load_embedder(emb.DEFAULT_MODEL, setup)
    message = str(caught.value)
    assert "\n" not in message and "exporter exploded" in message and "--backend torch" in message
    assert not any((tmp_path / "cache").rglob("model.onnx"))     # no half-written export left behind


@pytest.mark.model
def test_snapshot_records_the_runtime_setup_and_queries_use_it(model_cache, tmp_path, monkeypatch, capsys):
    setup = EmbedSetup(OPENVINO, BF16 if emb.cpu_has_bf16() else FP32)
    needs(setup)
    monkeypatch.setattr(build_mod, "build_map", FakeTopics.build_map)
    raw, data = write_raw(tmp_path / "raw", CORPUS), tmp_path / "data"
    code = pipeline_main(["build", "--raw", str(raw), "--out", str(data), "--quiet", "--json",
                          "--backend", setup.backend, "--precision", setup.precision])
    assert code == 0
    summary = json.loads(capsys.readouterr().out)
    assert (summary["backend"], summary["precision"]) == (setup.backend, setup.precision)
    snapshot = load_snapshot(data)
    assert (snapshot.manifest[ManifestKey.EMBED_BACKEND], snapshot.manifest[ManifestKey.EMBED_PRECISION]) == \
        (setup.backend, setup.precision)
    assert snapshot.embed_setup == setup and emb.query_setup_for(snapshot.embed_setup) == setup

    from newslens.search import engine

    query_model = emb.load_embedder(snapshot.model_name, emb.query_setup_for(snapshot.embed_setup))
    hits = engine.search(engine.build_index(snapshot), "troops ordered to shoot soldiers who retreat",
                         embedder=query_model, mode=engine.SEMANTIC, k=3).hits
    assert hits and "shoot" in hits[0].text.lower()


def _sample_scores(setup: EmbedSetup, folder: Path) -> dict[str, dict[str, float]]:
    from newslens.search.engine import HYBRID, SEMANTIC, build_index
    from tests.conftest import SAMPLE_RAW
    from tests.test_search_eval import evaluate, load_cases

    model = emb.load_embedder(emb.DEFAULT_MODEL, setup)
    build_snapshot(SAMPLE_RAW, folder, emb.DEFAULT_MODEL, embedder=model)
    index = build_index(load_snapshot(folder))
    cases = load_cases(index)
    return {mode: {**evaluate(index, model, cases, mode), "cases": len(cases)} for mode in (SEMANTIC, HYBRID)}


@pytest.fixture(scope="module")
def torch_fp32_scores(tmp_path_factory):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(build_mod, "build_map", FakeTopics.build_map)
        return _sample_scores(emb.REFERENCE_SETUP, tmp_path_factory.mktemp("sample_torch_fp32"))


@pytest.mark.model
@pytest.mark.parametrize("setup", [EmbedSetup(ONNX, FP32), EmbedSetup(OPENVINO, FP32), EmbedSetup(OPENVINO, BF16)],
                         ids=lambda s: s.label.replace(" ", "-"))
def test_search_evaluation_does_not_drop_with_the_runtime(model_cache, tmp_path, monkeypatch, setup,
                                                          torch_fp32_scores):
    """The sample's evaluation set, searched in a snapshot built and queried by the runtime, scores
    what the torch fp32 build scores (less at most one query's share, for a tie that flips)."""
    needs(setup)
    monkeypatch.setattr(build_mod, "build_map", FakeTopics.build_map)
    ours = _sample_scores(setup, tmp_path / "data")
    for mode, theirs in torch_fp32_scores.items():
        slack = 1.0 / theirs["cases"]
        print(f"\n| {setup.label} {mode} | recall@5 {ours[mode]['recall@5']:.3f} (torch fp32 {theirs['recall@5']:.3f}) "
              f"| MRR {ours[mode]['mrr']:.3f} (torch fp32 {theirs['mrr']:.3f}) |")
        assert ours[mode]["recall@5"] >= theirs["recall@5"] - slack
        assert ours[mode]["mrr"] >= theirs["mrr"] - slack


@pytest.mark.model
def test_the_app_query_model_loads_without_importing_torch_once_exported(model_cache):
    """What lets the app's first search answer quickly: with the export cached, the OpenVINO query
    model needs neither torch nor transformers (importing them took 16 s under load)."""
    import subprocess
    import sys

    setup = EmbedSetup(OPENVINO, BF16 if emb.cpu_has_bf16() else FP32)
    needs(setup)
    runtimes.prepare(emb.DEFAULT_MODEL, emb.default_model_path(), setup)      # the cached export
    code = ("import sys\nfrom newslens.embedder import EmbedSetup, load_embedder\n"
            f"m = load_embedder('all-MiniLM-L6-v2', EmbedSetup({setup.backend!r}, {setup.precision!r}))\n"
            "print(m.encode(['soldiers refuse orders']).shape, 'torch' in sys.modules, 'transformers' in sys.modules)\n")
    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(root), "NEWSLENS_MODEL_CACHE": str(model_cache)}
    done = subprocess.run([sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["(1,", "384)", "False", "False"], done.stdout


@pytest.mark.unit
def test_openvino_is_imported_without_its_usage_telemetry(tmp_path):
    """openvino's import would send a usage event to Google Analytics (openvino-telemetry) and write
    a client id under ~/intel; NewsLens's import of it must do neither."""
    import subprocess
    import sys

    if not runtimes.runtime_installed(OPENVINO):
        pytest.skip("openvino is not installed")
    script = ("import sys\nfrom newslens.runtimes import import_openvino\nimport_openvino()\n"
              "print(sys.modules.get('openvino_telemetry') is None)\n")
    env = {**os.environ, "HOME": str(tmp_path), "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    env.pop("CI", None)              # openvino's own CI check must not be what keeps it quiet
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "True"
    assert not (tmp_path / "intel").exists()
