"""`full`: the one-line header, then the source line with a gutter and carets under the
span, then a `help:` line for a fix (and, with show_fixes, the changed lines as a diff).

    minutes/a.txt:13:8: VFR205 [error] Mötet anges med två olika datum: ...
       |
    13 | Datum: 2025-04-25
       |        ^^^^^^^^^^
       |
    help: Använd 2025-04-24 (unsafe fix)
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

from vfr_lint.findings import Finding, Fix, Severity

from .concise import BOLD, SEVERITY_COLOR, header, paint

if TYPE_CHECKING:
    from . import Options

GUTTER = "\x1b[1;34m"  # bold blue
_NEWLINE = re.compile(r"\r\n|\r|\n")  # the linter's line breaks (str.splitlines knows more)
TAB = "    "


def split_lines(text: str) -> list[str]:
    return _NEWLINE.split(text.removeprefix("\ufeff"))


def _shown(ch: str) -> str:
    """How one character of the stored line is drawn: tabs expanded, invisibles named."""
    if ch == "\t":
        return TAB
    cat = unicodedata.category(ch)
    if cat in ("Cc", "Cf", "Zl", "Zp"):
        return f"<U+{ord(ch):04X}>"
    return ch


def _cells(c: str) -> int:
    if unicodedata.category(c) in ("Mn", "Me"):  # combining marks, e.g. a decomposed å
        return 0
    return 2 if unicodedata.east_asian_width(c) in "WF" else 1


def _width(text: str) -> int:
    """Terminal cells taken by already-shown text."""
    return sum(_cells(c) for c in text)


def show(text: str) -> str:
    return "".join(_shown(c) for c in text)


def snippet(f: Finding, lines: list[str], color: bool) -> list[str]:
    """Gutter, source line and carets; [] when the line is not in the source."""
    if not 1 <= f.line <= len(lines):
        return []
    text = lines[f.line - 1]
    start = min(max(f.column, 1), len(text) + 1) - 1
    end = f.end_column - 1 if f.end_line == f.line else len(text)
    end = min(max(end, start), len(text))
    pad = _width(show(text[:start]))
    carets = max(1, _width(show(text[start:end])))
    number = str(f.line)
    bar = paint(" " * len(number) + " |", GUTTER, color)
    return [
        bar,
        f"{paint(number + ' |', GUTTER, color)} {show(text)}".rstrip(),
        f"{bar} {' ' * pad}{paint('^' * carets, SEVERITY_COLOR[Severity(f.severity)], color)}",
        bar,
    ]


def _offset(lines: list[str], first: int, line: int, column: int) -> int:
    """Offset of (line, column) in "\\n".join(lines[first - 1:])."""
    line = min(max(line, first), len(lines))
    before = sum(len(s) + 1 for s in lines[first - 1 : line - 1])
    return before + min(max(column, 1) - 1, len(lines[line - 1]))


def diff(fix: Fix, lines: list[str], color: bool) -> list[str]:
    """The lines a fix touches, before (-) and after (+)."""
    if not fix.edits or not lines:
        return []
    first = max(1, min(e.line for e in fix.edits))
    last = min(len(lines), max(e.end_line for e in fix.edits))
    if first > last:
        return []
    old = "\n".join(lines[first - 1 : last])
    new = old
    for e in sorted(fix.edits, key=lambda e: (e.line, e.column), reverse=True):
        a = _offset(lines, first, e.line, e.column)
        b = max(a, _offset(lines, first, e.end_line, e.end_column))
        new = new[:a] + _NEWLINE.sub("\n", e.content) + new[b:]
    width = len(str(last))
    out = [
        paint(f"{n:>{width}} - ", GUTTER, color) + show(s)
        for n, s in enumerate(old.split("\n"), first)
    ]
    out += [paint(f"{'':>{width}} + ", GUTTER, color) + show(s) for s in new.split("\n")]
    return out


def render(findings: list[Finding], opts: Options) -> str:
    split: dict[str, list[str]] = {}
    blocks = []
    for f in findings:
        block = [header(f, opts.color)]
        lines = None
        if f.path in opts.sources:
            if f.path not in split:
                split[f.path] = split_lines(opts.sources[f.path])
            lines = split[f.path]
            block += snippet(f, lines, opts.color)
        if f.fix is not None:
            message = f.fix.message or "fix available"
            kind = f"{f.fix.applicability.value} fix"
            block.append(f"{paint('help:', BOLD, opts.color)} {message} ({kind})")
            if opts.show_fixes and lines:
                block += diff(f.fix, lines, opts.color)
        blocks.append("\n".join(block) + "\n")
    return "\n".join(blocks)
