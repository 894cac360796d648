"""Applying fixes safely: edits on the stored text, rounds of lint-and-fix, atomic writes.

Edits address the text *as stored* (`Source.original`, 1-based line/column in code
points, end exclusive). They are applied to `original`, so the document keeps its
newline style; content an edit inserts is written with the document's newline.

Two edits conflict when they overlap, or when they start at the same offset (two
insertions at one point, or an insertion at the start of a replaced range: their order
would be arbitrary). An edit may start exactly where another ends.
"""

from __future__ import annotations

import difflib
import os
import re
import stat
import tempfile
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .findings import Applicability, Edit, Finding, Fix
from .source import Source, source_from_text

PARSE_ERROR = "VFR001"

_NEWLINE = re.compile(r"\r\n|\n")


@dataclass(slots=True)
class FixResult:
    text: str  # the final stored text (decoded)
    source: Source  # the final Source
    applied: int  # fixes applied, over all kept rounds
    rounds: int  # rounds kept
    changed: bool  # text differs from the input
    reverted: bool = False  # a round was undone because it added parse errors (VFR001)


# --- positions ----------------------------------------------------------------------------
def _offset(source: Source, line: int, column: int) -> int:
    """1-based (line, column) of `source.original` -> offset.

    A column past the end of a line is clamped to the end of its content, so an edit never
    lands between the CR and LF of a CRLF or spills onto the next line. The end of the
    file is reachable as the position after the last character (what
    `Source.original_position(len(original))` returns) or any line past the last.
    """
    text = source.original
    n = source.line_count
    if line > n:
        return len(text)
    if line < 1:
        return 0
    start = source.original_offset(line, 1)
    raw = start + max(column, 1) - 1
    if line == n and raw >= len(text):
        return len(text)
    return min(raw, start + len(source.original_line(line)))


def _span(source: Source, edit: Edit) -> tuple[int, int] | None:
    start = _offset(source, edit.line, edit.column)
    end = _offset(source, edit.end_line, edit.end_column)
    return (start, end) if start <= end else None


def _with_newline(content: str, newline: str) -> str:
    if "\n" not in content:
        return content
    return _NEWLINE.sub(newline, content)


class _Taken:
    """Accepted spans, pairwise non-conflicting, kept sorted (their starts are distinct)."""

    __slots__ = ("starts", "ends")

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def conflicts(self, start: int, end: int) -> bool:
        i = bisect_left(self.starts, start)
        if i < len(self.starts) and (self.starts[i] == start or self.starts[i] < end):
            return True
        return i > 0 and start < self.ends[i - 1]

    def add(self, start: int, end: int) -> None:
        i = bisect_left(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)


def _conflict(a: tuple[int, int], b: tuple[int, int]) -> bool:
    if a[0] == b[0]:
        return True
    if a[0] > b[0]:
        a, b = b, a
    return b[0] < a[1]


def _splice(text: str, parts: list[tuple[int, int, str]]) -> str:
    """`parts`: non-conflicting (start, end, content)."""
    out: list[str] = []
    last = 0
    for start, end, content in sorted(parts, key=lambda p: (p[0], p[1])):
        out.append(text[last:start])
        out.append(content)
        last = end
    out.append(text[last:])
    return "".join(out)


# --- edits and fixes ----------------------------------------------------------------------
def apply_edits(source: Source, edits: Sequence[Edit]) -> tuple[str, int]:
    """Apply non-overlapping edits (line/column are 1-based positions in source.original,
    end exclusive) to source.original. Edits that overlap an already accepted edit (in
    order of position) are skipped, as are edits whose end lies before their start.
    Returns (new_text, number_applied)."""
    newline = source.newline
    spans = []
    for index, edit in enumerate(edits):
        span = _span(source, edit)
        if span is not None:
            spans.append((span[0], span[1], index))
    spans.sort()
    taken = _Taken()
    parts: list[tuple[int, int, str]] = []
    for start, end, index in spans:
        if taken.conflicts(start, end):
            continue
        taken.add(start, end)
        parts.append((start, end, _with_newline(edits[index].content, newline)))
    return _splice(source.original, parts), len(parts)


def select_fixes(findings: Iterable[Finding], *, unsafe: bool) -> list[Fix]:
    """The fixes to apply: safe ones, plus unsafe ones if unsafe=True. In the order of the
    findings; a fix offered by several findings appears once; fixes without edits are
    dropped."""
    seen: set[Fix] = set()
    fixes: list[Fix] = []
    for finding in findings:
        fix = finding.fix
        if fix is None or not fix.edits:
            continue
        if fix.applicability is not Applicability.SAFE and not unsafe:
            continue
        if fix in seen:
            continue
        seen.add(fix)
        fixes.append(fix)
    return fixes


