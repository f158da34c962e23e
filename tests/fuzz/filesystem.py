"""Fuzz family ``names``: valid PDFs under hostile file names, and ``*.pdf`` entries that are not files.

The PDFs themselves are fine (each has its own title, so each is its own
document); what is hostile is the name: bytes that are not UTF-8, control and
terminal-escape characters, a newline, two names that differ only in Unicode
normalisation, names that look like options or shell code. Dangling symlinks,
a symlink loop and a named pipe called ``*.pdf`` sit beside them. Entries the
platform cannot create (a non-UTF-8 name on macOS, a FIFO on Windows) are
left out.
"""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

from pdfsyntax import minimal_doc
from structure import output, patch

__all__ = ["names_family"]

_NAMES: list[tuple[str | bytes, str]] = [
    (b"names-latin1-caf\xe9.pdf", "a file name that is not valid UTF-8 (a Latin-1 e-acute byte)"),
    ("names-new\nline.pdf", "a newline in the file name"),
    ("names-escape-\x1b[31mred\x1b[0m-\x01\x7f.pdf", "terminal escape sequences and control characters"),
    (unicodedata.normalize("NFC", "names-café-twice.pdf"), "an e-acute, precomposed (NFC)"),
    (unicodedata.normalize("NFD", "names-café-twice.pdf"), "an e-acute, decomposed (NFD): another file whose "
     "name differs only in Unicode normalisation"),
    ("names-" + "x" * 240 + ".pdf", "a 250-character file name"),
    ("names--rf --help.pdf", "a name that looks like command-line options"),
    ("names-semicolon;rm -rf ~;$(id).pdf", "shell metacharacters"),
    ("names-%2e%2e%2f%2e%2e%2fescape.pdf", "percent-encoded ../../ in the name"),
    ("names-quotes 'single' \"double\" `back`.pdf", "quotes and backticks"),
    ("names-emoji-\U0001F4C4-\u00fcn\u00efc\u00f8d\u00e9.pdf", "an emoji and accented letters"),
    ("names-rtl-\u202efdp.exe.pdf", "a right-to-left override character"),
    ("names-UPPER-CASE-EXTENSION.PDF", "an upper-case extension"),
    ("names-hidden/.pdf", "a hidden file called just '.pdf'"),
    ("names-folder.pdf/names-inside-a-folder-called-pdf.pdf", "a PDF inside a folder whose name ends in .pdf"),
]


def _write(out: Path, rel: str | bytes, data: bytes) -> Path | None:
    target = os.path.join(os.fsencode(out), rel if isinstance(rel, bytes) else os.fsencode(rel))
    try:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as fh:
            fh.write(data)
    except (OSError, ValueError):  # the platform cannot hold this name
        return None
    return Path(os.fsdecode(target))


def _special(out: Path) -> list[tuple[str, str, Path]]:
    made = []
    for name, desc, make in (
        ("names-dangling-symlink.pdf", "a symlink to a file that does not exist",
         lambda p: os.symlink("no-such-file.pdf", p)),
        ("names-symlink-loop.pdf", "a symlink that points at itself", lambda p: os.symlink(p.name, p)),
        ("names-named-pipe.pdf", "a named pipe (FIFO): opening it for reading blocks forever", os.mkfifo),
    ):
        path = out / name
        if os.path.lexists(path):
            os.unlink(path)
        try:
            make(path)
        except (OSError, AttributeError, NotImplementedError):
            continue
        made.append((name, desc, path))
    return made


def names_family(out: Path) -> list[tuple[str, str, Path]]:
    """Write the family into ``out``; return ``(name, description, path)`` for each entry made."""
    made = []
    for k, (rel, desc) in enumerate(_NAMES):
        doc, ids = minimal_doc(1)
        patch(doc, ids.info, b"/Title (Ward forum budgets)", b"/Title (Hostile name %d)" % k)
        path = _write(out, rel, output(doc, ids))
        if path is not None:
            made.append((os.fsdecode(rel), desc, path))
    return made + _special(out)
