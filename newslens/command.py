"""What every ``python -m newslens`` command shares: common options, the snapshot, errors, JSON out.

Lives apart from ``newslens.cli`` so the views' commands can use it while ``cli`` imports them.
"""
from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from newslens import config
from newslens.export import to_jsonable
from newslens.store import Snapshot, load_snapshot


class CommandError(Exception):
    """A user-facing error: printed as one line on stderr, exit code 2."""


def emit_json(payload: Any) -> None:
    json.dump(to_jsonable(payload), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def open_snapshot(args: argparse.Namespace) -> Snapshot:
    return load_snapshot(args.data)


def add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", default=str(config.data_dir()),
                        help="folder of snapshots (default: data/processed or $NEWSLENS_DATA)")
    parser.add_argument("--json", action="store_true", help="print JSON on stdout")
