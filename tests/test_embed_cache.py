"""The embedding cache: only new or changed paragraphs reach the model; the cache file survives crashes."""
from __future__ import annotations

import hashlib
import random

import numpy as np
import pytest

from newslens.embedder import HashingEmbedder
from pipeline import embed as embed_mod
from pipeline.embed import EmbeddingCache, cache_file, embed_paragraphs


class CountingEmbedder(HashingEmbedder):
    """The hashing embedder, recording every text it is asked to encode."""

    def __init__(self, dim: int = 32):
        super().__init__(dim)
        self.seen: list[str] = []

    def encode(self, texts, batch_size=64):
        self.seen.extend(texts)
        return super().encode(texts, batch_size)


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def corpus(n: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    words = "soldier commander retreat shoot order call morale desert brigade front video appeal".split()
    return [" ".join(rng.choice(words) for _ in range(rng.randint(3, 40))) + f" #{i}" for i in range(n)]


def run(texts, data_dir, embedder):
    cache = EmbeddingCache.load(data_dir, embedder.name, embedder.dim)
    matrix, n_embedded, n_cached = embed_paragraphs(texts, [sha(t) for t in texts], embedder, cache)
    cache.save()
    return matrix, n_embedded, n_cached


def test_vectors_match_direct_encoding_in_input_order(tmp_path):
    texts = corpus(50)
    embedder = CountingEmbedder()
    matrix, n_embedded, n_cached = run(texts, tmp_path, embedder)
    assert (n_embedded, n_cached) == (50, 0)
    assert matrix.dtype == np.float32 and matrix.shape == (50, embedder.dim)
    np.testing.assert_allclose(matrix, HashingEmbedder(embedder.dim).encode(texts), atol=1e-6)
    np.testing.assert_allclose(np.linalg.norm(matrix, axis=1), 1.0, atol=1e-5)


@pytest.mark.parametrize("changed, expected_embedded", [
    ([], 0),                 # unchanged corpus: nothing reaches the model
    ([3], 1),                # one edited paragraph: exactly one
    ([0, 10, 20], 3),
])
def test_rebuild_embeds_only_changed_paragraphs(tmp_path, changed, expected_embedded):
    texts = corpus(30)
    run(texts, tmp_path, CountingEmbedder())
    edited = list(texts)
    for i in changed:
        edited[i] = edited[i] + " (updated)"
    embedder = CountingEmbedder()
    matrix, n_embedded, n_cached = run(edited, tmp_path, embedder)
    assert n_embedded == expected_embedded
    assert sorted(embedder.seen) == sorted(edited[i] for i in changed)
    assert n_cached == 30 - expected_embedded
    np.testing.assert_allclose(matrix, HashingEmbedder(32).encode(edited), atol=1e-6)


def test_build_killed_while_embedding_keeps_the_chunks_already_done(tmp_path, monkeypatch):
    monkeypatch.setattr(embed_mod, "CHUNK_TEXTS", 10)
    monkeypatch.setattr(embed_mod, "CHECKPOINT_SECONDS", 0.0)     # checkpoint after every chunk
    texts = corpus(45)

    class DiesOnThirdChunk(CountingEmbedder):
        def encode(self, batch, batch_size=64):
            if len(self.seen) >= 20:
                raise KeyboardInterrupt("killed")
            return super().encode(batch, batch_size)

    cache = EmbeddingCache.load(tmp_path, "hashing-32", 32)
    with pytest.raises(KeyboardInterrupt):
        embed_paragraphs(texts, [sha(t) for t in texts], DiesOnThirdChunk(), cache)
    embedder = CountingEmbedder()
    matrix, n_embedded, n_cached = run(texts, tmp_path, embedder)
    assert (n_embedded, n_cached) == (25, 20)
    np.testing.assert_allclose(matrix, HashingEmbedder(32).encode(texts), atol=1e-6)


def test_identical_paragraphs_are_embedded_once(tmp_path):
    texts = ["Also read", "Body one.", "Also read", "Body two.", "Also read"]
    embedder = CountingEmbedder()
    matrix, n_embedded, _ = run(texts, tmp_path, embedder)
    assert n_embedded == 3 and sorted(embedder.seen) == ["Also read", "Body one.", "Body two."]
    np.testing.assert_array_equal(matrix[0], matrix[4])


def test_every_digest_survives_a_round_trip(tmp_path):
    """Hashes ending in zero bytes once came back shortened from disk and were re-embedded."""
    texts = [f"paragraph {i}" for i in range(40)]
    hashes = [f"{i:02x}" * 31 + "00" for i in range(40)]          # every digest ends in a NUL byte
    first = EmbeddingCache.load(tmp_path, "hashing-32", 32)
    embed_paragraphs(texts, hashes, CountingEmbedder(), first)
    first.save()
    embedder = CountingEmbedder()
    second = EmbeddingCache.load(tmp_path, "hashing-32", 32)
    _, n_embedded, n_cached = embed_paragraphs(texts, hashes, embedder, second)
    assert (n_embedded, n_cached) == (0, 40) and embedder.seen == []


def test_cache_is_per_model(tmp_path):
    texts = corpus(5)
    run(texts, tmp_path, CountingEmbedder(32))
    other = CountingEmbedder(16)
    _, n_embedded, n_cached = run(texts, tmp_path, other)
    assert (n_embedded, n_cached) == (5, 0)
    assert cache_file(tmp_path, "hashing-32") != cache_file(tmp_path, "hashing-16")


@pytest.mark.parametrize("name", [
    "all-MiniLM-L6-v2", "/home/me/models/all-MiniLM-L6-v2", "C:\\models\\x", "../../etc/passwd", "a b/c:d",
])
def test_cache_file_stays_inside_the_cache_folder(tmp_path, name):
    path = cache_file(tmp_path, name)
    assert path.parent == tmp_path / "cache"
    assert path.name.endswith(".npz") and "/" not in path.name and not path.name.startswith(".")


@pytest.mark.parametrize("damage", [
    b"",                                   # empty file
    b"not a zip at all",                   # garbage
    "truncate",                            # a real cache cut in half
])
def test_damaged_cache_file_is_ignored_not_fatal(tmp_path, damage):
    texts = corpus(8)
    run(texts, tmp_path, CountingEmbedder())
    path = cache_file(tmp_path, "hashing-32")
    if damage == "truncate":
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    else:
        path.write_bytes(damage)
    embedder = CountingEmbedder()
    cache = EmbeddingCache.load(tmp_path, embedder.name, embedder.dim)
    assert len(cache) == 0 and cache.discarded_reason
    matrix, n_embedded, _ = embed_paragraphs(texts, [sha(t) for t in texts], embedder, cache)
    assert n_embedded == 8
    assert cache.save()
    assert len(EmbeddingCache.load(tmp_path, embedder.name, embedder.dim)) == 8


def test_cache_file_of_another_dimension_is_discarded(tmp_path):
    run(corpus(4), tmp_path, CountingEmbedder(32))
    cache = EmbeddingCache.load(tmp_path, "hashing-32", 48)   # same name, different vectors
    assert len(cache) == 0 and "does not match" in cache.discarded_reason


def test_save_killed_mid_write_keeps_the_previous_cache(tmp_path, monkeypatch):
    texts = corpus(10)
    run(texts, tmp_path, CountingEmbedder())
    path = cache_file(tmp_path, "hashing-32")
    before = path.read_bytes()

    def dying_savez(fh, **arrays):
        fh.write(b"PK\x03\x04 half a zip")
        raise KeyboardInterrupt("killed")

    monkeypatch.setattr(embed_mod.np, "savez", dying_savez)
    cache = EmbeddingCache.load(tmp_path, "hashing-32", 32)
    embed_paragraphs(["a brand new paragraph"], [sha("a brand new paragraph")], CountingEmbedder(), cache)
    with pytest.raises(KeyboardInterrupt):
        cache.save()
    assert path.read_bytes() == before
    assert [p.name for p in path.parent.iterdir()] == [path.name]   # no temporary file left behind
    monkeypatch.undo()
    assert len(EmbeddingCache.load(tmp_path, "hashing-32", 32)) == 10


def test_save_writes_only_when_something_is_new(tmp_path):
    texts = corpus(6)
    run(texts, tmp_path, CountingEmbedder())
    path = cache_file(tmp_path, "hashing-32")
    mtime = path.stat().st_mtime_ns
    cache = EmbeddingCache.load(tmp_path, "hashing-32", 32)
    embed_paragraphs(texts, [sha(t) for t in texts], CountingEmbedder(), cache)
    assert cache.save() is False and path.stat().st_mtime_ns == mtime


def test_in_memory_cache_never_touches_disk(tmp_path):
    cache = EmbeddingCache.in_memory("hashing-32", 32)
    embed_paragraphs(["x y"], [sha("x y")], CountingEmbedder(), cache)
    assert cache.save() is False and not (tmp_path / "cache").exists()


def test_mismatched_inputs_are_refused(tmp_path):
    cache = EmbeddingCache.in_memory("hashing-32", 32)
    with pytest.raises(ValueError, match="hashes"):
        embed_paragraphs(["a", "b"], [sha("a")], CountingEmbedder(), cache)
    with pytest.raises(ValueError, match="16-d"):
        embed_paragraphs(["a"], [sha("a")], CountingEmbedder(16), cache)


def test_embedding_sorts_for_speed_but_returns_input_order(monkeypatch, tmp_path):
    monkeypatch.setattr(embed_mod, "CHUNK_TEXTS", 7)
    texts = corpus(40, seed=3)
    embedder = CountingEmbedder()
    calls = []
    cache = EmbeddingCache.load(tmp_path, "hashing-32", 32)
    matrix, n_embedded, _ = embed_paragraphs(texts, [sha(t) for t in texts], embedder, cache,
                                             lambda stage, done, total: calls.append((stage, done, total)))
    assert n_embedded == len(set(texts))
    np.testing.assert_allclose(matrix, HashingEmbedder(32).encode(texts), atol=1e-6)
    lengths = [len(t) for t in embedder.seen]
    assert lengths == sorted(lengths, reverse=True)          # longest first: batches pad least
    assert calls[0] == ("embed", 0, 40) and calls[-1] == ("embed", 40, 40)
    assert [d for _, d, _ in calls] == sorted(d for _, d, _ in calls)
    assert len(calls) == 1 + 6                                 # one tick per chunk of 7


def test_empty_input_gives_empty_matrix(tmp_path):
    cache = EmbeddingCache.load(tmp_path, "hashing-32", 32)
    matrix, n_embedded, n_cached = embed_paragraphs([], [], CountingEmbedder(), cache)
    assert matrix.shape == (0, 32) and (n_embedded, n_cached) == (0, 0)


def test_the_progress_moves_with_every_batch_not_once_a_chunk(tmp_path):
    """A first start on hundreds of pages: the embedding bar moved once per 512 texts, so it sat
    still for long stretches; it moves after each batch the model encodes, to the same vectors."""
    texts, embedder, steps = corpus(200), CountingEmbedder(), []
    cache = EmbeddingCache.load(tmp_path, embedder.name, embedder.dim)
    matrix, _, _ = embed_paragraphs(texts, [sha(t) for t in texts], embedder, cache,
                                    progress=lambda stage, done, total: steps.append((stage, done, total)))
    assert steps == [("embed", done, 200) for done in (0, 64, 128, 192, 200)]
    assert np.allclose(matrix, embedder.encode(texts), atol=1e-6)
