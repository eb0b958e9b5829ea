"""The model on the ONNX Runtime and OpenVINO runtimes, used directly (no optimum).

Why directly: sentence-transformers' own ``backend="onnx"/"openvino"`` need optimum-onnx /
optimum-intel, which pin a transformers older than sentence-transformers 6 needs, so they do not
install next to the project's stack. The bare runtimes do. What sentence-transformers would do
around the network is repeated here from the model folder's own files, not assumed:

- the transformer module is exported once with ``torch.onnx.export`` (offline, from the local
  folder) and cached under ``$NEWSLENS_MODEL_CACHE`` (default ``~/.cache/newslens/models``), keyed
  by the model's files and the torch / transformers / runtime versions; int8 is ONNX Runtime's
  dynamic quantisation of that file, OpenVINO reads it (``Core.read_model``) and saves its IR once too;
- tokenisation uses the model's own ``tokenizer.json`` (the ``tokenizers`` library, no torch
  import at run time) with its ``max_seq_length``;
- pooling follows ``1_Pooling/config.json`` (mean, CLS, max, mean-sqrt-len); rows are then
  L2-normalised like the ``Normalize`` module;
- texts are sorted by length before batching, as ``SentenceTransformer.encode`` does, so a batch
  pads little.
Anything else in ``modules.json`` (a Dense layer, another pooling) is refused with a message:
the torch backend runs such models.
"""
from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import sys
import tempfile
import threading
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from newslens import config
# read through this module (tests replace it to stand for another installed version)
from newslens.versions import installed_version as _version

ONNX_OPSET = 17
EXPORT_FORMAT = "1"          # bump when the exported graph changes shape or inputs
INPUTS = ("input_ids", "attention_mask", "token_type_ids")
POOLING_MODES = ("cls_token", "max_tokens", "mean_tokens", "mean_sqrt_len_tokens")   # sentence-transformers' order
RUNTIME_PACKAGE = {"onnx": "onnxruntime", "openvino": "openvino"}
_EXPORT_LOCK = threading.Lock()


class RuntimeSetupError(Exception):
    """Export or runtime failure; the embedder turns it into a ModelLoadError."""


def runtime_installed(backend: str) -> bool:
    package = RUNTIME_PACKAGE.get(backend)
    return package is not None and importlib.util.find_spec(package) is not None


def cache_root() -> Path:
    return Path(config.model_cache_dir())


def _model_fingerprint(path: Path) -> str:
    """The model's files by name, size and modification time (hashing 90 MB on every load costs ~0.2 s)."""
    parts = []
    for file in sorted(path.rglob("*")):
        if file.is_file() and not file.name.startswith(".") and file.suffix in {".json", ".txt", ".safetensors", ".bin"}:
            stat = file.stat()
            parts.append(f"{file.relative_to(path)}:{stat.st_size}:{stat.st_mtime_ns}")
    return "|".join(parts)


def export_key(name: str, path: Path, backend: str, precision: str) -> str:
    """One cache folder per model, its files and the versions that shape the exported graph."""
    versions = [f"torch={_version('torch')}", f"transformers={_version('transformers')}",
                f"opset={ONNX_OPSET}", f"format={EXPORT_FORMAT}"]
    if backend == "onnx" and precision == "int8":
        versions.append(f"onnxruntime={_version('onnxruntime')}")
    if backend == "openvino":
        versions.append(f"openvino={_version('openvino')}")
    digest = hashlib.sha256("\n".join([name, str(path.resolve()), _model_fingerprint(path), *versions])
                            .encode("utf-8")).hexdigest()[:16]
    slug = "".join(c if c.isalnum() or c in "-_." else "_" for c in name.rsplit("/", 1)[-1])[:60]
    return f"{slug}-{digest}"


