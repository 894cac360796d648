"""Suppression comments in Markdown minutes, applied after the rules ran.

    <!-- vfr-lint: disable=VFR505 -- reason -->        ... up to ...
    <!-- vfr-lint: enable -->                          (or enable=VFR505)
    <!-- vfr-lint: disable-next-line=VFR505,VFR503 --> the line after the comment
    <!-- vfr-lint: disable-file=VFR101 -->             the whole file

Codes may be full codes, prefixes (`VFR5`) or rule names; `disable` without codes
means every rule. A finding is suppressed when the line it starts on is covered.
Comments are read from `Source.original` (the normalised text has them blanked).
Plain text has no comment syntax: there, `per-file-ignores` in the config is the way.

Suppressions that suppress nothing are reported as VFR010 (checks/suppressions.py).
The checks across documents (VFR9xx) run after every document has been linted: their
findings are suppressed by the same comments (`corpus_scopes`, kept in the document's
facts), and a selector that names one of them is never reported as unused, since
whether it is used depends on the other documents of the run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .findings import Applicability, Edit, Finding, Fix
from .rule import rule_message

if TYPE_CHECKING:
    from .api import Settings
    from .source import Source

_COMMENT = re.compile(r"<!--(.*?)-->", re.S)
_HEAD = re.compile(r"\s*vfr-lint\s*:\s*(.*?)\s*\Z", re.S | re.I)
_DIRECTIVE = re.compile(r"([a-z-]+)\s*(?:=\s*(.*))?\Z", re.S)
_REASON = re.compile(r"\s--(?:\s|\Z)")
KINDS = ("disable", "enable", "disable-next-line", "disable-file")
ALL = "ALL"
SELF = ("VFR010", "unused-suppression")


@dataclass(eq=False)
class Directive:
    kind: str
    selectors: tuple[str, ...]  # (ALL,) when no codes are given
    reason: str
    start: int  # offsets of the comment in Source.original
    end: int
    line: int
    end_line: int
    valid: bool = True
    used: set[str] = field(default_factory=set)


@dataclass(frozen=True, eq=False)
class _Scope:
    directive: Directive
    selector: str
    first: int  # covered lines, inclusive
    last: float


def _selectors(text: str | None) -> tuple[str, ...]:
    if not text:
        return (ALL,)
    parts = [p for p in re.split(r"[\s,]+", text) if p]
    return tuple(parts) or (ALL,)


def parse_directives(source: Source) -> list[Directive]:
    text = source.original
    out: list[Directive] = []
    for m in _COMMENT.finditer(text):
        head = _HEAD.match(m.group(1))
        if head is None:
            continue
        body = head.group(1)
        reason = ""
        sep = _REASON.search(body)
        if sep:
            body, reason = body[: sep.start()].strip(), body[sep.end() :].strip()
        line = source.original_position(m.start())[0]
        end_line = source.original_position(m.end() - 1)[0]
        d = _DIRECTIVE.match(body)
        kind = d.group(1).lower() if d else body
        if d is None or kind not in KINDS:
            out.append(Directive(body, (), reason, m.start(), m.end(), line, end_line, valid=False))
            continue
        out.append(Directive(kind, _selectors(d.group(2)), reason, m.start(), m.end(), line, end_line))
    return out


def matches(selector: str, code: str, name: str) -> bool:
    s = selector.strip()
    return s.upper() == ALL or code.startswith(s.upper()) or name == s.lower()


def _closes(enable: str, selector: str, known: list[tuple[str, str]]) -> bool:
    """Does `enable=<enable>` end a region opened by `disable=<selector>`? It does when
    it names every rule the selector names (`enable=VFR5` ends `disable=VFR505`, and
    `enable=VFR505` ends `disable=role-capitalization`)."""
    if enable.upper() in (ALL, selector.upper()):
        return True
    covered = {c for c, n in known if matches(selector, c, n)}
    return bool(covered) and all(matches(enable, c, n) for c, n in known if c in covered)


def _scopes(directives: list[Directive], known: list[tuple[str, str]]) -> tuple[list[_Scope], list[Directive]]:
    """The covered line ranges, and the `enable` comments that closed nothing."""
    scopes: list[_Scope] = []
    open_: list[tuple[Directive, str]] = []
    unmatched: list[Directive] = []
    for d in directives:
        if not d.valid:
            continue
        if d.kind == "disable-file":
            scopes.extend(_Scope(d, s, 1, float("inf")) for s in d.selectors)
        elif d.kind == "disable-next-line":
            scopes.extend(_Scope(d, s, d.end_line + 1, d.end_line + 1) for s in d.selectors)
        elif d.kind == "disable":
            open_.extend((d, s) for s in d.selectors)
        else:  # enable
            closing = [(o, s) for o, s in open_ if any(_closes(e, s, known) for e in d.selectors)]
            if not closing:
                unmatched.append(d)
            for o, s in closing:
                open_.remove((o, s))
                scopes.append(_Scope(o, s, o.line, d.line))
    scopes.extend(_Scope(o, s, o.line, float("inf")) for o, s in open_)
    return scopes, unmatched


def apply_suppressions(findings: list[Finding], source: Source, settings: Settings) -> list[Finding]:
    """Drop suppressed findings; add VFR010 findings for suppressions that did nothing."""
    from .api import has_suppressions

    if not has_suppressions(source):
        return findings
    directives = parse_directives(source)
    if not directives:
        return findings
    from .registry import all_rules

    known = [(r.code, r.name) for r in all_rules()]
    scopes, unmatched = _scopes(directives, known)

    kept: list[Finding] = []
    for f in findings:
        hit = False
        for sc in scopes:
            if sc.first <= f.line <= sc.last and matches(sc.selector, f.code, f.name):
                sc.directive.used.add(sc.selector)
                hit = True
        if not hit:
            kept.append(f)

    from .checks.suppressions import UnusedSuppression

    if not settings.enabled(UnusedSuppression.code):
        return kept
    reports = _unused(directives, unmatched, known, source, settings)
    # A VFR010 finding is switched off only by naming the rule, never by a prefix or
    # a bare `disable`, which would let a suppression hide its own report.
    for f in reports:
        if not any(sc.first <= f.line <= sc.last and sc.selector.upper() in (s.upper() for s in SELF) for sc in scopes):
            kept.append(f)
    return kept


def _unused(
    directives: list[Directive], unmatched: list[Directive], known: list[tuple[str, str]], source: Source, settings: Settings
) -> list[Finding]:
    from .checks.suppressions import UnusedSuppression as rule

    enabled = [(r.code, r.name) for r in settings.rules]
    lang = settings.language
    out: list[Finding] = []

    def report(d: Directive, key: str, fix: Fix | None = None, **values) -> None:
        line, col = source.original_position(d.start)
        end_line, end_col = source.original_position(d.end)
        out.append(
            Finding(
                source.path, line, col, end_line, end_col, rule.code, rule.name,
                settings.severities.get(rule.code, rule.severity),
                rule_message(rule, key, lang, **values), fix,
                source_line=source.original_line(line),
            )
        )

    for d in directives:
        if not d.valid:
            report(d, "invalid", directive=d.kind)
            continue
        if d.kind == "enable":
            if d in unmatched:
                report(d, "unmatched_enable", _remove(d, source, lang))
            continue
        unknown = [s for s in d.selectors if not any(matches(s, c, n) for c, n in known)]
        unused = [
            s for s in d.selectors
            if s not in d.used and s not in unknown and any(matches(s, c, n) for c, n in enabled)
            and not _names_corpus_rule(s)
        ]
        drop = unknown + unused
        if not drop:
            continue
        keep = [s for s in d.selectors if s not in drop]
        shown = ", ".join(rule_message(rule, "all", lang) if s.upper() == ALL else s for s in drop)
        fix = _remove(d, source, lang) if not keep else _trim(d, keep, shown, source, lang)
        for s in unknown:
            report(d, "unknown", fix, selector=s)
        if unused:
            names = ", ".join(rule_message(rule, "all", lang) if s.upper() == ALL else s for s in unused)
            report(d, "unused", fix, codes=names)
    return out


def _corpus_rules() -> list[tuple[str, str]]:
    from .checks.corpus import CORPUS_RULES

    return [(r.code, r.name) for r in CORPUS_RULES]


def _names_corpus_rule(selector: str) -> bool:
    """Does the selector name a check across documents (`VFR903`, `VFR9`,
    `duplicate-dnr`)? A bare `disable` (all rules) does not count: it is reported as
    unused when it hides nothing in its own document."""
    return selector.upper() != ALL and any(matches(selector, c, n) for c, n in _corpus_rules())


def corpus_scopes(source: Source) -> list[tuple[str, int, int | None]]:
    """(selector, first line, last line or None for the end) of each suppression in the
    document that could hide a finding across documents (VFR9xx)."""
    from .api import has_suppressions

    if not has_suppressions(source):
        return []
    directives = parse_directives(source)
    if not directives:
        return []
    from .registry import all_rules

    scopes, _unmatched = _scopes(directives, [(r.code, r.name) for r in all_rules()])
    corpus = _corpus_rules()
    return [
        (sc.selector, sc.first, None if sc.last == float("inf") else int(sc.last))
        for sc in scopes
        if any(matches(sc.selector, c, n) for c, n in corpus)
    ]


def suppressed(scopes: list[tuple[str, int, int | None]], finding: Finding) -> bool:
    """Is the finding (across documents) hidden by one of `corpus_scopes`?"""
    return any(
        first <= finding.line and (last is None or finding.line <= last) and matches(selector, finding.code, finding.name)
        for selector, first, last in scopes
    )


def _edit(source: Source, start: int, end: int, content: str) -> Edit:
    line, col = source.original_position(start)
    if end >= len(source.original):
        end_line, end_col = source.line_count + 1, 1
    else:
        end_line, end_col = source.original_position(end)
    return Edit(line, col, end_line, end_col, content)


def _remove(d: Directive, source: Source, lang: str) -> Fix:
    """Delete the comment; its whole line(s) when nothing else stands on them."""
    from .checks.suppressions import UnusedSuppression as rule

    text = source.original
    line_start = text.rfind("\n", 0, d.start) + 1
    nl = text.find("\n", d.end)
    line_end = len(text) if nl < 0 else nl + 1
    if not text[line_start : d.start].strip() and not text[d.end : line_end].strip():
        edit = _edit(source, line_start, line_end, "")
    else:
        edit = _edit(source, d.start, d.end, "")
    return Fix(Applicability.SAFE, (edit,), rule_message(rule, "remove", lang))


def _trim(d: Directive, keep: list[str], shown: str, source: Source, lang: str) -> Fix:
    from .checks.suppressions import UnusedSuppression as rule

    reason = f" -- {d.reason}" if d.reason else ""
    comment = f"<!-- vfr-lint: {d.kind}={','.join(keep)}{reason} -->"
    return Fix(Applicability.SAFE, (_edit(source, d.start, d.end, comment),), rule_message(rule, "trim", lang, codes=shown))
