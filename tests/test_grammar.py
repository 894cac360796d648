"""The grammar (grammar/minutes.lark) and the typed AST it builds, on the two real seed
documents and on small synthetic ones. Line numbers are those of the file as stored."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from lark import Lark
from lark import logger as lark_logger

from vfr_lint.api import default_settings, lint_text, parse_document
from vfr_lint.ast import AgendaItem, Document
from vfr_lint.source import source_from_bytes, source_from_text

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
SEED_000 = FIXTURES / "000_f9f2acdc3d3ad322.txt"
SEED_003 = FIXTURES / "003_3d823900d853d8c7.txt"
GRAMMAR = ROOT / "grammar" / "minutes.lark"


def _organisations() -> list[str]:
    return default_settings().profile.organisations


def parse(text: str, path: str = "minutes.txt") -> Document:
    return parse_document(source_from_text(text, path), _organisations())


@pytest.fixture(scope="module")
def doc000() -> Document:
    return parse(SEED_000.read_text(encoding="utf-8"), str(SEED_000))


@pytest.fixture(scope="module")
def doc003() -> Document:
    return parse(SEED_003.read_text(encoding="utf-8"), str(SEED_003))


def item(doc: Document, number: int) -> AgendaItem:
    (found,) = [i for i in doc.items if i.number == number]
    return found


def squash(text: str | None) -> str | None:
    return None if text is None else " ".join(text.split())


# --- the grammar itself ----------------------------------------------------------------------
class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _lalr_messages(grammar: str) -> list[str]:
    """Build an LALR parser with debug=True and return what lark logs while doing so.
    lark/parsers/lalr_analysis.py logs each shift/reduce conflict ("Shift/Reduce conflict
    for terminal ...", resolved as shift) and raises GrammarError on a reduce/reduce
    collision ("Reduce/Reduce collision in ...")."""
    handler = _Capture()
    old_level = lark_logger.level
    lark_logger.addHandler(handler)
    lark_logger.setLevel(logging.DEBUG)
    try:
        Lark(grammar, parser="lalr", lexer="contextual", debug=True, maybe_placeholders=False)
    except Exception as exc:  # noqa: BLE001 - a reduce/reduce collision is raised, not logged
        handler.messages.append(str(exc))
    finally:
        lark_logger.removeHandler(handler)
        lark_logger.setLevel(old_level)
    return handler.messages


def test_grammar_has_no_lalr_conflicts():
    messages = _lalr_messages(GRAMMAR.read_text(encoding="utf-8"))
    conflicts = [m for m in messages if "Shift/Reduce" in m or "Reduce/Reduce" in m]
    assert conflicts == []


def test_conflict_detection_works():
    """The check above would see a conflict: a classic dangling-else grammar has one."""
    grammar = r"""
    start: stmt
    stmt: "if" "x" stmt ("else" stmt)? | "y"
    %ignore " "
    """
    messages = _lalr_messages(grammar)
    assert any("Shift/Reduce" in m for m in messages), messages
    rr = _lalr_messages('start: a | b\na: "x"\nb: "x"\n')
    assert any("Reduce/Reduce" in m for m in rr), rr


# --- the pre-generated tables ------------------------------------------------------------------
def test_generated_tables_are_up_to_date():
    """src/vfr_lint/_minutes_tables.py is the grammar compiled ahead of time; it must be
    regenerated (`python scripts/generate.py`) whenever grammar/minutes.lark changes."""
    from vfr_lint import _minutes_tables
    from vfr_lint.parser import tables

    assert _minutes_tables.GRAMMAR == GRAMMAR.read_text(encoding="utf-8"), (
        "grammar/minutes.lark changed: run `python scripts/generate.py`"
    )
    assert tables() is _minutes_tables.TABLES


def test_generated_tables_match_what_lark_computes_now():
    """Same rules and lexers as Lark gives for the grammar today (state numbers differ
    from one Lark run to the next, so the tables are compared up to them)."""
    from vfr_lint import _minutes_tables
    from vfr_lint.builder import MinutesBuilder
    from vfr_lint.lalr import describe
    from vfr_lint.parser import lark_parser

    builder = MinutesBuilder()
    fresh = describe(lark_parser(GRAMMAR.read_text(encoding="utf-8"), builder), builder)
    generated = _minutes_tables.TABLES
    assert sorted(map(repr, fresh["rules"])) == sorted(map(repr, generated["rules"]))
    assert sorted(fresh["lexers"]) == sorted(generated["lexers"])
    assert len(fresh["actions"]) == len(generated["actions"])


def test_generate_writes_plain_data_that_imports():
    """scripts/generate.py's output is Python literals (no Lark Token reprs), made from
    the grammar as it is, whether Lark compiles it afresh or loads its cache."""
    import importlib.util

    from vfr_lint import _minutes_tables

    spec = importlib.util.spec_from_file_location("generate", Path(__file__).parent.parent / "scripts" / "generate.py")
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    namespace: dict = {}
    exec(generate.parser_tables(), namespace)  # noqa: S102 - our own generated module
    tables = namespace["TABLES"]
    assert namespace["GRAMMAR"] == GRAMMAR.read_text(encoding="utf-8")
    assert sorted(map(repr, tables["rules"])) == sorted(map(repr, _minutes_tables.TABLES["rules"]))
    names = [n for rule in tables["rules"] for n in rule[1:3]] + [k for row in tables["actions"].values() for k in row]
    assert {type(n) for n in names} == {str}


@pytest.mark.parametrize("seed", [SEED_000, SEED_003], ids=["000", "003"])
def test_generated_tables_build_what_lark_builds(seed: Path):
    """The lean loop on the generated tables and Lark parsing the grammar text give the
    same AST (tests/test_lalr.py tries many more texts)."""
    from vfr_lint.parser import parse, parse_with_lark_loop

    source = source_from_text(seed.read_text(encoding="utf-8"), "minutes.txt")
    ours, lark_own = parse(source, _organisations()), parse_with_lark_loop(source, _organisations())
    assert ours == lark_own
    assert len(ours[0].items) >= 5


def test_stale_tables_fall_back_to_lark(monkeypatch):
    """A grammar edited after generating the tables is still the grammar that parses."""
    from vfr_lint import _minutes_tables, parser

    monkeypatch.setattr(_minutes_tables, "GRAMMAR", "start: an_older_grammar")
    parser.tables.cache_clear()
    try:
        fresh = parser.tables()
        assert fresh is not _minutes_tables.TABLES
        assert len(fresh["actions"]) == len(_minutes_tables.TABLES["actions"])
    finally:
        parser.tables.cache_clear()


def test_tables_that_expect_another_builder_are_refused():
    """Tables generated before a builder method was renamed fail loudly, not silently."""
    from vfr_lint import _minutes_tables
    from vfr_lint.builder import MinutesBuilder
    from vfr_lint.lalr import LalrRunner

    tables = dict(_minutes_tables.TABLES)
    tables["rules"] = [(*r[:2], "no_such_method", True, r[4]) for r in tables["rules"]]
    with pytest.raises(ValueError, match="generate"):
        LalrRunner(tables, MinutesBuilder())


# --- seed 000 ----------------------------------------------------------------------------------
def test_000_header(doc000: Document):
    assert [(t.text, t.span.line) for t in doc000.header.titles] == [
        ("Välfärdsrådet", 1),
        ("Minnesanteckningar Välfärdsrådet", 5),
    ]
    assert [(f.label, f.value, f.span.line) for f in doc000.header.fields] == [
        ("datum", "2025-04-25", 7),
        ("dnr", "HSN 2025/936", 9),
        ("datum", "24 april 2025", 15),
        ("tid", "Kl. 9.00 – 12.00", 17),
        ("plats", "Digitalt via Teams", 19),
    ]
    assert all(f.value_span is not None and f.value_span.line == f.span.line for f in doc000.header.fields)


def test_000_attendance(doc000: Document):
    att = doc000.attendance
    assert att is not None
    assert [(g.kind, g.label, g.span.line, g.label_span.line) for g in att.groups] == [
        ("present", "Närvarande", 23, 23),
        ("staff", "Tjänstepersoner", 56, 56),
    ]
    assert att.span.line == 23
    chair = att.chair
    assert chair is not None
    assert (chair.name, chair.organisation, chair.role, chair.span.line) == (
        "Sofia Jarl",
        "Region Dalarna",
        "ordförande",
        24,
    )
    by_name = {p.name: p for p in att.persons}
    assert (by_name["Åsa Bergkvist"].role, by_name["Åsa Bergkvist"].span.line) == ("vice ordförande", 38)
    assert (by_name["Jonas Sallén"].organisation, by_name["Jonas Sallén"].span.line) == ("Falun", 30)
    assert (by_name["Anette Eriksson"].organisation, by_name["Anette Eriksson"].span.line) == ("Älvdalen", 54)
    assert [p.name for p in att.groups[1].persons] == ["Jasmin Löf", "Lisa Karlsson"]
    assert "(överstruken = frånvarande)" in att.groups[0].text


ITEMS_000 = [
    # number, kind, title, heading line
    (1, None, "Mötets öppnande", 58),
    (2, None, "Godkännande av dagordning", 67),
    (3, None, "Val av justerare", 75),
    (4, None, "Föregående minnesanteckningar 250213", 80),
    (5, None, "Rapporter nationell och regional nivå", 87),
    (6, "Information", "SPAK – Omställningsdirektivet, arbetsgruppens nuläge och plan framåt.", 136),
    (7, "Information/Dialog", "Resurscentrum – Borlänge kommun", 167),
    (8, "Information", "Folkhälsoenkät – Analysverktyg för hälsa och livsvillkor i Dalarna", 188),
    (9, "Information", "Demografisk utveckling i Dalarna", 206),
    (10, None, "Övriga frågor", 225),
]


def test_000_items(doc000: Document):
    assert [(i.number, i.kind, i.title, i.heading_span.line) for i in doc000.items] == ITEMS_000
    assert all(i.number_span.line == i.heading_span.line == i.span.line for i in doc000.items)
    assert all(i.attachments == [] for i in doc000.items)
    assert doc000.parse_issues == []


def test_000_heading_continued_over_two_lines(doc000: Document):
    six = item(doc000, 6)
    assert six.title_span.line == 136
    assert six.title.endswith("plan framåt.")  # "framåt." stands on line 138


INL = "inline"
BLC = "block-colon"
DECISIONS_000 = {
    # item: [(layout, formula line, [(clause line, clause text)])]
    1: [(INL, 64, [(64, "att öppna mötet.")])],
    2: [(INL, 71, [(71, "att godkänna dagordningen.")])],
    3: [(INL, 79, [(79, "att utse Jonas Sallén till justerare.")])],
    4: [(INL, 84, [(84, "att lägga minnesanteckningarna till handlingarna.")])],
    5: [(BLC, 130, [(132, "att lägga informationen till handlingarna.")])],
    6: [(BLC, 162, [(163, "att lägga informationen till handlingarna")])],
    7: [(BLC, 184, [(185, "att lägga informationen till handlingarna")])],
    8: [(BLC, 202, [(203, "att lägga informationen till handlingarna")])],
    9: [(BLC, 221, [(222, "att lägga informationen till handlingarna")])],
    10: [],
}


def _decisions(doc: Document) -> dict[int, list]:
    return {
        i.number: [(d.layout, d.formula_span.line, [(c.span.line, c.text) for c in d.clauses]) for d in i.all_decisions]
        for i in doc.items
    }


def test_000_decisions(doc000: Document):
    assert _decisions(doc000) == DECISIONS_000
    for d in doc000.decisions:
        assert (d.body, d.verb) == ("Välfärdsrådet", "beslutade")
        assert d.colon == (d.layout == "block-colon")
        assert all(c.inline == (d.layout == "inline") for c in d.clauses)
        assert d.span.line == d.formula_span.line
    # The decision of item 5 belongs to its Information sub-item.
    assert item(doc000, 5).body.decisions == []


def test_000_subitems(doc000: Document):
    five = item(doc000, 5)
    assert [(s.marker, s.kind, s.title, s.heading_span.line) for s in five.subitems] == [
        (None, "Information", "MiniMaria – Verksamhetsbeskrivning", 89),
    ]
    sub = five.subitems[0]
    assert [(p.name, p.role, p.organisation, p.name_span.line) for p in sub.presenters] == [
        ("Carina Wadås", "utvecklingsledare", "Division psykiatri & Habilitering", 91),
    ]
    assert [(d.layout, d.formula_span.line) for d in sub.body.decisions] == [("block-colon", 130)]
    assert [p.span.line for p in sub.body.paragraphs] == [94, 104, 112, 120]
    assert five.presenters == []

    ten = item(doc000, 10)
    assert [(s.marker, s.kind, s.title, s.heading_span.line) for s in ten.subitems] == [
        ("a", None, "HVB hem", 227),
        ("b", None, "Statsbidraget som försvinner om Personliga ombud", 237),
    ]
    assert [[p.span.line for p in s.body.paragraphs] for s in ten.subitems] == [[229], [239]]
    assert all(s.body.decisions == [] and s.presenters == [] for s in ten.subitems)


def test_000_presenters(doc000: Document):
    got = {
        i.number: [(p.name, p.role, p.name_span.line) for s in [i, *i.subitems] for p in s.presenters]
        for i in doc000.items
    }
    assert got == {
        1: [],
        2: [],
        3: [],
        4: [],
        5: [("Carina Wadås", "utvecklingsledare", 91)],
        6: [("Paula Broström", "Utvecklingsledare", 140), ("Fredrik Semb Berntsson", "Utvecklingsledare/läkare", 144)],
        7: [("Cecilia Jansson", "projektsamordnare", 169)],
        8: [("Junia Joffer", "Folkhälsoanalytiker", 190)],
        9: [("Mats Andersson", "samhällsanalytiker", 208)],
        10: [],
    }
    assert [p.organisation for p in item(doc000, 7).presenters] == ["Borlänge kommun"]
    assert [p.organisation for p in item(doc000, 8).presenters] == ["Hållbarhetsavdelningen"]
    assert [p.organisation for p in item(doc000, 9).presenters] == ["Region Dalarna"]


def test_000_duplicated_presenter_label(doc000: Document):
    (block,) = item(doc000, 6).body.presenter_blocks
    assert [label.line for label in block.labels] == [140, 140]
    assert block.span.line == 140
    assert block.text.startswith("Paula Broström, Utvecklingsledare")
    assert "Föredragande" not in block.text
    others = [b for i in doc000.items if i.number != 6 for body in i.all_bodies() for b in body.presenter_blocks]
    assert [len(b.labels) for b in others] == [1, 1, 1, 1]


def test_000_justerare_and_speakers(doc000: Document):
    assert [(j.name, j.span.line) for j in doc000.justerare] == [("Jonas Sallén", 79)]
    assert [s for i in doc000.items for body in i.all_bodies() for s in body.speakers] == []


# --- seed 003 ----------------------------------------------------------------------------------
def test_003_header(doc003: Document):
    assert [(t.text, t.span.line) for t in doc003.header.titles] == [("Välfärdsrådets möte den 25 november 2021", 1)]
    assert [(f.label, f.value, f.span.line) for f in doc003.header.fields] == [
        ("tid", "Kl. 9-11.15", 3),
        ("plats", "Teams", 5),
    ]


def test_003_attendance(doc003: Document):
    att = doc003.attendance
    assert att is not None
    assert [(g.kind, g.label, g.span.line) for g in att.groups] == [
        ("present", "Närvarande", 8),
        ("staff", "Närvarande tjänstepersoner", 20),
    ]
    chair = att.chair
    assert chair is not None
    assert (chair.name, chair.organisation, chair.role, chair.span.line) == (
        "Sofia Jarl",
        "Region Dalarna",
        "ordförande",
        8,
    )
    present = [(p.name, p.organisation, p.span.line) for p in att.groups[0].persons]
    assert present[:3] == [
        ("Sofia Jarl", "Region Dalarna", 8),
        ("Susanne Berger", "Avesta", 8),
        ("Kenneth Dahlström", "Leksand", 8),  # the name is wrapped onto line 10
    ]
    assert ("Crister Carlsson", "Region Dalarna", 16) in present
    assert len(present) == 16
    assert [p.name for p in att.groups[1].persons] == ["Tanja Mårtensson", "Stefan Nielsen", "Linda Haglund"]


ITEMS_003 = [
    (1, None, "Mötets öppnande", 26),
    (2, None, "Godkännande av dagordning", 36),
    (3, None, "Val av justerare", 46),
    (4, None, "Föregående minnesanteckningar 211021", 56),
    (5, "Beslut", "Justerat kalendarium för Välfärdsrådet 2022", 66),
    (6, "Information", "Det regionala samverkansarbetet för jämställdhet och kvinnofrid, Bilaga 3, 4", 77),
    (7, "Rapport", "Aktuellt läge Covid och vaccination, Bilaga 5", 145),
    (8, "Rapport", "Pågående arbete inom den regionala samverkans- och stödstrukturen (RSS), Bilaga 6", 190),
    (9, None, "Övriga frågor", 220),
    (10, None, "Mötets avslutande", 224),
]


def test_003_items(doc003: Document):
    assert [(i.number, i.kind, i.title, i.heading_span.line) for i in doc003.items] == ITEMS_003
    assert all(i.subitems == [] for i in doc003.items)
    assert doc003.parse_issues == []


def test_003_attachments(doc003: Document):
    got = {i.number: [(a.numbers, a.span.line) for a in i.attachments] for i in doc003.items if i.attachments}
    # Item 6's "Bilaga 3, 4" is on the heading's continuation line 79.
    assert got == {6: [([3, 4], 79)], 7: [([5], 145)], 8: [([6], 192)]}


BLK = "block"
DECISIONS_003 = {
    1: [(BLK, 30, [(32, "att öppna mötet.")])],
    2: [(BLK, 40, [(42, "att godkänna dagordningen.")])],
    3: [(BLK, 50, [(52, "att utse Susanne Berger till justerare.")])],
    4: [(BLK, 60, [(62, "att lägga minnesanteckningarna till handlingarna.")])],
    5: [(BLK, 71, [(73, "att fastställa justerat kalendarium för Välfärdsrådet 2022.")])],
    6: [
        (
            BLK,
            135,
            [
                (137, "att lägga informationen till handlingarna."),
                (
                    139,
                    "att ge Länsnätverket för förvaltningschefer i uppdrag att ta fram underlag för en regional "
                    "samverkansöverenskommelse för kvinnofrid- och jämställdhetsområdet.",
                ),
            ],
        )
    ],
    7: [(BLK, 184, [(186, "att lägga informationen till handlingarna.")])],
    8: [(BLK, 214, [(216, "att lägga informationen till handlingarna.")])],
    9: [],
    10: [],
}


def test_003_decisions(doc003: Document):
    assert _decisions(doc003) == DECISIONS_003
    for d in doc003.decisions:
        assert (d.body, d.verb, d.colon) == ("Välfärdsrådet", "beslutade", False)


def test_003_wrapped_clause_ends_on_its_last_line():
    source = source_from_text(SEED_003.read_text(encoding="utf-8"), str(SEED_003))
    doc = parse_document(source, _organisations())
    second = item(doc, 6).all_decisions[0].clauses[1]
    assert source.position(second.span.start) == (139, 1)
    assert source.end_position(second.span.start, second.span.end) == (141, 68)


def test_003_presenters(doc003: Document):
    six = item(doc003, 6)
    assert [(p.name, p.name_span.line) for p in six.presenters] == [
        ("Elin Axman", 81),
        ("Agneta Haraldsson", 83),
        ("Valentina Söderberg", 85),
        ("Soledad Alarcon Helling", 87),
    ]
    assert [squash(p.role) for p in six.presenters] == [
        "Utvecklingsledare Hälsa och Välfärd Region Dalarna (RSS)",
        "Utvecklingsledare Våld i nära relationer",
        "Projektledare Regionalt resurscentrum mot hedersrelaterat våld och förtryck",
        "Utvecklingsledare Mäns våld mot kvinnor / Våld i nära relationer",
    ]
    assert [p.role_span.line for p in six.presenters] == [81, 83, 85, 87]
    assert [p.organisation for p in six.presenters] == [None, "Region Dalarna", None, "Länsstyrelsen Dalarna"]

    seven = item(doc003, 7)
    assert [(p.name, p.name_span.line, p.role.split()[0], p.role_span.line) for p in seven.presenters] == [
        ("Roger Larsson", 147, "Chefsläkare", 147),
        ("Olof Ehrs", 147, "Vaccinationssamordnare", 149),  # the role is wrapped onto line 149
    ]

    eight = item(doc003, 8)
    assert [(p.name, p.role, p.role_span, p.name_span.line) for p in eight.presenters] == [
        ("Tanja Mårtensson", None, None, 194)
    ]
    assert [len(b.labels) for i in doc003.items for b in i.body.presenter_blocks] == [1, 1, 1]


def test_003_presenter_roles_are_joined_like_other_text(doc003: Document):
    roles = [p.role for i in doc003.items for p in i.presenters if p.role]
    assert all(role == squash(role) for role in roles), roles


def test_003_speakers(doc003: Document):
    seven = item(doc003, 7)
    assert [(s.name, s.name_span.line, s.span.line) for s in seven.body.speakers] == [
        ("Roger Larsson", 150, 150),
        ("Olof Ehrs", 170, 170),
    ]
    assert [s.name for i in doc003.items if i.number != 7 for s in i.body.speakers] == []


def test_003_justerare(doc003: Document):
    assert [(j.name, j.span.line) for j in doc003.justerare] == [("Susanne Berger", 52)]


# --- newline styles and byte order mark ------------------------------------------------------
def _lines(obj, out=None) -> list[tuple[str, int]]:
    """Every span's line in the tree, in a fixed order."""
    from vfr_lint.ast import Span
    from vfr_lint.records import fields, is_record

    out = [] if out is None else out
    if isinstance(obj, Span):
        out.append(("span", obj.line))
    elif is_record(obj):  # a node
        for name in fields(obj):
            _lines(getattr(obj, name), out)
    elif isinstance(obj, list):
        for x in obj:
            _lines(x, out)
    return out


@pytest.mark.parametrize("seed", [SEED_000, SEED_003], ids=["000", "003"])
def test_crlf_and_bom_give_the_same_lines(seed: Path):
    data = seed.read_bytes()
    assert b"\r" not in data
    orgs = _organisations()
    lf = parse_document(source_from_bytes(data, str(seed)), orgs)
    crlf = parse_document(source_from_bytes(data.replace(b"\n", b"\r\n"), str(seed)), orgs)
    bom = parse_document(source_from_bytes(b"\xef\xbb\xbf" + data.replace(b"\n", b"\r\n"), str(seed)), orgs)
    expected = _lines(lf)
    assert len(expected) > 100
    assert _lines(crlf) == expected
    assert _lines(bom) == expected
    assert [(i.number, i.title) for i in crlf.items] == [(i.number, i.title) for i in lf.items]
    assert [(i.number, i.title) for i in bom.items] == [(i.number, i.title) for i in lf.items]
    assert bom.header.titles[0].text == lf.header.titles[0].text


@pytest.mark.parametrize("seed", [SEED_000, SEED_003], ids=["000", "003"])
def test_crlf_and_bom_give_the_same_findings(seed: Path):
    text = seed.read_text(encoding="utf-8")

    def key(findings):
        return [(f.code, f.line, f.column, f.end_line, f.end_column) for f in findings]

    lf = key(lint_text(text, str(seed)))
    assert key(lint_text(text.replace("\n", "\r\n"), str(seed))) == lf
    assert key(lint_text("\ufeff" + text.replace("\n", "\r\n"), str(seed))) == lf


# --- synthetic documents ---------------------------------------------------------------------
MARKDOWN = """\
# Minnesanteckningar Välfärdsrådet

**Datum:** 2025-04-25
**Dnr:** HSN 2025/936
**Tid:** Kl. 9.00–12.00
**Plats:** Digitalt via Teams

**Närvarande:** Sofia Jarl Region Dalarna (ordförande), Jonas Sallén Falun,
Susanne Berger Avesta, Håkan Frank Ludvika

## 1. Mötets öppnande

Välfärdsrådet beslutade:
- att öppna mötet.

## 2. Godkännande av dagordning

Välfärdsrådet beslutade:
- att godkänna dagordningen.

## 3. Val av justerare

Välfärdsrådet beslutade:
- att utse Jonas Sallén till justerare.

## 4. Föregående minnesanteckningar 250213

Välfärdsrådet beslutade:
- att lägga minnesanteckningarna till handlingarna.

## 5. Information: Demografisk utveckling i Dalarna

**Föredragande:** Mats Andersson, samhällsanalytiker, Region Dalarna

Välfärdsrådet beslutade:
- att lägga informationen till handlingarna,
- att återkomma till frågan i höst.

## 6. Övriga frågor

## 7. Mötets avslutande
"""


def test_markdown_minutes():
    doc = parse(MARKDOWN, "minnesanteckningar.md")
    assert doc.parse_issues == []
    assert [(t.text, t.span.line) for t in doc.header.titles] == [("Minnesanteckningar Välfärdsrådet", 1)]
    assert [(f.label, f.value, f.span.line) for f in doc.header.fields] == [
        ("datum", "2025-04-25", 3),
        ("dnr", "HSN 2025/936", 4),
        ("tid", "Kl. 9.00–12.00", 5),
        ("plats", "Digitalt via Teams", 6),
    ]
    assert doc.attendance is not None and doc.attendance.chair is not None
    assert doc.attendance.chair.name == "Sofia Jarl"
    assert [(i.number, i.kind, i.title, i.heading_span.line) for i in doc.items] == [
        (1, None, "Mötets öppnande", 11),
        (2, None, "Godkännande av dagordning", 16),
        (3, None, "Val av justerare", 21),
        (4, None, "Föregående minnesanteckningar 250213", 26),
        (5, "Information", "Demografisk utveckling i Dalarna", 31),
        (6, None, "Övriga frågor", 39),
        (7, None, "Mötets avslutande", 41),
    ]
    assert _decisions(doc) == {
        1: [(BLC, 13, [(14, "att öppna mötet.")])],
        2: [(BLC, 18, [(19, "att godkänna dagordningen.")])],
        3: [(BLC, 23, [(24, "att utse Jonas Sallén till justerare.")])],
        4: [(BLC, 28, [(29, "att lägga minnesanteckningarna till handlingarna.")])],
        5: [(BLC, 35, [(36, "att lägga informationen till handlingarna,"), (37, "att återkomma till frågan i höst.")])],
        6: [],
        7: [],
    }
    five = item(doc, 5)
    assert [(p.name, p.role, p.organisation, p.name_span.line) for p in five.presenters] == [
        ("Mats Andersson", "samhällsanalytiker", "Region Dalarna", 33)
    ]
    assert [(j.name, j.span.line) for j in doc.justerare] == [("Jonas Sallén", 24)]


def test_markdown_minutes_have_no_findings():
    assert lint_text(MARKDOWN, "minnesanteckningar.md") == []


def test_markdown_columns_point_into_the_stored_text():
    source = source_from_text(MARKDOWN, "minnesanteckningar.md")
    doc = parse_document(source, _organisations())
    one = item(doc, 1)
    assert source.position(one.number_span.start) == (11, 4)  # after "## "
    (block,) = item(doc, 5).body.presenter_blocks
    assert source.position(block.labels[0].start) == (33, 3)  # after "**"
    clause = item(doc, 1).all_decisions[0].clauses[0]
    assert source.position(clause.span.start) == (14, 3)  # after "- "


HEADER = """\
Minnesanteckningar Välfärdsrådet
Datum: 2025-04-25
Dnr: HSN 2025/936
Tid: Kl. 9.00–12.00
Plats: Digitalt via Teams
"""
ATTENDANCE = """\
Närvarande: Sofia Jarl Region Dalarna (ordförande), Jonas Sallén Falun,
Susanne Berger Avesta, Håkan Frank Ludvika
"""
ITEMS = """\
1. Mötets öppnande
Ordföranden hälsade alla välkomna.
Välfärdsrådet beslutade att öppna mötet.

2. Information: Demografisk utveckling i Dalarna
Föredragande: Mats Andersson, samhällsanalytiker, Region Dalarna
Välfärdsrådet beslutade:
att lägga informationen till handlingarna.
"""


def _vfr001(text: str) -> list[tuple[int, int]]:
    from vfr_lint.settings import Overrides, resolve

    return [(f.line, f.column) for f in lint_text(text, "minutes.txt", resolve(None, Overrides(select=["VFR001"])))]


def test_presenter_line_before_item_1_is_a_parse_error_and_the_rest_is_parsed():
    text = HEADER + "Föredragande: Mats Andersson, samhällsanalytiker\n\n" + ATTENDANCE + "\n" + ITEMS
    doc = parse(text)
    assert [(i.span.line, i.message) for i in doc.parse_issues] == [(6, "stray")]
    assert _vfr001(text) == [(6, 1)]
    assert [(i.number, i.title, i.heading_span.line) for i in doc.items] == [
        (1, "Mötets öppnande", 11),
        (2, "Demografisk utveckling i Dalarna", 15),
    ]
    assert [f.label for f in doc.header.fields] == ["datum", "dnr", "tid", "plats"]
    assert doc.attendance is not None and doc.attendance.span.line == 8
    assert _decisions(doc)[2] == [(BLC, 17, [(18, "att lägga informationen till handlingarna.")])]


def test_stray_text_after_the_attendance_is_a_parse_error_and_the_rest_is_parsed():
    text = HEADER + "\n" + ATTENDANCE + "\nMötet hölls i en positiv anda.\n\n" + ITEMS
    doc = parse(text)
    assert [i.span.line for i in doc.parse_issues] == [10]
    assert _vfr001(text) == [(10, 1)]
    assert [(i.number, i.heading_span.line) for i in doc.items] == [(1, 12), (2, 16)]
    # The stray line was not swallowed into the attendance.
    assert doc.attendance is not None
    assert "positiv" not in doc.attendance.text
    assert [p.name for p in item(doc, 2).presenters] == ["Mats Andersson"]


def test_two_unplaceable_lines_give_two_findings():
    text = (
        HEADER
        + "Välfärdsrådet beslutade att godkänna dagordningen.\n\n"
        + ATTENDANCE
        + "\nEn rad utan plats.\n\n"
        + ITEMS
    )
    assert _vfr001(text) == [(6, 1), (11, 1)]
    assert [i.number for i in parse(text).items] == [1, 2]


def test_clean_synthetic_document_parses_without_issues():
    text = HEADER + "\n" + ATTENDANCE + "\n" + ITEMS
    doc = parse(text)
    assert doc.parse_issues == []
    assert _vfr001(text) == []
    assert _decisions(doc) == {
        1: [(INL, 12, [(12, "att öppna mötet.")])],
        2: [(BLC, 16, [(17, "att lägga informationen till handlingarna.")])],
    }
    assert [p.span.line for p in item(doc, 1).body.paragraphs] == [11]


def test_att_in_a_paragraph_is_not_a_clause():
    text = (
        HEADER
        + "\n"
        + ATTENDANCE
        + "\n"
        + ITEMS.replace(
            "Ordföranden hälsade alla välkomna.\n",
            "Ordföranden föreslog\natt mötet skulle öppnas.\n",
        )
    )
    doc = parse(text)
    one = item(doc, 1)
    assert [c.text for d in one.all_decisions for c in d.clauses] == ["att öppna mötet."]
    assert [p.text for p in one.body.paragraphs] == ["Ordföranden föreslog att mötet skulle öppnas."]


def test_block_decision_clause_wrapped_and_several_clauses():
    text = (
        HEADER
        + "\n"
        + ATTENDANCE
        + "\n"
        + ITEMS.replace(
            "att lägga informationen till handlingarna.\n",
            "att lägga informationen\ntill handlingarna.\natt återkomma i höst.\n",
        )
    )
    doc = parse(text)
    assert _decisions(doc)[2] == [
        (BLC, 16, [(17, "att lägga informationen till handlingarna."), (19, "att återkomma i höst.")])
    ]


def test_block_decision_with_blank_line_before_its_clause():
    text = (
        HEADER
        + "\n"
        + ATTENDANCE
        + "\n"
        + ITEMS.replace("Välfärdsrådet beslutade:\natt lägga", "Välfärdsrådet beslutade:\n\natt lägga")
    )
    doc = parse(text)
    assert _decisions(doc)[2] == [(BLC, 16, [(18, "att lägga informationen till handlingarna.")])]


def test_speakers_and_lettered_subitems():
    text = (
        HEADER
        + "\n"
        + ATTENDANCE
        + "\n"
        + ITEMS
        + (
            "\n3. Rapport: Aktuellt läge Covid och vaccination\n"
            "Föredragande: Roger Larsson, chefsläkare och Olof Ehrs, vaccinationssamordnare\n"
            "Roger Larsson: Läget är stabilt.\n"
            "Olof Ehrs: Vaccinationen går bra.\n"
            "Välfärdsrådet beslutade att lägga informationen till handlingarna.\n"
            "\n4. Övriga frågor\n"
            "a) HVB hem\n"
            "Frågan diskuterades.\n"
            "b) Personligt ombud\n"
            "Kommunerna inväntar ett nationellt beslut.\n"
        )
    )
    doc = parse(text)
    assert doc.parse_issues == []
    three = item(doc, 3)
    assert [(s.name, s.name_span.line) for s in three.body.speakers] == [("Roger Larsson", 21), ("Olof Ehrs", 22)]
    assert [(p.name, p.role) for p in three.presenters] == [
        ("Roger Larsson", "chefsläkare"),
        ("Olof Ehrs", "vaccinationssamordnare"),
    ]
    four = item(doc, 4)
    assert [(s.marker, s.title, s.heading_span.line) for s in four.subitems] == [
        ("a", "HVB hem", 26),
        ("b", "Personligt ombud", 28),
    ]
