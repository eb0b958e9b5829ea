"""How the model runs (backend + precision): the choice, its fallbacks, what the snapshot records,
the refusal of incompatible query setups, and the rebuild that never loads the model."""
from __future__ import annotations

import numpy as np
import pytest

from newslens import embedder as emb
from newslens.embedder import (
    BF16,
    FP32,
    INT8,
    NUMPY,
    ONNX,
    OPENVINO,
    TORCH,
    EmbedSetup,
    HashingEmbedder,
    ModelLoadError,
    check_query_setup,
    default_setup,
    query_setup_for,
    resolve_setup,
)
from newslens.schema import ManifestKey
from newslens.search import engine
from newslens.store import load_snapshot
from pipeline import build as build_mod
from pipeline.build import build_snapshot
from pipeline.cli import main as pipeline_main
from tests.test_build import CORPUS, FakeTopics, write_raw

AMX = frozenset({"fpu", "avx512f", "amx_tile", "amx_bf16"})
AVX512_BF16 = frozenset({"avx512f", "avx512_bf16"})
PLAIN = frozenset({"fpu", "sse2", "avx2"})


@pytest.fixture(autouse=True)
def fast_map(monkeypatch):
    monkeypatch.setattr(build_mod, "build_map", FakeTopics.build_map)


@pytest.mark.parametrize("flags, expected", [
    (AMX, EmbedSetup(OPENVINO, BF16)),
    (AVX512_BF16, EmbedSetup(OPENVINO, BF16)),
    (PLAIN, EmbedSetup(TORCH, FP32)),          # bf16 emulated is slower; no fp32 runtime beat torch
    (frozenset(), EmbedSetup(TORCH, FP32)),    # no /proc/cpuinfo (macOS, Windows)
])
def test_auto_picks_the_fastest_measured_setup_and_bf16_only_on_bf16_hardware(flags, expected):
    everything = lambda backend: True      # noqa: E731
    assert default_setup(flags, everything) == expected
    assert resolve_setup("auto", "auto", flags=flags, installed=everything) == expected
    assert resolve_setup("auto", "auto", flags=flags, installed=everything).automatic


@pytest.mark.parametrize("flags, expected", [(AMX, EmbedSetup(TORCH, BF16)), (PLAIN, EmbedSetup(TORCH, FP32))])
def test_auto_without_the_runtimes_is_torch(flags, expected):
    assert resolve_setup("auto", "auto", flags=flags, installed=lambda b: b == TORCH) == expected


def test_an_automatic_runtime_whose_export_fails_falls_back_to_torch_in_one_line(monkeypatch, caplog, fake_weights):
    from newslens import runtimes

    def broken(name, path, setup):
        raise RuntimeError("no export\ntoday")

    monkeypatch.setattr(runtimes, "prepare", broken)
    model = emb.load_embedder("all-MiniLM-L6-v2", EmbedSetup(OPENVINO, BF16, automatic=True))
    assert model.setup.backend == TORCH
    notes = [r.getMessage() for r in caplog.records if "unavailable" in r.getMessage()]
    assert len(notes) == 1 and "\n" not in notes[0] and "no export today" in notes[0]


@pytest.mark.parametrize("backend, precision, flags, expected", [
    ("torch", "fp32", AMX, EmbedSetup(TORCH, FP32)),      # the baseline stays selectable
    ("torch", "bf16", PLAIN, EmbedSetup(TORCH, BF16)),    # asked for explicitly: honoured
    ("torch", "auto", PLAIN, EmbedSetup(TORCH, FP32)),
    ("auto", "fp32", AMX, EmbedSetup(TORCH, FP32)),
])
def test_explicit_choices_are_honoured(backend, precision, flags, expected):
    assert resolve_setup(backend, precision, flags=flags) == expected


@pytest.mark.parametrize("backend, precision, needle", [
    ("torch", "int8", "0.86"),
    ("tensorrt", "fp32", "unknown backend"),
    ("torch", "fp8", "unknown precision"),
])
def test_unusable_setups_are_refused_with_a_reason(backend, precision, needle):
    with pytest.raises(ModelLoadError, match=needle):
        resolve_setup(backend, precision, flags=AMX)


