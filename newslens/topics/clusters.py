"""Discovered clusters over paragraph embeddings, their labels, and the 2-D corpus map (pure).

BERTopic-style stages, each a small function over arrays: cluster (k-means on the normalised
embeddings, or agglomerative Ward for small corpora), label (class-based TF-IDF over each
cluster's words, stopwords removed), pick representatives (closest to the centroid) and project
to 2-D (PCA, or t-SNE for up to a few thousand paragraphs). Everything takes a fixed seed, so the
same snapshot and parameters always give the same clusters.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Sequence

import numpy as np
from scipy import sparse
from sklearn.cluster import AgglomerativeClustering, KMeans, MiniBatchKMeans
from sklearn.decomposition import PCA
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer
from threadpoolctl import threadpool_limits

from newslens.knowledge import topic_stopwords
from newslens.languages import language_stopwords
from newslens.vectors import take

SEED = 42
METHODS = ("kmeans", "agglomerative")
PROJECTIONS = ("pca", "tsne")
MAX_CLUSTERS = 50
# Ward linkage needs O(n^2) memory: beyond this many paragraphs only k-means is offered.
AGGLOMERATIVE_MAX = 5_000
# Above this, k-means runs in mini-batches: full k-means with several restarts cost ~190 assignment
# passes at 10k paragraphs, mini-batch ~30 (benchmarks/bench_topics.py).
MINIBATCH_FROM = 5_000
# Class-based TF-IDF reads at most this many (seeded, random) paragraphs per cluster: the words
# that set a cluster apart show up in a sample, and the cost stays bounded at 100k paragraphs.
LABEL_SAMPLE = 1_000
# t-SNE is worth its cost only on small maps; larger ones use PCA (see benchmarks/bench_topics.py).
TSNE_MAX = 1_000
TSNE_ITERATIONS = 500
# OpenMP threads spinning against other processes on a busy machine made t-SNE of 68 points take
# 50 s instead of 1 s; the numeric kernels here run single-threaded, predictably.
THREADS = 1

# News-report words that say nothing about a theme: config/topics.yaml.
NEWS_STOPWORDS = topic_stopwords()
STOPWORDS = sorted(ENGLISH_STOP_WORDS | NEWS_STOPWORDS)
_LABEL_TOKEN = r"(?u)\b[^\W\d_][^\W\d_'’-]{2,}\b"      # the words a cluster is named by
_TOKEN_RE = re.compile(_LABEL_TOKEN)


def _without_stopwords(text: str, language: str | None) -> str:
    """``text``'s label words less its language's function words (English ones go by STOPWORDS)."""
    stops = language_stopwords(language if isinstance(language, str) else None)
    if not stops:
        return text
    return " ".join(w for w in _TOKEN_RE.findall(text) if w.lower() not in stops)


@dataclass(frozen=True)
class ClusterParams:
    k: int
    method: str = "kmeans"
    seed: int = SEED

    def describe(self) -> str:
        return f"{self.method}, k={self.k}, seed={self.seed}"


@dataclass
class Clustering:
    """Clusters of a set of rows (e.g. the content paragraphs), all arrays aligned with them."""

    params: ClusterParams
    labels: np.ndarray                              # int (n,), 0..k-1
    centroids: np.ndarray                           # float32 (k, dim), normalised
    terms: dict[int, list[str]] = field(default_factory=dict)      # distinctive words, best first
    representatives: dict[int, list[int]] = field(default_factory=dict)  # row positions, best first
    similarity: np.ndarray | None = None            # cosine of each row to its centroid

    @property
    def sizes(self) -> dict[int, int]:
        counts = np.bincount(self.labels, minlength=len(self.centroids))
        return {c: int(n) for c, n in enumerate(counts)}

    def name(self, cluster: int, n_terms: int = 3) -> str:
        """A short human label: the number and its top words."""
        words = self.terms.get(cluster, [])[:n_terms]
        return f"{cluster}: " + (", ".join(words) if words else "(no distinctive words)")


def default_cluster_count(n: int) -> int:
    """A starting k that grows slowly with the corpus: sqrt(n/2), kept between 2 and 30."""
    if n < 2:
        return 1
    return int(min(30, max(2, round(math.sqrt(n / 2))), n))


def _normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return vectors / norms


# Rows normalised at a time where a whole float32 copy is not needed: at 1M paragraphs each full
# copy is 1.5 GB, and the topics page's first visit held three at once (take, normalise, the
# centroid of every row).
BLOCK_ROWS = 65_536


def _normalised_blocks(vectors: np.ndarray, block: int = BLOCK_ROWS):
    """``(start, normalised float32 rows)`` block by block (float16 or float32 input alike)."""
    for start in range(0, len(vectors), block):
        yield start, _normalise(take(vectors, slice(start, start + block)))


def cluster_embeddings(vectors: np.ndarray, params: ClusterParams) -> tuple[np.ndarray, np.ndarray]:
    """Labels (renumbered by size, largest first) and normalised centroids.

    On normalised vectors Euclidean k-means is cosine k-means, which is what sentence embeddings
    want. Agglomerative Ward gives tighter small clusters on short corpora but is quadratic.
    """
    x = _normalise(vectors)
    n = len(x)
    if params.method not in METHODS:
        raise ValueError(f"unknown clustering method {params.method!r}; choose one of {', '.join(METHODS)}")
    if n == 0:
        return np.zeros(0, dtype=np.int64), np.zeros((0, x.shape[1] if x.ndim == 2 else 0), np.float32)
    k = max(1, min(int(params.k), n, MAX_CLUSTERS))
    if k == 1:
        labels = np.zeros(n, dtype=np.int64)
    elif params.method == "agglomerative":
        if n > AGGLOMERATIVE_MAX:
            raise ValueError(f"agglomerative clustering is limited to {AGGLOMERATIVE_MAX:,} paragraphs; "
                             f"use k-means for {n:,}")
        labels = AgglomerativeClustering(n_clusters=k, linkage="ward").fit_predict(x)
    elif n >= MINIBATCH_FROM:
        with threadpool_limits(THREADS):
            labels = MiniBatchKMeans(n_clusters=k, random_state=params.seed, n_init=3,
                                     batch_size=4096).fit_predict(x)
    else:
        with threadpool_limits(THREADS):
            labels = KMeans(n_clusters=k, random_state=params.seed, n_init=4).fit_predict(x)
    return renumber_by_size(np.asarray(labels, dtype=np.int64), x, k)


def renumber_by_size(labels: np.ndarray, x: np.ndarray, k: int | None = None, *,
                     normalise: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Labels renumbered so cluster 0 is the largest, and the clusters' normalised centroids.

    ``normalise``: ``x`` is not normalised yet (e.g. stored float16 rows); it is, block by block.
    """
    labels = np.asarray(labels, dtype=np.int64)
    n = len(labels)
    k = int(k or (labels.max() + 1 if n else 0))
    if n == 0:
        return labels, np.zeros((0, x.shape[1]), np.float32)
    # Stable numbering: cluster 0 is the largest (ties by first appearance).
    counts = np.bincount(labels, minlength=k)
    first = np.full(k, n, dtype=np.int64)
    present, first_seen = np.unique(labels, return_index=True)
    first[present] = first_seen
    order = np.lexsort((first, -counts))
    remap = np.empty(k, dtype=np.int64)
    remap[order] = np.arange(k)
    labels = remap[labels]
    used = int(labels.max()) + 1
    # Centroids as sparse (cluster x row) products, block by block: one pass over the vectors.
    centroids = np.zeros((used, x.shape[1]), dtype=np.float32)
    blocks = _normalised_blocks(x) if normalise else ((s, x[s:s + BLOCK_ROWS]) for s in range(0, n, BLOCK_ROWS))
    for start, rows in blocks:
        stop = start + len(rows)
        members = sparse.csr_matrix((np.ones(stop - start, np.float32), (labels[start:stop], np.arange(stop - start))),
                                    shape=(used, stop - start))
        centroids += np.asarray(members @ rows, dtype=np.float32)
    return labels, _normalise(centroids)