def _atomic_target(target: Path, write: Callable[[Path], None]) -> Path:
    """Write into a fresh folder beside ``target`` and rename it into place: a killed export or two
    processes exporting at once never leave a half-written model behind."""
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".tmp-", dir=target.parent))
    try:
        write(work)
        try:
            os.replace(work, target)
        except OSError:
            if not target.exists():   # another process won the race: its copy is as good
                raise
    finally:
        if work.exists():
            import shutil

            shutil.rmtree(work, ignore_errors=True)
    return target


def _export_onnx(path: Path, folder: Path) -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import torch
    from transformers import AutoModel, AutoTokenizer

    from newslens.embedder import _quiet_progress_bars

    _quiet_progress_bars()          # no "Loading weights" bar on the first build's stderr

    tokenizer = AutoTokenizer.from_pretrained(str(path), local_files_only=True)
    model = AutoModel.from_pretrained(str(path), local_files_only=True, dtype=torch.float32).eval()

    class Encoder(torch.nn.Module):
        """Keyword arguments only: transformers 5 moved positional parameters of ``forward``."""

        def __init__(self, inner: torch.nn.Module):
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.inner(input_ids=input_ids, attention_mask=attention_mask,
                              token_type_ids=token_type_ids).last_hidden_state

    # Two texts of different lengths: the traced graph then keeps the padding mask path.
    example = tokenizer(["a short one", "a somewhat longer example sentence to pad against"],
                        padding=True, return_tensors="pt")
    if "token_type_ids" not in example:
        example["token_type_ids"] = torch.zeros_like(example["input_ids"])
    import warnings

    with warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter("ignore")      # tracer notes on shape checks that are constant for encoders
        torch.onnx.export(Encoder(model), tuple(example[k] for k in INPUTS), str(folder / "model.onnx"),
                          input_names=list(INPUTS), output_names=["last_hidden_state"],
                          dynamic_axes={k: {0: "batch", 1: "tokens"} for k in (*INPUTS, "last_hidden_state")},
                          opset_version=ONNX_OPSET, dynamo=False)


def onnx_file(name: str, path: Path, precision: str = "fp32") -> Path:
    """The cached ONNX export of the model (exported on first use: about 10 s)."""
    with _EXPORT_LOCK:
        fp32 = cache_root() / "onnx" / export_key(name, path, "onnx", "fp32")
        if not (fp32 / "model.onnx").is_file():
            _atomic_target(fp32, lambda work: _export_onnx(path, work))
        if precision != "int8":
            return fp32 / "model.onnx"
        int8 = cache_root() / "onnx" / export_key(name, path, "onnx", "int8")
        if not (int8 / "model.onnx").is_file():
            import logging

            from onnxruntime.quantization import QuantType, quantize_dynamic

            quiet = logging.getLogger().level
            logging.getLogger().setLevel(logging.ERROR)   # its "consider pre-processing" advice on stderr
            try:
                _atomic_target(int8, lambda work: quantize_dynamic(
                    fp32 / "model.onnx", work / "model.onnx", weight_type=QuantType.QInt8, per_channel=True))
            finally:
                logging.getLogger().setLevel(quiet)
        return int8 / "model.onnx"


def import_openvino():
    """``openvino``, imported without its usage telemetry.

    Importing openvino sends a usage event to Google Analytics through the openvino-telemetry
    package (a pip dependency of openvino) unless the user has opted out in ``~/intel``. Nothing
    about a researcher's work should leave the machine, so the telemetry package is made
    unimportable for this process first; openvino then falls back to its own no-op stub.
    """
    sys.modules.setdefault("openvino_telemetry", None)   # None: "import openvino_telemetry" fails
    import openvino

    return openvino


def openvino_file(name: str, path: Path) -> Path:
    """The cached OpenVINO IR, converted from the ONNX export."""
    source = onnx_file(name, path)
    with _EXPORT_LOCK:
        target = cache_root() / "openvino" / export_key(name, path, "openvino", "fp32")
        if not (target / "model.xml").is_file():
            ov = import_openvino()

            # Core.read_model reads the ONNX file with the same frontend convert_model uses, without
            # the converter tool's own telemetry.
            _atomic_target(target, lambda work: ov.save_model(ov.Core().read_model(str(source)),
                                                              str(work / "model.xml"), compress_to_fp16=False))
        return target / "model.xml"


