"""``python -m pipeline build``: build a snapshot from the raw folder, with a progress bar.

The summary goes to stdout, the progress bar and errors to stderr. A missing raw folder, a model
that cannot be loaded offline or an empty corpus is a one-line error and exit code 2; nothing is
published and the previous snapshot stays current.
"""
from __future__ import annotations

import argparse
import os
import signal
import sys

from newslens import config
from newslens.command import emit_json, one_line, report_unexpected
from newslens.embedder import MULTILINGUAL_MODEL, ModelLoadError
from pipeline.collect.cli import add_collect_parser
from pipeline.engines import ENGINES, passive_thread_wait

EXIT_ERROR = 2
STAGE_LABELS = {"ingest": "reading files", "split": "splitting", "embed": "embedding", "stories": "grouping stories",
                "lenses": "scoring topic lenses", "write": "writing"}


class TqdmProgress:
    """``progress(stage, done, total)`` drawn as one tqdm bar per stage on stderr."""

    def __init__(self, enabled: bool = True):
        self.enabled = enabled
        self._bar = None
        self._stage: str | None = None

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        from tqdm import tqdm

        if stage != self._stage:
            self.close()
            self._stage = stage
            self._bar = tqdm(total=total, desc=STAGE_LABELS.get(stage, stage), unit="",
                             file=sys.stderr, leave=False)
        bar = self._bar
        if bar.total != total:
            bar.total = total
        bar.update(done - bar.n)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None



def _coverage(model_name: str) -> str:
    """config/models.yaml's words for what the model covers; a broken file must not break --help
    (the build says what is wrong with it when it reads it)."""
    from newslens import languages
    try:
        return languages.coverage_words(model_name)
    except (languages.ModelsConfigError, OSError):
        return "many languages"

def run_build(args: argparse.Namespace) -> int:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    passive_thread_wait()               # before torch is imported
    from newslens.embedder import resolve_setup
    from pipeline.build import build_snapshot

    progress = TqdmProgress(enabled=not args.quiet)
    try:
        report = build_snapshot(args.raw, args.out, args.model, progress=progress, keep=args.keep,
                                allow_outside=args.allow_outside_raw, wait=args.wait,
                                setup=resolve_setup(args.backend, args.precision), engine=args.engine,
                                ray_address=args.ray_address, replace_corpus=args.replace_corpus)
    finally:
        progress.close()
    if args.json:
        emit_json({"snapshot_id": report.snapshot_id, "path": str(report.path),
                   "model": report.model_name, "backend": report.setup.backend,
                   "precision": report.setup.precision, "counts": report.counts,
                   "quarantined": report.quarantined, "duplicates": report.duplicates,
                   "warnings": report.warnings, "metadata_gaps": report.metadata_gaps,
                   "seconds": round(report.seconds, 2)})
    else:
        print("\n".join(report.summary_lines()))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m pipeline",
                                     description="NewsLens offline pipeline: raw articles -> snapshot.")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("build", help="build a snapshot of the raw folder and make it current")
    p.add_argument("--raw", default=str(config.raw_dir()),
                   help="folder of raw .txt/.md/.html articles (default: data/raw or $NEWSLENS_RAW)")
    p.add_argument("--out", default=str(config.data_dir()),
                   help="folder of snapshots (default: data/processed or $NEWSLENS_DATA)")
    p.add_argument("--model", default=config.default_model(),
                   help=f"all-MiniLM-L6-v2 (default, English), multilingual-e5-small ({_coverage(MULTILINGUAL_MODEL)}, "
                        "about half the default's speed), "
                        "or a sentence-transformers model name or local folder")
    p.add_argument("--backend", default=config.embed_backend(), choices=("auto", "torch", "onnx", "openvino"),
                   help="how the model runs (default auto: openvino on bf16 CPUs where installed, else torch; the model is "
                        "exported to onnx/openvino once and cached, see README 'Embedding setups')")
    p.add_argument("--precision", default=config.embed_precision(), choices=("auto", "fp32", "bf16", "int8"),
                   help="auto: bf16 where the CPU has bf16 units (AMX/AVX512-BF16), else fp32; fp32 is the "
                        "reference; torch and openvino run fp32/bf16, onnx fp32/int8")
    p.add_argument("--engine", default="local", choices=ENGINES,
                   help="where files are read, cleaned, split and embedded: local (this process, default) "
                        "or ray (Ray Data; needs pip install 'ray[data]'); the snapshot is the same")
    p.add_argument("--ray-address", default=None, metavar="ADDRESS",
                   help="with --engine ray: a running Ray cluster, e.g. ray://head:10001 or head:6379 "
                        "(default: $RAY_ADDRESS, else a small local cluster for this build)")
    p.add_argument("--keep", type=int, default=3, help="how many snapshots to keep (default: 3)")
    p.add_argument("--wait", type=float, default=0.0, metavar="SECONDS",
                   help="when another build holds the output folder, wait this long for it (default: refuse)")
    p.add_argument("--allow-outside-raw", action="store_true",
                   help="read symbolic links in the raw folder that point outside it (refused by default)")
    p.add_argument("--replace-corpus", action="store_true",
                   help="build even when --out holds a snapshot made from another raw folder (refused by "
                        "default: a rebuild typed without --raw reads the default raw folder)")
    p.add_argument("--json", action="store_true", help="print the summary as JSON on stdout")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(handler=run_build)
    add_collect_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    from pipeline.build import BuildError, describe_os_error

    args = build_parser().parse_args(argv)
    if getattr(args, "keep", 1) < 1:
        print("error: --keep must be at least 1", file=sys.stderr)
        return EXIT_ERROR
    # Past a file-size limit (ulimit -f) the kernel kills the process with SIGXFSZ; ignored, the
    # write fails with EFBIG instead and the build ends with a message.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    try:
        return int(args.handler(args) or 0)
    except (BuildError, ModelLoadError) as exc:
        print(f"error: {one_line(exc)}", file=sys.stderr)
        return EXIT_ERROR
    except OSError as exc:   # e.g. stdout on a full disk; the build's own are BuildErrors already
        print(f"error: {describe_os_error(exc)}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("error: interrupted; nothing was published, the previous snapshot stays current",
              file=sys.stderr)
        return 130
    except Exception as exc:  # a bug: still one line for the user, the traceback on request
        report_unexpected(exc, "; nothing was published")
        return EXIT_ERROR
