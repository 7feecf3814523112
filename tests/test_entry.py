"""The console script answers --help and --version without click, exactly as click would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from relnotes import __version__, entry
from relnotes.cli.group import cli

SCRIPT = Path(sys.executable).with_name("relnotes")


def test_the_stored_help_is_what_click_prints():
    rendered = CliRunner().invoke(cli, ["--help"], prog_name="relnotes", terminal_width=78).output
    assert rendered == entry.HELP, (
        "relnotes/entry.py HELP is out of date; paste this in:\n" + rendered
    )


@pytest.mark.skipif(not SCRIPT.exists(), reason="the relnotes script is not installed beside this Python")
@pytest.mark.parametrize("args", [["--help"], ["-h"], ["--version"]])
def test_the_script_answers_like_click(args, tmp_path):
    env = {**os.environ, "COLUMNS": "120"}
    fast = subprocess.run([str(SCRIPT), *args], capture_output=True, text=True, env=env, cwd=tmp_path, check=True)
    slow = subprocess.run(
        [sys.executable, "-c", "import sys; from relnotes.cli.group import main; sys.argv[0] = 'relnotes'; main()", *args],
        capture_output=True, text=True, env=env, cwd=tmp_path, check=True,
    )
    assert fast.stdout == slow.stdout
    assert fast.stderr == slow.stderr == ""


@pytest.mark.skipif(not SCRIPT.exists(), reason="the relnotes script is not installed beside this Python")
def test_the_fast_path_imports_no_click(tmp_path):
    code = ("import sys; sys.argv = ['relnotes', '--version']; from relnotes.entry import main; main(); "
            "print('click' in sys.modules, 'relnotes.cli.group' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path)
    assert out.stdout == f"relnotes, version {__version__}\nFalse False\n"


@pytest.mark.skipif(not SCRIPT.exists(), reason="the relnotes script is not installed beside this Python")
def test_a_narrow_terminal_gets_clicks_own_wrapping(tmp_path):
    env = {**os.environ, "COLUMNS": "60"}
    out = subprocess.run([str(SCRIPT), "--help"], capture_output=True, text=True, env=env, cwd=tmp_path, check=True)
    assert out.stdout != entry.HELP
    assert out.stdout.startswith("Usage: relnotes [OPTIONS] COMMAND [ARGS]...")


@pytest.mark.skipif(not SCRIPT.exists() or not os.path.exists("/dev/full"), reason="needs the script and /dev/full")
def test_a_full_disk_is_one_line_not_a_traceback(tmp_path):
    with open("/dev/full", "w") as full:
        out = subprocess.run([str(SCRIPT), "--version"], stdout=full, stderr=subprocess.PIPE, text=True, cwd=tmp_path)
    assert out.returncode == 2
    assert out.stderr == "relnotes: cannot write the output: No space left on device\n"
