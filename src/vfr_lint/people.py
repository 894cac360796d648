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

from .ast import Document, Justerare, Person, Presenter, Span

# A word (a letter, then letters, digits, `_` or `-`, ending in a letter or digit) or any
# other non-space character. The look-behind gives up the trailing `-`/`_` as
# `[^\W\d_](?:[\w-]*[^\W_])?` would, but without a backtracking group: twice as fast.
_TOKEN = re.compile(r"[^\W\d_][\w-]*(?<![\W_])|\S")
_group = re.Match.group

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


class _Tokens:
    """The words and punctuation of some lines: `values[k]` is the text of `matches[k]`;
    `line_starts` holds the index of each line's first token."""

    __slots__ = ("values", "matches", "line_starts")

    def __init__(self, text: str, lines: list[Span]):
        values: list[str] = []
        matches: list[re.Match[str]] = []
        line_starts: set[int] = set()
        for ls in lines:
            # C-level passes over each line: no Python code runs per token.
            line = [*_TOKEN.finditer(text, ls.start, ls.end)]
            # An empty line adds the index of the next line's first token, or one past the end.
            line_starts.add(len(values))
            values += map(_group, line)
            matches += line
        self.values = values
        self.matches = matches
        self.line_starts = line_starts


_Kind = tuple[bool, bool, bool]


class Lexicon:
    """Which words are organisations: the profile's member organisations plus common
    Swedish public-sector words."""

    def __init__(self, organisations: list[str]):
        words = set(ORG_WORDS)
        for org in organisations:
            words.update(w for w in org.split() if w[:1].isupper())
        self.org_words = frozenset(words)
        # word -> (is_org, is_role, is_name_word): the same words recur on every line.
        self._kinds: dict[str, _Kind] = {}

    def _kind(self, v: str) -> _Kind:
        kind = self._kinds.get(v)
        if kind is None:
            word = v[0].isalpha()
            lower = v.lower()
            org = v in self.org_words or (word and lower.endswith(ORG_ENDINGS))
            role = word and lower.endswith(ROLE_ENDINGS)
            name = word and v[0].isupper() and len(v) > 1 and any(ch.islower() for ch in v[1:]) and not org and not role
            kind = self._kinds[v] = (org, role, name)
        return kind

    def kinds(self, values: list[str]) -> list[_Kind]:
        """The kind of each word, from the cache where it is known."""
        get, kind = self._kinds.get, self._kind
        return [get(v) or kind(v) for v in values]

    def is_org(self, v: str) -> bool:
        return self._kind(v)[0]

    def is_role(self, v: str) -> bool:
        return self._kind(v)[1]

    def is_name_word(self, v: str) -> bool:
        return self._kind(v)[2]


_LEXICONS: dict[tuple[str, ...], Lexicon] = {}


def lexicon(organisations: list[str]) -> Lexicon:
    key = tuple(organisations)
    lex = _LEXICONS.get(key)
    if lex is None:
        lex = _LEXICONS[key] = Lexicon(organisations)
    return lex


def _find_names(toks: _Tokens, kinds: list[_Kind]) -> list[tuple[int, int]]:
    """(first, end) token indices of each name: two to four name words between a
    separator before and one after."""
    values, line_starts = toks.values, toks.line_starts
    n = len(values)
    names: list[tuple[int, int]] = []
    i = 0
    while i < n:
        if kinds[i][2] and (i == 0 or i in line_starts or values[i - 1] in _SEPARATORS or kinds[i - 1][0]):
            j = i + 1
            while j < n and j - i < 4 and kinds[j][2]:
                j += 1
            if j - i >= 2 and _boundary_after(values, kinds, j) and _plausible_after_comma(toks, kinds, i, j):
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


def _plausible_after_comma(toks: _Tokens, kinds: list[_Kind], i: int, j: int) -> bool:
    """A name right after a comma (not at a line start) must look like one: a known
    first name, or a role after it (`Name, role` / `Name role`)."""
    values = toks.values
    if i == 0 or i in toks.line_starts or values[i - 1] != ",":
        return True
    if values[i].split("-")[0] in FIRST_NAMES:
        return True
    k = j + 1 if j < len(values) and values[j] == "," else j
    return k < len(values) and values[k][0].isalpha() and (values[k][0].islower() or kinds[k][1])


def _boundary_after(values: list[str], kinds: list[_Kind], j: int) -> bool:
    if j == len(values):
        return True
    nxt = values[j]
    if nxt in ("och", "samt"):
        # "Tanja Mårtensson och Stefan Nielsen": a name follows; not "Hälso och sjukvård".
        return j + 2 < len(values) and kinds[j + 1][2] and kinds[j + 2][2]
    return nxt in _NAME_ENDS or kinds[j][1] or kinds[j][0]


_NAME_ENDS = frozenset({",", ";", "(", ".", ":"})
_ENTRY_TAIL = frozenset({",", "och", "samt", ".", ";"})  # joins an entry to the next
_ROLE_LEAD = frozenset({",", "-", "–"})


