"""Facts about one document that several rules derive: each worked out once.

`ctx.facts(doc)` gives the Facts of the document being checked. A property is computed
the first time a rule asks for it and kept for the other rules: the meeting dates, say,
are read by five rules, the agenda items' bodies by seven. Keep here only what is
derived from the document, its text and the profile, never a rule's option.
"""

from __future__ import annotations

from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING

from .header import dnr_values, meeting_dates, previous_minutes_dates
from .reading import first_content

if TYPE_CHECKING:
    from ..ast import AgendaItem, Clause, Decision, Document, ItemBody, PresenterBlock
    from ..profile import Profile, SectionSpec
    from ..source import Source


class Facts:
    def __init__(self, doc: Document, source: Source, profile: Profile):
        self.doc = doc
        self.text = source.text
        self.profile = profile

    # ---- the text -------------------------------------------------------------------------
    @cached_property
    def has_text(self) -> bool:
        """The text holds something besides white space (`text.strip()`, without a copy)."""
        return not self.text.isspace() and self.text != ""

    @cached_property
    def first_content(self) -> tuple[int, int]:
        return first_content(self.text)

    # ---- the header -----------------------------------------------------------------------
    @cached_property
    def meeting_dates(self) -> list[tuple[date | None, int, int]]:
        return meeting_dates(self.doc, self.text)

    @cached_property
    def meeting_date(self) -> date | None:
        return next((d for d, _, _ in self.meeting_dates if d is not None), None)

    @cached_property
    def dnr_values(self) -> list[tuple[str, int, int]]:
        return dnr_values(self.doc, self.text)

    @cached_property
    def previous_minutes_dates(self) -> list[tuple[date | None, int, int]]:
        return list(previous_minutes_dates(self.doc, self.text, self.profile))

    # ---- the agenda -----------------------------------------------------------------------
    @cached_property
    def sections(self) -> list[SectionSpec | None]:
        """The profile's section of each agenda item (None: a matter of the meeting)."""
        section_of = self.profile.section_of
        return [section_of(item.title) for item in self.doc.items]

    @cached_property
    def bodies(self) -> list[tuple[AgendaItem, ItemBody]]:
        """Each item's body and its sub-items' bodies, with the item."""
        return [(item, body) for item in self.doc.items for body in item.all_bodies()]

    @cached_property
    def presenter_blocks(self) -> list[PresenterBlock]:
        return [block for _, body in self.bodies for block in body.presenter_blocks]

    @cached_property
    def decisions(self) -> list[Decision]:
        return self.doc.decisions

    @cached_property
    def clauses(self) -> list[Clause]:
        return [c for d in self.decisions for c in d.clauses]
