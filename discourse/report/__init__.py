"""Stage 5: the report (HTML, figures, exports) and the helpers it writes files with."""

from discourse.report.names import safe_filename

__all__ = ["safe_filename"]
