"""Running ``python -m newslens`` in this process, as the pipeline's CLI tests do: fast, and a
failure shows a real traceback. Each entry point keeps one subprocess smoke test of its own."""
from __future__ import annotations

import io
import os
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

from newslens.cli import main

ROOT = Path(__file__).resolve().parent.parent


def run_newslens(*args: str) -> subprocess.CompletedProcess:
    """``main(args)`` with stdout and stderr captured; argparse's exits become return codes."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = main(list(args))
        except SystemExit as exc:       # --help, or a usage error reported by argparse
            code = exc.code if isinstance(exc.code, int) else 1
    return subprocess.CompletedProcess(list(args), code, out.getvalue(), err.getvalue())


def newslens_subprocess(*args: str) -> subprocess.CompletedProcess:
    """The real entry point in a fresh interpreter (slow on a loaded machine: smoke tests only)."""
    env = dict(os.environ, HF_HUB_OFFLINE="1", PYTHONIOENCODING="utf-8", PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "newslens", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300)
