"""Reading people out of free text: presenters, attendance, the justerare.

Minutes name people in running text (`Roger Larsson, Chefsläkare och Olof Ehrs,
Vaccinationssamordnare Region Dalarna`). A person's name here is a run of two to four
capitalised words that are neither an organisation nor a title, standing after a
separator (start, comma, `och`, a line break, an organisation) and before one (end,
comma, a title, an organisation). Titles are recognised by their lower-case first
letter or by a Swedish title ending (-ledare, -läkare, -samordnare, ...).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .ast import Document, Justerare, Person, Presenter, Span

_TOKEN = re.compile(r"[^\W\d_](?:[\w-]*[^\W_])?|\S")

ROLE_ENDINGS = (
    "ledare", "läkare", "samordnare", "analytiker", "chef", "sekreterare", "handläggare",
    "strateg", "direktör", "ansvarig", "ombud", "utredare", "controller", "koordinator",
    "konsult", "expert", "specialist", "rådgivare", "sköterska", "kurator", "psykolog",
    "ordförande", "inspektör", "planerare", "förvaltare", "ekonom", "jurist", "råd",
    "chefer", "pedagog", "terapeut", "assistent", "ingenjör", "representant", "företrädare",
    "medarbetare", "skötare", "arbetare", "ansvariga", "officer", "agent", "tekniker",
)
ORG_ENDINGS = (
    "avdelningen", "förvaltningen", "enheten", "myndigheten", "styrelsen", "nämnden",
    "kontoret", "regionen", "kommun", "kommunen", "centrum", "centret", "verket",
)
ORG_WORDS = frozenset({"Region", "Regionen", "Länsstyrelsen", "Division", "Kommun", "SKR", "Dalarna", "Dalarnas"})
_SEPARATORS = frozenset({",", ".", ";", ")", "och", "samt", "&", "/", ":"})
_CHAIR = re.compile(r"\(?\s*\b(v(?:ice)?\.?\s*)?ordf(?:örande)?\b\.?\s*\)?", re.I)


@dataclass(slots=True)
class _Tok:
    value: str
    start: int
    end: int
    line_start: bool

    @property
    def is_word(self) -> bool:
        return self.value[0].isalpha()


class Lexicon:
    """Which words are organisations: the profile's member organisations plus common
    Swedish public-sector words."""

    def __init__(self, organisations: list[str]):
        words = set(ORG_WORDS)
        for org in organisations:
            words.update(w for w in org.split() if w[:1].isupper())
        self.org_words = frozenset(words)
        # word -> (is_org, is_role, is_name_word): the same words recur on every line.
        self._kinds: dict[str, tuple[bool, bool, bool]] = {}

    def _kind(self, v: str) -> tuple[bool, bool, bool]:
        kind = self._kinds.get(v)
        if kind is None:
            word = v[0].isalpha()
            lower = v.lower()
            org = v in self.org_words or (word and lower.endswith(ORG_ENDINGS))
            role = word and lower.endswith(ROLE_ENDINGS)
            name = word and v[0].isupper() and len(v) > 1 and any(ch.islower() for ch in v[1:]) and not org and not role
            kind = self._kinds[v] = (org, role, name)
        return kind

    def is_org(self, t: _Tok) -> bool:
        return self._kind(t.value)[0]

    def is_role(self, t: _Tok) -> bool:
        return self._kind(t.value)[1]

    def is_name_word(self, t: _Tok) -> bool:
        return self._kind(t.value)[2]


_LEXICONS: dict[tuple[str, ...], Lexicon] = {}


def lexicon(organisations: list[str]) -> Lexicon:
    key = tuple(organisations)
    if key not in _LEXICONS:
        _LEXICONS[key] = Lexicon(organisations)
    return _LEXICONS[key]


def _tokens(text: str, lines: list[Span]) -> list[_Tok]:
    toks: list[_Tok] = []
    for ls in lines:
        first = True
        for m in _TOKEN.finditer(text, ls.start, ls.end):
            toks.append(_Tok(m.group(), m.start(), m.end(), first))
            first = False
    return toks


def _find_names(toks: list[_Tok], lex: Lexicon) -> list[tuple[int, int]]:
    names: list[tuple[int, int]] = []
    i = 0
    while i < len(toks):
        if lex.is_name_word(toks[i]) and _boundary_before(toks, i, lex):
            j = i
            while j < len(toks) and j - i < 4 and lex.is_name_word(toks[j]):
                j += 1
            if j - i >= 2 and _boundary_after(toks, j, lex) and _plausible_after_comma(toks, i, j, lex):
                names.append((i, j))
                i = j
                continue
        i += 1
    return names


# Common Swedish first names: evidence that a capitalised pair after a comma is a person
# ("…, Agneta Haraldsson") and not a unit ("…, Omställning Hälso och sjukvård").
FIRST_NAMES = frozenset(
    """Agneta Anders Andreas Anette Anita Ann Anna Anne Annelie Annika Åsa Barbro Bengt Berit
    Bert Birgitta Björn Bo Britt Britta Camilla Carina Carl Caroline Cecilia Charlotte
    Christer Christina Christopher Crister Daniel David Elin Elisabeth Emil Emma Erik Eva
    Fredrik Gunilla Gustav Hans Helena Henrik Håkan Ingrid Jan Jenny Jesper Jessica Johan
    Johanna Jonas Jonathan Josefin Jörgen Kajsa Karin Karl Katarina Kenneth Kerstin Kristina
    Lars Leif Lena Lennart Linda Linnea Lisa Magnus Malin Maria Marianne Marie Martin Mats
    Matilda Mattias Mikael Monica Niklas Nils Ola Olof Oskar Patrik Per Peter Robert Roger
    Sara Sebastian Sofia Stefan Stina Sune Susanne Sven Tanja Thomas Tobias Tom Ulf Ulla
    Ulrika Viktor Åke Örjan""".split()
)


def _plausible_after_comma(toks: list[_Tok], i: int, j: int, lex: Lexicon) -> bool:
    """A name right after a comma (not at a line start) must look like one: a known
    first name, or a role after it (`Name, role` / `Name role`)."""
    if i == 0 or toks[i].line_start or toks[i - 1].value != ",":
        return True
    if toks[i].value.split("-")[0] in FIRST_NAMES:
        return True
    k = j + 1 if j < len(toks) and toks[j].value == "," else j
    return k < len(toks) and toks[k].is_word and (toks[k].value[0].islower() or lex.is_role(toks[k]))


def _boundary_before(toks: list[_Tok], i: int, lex: Lexicon) -> bool:
    if i == 0 or toks[i].line_start:
        return True
    prev = toks[i - 1]
    return prev.value in _SEPARATORS or lex.is_org(prev)


def _boundary_after(toks: list[_Tok], j: int, lex: Lexicon) -> bool:
    if j == len(toks):
        return True
    nxt = toks[j]
    if nxt.value in ("och", "samt"):
        # "Tanja Mårtensson och Stefan Nielsen": a name follows; not "Hälso och sjukvård".
        return j + 2 < len(toks) and lex.is_name_word(toks[j + 1]) and lex.is_name_word(toks[j + 2])
    return nxt.value in {",", ";", "(", ".", ":"} or lex.is_role(nxt) or lex.is_org(nxt)


def read_presenters(text: str, lines: list[Span], mkspan: Callable[[int, int], Span], organisations: list[str]) -> list[Presenter]:
    lex = lexicon(organisations)
    toks = _tokens(text, lines)
    names = _find_names(toks, lex)
    presenters: list[Presenter] = []
    for n, (i, j) in enumerate(names):
        entry_end = names[n + 1][0] if n + 1 < len(names) else len(toks)
        # Drop the separator that joins this entry to the next ("," or "och").
        last = entry_end - 1
        while last >= j and toks[last].value in {",", "och", "samt", ".", ";"}:
            last -= 1
        name = " ".join(t.value for t in toks[i:j])
        presenter = Presenter(
            name,
            mkspan(toks[i].start, toks[max(last, j - 1)].end),
            mkspan(toks[i].start, toks[j - 1].end),
        )
        k = j
        while k < entry_end and toks[k].value in {",", "-", "–"}:
            k += 1
        if k <= last and toks[k].is_word and not lex.is_org(toks[k]) and (toks[k].value[0].islower() or lex.is_role(toks[k])):
            r_end = k
            while r_end + 1 <= last and toks[r_end + 1].value != ",":
                r_end += 1
            presenter.role = " ".join(text[toks[k].start : toks[r_end].end].split())
            presenter.role_span = mkspan(toks[k].start, toks[k].end)
            org_toks = toks[r_end + 1 : last + 1]
        else:
            org_toks = toks[k : last + 1]
        org = " ".join(t.value for t in org_toks if t.value != ",").strip()
        presenter.organisation = org or None
        presenters.append(presenter)
    return presenters


def read_attendance(text: str, lines: list[Span], mkspan: Callable[[int, int], Span], organisations: list[str]) -> list[Person]:
    """Best effort: prose (`Name Organisation (ordförande), ...`) is split at commas;
    table rows (`Organisation Name Name ...`, flattened from Word) into two-word names."""
    lex = lexicon(organisations)
    toks = _tokens(text, lines)
    prose = any(t.value == "," for t in toks)
    if prose:
        entries: list[list[_Tok]] = [[]]
        for t in toks:
            if t.value in {",", ";", "samt"}:
                entries.append([])
            else:
                entries[-1].append(t)
    else:
        entries = []
        for t in toks:
            if t.line_start or not entries:
                entries.append([])
            entries[-1].append(t)
    persons: list[Person] = []
    for entry in entries:
        persons.extend(_persons_in_entry(text, entry, lex, mkspan, split_pairs=not prose))
    return persons


def _persons_in_entry(text, entry: list[_Tok], lex: Lexicon, mkspan, split_pairs: bool) -> list[Person]:
    orgs = [t.value for t in entry if lex.is_org(t)]
    organisation = " ".join(orgs) or None
    persons: list[Person] = []
    run: list[_Tok] = []

    def flush():
        if split_pairs:
            chunks = [run[k : k + 2] for k in range(0, len(run), 2)] if len(run) >= 2 else []
        else:
            chunks = [run] if len(run) >= 2 else []
        for chunk in chunks:
            if len(chunk) == 1 and persons:  # an odd last word belongs to the name before
                prev = persons[-1]
                prev.name += " " + chunk[0].value
                prev.span = mkspan(prev.span.start, chunk[0].end)
                continue
            persons.append(Person(" ".join(t.value for t in chunk), mkspan(chunk[0].start, chunk[-1].end), organisation))
        run.clear()

    k = 0
    while k < len(entry):
        t = entry[k]
        if lex.is_name_word(t):
            run.append(t)
            k += 1
            continue
        flush()
        if t.value == "(" or t.value.lower().startswith(("ordf", "v")):
            m = _CHAIR.match(text, t.start)
            if m and persons and m.group(0).strip():
                persons[-1].role = "vice ordförande" if m.group(1) else "ordförande"
                while k < len(entry) and entry[k].start < m.end():
                    k += 1
                continue
        k += 1
    flush()
    return persons


_JUSTERARE_PATTERNS = [
    re.compile(
        r"\b(?:utse|utses|välja|väljs|valdes|utsågs)\s+(?P<name>[A-ZÅÄÖÉ][\w-]+(?:\s+[A-ZÅÄÖÉ][\w-]+){1,3})\s+(?:till|som)\s+justerare"
    ),
    re.compile(
        r"\b[Tt]ill\s+justerare\s+(?:valdes|utsågs|utses|väljs|utsåg[s]?)\s+(?P<name>[A-ZÅÄÖÉ][\w-]+(?:\s+[A-ZÅÄÖÉ][\w-]+){1,3})"
    ),
    re.compile(r"(?P<name>[A-ZÅÄÖÉ][\w-]+(?:\s+[A-ZÅÄÖÉ][\w-]+){1,3})\s+(?:valdes|utsågs|utses)\s+(?:till|som)\s+justerare"),
]


def read_justerare(text: str, doc: Document, mkspan: Callable[[int, int], Span]) -> list[Justerare]:
    """Who the minutes appoint as justerare: in a decision clause, in running text, or a
    `Justerare:` header field."""
    found: list[Justerare] = []
    spans = [c.span for c in doc.clauses]
    spans += [p.span for i in doc.items for b in i.all_bodies() for p in b.paragraphs]
    for span in sorted(spans, key=lambda s: s.start):
        chunk = text[span.start : span.end]
        for pattern in _JUSTERARE_PATTERNS:
            m = pattern.search(chunk)
            if m:
                name = " ".join(m.group("name").split())
                found.append(Justerare(name, mkspan(span.start + m.start("name"), span.start + m.end("name"))))
                break
    for f in doc.header.get("justerare"):
        if f.value and f.value_span:
            found.append(Justerare(f.value.strip(" ."), f.value_span))
    return found


def normalise_name(name: str) -> str:
    return " ".join(name.split()).casefold()


def mentions(haystack: str, name: str) -> bool:
    """Does `name` occur in `haystack` as whole words, whatever the spacing and line
    wrapping? ("Åsa Berg" is not in "Åsa Bergkvist".)"""
    needle = normalise_name(name)
    if not needle:
        return False
    pattern = r"(?<![\w-])" + re.escape(needle) + r"(?![\w-])"
    return re.search(pattern, normalise_name(haystack)) is not None
