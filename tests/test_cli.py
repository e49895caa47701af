"""The `gia` dispatcher: usage errors exit 2, unknown commands are refused."""

import subprocess
import sys

from search_cli.cli import main


def test_no_command_prints_help_and_exits_2(capsys):
    assert main([]) == 2
    assert "usage: gia" in capsys.readouterr().out


def test_unknown_command_is_usage_error():
    proc = subprocess.run([sys.executable, "-m", "search_cli.cli", "no-such-command"], capture_output=True, text=True)
    assert proc.returncode == 2
    assert "invalid choice" in proc.stderr
