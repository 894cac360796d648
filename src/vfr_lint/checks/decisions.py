"""VFR4xx: decisions: that there is one, its formula, its layout and its clauses."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from ..ast import Clause, Document
from ..findings import Applicability, Finding, Severity
from ..rule import Context, Rule

LAYOUTS = {
    "inline": ("på samma rad som formeln", "inline, on the formula's line"),
    "block": ("som block utan kolon", "as a block without a colon"),
    "block-colon": ("som block med kolon", "as a block with a colon"),
}


def _majority(values: list[str], configured: str | None) -> str | None:
    """The configured style, else the most common one (ties: the first seen)."""
    if configured:
        return configured
    if not values:
        return None
    counts = Counter(values)
    best = max(counts.values())
    return next(v for v in values if counts[v] == best)


class MissingDecision(Rule):
    """An agenda item has no decision.

    **What it does.** Every agenda item needs at least one decision (`Välfärdsrådet
    beslutade att …`), in the item or one of its sub-items, except the sections the
    profile exempts (default: Övriga frågor, Mötets avslutande).

    **Why.** Even an information item ends with a decision ("att lägga informationen
    till handlingarna"): it records that the council took note.

    **Fails**
    ```
    9. Information: Demografisk utveckling i Dalarna
    Föredragande: Mats Andersson, samhällsanalytiker, Region Dalarna
    ```
    **Passes**: the same followed by `Välfärdsrådet beslutade att lägga informationen
    till handlingarna.`

    **Fix.** None.
    """

    code = "VFR401"
    name = "missing-decision"
    severity = Severity.ERROR
    messages = {"missing": ("Punkt {number} «{title}» saknar beslut", "Item {number} «{title}» has no decision")}

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        exempt = set(ctx.profile.exempt_sections)
        for item, section in zip(doc.items, ctx.facts(doc).sections, strict=True):
            if section is not None and section.key in exempt:
                continue
            if not any(d.clauses for d in item.all_decisions):  # a bare formula decides nothing
                yield ctx.finding(self, item.heading_span, "missing", number=item.number, title=item.title)


class DecisionFormula(Rule):
    """A decision does not use the profile's formula.

    **What it does.** The formula must be the profile's body and verb, default
    `Välfärdsrådet beslutade`. Another body (`Kommunstyrelsen beslutade`) or verb form
    (`beslutar`, `beslöt`, `har beslutat`) is reported.

    **Why.** Minutes record what *this* body decided, in the past tense, the same way
    every time, so that decisions can be found and quoted.

    **Fails**: `Välfärdsrådet beslutar att lägga informationen till handlingarna.`
    **Passes**: `Välfärdsrådet beslutade att lägga informationen till handlingarna.`

    **Fix.** None: a different body may be a real error of fact.
    """

    code = "VFR402"
    name = "decision-formula"
    severity = Severity.ERROR
    messages = {
        "formula": ("Beslutsformeln ska vara «{expected}», inte «{found}»", "The decision formula should be «{expected}», not «{found}»")
    }

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        body, verb = ctx.profile.body, ctx.profile.decision_verb
        for d in ctx.facts(doc).decisions:
            if d.body.casefold() != body.casefold() or d.verb != verb:
                found = ctx.source.text[d.formula_span.start : d.formula_span.end]
                yield ctx.finding(self, d.formula_span, "formula", expected=f"{body} {verb}", found=" ".join(found.split()))


class DecisionLayout(Rule):
    """The document mixes decision layouts.

    **What it does.** A decision is written inline (`Välfärdsrådet beslutade att …`)
    or as a block (formula on its own line, each `att` clause below), with or without
    a colon after the formula. Reports each decision whose layout departs from the
    document's majority, or from the layout set in config:
    `[tool.vfr-lint.rules.decision-layout] layout = "inline" | "block" | "block-colon"`.

    **Why.** One layout makes decisions easy to find and to copy into the register.

    **Fails** (in a document whose other decisions are blocks with a colon)
    ```
    Välfärdsrådet beslutade att öppna mötet.
    ```
    **Passes**
    ```
    Välfärdsrådet beslutade:
    att öppna mötet.
    ```
    **Fix.** None: rewriting the layout moves text across lines.
    """

    code = "VFR403"
    name = "decision-layout"
    severity = Severity.WARNING
    options = {"layout": None}
    option_choices = {"layout": ("inline", "block", "block-colon")}
    messages = {
        "layout": (
            "Beslutet är skrivet {found}, men dokumentet skriver besluten {expected}",
            "This decision is written {found}, but the document writes decisions {expected}",
        )
    }

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        decisions = ctx.facts(doc).decisions
        expected = _majority([d.layout for d in decisions], ctx.option(self, "layout"))
        lang = 1 if ctx.language == "en" else 0
        for d in decisions:
            if d.layout != expected:
                yield ctx.finding(
                    self, d.formula_span, "layout", found=LAYOUTS[d.layout][lang], expected=LAYOUTS[expected][lang]
                )


_ATT = re.compile(r"[Aa]tt\b")
_LOWER_ATT = re.compile(r"att\b")


def clause_ending(clause: Clause) -> str | None:
    """"period" or "none"; None for a clause that ends a list item (`,` `;`)."""
    last = clause.text.rstrip()[-1:]
    if last == ".":
        return "period"
    if last in (",", ";", ":"):
        return None
    return "none"


class ClausePunctuation(Rule):
    """Decision clauses end inconsistently: some with a full stop, some without.

    **What it does.** Reports each `att` clause whose ending departs from the majority
    of the document's clauses, or from the style set in config:
    `[tool.vfr-lint.rules.clause-punctuation] style = "period" | "none"`. Clauses
    ending with `,` or `;` (a list of clauses) are left alone.

    **Why.** Consistent punctuation is what makes a set of minutes look finished.

    **Fails** (in a document whose other clauses end with a full stop)
    ```
    Välfärdsrådet beslutade:
    att lägga informationen till handlingarna
    ```
    **Passes**: `att lägga informationen till handlingarna.`

    **Fix.** Safe: adds or removes the full stop at the end of the clause.
    """

    code = "VFR404"
    name = "clause-punctuation"
    severity = Severity.WARNING
    fix = Applicability.SAFE
    options = {"style": None}
    option_choices = {"style": ("period", "none")}
    messages = {
        "add": ("Beslutssatsen slutar utan punkt, till skillnad från övriga", "This clause ends without a full stop, unlike the others"),
        "remove": ("Beslutssatsen slutar med punkt, till skillnad från övriga", "This clause ends with a full stop, unlike the others"),
        "fix_add": ("Lägg till punkt", "Add a full stop"),
        "fix_remove": ("Ta bort punkten", "Remove the full stop"),
    }

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        # (clause, its ending) of each att-clause that does not end a list item
        endings = [(c, e) for c in ctx.facts(doc).clauses if (e := clause_ending(c)) is not None and _ATT.match(c.text)]
        expected = _majority([e for _, e in endings], ctx.option(self, "style"))
        for c, ending in endings:
            if ending == expected:
                continue
            end = c.span.end
            if expected == "period":
                edit = ctx.edit(end, end, ".")
                yield ctx.finding(self, c.span, "add", fix=[edit], fix_message=ctx.message(self, "fix_add"))
            else:
                edit = ctx.edit(end - 1, end, "")
                yield ctx.finding(self, c.span, "remove", fix=[edit], fix_message=ctx.message(self, "fix_remove"))


class ClauseForm(Rule):
    """A decision clause does not begin with a lower-case `att`.

    **What it does.** Each clause of a decision must start `att …`: reports clauses
    that start `Att`, or lines after a block formula that are not `att` clauses at
    all (`Välfärdsrådet beslutade:` / `lägga informationen till handlingarna`).

    **Why.** The formula and its clauses form one sentence: "Välfärdsrådet beslutade
    att …".

    **Fails**: `Välfärdsrådet beslutade:` / `Att lägga informationen till handlingarna.`
    **Passes**: `Välfärdsrådet beslutade:` / `att lägga informationen till handlingarna.`

    **Fix.** None.
    """

    code = "VFR405"
    name = "clause-form"
    severity = Severity.ERROR
    messages = {
        "form": ("Beslutssatsen ska börja med «att», inte «{start}»", "The decision clause should begin with «att», not «{start}»")
    }

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        for c in ctx.facts(doc).clauses:
            if not _LOWER_ATT.match(c.text):
                first = c.text.split()[0] if c.text.split() else ""
                yield ctx.finding(self, (c.span.start, c.span.start + len(first)), "form", start=first)
