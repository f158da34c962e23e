"""Validated settings for extraction, shared by the CLI and the Python API."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields

from discourse.errors import UsageError

__all__ = ["ExtractSettings", "EXTRACTOR_VERSION"]

#: Version of the extraction + cleanup + segmentation code. Documents extracted by
#: another version are extracted again on the next run; bump it whenever the rows
#: extraction writes would change for the same input.
EXTRACTOR_VERSION = "1.1"


@dataclass(frozen=True)
class ExtractSettings:
    """How documents are extracted.

    Parameters
    ----------
    password : str, optional
        Password for encrypted PDFs (tried on every encrypted file).
    ocr : bool, default False
        Run OCRmyPDF/Tesseract on pages without a text layer (needs the Debian
        packages ``ocrmypdf`` and ``tesseract-ocr``).
    tables : bool, default True
        Find tables (ruled grids) and store their cells.
    timeout : float, default 120
        Seconds one file may take before it is stopped and marked ``timeout``.
    memory_mb : int, default 1024
        Memory one worker may use for one file before it is stopped and marked
        ``too_large``.
    max_bytes : int, default 500 MB
        Larger files are not opened and are marked ``too_large``.
    max_pages : int, default 5000
        Documents with more pages are marked ``too_large``.
    isolate : bool, default True
        Process each file in a separate worker process (timeout and memory cap
        enforced). Turn off only for debugging.
    ocr_language : str, default "eng"
        Tesseract language(s) for ``--ocr``.
    """

    password: str | None = None
    ocr: bool = False
    tables: bool = True
    timeout: float = 120.0
    memory_mb: int = 1024
    max_bytes: int = 500 * 1024 * 1024
    max_pages: int = 5000
    isolate: bool = True
    ocr_language: str = "eng"

    def __post_init__(self) -> None:
        if not self.timeout > 0:
            raise UsageError(f"timeout must be a positive number of seconds, got {self.timeout!r}.")
        if self.memory_mb < 128:
            raise UsageError(f"memory_mb must be at least 128, got {self.memory_mb!r}.")
        if self.max_bytes <= 0 or self.max_pages <= 0:
            raise UsageError("max_bytes and max_pages must be positive.")

    def to_dict(self) -> dict:
        """Settings as a dict for run records (the password is never recorded)."""
        d = asdict(self)
        d["password"] = "***" if self.password else None
        return d

    @classmethod
    def field_names(cls) -> list[str]:
        return [f.name for f in fields(cls)]
