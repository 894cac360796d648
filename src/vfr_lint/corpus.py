"""Checks across documents (VFR9xx): what one run learns from all the files it lints.

Each linted document yields a `DocumentFacts` record in the same pass as its findings
(run.lint_file): its body, meeting date, the dates of the previous minutes it refers
to, its Dnr values and the names of the people in it, each with its position in the
stored file. The record is picklable (it comes back from worker processes) and
JSON-serialisable (the cache stores it beside the findings), so a cached file takes
part in the cross-document checks without being parsed again.

`check_corpus(facts_by_path, settings)` runs after all files are linted. It gives
nothing unless more than one document was linted: a single file (and the language
server, which lints one document at a time) gets no VFR9xx findings. The rules
themselves are in checks/corpus.py.
"""

from __future__ import annotations

import sys
import zlib
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from .findings import Finding
from .records import field, record

if TYPE_CHECKING:
    from .api import Settings
    from .ast import Document, Span
    from .source import Source

CORPUS_CODES = ("VFR901", "VFR902", "VFR903")


@record
class Place:
    """A position in the stored file (1-based, end exclusive). Its line's text and the
    baseline context are kept once per line in the document's facts (`line_texts`).
    Immutable by convention (hashable)."""

    line: int
    column: int
    end_line: int
    end_column: int

    def __hash__(self) -> int:
        return hash((self.line, self.column, self.end_line, self.end_column))

    def to_json(self) -> list:
        return [self.line, self.column, self.end_line, self.end_column]

    @classmethod
    def from_json(cls, data: list) -> Place:
        line, column, end_line, end_column = data
        return cls(int(line), int(column), int(end_line), int(end_column))


@record
class Mention:
    """A value at a place: an ISO date, a Dnr, a name. `text` is how it is written.
    The place's numbers are held here, not in a Place of their own: a run holds tens of
    thousands of mentions, and reports only a few (`place`). Immutable by convention
    (hashable)."""

    value: str
    text: str
    line: int
    column: int
    end_line: int
    end_column: int

    def __hash__(self) -> int:
        return hash((self.value, self.text, self.line, self.column, self.end_line, self.end_column))

    @property
    def place(self) -> Place:
        return Place(self.line, self.column, self.end_line, self.end_column)

    def to_json(self) -> list:
        return [self.value, self.text, self.place.to_json()]

    @classmethod
    def from_json(cls, data: list) -> Mention:
        value, text, (line, column, end_line, end_column) = data
        # The same names and dates recur in thousands of documents: share one string.
        value = sys.intern(str(value))
        return cls(value, value if text == value else str(text), int(line), int(column), int(end_line), int(end_column))


@record
class DocumentFacts:
    """What the checks across documents need of one document. The facts of every
    linted file are held until the end of a run, so they are kept small: the text of a
    mention's line and its baseline context, needed only for the few mentions that are
    reported, are in `lines`, compressed (see line_texts)."""

    body: str
    meeting: str | None = None  # ISO date
    previous: list[Mention] = field(default_factory=list)  # previous minutes referred to
    dnr: list[Mention] = field(default_factory=list)
    names: list[Mention] = field(default_factory=list)
    lines: bytes = b""  # zlib of JSON {line: [stored text, baseline context]}
    # Suppression comments that may hide its VFR9xx findings: (selector, first line,
    # last line or None), see suppression.corpus_scopes.
    suppressed: list[tuple[str, int, int | None]] = field(default_factory=list)

    def line_texts(self) -> dict[int, tuple[str, str]]:
        """The stored text and the baseline context of each line with a mention."""
        if not self.lines:
            return {}
        import json

        data = json.loads(zlib.decompress(self.lines))
        return {int(line): (str(text), str(context)) for line, (text, context) in data.items()}

    # (base64 only for the cache's JSON entries: imported there, not on every run)
    def to_json(self) -> dict:
        import base64

        return {
            "body": self.body,
            "meeting": self.meeting,
            "previous": [m.to_json() for m in self.previous],
            "dnr": [m.to_json() for m in self.dnr],
            "names": [m.to_json() for m in self.names],
            "lines": base64.b64encode(self.lines).decode("ascii"),
            "suppressed": [list(scope) for scope in self.suppressed],
        }

    @classmethod
    def from_json(cls, data: dict) -> DocumentFacts:
        import base64

        meeting = data["meeting"]
        return cls(
            body=sys.intern(str(data["body"])),
            meeting=sys.intern(str(meeting)) if meeting is not None else None,
            previous=[Mention.from_json(m) for m in data["previous"]],
            dnr=[Mention.from_json(m) for m in data["dnr"]],
            names=[Mention.from_json(m) for m in data["names"]],
            lines=base64.b64decode(data["lines"], validate=True),
            suppressed=[
                (str(selector), int(first), None if last is None else int(last))
                for selector, first, last in data.get("suppressed", [])
            ],
        )

    def shared(self) -> DocumentFacts:
        """The same facts with each value a shared string (facts unpickled from a worker
        process carry their own copies)."""
        for mentions in (self.previous, self.dnr, self.names):
            mentions[:] = [Mention(sys.intern(m.value), sys.intern(m.text), m.line, m.column, m.end_line, m.end_column)
                           for m in mentions]
        return self


def wanted(settings: Settings) -> bool:
    """Whether any cross-document rule is selected (facts are gathered only then)."""
    return any(settings.enabled(code) for code in CORPUS_CODES)


