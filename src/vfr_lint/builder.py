"""Grammar rules -> typed AST (`ast.Document`).

`MinutesBuilder` is called as Lark calls an embedded transformer (see parser.py and
lalr.py): the method named after a rule gets that rule's children (tokens and the
nodes already built) when the parser reduces the rule. The few things the grammar
leaves as text (who the presenters are, the attendance, the justerare) are read by the
small readers in `people.py`. Tokens are `str`s with `type`, `value`, `start_pos` and
`end_pos` (lalr.Token, or Lark's own Token in the reference parser).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import TYPE_CHECKING

from . import people
from .ast import (
    AgendaItem,
    Attachment,
    Attendance,
    AttendanceGroup,
    Clause,
    Decision,
    Document,
    Field,
    Header,
    ItemBody,
    Paragraph,
    ParseIssue,
    PresenterBlock,
    Span,
    Speaker,
    SubItem,
    Title,
)
from .source import Source

if TYPE_CHECKING:
    from .lalr import Token

_ATTACHMENT = re.compile(r"\bBilag(?:a|or)\s+(\d+(?:\s*(?:,|och|&|-|–)\s*\d+)*)", re.I)
_GROUP_KINDS = (("tjänste", "staff"), ("frånvarande", "absent"), ("ersättare", "other"), ("adjungerade", "other"))


class _Lines(list):
    """Several nodes a rule yields together (attendance part)."""


class _LooseClauses(list):
    """`att` clauses after a blank line, for the decision before them."""


class _Spill(list):
    """A node followed by paragraphs that its trailing lines turned out to be."""


_SENTENCE_END = (".", "!", "?")


def _flatten(parts) -> list:
    out: list = []
    for p in parts:
        out.extend(p if isinstance(p, _Spill) else [p])
    return out


class _Preamble:
    __slots__ = ("titles", "fields", "groups", "issues")

    def __init__(self) -> None:
        self.titles: list[Title] = []
        self.fields: list[Field] = []
        self.groups: list[AttendanceGroup] = []
        self.issues: list[ParseIssue] = []


class _Heading:
    __slots__ = ("number_tok", "kind_tok", "text_toks", "span")

    def __init__(self, number_tok, kind_tok, text_toks, span):
        self.number_tok, self.kind_tok, self.text_toks, self.span = number_tok, kind_tok, text_toks, span


class MinutesBuilder:
    """One per parser; `begin` points it at the document about to be parsed."""

    def begin(self, source: Source, organisations: list[str]) -> None:
        self.source = source
        self.text = source.text
        self.organisations = organisations
        self._line_starts, self._lines = source.line_table()

    def end(self) -> None:
        self.source = self.text = self.organisations = None  # keep no document alive
        self._line_starts = self._lines = None

    # ---- helpers ------------------------------------------------------------------------
    # (span and tok_span make most of a document's nodes: Source.line_of inlined.)
    def span(self, start: int, end: int) -> Span:
        return Span(start, end, self._lines[bisect_right(self._line_starts, start) - 1])

    def tok_span(self, tok: Token) -> Span:
        """The token without surrounding white space."""
        value = tok.value
        start = tok.start_pos + (len(value) - len(value.lstrip()))
        end = tok.start_pos + len(value.rstrip())
        if end < start:
            end = start
        return Span(start, end, self._lines[bisect_right(self._line_starts, start) - 1])

    def cover(self, toks) -> Span:
        return self.span(self.tok_span(toks[0]).start, self.tok_span(toks[-1]).end)

    @staticmethod
    def joined(toks) -> str:
        return " ".join(t.value.strip() for t in toks if t.value.strip())

    # ---- lines ----------------------------------------------------------------------------
    def line(self, c):
        return c[0]

    def paragraph(self, c):
        return Paragraph(self.joined(c), self.cover(c))

    # ---- preamble ---------------------------------------------------------------------
    def title(self, c):
        return Title(c[0].value.strip(), self.tok_span(c[0]))

    def field(self, c):
        label_tok, rest = c[0], c[1:]
        label = label_tok.value.strip().rstrip(":").strip().lower()
        value_span = self.cover(rest) if rest else None
        return Field(label, self.joined(rest), self.cover(c), value_span)

    late_field = field

    def stray(self, c):
        return ParseIssue(self.cover(c), "stray")

    def attendance_group(self, c):
        return _Lines(c)  # finished by attendance_part, which may add rows to it

    def _group(self, c) -> AttendanceGroup:
        label_tok, rest = c[0], c[1:]
        label = label_tok.value.strip()
        lower = label.lower()
        kind = "present"
        for word, group_kind in _GROUP_KINDS:
            if word in lower:
                kind = group_kind
        group = AttendanceGroup(kind, label.rstrip(":").strip(), self.joined(rest), self.cover(c), self.tok_span(label_tok))
        group.persons = people.read_attendance(self.text, [self.tok_span(t) for t in rest], self.span, self.organisations)
        return group

    def attendance_part(self, c):
        """Groups, with the rows that follow a blank line joined to the group above."""
        drafts: list = []
        for node in c:
            if isinstance(node, _Lines):
                drafts.append(list(node))
            elif isinstance(node, str):  # a row after a blank line
                if drafts and isinstance(drafts[-1], list) and self._looks_like_attendance(node):
                    drafts[-1].append(node)
                else:
                    drafts.append(ParseIssue(self.tok_span(node), "unplaced"))
            else:
                drafts.append(node)
        return _Lines(self._group(d) if isinstance(d, list) else d for d in drafts)

    def _looks_like_attendance(self, row: Token) -> bool:
        """Names and organisations are capitalised; a sentence of prose is not."""
        words = [w for w in row.value.split() if w[:1].isalpha()]
        capitalised = sum(1 for w in words if w[0].isupper())
        return bool(words) and capitalised * 2 >= len(words)

    def preamble(self, c):
        pre = _Preamble()
        for node in c:
            items = node if isinstance(node, _Lines) else [node]
            for n in items:
                if isinstance(n, Title):
                    pre.titles.append(n)
                elif isinstance(n, Field):
                    pre.fields.append(n)
                elif isinstance(n, AttendanceGroup):
                    pre.groups.append(n)
                elif isinstance(n, ParseIssue):
                    pre.issues.append(n)
        return pre

    # ---- items ------------------------------------------------------------------------
    def heading_continuation(self, c):
        return c[0]

    def item_heading(self, c):
        number_tok = c[0]
        kind_tok = c[1] if len(c) > 1 and isinstance(c[1], str) and c[1].type == "KIND" else None
        text_toks = [t for t in c[1:] if t is not kind_tok]
        return _Heading(number_tok, kind_tok, text_toks, self.cover(c))

    def sub_heading(self, c):
        return self.item_heading(c)

    def presenter(self, c):
        labels = [self.tok_span(t) for t in c if t.type == "PRESENTER_LABEL"]
        rest = [t for t in c if t.type != "PRESENTER_LABEL"]
        block = PresenterBlock(labels, self.joined(rest), self.cover(c))
        block.presenters = people.read_presenters(self.text, [self.tok_span(t) for t in rest], self.span, self.organisations)
        return block

    def speech(self, c):
        name_span = self.tok_span(c[0])
        name = c[0].value.strip().rstrip(":").strip()
        return Speaker(name, self.span(name_span.start, name_span.start + len(name)), self.cover(c))

    def clause(self, c, inline: bool = False):
        """A clause runs on over wrapped lines, but not past a full stop followed by a
        capitalised line: in double-spaced text that is the next paragraph."""
        toks = list(c)
        for i in range(1, len(toks)):
            prev, line = toks[i - 1].value.strip(), toks[i].value.strip()
            if prev.endswith(_SENTENCE_END) and line[:1].isupper():
                rest = toks[i:]
                return _Spill([Clause(self.joined(toks[:i]), self.cover(toks[:i]), inline), self.paragraph(rest)])
        return Clause(self.joined(toks), self.cover(toks), inline)

    def decision(self, c):
        formula_tok = c[0]
        rest = list(c[1:])
        colon = bool(rest) and isinstance(rest[0], str) and rest[0].type == "COLON"
        if colon:
            rest = rest[1:]
        words = formula_tok.value.split()
        verb = words[-1]
        body = " ".join(w for w in words[:-1] if w != "har")
        clauses: list[Clause] = []
        # Inline: the clause stands on the formula's own line.
        inline = (
            bool(rest)
            and isinstance(rest[0], str)
            and "\n" not in self.text[formula_tok.end_pos : rest[0].start_pos]
        )
        pending: list = []
        spilled: list[Paragraph] = []

        def take(node) -> None:
            if isinstance(node, _Spill):
                clauses.append(node[0])
                spilled.extend(node[1:])
            else:
                clauses.append(node)

        for node in rest:
            if isinstance(node, (Clause, _Spill)):
                if pending:
                    take(self.clause(pending, inline=inline))
                    pending = []
                take(node)
            else:
                pending.append(node)
        if pending:
            take(self.clause(pending, inline=inline))
        if inline:
            layout = "inline"
        else:
            layout = "block-colon" if colon else "block"
        fspan = self.tok_span(formula_tok)
        end = clauses[-1].span.end if clauses else fspan.end
        decision = Decision(body, verb, fspan, colon, layout, self.span(fspan.start, end), clauses)
        return _Spill([decision, *spilled]) if spilled else decision

    def loose_clauses(self, c):
        return _LooseClauses(c)

    def _body(self, parts) -> ItemBody:
        body = ItemBody()
        previous = None
        for p in parts:
            if isinstance(p, _LooseClauses):
                nodes = _flatten(p)
                clauses = [n for n in nodes if isinstance(n, Clause)]
                if isinstance(previous, Decision) and previous.layout != "inline":
                    previous.clauses.extend(clauses)
                    previous.span = self.span(previous.span.start, clauses[-1].span.end)
                    body.paragraphs.extend(n for n in nodes if isinstance(n, Paragraph))
                else:
                    body.paragraphs.extend(n if isinstance(n, Paragraph) else Paragraph(n.text, n.span) for n in nodes)
                continue
            if isinstance(p, Paragraph) and isinstance(previous, PresenterBlock) and _continues(previous.text):
                self._extend_presenters(previous, p)  # "…, Chefsläkare och Olof Ehrs," / blank / "role …"
                continue
            previous = p
            if isinstance(p, Paragraph):
                body.paragraphs.append(p)
            elif isinstance(p, PresenterBlock):
                body.presenter_blocks.append(p)
            elif isinstance(p, Decision):
                body.decisions.append(p)
            elif isinstance(p, Speaker):
                body.speakers.append(p)
        return body

    def _line_spans(self, start: int, end: int) -> list[Span]:
        spans, pos = [], start
        for line in self.text[start:end].split("\n"):
            stripped = line.strip()
            if stripped:
                first = pos + line.index(stripped[0])
                spans.append(self.span(first, first + len(stripped)))
            pos += len(line) + 1
        return spans

    def _extend_presenters(self, block: PresenterBlock, paragraph: Paragraph) -> None:
        block.text = f"{block.text} {paragraph.text}"
        block.span = self.span(block.span.start, paragraph.span.end)
        lines = self._line_spans(block.labels[-1].end, paragraph.span.end)
        block.presenters = people.read_presenters(self.text, lines, self.span, self.organisations)

    def subitem(self, c):
        heading: _Heading = c[0]
        marker = None
        kind = None
        if heading.number_tok.type == "SUBITEM_MARK":
            marker = heading.number_tok.value.strip().rstrip(")")
        else:
            kind = _kind_name(heading.number_tok.value)
        title = self.joined(heading.text_toks)
        parts = _flatten(c[1:])
        end = _last_end(parts, heading.span.end)
        return SubItem(marker, kind, title, heading.span, self.span(heading.span.start, end), self._body(parts))

    def item(self, c):
        heading: _Heading = c[0]
        number_span = self.tok_span(heading.number_tok)
        digits = re.sub(r"\D", "", heading.number_tok.value)
        number = int(digits) if digits else None
        kind = _kind_name(heading.kind_tok.value) if heading.kind_tok is not None else None
        title_span = self.cover(heading.text_toks) if heading.text_toks else number_span
        parts = _flatten(c[1:])
        subitems = [p for p in parts if isinstance(p, SubItem)]
        others = [p for p in parts if not isinstance(p, SubItem)]
        end = _last_end(parts, heading.span.end)
        item = AgendaItem(
            number,
            number_span,
            kind,
            self.joined(heading.text_toks),
            title_span,
            heading.span,
            self.span(heading.span.start, end),
            body=self._body(others),
            subitems=subitems,
        )
        for tok in heading.text_toks:
            for m in _ATTACHMENT.finditer(tok.value):
                numbers = [int(n) for n in re.findall(r"\d+", m.group(1))]
                item.attachments.append(Attachment(numbers, self.span(tok.start_pos + m.start(), tok.start_pos + m.end())))
        return item

    def start(self, c):
        pre: _Preamble = c[0]
        items = [i for i in c[1:] if isinstance(i, AgendaItem)]
        attendance = None
        if pre.groups:
            attendance = Attendance(pre.groups, self.span(pre.groups[0].span.start, pre.groups[-1].span.end))
        doc = Document(
            Header(pre.titles, pre.fields),
            attendance,
            items,
            [],
            pre.issues,
            self.span(0, len(self.text)),
        )
        doc.justerare = people.read_justerare(self.text, doc, self.span)
        return doc


def _continues(text: str) -> bool:
    """Does a presenter line end mid-sentence, so the next paragraph goes on with it?"""
    return text.rstrip().endswith((",", " och", " samt", "/", "&"))


def _last_end(parts, default: int) -> int:
    ends = [default]
    for p in parts:
        ends.extend(x.span.end for x in (_flatten(p) if isinstance(p, _LooseClauses) else [p]))
    return max(ends)


def _kind_name(value: str) -> str:
    name = value.strip().rstrip(":").strip()
    return "Information/Dialog" if name.lower() == "information/dialog" else name.capitalize()


def empty_document(source: Source) -> Document:
    span = Span(0, len(source.text), 1)
    return Document(Header(), None, [], [], [], span)