@pytest.mark.parametrize("backend, package", [(ONNX, "onnxruntime"), (OPENVINO, "openvino")])
def test_a_named_runtime_that_is_not_installed_is_refused_in_one_line(backend, package):
    with pytest.raises(ModelLoadError, match=package) as caught:
        resolve_setup(backend, "fp32", flags=AMX, installed=lambda b: b == TORCH)
    assert "\n" not in str(caught.value) and "--backend torch" in str(caught.value)


@pytest.mark.parametrize("backend, precision, flags, expected", [
    ("onnx", "auto", AMX, EmbedSetup(ONNX, FP32)),
    ("onnx", "int8", AMX, EmbedSetup(ONNX, INT8)),
    ("openvino", "auto", AMX, EmbedSetup(OPENVINO, BF16)),
    ("openvino", "auto", PLAIN, EmbedSetup(OPENVINO, FP32)),
    ("openvino", "fp32", AMX, EmbedSetup(OPENVINO, FP32)),
])
def test_runtime_backends_resolve_when_installed(backend, precision, flags, expected):
    assert resolve_setup(backend, precision, flags=flags, installed=lambda b: True) == expected


@pytest.mark.parametrize("backend, precision", [("onnx", "bf16"), ("openvino", "int8")])
def test_combinations_a_runtime_does_not_run_are_refused(backend, precision):
    with pytest.raises(ModelLoadError, match=f"runs .* not {precision}"):
        resolve_setup(backend, precision, flags=AMX, installed=lambda b: True)


def test_auto_never_picks_a_runtime_that_is_missing():
    assert default_setup(AMX, installed=lambda b: b == TORCH).backend == TORCH
    assert default_setup(PLAIN, installed=lambda b: b == TORCH) == EmbedSetup(TORCH, FP32)


def test_reduced_precision_never_shares_the_fp32_cache():
    name = "all-MiniLM-L6-v2"
    keys = {EmbedSetup(TORCH, FP32).cache_key(name), EmbedSetup(TORCH, BF16).cache_key(name),
            EmbedSetup(ONNX, FP32).cache_key(name)}
    assert len(keys) == 3
    assert EmbedSetup(TORCH, FP32).cache_key(name) == name     # caches built before setups still hit


def test_a_bf16_snapshot_is_queried_in_fp32_where_the_cpu_lacks_bf16():
    assert query_setup_for(EmbedSetup(TORCH, BF16), PLAIN) == EmbedSetup(TORCH, FP32)
    assert query_setup_for(EmbedSetup(TORCH, BF16), AMX) == EmbedSetup(TORCH, BF16)
    assert query_setup_for(EmbedSetup(TORCH, FP32), AMX) == EmbedSetup(TORCH, FP32)
    assert query_setup_for(EmbedSetup(OPENVINO, BF16), PLAIN, lambda b: True) == EmbedSetup(OPENVINO, FP32)


def test_a_runtime_snapshot_is_queried_with_its_runtime_or_torch_where_it_is_missing():
    everything, torch_only = (lambda b: True), (lambda b: b == TORCH)
    assert query_setup_for(EmbedSetup(ONNX, FP32), AMX, everything) == EmbedSetup(ONNX, FP32)
    assert query_setup_for(EmbedSetup(OPENVINO, BF16), AMX, everything) == EmbedSetup(OPENVINO, BF16)
    assert query_setup_for(EmbedSetup(OPENVINO, BF16), AMX, torch_only) == EmbedSetup(TORCH, BF16)
    assert query_setup_for(EmbedSetup(ONNX, FP32), AMX, torch_only) == EmbedSetup(TORCH, FP32)


@pytest.mark.parametrize("snapshot, query, ok", [
    (EmbedSetup(TORCH, BF16), EmbedSetup(TORCH, FP32), True),
    (EmbedSetup(TORCH, FP32), EmbedSetup(TORCH, BF16), True),
    (EmbedSetup(ONNX, INT8), EmbedSetup(TORCH, FP32), False),
    (EmbedSetup(TORCH, FP32), EmbedSetup(ONNX, INT8), False),
])
def test_query_setup_compatibility(snapshot, query, ok):
    if ok:
        check_query_setup(snapshot, query)
    else:
        with pytest.raises(ModelLoadError, match="int8"):
            check_query_setup(snapshot, query)


