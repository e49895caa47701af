"""indexer/t2s_keys.py: the shipped key list is OpenCC's, and `unchanged()` agrees with OpenCC."""

import random
import subprocess
import sys

import opencc
import pytest

from indexer import t2s_keys
from indexer.samples import make_record

CC = opencc.OpenCC("t2s")
# The Han blocks: URO, extension A, compatibility ideographs, extensions B-F, the
# compatibility supplement, extension G.
RANGES = [(0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2EBEF), (0x2F800, 0x2FA1F),
          (0x30000, 0x3134F)]


def _keys():
    t2s_keys._load()
    assert t2s_keys._keys, "the shipped list does not match the installed opencc"
    singles, phrases = t2s_keys._keys
    return singles, [p for group in phrases.values() for p in group]


def test_shipped_list_is_generated_from_the_installed_opencc():
    try:
        fresh = t2s_keys.generate()
    except (RuntimeError, FileNotFoundError) as exc:
        pytest.skip(f"opencc's opencc_dict tool is not available: {exc}")
    with open(t2s_keys.DATA, encoding="utf-8") as f:
        assert f.read() == fresh, "run `python -m indexer.t2s_keys` to regenerate indexer/t2s_keys.txt"


def test_every_han_character_agrees_with_opencc():
    singles, _ = _keys()
    assert len(singles) > 4000
    changed = same = 0
    for lo, hi in RANGES:
        for cp in range(lo, hi + 1):
            c = chr(cp)
            ours = t2s_keys.unchanged(c)
            assert ours == (CC.convert(c) == c), (hex(cp), c, CC.convert(c))
            changed += not ours
            same += ours
    assert changed > 4000 and same > 50_000
    for c in singles:  # including the few outside these blocks
        assert not t2s_keys.unchanged(c) and CC.convert(c) != c, c


def test_every_phrase_key_is_changed_by_opencc():
    _, phrases = _keys()
    assert len(phrases) > 300
    for p in phrases:
        assert not t2s_keys.unchanged(p)
        assert CC.convert(p) != p, p


def test_texts_said_unchanged_are_unchanged():
    """Random texts mixing plain characters with the characters of phrase keys (the case the
    phrase check exists for), and report texts: whenever unchanged() says so, OpenCC agrees."""
    singles, phrases = _keys()
    rng = random.Random(11)
    phrase_chars = sorted({c for p in phrases for c in p} - set(singles))
    plain = [c for c in "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经"
             if t2s_keys.unchanged(c)]
    said_unchanged = 0
    for _ in range(3000):
        pool = plain + phrase_chars + (list(rng.choice(phrases)) if rng.random() < 0.3 else [])
        text = "".join(rng.choice(pool) for _ in range(rng.randint(1, 12)))
        if rng.random() < 0.2:
            text += rng.choice(phrases)
        if t2s_keys.unchanged(text):
            said_unchanged += 1
            assert CC.convert(text) == text, text
        else:
            assert CC.convert(text) != text or any(p in text for p in phrases) or \
                any(c in singles for c in text), text
    assert said_unchanged > 300  # not vacuous
    for i in range(50):
        text = make_record(i)["text"]
        assert t2s_keys.unchanged(text) == (CC.convert(text) == text)


def test_another_opencc_version_disables_the_shortcut(tmp_path, monkeypatch):
    with open(t2s_keys.DATA, encoding="utf-8") as f:
        header, rest = f.read().split("\n", 1)
    other = tmp_path / "t2s_keys.txt"
    other.write_text(header.replace("TSPhrases.ocd2=", "TSPhrases.ocd2=1") + "\n" + rest, encoding="utf-8")
    monkeypatch.setattr(t2s_keys, "DATA", str(other))
    monkeypatch.setattr(t2s_keys, "_keys", None)
    assert not t2s_keys.unchanged("行政复议")  # no list to trust: the caller converts


FOLD = """
import sys
from indexer import segment
assert segment.fold("行政复议 ２０２０") == "行政复议 2020"
assert "opencc" not in sys.modules, "OpenCC loaded for a text t2s cannot change"
assert segment.fold("行政復議") == "行政复议"
assert "opencc" in sys.modules
print("ok")
"""

BUDGET = """
import sys
from indexer import segment
segment._CHECK_BUDGET = 10
assert segment.fold("行政复议") == "行政复议" and "opencc" not in sys.modules
assert segment.fold("政府信息公开工作年度报告") == "政府信息公开工作年度报告"
assert "opencc" in sys.modules, "a process past the budget should convert with OpenCC"
print("ok")
"""


@pytest.mark.parametrize("code", [FOLD, BUDGET], ids=["fold-loads-opencc-only-when-needed", "budget"])
def test_fold_in_a_fresh_process(code):
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "ok"