def prepare(name: str, path: Path, setup) -> Path:
    """The model file the runtime runs exists (exported now if needed). With the export cached
    this only reads small files: a no-change rebuild does not even import the runtime."""
    read_pipeline(path)
    if setup.backend == "onnx":
        return onnx_file(name, path, setup.precision)
    return openvino_file(name, path)


# --- what the model folder says about pooling ----------------------------------------------

def read_pipeline(path: Path) -> tuple[list[str], int, bool]:
    """(pooling modes in sentence-transformers' concatenation order, max tokens, lower-case input)."""
    try:
        modules = json.loads((path / "modules.json").read_text(encoding="utf-8"))
        bert = json.loads((path / "sentence_bert_config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise RuntimeSetupError(f"{path} is not a sentence-transformers folder ({type(exc).__name__})") from None
    modes: list[str] | None = None
    for module in modules:
        kind = str(module.get("type", "")).rsplit(".", 1)[-1]
        if kind == "Pooling":
            try:
                pooling = json.loads((path / module.get("path", "") / "config.json").read_text(encoding="utf-8"))
            except (OSError, ValueError):
                raise RuntimeSetupError(f"cannot read the pooling config of {path}") from None
            modes = [m for m in POOLING_MODES if pooling.get(f"pooling_mode_{m}")]
            others = [k for k, v in pooling.items() if k.startswith("pooling_mode_") and v
                      and k.removeprefix("pooling_mode_") not in POOLING_MODES]
            if others or not modes:
                raise RuntimeSetupError(f"pooling {others or 'none'} is not supported by the runtime backends")
        elif kind not in ("Transformer", "Normalize"):
            raise RuntimeSetupError(f"module {kind!r} is not supported by the runtime backends")
    if modes is None:
        raise RuntimeSetupError("the model has no pooling module")
    return modes, int(bert.get("max_seq_length") or 256), bool(bert.get("do_lower_case"))


def pool(hidden: np.ndarray, mask: np.ndarray, modes: Sequence[str]) -> np.ndarray:
    """Token vectors -> one vector per text, as sentence_transformers.models.Pooling does it."""
    hidden = hidden.astype(np.float32, copy=False)
    weights = mask[..., None].astype(np.float32)
    parts = []
    for mode in modes:
        if mode == "cls_token":
            parts.append(hidden[:, 0])
        elif mode == "max_tokens":
            parts.append(np.where(weights > 0, hidden, -1e9).max(axis=1))
        else:
            total, count = (hidden * weights).sum(axis=1), np.clip(weights.sum(axis=1), 1e-9, None)
            parts.append(total / (count if mode == "mean_tokens" else np.sqrt(count)))
    return np.concatenate(parts, axis=1)


def load_tokenizer(path: Path, max_tokens: int):
    """The model's own fast tokenizer (``tokenizer.json``) through the ``tokenizers`` library, set
    up as sentence-transformers calls it: truncation to the model's limit, padding to the longest
    text of the batch. A second copy counts tokens without truncation. Importing transformers
    instead would cost seconds on every app start (it imports torch)."""
    from tokenizers import Tokenizer

    try:
        tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
        settings = json.loads((path / "tokenizer_config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, Exception) as exc:  # tokenizers raises its own Exception type
        raise RuntimeSetupError(f"the runtime backends need the model's tokenizer.json ({type(exc).__name__})") from None
    pad_token = settings.get("pad_token") or "[PAD]"
    pad_token = pad_token.get("content", "[PAD]") if isinstance(pad_token, dict) else pad_token
    pad_id = tokenizer.token_to_id(pad_token)
    if pad_id is None:
        raise RuntimeSetupError(f"the tokenizer has no padding token {pad_token!r}")
    counter = Tokenizer.from_str(tokenizer.to_str())
    counter.no_truncation()
    counter.no_padding()
    tokenizer.enable_truncation(max_length=max_tokens)            # longest-first, as transformers does
    tokenizer.enable_padding(pad_id=pad_id, pad_token=pad_token)  # to the longest text in the batch
    return tokenizer, counter


class RuntimeEmbedder:
    """The model exported to ONNX, run by ONNX Runtime (fp32, int8) or OpenVINO (fp32, bf16)."""

    def __init__(self, name: str, path: Path, setup) -> None:
        self.name, self.setup = name, setup
        self._lock = threading.Lock()
        self.modes, self.max_tokens, self.lower = read_pipeline(path)
        self.tokenizer, self._counter = load_tokenizer(path, self.max_tokens)
        if setup.backend == "onnx":
            import onnxruntime as ort

            options = ort.SessionOptions()
            options.log_severity_level = 3
            self._session = ort.InferenceSession(str(onnx_file(name, path, setup.precision)), options,
                                                 providers=["CPUExecutionProvider"])
            wanted = {i.name for i in self._session.get_inputs()}
            self._run = lambda feed: self._session.run(None, {k: v for k, v in feed.items() if k in wanted})[0]
        else:
            ov = import_openvino()

            hint = {"fp32": "f32", "bf16": "bf16"}[setup.precision]
            # Explicit: on AMX CPUs OpenVINO would otherwise pick bf16 even for "fp32".
            model_file = openvino_file(name, path)
            # CACHE_DIR keeps the compiled model: later starts skip compilation (seconds under load).
            compiled = ov.Core().compile_model(str(model_file), "CPU",
                                               {"INFERENCE_PRECISION_HINT": hint,
                                                "CACHE_DIR": str(model_file.parent / f"compiled-{hint}")})
            self._request = compiled.create_infer_request()
            self._run = lambda feed: next(iter(self._request.infer(feed).values()))
        probe = self.encode(["probe"])
        self.dim = int(probe.shape[1])

    def _batch(self, texts: Sequence[str]) -> np.ndarray:
        # One batch at a time: OpenVINO's infer request serves one call ("Infer Request is busy")
        # and its output is overwritten by the next, while the app warms the model in a background
        # thread as the first search arrives, and sessions of several browser tabs share the model.
        with self._lock:
            return self._batch_locked(texts)

    def _batch_locked(self, texts: Sequence[str]) -> np.ndarray:
        if self.lower:
            texts = [t.lower() for t in texts]
        encodings = self.tokenizer.encode_batch(list(texts))
        feed = {"input_ids": np.array([e.ids for e in encodings], dtype=np.int64),
                "attention_mask": np.array([e.attention_mask for e in encodings], dtype=np.int64),
                "token_type_ids": np.array([e.type_ids for e in encodings], dtype=np.int64)}
        return pool(np.asarray(self._run(feed)), feed["attention_mask"], self.modes)

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        from newslens.embedder import normalise_rows

        if len(texts) == 0:
            return np.zeros((0, getattr(self, "dim", 0)), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))   # as SentenceTransformer.encode
        out: np.ndarray | None = None
        for start in range(0, len(order), batch_size):
            rows = order[start:start + batch_size]
            vectors = self._batch([texts[i] for i in rows])
            if out is None:
                out = np.zeros((len(texts), vectors.shape[1]), dtype=np.float32)
            out[rows] = vectors
        return normalise_rows(out)

    @property
    def counter(self):
        """The model's tokenizer without truncation or padding (a 250k-piece vocabulary takes
        about 285 MB: a wrapper that needs token offsets shares this copy)."""
        return self._counter

    def count_tokens(self, text: str) -> int:
        return len(self._counter.encode(text).ids)      # special tokens count against the limit too
