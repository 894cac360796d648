"""Output formats: `render(findings, fmt, ...)` turns sorted findings into one string.

Each format lives in its own module, imported only when asked for, so that importing
this package (as the CLI does on every run) stays cheap.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import Protocol

from vfr_lint.findings import Finding, Severity

FORMATS = ("full", "concise", "text", "json", "json-lines", "sarif", "github", "junit")
# The formats that read `Options.rules`: the others need not be given the rules (building
# their infos, with every rule's documentation, costs a cold run some 9 ms).
RULE_FORMATS = frozenset({"sarif"})

# format name -> module in this package; each module defines render(findings, opts) -> str
_MODULES = {
    "full": "full",
    "concise": "concise",
    "text": "concise",
    "json": "json_format",
    "json-lines": "json_format",
    "sarif": "sarif",
    "github": "github",
    "junit": "junit",
}


class RuleInfo(Protocol):
    """What the output formats need to know about a rule (read-only, so frozen
    dataclasses and plain objects both fit)."""

    @property
    def code(self) -> str: ...  # "VFR304"
    @property
    def name(self) -> str: ...  # "justerare-not-present"
    @property
    def severity(self) -> Severity: ...
    @property
    def summary(self) -> str: ...  # one line
    @property
    def doc(self) -> str: ...  # full markdown, may be ""
    @property
    def url(self) -> str: ...  # help URI


class Options:
    """Everything besides the findings that a format may use. Read-only by convention;
    a plain class: a dataclass costs the cold start about 1 ms."""

    __slots__ = ("fmt", "rules", "color", "show_fixes", "sources")

    def __init__(
        self,
        fmt: str,
        rules: Sequence[RuleInfo] = (),
        color: bool = False,
        show_fixes: bool = False,
        sources: dict[str, str] | None = None,
    ):
        self.fmt, self.rules, self.color, self.show_fixes = fmt, rules, color, show_fixes
        self.sources = {} if sources is None else sources


def render(
    findings: list[Finding],
    fmt: str,
    *,
    rules: list[RuleInfo],
    color: bool = False,
    show_fixes: bool = False,
    sources: dict[str, str] | None = None,
) -> str:
    """Return the whole output as one string (the CLI writes it to stdout).

    Non-empty output ends with a newline; line formats with no findings return "".
    """
    if fmt not in _MODULES:
        raise ValueError(f"unknown output format {fmt!r}; choose from {', '.join(FORMATS)}")
    module = importlib.import_module(f"{__name__}.{_MODULES[fmt]}")
    opts = Options(fmt, tuple(rules), color, show_fixes, sources or {})
    return module.render(findings, opts)


__all__ = ["FORMATS", "RULE_FORMATS", "Options", "RuleInfo", "render"]
