"""The notebooks in ``notebooks/`` run from top to bottom and stay in sync with their Jupytext pairs.

Each ``.ipynb`` is executed with nbclient in a real ``python3`` kernel (the
kernel started by jupyter_client runs this interpreter), from a temporary
working folder, with the demo corpus and the output folder passed through
``DISCOURSE_DEMO`` and ``DISCOURSE_NOTEBOOK_OUT``, so nothing is written into
the repository. The sync test reads both files of a pair with jupytext and
compares their cells: a notebook edited in Jupyter without ``jupytext --sync``
(or a ``.py`` edited without regenerating the ``.ipynb``) fails here.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat", reason="the notebook tests need the test extras: pip install -e '.[test]'")
nbclient = pytest.importorskip("nbclient", reason="the notebook tests need the test extras: pip install -e '.[test]'")
jupytext = pytest.importorskip("jupytext", reason="the notebook tests need the test extras: pip install -e '.[test]'")

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK_DIR = ROOT / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))

#: Files each notebook must leave in its output folder. A new notebook needs an entry here.
PRODUCES = {
    "walkthrough.ipynb": ("report.html", "discourse.duckdb", "housing.v1.yml", "housing-quanteda.yml"),
}

#: Plotly figures each notebook must display (as plotly's JSON output, readable without a browser).
MIN_FIGURES = {"walkthrough.ipynb": 6}
PLOTLY_MIME = "application/vnd.plotly.v1+json"


def _ids(paths):
    return [p.name for p in paths]


def test_the_notebooks_folder_holds_notebooks():
    assert NOTEBOOKS, f"no .ipynb in {NOTEBOOK_DIR}"
    assert sorted(PRODUCES) == [p.name for p in NOTEBOOKS], "every notebook (and only those) needs a PRODUCES entry"


def _code_and_markdown(nb) -> list[tuple[str, str]]:
    return [(c.cell_type, c.source.strip()) for c in nb.cells if c.cell_type in ("code", "markdown")]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_notebook_is_in_sync_with_its_py_pair(path):
    pair = path.with_suffix(".py")
    assert pair.is_file(), f"{path.name} has no Jupytext pair {pair.name}: run jupytext --set-formats ipynb,py:percent"
    ipynb = jupytext.read(path)
    py = jupytext.read(pair)
    assert ipynb.metadata.get("jupytext", {}).get("formats") == "ipynb,py:percent"
    cells_ipynb, cells_py = _code_and_markdown(ipynb), _code_and_markdown(py)
    assert len(cells_ipynb) == len(cells_py), f"{path.name} and {pair.name} differ: run jupytext --sync {pair}"
    for i, (a, b) in enumerate(zip(cells_ipynb, cells_py)):
        assert a == b, f"cell {i} of {path.name} differs from {pair.name}: run jupytext --sync {pair}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_notebook_is_committed_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    dirty = [i for i, c in enumerate(nb.cells)
             if c.cell_type == "code" and (c.get("outputs") or c.get("execution_count") is not None)]
    assert not dirty, f"{path.name} has outputs in cells {dirty}: clear them before committing"


def _outputs(nb) -> list[dict]:
    return [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_notebook_runs_and_writes_its_outputs(path, tmp_path, monkeypatch):
    work = tmp_path / "work"
    work.mkdir()
    out = tmp_path / "out"
    monkeypatch.setenv("DISCOURSE_DEMO", str(ROOT / "corpora" / "demo"))
    monkeypatch.setenv("DISCOURSE_NOTEBOOK_OUT", str(out))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    # The kernel imports this checkout's package, whatever else is installed.
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]))
    repo_before = sorted(p.name for p in NOTEBOOK_DIR.iterdir())

    nb = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(nb, kernel_name="python3", timeout=600,
                                      resources={"metadata": {"path": str(work)}})
    try:
        client.execute()
    except nbclient.exceptions.CellExecutionError as e:
        pytest.fail(f"{path.name} failed:\n{e}")

    errors = [o for o in _outputs(nb) if o.get("output_type") == "error"]
    assert not errors, f"{path.name} has error outputs: {[e.get('ename') for e in errors]}"
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.get("execution_count") for c in code), "some code cells did not run"
    for name in PRODUCES[path.name]:
        assert (out / name).is_file(), f"{path.name} did not write {name} into DISCOURSE_NOTEBOOK_OUT"
    assert sorted(p.name for p in NOTEBOOK_DIR.iterdir()) == repo_before, "the notebook wrote into notebooks/"
    assert not (work / "out").exists(), "the notebook ignored DISCOURSE_NOTEBOOK_OUT"
    if "report.html" in PRODUCES[path.name]:
        html = (out / "report.html").read_text(encoding="utf-8")
        assert "<html" in html.lower() and "Frames over time" in html
        text = "".join(o.get("text", "") for o in _outputs(nb) if o.get("output_type") == "stream")
        assert str(out / "report.html") in text, "the notebook should print the report's path"
    figures = [o for o in _outputs(nb) if PLOTLY_MIME in o.get("data", {})]
    assert len(figures) >= MIN_FIGURES.get(path.name, 0), f"{path.name} showed {len(figures)} plotly figures"
