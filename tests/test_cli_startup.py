"""``python -m newslens COMMAND`` imports the module of that command only: `articles` (a list of
metadata) loaded every view, the compare stack's word lists and scikit-learn included, 1.6 s of a
2.3 s run (4.8-8.5 s on a loaded machine; review, session 32)."""
from __future__ import annotations

import argparse
import importlib
import subprocess
import sys

import pytest

from newslens import cli
from tests.cli_utils import ROOT, run_newslens


def test_each_command_is_registered_by_the_module_the_table_names():
    """``cli.COMMANDS`` cannot drift from what the views register."""
    for module in set(cli.COMMANDS.values()):
        sub = argparse.ArgumentParser().add_subparsers()
        importlib.import_module(module).register(sub)
        assert set(sub.choices) == {c for c, m in cli.COMMANDS.items() if m == module}
    assert set(cli.build_parser()._subparsers._group_actions[0].choices) == set(cli.COMMANDS)


@pytest.mark.parametrize("argv, command", [
    (["articles", "--json"], "articles"),
    (["--data", "stories", "timeline"], "timeline"),          # a folder named like a command
    (["--json", "--data=x", "stories"], "stories"),
    (["--help"], None),
    (["nosuch"], None),                                        # argparse says "invalid choice", listing all
])
def test_the_command_a_run_names(argv, command):
    assert cli.named_command(argv) == command


def test_an_unknown_command_still_lists_every_command():
    run = run_newslens("nosuch")
    assert run.returncode == 2 and "invalid choice" in run.stderr
    assert all(command in run.stderr for command in cli.COMMANDS)


@pytest.mark.cli
def test_articles_does_not_import_the_compare_search_or_topics_stacks(tiny_data_dir):
    """One fresh interpreter (an in-process run sees the modules other tests imported)."""
    script = ("import sys, io, contextlib\n"
              "from newslens.cli import main\n"
              "with contextlib.redirect_stdout(io.StringIO()):\n"
              f"    assert main(['--data', {str(tiny_data_dir)!r}, 'articles', '--json']) == 0\n"
              "print(sorted(m for m in sys.modules if m.startswith(('newslens.compare', 'newslens.search', "
              "'newslens.topics', 'newslens.timeline', 'sklearn', 'wordfreq'))))\n")
    run = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=300,
                         env={"PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1", "PATH": "/usr/bin:/bin"})
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"
