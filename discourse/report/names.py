"""Safe file names for report outputs built from document titles, paths and ids.

Titles and paths come from the documents, which may be hostile: ``../`` to
climb out of the output folder, a name that is a Windows device (``CON``),
control characters and terminal escapes, a right-to-left override that makes
``report\\u202efdp.exe`` display as ``reportexe.pdf``, bytes that are not
UTF-8, names longer than the file system allows. :func:`safe_filename` turns
any of them into one plain file-name component.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from discourse.errors import UsageError

__all__ = ["safe_filename"]

#: Characters no portable file name holds (path separators and Windows' reserved set).
_RESERVED = re.compile(r'[<>:"|?*]')
_SEPARATORS = re.compile(r"[/\\]+")
_SPACES = re.compile(r"\s+")
_WINDOWS_DEVICES = re.compile(r"^(?:con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(?:\..*)?$", re.IGNORECASE)
#: Unicode categories dropped: controls, format characters (bidi overrides, zero-width), surrogates.
_DROPPED_CATEGORIES = frozenset({"Cc", "Cf", "Cs"})
_FALLBACK = "untitled"


def _digest(name: str) -> str:
    return hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:8]


def _clean(name: str) -> str:
    name = unicodedata.normalize("NFC", name)
    name = "".join(" " if c in "\t\n\r\x0b\x0c" else c for c in name
                   if unicodedata.category(c) not in _DROPPED_CATEGORIES or c in "\t\n\r\x0b\x0c")
    name = name.replace("\ufffe", "").replace("\uffff", "")
    parts = [p for p in _SEPARATORS.split(name) if p.strip() not in ("", ".", "..")]
    name = _RESERVED.sub("_", "_".join(parts))
    name = _SPACES.sub(" ", name).strip(" .")
    return name.lstrip(".").strip()


def _cap(name: str, max_bytes: int, original: str) -> str:
    if len(name.encode("utf-8")) <= max_bytes:
        return name
    tail = "-" + _digest(original)
    budget = max_bytes - len(tail)
    cut = name.encode("utf-8")[:budget].decode("utf-8", "ignore")  # never splits a character
    return cut.rstrip(" .") + tail


def safe_filename(name: str, *, max_bytes: int = 120) -> str:
    """One safe, stable file-name component made from ``name``.

    The result has no path separators (``/`` or ``\\``) or characters Windows
    reserves (``<>:"|?*``), no leading dots (no hidden files, no ``..``), no
    control, format (bidi overrides, zero-width) or surrogate characters, no
    leading/trailing spaces or trailing dots; it is NFC-normalised, not a
    Windows device name, at most ``max_bytes`` bytes of UTF-8 (a long name is
    cut and ends with ``-`` and 8 hex digits of its hash, so names sharing a
    prefix stay apart), and never empty (``untitled-<hash>``). The same name
    always gives the same result, and a safe name is returned unchanged.

    Parameters
    ----------
    name : str
        A title, path or id; anything.
    max_bytes : int, default 120
        Longest result in UTF-8 bytes (file systems allow 255; the margin
        leaves room for a suffix such as ``.html``). At least 24.

    Returns
    -------
    str

    Raises
    ------
    UsageError
        If ``name`` is not a string or ``max_bytes`` is below 24.

    Examples
    --------
    >>> safe_filename("../../etc/passwd")
    'etc_passwd'
    >>> safe_filename("Budget 2014/15: draft?")
    'Budget 2014_15_ draft_'
    >>> safe_filename("CON")
    '_CON'
    """
    if not isinstance(name, str):
        raise UsageError(f"safe_filename needs a str, got {type(name).__name__}: {name!r}.")
    if max_bytes < 24:
        raise UsageError(f"max_bytes must be at least 24, got {max_bytes}.")
    cleaned = _clean(name)
    if not cleaned:
        return f"{_FALLBACK}-{_digest(name)}"
    if _WINDOWS_DEVICES.match(cleaned):
        cleaned = "_" + cleaned
    return _cap(cleaned, max_bytes, name)
