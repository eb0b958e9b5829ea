"""Loading the real model prints no progress bars: CLI output and server logs stay readable."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.model
def test_loading_the_default_model_writes_no_progress_bar_to_stderr(tmp_path):
    """With an empty model cache: the first export for the default (runtime) setup is quiet too."""
    code = ("from newslens.embedder import load_embedder\n"
            "e = load_embedder('all-MiniLM-L6-v2')\n"
            "print(e.encode(['soldiers refuse orders']).shape)\n")
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(ROOT), "NEWSLENS_MODEL_CACHE": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=240)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "(1, 384)" in done.stdout
    assert "Loading weights" not in done.stderr and "it/s]" not in done.stderr
