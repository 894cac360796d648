"""VFR1xx: the sections of the minutes and the numbering of the agenda."""

from __future__ import annotations

from collections.abc import Iterator

from ..ast import Document
from ..findings import Finding, Severity
from ..rule import Context, Rule


class MissingSection(Rule):
    """A section the profile requires is missing.

    **What it does.** Checks that each required section of the profile (by default
    Mötets öppnande, Godkännande av dagordning, Val av justerare, Föregående
    minnesanteckningar, Övriga frågor, Mötets avslutande) is the title of an agenda
    item. Matching ignores case, spacing, hyphenation and a trailing date, and knows
    common variants ("Fastställande av dagordning", "Mötet avslutas"). One finding per
    missing section, at the top of the document.

    **Why.** The formalities are what makes the minutes valid: without "Val av
    justerare" nobody was appointed to approve them.

    **Fails**
    ```
    9. Information: Demografisk utveckling i Dalarna
    10. Övriga frågor
    ```
    (no "Mötets avslutande")

    **Passes**: `11. Mötets avslutande` at the end.

    **Fix.** None: add the section.
    """

    code = "VFR101"
    name = "missing-section"
    severity = Severity.ERROR
    messages = {"missing": ("Avsnittet «{section}» saknas", "The section «{section}» is missing")}

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        facts = ctx.facts(doc)
        if not facts.has_text:
            return
        titles = [i.title for i in doc.items]
        for section in ctx.profile.sections:
            if not any(map(section.matches, titles)):
                yield ctx.finding(self, facts.first_content, "missing", section=section.name)


class SectionOrder(Rule):
    """Required sections stand in another order than the profile's.

    **What it does.** The profile lists its required sections in order, each either
    before the matters of the meeting (`phase = "start"`: opening, agenda, justerare,
    previous minutes) or after them (`phase = "end"`: other questions, closing).
    Reports each item that comes after an item it should precede.

    **Why.** The meeting is opened before anything is decided and closed last; minutes
    in another order usually have a pasted or renumbered section.

    **Fails**
    ```
    1. Val av justerare
    2. Mötets öppnande
    ```
    **Passes**: `1. Mötets öppnande`, `2. Val av justerare`.

    **Fix.** None: reorder (and renumber) by hand.
    """

    code = "VFR102"
    name = "section-order"
    severity = Severity.WARNING
    messages = {
        "order": (
            "«{title}» står efter «{after}»; profilens ordning är: {order}",
            "«{title}» comes after «{after}»; the profile's order is: {order}",
        )
    }

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        sections = ctx.profile.sections
        order = ctx.profile.section_order
        highest, highest_title = -1, ""
        for item, section in zip(doc.items, ctx.facts(doc).sections, strict=True):
            if section is None:
                rank = 1000  # a matter of the meeting
            else:
                rank = sections.index(section) + (2000 if section.phase == "end" else 0)
            if rank < highest:
                yield ctx.finding(self, item.heading_span, "order", title=item.title, after=highest_title, order=order)
            elif rank > highest:
                highest, highest_title = rank, item.title


class ItemNumbering(Rule):
    """Agenda items are not numbered 1, 2, 3, … without gaps or repeats.

    **What it does.** Reports an item whose number is not the one after the previous
    item's: a gap (4 then 6), a repeat (5 twice) or a number out of order. After a
    finding, counting goes on from the number found, so one slip gives one finding.

    **Why.** Items are cited by number ("enligt punkt 7"); a gap looks like a lost item.

    **Fails**
    ```
    4. Föregående minnesanteckningar
    6. Information: SPAK
    ```
    **Passes**: `4.` followed by `5.`

    **Fix.** None: renumbering may change references in the text.
    """

    code = "VFR103"
    name = "item-numbering"
    severity = Severity.ERROR
    messages = {
        "first": ("Första punkten har nummer {number}, inte 1", "The first item is numbered {number}, not 1"),
        "gap": ("Punkt {number} följer på punkt {previous}; punkt {expected} saknas", "Item {number} follows item {previous}; item {expected} is missing"),
        "duplicate": ("Punkt {number} förekommer redan", "Item {number} occurs twice"),
        "order": ("Punkt {number} står efter punkt {previous}", "Item {number} comes after item {previous}"),
    }

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        # Compare with the highest number so far, so that two swapped items give two
        # findings and the items after them none.
        highest = None
        seen: set[int] = set()
        for item in doc.items:
            n = item.number
            if n is None:
                continue
            if highest is None:
                if n != 1:
                    yield ctx.finding(self, item.number_span, "first", number=n)
            elif n in seen:
                yield ctx.finding(self, item.number_span, "duplicate", number=n)
            elif n < highest:
                yield ctx.finding(self, item.number_span, "order", number=n, previous=highest)
            elif n > highest + 1:
                yield ctx.finding(self, item.number_span, "gap", number=n, previous=highest, expected=highest + 1)
            seen.add(n)
            highest = n if highest is None else max(highest, n)
