"""VFR6xx: the text itself: repeated words and phrases, white space."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..ast import Document
from ..findings import Applicability, Finding, Severity
from ..rule import Context, Rule

# Words, numbers, the punctuation that separates phrases, and paragraph breaks.
_TOKENS = re.compile(r"(?P<word>[^\W\d_](?:[\w-]*[^\W_])?)|(?P<num>\d+)|(?P<punct>[,;:.!?])|(?P<para>\n[ \t]*\n)")
_MAX_GAP = 3  # words allowed between a phrase and its repeat
_MAX_PHRASE = 4


def _segments(text: str) -> Iterator[list[tuple[str, int, int, bool]]]:
    """Runs of words with no punctuation mark or paragraph break between them:
    (casefolded word, start, end, is_alphabetic)."""
    seg: list[tuple[str, int, int, bool]] = []
    for m in _TOKENS.finditer(text):
        kind = m.lastgroup
        if kind in ("punct", "para"):
            if seg:
                yield seg
            seg = []
        else:
            seg.append((m.group().casefold(), m.start(), m.end(), kind == "word"))
    if seg:
        yield seg


def find_repeats(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, repeated text) of each accidental repeat, the repeat itself."""
    for seg in _segments(text):
        words = [w for w, *_ in seg]
        taken_until = -1
        for i in range(len(seg)):
            if i <= taken_until or not seg[i][3]:
                continue
            if i + 1 < len(seg) and words[i] == words[i + 1]:
                yield seg[i + 1][1], seg[i + 1][2], text[seg[i + 1][1] : seg[i + 1][2]]
                taken_until = i + 1
                continue
            for n in range(_MAX_PHRASE, 1, -1):
                phrase = seg[i : i + n]
                if len(phrase) < n or not all(p[3] for p in phrase) or not any(len(p[0]) >= 5 for p in phrase):
                    continue
                found = False
                for gap in range(0, _MAX_GAP + 1):
                    j = i + n + gap
                    if j + n <= len(seg) and words[j : j + n] == words[i : i + n]:
                        yield seg[j][1], seg[j + n - 1][2], text[seg[j][1] : seg[j + n - 1][2]]
                        taken_until = j + n - 1
                        found = True
                        break
                if found:
                    break


class RepeatedPhrase(Rule):
    """A word or phrase is repeated by mistake.

    **What it does.** Reports the same word twice in a row (`möte möte`), and a
    sequence of two or more words, one of them of five letters or more, that recurs
    with at most three words and no punctuation mark (`,` `;` `:` `.` `!` `?`)
    between (`en extern (17 juni) en extern`). A repeat across punctuation is a list
    or a parallel phrase (`Roger Larsson, chefsläkare, Region Dalarna` / `Olof Ehrs,
    vaccinationssamordnare, Region Dalarna`) and is not reported; nor is a repeated
    label (VFR502).

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
        for start, end, phrase in find_repeats(ctx.source.text):
            if any(s <= start < e for s, e in labels):
                continue
            yield ctx.finding(self, (start, end), "repeat", phrase=" ".join(phrase.split()))


_TRAILING = re.compile(r"[ \t]+(?=\n)")
_INNER_RUN = re.compile(r"(?<=\S)[ \t]{2,}(?=\S)")
_INDENTED_HEAD = re.compile(
    r"^([ \t]+)(?=(?:§[ \t]*)?\d{1,2}\.[ \t]|[A-ZÅÄÖ][\w-]*(?:[ \t]+[\w-]+){0,2}?[ \t]+(?:beslutade|beslutar|beslöt)\b|att\b)",
    re.M,
)


class Whitespace(Rule):
    """Trailing white space, runs of spaces, blank lines of spaces, indented headings.

    *Opt-in* (`--extend-select VFR602`).

    **What it does.** Reports white space at the end of a line, two or more spaces
    inside a line, lines holding only spaces, and a heading, decision or clause line
    that starts with spaces (usually residue of a page break in a PDF export).

    **Why.** Invisible characters make diffs noisy and search fail.

    **Fails**: `Välfärdsrådet beslutade:␣␣` / `␣4. Föregående minnesanteckningar`
    **Passes**: the same lines without the marked spaces.

    **Fix.** Safe: deletes the white space.
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
        text = ctx.source.text
        fix_message = ctx.message(self, "fix")
        for pattern, key, group in ((_TRAILING, "trailing", 0), (_INNER_RUN, "run", 0), (_INDENTED_HEAD, "indent", 1)):
            for m in pattern.finditer(text):
                start, end = m.span(group)
                content = " " if key == "run" else ""
                yield ctx.finding(self, (start, end), key, fix=[ctx.edit(start, end, content)], fix_message=fix_message)
