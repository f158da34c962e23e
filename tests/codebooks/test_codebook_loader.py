"""Codebook loading, validation errors (file, line, key), hashing and round trips."""

import dataclasses
import textwrap
from pathlib import Path

import pytest

from discourse.codebooks import (
    DEFAULT_CODEBOOK,
    Codebook,
    dump_codebook,
    list_codebooks,
    load_codebook,
    parse_codebook,
)
from discourse.errors import CodebookError

TINY = textwrap.dedent("""\
    codebook: tiny
    version: 1
    frames:
      localism:
        subframes:
          devolution:
            patterns:
              - lemma: devolve
              - glob: "decentrali*"
""")


def test_default_codebook_loads_with_three_frames():
    cb = load_codebook(DEFAULT_CODEBOOK)
    assert cb.ref == DEFAULT_CODEBOOK == "big-society.v5"
    assert cb.frame_names == ("localism", "enabling", "ensuring")
    assert all(len(f.subframes) >= 5 for f in cb.frames)


def test_earlier_versions_stay_shipped_and_differ():
    """Results published with big-society.v1 can be reproduced: the file is still there, unchanged in meaning."""
    assert {"big-society.v1", "big-society.v2", "big-society.v3", "big-society.v4", "big-society.v5"} <= set(list_codebooks())
    v1, v2, v3, v4 = (load_codebook(f"big-society.v{n}") for n in (1, 2, 3, 4))
    assert v1.ref == "big-society.v1" and len({v1.sha256, v2.sha256, v3.sha256, v4.sha256}) == 4
    assert not any(p.also_requires for f in v1.frames for s in f.subframes for p in s.patterns)


def test_unversioned_name_resolves_to_newest_shipped_version():
    assert load_codebook("big-society").ref == max(
        (r for r in list_codebooks() if r.startswith("big-society.v")), key=lambda r: int(r.split(".v")[1])
    )


def test_unknown_name_lists_shipped_codebooks():
    with pytest.raises(CodebookError, match="big-society.v1"):
        load_codebook("no-such-codebook.v9")


def test_codebook_is_frozen():
    cb = parse_codebook(TINY)
    with pytest.raises(dataclasses.FrozenInstanceError):
        cb.name = "other"  # type: ignore[misc]


@pytest.mark.parametrize(
    "yaml_text, line, key, fragment",
    [
        (TINY.replace("version: 1\n", "version: 1\ncolour: red\n"), 3, "colour", "unknown key 'colour'"),
        (TINY.replace("version: 1\n", ""), None, "version", "is required"),
        (TINY.replace("- lemma: devolve", "- {lemma: devolve, weight: high}"), 8,
         "frames.localism.subframes.devolution.patterns[0].weight", "must be a number"),
        (TINY.replace('- glob: "decentrali*"', '- regex: "(unclosed"'), 9,
         "frames.localism.subframes.devolution.patterns[1].regex", "invalid regular expression"),
        (TINY.replace('- glob: "decentrali*"', '- phrase: "decentrali*"'), 9,
         "frames.localism.subframes.devolution.patterns[1].phrase", "use 'glob:"),
        (TINY.replace("- lemma: devolve", "- lemma: devolve\n            lemma: other"), 9,
         "frames.localism.subframes.devolution.patterns[0].lemma", "duplicate key"),
        (TINY.split("        patterns:")[0] + "        patterns: []\n", 7,
         "frames.localism.subframes.devolution.patterns",
         "non-empty list"),
        (TINY.replace("  localism:", "  local ism!:"), 4, "frames.local ism!", "frame name"),
        (TINY.replace("- lemma: devolve", "- {lemma: devolve, window: -2}"), 8,
         "frames.localism.subframes.devolution.patterns[0].window", "whole number"),
        (TINY.replace("- lemma: devolve", "- {lemma: devolve, requires: [{glob: x, lemma: y}]}"), 8,
         "frames.localism.subframes.devolution.patterns[0].requires[0]", "exactly one"),
        (TINY.replace("- lemma: devolve", "- {lemma: devolve, also_requires: [council]}"), 8,
         "frames.localism.subframes.devolution.patterns[0].also_requires", "needs a 'requires' list"),
    ],
    ids=["unknown-key", "missing-version", "bad-weight", "bad-regex", "wildcard-in-phrase", "duplicate-key",
         "empty-patterns", "bad-frame-name", "negative-window", "bad-context-term", "also-requires-alone"],
)
def test_invalid_codebook_names_file_line_and_key(yaml_text, line, key, fragment):
    with pytest.raises(CodebookError) as err:
        parse_codebook(yaml_text, source="my-book.v1.yml")
    msg = str(err.value)
    assert msg.startswith("my-book.v1.yml")
    if line is not None:
        assert f"line {line}," in msg
    assert f"key {key}" in msg
    assert fragment in msg


def test_yaml_syntax_error_names_file_and_line(tmp_path):
    path = tmp_path / "broken.v1.yml"
    path.write_text(TINY + "  oops: [unclosed\n", encoding="utf-8")
    with pytest.raises(CodebookError, match=r"broken\.v1\.yml, line \d+: not valid YAML"):
        load_codebook(path)


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CodebookError, match="does not exist"):
        load_codebook(tmp_path / "nothing.yml")


def test_hash_ignores_formatting_but_not_content():
    base = parse_codebook(TINY)
    reformatted = parse_codebook("# a comment\n" + TINY.replace("- lemma: devolve", "- {lemma: devolve}"))
    edited = parse_codebook(TINY.replace("- lemma: devolve", "- {lemma: devolve, weight: 0.5}"))
    bumped = parse_codebook(TINY.replace("version: 1", "version: 2"))
    assert reformatted.sha256 == base.sha256
    assert len({base.sha256, edited.sha256, bumped.sha256}) == 3


def test_list_values_expand_to_patterns_sharing_an_id():
    cb = parse_codebook(TINY.replace("- lemma: devolve", "- {glob: [a*, b*], id: ab, weight: 0.5}"))
    pats = cb.frame("localism").subframe("devolution").patterns
    assert [(p.value, p.key, p.weight) for p in pats[:2]] == [("a*", "ab", 0.5), ("b*", "ab", 0.5)]


@pytest.mark.parametrize("ref", ["big-society.v1", "big-society.v2", "big-society.v3", "big-society.v4", "big-society.v5"])
def test_dump_then_parse_gives_the_same_codebook(ref):
    cb = load_codebook(ref)
    again = parse_codebook(dump_codebook(cb))
    assert again == cb
    assert again.sha256 == cb.sha256


def test_loaded_from_path_records_path(tmp_path):
    path = tmp_path / "tiny.v1.yml"
    path.write_text(TINY, encoding="utf-8")
    cb = load_codebook(str(path))
    assert isinstance(cb, Codebook) and cb.path == str(path) and cb.ref == "tiny.v1"


def test_readme_codebook_example_is_valid():
    """The YAML example users copy from the README parses, with every key it shows."""
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    blocks = readme.split("```yaml\n")[1:]
    assert blocks, "README has no yaml example"
    cb = parse_codebook(blocks[0].split("```")[0], source="README.md")
    pattern = next(p for p in cb.frames[0].subframes[0].patterns if p.also_requires)
    assert pattern.requires and pattern.unless and pattern.window == 8
