"""VFR5xx: presenters (`Föredragande:`) and who speaks."""

from __future__ import annotations

from collections.abc import Iterator

from ..ast import AgendaItem, Document, ItemBody
from ..findings import Applicability, Finding, Severity
from ..people import mentions
from ..rule import Context, Rule


def _start_of_blanks(ctx: Context, offset: int) -> int:
    """Back over the spaces before `offset` that are spaces in the stored file too (in
    Markdown the normalised text has spaces where `**` stood, which must stay)."""
    text, src = ctx.source.text, ctx.source
    while offset > 0 and text[offset - 1] in " \t" and src.original[src.to_original(offset - 1)] in " \t\u00a0":
        offset -= 1
    return offset


def _presenter_text(item: AgendaItem) -> str:
    return " ".join(b.text for body in item.all_bodies() for b in body.presenter_blocks)


class MissingPresenter(Rule):
    """An item whose kind needs a presenter has no `Föredragande:` line.

    **What it does.** Items and sub-items of the kinds the profile names (default
    Information, Rapport, Dialog, Information/Dialog) must say who presented them.
    A sub-item is satisfied by a presenter of its own or of its item.

    **Why.** Whoever reads the minutes later needs to know whom to ask.

    **Fails**
    ```
    9. Information: Demografisk utveckling i Dalarna
    Dalarna står inför en demografisk omställning …
    ```
    **Passes**: `Föredragande: Mats Andersson, samhällsanalytiker, Region Dalarna`
    under the heading.

    **Fix.** None.
    """

    code = "VFR501"
    name = "missing-presenter"
    severity = Severity.ERROR
    messages = {
        "missing": ("«{kind}: {title}» saknar föredragande (`Föredragande:`)", "«{kind}: {title}» has no presenter (`Föredragande:`)")
    }

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        for item in doc.items:
            if ctx.profile.needs_presenter(item.kind) and not any(b.presenter_blocks for b in item.all_bodies()):
                yield ctx.finding(self, item.heading_span, "missing", kind=item.kind, title=item.title)
            for sub in item.subitems:
                if ctx.profile.needs_presenter(sub.kind) and not (sub.body.presenter_blocks or item.body.presenter_blocks):
                    yield ctx.finding(self, sub.heading_span, "missing", kind=sub.kind, title=sub.title)


class DuplicatedLabel(Rule):
    """A label is repeated: `Föredragande: Föredragande: …`.

    **What it does.** Reports the second and later `Föredragande:` at the start of a
    presenter line.

    **Why.** A leftover of copy and paste from a template.

    **Fails**: `Föredragande: Föredragande: Paula Broström, utvecklingsledare`
    **Passes**: `Föredragande: Paula Broström, utvecklingsledare`

    **Fix.** Safe: removes the repeated label.
    """

    code = "VFR502"
    name = "duplicated-label"
    severity = Severity.ERROR
    fix = Applicability.SAFE
    messages = {
        "repeat": ("Etiketten «{label}» upprepas", "The label «{label}» is repeated"),
        "fix": ("Ta bort den upprepade etiketten", "Remove the repeated label"),
    }

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        text = ctx.source.text
        for block in ctx.facts(doc).presenter_blocks:
            for label in block.labels[1:]:
                edit = ctx.edit(_start_of_blanks(ctx, label.start), label.end, "")
                yield ctx.finding(
                    self, label, "repeat", label=text[label.start : label.end],
                    fix=[edit], fix_message=ctx.message(self, "fix"),
                )


class PresenterWithoutRole(Rule):
    """A presenter is named without a role or title.

    **What it does.** Expects each presenter as `Name, role[, organisation]`; reports
    names followed by nothing, or directly by an organisation.

    **Why.** "Tanja Mårtensson" tells a reader in five years nothing; "Tanja
    Mårtensson, utvecklingsledare, Region Dalarna" does.

    **Fails**: `Föredragande: Tanja Mårtensson`
    **Passes**: `Föredragande: Tanja Mårtensson, utvecklingsledare, Region Dalarna`

    **Fix.** None.
    """

    code = "VFR503"
    name = "presenter-without-role"
    severity = Severity.WARNING
    messages = {"no_role": ("Föredraganden {name} saknar roll eller titel", "The presenter {name} has no role or title")}

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        for block in ctx.facts(doc).presenter_blocks:
            for p in block.presenters:
                if p.role is None:
                    yield ctx.finding(self, p.name_span, "no_role", name=p.name)


class UnknownSpeaker(Rule):
    """A statement is attributed to someone who is not among the item's presenters.

    **What it does.** For each `Name: …` statement in an item, checks that the name
    occurs among the item's `Föredragande:`.

    **Why.** Either the presenter list is incomplete or the name is misspelt.

    **Fails**: `Föredragande: Roger Larsson, chefsläkare` then `Olof Ehrs: Målgrupp …`
    **Passes**: both named after `Föredragande:`.

    **Fix.** None.
    """

    code = "VFR504"
    name = "unknown-speaker"
    severity = Severity.WARNING
    messages = {
        "unknown": ("{name} citeras men finns inte bland punktens föredragande", "{name} is quoted but is not among the item's presenters")
    }

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        for item in doc.items:
            presenters = _presenter_text(item)
            bodies: list[ItemBody] = item.all_bodies()
            for body in bodies:
                for speaker in body.speakers:
                    if not mentions(presenters, speaker.name):
                        yield ctx.finding(self, speaker.name_span, "unknown", name=speaker.name)


class RoleCapitalization(Rule):
    """A presenter's role or title begins with a capital letter.

    **What it does.** Swedish writes titles in lower case: reports `Utvecklingsledare`
    after a presenter's name. Abbreviations (`IT-strateg`) are left alone.

    **Why.** Språkrådet's rule, and the house style of Swedish public administration.

    **Fails**: `Föredragande: Paula Broström, Utvecklingsledare, Region Dalarna`
    **Passes**: `Föredragande: Paula Broström, utvecklingsledare, Region Dalarna`

    **Fix.** Unsafe: lower-cases the first letter; a role may be part of a proper
    name ("Regionråd" as a title of office), so check it.
    """

    code = "VFR505"
    name = "role-capitalization"
    severity = Severity.WARNING
    fix = Applicability.UNSAFE
    messages = {
        "capital": ("Titeln «{role}» skrivs med liten bokstav i svenska", "The title «{role}» is written in lower case in Swedish"),
        "fix": ("Skriv «{lower}»", "Write «{lower}»"),
    }

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        text = ctx.source.text
        for block in ctx.facts(doc).presenter_blocks:
            for p in block.presenters:
                span = p.role_span
                if span is None:
                    continue
                word = text[span.start : span.end]
                if word[:1].isupper() and not word[1:2].isupper():
                    lower = word[0].lower() + word[1:]
                    edit = ctx.edit(span.start, span.start + 1, word[0].lower())
                    yield ctx.finding(
                        self, span, "capital", role=word,
                        fix=[edit], fix_message=ctx.message(self, "fix", lower=lower),
                    )
