"""Manifest paths cannot escape the corpus root (issue 7, hostile input), and bad manifests fail clearly."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from discourse.errors import UsageError
from discourse.extract.discover import read_manifest


@pytest.fixture
def layout(tmp_path) -> tuple[Path, Path]:
    """``corpus/`` (the manifest's folder) beside ``outside/`` and a look-alike ``corpus-evil/``."""
    root, outside, evil = tmp_path / "corpus", tmp_path / "outside", tmp_path / "corpus-evil"
    for d in (root / "sub", outside, evil):
        d.mkdir(parents=True)
    (root / "inside.pdf").write_bytes(b"%PDF-1.4 inside")
    (root / "sub" / "deep file.pdf").write_bytes(b"%PDF-1.4 deep")
    (outside / "secret.pdf").write_bytes(b"%PDF-1.4 secret")
    (evil / "x.pdf").write_bytes(b"%PDF-1.4 evil")
    os.symlink(outside / "secret.pdf", root / "link-out.pdf")
    os.symlink(outside, root / "dir-link")
    os.symlink(root / "inside.pdf", root / "sub" / "link-in.pdf")
    return root, outside


def _manifest(root: Path, rel: str) -> Path:
    path = root / "manifest.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write("path,title\n")
        fh.write('"' + rel.replace('"', '""') + '",A title\n')
    return path


ESCAPES = [
    ("../outside/secret.pdf", "parent folder"),
    ("sub/../../outside/secret.pdf", "parent of a subfolder"),
    ("{outside}/secret.pdf", "absolute path"),
    ("link-out.pdf", "symlink to a file outside"),
    ("dir-link/secret.pdf", "through a symlinked folder"),
    ("%2e%2e/outside/secret.pdf", "percent-encoded dots"),
    ("%2E%2E%2Foutside%2Fsecret.pdf", "percent-encoded dots and slashes, upper case"),
    ("..%2foutside%2fsecret.pdf", "percent-encoded slashes"),
    ("%2F{outside_rel}%2Fsecret.pdf", "percent-encoded absolute path"),
    ("../corpus-evil/x.pdf", "a sibling folder whose name starts like the root's"),
]


@pytest.mark.parametrize("rel, why", ESCAPES, ids=[w for _, w in ESCAPES])
def test_paths_outside_the_manifest_folder_are_rejected(layout, rel, why):
    root, outside = layout
    rel = rel.format(outside=outside, outside_rel=str(outside).lstrip("/").replace("/", "%2F"))
    m = read_manifest(_manifest(root, rel))
    assert len(m) == 0, why
    assert len(m.problems) == 1 and ":2:" in m.problems[0] and "outside the manifest's folder" in m.problems[0]
    assert m.lookup(str(outside / "secret.pdf")) == {}


@pytest.mark.parametrize("rel", ["%252e%252e/outside/secret.pdf", "..\\outside\\secret.pdf",
                                 "inside.pdf\x00/../../outside/secret.pdf", "~/secret.pdf", ""])
def test_encodings_that_name_no_file_are_reported_not_followed(layout, rel):
    root, outside = layout
    m = read_manifest(_manifest(root, rel))
    assert len(m) == 0 and len(m.problems) == 1
    assert m.lookup(str(outside / "secret.pdf")) == {}


@pytest.mark.parametrize("rel, target", [
    ("inside.pdf", "inside.pdf"),
    ("./sub/../inside.pdf", "inside.pdf"),
    ("sub/deep%20file.pdf", "sub/deep file.pdf"),
    ("sub/deep file.pdf", "sub/deep file.pdf"),
    ("sub/link-in.pdf", "inside.pdf"),
    ("{root}/inside.pdf", "inside.pdf"),
])
def test_paths_that_stay_inside_are_accepted(layout, rel, target):
    root, _ = layout
    m = read_manifest(_manifest(root, rel.format(root=root)))
    assert m.problems == []
    assert m.lookup(str(root / target)) == {"title": "A title", "date": None, "doc_type": None, "actor": None}


def test_an_explicit_root_is_the_boundary(layout):
    root, _ = layout
    m = read_manifest(_manifest(root, "../inside.pdf"), root=root / "sub")
    assert len(m) == 0 and "outside the manifest's folder" in m.problems[0]


@pytest.mark.parametrize("raw, words", [
    (b"path,title\ncaf\xe9.pdf,Budget\n", "UTF-8"),
    (b"\xff\xfep\x00a\x00t\x00h\x00\n\x00", "UTF-8"),
])
def test_a_manifest_that_is_not_utf8_is_a_usage_error(tmp_path, raw, words):
    path = tmp_path / "manifest.csv"
    path.write_bytes(raw)
    with pytest.raises(UsageError) as e:
        read_manifest(path)
    assert str(path) in str(e.value) and words in str(e.value)


def test_cli_reports_a_non_utf8_manifest_as_a_usage_error(tmp_path):
    from click.testing import CliRunner

    from discourse.cli import main

    (tmp_path / "in").mkdir()
    manifest = tmp_path / "in" / "manifest.csv"
    manifest.write_bytes(b"path,title\nbudget.pdf,Budget 2014 \x96 draft\n")  # cp1252 en dash, as Excel writes
    r = CliRunner().invoke(main, ["extract", str(tmp_path / "in"), "--store", str(tmp_path / "s.duckdb"),
                                  "--manifest", str(manifest)])
    assert r.exit_code == 2, r.output
    assert "not UTF-8" in r.output and "manifest.csv" in r.output