def test_search_refuses_a_query_setup_the_snapshot_cannot_compare(tmp_path):
    raw = write_raw(tmp_path / "raw", CORPUS)
    build_snapshot(raw, tmp_path / "data", embedder=HashingEmbedder(32))
    snapshot = load_snapshot(tmp_path / "data")
    assert snapshot.embed_setup == EmbedSetup(NUMPY, FP32)
    snapshot.manifest[ManifestKey.EMBED_PRECISION] = INT8       # as if built by an int8 runtime
    with pytest.raises(engine.SearchError, match="int8"):
        engine.search(engine.build_index(snapshot), "soldiers retreat", embedder=HashingEmbedder(32))


# --- the manifest and the lazy model ---------------------------------------------------------

class FakeMiniLM(HashingEmbedder):
    """Stands in for the real weights (same name and dimension), counting how often it is loaded."""

    loads = 0

    def __init__(self, name: str, setup: EmbedSetup):
        super().__init__(384)
        self.name, self.setup = name, setup
        FakeMiniLM.loads += 1


@pytest.fixture
def fake_weights(monkeypatch):
    FakeMiniLM.loads = 0
    monkeypatch.setattr(emb, "_LOADED", {})
    monkeypatch.setattr(emb, "_load_sentence_transformer", lambda name, setup: FakeMiniLM(name, setup))
    return FakeMiniLM


def test_the_bundled_model_folder_states_its_dimension_and_limit():
    assert emb.model_folder_facts(emb.default_model_path()) == (384, 256)


def test_manifest_records_backend_and_precision_and_a_no_change_rebuild_never_loads_the_model(tmp_path, fake_weights):
    raw, data = write_raw(tmp_path / "raw", CORPUS), tmp_path / "data"
    setup = EmbedSetup(TORCH, BF16)
    first = build_snapshot(raw, data, "all-MiniLM-L6-v2", setup=setup)
    assert fake_weights.loads == 1 and first.model_loaded
    manifest = load_snapshot(data).manifest
    assert (manifest[ManifestKey.EMBED_BACKEND], manifest[ManifestKey.EMBED_PRECISION]) == (TORCH, BF16)

    emb._LOADED.clear()                        # a new command: nothing loaded in this process

    def no_weights(name, setup):
        raise AssertionError("the model was loaded although every paragraph was cached")

    emb._load_sentence_transformer = no_weights   # restored by monkeypatch via fake_weights
    again = build_snapshot(raw, data, "all-MiniLM-L6-v2", setup=setup)
    assert not again.model_loaded
    assert again.counts["embedded"] == 0 and again.counts["cached"] == first.counts["paragraphs"]
    np.testing.assert_array_equal(load_snapshot(data).embeddings, load_snapshot(data, first.snapshot_id).embeddings)


def test_changing_precision_re_embeds_instead_of_mixing_vectors(tmp_path, fake_weights):
    raw, data = write_raw(tmp_path / "raw", CORPUS), tmp_path / "data"
    build_snapshot(raw, data, "all-MiniLM-L6-v2", setup=EmbedSetup(TORCH, FP32))
    other = build_snapshot(raw, data, "all-MiniLM-L6-v2", setup=EmbedSetup(TORCH, BF16))
    assert other.counts["cached"] == 0 and other.model_loaded


def test_cli_refuses_int8_on_torch_with_exit_2(tmp_path, capsys):
    raw = write_raw(tmp_path / "raw", CORPUS)
    code = pipeline_main(["build", "--raw", str(raw), "--out", str(tmp_path / "data"), "--quiet",
                          "--model", "hashing-32", "--backend", "torch", "--precision", "int8"])
    assert code == 2
    assert "int8" in capsys.readouterr().err
    assert not (tmp_path / "data" / "CURRENT").exists()


def test_warm_embedder_loads_once_and_later_loads_reuse_it(fake_weights):
    emb.warm_embedder("all-MiniLM-L6-v2", EmbedSetup(TORCH, FP32)).join(timeout=30)
    assert fake_weights.loads == 1
    model = emb.load_embedder("all-MiniLM-L6-v2", EmbedSetup(TORCH, FP32))
    assert isinstance(model, FakeMiniLM) and fake_weights.loads == 1
