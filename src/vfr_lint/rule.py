"""What a rule is, and the context it runs in.

A rule is a class with a code, a name, a default severity, messages in Swedish and
English, and one generator `check(doc, ctx)` that yields findings. Its docstring is the
user documentation (`vfr-lint rule CODE`): what it does, why, failing and passing
examples, fix safety. A rule never reads files, formats positions or writes output:
`ctx.finding()` and `ctx.edit()` do that.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, ClassVar

from .findings import Applicability, Edit, Finding, Fix, Severity

if TYPE_CHECKING:
    from .ast import Document, Span
    from .checks.facts import Facts
    from .profile import Profile
    from .source import Source



class Rule:
    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity]
    opt_in: ClassVar[bool] = False
    fix: ClassVar[Applicability | None] = None
    # message key -> (Swedish, English); str.format fields filled by ctx.finding().
    messages: ClassVar[dict[str, tuple[str, str]]] = {}
    # Per-rule options a user may set in config ([tool.vfr-lint.rules.<name>]): name -> default.
    options: ClassVar[dict[str, Any]] = {}
    # The values an option accepts, checked by the framework when config is read.
    option_choices: ClassVar[dict[str, tuple[Any, ...]]] = {}

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        raise NotImplementedError

    # ---- documentation --------------------------------------------------------------------
    @classmethod
    def doc(cls) -> str:
        import inspect  # only when documentation is asked for: a costly import

        return inspect.cleandoc(cls.__doc__ or "")

    @classmethod
    def summary(cls) -> str:
        return cls.doc().split("\n", 1)[0].strip()

    @classmethod
    def url(cls) -> str:
        """Where the rule's documentation is: docs/rules.md, shipped with vfr-lint."""
        from .resources import docs_uri

        return f"{docs_uri()}#{cls.code.lower()}"


def rule_message(rule: Rule | type[Rule], key: str, language: str, **values: Any) -> str:
    sv, en = rule.messages[key]
    return (en if language == "en" else sv).format(**values)


class Context:
    """What a rule may use while it checks one document."""

    __slots__ = ("source", "profile", "language", "severities", "options", "_facts")

    def __init__(
        self,
        source: Source,
        profile: Profile,
        language: str = "sv",
        severities: dict[str, Severity] | None = None,
        options: dict[str, dict[str, Any]] | None = None,
    ):
        self.source = source
        self.profile = profile
        self.language = language
        self.severities = {} if severities is None else severities
        self.options = {} if options is None else options
        self._facts: Facts | None = None

    def facts(self, doc: Document) -> Facts:
        """What several rules derive from `doc`, worked out once (see checks/facts.py)."""
        facts = self._facts
        if facts is None or facts.doc is not doc:
            from .checks.facts import Facts

            facts = self._facts = Facts(doc, self.source, self.profile)
        return facts

    def option(self, rule: Rule, key: str) -> Any:
        return self.options.get(rule.code, {}).get(key, rule.options.get(key))

    def message(self, rule: Rule, key: str, **values: Any) -> str:
        return rule_message(rule, key, self.language, **values)

    def _positions(self, start: int, end: int, original: bool) -> tuple[int, int, int, int]:
        src = self.source
        if original:  # offsets into the stored text itself
            line, col = src.original_position(start)
            end_line, end_col = src.original_position(end) if end > start else (line, col)
        else:
            line, col = src.position(start)
            end_line, end_col = src.end_position(start, end) if end > start else (line, col)
        return line, col, end_line, end_col

    def edit(self, start: int, end: int, content: str, *, original: bool = False) -> Edit:
        """An edit of the text range [start, end) — of the normalised text, or of the
        stored text with original=True — expressed on the stored file."""
        return Edit(*self._positions(start, end, original), content)

    def finding(
        self,
        rule: Rule,
        span: Span | tuple[int, int],
        key: str,
        *,
        fix: list[Edit] | None = None,
        fix_message: str = "",
        original: bool = False,
        **values: Any,
    ) -> Finding:
        """A finding at `span` (normalised offsets; stored-text offsets with original=True)."""
        start, end = (span.start, span.end) if not isinstance(span, tuple) else span
        src = self.source
        line, col, end_line, end_col = self._positions(start, end, original)
        fix_obj = None
        if fix:
            fix_obj = Fix(rule.fix or Applicability.SAFE, tuple(fix), fix_message)
        sv, en = rule.messages[key]  # rule_message(), inlined: this runs for every finding
        # Positional arguments, in Finding's field order: cheaper than keywords.
        return Finding(
            src.path,
            line,
            col,
            end_line,
            end_col,
            rule.code,
            rule.name,
            self.severities.get(rule.code, rule.severity),
            (en if self.language == "en" else sv).format(**values),
            fix_obj,
            src.original_line(line) if line <= src.line_count else "",
        )
