"""VFR9xx: across documents, when several files (or a repository) are linted together.

The rules' per-document `check()` yields nothing: their findings come from
`check_corpus()`, which vfr_lint.corpus runs once all files of a run are linted, on
the facts gathered from each document. A run that lints a single document (and the
language server, which lints one document at a time) gets no VFR9xx findings.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import lru_cache
from typing import TYPE_CHECKING

from ..ast import Document
from ..corpus import DocumentFacts, Mention, Report, levenshtein
from ..findings import Finding, Severity
from ..people import normalise_name
from ..rule import Context, Rule

if TYPE_CHECKING:
    from ..api import Settings

Facts = Mapping[str, DocumentFacts]
SettingsFor = Callable[[str], "Settings"]


class PreviousMinutesNotFound(Rule):
    """The previous minutes the document refers to are not among the linted documents.

    **What it does.** When several documents are linted together, reads the date in
    the item for the previous minutes (`4. Föregående minnesanteckningar 250213`,
    YYMMDD or ISO) and looks for a linted document of the same body (the profile's
    `body`, e.g. Välfärdsrådet) whose meeting date is that day. Reports the date when
    there is none. A date that is no real day or not before the meeting is VFR208's.
    Only applies when more than one document is linted in a run; the language server
    lints one document at a time and never reports it.

    **Why.** Minutes approve the previous minutes by their date; a date that matches
    no meeting in the archive points at minutes that are missing or at a typo.

    **Fails**: minutes of 2025-04-25 with `Föregående minnesanteckningar 250213`,
    linted with the council's other minutes, none of them from 2025-02-13.
    **Passes**: the same, with the minutes of 2025-02-13 among the linted files.

    **Fix.** None: correct the date, or add the missing minutes to the archive.
    """

    code = "VFR901"
    name = "previous-minutes-not-found"
    severity = Severity.WARNING
    messages = {
        "missing": (
            "Föregående minnesanteckningar ({date}) finns inte bland de granskade dokumenten för {body}",
            "The previous minutes ({date}) are not among the linted documents of {body}",
        ),
    }

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        return iter(())  # across documents: see check_corpus

    @classmethod
    def check_corpus(cls, facts: Facts, settings_for: SettingsFor) -> Iterator[Report]:
        by_date: dict[tuple[str, str], set[str]] = defaultdict(set)
        for path, f in facts.items():
            if f.meeting is not None:
                by_date[(f.body, f.meeting)].add(path)
        for path, f in facts.items():
            for m in f.previous:
                if f.meeting is not None and m.value >= f.meeting:
                    continue  # not earlier than the meeting: VFR208
                if by_date.get((f.body, m.value), set()) - {path}:
                    continue
                yield Report(path, m.place, "missing", {"date": m.text, "body": f.body})


@lru_cache(maxsize=65536)
def _letters(word: str) -> int:
    return sum(ch.isalpha() for ch in word)


def similar(a: str, b: str) -> bool:
    """Two different spellings of one name? Conservative: same number of words, at
    least one word identical when there are several, each differing word at least 5
    letters long and within edit distance 1 (2 for words of 8 letters or more), the
    whole name within 1–2 edits and at least 5 letters long. `a` and `b` are
    normalised (normalise_name)."""
    if a == b or abs(len(a) - len(b)) > 2:  # more than two edits apart: cheap reject
        return False
    wa, wb = a.split(), b.split()
    if len(wa) != len(wb):
        return False
    differing = [(x, y) for x, y in zip(wa, wb, strict=True) if x != y]
    if not differing or len(differing) > 2 or (len(wa) > 1 and len(differing) == len(wa)):
        return False
    if min(_letters(a), _letters(b)) < 5:
        return False
    total = 0
    for x, y in differing:
        if abs(len(x) - len(y)) > 2:
            return False
        shortest = min(_letters(x), _letters(y))
        if shortest < 5:
            return False
        d = levenshtein(x, y, 2)
        if d > (2 if shortest >= 8 else 1):
            return False
        total += d
    return 1 <= total <= 2


@lru_cache(maxsize=4096)  # first names recur in many names; a set is ~50 strings
def _deletions(word: str) -> frozenset[str]:
    """The strings left after deleting at most as many characters from `word` as a
    differing word may be edits away in similar(): none for a word under 5 letters
    (it may not differ at all), 1 for one under 8 letters, else 2."""
    letters = _letters(word)
    depth = 0 if letters < 5 else (1 if letters < 8 else 2)
    found = {word} if depth else set()
    frontier = {word}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1 :] for w in frontier for i in range(len(w))}
        found |= frontier
    return frozenset(found)


class NameIndex:
    """Normalised names, indexed so that the names similar() to one are found without
    comparing it with every other name.

    Why no similar pair is missed: similar() wants the same number of words, equal but
    for one or two of them, each differing pair of words of 5 letters or more and
    within 1 edit (2 when both have 8 letters or more). Two words within k edits leave
    the same string once at most k characters are deleted from each (the substituted
    characters from both, an inserted one from the word that has it). So a candidate
    is the name with one (or, for names of three words or more, two) of its words
    replaced by a word that shares such a deletion with it (_deletions); similar()
    then decides.
    """

    def __init__(self, keys: Iterable[str]):
        self.keys = set(keys)
        self._words: dict[str, set[str]] = defaultdict(set)  # deletion -> words with it
        for word in {w for key in self.keys for w in key.split()}:
            for d in _deletions(word):
                self._words[d].add(word)

    def _close(self, word: str) -> set[str]:
        """The indexed words that may be a differing word's counterpart to `word`."""
        found: set[str] = set()
        for d in _deletions(word):
            found |= self._words.get(d, set())
        found.discard(word)
        return found

    def similar_to(self, key: str) -> list[str]:
        """The indexed names similar() to `key` (itself excluded), sorted."""
        words = key.split()
        close = [self._close(w) for w in words]
        candidates: set[str] = set()
        for i, others in enumerate(close):
            for y in others:
                candidates.add(" ".join(words[:i] + [y] + words[i + 1 :]))
            if len(words) < 3:
                continue  # two words both differing: never similar
            for j in range(i + 1, len(words)):
                for y in others:
                    for z in close[j]:
                        candidates.add(" ".join(words[:i] + [y] + words[i + 1 : j] + [z] + words[j + 1 :]))
        return sorted(c for c in candidates if c in self.keys and similar(c, key))


