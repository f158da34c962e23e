"""Time bins for over-time outputs: year, quarter, month or decade labels from dates.

Every stage that reports over time uses these labels, so a topic's ``2014``
and a frame's ``2014`` are the same bin. Labels sort in time order as strings.
"""

from __future__ import annotations

from typing import Literal

import pandas as pd

from discourse.errors import UsageError

__all__ = ["BINS", "period_labels"]

Bin = Literal["year", "quarter", "month", "decade"]
BINS: tuple[str, ...] = ("year", "quarter", "month", "decade")


def period_labels(dates: pd.Series, bin: Bin = "year") -> pd.Series:
    """Label each date with its time bin.

    Parameters
    ----------
    dates : Series
        Dates (``datetime64``, ``date`` objects or ISO strings); missing dates stay missing.
    bin : {"year", "quarter", "month", "decade"}

    Returns
    -------
    Series of str (or NA)
        ``"2014"``, ``"2014-Q2"``, ``"2014-05"`` or ``"2010s"``.

    Examples
    --------
    >>> period_labels(pd.Series(["2014-05-01", None]), "quarter").tolist()
    ['2014-Q2', nan]
    """
    if bin not in BINS:
        raise UsageError(f"bin must be one of {', '.join(BINS)}, got {bin!r}.")
    d = pd.to_datetime(pd.Series(dates), errors="coerce")
    year = d.dt.year
    if bin == "year":
        out = year.astype("Int64").astype(str)
    elif bin == "decade":
        out = ((year // 10) * 10).astype("Int64").astype(str) + "s"
    elif bin == "quarter":
        out = year.astype("Int64").astype(str) + "-Q" + d.dt.quarter.astype("Int64").astype(str)
    else:
        out = year.astype("Int64").astype(str) + "-" + d.dt.month.astype("Int64").astype(str).str.zfill(2)
    return out.where(d.notna(), other=float("nan")).astype(object)
