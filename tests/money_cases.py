"""Reader of tests/data/money_cases.txt, shared by the evidence tests and bench/commitment.py.

Each line is ``sentence<TAB>surface=value:currency[:period[:high]] | ...``;
``#`` lines and blank lines are skipped.
"""

from __future__ import annotations

from pathlib import Path

MONEY_CASES = Path(__file__).resolve().parent / "data" / "money_cases.txt"


def parse_money_cases(path: Path = MONEY_CASES) -> list[tuple[str, list[dict]]]:
    """``(sentence, expected amounts)`` pairs; each amount has text, value, currency, period and high."""
    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        text, expected = line.split("\t")
        items = []
        for item in [x for x in expected.split(" | ") if x.strip()]:
            surface, rest = item.rsplit("=", 1)
            parts = rest.split(":")
            items.append({"text": surface, "value": float(parts[0]), "currency": parts[1],
                          "period": parts[2] if len(parts) > 2 and parts[2] != "-" else None,
                          "high": float(parts[3]) if len(parts) > 3 else None})
        cases.append((text, items))
    return cases