class RosterSpelling(Rule):
    """A person's name is spelled slightly differently than elsewhere.

    **What it does.** When several documents are linted together, compares the names
    of the people in them (attendance, presenters, justerare). A name that differs
    slightly from a name in the configured roster is reported with the roster's
    spelling. Otherwise, a name that differs slightly from a spelling used in more of
    the linted documents (at least two) is reported at each occurrence of the minority
    spelling. Two equally common spellings are both reported, each naming the other:
    nothing tells which is right, but one of them is wrong.
    Only applies when more than one document is linted in a run; the language server
    lints one document at a time and never reports it.

    "Slightly" is kept conservative to avoid flagging two different people: the same
    number of words, at least one word identical (for names of several words), each
    differing word of at least 5 letters and 1 edit away (2 for words of 8 letters or
    more), 1–2 edits in all.

    Option (`[tool.vfr-lint.rules.roster-spelling]`): `roster = ["Brita Sohlin", ...]`,
    the right spellings of the council's members and regular presenters.

    **Why.** A misspelled name makes a person hard to find in the archive, and is
    discourteous in a public record.

    **Fails**: `Britta Sohlin` in one document, `Brita Sohlin` in two others (or in
    the roster).
    **Passes**: `Brita Sohlin` everywhere.

    **Fix.** None: check the spelling with the person.
    """

    code = "VFR902"
    name = "roster-spelling"
    severity = Severity.WARNING
    options = {"roster": []}
    messages = {
        "roster": (
            "«{name}» stavas «{expected}» i namnlistan",
            "«{name}» is spelled «{expected}» in the roster",
        ),
        "majority": (
            "«{name}» stavas «{expected}» i {count} av de granskade dokumenten",
            "«{name}» is spelled «{expected}» in {count} of the linted documents",
        ),
        "variant": (
            "«{name}» stavas «{other}» i lika många av de granskade dokumenten: vilken stavning är rätt?",
            "«{name}» is spelled «{other}» in as many of the linted documents: which spelling is right?",
        ),
    }

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        return iter(())  # across documents: see check_corpus

    @classmethod
    def check_corpus(cls, facts: Facts, settings_for: SettingsFor) -> Iterator[Report]:
        # normalised name -> the numbers of the documents with it, ascending (a list of
        # shared ints is a fraction of the size of a set of paths, for thousands of names)
        docs: dict[str, list[int]] = defaultdict(list)
        spellings: dict[str, Counter[str]] = defaultdict(Counter)
        for number, f in enumerate(facts.values()):
            for m in f.names:
                key = normalise_name(m.value)
                held = docs[key]
                if not held or held[-1] != number:
                    held.append(number)
                spellings[key][m.value] += 1
        shown = {k: sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] for k, c in spellings.items()}
        index = NameIndex(docs)  # each distinct name is compared once, with its likely rivals only
        majority: dict[str, str | None] = {}
        tied: dict[str, str] = {}
        for key in docs:
            rivals = index.similar_to(key)
            better = [k for k in rivals if len(docs[k]) >= 2 and len(docs[k]) > len(docs[key])]
            best = max(better, key=lambda k: len(docs[k]), default=None)
            if best is not None and sum(len(docs[k]) == len(docs[best]) for k in better) > 1:
                best = None  # two spellings more common, and as common as each other
            majority[key] = best
            equal = [k for k in rivals if len(docs[k]) == len(docs[key]) and docs[k] != docs[key]]  # not in the same documents
            if best is None and not better and len(equal) == 1:
                tied[key] = equal[0]  # Brita Sohlin here, Britta Sohlin there: one is wrong
        rosters: dict[int, tuple[dict[str, str], list[str]]] = {}
        for path, f in facts.items():
            roster = cls._roster(settings_for(path), rosters)
            for m in f.names:
                yield from cls._one(path, m, roster, majority, docs, shown, tied)

    @staticmethod
    def _roster(settings: Settings, seen: dict) -> tuple[dict[str, str], NameIndex, dict[str, list[str]]]:
        key = id(settings)
        if key not in seen:
            value = settings.options.get(RosterSpelling.code, {}).get("roster", [])
            names = [" ".join(n.split()) for n in value if isinstance(n, str) and n.strip()] if isinstance(value, list) else []
            exact = {normalise_name(n): n for n in names}
            seen[key] = (exact, NameIndex(exact), {})  # the last: name -> close roster names
        return seen[key]

    @staticmethod
    def _one(path: str, m: Mention, roster, majority, docs, shown, tied) -> Iterator[Report]:
        exact, index, known = roster
        key = normalise_name(m.value)
        if key in exact:
            return
        if key not in known:  # a name recurs in many documents: look it up once
            known[key] = index.similar_to(key)
        close = known[key]
        if len(close) == 1:
            yield Report(path, m.place, "roster", {"name": m.value, "expected": exact[close[0]]})
            return
        if close:
            return  # near two roster names: ambiguous
        best = majority.get(key)
        if best is not None:
            yield Report(path, m.place, "majority", {"name": m.value, "expected": shown[best], "count": len(docs[best])})
        elif key in tied and not roster[0]:
            yield Report(path, m.place, "variant", {"name": m.value, "other": shown[tied[key]]})


