"""Dates as Swedish minutes write them: ISO (`2025-04-25`), prose (`24 april 2025`,
`den 25 november 2021`) and the registry's short form (`250213`, YYMMDD)."""

from __future__ import annotations

import re
from datetime import date

MONTHS = {
    "januari": 1, "februari": 2, "mars": 3, "april": 4, "maj": 5, "juni": 6, "juli": 7,
    "augusti": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
}
_ISO = re.compile(r"(?<![\d/-])(\d{4})-(\d{2})-(\d{2})(?![\d-])")
_PROSE = re.compile(r"(?<!\d)(\d{1,2})(?:[:.]e|:a)?\s+(" + "|".join(MONTHS) + r")\s+(\d{4})(?!\d)", re.I)
_SHORT = re.compile(r"(?<![\d/-])(\d{2})(\d{2})(\d{2})(?![\d/-])")


def _make(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def find_dates(text: str) -> list[tuple[date | None, int, int]]:
    """Every date written in `text`: (value or None if it is no real day, start, end)."""
    found = [(_make(int(m[1]), int(m[2]), int(m[3])), m.start(), m.end()) for m in _ISO.finditer(text)]
    found += [(_make(int(m[3]), MONTHS[m[2].lower()], int(m[1])), m.start(), m.end()) for m in _PROSE.finditer(text)]
    return sorted(found, key=lambda f: f[1])


def find_reference_dates(text: str) -> list[tuple[date | None, int, int]]:
    """Dates that refer to earlier minutes: ISO, prose, or YYMMDD (20YY)."""
    found = find_dates(text)
    taken = [(s, e) for _, s, e in found]
    for m in _SHORT.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        found.append((_make(2000 + int(m[1]), int(m[2]), int(m[3])), m.start(), m.end()))
    return sorted(found, key=lambda f: f[1])
