"""Package attributes are imported on first use: cheap imports, same names."""

import subprocess
import sys

import pytest


def _loaded_after(statement: str, modules: list[str]) -> dict[str, bool]:
    code = f"import sys; {statement}; print([m in sys.modules for m in {modules!r}])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return dict(zip(modules, eval(out)))


@pytest.mark.parametrize("statement, absent", [
    ("import discourse", ["spacy", "pandas", "duckdb", "bertopic"]),
    ("import discourse.extract", ["spacy", "pandas", "duckdb"]),
    ("import discourse.tag", ["spacy"]),
])
def test_importing_a_package_loads_no_heavy_library(statement, absent):
    assert not any(_loaded_after(statement, absent).values())


def test_names_resolve_on_first_use_and_are_cached():
    import discourse
    import discourse.tag
    from discourse.tag.tagging import tag_store

    assert discourse.tag.tag_store is tag_store
    assert "tag_store" in vars(discourse.tag)  # cached: the next lookup is a plain attribute
    assert discourse.store.__name__ == "discourse.store"  # a sub-module name gives the module
    with pytest.raises(AttributeError, match="module 'discourse.tag' has no attribute 'nothing'"):
        discourse.tag.nothing  # noqa: B018
