"""The typed syntax tree of a minutes document.

Slotted records (records.py: declared like dataclasses, cheaper to define on every cold
start), with `__eq__` and `__repr__` by fields. pydantic describes the tree at the edges
(`vfr-lint parse` JSON and `--schema`): `document_adapter` builds dataclass twins of
the nodes for it, on demand.
Every node has a Span: offsets into the normalised text plus the stored file's line.
"""

from __future__ import annotations

from functools import lru_cache

from .records import MISSING, Factory, defaults, field, fields, record

_NODES: list[type] = []  # in order of definition (the twins are made in it)


def _node(cls: type) -> type:
    node = record(cls)
    _NODES.append(node)
    return node


# Hashable by value: spans are compared and collected in sets, hundreds per document.
@_node
class Span:
    start: int  # offset in the normalised text
    end: int  # exclusive
    line: int  # 1-based line of `start` in the file as stored

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not Span:
            return NotImplemented
        return self.start == other.start and self.end == other.end and self.line == other.line

    def __hash__(self) -> int:
        return hash((self.start, self.end, self.line))


@_node
class Title:
    text: str
    span: Span


@_node
class Field:
    """A header field, `Datum: 2025-04-25`. `label` is lower case without the colon."""

    label: str
    value: str
    span: Span
    value_span: Span | None


@_node
class Header:
    titles: list[Title] = field(default_factory=list)
    fields: list[Field] = field(default_factory=list)

    def get(self, *labels: str) -> list[Field]:
        return [f for f in self.fields if f.label in labels]


@_node
class Person:
    name: str
    span: Span
    organisation: str | None = None
    role: str | None = None  # e.g. "ordförande", "vice ordförande"


@_node
class AttendanceGroup:
    """`Närvarande: ...` and the rows that follow it; or `Tjänstepersoner ...`."""

    kind: str  # "present" | "staff" | "absent" | "other"
    label: str
    text: str  # all of the group's text, lines joined by a space
    span: Span
    label_span: Span
    persons: list[Person] = field(default_factory=list)


@_node
class Attendance:
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
class Attachment:
    """`Bilaga 3, 4` in a heading."""

    numbers: list[int]
    span: Span


@_node
class Presenter:
    name: str
    span: Span  # the whole entry: name, role, organisation
    name_span: Span
    role: str | None = None
    role_span: Span | None = None
    organisation: str | None = None


@_node
class PresenterBlock:
    """`Föredragande: Name, role, organisation` over one or more lines."""

    labels: list[Span]  # each `Föredragande:`; more than one is a duplicated label
    text: str
    span: Span
    presenters: list[Presenter] = field(default_factory=list)


@_node
class Speaker:
    """A statement attributed to a person: `Roger Larsson: ...`."""

    name: str
    name_span: Span
    span: Span


@_node
class Clause:
    """`att ...` up to the end of its last line. `span` ends at its last visible character."""

    text: str
    span: Span
    inline: bool = False


@_node
class Decision:
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
class Paragraph:
    text: str
    span: Span


@_node
class ItemBody:
    """What an agenda item or a sub-item holds."""

    paragraphs: list[Paragraph] = field(default_factory=list)
    presenter_blocks: list[PresenterBlock] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    speakers: list[Speaker] = field(default_factory=list)


@_node
class SubItem:
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
class AgendaItem:
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
class Justerare:
    name: str
    span: Span


@_node
class ParseIssue:
    span: Span
    message: str


@_node
class Document:
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
    """pydantic's view of the tree, for JSON output and JSON Schema (imported lazily):
    a TypeAdapter of dataclass twins of the nodes, taking and dumping our nodes."""
    import dataclasses

    from pydantic import TypeAdapter

    twins: dict[str, type] = {}
    for node in _NODES:
        specs = []
        for name in fields(node):
            annotation = eval(node.__annotations__[name], {**twins})  # noqa: S307 - our own annotations
            default = defaults(node).get(name, MISSING)
            if isinstance(default, Factory):
                default = dataclasses.field(default_factory=twins.get(getattr(default.make, "__name__", ""), default.make))
            specs.append((name, annotation) if default is MISSING else (name, annotation, default))
        namespace = {"__doc__": node.__doc__, "__module__": __name__}
        twins[node.__name__] = dataclasses.make_dataclass(node.__name__, specs, namespace=namespace)
    return _TwinAdapter(TypeAdapter(twins["Document"]), twins)


class _TwinAdapter:
    """`json_schema()` and `dump_json(node)` of pydantic, for our nodes."""

    def __init__(self, adapter, twins: dict[str, type]):
        self.adapter, self.twins = adapter, twins

    def json_schema(self) -> dict:
        return self.adapter.json_schema()

    def dump_json(self, doc: Document, **options) -> bytes:
        return self.adapter.dump_json(self._twin(doc), **options)

    def _twin(self, value):
        if hasattr(type(value), "__record_fields__"):
            twin = self.twins[type(value).__name__]
            return twin(*(self._twin(getattr(value, name)) for name in fields(value)))
        if isinstance(value, list):
            return [self._twin(v) for v in value]
        return value
