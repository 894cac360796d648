"""VFR0xx: reading and parsing."""

from __future__ import annotations

from collections.abc import Iterator

from ..ast import Document
from ..findings import Finding, Severity
from ..rule import Context, Rule


class ParseError(Rule):
    """The document, or a line of it, could not be placed in the structure of minutes.

    **What it does.** Reports the first line of each part the parser could not place
    (a `Föredragande:` or decision line before the first agenda item, text after the
    attendance that belongs nowhere), an empty document, and a document without any
    numbered agenda item. The rest of the document is still checked.

    **Why.** A line the linter cannot place is a line it cannot check; usually it is
    a heading that lost its number or text pasted in the wrong place.

    **Fails**
    ```
    Närvarande: Sofia Jarl Region Dalarna (ordförande)

    Föredragande: Mats Andersson, samhällsanalytiker
    1. Mötets öppnande
    ```
    **Passes**: the `Föredragande:` line inside the item it belongs to.

    **Fix.** None: move or number the line by hand.
    """

    code = "VFR001"
    name = "parse-error"
    severity = Severity.ERROR
    messages = {
        "empty": ("Dokumentet är tomt", "The document is empty"),
        "no_items": (
            "Inga numrerade dagordningspunkter (`1. Mötets öppnande`) hittades",
            "No numbered agenda items (`1. Mötets öppnande`) were found",
        ),
        "stray": (
            "Raden hör till en dagordningspunkt men står före den första punkten: «{text}»",
            "This line belongs in an agenda item but stands before the first one: «{text}»",
        ),
        "unplaced": (
            "Raden passar inte in i protokollets struktur: «{text}»",
            "This line does not fit the structure of minutes: «{text}»",
        ),
    }

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        text = ctx.source.text
        facts = ctx.facts(doc)
        if not facts.has_text:
            yield ctx.finding(self, (0, 0), "empty")
            return
        for issue in doc.parse_issues:
            snippet = " ".join(text[issue.span.start : issue.span.end].split())
            if len(snippet) > 50:
                snippet = snippet[:47] + "..."
            key = "stray" if issue.message == "stray" else "unplaced"
            yield ctx.finding(self, issue.span, key, text=snippet)
        if not doc.items:
            yield ctx.finding(self, facts.first_content, "no_items")


def first_content(text: str) -> tuple[int, int]:
    """The first line with text: where document-level findings are anchored."""
    start = len(text) - len(text.lstrip())
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    return start, len(text[:end].rstrip()) if end > start else start


class EncodingFallback(Rule):
    """The file is not valid UTF-8; it was read with a fallback encoding.

    **What it does.** Reports files that had to be decoded as Windows-1252 (cp1252),
    Latin-1 or UTF-16 because they are not UTF-8. Every other check runs as usual.

    **Why.** Tools and web pages that read minutes assume UTF-8; a cp1252 file shows
    `VÃ¤lfÃ¤rdsrÃ¥det` in them.

    **Fails**: a file saved as "ANSI" in Notepad or exported as Windows-1252.
    **Passes**: the same file saved as UTF-8.

    **Fix.** None automatic (`--fix` keeps the file's encoding): save it as UTF-8.
    """

    code = "VFR002"
    name = "encoding-fallback"
    severity = Severity.WARNING
    messages = {
        "fallback": (
            "Filen är inte giltig UTF-8 och lästes som {encoding}",
            "The file is not valid UTF-8 and was read as {encoding}",
        ),
        "damaged": (
            "Filen är inte giltig UTF-8: {count} ogiltiga byte; den lästes som UTF-8 och de bevaras som de är",
            "The file is not valid UTF-8: {count} invalid bytes; it was read as UTF-8 and they are kept as they are",
        ),
    }

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        src = ctx.source
        if not src.fallback:
            return
        if src.encoding == "utf-8":
            count = sum(1 for ch in src.original if "\udc80" <= ch <= "\udcff")
            yield ctx.finding(self, (0, 0), "damaged", count=count)
        else:
            yield ctx.finding(self, (0, 0), "fallback", encoding=src.encoding)


class Unreadable(Rule):
    """The path is binary, unreadable, or of a type that cannot be linted.

    **What it does.** Reports files that cannot be read as text (PDF, Word binary,
    images, files with NUL bytes, files over the size limit, permission errors).
    Other files are still linted.

    **Why.** A file the linter silently skips is a file nobody checked.

    **Fails**: `minnesanteckningar.pdf` given to `vfr-lint check`.
    **Passes**: the text exported from it.

    **Fix.** None: export the minutes as text, or exclude the file.
    """

    code = "VFR003"
    name = "unreadable"
    severity = Severity.ERROR
    messages = {"unreadable": ("Filen kan inte läsas som text: {reason}", "The file cannot be read as text: {reason}")}

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        return iter(())  # reported by the reader (api.py), before there is a document
