"""safe_filename: report output names made from hostile titles and paths."""

from __future__ import annotations

import unicodedata

import pytest

from discourse.errors import UsageError
from discourse.report.names import safe_filename

HOSTILE = [
    "../../etc/passwd", "..", ".", "...", "/", "\\", "C:\\Windows\\System32\\drivers", "/absolute/path.pdf",
    "a/../b", "./.hidden", ".bashrc", "....dots", "", "   ", "\t\n\r", "report\x00name", "red\x1b[31malert\x1b[0m",
    "\x7fdel\x85nel", "bidi\u202efdp.exe", "zero\u200bwidth\ufeffbom", "soft\u00adhyphen", "caf\udce9 latin1",
    "\ud800lone", "nonchar\ufffe\uffff", "Budget 2014/15: draft?", 'quotes "and" <angles> | pipes * stars',
    "CON", "con.txt", "Nul", "COM1.pdf", "lpt9", "aux.tar.gz", "name. . .", "trailing dots...",
    "cafe\u0301 decomposed", "\U0001F4C4 emoji", "x" * 1000, "é" * 300, "\u4e2d\u6587" * 200, "-rf --help",
    "%2e%2e%2fescape", "normal title",
]


@pytest.mark.parametrize("name", HOSTILE, ids=[repr(h)[:40] for h in HOSTILE])
def test_result_is_one_safe_component(name, tmp_path):
    out = safe_filename(name)
    assert out and out == out.strip() and not out.startswith(".") and not out.endswith(".")
    assert "/" not in out and "\\" not in out and not any(c in out for c in '<>:"|?*')
    assert not any(unicodedata.category(c) in ("Cc", "Cf", "Cs") for c in out)
    assert "\ufffe" not in out and "\uffff" not in out
    assert unicodedata.is_normalized("NFC", out)
    assert len(out.encode("utf-8")) <= 120
    assert out.split(".")[0].upper() not in {"CON", "PRN", "AUX", "NUL", "COM1", "LPT9"}
    assert safe_filename(name) == out                # stable
    assert safe_filename(out) == out                 # a safe name is kept
    (tmp_path / out).write_text("ok", encoding="utf-8")  # the file system takes it
    assert [p.name for p in tmp_path.iterdir()] == [out]


@pytest.mark.parametrize("name, expected", [
    ("../../etc/passwd", "etc_passwd"),
    ("a/../b", "a_b"),
    (".hidden", "hidden"),
    ("Budget 2014/15: draft?", "Budget 2014_15_ draft_"),
    ("red\x1b[31malert", "red[31malert"),
    ("bidi\u202efdp.exe", "bidifdp.exe"),
    ("  many   inner\tspaces  ", "many inner spaces"),
    ("CON", "_CON"),
    ("con.txt", "_con.txt"),
    ("name. . .", "name"),
    ("cafe\u0301", "caf\u00e9"),
    ("Ward forum budgets 2014", "Ward forum budgets 2014"),
])
def test_expected_names(name, expected):
    assert safe_filename(name) == expected


@pytest.mark.parametrize("name", ["", "   ", "..", "/", "\x00\x01", "\u202e"])
def test_names_with_nothing_left_are_untitled_but_distinct(name):
    out = safe_filename(name)
    assert out.startswith("untitled-") and len(out) == len("untitled-") + 8


def test_different_empty_names_do_not_collide():
    assert len({safe_filename(n) for n in ["", "..", "/", "\x00"]}) == 4


@pytest.mark.parametrize("max_bytes", [24, 64, 120, 200])
def test_long_names_are_cut_on_a_character_boundary_and_keep_apart(max_bytes):
    a, b = "é" * 400 + "a", "é" * 400 + "b"
    out_a, out_b = safe_filename(a, max_bytes=max_bytes), safe_filename(b, max_bytes=max_bytes)
    assert out_a != out_b
    for out in (out_a, out_b):
        assert len(out.encode("utf-8")) <= max_bytes
        assert out.encode("utf-8").decode("utf-8") == out
        assert out.rsplit("-", 1)[0].strip("é") == ""


@pytest.mark.parametrize("bad, kw", [(None, {}), (b"bytes.pdf", {}), (42, {}), ("ok", {"max_bytes": 10})])
def test_bad_arguments_are_usage_errors(bad, kw):
    with pytest.raises(UsageError):
        safe_filename(bad, **kw)