def document_facts(doc: Document, source: Source, settings: Settings) -> DocumentFacts:
    from .api import has_suppressions
    from .checks.header import dnr_values, meeting_date, previous_minutes_dates

    text = source.text
    lines: dict[int, list[str]] = {}

    def position(start: int, end: int) -> tuple[int, int, int, int]:
        """Line, column, end line, end column; notes the line's texts for a report."""
        line, column = source.position(start)
        end_line, end_column = source.end_position(start, end) if end > start else (line, column)
        if line not in lines:
            stored = source.original_line(line) if line <= source.line_count else ""
            lines[line] = [stored, source.line_context(line)]
        return line, column, end_line, end_column

    def spanned(span: Span) -> tuple[int, int, int, int]:
        return position(span.start, span.end)

    meeting = meeting_date(doc, text)
    facts = DocumentFacts(body=settings.profile.body, meeting=meeting.isoformat() if meeting else None)
    for d, start, end in previous_minutes_dates(doc, text, settings.profile):
        if d is not None:
            facts.previous.append(Mention(d.isoformat(), text[start:end], *position(start, end)))
    for value, start, end in dnr_values(doc, text):
        facts.dnr.append(Mention(" ".join(value.split()), value, *position(start, end)))
    people: list[tuple[str, Span]] = []
    if doc.attendance is not None:
        people += [(p.name, p.span) for p in doc.attendance.persons]
    for item in doc.items:
        for body in item.all_bodies():
            people += [(p.name, p.name_span) for b in body.presenter_blocks for p in b.presenters]
    people += [(j.name, j.span) for j in doc.justerare]
    for name, span in people:
        shown = " ".join(name.split())
        if shown:
            shown = sys.intern(shown)  # names recur across documents: one string each
            facts.names.append(Mention(shown, shown, *spanned(span)))
    if has_suppressions(source):
        from .suppression import corpus_scopes

        facts.suppressed = corpus_scopes(source)
    if lines:
        import json  # here, not at the top: a run of one file gathers no facts

        facts.lines = zlib.compress(json.dumps(lines).encode("ascii"))  # ASCII: lone surrogates survive
    return facts


@record
class Report:
    """What a rule found in one document: where, which message, with what values."""

    path: str
    place: Place
    key: str
    values: dict[str, Any]


def check_corpus(
    facts_by_path: Mapping[str, DocumentFacts],
    settings: Settings,
    settings_for: Callable[[str], Settings] | None = None,
) -> list[tuple[Finding, str]]:
    """The VFR9xx findings of a run, each with its baseline context. `settings_for`
    gives a document's own settings (which rules, severities, language, per-file
    ignores apply to its findings); by default `settings` for every document."""
    from .api import _apply_per_file_ignores
    from .checks.corpus import CORPUS_RULES
    from .rule import rule_message
    from .suppression import suppressed as _suppressed

    if len(facts_by_path) < 2:
        return []
    own = settings_for or (lambda _path: settings)
    out: list[tuple[Finding, str]] = []
    texts: tuple[str, dict[int, tuple[str, str]]] = ("", {})  # the last reported document's
    for rule in CORPUS_RULES:
        if not any(own(p).enabled(rule.code) for p in facts_by_path):
            continue
        for r in rule.check_corpus(facts_by_path, own):
            s = own(r.path)
            if not s.enabled(rule.code):
                continue
            pl = r.place
            if texts[0] != r.path:  # a rule reports a document's mentions together
                texts = (r.path, facts_by_path[r.path].line_texts())
            source_line, context = texts[1].get(pl.line, ("", ""))
            finding = Finding(
                r.path, pl.line, pl.column, pl.end_line, pl.end_column, rule.code, rule.name,
                s.severities.get(rule.code, rule.severity), rule_message(rule, r.key, s.language, **r.values),
                None, source_line,
            )
            scopes = facts_by_path[r.path].suppressed
            if scopes and _suppressed(scopes, finding):
                continue
            if _apply_per_file_ignores([finding], r.path, s):
                out.append((finding, context))
    out.sort(key=lambda fc: fc[0].sort_key)
    return out


def levenshtein(a: str, b: str, limit: int | None = None) -> int:
    """Edit distance (insertions, deletions, substitutions). With `limit`, any distance
    above it is returned as limit + 1: only the cells within `limit` of the diagonal
    are computed (a cell further away is more than `limit` already), and it stops as
    soon as a whole row is over the limit."""
    if a == b:
        return 0
    if len(a) < len(b):
        a, b = b, a
    if limit is None:
        previous = list(range(len(b) + 1))
        for i, ca in enumerate(a, 1):
            current = [i]
            for j, cb in enumerate(b, 1):
                current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
            previous = current
        return previous[-1]
    over = limit + 1
    if len(a) - len(b) > limit:
        return over
    # Cells outside the band hold `over`: their true value is at least that, so the
    # band's values are exact up to the limit, and anything above it reads as over.
    previous = [j if j <= limit else over for j in range(len(b) + 1)]
    for i, ca in enumerate(a, 1):
        current = [i if i <= limit else over] + [over] * len(b)
        for j in range(max(1, i - limit), min(len(b), i + limit) + 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != b[j - 1]))
        if min(current) > limit:
            return over
        previous = current
    return min(previous[-1], over)
