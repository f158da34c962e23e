"""quanteda YAML dictionary import and export."""

import textwrap

import pytest
import yaml

from discourse.codebooks import from_quanteda, load_codebook, read_quanteda, to_quanteda, write_quanteda
from discourse.errors import CodebookError

DICTIONARY = textwrap.dedent("""\
    localism:
      devolution:
        deals:
          - devolution deal*
          - city deal
        powers:
          - devolv*
          - transfer of power*
      parishes: [parish council*, town council*]
    enabling:
      - volunteer*
      - social enterprise*
      - co-op*
    ensuring:
      scrutiny:
        - scrutin?
        - hold* to account
""")


def test_round_trip_keeps_nested_keys_globs_and_multiword_values():
    cb = from_quanteda(DICTIONARY, name="mine")
    text, notes = to_quanteda(cb)
    assert yaml.safe_load(text) == yaml.safe_load(DICTIONARY)
    assert notes == []


def test_import_maps_levels_to_frames_and_subframes():
    cb = from_quanteda(DICTIONARY, name="mine", version="2")
    assert cb.ref == "mine.v2"
    assert cb.frame_names == ("localism", "enabling", "ensuring")
    assert [s.name for s in cb.frame("localism").subframes] == ["devolution.deals", "devolution.powers", "parishes"]
    assert [s.name for s in cb.frame("enabling").subframes] == ["enabling"]
    deals = cb.frame("localism").subframe("devolution.deals").patterns
    assert [(p.type, p.value) for p in deals] == [("glob", "devolution deal*"), ("glob", "city deal")]


def test_imported_dictionary_tags_like_tokens_lookup():
    from discourse.tag import make_tagger

    nlp = make_tagger(from_quanteda(DICTIONARY, name="mine"), lemmatize=False)
    doc = nlp("The county is devolving powers; volunteers and co-operatives run the hall.")
    assert doc._.frames["localism"]["present"] and doc._.frames["enabling"]["present"]
    assert not doc._.frames["ensuring"]["present"]
    assert {s.text for s in doc.spans["frames"]} == {"devolving", "volunteers", "co-operatives"}


def test_export_of_default_codebook_writes_inflections_and_reports_what_is_dropped(tmp_path):
    out = tmp_path / "big-society.yml"
    notes = write_quanteda("big-society.v1", out)
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert list(data) == list(load_codebook("big-society.v1").frame_names)
    assert {"devolve", "devolved", "devolves", "devolving"} <= set(data["localism"]["devolution"])
    assert any("dropped" in n for n in notes)


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("localism: 5\n", "expected a list of patterns"),
        ("- just\n- a list\n", "non-empty mapping"),
        ("localism:\n  devolution: []\n", "empty list"),
        ("localism:\n  a.b: [x]\n", "key localism.a.b"),
    ],
)
def test_invalid_dictionaries_are_reported_with_location(text, fragment):
    with pytest.raises(CodebookError, match=fragment) as err:
        from_quanteda(text, name="bad", source="dict.yml")
    assert str(err.value).startswith("dict.yml")


def test_read_quanteda_names_codebook_after_file(tmp_path):
    path = tmp_path / "My Dict.yml"
    path.write_text(DICTIONARY, encoding="utf-8")
    assert read_quanteda(path).ref == "my-dict.v1"
