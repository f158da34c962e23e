"""Find input files and read the manifest that describes them."""

from __future__ import annotations

import csv
import hashlib
import os
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable
from urllib.parse import unquote

from discourse.errors import UsageError

__all__ = ["find_pdfs", "Manifest", "read_manifest", "sha256_file", "doc_id_for"]

MANIFEST_COLUMNS = ("path", "title", "date", "doc_type", "actor")


def _key(path: str | os.PathLike) -> str:
    """Comparison key for a file: its real absolute path, Unicode-normalised (NFC)."""
    return unicodedata.normalize("NFC", os.path.realpath(path))


def find_pdfs(paths: Iterable[str | os.PathLike]) -> list[str]:
    """Files to extract: PDFs (``*.pdf`` in any case) under folders, files named directly.

    Folders are walked recursively in sorted order (symlinked folders are not
    followed). Each file appears once, as the path it was first reached by
    (relative paths stay relative, so provenance reads as the user typed it).
    Files are told apart by their real path as the file system spells it: two
    names that differ only in Unicode normalisation are two files on Linux.

    Raises
    ------
    UsageError
        When a path does not exist.
    """
    out: list[str] = []
    seen: set[str] = set()

    def add(p: str) -> None:
        k = os.path.realpath(p)
        if k not in seen:
            seen.add(k)
            out.append(p)

    for raw in paths:
        p = os.fspath(raw)
        if os.path.isfile(p):
            add(os.path.normpath(p))
        elif os.path.isdir(p):
            for root, dirs, files in os.walk(p):
                dirs.sort()
                for name in sorted(files):
                    if name.lower().endswith(".pdf"):
                        add(os.path.normpath(os.path.join(root, name)))
        else:
            raise UsageError(f"No such file or folder: {p}")
    return out


def sha256_file(path: str, chunk: int = 1 << 20) -> str:
    """SHA-256 of a file's bytes."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(chunk):
            h.update(block)
    return h.hexdigest()


def doc_id_for(sha256: str) -> str:
    """The document id for content with this hash: its first 16 hex digits."""
    return sha256[:16]


@dataclass
class Manifest:
    """Rows of a manifest CSV keyed by the files they describe."""

    path: str | None = None
    rows: dict[str, dict] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def lookup(self, file_path: str) -> dict:
        """The manifest row for ``file_path`` (empty dict when it has none)."""
        return self.rows.get(_key(file_path), {})

    def __len__(self) -> int:
        return len(self.rows)


def read_manifest(path: str | os.PathLike | None, root: str | os.PathLike | None = None) -> Manifest:
    """Read a manifest CSV (``path,title,date,doc_type,actor``).

    Paths in the manifest are relative to the manifest's folder (or ``root``)
    and may not point outside it; ``%20`` in a manifest path also matches a
    space in the file name. Rows that cannot be used are listed in
    ``Manifest.problems`` with their line numbers.

    Raises
    ------
    UsageError
        If the file is missing, is not UTF-8 text, or has no ``path`` column.
    """
    if path is None:
        return Manifest()
    path = Path(path)
    if not path.is_file():
        raise UsageError(f"Manifest not found: {path}")
    try:
        return _read_rows(path, Path(root) if root else path.parent)
    except UnicodeDecodeError as e:
        raise UsageError(f"Manifest {path} is not UTF-8 text ({e.reason} at byte {e.start}); save it as "
                         "'CSV UTF-8' (in Excel: Save As > CSV UTF-8) and try again.") from e


def _read_rows(path: Path, base: Path) -> Manifest:
    base_key = _key(base)
    manifest = Manifest(str(path))
    with open(path, newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        fields = [f.strip().lower() for f in (reader.fieldnames or [])]
        if "path" not in fields:
            raise UsageError(f"Manifest {path} has no 'path' column; columns are: {', '.join(fields) or '(none)'}. "
                             f"Expected: {','.join(MANIFEST_COLUMNS)}")
        for line_no, row in enumerate(reader, start=2):
            row = {(k or "").strip().lower(): (v.strip() if isinstance(v, str) else v) for k, v in row.items()}
            rel = row.get("path") or ""
            if not rel:
                manifest.problems.append(f"{path}:{line_no}: empty path")
                continue
            target = _resolve(base, rel)
            if target is None:
                manifest.problems.append(f"{path}:{line_no}: {rel!r} is not a file under {base}")
                continue
            if not (_key(target) + os.sep).startswith(base_key + os.sep):
                manifest.problems.append(f"{path}:{line_no}: {rel!r} points outside the manifest's folder {base}")
                continue
            manifest.rows[_key(target)] = {k: (row.get(k) or None) for k in MANIFEST_COLUMNS[1:]}
    return manifest


def _resolve(base: Path, rel: str) -> Path | None:
    for candidate in (rel, unquote(rel)):
        p = base / candidate
        if p.is_file():
            return p
    return None