def read_presenters(text: str, lines: list[Span], mkspan: Callable[[int, int], Span], organisations: list[str]) -> list[Presenter]:
    toks = _Tokens(text, lines)
    values, matches = toks.values, toks.matches
    kinds = lexicon(organisations).kinds(values)
    names = _find_names(toks, kinds)
    presenters: list[Presenter] = []
    for n, (i, j) in enumerate(names):
        entry_end = names[n + 1][0] if n + 1 < len(names) else len(values)
        # Drop the separator that joins this entry to the next ("," or "och").
        last = entry_end - 1
        while last >= j and values[last] in _ENTRY_TAIL:
            last -= 1
        start = matches[i].start()
        presenter = Presenter(
            " ".join(values[i:j]),
            mkspan(start, matches[max(last, j - 1)].end()),
            mkspan(start, matches[j - 1].end()),
        )
        k = j
        while k < entry_end and values[k] in _ROLE_LEAD:
            k += 1
        if k <= last and values[k][0].isalpha() and not kinds[k][0] and (values[k][0].islower() or kinds[k][1]):
            r_end = k
            while r_end + 1 <= last and values[r_end + 1] != ",":
                r_end += 1
            presenter.role = " ".join(text[matches[k].start() : matches[r_end].end()].split())
            presenter.role_span = mkspan(*matches[k].span())
            k = r_end + 1
        org = " ".join([v for v in values[k : last + 1] if v != ","]).strip()
        presenter.organisation = org or None
        presenters.append(presenter)
    return presenters


_ENTRY_SEPARATORS = frozenset({",", ";", "samt"})


def read_attendance(text: str, lines: list[Span], mkspan: Callable[[int, int], Span], organisations: list[str]) -> list[Person]:
    """Best effort: prose (`Name Organisation (ordförande), ...`) is split at commas;
    table rows (`Organisation Name Name ...`, flattened from Word) into two-word names."""
    toks = _Tokens(text, lines)
    values = toks.values
    n = len(values)
    if not n:
        return []
    kinds = lexicon(organisations).kinds(values)
    prose = "," in values
    # Each entry is a range of token indices: between separators in prose, a line in a table.
    if prose:
        bounds = [k for k, v in enumerate(values) if v in _ENTRY_SEPARATORS]
        entries = zip([0] + [k + 1 for k in bounds], bounds + [n], strict=True)
    else:
        firsts = sorted(k for k in toks.line_starts if k < n)  # starts with 0
        entries = zip(firsts, firsts[1:] + [n], strict=True)
    persons: list[Person] = []
    for a, b in entries:
        persons += _persons_in_entry(text, toks, kinds, a, b, mkspan, split_pairs=not prose)
    return persons


def _persons_in_entry(
    text: str, toks: _Tokens, kinds: list[_Kind], a: int, b: int, mkspan: Callable[[int, int], Span], split_pairs: bool
) -> list[Person]:
    """The people in tokens a..b: each run of name words is a name (in a table, a run is
    split into two-word names); a chair marker after a name gives it its role."""
    values, matches = toks.values, toks.matches
    persons: list[Person] = []
    organisation: str | None = None
    run = -1  # the first index of the current run of name words
    k = a
    while k <= b:
        if k < b and kinds[k][2]:
            if run < 0:
                run = k
            k += 1
            continue
        if run >= 0:
            if k - run >= 2:
                if not persons:
                    organisation = " ".join([values[o] for o in range(a, b) if kinds[o][0]]) or None
                # A table row's run is split into two-word names; an odd last word
                # belongs to the name before it. Prose has one name per run.
                if split_pairs:
                    cuts = [*range(run, k - 1, 2)]
                    cuts[-1:] = [cuts[-1] if (k - run) % 2 == 0 else k - 3]
                else:
                    cuts = [run]
                for p, q in zip(cuts, cuts[1:] + [k], strict=True):
                    name = " ".join(values[p:q])
                    persons.append(Person(name, mkspan(matches[p].start(), matches[q - 1].end()), organisation))
            run = -1
        if k == b:
            break
        v = values[k]
        if persons and (v == "(" or v.lower().startswith(("ordf", "v"))):
            m = _CHAIR.match(text, matches[k].start())
            if m and m.group(0).strip():
                persons[-1].role = "vice ordförande" if m.group(1) else "ordförande"
                chair_end = m.end()
                while k < b and matches[k].start() < chair_end:
                    k += 1
                continue
        k += 1
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


_JUSTERARE_WORD = "justerare"


def read_justerare(text: str, doc: Document, mkspan: Callable[[int, int], Span]) -> list[Justerare]:
    """Who the minutes appoint as justerare: in a decision clause, in running text, or a
    `Justerare:` header field."""
    found: list[Justerare] = []
    # Every pattern contains the word "justerare": a paragraph without it is not searched.
    if _JUSTERARE_WORD in text:
        spans = [c.span for c in doc.clauses]
        spans += [p.span for i in doc.items for b in i.all_bodies() for p in b.paragraphs]
        chunks = [(span, chunk) for span in spans if _JUSTERARE_WORD in (chunk := text[span.start : span.end])]
        chunks.sort(key=lambda sc: sc[0].start)
    else:
        chunks = []
    for span, chunk in chunks:
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
