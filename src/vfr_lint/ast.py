"""The typed syntax tree of a minutes document.

Plain slotted dataclasses: building them costs little on the hot path. pydantic describes
them at the edges (`vfr-lint parse` JSON and `--schema`, see `document_adapter`).
The nodes share one `__eq__` and `__repr__` (`_Node`) instead of having dataclasses
generate a pair per class: that halves the cost of defining them on every cold start.
Every node has a Span: offsets into the normalised text plus the stored file's line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache


class _Node:
    """Equality and repr by fields, as dataclasses would generate them."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in self.__slots__)

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"{type(self).__name__}({fields})"


_node = dataclass(slots=True, repr=False, eq=False)


# Hashable by value like a frozen dataclass, but built with plain assignments: a frozen
# dataclass's __init__ costs twice as much, and a document creates hundreds of spans.
@dataclass(slots=True, unsafe_hash=True)
class Span:
    start: int  # offset in the normalised text
    end: int  # exclusive
    line: int  # 1-based line of `start` in the file as stored


@_node
class Title(_Node):
    text: str
    span: Span


@_node
class Field(_Node):
    """A header field, `Datum: 2025-04-25`. `label` is lower case without the colon."""

    label: str
    value: str
    span: Span
    value_span: Span | None


@_node
class Header(_Node):
    titles: list[Title] = field(default_factory=list)
    fields: list[Field] = field(default_factory=list)

    def get(self, *labels: str) -> list[Field]:
        return [f for f in self.fields if f.label in labels]


@_node
class Person(_Node):
    name: str
    span: Span
    organisation: str | None = None
    role: str | None = None  # e.g. "ordförande", "vice ordförande"


@_node
class AttendanceGroup(_Node):
    """`Närvarande: ...` and the rows that follow it; or `Tjänstepersoner ...`."""

    kind: str  # "present" | "staff" | "absent" | "other"
    label: str
    text: str  # all of the group's text, lines joined by a space
    span: Span
    label_span: Span
    persons: list[Person] = field(default_factory=list)


@_node
class Attendance(_Node):
    groups: list[AttendanceGroup]
    span: Span

    @property
    def text(self) -> str:
        return " ".join(g.text for g in self.groups)

    @property
    def persons(self) -> list[Person]:
        return [p for g in self.groups for p in g.persons]

    @property
    def chair(self) -> Person | None:
        return next((p for p in self.persons if p.role == "ordförande"), None)


@_node
class Attachment(_Node):
    """`Bilaga 3, 4` in a heading."""

    numbers: list[int]
    span: Span


@_node
class Presenter(_Node):
    name: str
    span: Span  # the whole entry: name, role, organisation
    name_span: Span
    role: str | None = None
    role_span: Span | None = None
    organisation: str | None = None


@_node
class PresenterBlock(_Node):
    """`Föredragande: Name, role, organisation` over one or more lines."""

    labels: list[Span]  # each `Föredragande:`; more than one is a duplicated label
    text: str
    span: Span
    presenters: list[Presenter] = field(default_factory=list)


@_node
class Speaker(_Node):
    """A statement attributed to a person: `Roger Larsson: ...`."""

    name: str
    name_span: Span
    span: Span


@_node
class Clause(_Node):
    """`att ...` up to the end of its last line. `span` ends at its last visible character."""

    text: str
    span: Span
    inline: bool = False


@_node
class Decision(_Node):
    body: str  # "Välfärdsrådet"
    verb: str  # "beslutade"
    formula_span: Span
    colon: bool
    layout: str  # "inline" | "block" | "block-colon"
    span: Span
    clauses: list[Clause] = field(default_factory=list)
    # Lines after a block formula that do not start with "att" (kept as clauses too,
    # so clause-form can report them).


@_node
class Paragraph(_Node):
    text: str
    span: Span


@_node
class ItemBody(_Node):
    """What an agenda item or a sub-item holds."""

    paragraphs: list[Paragraph] = field(default_factory=list)
    presenter_blocks: list[PresenterBlock] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    speakers: list[Speaker] = field(default_factory=list)


@_node
class SubItem(_Node):
    marker: str | None  # "a" for `a) HVB hem`; None for an `Information: X` sub-heading
    kind: str | None
    title: str
    heading_span: Span
    span: Span
    body: ItemBody = field(default_factory=ItemBody)

    @property
    def presenters(self) -> list[Presenter]:
        return [p for b in self.body.presenter_blocks for p in b.presenters]


@_node
class AgendaItem(_Node):
    number: int | None
    number_span: Span
    kind: str | None  # "Information", "Beslut", "Rapport", "Dialog", "Information/Dialog"
    title: str  # heading text without number and kind, continuation joined
    title_span: Span
    heading_span: Span
    span: Span
    attachments: list[Attachment] = field(default_factory=list)
    body: ItemBody = field(default_factory=ItemBody)
    subitems: list[SubItem] = field(default_factory=list)

    @property
    def all_decisions(self) -> list[Decision]:
        return self.body.decisions + [d for s in self.subitems for d in s.body.decisions]

    @property
    def presenters(self) -> list[Presenter]:
        return [p for b in self.body.presenter_blocks for p in b.presenters]

    def all_bodies(self) -> list[ItemBody]:
        return [self.body] + [s.body for s in self.subitems]


@_node
class Justerare(_Node):
    name: str
    span: Span


@_node
class ParseIssue(_Node):
    span: Span
    message: str


@_node
class Document(_Node):
    header: Header
    attendance: Attendance | None
    items: list[AgendaItem]
    justerare: list[Justerare]
    parse_issues: list[ParseIssue]
    span: Span

    @property
    def decisions(self) -> list[Decision]:
        return [d for i in self.items for d in i.all_decisions]

    @property
    def clauses(self) -> list[Clause]:
        return [c for d in self.decisions for c in d.clauses]


@lru_cache(maxsize=1)
def document_adapter():
    """pydantic's view of the tree, for JSON output and JSON Schema (imported lazily)."""
    from pydantic import TypeAdapter

    return TypeAdapter(Document)