def _encodable(content: str, encoding: str) -> bool:
    try:
        content.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def apply_fixes(source: Source, fixes: Sequence[Fix]) -> tuple[str, int]:
    """Apply whole fixes to source.original, in order of their first edit's position.
    A fix is skipped as a unit when any of its edits conflicts with an edit already taken,
    when its own edits conflict with each other or are malformed (end before start), or
    when its content cannot be stored in the document's encoding.
    Returns (new_text, number_of_fixes_applied)."""
    newline = source.newline
    candidates = []
    for index, fix in enumerate(fixes):
        spans = []
        for edit in fix.edits:
            span = _span(source, edit)
            if span is None or not _encodable(edit.content, source.encoding):
                break
            spans.append((span[0], span[1], _with_newline(edit.content, newline)))
        else:
            if spans:
                candidates.append((min(s[0] for s in spans), index, spans))
    candidates.sort(key=lambda c: (c[0], c[1]))
    taken = _Taken()
    parts: list[tuple[int, int, str]] = []
    applied = 0
    for _, _, spans in candidates:
        if any(
            _conflict(a[:2], b[:2]) for i, a in enumerate(spans) for b in spans[i + 1 :]
        ) or any(taken.conflicts(s, e) for s, e, _ in spans):
            continue
        for s, e, content in spans:
            taken.add(s, e)
            parts.append((s, e, content))
        applied += 1
    return _splice(source.original, parts), applied


def _parse_errors(findings: Iterable[Finding]) -> int:
    return sum(1 for f in findings if f.code == PARSE_ERROR)


def _redecode(text: str, like: Source) -> Source:
    return source_from_text(
        text,
        like.path,
        encoding=like.encoding,
        bom=like.bom,
        fallback=like.fallback,
        format=like.format,
    )


def fix_text(
    source: Source,
    relint: Callable[[Source], list[Finding]],
    *,
    unsafe: bool,
    max_rounds: int = 10,
) -> FixResult:
    """Repeat: lint, pick fixes, apply them (each Fix whole or not at all), re-decode,
    until no fix changes the text or `max_rounds` rounds were kept. A round that leaves
    more parse errors (VFR001) than before is undone and ends the loop."""
    current = source
    findings = relint(current)
    applied = rounds = 0
    reverted = False
    while rounds < max_rounds:
        fixes = select_fixes(findings, unsafe=unsafe)
        if not fixes:
            break
        new_text, count = apply_fixes(current, fixes)
        if count == 0 or new_text == current.original:
            break
        candidate = _redecode(new_text, current)
        new_findings = relint(candidate)
        if _parse_errors(new_findings) > _parse_errors(findings):
            reverted = True
            break
        current, findings = candidate, new_findings
        applied += count
        rounds += 1
    return FixResult(
        text=current.original,
        source=current,
        applied=applied,
        rounds=rounds,
        changed=current.original != source.original,
        reverted=reverted,
    )


# --- writing ------------------------------------------------------------------------------
def _default_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temp file in the same directory, fsync, copy the original file's
    permission bits, os.replace over the target. On any error remove the temp file and
    re-raise. The target is never left half-written. A symlink is followed: the file it
    points to is replaced, the link stays."""
    target = Path(os.path.realpath(path))
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        mode = _default_mode()
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".vfr-tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    _fsync_directory(target.parent)


def _fsync_directory(directory: Path) -> None:
    """Make the rename durable; not possible everywhere (e.g. Windows), so best effort."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


# --- diff ---------------------------------------------------------------------------------
_LINES = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def _split_lines(text: str) -> list[str]:
    """Lines with their endings (CRLF kept whole); only CR/LF break lines, unlike
    str.splitlines, which also breaks at form feeds, U+2028 and the like."""
    return _LINES.findall(text)


def unified_diff(path: str, before: str, after: str) -> str:
    """difflib unified diff with ---/+++ a/path b/path headers. Line endings (CRLF) are
    kept in the body; a last line without a newline is marked as in `diff -u`."""
    out: list[str] = []
    for line in difflib.unified_diff(
        _split_lines(before),
        _split_lines(after),
        fromfile=f"a/{path}",
        tofile=f"b/{path}",
        lineterm="\n",
    ):
        if line.endswith("\n"):
            out.append(line)
        elif line.endswith("\r"):
            out.append(line + "\n")  # old Mac line end: keep it, end the diff line
        else:
            out.append(line + "\n\\ No newline at end of file\n")
    return "".join(out)
