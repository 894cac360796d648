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

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .findings import Finding

if TYPE_CHECKING:
    from .api import Settings
    from .ast import Document, Span
    from .source import Source

CORPUS_CODES = ("VFR901", "VFR902", "VFR903")


@dataclass(frozen=True, slots=True)
class Place:
    """A position in the stored file (1-based, end exclusive), its line's text, and
    the baseline context of a finding there."""

    line: int
    column: int
    end_line: int
    end_column: int
    source_line: str = ""
    context: str = ""

    def to_json(self) -> list:
        return [self.line, self.column, self.end_line, self.end_column, self.source_line, self.context]

    @classmethod
    def from_json(cls, data: list) -> Place:
        line, column, end_line, end_column, source_line, context = data
        return cls(int(line), int(column), int(end_line), int(end_column), str(source_line), str(context))


@dataclass(frozen=True, slots=True)
class Mention:
    """A value at a place: an ISO date, a Dnr, a name. `text` is how it is written."""

    value: str
    text: str
    place: Place

    def to_json(self) -> list:
        return [self.value, self.text, self.place.to_json()]

    @classmethod
    def from_json(cls, data: list) -> Mention:
        value, text, place = data
        return cls(str(value), str(text), Place.from_json(place))


@dataclass(slots=True)
class DocumentFacts:
    body: str
    meeting: str | None = None  # ISO date
    previous: list[Mention] = field(default_factory=list)  # previous minutes referred to
    dnr: list[Mention] = field(default_factory=list)
    names: list[Mention] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "body": self.body,
            "meeting": self.meeting,
            "previous": [m.to_json() for m in self.previous],
            "dnr": [m.to_json() for m in self.dnr],
            "names": [m.to_json() for m in self.names],
        }

    @classmethod
    def from_json(cls, data: dict) -> DocumentFacts:
        meeting = data["meeting"]
        return cls(
            body=str(data["body"]),
            meeting=str(meeting) if meeting is not None else None,
            previous=[Mention.from_json(m) for m in data["previous"]],
            dnr=[Mention.from_json(m) for m in data["dnr"]],
            names=[Mention.from_json(m) for m in data["names"]],
        )


def wanted(settings: Settings) -> bool:
    """Whether any cross-document rule is selected (facts are gathered only then)."""
    return any(settings.enabled(code) for code in CORPUS_CODES)


def document_facts(doc: Document, source: Source, settings: Settings) -> DocumentFacts:
    from .baseline import finding_context
    from .checks.header import dnr_values, meeting_date
    from .dates import find_reference_dates

    text = source.text

    def place(start: int, end: int) -> Place:
        line, column = source.position(start)
        end_line, end_column = source.end_position(start, end) if end > start else (line, column)
        stored = source.original_line(line) if line <= source.line_count else ""
        probe = Finding(source.path, line, column, end_line, end_column, "", "", None, "")  # type: ignore[arg-type]
        return Place(line, column, end_line, end_column, stored, finding_context(source, probe))

    def spanned(span: Span) -> Place:
        return place(span.start, span.end)

    meeting = meeting_date(doc, text)
    facts = DocumentFacts(body=settings.profile.body, meeting=meeting.isoformat() if meeting else None)
    for item in doc.items:
        section = settings.profile.section_of(item.title)
        if section is None or section.key != "previous":
            continue
        start, end = item.title_span.start, item.title_span.end
        for d, s, e in find_reference_dates(text[start:end]):
            if d is not None:
                facts.previous.append(Mention(d.isoformat(), text[start + s : start + e], place(start + s, start + e)))
    for value, start, end in dnr_values(doc, text):
        facts.dnr.append(Mention(" ".join(value.split()), value, place(start, end)))
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
            facts.names.append(Mention(shown, shown, spanned(span)))
    return facts


@dataclass(frozen=True, slots=True)
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

    if len(facts_by_path) < 2:
        return []
    own = settings_for or (lambda _path: settings)
    out: list[tuple[Finding, str]] = []
    for rule in CORPUS_RULES:
        if not any(own(p).enabled(rule.code) for p in facts_by_path):
            continue
        for r in rule.check_corpus(facts_by_path, own):
            s = own(r.path)
            if not s.enabled(rule.code):
                continue
            pl = r.place
            finding = Finding(
                r.path, pl.line, pl.column, pl.end_line, pl.end_column, rule.code, rule.name,
                s.severities.get(rule.code, rule.severity), rule_message(rule, r.key, s.language, **r.values),
                None, pl.source_line,
            )
            if _apply_per_file_ignores([finding], r.path, s):
                out.append((finding, pl.context))
    out.sort(key=lambda fc: fc[0].sort_key)
    return out


def levenshtein(a: str, b: str, limit: int | None = None) -> int:
    """Edit distance (insertions, deletions, substitutions). With `limit`, any distance
    above it is returned as limit + 1 (stops early)."""
    if a == b:
        return 0
    if len(a) < len(b):
        a, b = b, a
    if limit is not None and len(a) - len(b) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if limit is not None and min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]