class DuplicateDnr(Rule):
    """Two documents carry the same Dnr.

    **What it does.** When several documents are linted together, compares their Dnr
    values (`Dnr: HSN 2025/936`, or a Dnr in a title; spacing ignored). Reports the
    Dnr in each document that shares it, naming the other files. Only applies when
    more than one document is linted in a run; the language server lints one
    document at a time and never reports it.

    **Why.** Each set of minutes is filed under its own Dnr; a Dnr copied from the
    previous minutes files the new ones under the old case.

    **Fails**: `Dnr: HSN 2025/936` in the minutes of 2025-02-13 and of 2025-04-25.
    **Passes**: `Dnr: HSN 2025/311` and `Dnr: HSN 2025/936`.

    **Fix.** None: ask the registrator for the right number.
    """

    code = "VFR903"
    name = "duplicate-dnr"
    severity = Severity.ERROR
    messages = {
        "duplicate": (
            "Dnr «{dnr}» finns också i {others}",
            "The Dnr «{dnr}» is also in {others}",
        ),
    }

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        return iter(())  # across documents: see check_corpus

    @classmethod
    def check_corpus(cls, facts: Facts, settings_for: SettingsFor) -> Iterator[Report]:
        holders: dict[str, set[str]] = defaultdict(set)
        for path, f in facts.items():
            for m in f.dnr:
                holders[m.value.upper()].add(path)
        for path, f in facts.items():
            done: set[str] = set()
            for m in f.dnr:
                key = m.value.upper()
                others = sorted(holders[key] - {path})
                if key in done or not others:
                    continue
                done.add(key)
                yield Report(path, m.place, "duplicate", {"dnr": m.value, "others": ", ".join(others)})


CORPUS_RULES: tuple[type, ...] = (PreviousMinutesNotFound, RosterSpelling, DuplicateDnr)
