"""Grammar loading (built once per process, cached on disk) and parsing with recovery.

A line the grammar cannot place is recorded as a ParseProblem and skipped; parsing goes
on with the next line, so the rest of the document is still checked (VFR001).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from . import resources


@dataclass(frozen=True, slots=True)
class ParseProblem:
    offset: int  # in the normalised text
    end: int
    message: str


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
def get_parser():
    from lark import Lark

    grammar = resources.read_text("grammar", "minutes.lark")
    options = dict(parser="lalr", lexer="contextual", maybe_placeholders=False)
    cache = _cache_path()
    try:
        return Lark(grammar, cache=cache, **options)
    except OSError:  # a cache we cannot write is no reason to fail
        return Lark(grammar, **options)


def parse(text: str):
    """Parse normalised text. Returns (tree, problems); never raises for any input text."""
    from lark.exceptions import LarkError, UnexpectedCharacters, UnexpectedInput, UnexpectedToken

    problems: list[ParseProblem] = []

    def skip_line(err: UnexpectedInput) -> bool:
        state = err.interactive_parser.lexer_thread.state
        if isinstance(err, UnexpectedToken):
            if err.token.type == "$END":
                return False
            start = err.token.start_pos
        else:
            start = err.pos_in_stream
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", start)
        line_end = len(text) if line_end < 0 else line_end + 1
        problems.append(ParseProblem(line_start, line_end - 1, _describe(err, text, line_start, line_end)))
        # Resume at the start of the next line, in the parser state before this line.
        pos = state.line_ctr.char_pos
        if pos < line_end:
            state.line_ctr.feed(text[pos:line_end])
        return True

    try:
        tree = get_parser().parse(text, on_error=skip_line)
    except (UnexpectedCharacters, UnexpectedToken, LarkError) as err:
        offset = getattr(err, "pos_in_stream", None) or 0
        problems.append(ParseProblem(offset, offset, "the document ends in the middle of a block"))
        tree = None
    return tree, problems


def _describe(err, text: str, line_start: int, line_end: int) -> str:
    snippet = text[line_start:line_end].strip()
    if len(snippet) > 40:
        snippet = snippet[:37] + "..."
    return snippet
