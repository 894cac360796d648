"""`concise` / `text`: one line per finding, `path:line:column: CODE [severity] message`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from vfr_lint.findings import Finding, Severity

if TYPE_CHECKING:
    from . import Options

RESET = "\x1b[0m"
BOLD = "\x1b[1m"
SEVERITY_COLOR = {
    Severity.ERROR: "\x1b[1;31m",  # bold red
    Severity.WARNING: "\x1b[1;33m",  # bold yellow
    Severity.INFO: "\x1b[1;36m",  # bold cyan
}


def paint(text: str, style: str, color: bool) -> str:
    return f"{style}{text}{RESET}" if color else text


def header(f: Finding, color: bool = False) -> str:
    """The one-line form of a finding, optionally with ANSI colour."""
    severity = Severity(f.severity)
    location = paint(f"{f.path}:{f.line}:{f.column}:", BOLD, color)
    code = paint(f.code, SEVERITY_COLOR[severity], color)
    label = paint(f"[{severity.value}]", SEVERITY_COLOR[severity], color)
    return f"{location} {code} {label} {f.message}"


def render(findings: list[Finding], opts: Options) -> str:
    return "".join(header(f, opts.color) + "\n" for f in findings)
