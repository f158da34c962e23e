from dataclasses import dataclass, field

import pytest

from discourse.errors import CodebookError, UsageError
from discourse.model.guided import seed_topics_from_codebook, seed_topics_from_file


@pytest.mark.parametrize(
    "text, expected",
    [
        ("localism: [Devolution, councils]\nenabling: [volunteers]\n", [["devolution", "councils"], ["volunteers"]]),
        ("- [a, b, a]\n- [c]\n", [["a", "b"], ["c"]]),
        ('{"x": ["Local  Government", "mayors"]}', [["local government", "mayors"]]),
    ],
)
def test_seed_topics_from_file(tmp_path, text, expected):
    path = tmp_path / "seeds.yml"
    path.write_text(text)
    assert seed_topics_from_file(path) == expected


@pytest.mark.parametrize(
    "text, match",
    [
        ("just a string", "mapping of name to a list of terms"),
        ("a: [x]\nb: []\n", "at least one term"),
        ("a: [x\n", "Cannot read seed topics"),
    ],
)
def test_bad_seed_files_are_refused(tmp_path, text, match):
    path = tmp_path / "seeds.yml"
    path.write_text(text)
    with pytest.raises(UsageError, match=match):
        seed_topics_from_file(path)


@dataclass
class Pattern:
    value: str
    type: str = "phrase"


@dataclass
class Frame:
    name: str
    patterns: list = field(default_factory=list)
    subframes: dict = field(default_factory=dict)


@dataclass
class Codebook:
    frames: dict


def test_seed_topics_from_a_codebook_use_subframes_and_skip_regex():
    book = Codebook({
        "localism": Frame("localism", subframes={
            "devolution": Frame("devolution", [Pattern("devolution deal"), Pattern("devolve", "lemma")]),
            "autonomy": Frame("autonomy", [Pattern(r"\bring-?fenc", "regex"), Pattern("Financial Autonomy")]),
        }),
        "enabling": Frame("enabling", [Pattern("volunteer", "lemma"), Pattern("co-op*", "glob")]),
    })
    assert seed_topics_from_codebook(book) == [
        ["devolution deal", "devolve"], ["financial autonomy"], ["volunteer"],
    ]


def test_seed_topics_from_a_dict_codebook():
    book = {"frames": [{"name": "ensuring", "patterns": ["social value", {"type": "phrase", "value": "LM3"}]}]}
    assert seed_topics_from_codebook(book) == [["social value", "lm3"]]


def test_a_codebook_without_terms_is_a_codebook_error():
    with pytest.raises(CodebookError, match="--seed-topics"):
        seed_topics_from_codebook(Codebook({"x": Frame("x", [Pattern(".*", "regex")])}))
