"""VFR3xx: attendance, the chair and the justerare."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..ast import Document
from ..findings import Finding, Severity
from ..people import mentions, normalise_name
from ..rule import Context, Rule

_CHAIR_MARK = re.compile(r"(?<![\w.])(?<!v )(?<!v\. )(?<!vice )\(?\s*ordf(?:\.|örande\b|\b)", re.I)
_STRIKE_LEGEND = re.compile(r"överstruk\w*\s*(?:=|är|betyder|:)\s*frånvarande|frånvarande\s*(?:=|är|:)\s*överstruk\w*", re.I)


class MissingAttendance(Rule):
    """The minutes have no attendance section (`Närvarande`).

    **What it does.** Looks for a `Närvarande` block before the first agenda item.

    **Why.** Who took part decides whether the council could decide at all, and the
    justerare must be among them.

    **Fails**: a header followed directly by `1. Mötets öppnande`.
    **Passes**: `Närvarande: Sofia Jarl Region Dalarna (ordförande), …`

    **Fix.** None.
    """

    code = "VFR301"
    name = "missing-attendance"
    severity = Severity.ERROR
    messages = {"missing": ("Närvarolista (`Närvarande`) saknas", "No attendance section (`Närvarande`)")}

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        facts = ctx.facts(doc)
        if facts.has_text and (doc.attendance is None or not any(g.kind == "present" for g in doc.attendance.groups)):
            yield ctx.finding(self, facts.first_content, "missing")


class MissingChair(Rule):
    """The attendance does not mark who chaired the meeting.

    **What it does.** Looks in the attendance for `(ordf)`, `(ordförande)` or
    `ordförande` (a vice chair, `(v ordf)`, does not count).

    **Why.** The chair signs the minutes together with the justerare.

    **Fails**: `Närvarande: Sofia Jarl Region Dalarna, Susanne Berger Avesta`
    **Passes**: `Närvarande: Sofia Jarl Region Dalarna (ordförande), …`

    **Fix.** None.
    """

    code = "VFR302"
    name = "missing-chair"
    severity = Severity.WARNING
    messages = {"missing": ("Närvarolistan anger inte ordförande (`(ordf)`)", "The attendance does not mark the chair (`(ordf)`)")}

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        att = doc.attendance
        if att is None:
            return
        present = [g for g in att.groups if g.kind == "present"] or att.groups
        if not any(_CHAIR_MARK.search(g.text) for g in att.groups):
            yield ctx.finding(self, present[0].label_span, "missing")


class MissingJusterare(Rule):
    """No decision appoints a justerare.

    **What it does.** Looks for the appointment in decisions and running text
    ("att utse Jonas Sallén till justerare", "Till justerare valdes …", "… valdes till
    justerare") or a `Justerare:` header field.

    **Why.** Minutes are not approved until a justerare has checked them.

    **Fails**
    ```
    3. Val av justerare
    Välfärdsrådet beslutade att godkänna dagordningen.
    ```
    **Passes**: `Välfärdsrådet beslutade att utse Jonas Sallén till justerare.`

    **Fix.** None.
    """

    code = "VFR303"
    name = "missing-justerare"
    severity = Severity.ERROR
    messages = {"missing": ("Ingen justerare utses i protokollet", "No justerare is appointed")}

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        facts = ctx.facts(doc)
        if not facts.has_text or doc.justerare:
            return
        item = next((i for i, s in zip(doc.items, facts.sections, strict=True) if s and s.key == "justerare"), None)
        anchor = (item.heading_span.start, item.heading_span.end) if item else facts.first_content
        yield ctx.finding(self, anchor, "missing")


class JusterareNotPresent(Rule):
    """The appointed justerare is not in the attendance.

    **What it does.** Checks that the justerare's name occurs in the attendance
    (whatever the spacing or line wrapping).

    **Why.** Only someone who was at the meeting can vouch for its minutes; a name not
    in the attendance is usually misspelt or the wrong person.

    **Fails**: `att utse Jonas Salén till justerare` with `Jonas Sallén` present.
    **Passes**: the name as the attendance spells it.

    **Fix.** None.
    """

    code = "VFR304"
    name = "justerare-not-present"
    severity = Severity.ERROR
    messages = {
        "absent": ("Justeraren {name} finns inte i närvarolistan", "The justerare {name} is not in the attendance")
    }

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        if doc.attendance is None:
            return
        for j in doc.justerare:
            if not mentions(doc.attendance.text, j.name):
                yield ctx.finding(self, j.span, "absent", name=j.name)


class JusterareIsChair(Rule):
    """The justerare is the chair of the meeting.

    **What it does.** Compares the justerare with the person the attendance marks
    `(ordf)`.

    **Why.** The chair signs the minutes anyway; the justerare is the second pair of
    eyes, so it should be somebody else.

    **Fails**: `Sofia Jarl (ordf)` and `att utse Sofia Jarl till justerare`.
    **Passes**: another member as justerare.

    **Fix.** None.
    """

    code = "VFR305"
    name = "justerare-is-chair"
    severity = Severity.WARNING
    messages = {"chair": ("Justeraren {name} är mötets ordförande", "The justerare {name} chairs the meeting")}

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        chair = doc.attendance.chair if doc.attendance else None
        if chair is None:
            return
        for j in doc.justerare:
            if normalise_name(j.name) == normalise_name(chair.name):
                yield ctx.finding(self, j.span, "chair", name=j.name)


class LostStrikethrough(Rule):
    """The attendance marks absence by strike-through, which plain text cannot carry.

    **What it does.** Reports a legend such as `(överstruken = frånvarande)` in the
    attendance of a plain-text or Markdown file. (Formats that keep the formatting,
    such as .docx, are not affected.)

    **Why.** In the text export every name looks present: who was absent can no longer
    be read, and the justerare check cannot be trusted.

    **Fails**: `Närvarande: (överstruken = frånvarande)` in a .txt file.
    **Passes**: absent members listed under `Frånvarande:`.

    **Fix.** None: list the absent members explicitly.
    """

    code = "VFR306"
    name = "lost-strikethrough"
    severity = Severity.WARNING
    messages = {
        "lost": (
            "Frånvaro markeras med överstrykning, som inte syns i en textfil: vilka som var frånvarande går inte att läsa",
            "Absence is marked by strike-through, which plain text cannot show: who was absent cannot be read",
        )
    }

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        if doc.attendance is None or ctx.source.format not in ("text", "markdown"):
            return
        text = ctx.source.text
        m = _STRIKE_LEGEND.search(text, doc.attendance.span.start, doc.attendance.span.end)
        if m:
            yield ctx.finding(self, m.span(), "lost")
