"""Near-duplicate articles: the same text with a few words changed is one article, not two.

Candidates come from MinHash LSH over word shingles (``datasketch``), so the cost stays near
linear in the corpus; each candidate pair is then compared word by word, and only a pair with at
most a few words changed (``config/ingest.yaml``) is a duplicate. Re-reports of the same story in
other words are far outside that and stay separate articles: comparing them is the point of the
tool.
"""
from __future__ import annotations

import difflib
import re

from datasketch import MinHash, MinHashLSH

from newslens.knowledge import IngestSettings

_WORD = re.compile(r"\w+", re.UNICODE)
NUM_PERM = 128
# A loose LSH threshold: it only proposes candidates; the word-level comparison decides.
CANDIDATE_JACCARD = 0.5


def words_of(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(text)]


def changed_words(a: list[str], b: list[str]) -> int:
    """Words inserted, deleted or replaced between two word lists (the larger side of each edit)."""
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return sum(max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal")


class NearDuplicateIndex:
    """Add articles in order; each is checked against the canonical copies added before it."""

    def __init__(self, settings: IngestSettings):
        self.settings = settings
        self._lsh = MinHashLSH(threshold=CANDIDATE_JACCARD, num_perm=NUM_PERM)
        self._words: dict[str, list[str]] = {}

    def _minhash(self, words: list[str]) -> MinHash:
        k = self.settings.shingle_words
        shingles = {" ".join(words[i:i + k]) for i in range(max(1, len(words) - k + 1))}
        m = MinHash(num_perm=NUM_PERM)
        m.update_batch([s.encode("utf-8") for s in shingles])
        return m

    def _allowed(self, a: list[str], b: list[str]) -> int:
        return max(self.settings.max_changed_words, int(self.settings.max_changed_share * max(len(a), len(b))))

    def canonical_of(self, key: str, text: str) -> tuple[str, int] | None:
        """(the earlier article this one nearly duplicates, words changed), or None after adding it
        as a canonical copy itself."""
        words = words_of(text)
        minhash = self._minhash(words)
        best: tuple[str, int] | None = None
        for other in sorted(self._lsh.query(minhash)):
            theirs = self._words[other]
            allowed = self._allowed(words, theirs)
            if abs(len(words) - len(theirs)) > allowed:
                continue
            n = changed_words(theirs, words)
            if n <= allowed and (best is None or n < best[1]):
                best = (other, n)
        if best is None:
            self._lsh.insert(key, minhash)
            self._words[key] = words
        return best