def distinctive_terms(texts: Sequence[str], labels: np.ndarray, top_n: int = 8,
                      languages: Sequence[str | None] | None = None) -> dict[int, list[str]]:
    """Class-based TF-IDF (as in BERTopic): words frequent in one cluster and rare in the others.

    Each cluster's paragraphs are one document; weight = (term share within the cluster) *
    log(1 + average words per cluster / term frequency over all clusters).
    """
    labels = np.asarray(labels)
    clusters = sorted(set(labels.tolist()))
    rng = np.random.default_rng(SEED)
    joined = []
    for c in clusters:
        rows = np.flatnonzero(labels == c)
        if len(rows) > LABEL_SAMPLE:
            rows = np.sort(rng.choice(rows, LABEL_SAMPLE, replace=False))
        joined.append(" ".join(texts[i] if languages is None else _without_stopwords(texts[i], languages[i])
                               for i in rows))
    vectorizer = CountVectorizer(stop_words=STOPWORDS, token_pattern=_LABEL_TOKEN, lowercase=True)
    try:
        counts = vectorizer.fit_transform(joined)
    except ValueError:          # nothing but stopwords, numbers or punctuation
        return {c: [] for c in clusters}
    counts = counts.toarray().astype(np.float64)
    words = vectorizer.get_feature_names_out()
    per_class = counts.sum(axis=1, keepdims=True)
    per_class[per_class == 0] = 1.0
    tf = counts / per_class
    avg_words = counts.sum() / max(len(clusters), 1)
    idf = np.log(1.0 + avg_words / np.maximum(counts.sum(axis=0), 1.0))
    weights = tf * idf
    out: dict[int, list[str]] = {}
    for row, c in enumerate(clusters):
        best = np.argsort(-weights[row], kind="stable")[:top_n]
        out[c] = [str(words[i]) for i in best if weights[row, i] > 0]
    return out


