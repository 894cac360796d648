"""Parsing with recovery: normalised text -> Document, in one pass.

The grammar (grammar/minutes.lark) is compiled by Lark into LALR tables; they are
written ahead of time to `_minutes_tables.py` (scripts/generate.py) and run by the
lean loop in lalr.py, so a lint imports no parser library. When the grammar file no
longer matches the tables (someone is editing the grammar), Lark builds them anew.

The AST builder rides along inside the parser: each rule becomes its node the moment
it is reduced (as with Lark's embedded transformer), with no parse tree built and
walked after.

A line the grammar cannot place is recorded as a ParseProblem and skipped; parsing goes
on with the next line, so the rest of the document is still checked (VFR001).
"""

from __future__ import annotations

import os
import threading
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from . import resources

if TYPE_CHECKING:
    from .ast import Document
    from .source import Source


class ParseProblem:
    """A line the parser skipped. (A plain record: no dataclass to generate at start-up.)"""

    __slots__ = ("offset", "end", "message")

    def __init__(self, offset: int, end: int, message: str):
        self.offset = offset  # in the normalised text
        self.end = end
        self.message = message

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not ParseProblem:
            return NotImplemented
        return (self.offset, self.end, self.message) == (other.offset, other.end, other.message)

    __hash__ = None  # type: ignore[assignment]  # compared by value, never a key

    def __repr__(self) -> str:
        return f"ParseProblem(offset={self.offset}, end={self.end}, message={self.message!r})"


INCOMPLETE = "the document ends in the middle of a block"


def _cache_path() -> str | bool:
    """Lark's grammar cache in the user's cache dir (the temp dir vanishes on CI runners)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = Path(base) / "vfr-lint"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / ".writable"
        probe.touch()
    except OSError:
        return False
    from . import __version__

    return str(folder / f"grammar-{__version__}.lark-cache")


@lru_cache(maxsize=1)
def tables() -> dict:
    """The parser's tables: the generated ones when they were made from this very
    grammar, else Lark's, computed now."""
    from . import _minutes_tables as generated

    grammar = resources.read_text("grammar", "minutes.lark")
    if generated.GRAMMAR == grammar:
        return generated.TABLES
    from .builder import MinutesBuilder
    from .lalr import describe

    builder = MinutesBuilder()
    return describe(lark_parser(grammar, builder), builder)


def lark_parser(grammar: str, builder):
    """`lark.Lark` for the grammar text, `builder` as its embedded transformer (Lark
    caches the compiled grammar on disk)."""
    import lark

    from .lalr import LARK_OPTIONS

    cache = _cache_path()
    try:
        return lark.Lark(grammar, cache=cache, transformer=builder, **LARK_OPTIONS)
    except OSError:  # a cache we cannot write is no reason to fail
        return lark.Lark(grammar, transformer=builder, **LARK_OPTIONS)


# A runner holds its builder (called as rules are reduced), and a builder holds the
# document being built: one pair per thread (the language server lints in a worker).
_local = threading.local()


def _runner_and_builder():
    pair = getattr(_local, "runner", None)
    if pair is None:
        from .builder import MinutesBuilder
        from .lalr import LalrRunner

        builder = MinutesBuilder()
        pair = _local.runner = (LalrRunner(tables(), builder), builder)
    return pair


def get_parser():
    """Load the parser now (the language server and the benchmark warm it up)."""
    return _runner_and_builder()[0]


def parse(source: Source, organisations: list[str]) -> tuple[Document | None, list[ParseProblem]]:
    """Parse `source.text` into a Document (None when the text ends in the middle of a
    block) and the lines skipped on the way. Never raises for any input text."""
    from .lalr import Incomplete

    runner, builder = _runner_and_builder()
    text = source.text
    problems: list[ParseProblem] = []

    def skip_line(start: int, _resume: int) -> None:
        problems.append(_problem(text, start))

    builder.begin(source, organisations)
    try:
        doc = runner.run(text, skip_line)
    except Incomplete as err:
        problems.append(ParseProblem(err.offset, err.offset, INCOMPLETE))
        doc = None
    finally:
        builder.end()
    return doc, problems


def parse_with_lark_loop(source: Source, organisations: list[str]) -> tuple[Document | None, list[ParseProblem]]:
    """`parse` done by Lark itself (its parser from the grammar file, its run loop and
    error recovery): the reference the lean loop in lalr.py is tested against."""
    import lark.exceptions as errors

    parser, builder = _lark_parser_and_builder()
    text = source.text
    problems: list[ParseProblem] = []

    def skip_line(err) -> bool:
        state = err.interactive_parser.lexer_thread.state
        if isinstance(err, errors.UnexpectedToken):
            if err.token.type == "$END":
                return False
            start = err.token.start_pos
        else:
            start = err.pos_in_stream
        problems.append(_problem(text, start))
        # Resume at the start of the next line, in the parser state before this line.
        line_end = _line_end(text, start)
        pos = state.line_ctr.char_pos
        if pos < line_end:
            state.line_ctr.feed(text[pos:line_end])
        return True

    builder.begin(source, organisations)
    try:
        doc = parser.parse(text, on_error=skip_line)
    except errors.LarkError as err:
        offset = getattr(err, "pos_in_stream", None) or 0
        problems.append(ParseProblem(offset, offset, INCOMPLETE))
        doc = None
    finally:
        builder.end()
    return doc, problems


def _lark_parser_and_builder():
    pair = getattr(_local, "lark", None)
    if pair is None:
        from .builder import MinutesBuilder

        builder = MinutesBuilder()
        pair = _local.lark = (lark_parser(resources.read_text("grammar", "minutes.lark"), builder), builder)
    return pair


def _line_end(text: str, start: int) -> int:
    """The offset after the newline that ends the line holding `start` (or the end)."""
    line_end = text.find("\n", start)
    return len(text) if line_end < 0 else line_end + 1


def _problem(text: str, start: int) -> ParseProblem:
    """The line holding `start`, skipped."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = _line_end(text, start)
    return ParseProblem(line_start, line_end - 1, _describe(text, line_start, line_end))


def _describe(text: str, line_start: int, line_end: int) -> str:
    snippet = text[line_start:line_end].strip()
    if len(snippet) > 40:
        snippet = snippet[:37] + "..."
    return snippet
