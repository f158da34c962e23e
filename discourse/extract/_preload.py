"""Imported once before forking per-file extraction children, so each child starts warm.

Importing this module loads the extraction code and builds the dehyphenation
vocabulary; it is imported only by :mod:`discourse.extract.isolate`, never by
``import discourse``.
"""

from discourse.extract import document as _document  # noqa: F401
from discourse.extract.clean import vocabulary

vocabulary()
