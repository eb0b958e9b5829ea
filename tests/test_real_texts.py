"""The real-text passages the ANN benchmark indexes: prose only, paragraph-sized, each once."""
from __future__ import annotations

import gzip
from pathlib import Path

from benchmarks.real_texts import MAX_WORDS, MIN_WORDS, collect, passages


def prose(n: int, word: str = "river") -> str:
    """``n`` words of plain prose about ``word``."""
    return " ".join(("the", word, "flows", "past")[i % 4] for i in range(n))


def test_passages_keep_prose_and_drop_code_and_short_lines():
    code = "\n".join(f"x_{i} = compute(y[{i}], z={i}) # {i}" for i in range(30))
    text = f"Short heading here\n\n{prose(40)}\n\n{code}\n"
    found = list(passages(text))
    assert found == [" ".join(prose(40).split())]


def test_long_blocks_are_cut_and_a_short_tail_is_not_lost():
    found = list(passages(prose(MAX_WORDS + 10)))
    assert len(found) == 1 and len(found[0].split()) == MAX_WORDS + 10     # 10-word tail joined
    found = list(passages(prose(2 * MAX_WORDS + MIN_WORDS)))
    assert [len(p.split()) for p in found] == [MAX_WORDS, MAX_WORDS, MIN_WORDS]


def test_collect_reads_man_pages_and_docstrings_and_dedupes(tmp_path: Path):
    para = prose(30, "harbour")
    (tmp_path / "a.txt").write_text(f"{para}\n\n{prose(25, 'valley')}\n", encoding="utf-8")
    (tmp_path / "b.md").write_text(para + "\n", encoding="utf-8")                    # exact duplicate
    (tmp_path / "tool.1.gz").write_bytes(gzip.compress(
        f'.TH TOOL 1\n.SH DESCRIPTION\n\\fB{prose(22, "meadow")}\\fR\n.PP\nshort\n'.encode()))
    (tmp_path / "mod.py").write_text(f'def f():\n    """{prose(21, "forest")}"""\n    return [1, 2, 3] * 40\n')
    texts = collect([tmp_path])
    assert len(texts) == len(set(texts)) == 4
    assert any(t.startswith("the meadow") and "\\f" not in t for t in texts)
    assert any("forest" in t for t in texts) and not any("return" in t for t in texts)
