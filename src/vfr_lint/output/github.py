"""`github`: GitHub Actions workflow commands, which show as annotations on the PR:

    ::error file=a.txt,line=3,col=1,endLine=3,endColumn=9,title=VFR304 name::message

Escaping follows @actions/core (escapeData / escapeProperty).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vfr_lint.findings import Finding, Severity

if TYPE_CHECKING:
    from . import Options

COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(f: Finding) -> str:
    props = {
        "file": f.path,
        "line": f.line,
        "col": f.column,
        "endLine": f.end_line,
        "endColumn": f.end_column,
        "title": f"{f.code} {f.name}",
    }
    joined = ",".join(f"{k}={escape_property(str(v))}" for k, v in props.items())
    return f"::{COMMAND[Severity(f.severity)]} {joined}::{escape_data(f.message)}"


def render(findings: list[Finding], opts: Options) -> str:
    return "".join(command(f) + "\n" for f in findings)
