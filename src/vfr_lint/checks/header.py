"""VFR2xx: the header: Dnr, date, time and place, the reference to earlier minutes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING

from ..ast import Document, Field
from ..dates import find_dates, find_reference_dates
from ..findings import Finding, Severity
from ..rule import Context, Rule

if TYPE_CHECKING:
    from ..profile import Profile

DNR_LABELS = ("dnr", "diarienummer", "diarienr")
_DNR_IN_TITLE = re.compile(r"\b(?:Dnr|Diarienummer)\b[:.]?\s*(\S[^\n]*)", re.I)
_MAX_VALUE_LENGTH = 100  # a Dnr or a time is short: a longer value is not worth a regex run


def previous_minutes_dates(doc: Document, text: str, profile: Profile) -> Iterator[tuple[date | None, int, int]]:
    """(date or None when unreadable, start, end) of each date in the title of the item
    that reviews the previous minutes; offsets in the normalised text."""
    for item in doc.items:
        section = profile.section_of(item.title)
        if section is None or section.key != "previous":
            continue
        start = item.title_span.start
        for d, s, e in find_reference_dates(text[start : item.title_span.end]):
            yield d, start + s, start + e


def dnr_values(doc: Document, text: str) -> list[tuple[str, int, int]]:
    """Each Dnr the header states: (value, start, end) in the normalised text."""
    found = [
        (f.value.strip(), f.value_span.start, f.value_span.end)
        for f in doc.header.get(*DNR_LABELS)
        if f.value_span and f.value.strip()
    ]
    for t in doc.header.titles:
        m = _DNR_IN_TITLE.search(text, t.span.start, t.span.end)
        if m:
            found.append((m.group(1).strip(), m.start(1), m.start(1) + len(m.group(1).rstrip())))
    return found


def meeting_dates(doc: Document, text: str) -> list[tuple[date | None, int, int]]:
    """Dates the header states for the meeting: `Datum:` fields, then titles."""
    found: list[tuple[date | None, int, int]] = []
    places: list[Field | object] = [f for f in doc.header.get("datum") if f.value_span]
    for f in places:
        chunk = text[f.value_span.start : f.value_span.end]
        found += [(d, f.value_span.start + s, f.value_span.start + e) for d, s, e in find_dates(chunk)]
    for t in doc.header.titles:
        chunk = text[t.span.start : t.span.end]
        found += [(d, t.span.start + s, t.span.start + e) for d, s, e in find_dates(chunk)]
    return found


def meeting_date(doc: Document, text: str) -> date | None:
    return next((d for d, _, _ in meeting_dates(doc, text) if d is not None), None)


class MissingDnr(Rule):
    """The profile requires a Dnr (diarienummer) and the header has none.

    **What it does.** Looks for a `Dnr:` (or `Diarienummer:`) field in the header, or
    `Dnr` in a title line.

    **Why.** The registrator files the minutes under their Dnr; without it they cannot
    be found in the diarium.

    **Fails**: a header with `Datum:`, `Tid:` and `Plats:` but no `Dnr:`.
    **Passes**: `Dnr: HSN 2025/936`.

    **Fix.** None: ask the registrator for the number.
    """

    code = "VFR201"
    name = "missing-dnr"
    severity = Severity.ERROR
    messages = {"missing": ("Diarienummer (Dnr) saknas i huvudet", "The header has no Dnr (registration number)")}

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        facts = ctx.facts(doc)
        if ctx.profile.dnr_required and facts.has_text and not facts.dnr_values:
            yield ctx.finding(self, facts.first_content, "missing")


class DnrFormat(Rule):
    """The Dnr does not match the profile's pattern.

    **What it does.** Matches the whole Dnr against the profile's `dnr-pattern`
    (default: a registry prefix of 2–6 capital letters, a space, a four-digit year,
    `/`, a serial number).

    **Why.** A mistyped Dnr files the minutes under another case.

    **Fails**: `Dnr: HSN2025-936`
    **Passes**: `Dnr: HSN 2025/936`

    **Fix.** None: the right number cannot be guessed.
    """

    code = "VFR202"
    name = "dnr-format"
    severity = Severity.ERROR
    messages = {
        "format": ("Dnr «{value}» har fel form; väntat t.ex. «{example}»", "Dnr «{value}» is malformed; expected e.g. «{example}»"),
    }

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        for value, start, end in ctx.facts(doc).dnr_values:
            if len(value) > _MAX_VALUE_LENGTH or not ctx.profile.dnr_regex.fullmatch(value):
                yield ctx.finding(self, (start, end), "format", value=value[:60], example=ctx.profile.dnr_example)


class DnrYear(Rule):
    """The year in the Dnr is later than the meeting year.

    **What it does.** Compares the four-digit year in the Dnr with the meeting date's.
    A Dnr may be older than the meeting (a case opened earlier), never newer.

    **Why.** A future year is a typo in the number or in the date.

    **Fails**: `Datum: 2025-04-25` with `Dnr: HSN 2026/936`
    **Passes**: `Dnr: HSN 2024/936`

    **Fix.** None.
    """

    code = "VFR203"
    name = "dnr-year"
    severity = Severity.WARNING
    messages = {
        "future": ("Dnr-året {year} är senare än mötesåret {meeting}", "The Dnr year {year} is later than the meeting year {meeting}")
    }

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        facts = ctx.facts(doc)
        meeting = facts.meeting_date
        if meeting is None:
            return
        for value, start, _ in facts.dnr_values:
            m = re.search(r"(?<!\d)(\d{4})(?=/)", value[:_MAX_VALUE_LENGTH])
            if m and int(m.group(1)) > meeting.year:
                s = start + m.start(1)
                yield ctx.finding(self, (s, s + 4), "future", year=m.group(1), meeting=meeting.year)


class MissingDate(Rule):
    """No meeting date in the header or title.

    **What it does.** Looks for a date in the `Datum:` fields and the title lines, ISO
    (`2025-04-25`) or Swedish prose (`24 april 2025`, `den 25 november 2021`).

    **Why.** Minutes are cited and filed by meeting date.

    **Fails**: `Minnesanteckningar Välfärdsrådet` with no `Datum:`.
    **Passes**: `Välfärdsrådets möte den 25 november 2021`.

    **Fix.** None.
    """

    code = "VFR204"
    name = "missing-date"
    severity = Severity.ERROR
    messages = {"missing": ("Mötesdatum saknas i huvudet och rubriken", "No meeting date in the header or title")}

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        facts = ctx.facts(doc)
        if facts.has_text and facts.meeting_date is None:
            spans = [f.span for f in doc.header.get("datum")]
            anchor = (spans[0].start, spans[0].end) if spans else facts.first_content
            yield ctx.finding(self, anchor, "missing")


class DateConflict(Rule):
    """The header or title states more than one meeting date.

    **What it does.** Collects the dates of the `Datum:` fields and the title lines;
    reports each date that differs from the first one.

    **Why.** Which day was the meeting? One of them is wrong, and readers cannot tell
    which.

    **Fails**
    ```
    Datum: 2025-04-25
    Datum: 24 april 2025
    ```
    **Passes**: one date, or the same date written twice.

    **Fix.** None: check the calendar.
    """

    code = "VFR205"
    name = "date-conflict"
    severity = Severity.ERROR
    messages = {
        "conflict": ("Mötet anges med två olika datum: {first} och {other}", "The meeting is given two different dates: {first} and {other}")
    }

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        dates = [(d, s, e) for d, s, e in ctx.facts(doc).meeting_dates if d is not None]
        if not dates:
            return
        first = dates[0][0]
        reported = {first}
        for d, s, e in dates[1:]:
            if d not in reported:
                reported.add(d)
                yield ctx.finding(self, (s, e), "conflict", first=first.isoformat(), other=d.isoformat())


class MissingTimeOrPlace(Rule):
    """The header has no time (`Tid:`) or no place (`Plats:`).

    **What it does.** One finding for each of the two fields that is missing.

    **Why.** The minutes are the record of when and where the council met.

    **Fails**: a header with `Datum:` and `Tid:` but no `Plats:`.
    **Passes**: `Tid: Kl. 9.00–12.00` and `Plats: Digitalt via Teams`.

    **Fix.** None.
    """

    code = "VFR206"
    name = "missing-time-or-place"
    severity = Severity.WARNING
    messages = {
        "time": ("Tid (`Tid:`) saknas i huvudet", "The header has no time (`Tid:`)"),
        "place": ("Plats (`Plats:`) saknas i huvudet", "The header has no place (`Plats:`)"),
    }

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        facts = ctx.facts(doc)
        if not facts.has_text:
            return
        anchor = facts.first_content
        if not doc.header.get("tid", "mötestid"):
            yield ctx.finding(self, anchor, "time")
        if not doc.header.get("plats"):
            yield ctx.finding(self, anchor, "place")


class TimeFormat(Rule):
    """The time is not a range of two clock times that each carry minutes.

    **What it does.** Matches the `Tid:` value against the profile's `time-pattern`
    (default `Kl. 9.00–12.00`; `.` or `:` between hours and minutes, spaces around
    the dash allowed).

    **Why.** `Kl. 9-11.15` leaves the reader to guess whether the meeting began at
    9.00; a uniform format can be read by people and programs alike.

    **Fails**: `Tid: Kl. 9-11.15`
    **Passes**: `Tid: Kl. 9.00–11.15`

    **Fix.** None.
    """

    code = "VFR207"
    name = "time-format"
    severity = Severity.WARNING
    messages = {
        "format": ("Tiden «{value}» har inte formen «{example}»", "The time «{value}» is not written as «{example}»")
    }

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        for f in doc.header.get("tid", "mötestid"):
            if f.value_span is None or not _one_time_range(ctx.profile.time_regex, f.value[:_MAX_VALUE_LENGTH]):
                span = f.value_span or f.span
                yield ctx.finding(self, span, "format", value=f.value[:60], example=ctx.profile.time_example)


def _one_time_range(pattern: re.Pattern[str], value: str) -> bool:
    """The value starts with a well-formed range and states no other clock time."""
    m = pattern.match(value.strip())
    return m is not None and not re.search(r"\d", value.strip()[m.end() :])


class PreviousMinutesDate(Rule):
    """The reference to the previous minutes is no valid date, or not earlier.

    **What it does.** In the item for the previous minutes (e.g. `4. Föregående
    minnesanteckningar 250213`), reads the date (YYMMDD or ISO) and checks that it is
    a real day before the meeting date.

    **Why.** The reference tells which minutes were approved; a wrong date approves
    the wrong ones.

    **Fails**: `Föregående minnesanteckningar 250231` (no 31 February), or a date on
    or after the meeting.
    **Passes**: `Föregående minnesanteckningar 250213` in minutes of 2025-04-25.

    **Fix.** None.
    """

    code = "VFR208"
    name = "previous-minutes-date"
    severity = Severity.ERROR
    messages = {
        "invalid": ("«{value}» är inget giltigt datum", "«{value}» is not a valid date"),
        "not_earlier": (
            "Föregående minnesanteckningar ({value}) är inte från före mötet ({meeting})",
            "The previous minutes ({value}) are not from before the meeting ({meeting})",
        ),
    }

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        text = ctx.source.text
        facts = ctx.facts(doc)
        meeting = facts.meeting_date
        for d, start, end in facts.previous_minutes_dates:
            if d is None:
                yield ctx.finding(self, (start, end), "invalid", value=text[start:end])
            elif meeting is not None and d >= meeting:
                yield ctx.finding(self, (start, end), "not_earlier", value=d.isoformat(), meeting=meeting.isoformat())
