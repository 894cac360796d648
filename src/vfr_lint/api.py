"""The library API the CLI, the pre-commit hook and the language server share.

    lint_text(text, path, settings) -> list[Finding]
    lint_path(path, settings) -> list[Finding]

Data flows one way: bytes -> Source -> Document (parsed, see parser.py) -> rules -> findings.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from .findings import Finding, Severity
from .rule import Context, Rule, rule_message
from .source import Source, UnreadableError, read_source, source_from_bytes, source_from_text

DEFAULT_MAX_FILE_SIZE = 10_000_000


class RuleCrash(Exception):
    """A rule raised: a bug in vfr-lint or a plugin, reported without a traceback."""

    def __init__(self, rule: type[Rule], path: str, exc: BaseException):
        super().__init__(f"rule {rule.code} ({rule.name}) failed on {path}: {type(exc).__name__}: {exc}")
        self.rule, self.path, self.exc = rule, path, exc


class Settings:
    """Everything that decides what a lint run reports (resolved from config + CLI).
    A plain class: a dataclass costs the cold start about 1 ms to define."""

    __slots__ = ("profile", "rules", "language", "severities", "options", "per_file_ignores", "max_file_size", "root",
                 "_instances")

    def __init__(
        self,
        profile: Any,  # profile.Profile
        rules: list[type[Rule]],
        language: str = "sv",
        severities: dict[str, Severity] | None = None,
        options: dict[str, dict[str, Any]] | None = None,
        per_file_ignores: dict[str, list[str]] | None = None,
        max_file_size: int = DEFAULT_MAX_FILE_SIZE,
        root: Path | None = None,  # where per-file-ignores globs are relative to
        _instances: list[Rule] | None = None,
    ):
        self.profile, self.rules, self.language = profile, rules, language
        self.severities = {} if severities is None else severities
        self.options = {} if options is None else options
        self.per_file_ignores = {} if per_file_ignores is None else per_file_ignores
        self.max_file_size, self.root, self._instances = max_file_size, root, _instances

    @property
    def rule_instances(self) -> list[Rule]:
        if self._instances is None:
            self._instances = [r() for r in self.rules]
        return self._instances

    def enabled(self, code: str) -> bool:
        return any(r.code == code for r in self.rules)


def default_settings(**overrides: Any) -> Settings:
    from .profile import DEFAULT_PROFILE, load_profile
    from .registry import select_rules

    overrides.setdefault("profile", load_profile(DEFAULT_PROFILE))
    overrides.setdefault("rules", select_rules())
    return Settings(**overrides)


def parse_document(source: Source, organisations: list[str]):
    """Source -> Document, with the parser's recovery problems as parse issues."""
    from .ast import ParseIssue, Span
    from .builder import empty_document
    from .parser import parse

    doc, problems = parse(source, organisations)
    if doc is None:
        doc = empty_document(source)
    for p in problems:
        doc.parse_issues.append(ParseIssue(Span(p.offset, p.end, source.line_of(p.offset)), p.message))
    doc.parse_issues.sort(key=lambda i: i.span.start)
    return doc


def lint_source(
    source: Source,
    settings: Settings,
    on_rule_error: Callable[[RuleCrash], None] | None = None,
) -> list[Finding]:
    return lint_document(source, settings, on_rule_error)[0]


def lint_document(
    source: Source,
    settings: Settings,
    on_rule_error: Callable[[RuleCrash], None] | None = None,
) -> tuple[list[Finding], Any]:
    """The findings and the parsed Document (for facts across documents, corpus.py)."""
    doc = parse_document(source, settings.profile.organisations)
    ctx = Context(source, settings.profile, settings.language, settings.severities, settings.options)
    empty = not source.text.strip()
    findings: list[Finding] = []
    for rule in settings.rule_instances:
        if empty and rule.code != "VFR001" and rule.code != "VFR002":
            continue  # an empty document gets one clear finding, not one per section
        try:
            findings.extend(rule.check(doc, ctx))
        except Exception as exc:  # noqa: BLE001 - one broken rule must not hide the others
            crash = RuleCrash(type(rule), source.path, exc)
            if on_rule_error is None:
                raise crash from exc
            on_rule_error(crash)
    if has_suppressions(source):
        from .suppression import apply_suppressions  # loaded only for the few that need it

        findings = apply_suppressions(findings, source, settings)
    findings = _apply_per_file_ignores(findings, source.path, settings)
    findings.sort(key=lambda f: f.sort_key)
    return findings, doc


def has_suppressions(source: Source) -> bool:
    """Could the document hold suppression comments? Only Markdown has comment syntax."""
    return source.format == "markdown" and "vfr-lint" in source.original


def lint_text(
    text: str,
    path: str = "-",
    settings: Settings | None = None,
    on_rule_error: Callable[[RuleCrash], None] | None = None,
) -> list[Finding]:
    settings = settings or default_settings()
    return lint_source(source_from_text(text, path), settings, on_rule_error)


def unreadable_finding(path: str, reason: str, settings: Settings) -> list[Finding]:
    from .checks.reading import Unreadable

    if not settings.enabled(Unreadable.code):
        return []
    rule = Unreadable()
    return [
        Finding(
            path, 1, 1, 1, 1, rule.code, rule.name,
            settings.severities.get(rule.code, rule.severity),
            rule_message(rule, "unreadable", settings.language, reason=reason),
        )
    ]


def read(path: str | Path, settings: Settings, display_path: str | None = None) -> Source:
    return read_source(path, display_path=display_path, max_bytes=settings.max_file_size)


def lint_path(
    path: str | Path,
    settings: Settings,
    display_path: str | None = None,
    on_rule_error: Callable[[RuleCrash], None] | None = None,
) -> list[Finding]:
    shown = display_path or str(path)
    try:
        source = read(path, settings, shown)
    except UnreadableError as exc:
        return unreadable_finding(shown, str(exc), settings)
    return lint_source(source, settings, on_rule_error)


def lint_bytes(data: bytes, path: str, settings: Settings, on_rule_error=None) -> list[Finding]:
    if len(data) > settings.max_file_size:
        return unreadable_finding(path, f"larger than the size limit ({settings.max_file_size} bytes)", settings)
    try:
        source = source_from_bytes(data, path)
    except UnreadableError as exc:
        return unreadable_finding(path, str(exc), settings)
    return lint_source(source, settings, on_rule_error)


def _apply_per_file_ignores(findings: list[Finding], path: str, settings: Settings) -> list[Finding]:
    if not settings.per_file_ignores or not findings:
        return findings
    rel = path
    if settings.root is not None:
        try:
            rel = str(Path(path).resolve().relative_to(settings.root.resolve()))
        except (ValueError, OSError):
            rel = path
    ignored: list[str] = []
    for pattern, selectors in settings.per_file_ignores.items():
        if fnmatch.fnmatch(rel, pattern) or fnmatch.fnmatch(Path(rel).name, pattern):
            ignored.extend(selectors)
    if not ignored:
        return findings
    return [f for f in findings if not _selected(f, ignored)]


def _selected(f: Finding, selectors: Iterable[str]) -> bool:
    for s in selectors:
        if s.upper() == "ALL" or f.code.startswith(s.upper()) or f.name == s:
            return True
    return False
