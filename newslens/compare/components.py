"""Connected components of a graph given as a list of pairs (scipy's), shared by the story grouping
(which linked articles can ever end up together) and the quote matching (which quotes render one
utterance)."""
from __future__ import annotations

from collections.abc import Hashable, Sequence

import numpy as np
from scipy import sparse
from scipy.sparse import csgraph


def component_of(pairs: Sequence[tuple[Hashable, Hashable]]) -> dict[Hashable, int]:
    """Each node named in ``pairs`` -> the number of its connected component (numbers in the order
    the components first appear in ``pairs``)."""
    index = {node: k for k, node in enumerate(dict.fromkeys(node for pair in pairs for node in pair))}
    if not index:
        return {}
    rows = np.fromiter((index[a] for a, _ in pairs), dtype=np.int64, count=len(pairs))
    cols = np.fromiter((index[b] for _, b in pairs), dtype=np.int64, count=len(pairs))
    graph = sparse.coo_matrix((np.ones(len(pairs), dtype=np.int8), (rows, cols)), shape=(len(index), len(index)))
    _, labels = csgraph.connected_components(graph, directed=False)
    # scipy numbers components by their lowest node index, which is their first appearance here.
    return {node: int(labels[k]) for node, k in index.items()}
