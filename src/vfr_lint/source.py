"""Reading a document: bytes -> decoded text -> normalised text with an offset map.

The parser sees `Source.text`, a normalised copy of the document (one newline style,
no invisible characters, Markdown markers blanked, Word's double spacing undone).
Every finding is reported against the file *as stored*: `Source.position()` maps an
offset in the normalised text back to the 1-based line and column of the original.
Other formats (.docx, .pdf) plug in by producing the same `Source`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from pathlib import Path

# Files whose bytes start like this are never minutes in plain text.
_BINARY_MAGIC = (b"%PDF", b"PK\x03\x04", b"\x7fELF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"\xd0\xcf\x11\xe0")

# Deleted from the text the parser sees (each shifts later offsets; the map records it):
# the CR of CRLF, and characters that are invisible in an editor.
_DELETE = re.compile("\r(?=\n)|[\u200b\u200c\u200d\u2060\ufeff\u00ad]")

# Replaced one-for-one (offsets unchanged): lone CR becomes a newline; exotic spaces,
# form feeds and control characters become plain spaces so no regex trips on them.
_SPACE_LIKE = "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\f\v\x85\u2028\u2029"
_TRANSLATE = {ord(c): " " for c in _SPACE_LIKE}
_TRANSLATE.update({c: " " for c in range(0x00, 0x20) if c not in (0x09, 0x0A)})
_TRANSLATE[0x7F] = " "
_TRANSLATE[0x0D] = "\n"
# str.translate walks every character (~1 ms for 7 KB of Swedish text); most documents
# hold none of these characters, so look for one first.
_TRANSLATED = re.compile("[" + re.escape("".join(map(chr, _TRANSLATE))) + "]")

_MD_HEADING = re.compile(r"^[ \t]{0,3}(#{1,6})(?=[ \t])", re.M)
_MD_LIST = re.compile(r"^[ \t]*([-*+>])(?=[ \t])", re.M)
_MD_EMPHASIS = re.compile(r"\*\*|__")
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)

_NEWLINE = re.compile("\n")
_SPACES_LINE = re.compile(r"^[ \t]+\n", re.M)

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})


class UnreadableError(Exception):
    """The input cannot be linted as text (VFR003)."""


class _DeletionMap:
    """Maps offsets of a text with some characters deleted back to the text before."""

    __slots__ = ("targets", "deltas")

    def __init__(self) -> None:
        self.targets: list[int] = []  # position in the shorter text
        self.deltas: list[int] = []  # characters deleted before it

    @classmethod
    def from_deleted(cls, deleted: list[tuple[int, int]]) -> _DeletionMap:
        """`deleted` holds sorted, disjoint (start, end) ranges of the longer text."""
        m = cls()
        removed = 0
        for start, end in deleted:
            removed += end - start
            m.targets.append(start - (removed - (end - start)))
            m.deltas.append(removed)
        return m

    def to_source(self, offset: int) -> int:
        i = bisect_right(self.targets, offset)
        return offset + (self.deltas[i - 1] if i else 0)


def _delete(text: str, deleted: list[tuple[int, int]]) -> str:
    if not deleted:
        return text
    parts, last = [], 0
    for start, end in deleted:
        parts.append(text[last:start])
        last = end
    parts.append(text[last:])
    return "".join(parts)


class Source:
    """A decoded document, its normalised text, and the map between the two.
    (A plain slotted class, not a dataclass: one less class to generate per cold start.)"""

    __slots__ = (
        "path", "original", "text", "encoding", "bom", "fallback", "format",
        "_maps", "_line_starts", "_text_line_starts", "_text_line_to_line",
    )

    def __init__(
        self,
        path: str,
        original: str,
        text: str,
        encoding: str = "utf-8",
        bom: bool = False,
        fallback: bool = False,
        format: str = "text",
        _maps: tuple[_DeletionMap, ...] = (),
        _line_starts: list[int] | None = None,
    ):
        self.path = path
        self.original = original  # decoded text as stored (BOM removed), original newlines
        self.text = text  # what the parser sees
        self.encoding = encoding
        self.bom = bom
        self.fallback = fallback  # decoded with a fallback encoding (VFR002)
        self.format = format  # "text" | "markdown"
        self._maps = _maps
        self._line_starts = [] if _line_starts is None else _line_starts
        # Each line of `text` comes from exactly one stored line (normalisation deletes
        # whole empty lines and characters inside lines, never a line break in the middle
        # of text), so a line lookup needs no offset mapping: built on first use.
        self._text_line_starts: list[int] | None = None
        self._text_line_to_line: list[int] | None = None

    def __repr__(self) -> str:
        return f"Source(path={self.path!r}, encoding={self.encoding!r}, format={self.format!r}, {len(self.original)} characters)"

    # --- positions -------------------------------------------------------------------
    def to_original(self, offset: int) -> int:
        """Offset in `text` -> offset in `original`."""
        for m in self._maps:
            offset = m.to_source(offset)
        return min(offset, len(self.original))

    def original_position(self, orig_offset: int) -> tuple[int, int]:
        """Offset in `original` -> 1-based (line, column), columns in code points."""
        if orig_offset >= len(self.original) and self.original.endswith(("\n", "\r")):
            return len(self._line_starts) + 1, 1  # after the final newline: a new line
        i = bisect_right(self._line_starts, orig_offset) - 1
        start = self._line_starts[i]
        # Never past the end of the line's text (a deleted CR before the LF would
        # otherwise put a position between the two).
        end = self._line_starts[i + 1] if i + 1 < len(self._line_starts) else len(self.original)
        length = len(self.original[start:end].rstrip("\r\n"))
        return i + 1, min(orig_offset - start, length) + 1

    def position(self, offset: int) -> tuple[int, int]:
        return self.original_position(self.to_original(offset))

    def end_position(self, start: int, end: int) -> tuple[int, int]:
        """Exclusive end of the span [start, end): maps the last character, not past it,
        so a span never swallows characters the normalisation deleted after it."""
        if end <= start:
            return self.position(start)
        return self.original_position(self.to_original(end - 1) + 1)

    def line_of(self, offset: int) -> int:
        """The stored file's 1-based line of normalised offset `offset` (fast path)."""
        starts, lines = self.line_table()
        return lines[bisect_right(starts, offset) - 1]

    def line_table(self) -> tuple[list[int], list[int]]:
        """(start offset of each line of `text`, the stored file's line of each): the
        line of offset o is lines[bisect_right(starts, o) - 1]. Built on first use."""
        if self._text_line_starts is None:
            starts = [0]
            starts.extend(m.end() for m in _NEWLINE.finditer(self.text))
            self._text_line_starts = starts
            self._text_line_to_line = self._stored_lines(starts)
        return self._text_line_starts, self._text_line_to_line

    def _stored_lines(self, offsets: list[int]) -> list[int]:
        """position(o)[0] for each of `offsets` (bisect in C beats a Python walk)."""
        for m in self._maps:
            targets, deltas = m.targets, m.deltas
            offsets = [o + (deltas[i - 1] if (i := bisect_right(targets, o)) else 0) for o in offsets]
        stored, n = self._line_starts, len(self.original)
        after_final_newline = len(stored) + 1 if self.original.endswith(("\n", "\r")) else len(stored)
        return [bisect_right(stored, o) if o < n else after_final_newline for o in offsets]

    @property
    def line_count(self) -> int:
        return len(self._line_starts)

    def original_line(self, line: int) -> str:
        """Line `line` (1-based) of the stored text, without its newline."""
        start = self._line_starts[line - 1]
        end = self._line_starts[line] if line < len(self._line_starts) else len(self.original)
        return self.original[start:end].rstrip("\r\n")

    def line_context(self, line: int) -> str:
        """Stored line `line` and its nearest non-blank neighbours, each with its white
        space collapsed: what still finds a finding's place when lines move (baseline
        fingerprints, reports across documents)."""
        n = self.line_count
        if n == 0:
            return ""
        line = min(max(line, 1), n)

        def text(i: int) -> str:
            return " ".join(self.original_line(i).split())

        def neighbour(step: int) -> str:
            i = line + step
            while 1 <= i <= n:
                t = text(i)
                if t:
                    return t
                i += step
            return ""

        return "\n".join((neighbour(-1), text(line), neighbour(1)))

    def original_offset(self, line: int, column: int) -> int:
        line = max(1, min(line, len(self._line_starts)))
        return min(self._line_starts[line - 1] + column - 1, len(self.original))

    @property
    def newline(self) -> str:
        """The document's dominant newline, used when a fix inserts a line."""
        crlf = self.original.count("\r\n")
        lf = self.original.count("\n") - crlf
        return "\r\n" if crlf > lf else "\n"


