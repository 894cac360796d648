"""VFR6xx: the text itself: repeated words and phrases, white space."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..ast import Document
from ..findings import Applicability, Finding, Severity
from ..rule import Context, Rule

# Words and numbers inside a segment; what separates segments.
_WORDS = re.compile(r"[^\W\d_](?:[\w-]*[^\W_])?|\d+")
# (Two patterns rather than one alternation: each is scanned faster on its own.)
_PUNCTUATION = re.compile(r"[,;:.!?]")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_ANY_WORD = re.compile(r"\w+")
_MAX_GAP = 3  # words allowed between a phrase and its repeat
_MAX_PHRASE = 4


def _segments(text: str, boundaries: list[int]) -> Iterator[tuple[int, int]]:
    """(start, end) of each run of words with no punctuation mark, paragraph break or
    block boundary (the start of a heading, a presenter line, a paragraph ...) between
    them. Runs in which no word occurs twice cannot hold a repeat and are skipped before
    the (slower) word-by-word look."""
    cuts = {0, len(text), *boundaries}
    cuts.update(m.start() for m in _PUNCTUATION.finditer(text))
    cuts.update(m.start() for m in _PARAGRAPH_BREAK.finditer(text))
    ordered = sorted(cuts)
    for a, b in zip(ordered, ordered[1:], strict=False):
        if b - a < 3:  # too short for two words
            continue
        words = _ANY_WORD.findall(text, a, b)
        if len(words) > 1 and _has_twice(_casefolded(words)):
            yield a, b


def _casefolded(words: list[str]) -> list[str]:
    # One casefold call for the lot: casefolding is per character, and never yields NUL.
    return "\0".join(words).casefold().split("\0")


def _has_twice(words: list[str]) -> bool:
    return len(set(words)) < len(words)


def find_repeats(text: str, boundaries: list[int] | None = None) -> Iterator[tuple[int, int, str]]:
    """(start, end, repeated text) of each accidental repeat, the repeat itself."""
    for a, b in _segments(text, boundaries or []):
        repeats = list(_repeated_runs(_WORDS.findall(text, a, b)))
        if repeats:
            spans = [m.span() for m in _WORDS.finditer(text, a, b)]
            for first, last in repeats:
                start, end = spans[first][0], spans[last][1]
                yield start, end, text[start:end]


def _repeated_runs(raw: list[str]) -> Iterator[tuple[int, int]]:
    """(first, last) word index of each repeat among the words of one segment.

    A repeat of n words at distance d (from the first word of the phrase to the first
    word of its repeat) leaves d - n words between the two: at most _MAX_GAP."""
    words = _casefolded(raw)
    count = len(words)
    taken_until = -1
    for i in _recurring_soon(words):
        if i <= taken_until or i >= count - 1 or raw[i][0].isdigit():
            continue
        if words[i] == words[i + 1]:
            yield i + 1, i + 1
            taken_until = i + 1
            continue
        for d in range(2, _MAX_PHRASE + _MAX_GAP + 1):
            if i + d + 1 >= count or words[i] != words[i + d]:
                continue
            n = _phrase_length(words, raw, i, d)
            if n:
                yield i + d, i + d + n - 1
                taken_until = i + d + n - 1
                break


def _recurring_soon(words: list[str]) -> list[int]:
    """Indexes of the words that recur within _MAX_PHRASE + _MAX_GAP words: only they
    can start a repeat."""
    last: dict[str, int] = {}
    found: set[int] = set()
    for k, w in enumerate(words):
        j = last.get(w)
        if j is not None and k - j <= _MAX_PHRASE + _MAX_GAP:
            found.add(j)
        last[w] = k
    return sorted(found)


def _phrase_length(words: list[str], raw: list[str], i: int, d: int) -> int:
    """The longest n (2.._MAX_PHRASE, and n >= d - _MAX_GAP) such that the n words at i
    recur at i + d, are all words (not numbers), and one has five letters or more."""
    for n in range(min(_MAX_PHRASE, d), max(2, d - _MAX_GAP) - 1, -1):
        if i + d + n > len(words):
            continue
        first = words[i : i + n]
        if (
            first == words[i + d : i + d + n]
            and not any(w[0].isdigit() for w in raw[i : i + n])
            and any(len(w) >= 5 for w in first)
        ):
            return n
    return 0


def _block_starts(doc: Document, text: str) -> list[int]:
    """Where each block of the document begins: a repeat across two blocks (a heading
    ending "i Dalarna", a paragraph starting "Dalarna står ...") is no slip. Each line
    of a presenter block counts as a block: its lines are a list of people (or, with no
    blank line after it, the text that follows), so "…, Region Dalarna" at the end of
    one line and "Region Dalarna …" at the start of the next is no slip either."""
    starts = [t.span.start for t in doc.header.titles] + [f.span.start for f in doc.header.fields]
    if doc.attendance:
        starts += [g.span.start for g in doc.attendance.groups]
    for item in doc.items:
        starts.append(item.heading_span.start)
        starts += [s.heading_span.start for s in item.subitems]
        for body in item.all_bodies():
            starts += [p.span.start for p in body.paragraphs]
            for block in body.presenter_blocks:
                starts.append(block.span.start)
                newline = text.find("\n", block.span.start, block.span.end)
                while newline >= 0:
                    starts.append(newline + 1)
                    newline = text.find("\n", newline + 1, block.span.end)
            starts += [s.span.start for s in body.speakers]
            for d in body.decisions:
                starts.append(d.span.start)
                starts += [c.span.start for c in d.clauses]
    return sorted(set(starts))


class RepeatedPhrase(Rule):
    """A word or phrase is repeated by mistake.

    **What it does.** Reports the same word twice in a row (`möte möte`), and a
    sequence of two or more words, one of them of five letters or more, that recurs
    with at most three words and no punctuation mark (`,` `;` `:` `.` `!` `?`)
    between (`en extern (17 juni) en extern`). A repeat across punctuation is a list
    or a parallel phrase (`Roger Larsson, chefsläkare, Region Dalarna` / `Olof Ehrs,
    vaccinationssamordnare, Region Dalarna`) and is not reported; nor is a repeat
    across the boundary of two blocks (a heading and the paragraph under it, two lines
    of a presenter block: `Föredragande: …, Region Dalarna` / `Region Dalarna står
    inför …`), nor a repeated label (VFR502).

    **Why.** Editing leftovers are the commonest slip in minutes, and the hardest to
    see when proof-reading one's own text.

    **Fails**: `en intern för Region Dalarna (16 juni) och en extern (17 juni) en extern för övriga aktörer`
    **Passes**: `en intern för Region Dalarna (16 juni) och en extern för övriga aktörer (17 juni)`

    **Fix.** None: which of the two to keep needs a reader.
    """

    code = "VFR601"
    name = "repeated-phrase"
    severity = Severity.WARNING
    messages = {"repeat": ("«{phrase}» upprepas", "«{phrase}» is repeated")}

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        labels = [
            (label.start, label.end)
            for item in doc.items
            for body in item.all_bodies()
            for block in body.presenter_blocks
            for label in block.labels[1:]
        ]
        for start, end, phrase in find_repeats(ctx.source.text, _block_starts(doc, ctx.source.text)):
            if any(s <= start < e for s, e in labels):
                continue
            yield ctx.finding(self, (start, end), "repeat", phrase=" ".join(phrase.split()))


# On the stored text (so Markdown markers are never taken for white space).
_TRAILING = re.compile(r"[ \t\u00a0]+(?=\r\n|\r|\n|\Z)")
_INNER_RUN = re.compile(r"(?<=\S)[ \t]{2,}(?=\S)")
_INDENTED_HEAD = re.compile(
    r"^([ \t]+)(?=(?:§[ \t]*)?\d{1,2}\.[ \t]|[A-ZÅÄÖ][\w-]*(?:[ \t]+[\w-]+){0,2}?[ \t]+(?:beslutade|beslutar|beslöt)\b|att\b)",
    re.M,
)
_MD_HARD_BREAK = re.compile(r"(?<=\S) {2,}(?=\r?\n)")


class Whitespace(Rule):
    """Trailing white space, runs of spaces, blank lines of spaces, indented headings.

    *Opt-in* (`--extend-select VFR602`).

    **What it does.** Reports white space at the end of a line, two or more spaces
    inside a line, lines holding only spaces, and a heading, decision or clause line
    that starts with spaces (usually residue of a page break in a PDF export). In
    Markdown, two spaces ending a line of text (a hard line break) are left alone.

    **Why.** Invisible characters make diffs noisy and search fail.

    **Fails**: `Välfärdsrådet beslutade:␣␣` / `␣4. Föregående minnesanteckningar`
    **Passes**: the same lines without the marked spaces.

    **Fix.** Safe: deletes the white space (a run inside a line becomes one space).
    """

    code = "VFR602"
    name = "whitespace"
    severity = Severity.INFO
    opt_in = True
    fix = Applicability.SAFE
    messages = {
        "trailing": ("Blanksteg i slutet av raden", "Trailing white space"),
        "run": ("Flera blanksteg i följd", "Several spaces in a row"),
        "indent": ("Rubrik- eller beslutsrad börjar med blanksteg", "Heading or decision line starts with white space"),
        "fix": ("Ta bort blankstegen", "Delete the white space"),
    }

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        text = ctx.source.original
        markdown = ctx.source.format == "markdown"
        hard_breaks = {m.start() for m in _MD_HARD_BREAK.finditer(text)} if markdown else set()
        fix_message = ctx.message(self, "fix")
        for pattern, key, group in ((_TRAILING, "trailing", 0), (_INNER_RUN, "run", 0), (_INDENTED_HEAD, "indent", 1)):
            for m in pattern.finditer(text):
                start, end = m.span(group)
                if start == end or start in hard_breaks:
                    continue
                content = " " if key == "run" else ""
                edit = ctx.edit(start, end, content, original=True)
                yield ctx.finding(self, (start, end), key, fix=[edit], fix_message=fix_message, original=True)
