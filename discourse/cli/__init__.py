"""The ``discourse`` command line: a thin layer over the Python API.

Each command calls the same-named API function. ``DiscourseError`` becomes a
clean error message at one boundary (:class:`DiscourseGroup`): exit status 1,
or 2 for usage errors, never a traceback for a problem the user can fix.
"""

from __future__ import annotations

from discourse.cli._common import DiscourseGroup, main
from discourse.cli import store_cmds as _store_cmds  # noqa: F401  (registers commands)
from discourse.cli import extract_cmds as _extract_cmds  # noqa: F401
from discourse.cli import tag_cmds as _tag_cmds  # noqa: F401
from discourse.cli import report_cmds as _report_cmds  # noqa: F401
from discourse.cli import commitment_cmds as _commitment_cmds  # noqa: F401
from discourse.cli import measure_cmds as _measure_cmds  # noqa: F401
from discourse.cli import topics_cmds as _topics_cmds  # noqa: F401

__all__ = ["main", "DiscourseGroup"]