# --- decoding ----------------------------------------------------------------------------
def decode(data: bytes) -> tuple[str, str, bool, bool]:
    """Return (text, encoding, bom, fallback). Raises UnreadableError for binary data."""
    if data.startswith(_BINARY_MAGIC):
        raise UnreadableError("binary file (not plain text)")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16", True, True
        except UnicodeDecodeError as exc:
            raise UnreadableError(f"invalid UTF-16: {exc.reason}") from None
    sample = data[:65536]
    if sample and sample.count(0) > max(1, len(sample) // 100):
        raise UnreadableError("binary file (contains NUL bytes)")
    bom = data.startswith(b"\xef\xbb\xbf")
    try:
        return data.decode("utf-8-sig"), "utf-8", bom, False
    except UnicodeDecodeError:
        pass
    # Mostly UTF-8 with a few broken bytes (a file cut inside a character, one bad
    # paste): keep reading it as UTF-8. The bad bytes become lone surrogates that
    # encode back to the very same bytes, so --fix loses nothing.
    text = data.decode("utf-8-sig", errors="surrogateescape")
    invalid = sum(1 for ch in text if "\udc80" <= ch <= "\udcff")
    valid_multibyte = sum(1 for ch in text if ch > "\x7f" and not "\udc80" <= ch <= "\udcff")
    if invalid <= max(3, valid_multibyte // 50) and valid_multibyte > invalid:
        return text, "utf-8", bom, True
    try:
        return data.decode("cp1252"), "cp1252", False, True
    except UnicodeDecodeError:
        # cp1252 leaves five bytes undefined; Latin-1 maps every byte, so it never fails.
        return data.decode("latin-1"), "latin-1", False, True


def encode(text: str, source: Source) -> bytes:
    """Encode `text` the way `source` was stored (encoding and BOM)."""
    if source.encoding == "utf-16":
        return text.encode("utf-16")  # writes the BOM it was read with
    errors = "surrogateescape" if source.encoding == "utf-8" else "strict"
    data = text.encode(source.encoding, errors)
    return b"\xef\xbb\xbf" + data if source.bom else data


def read_source(path: str | Path, *, display_path: str | None = None, max_bytes: int | None = None) -> Source:
    """Read and normalise a file. Raises UnreadableError (VFR003) when it cannot be linted."""
    p = Path(path)
    try:
        if p.is_dir():
            raise UnreadableError("is a directory")
        if max_bytes is not None and p.stat().st_size > max_bytes:
            raise UnreadableError(f"file is larger than the size limit ({max_bytes} bytes)")
        data = p.read_bytes()
    except OSError as exc:
        raise UnreadableError(exc.strerror or str(exc)) from None
    return source_from_bytes(data, display_path or str(path))


def source_from_bytes(data: bytes, path: str) -> Source:
    text, encoding, bom, fallback = decode(data)
    return source_from_text(text, path, encoding=encoding, bom=bom, fallback=fallback)


def source_from_text(
    original: str,
    path: str = "-",
    *,
    encoding: str = "utf-8",
    bom: bool = False,
    fallback: bool = False,
    format: str | None = None,
) -> Source:
    if original.startswith("\ufeff"):
        original, bom = original[1:], True
    fmt = format or ("markdown" if Path(path).suffix.lower() in MARKDOWN_SUFFIXES else "text")
    maps: list[_DeletionMap] = []

    deleted = [m.span() for m in _DELETE.finditer(original)]
    text = _delete(original, deleted)
    if _TRANSLATED.search(text):
        text = text.translate(_TRANSLATE)
    if fmt == "markdown":
        text = _blank_markdown(text)
    if not text.endswith("\n"):
        text += "\n"  # the grammar ends every line with a newline
    spacing = _double_spacing(text)
    if spacing:
        text = _delete(text, spacing)
        maps.append(_DeletionMap.from_deleted(spacing))
    if deleted:
        maps.append(_DeletionMap.from_deleted(deleted))

    starts = [0]
    starts.extend(m.end() for m in re.finditer(r"\r\n|\r|\n", original))
    if starts[-1] == len(original) and len(starts) > 1:
        starts.pop()  # a final newline does not open another line
    return Source(path, original, text, encoding, bom, fallback, fmt, tuple(maps), starts)


def _blank(match: re.Match[str]) -> str:
    return re.sub(r"[^\n]", " ", match.group(0))


def _blank_markdown(text: str) -> str:
    """Replace Markdown syntax by spaces, so the parser sees the words in place."""
    text = _HTML_COMMENT.sub(_blank, text)
    text = _MD_HEADING.sub(lambda m: " " * len(m.group(1)), text)
    text = _MD_LIST.sub(lambda m: m.group(0)[: m.start(1) - m.start(0)] + " ", text)
    return _MD_EMPHASIS.sub(lambda m: "  ", text)


def _double_spacing(text: str) -> list[tuple[int, int]]:
    """Word and PDF exports often put an empty line after every line, and mark the real
    paragraph breaks with a line of spaces. When a document has such lines and most of
    its lines are spaced, the single empty lines carry no meaning: return their ranges so
    they can be deleted. Lines holding white space, and runs of empty lines, stay: they
    are the paragraph breaks. (A document without any line of spaces — hand-written
    text, Markdown — keeps its empty lines as paragraph breaks.)"""
    if not _SPACES_LINE.search(text):
        return []
    spaced = tight = 0
    candidates: list[tuple[int, int]] = []
    lines = text.split("\n")  # `text` ends with a newline: the last item is ""
    last = len(lines) - 1
    pos = 0
    prev_content = False
    for i in range(last):
        line = lines[i]
        end = pos + len(line) + 1
        if line and not line.isspace():
            if prev_content:
                tight += 1
            prev_content = True
        elif not line and prev_content:
            nxt = lines[i + 1]
            if nxt and not nxt.isspace():
                spaced += 1
                candidates.append((pos, end))
            prev_content = False
        else:
            prev_content = False
        pos = end
    return candidates if spaced > tight else []
