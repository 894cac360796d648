"""VFR010: suppression comments that suppress nothing."""

from __future__ import annotations

from collections.abc import Iterator

from ..ast import Document
from ..findings import Applicability, Finding, Severity
from ..rule import Context, Rule


class UnusedSuppression(Rule):
    """A `<!-- vfr-lint: disable… -->` comment suppresses nothing.

    **What it does.** In Markdown files, findings can be switched off with HTML
    comments: `disable=CODES` … `enable`, `disable-next-line=CODES` and
    `disable-file=CODES` (codes, rule names or prefixes such as `VFR5`; an optional
    reason after ` -- `). This rule reports a comment, or a code in it, that no
    longer suppresses any finding; a code that names no rule; an `enable` with no
    `disable` before it; and a `vfr-lint:` comment it cannot read. A code for a
    rule that is not selected in this run is left alone, and so is a code of a check
    across documents (VFR901-903): whether it is used depends on the other documents.

    **Why.** A suppression outlives the problem it hid: once the text is corrected
    it only hides the next real problem on that line.

    **Fails**
    ```
    <!-- vfr-lint: disable-next-line=VFR505 -- titeln är ett namn -->
    Föredragande: Paula Broström, utvecklingsledare, Region Dalarna
    ```
    **Passes**: the same line without the comment, or the comment above a line that
    still has a VFR505 finding.

    **Fix.** Safe: removes the comment (its whole line when it stands alone), or
    only the unused codes from it. A comment it cannot read is left for you.
    Findings of this rule can be switched off only by naming it (`VFR010` or
    `unused-suppression`), not by a prefix or a bare `disable`.
    """

    code = "VFR010"
    name = "unused-suppression"
    severity = Severity.WARNING
    fix = Applicability.SAFE
    messages = {
        "unused": (
            "Kommentaren stänger av {codes}, men här finns inget sådant fynd",
            "The comment suppresses {codes}, but there is no such finding here",
        ),
        "unknown": ("«{selector}» är ingen regel (se `vfr-lint rules`)", "«{selector}» names no rule (see `vfr-lint rules`)"),
        "unmatched_enable": (
            "`enable` utan en `disable` före som den kan avsluta",
            "`enable` without a `disable` before it to end",
        ),
        "invalid": (
            "Okänt vfr-lint-direktiv «{directive}» (disable, enable, disable-next-line, disable-file)",
            "Unknown vfr-lint directive «{directive}» (disable, enable, disable-next-line, disable-file)",
        ),
        "all": ("alla regler", "all rules"),
        "remove": ("Ta bort kommentaren", "Remove the comment"),
        "trim": ("Ta bort {codes} ur kommentaren", "Remove {codes} from the comment"),
    }

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        # Reported by the framework (vfr_lint.suppression) once all rules have run:
        # whether a suppression is used depends on every other rule's findings.
        return iter(())
