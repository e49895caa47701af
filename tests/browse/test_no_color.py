"""NO_COLOR (https://no-color.org) and `--color`, checked on a real terminal (a pty): every
`gia archive` printer that colours — show, compare, coverage — colours a terminal by default,
never when NO_COLOR is set, and `--color always|never` overrides both."""

import os
import pty
import subprocess
import sys

import pytest

ESC = b"\x1b["


def _on_tty(argv, env_extra=None):
    """Run `gia …` with stdout and stderr on a pty; returns everything it wrote."""
    master, slave = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    env.update(env_extra or {})
    env.setdefault("COLUMNS", "200")
    proc = subprocess.Popen([sys.executable, "-m", "search_cli.cli", *map(str, argv)], stdin=subprocess.DEVNULL,
                            stdout=slave, stderr=slave, env=env, close_fds=True)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:   # EIO: the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    assert proc.wait(timeout=120) == 0, b"".join(chunks).decode(errors="replace")[-500:]
    return b"".join(chunks)


@pytest.fixture(scope="module")
def commands(browse_archive, tmp_path_factory):
    root, records = browse_archive
    agency = next(r["agency"] for r in records if r["id"] != "evil0001")
    sites = tmp_path_factory.mktemp("nocolor") / "sites.toml"
    sites.write_text('[[site]]\nname = "某市人民政府"\nstart_url = "https://x.invalid/nb/"\n', encoding="utf-8")
    return {"show": ["archive", "show", "evil0001", "--archive", root],   # has a failed check: red
            "compare": ["archive", "compare", agency, "--archive", root],
            "coverage": ["archive", "coverage", "--archive", root, "--sites", sites, "--as-of", "2024-06-01"]}


@pytest.mark.parametrize("name", ["show", "compare", "coverage"])
def test_no_color_on_a_terminal(commands, name):
    argv = commands[name]
    assert ESC in _on_tty(argv), "colours a terminal by default"
    assert ESC not in _on_tty(argv, {"NO_COLOR": "1"})
    assert ESC in _on_tty(argv, {"NO_COLOR": ""}), "an empty NO_COLOR is not set (no-color.org)"
    assert ESC in _on_tty([*argv, "--color", "always"], {"NO_COLOR": "1"}), "the flag wins over the variable"
    assert ESC not in _on_tty([*argv, "--color", "never"])


def test_no_colour_spelling_still_accepted(commands):
    assert ESC not in _on_tty([*commands["show"], "--no-colour"])


def test_piped_output_has_no_colour(commands, gia):
    code, out, _err = gia(*commands["show"], "--color", "auto")
    assert code == 0 and "\x1b[" not in out