def representatives(vectors: np.ndarray, labels: np.ndarray, centroids: np.ndarray,
                    n: int = 3) -> tuple[dict[int, list[int]], np.ndarray]:
    """Per cluster, the rows closest to its centroid (best first), and every row's similarity."""
    labels = np.asarray(labels)
    sim = np.zeros(len(vectors), np.float32)
    for start, rows in _normalised_blocks(vectors):
        sim[start:start + len(rows)] = np.einsum("ij,ij->i", rows, centroids[labels[start:start + len(rows)]])
    k = len(centroids)
    order = np.lexsort((-sim, labels))          # by cluster, then most similar first: one sort
    sorted_labels = labels[order]
    starts = np.searchsorted(sorted_labels, np.arange(k))
    rank = np.arange(len(order)) - starts[sorted_labels]
    reps: dict[int, list[int]] = {c: [] for c in range(k)}
    for row in order[rank < n]:
        reps[int(labels[row])].append(int(row))
    return reps, sim.astype(np.float32)


def cluster_paragraphs(vectors: np.ndarray, texts: Sequence[str], params: ClusterParams,
                       top_terms: int = 8, n_representatives: int = 3,
                       labels: np.ndarray | None = None, languages: Sequence[str | None] | None = None) -> Clustering:
    """Cluster, label and pick representatives in one call.

    ``labels`` computed earlier for the same ``params`` (the pipeline stores the default
    clustering with the map) skip the clustering itself.
    """
    if labels is not None and len(labels) == len(vectors):
        labels, centroids = renumber_by_size(labels, vectors, normalise=True)
    else:
        labels, centroids = cluster_embeddings(vectors, params)
    terms = distinctive_terms(texts, labels, top_terms, languages) if len(labels) else {}
    reps, sim = representatives(vectors, labels, centroids, n_representatives) if len(labels) else ({}, None)
    return Clustering(params, labels, centroids, terms, reps, sim)


def choose_projection(n: int) -> str:
    return "tsne" if n <= TSNE_MAX else "pca"


def project_2d(vectors: np.ndarray, method: str | None = None, seed: int = SEED) -> np.ndarray:
    """2-D coordinates (float32, (n, 2)) for the corpus map; deterministic for a given seed.

    t-SNE keeps neighbourhoods (re-reports sit together) but is slow; PCA is instant at any size.
    """
    x = _normalise(vectors)
    n = len(x)
    method = method or choose_projection(n)
    if method not in PROJECTIONS:
        raise ValueError(f"unknown projection {method!r}; choose one of {', '.join(PROJECTIONS)}")
    if n == 0:
        return np.zeros((0, 2), np.float32)
    if n < 3:
        return np.column_stack([np.arange(n, dtype=np.float32), np.zeros(n, np.float32)])
    with threadpool_limits(THREADS):
        if method == "pca" or n < 10:
            coords = PCA(n_components=2, random_state=seed).fit_transform(x)
        else:
            from sklearn.manifold import TSNE

            reduced = PCA(n_components=min(50, x.shape[1], n - 1), random_state=seed).fit_transform(x) \
                if x.shape[1] > 50 else x
            perplexity = float(min(30.0, max(2.0, (n - 1) / 3)))
            coords = TSNE(n_components=2, perplexity=perplexity, init="pca", random_state=seed,
                          max_iter=TSNE_ITERATIONS).fit_transform(reduced)
    return np.asarray(coords, dtype=np.float32)
