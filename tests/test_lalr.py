"""The lean LALR run loop (lalr.py) parses, builds and recovers exactly as Lark's own
loop does (parser.parse_with_lark_loop): same Document, same skipped lines."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vfr_lint.lalr import Incomplete
from vfr_lint.parser import INCOMPLETE, parse, parse_with_lark_loop
from vfr_lint.source import source_from_text

FIXTURES = Path(__file__).parent / "fixtures"
TEXTS = sorted(p for p in FIXTURES.rglob("*.txt"))
SEED_LINES = [
    line
    for path in sorted(FIXTURES.glob("0*.txt"))
    for line in path.read_text(encoding="utf-8").splitlines()
]
ORGANISATIONS = ["Region Dalarna", "Falu kommun", "Borlänge kommun"]

# Lines of the kinds the grammar tells apart, to meet each other in random orders.
FRAGMENTS = [
    "", "Välfärdsrådet", "Datum: 2024-03-01", "Dnr: RD23/01234", "Justerare:", "Närvarande:",
    "Närvarande ledamöter", "Tjänstepersoner:", "Frånvarande", "Anna Berg, Falu kommun",
    "§ 1. Mötets öppnande", "2. Information", "Beslut: Val av justerare", "a) Delpunkt",
    "och fortsättning", "Föredragande: Eva Ek, chef, Region Dalarna", "Föredragande:",
    "Välfärdsrådet beslutade", "Välfärdsrådet beslutade: att godkänna", "Välfärdsrådet beslutade att notera",
    ":", "att godkänna rapporten.", "att återkomma", "Roger Larsson: Vi ser över det.",
    "Text som löper på.", "Bilaga 1 och 2", "\t", "x" * 90,
]


def _same(text: str) -> None:
    source = source_from_text(text, "minutes.txt")
    lean_doc, lean_problems = parse(source, ORGANISATIONS)
    lark_doc, lark_problems = parse_with_lark_loop(source, ORGANISATIONS)
    assert lean_problems == lark_problems
    assert lean_doc == lark_doc


@pytest.mark.parametrize("path", TEXTS, ids=[p.name for p in TEXTS])
def test_same_document_as_lark_on_the_fixtures(path: Path):
    _same(path.read_text(encoding="utf-8"))


EXAMPLES = int(os.environ.get("VFR_FUZZ_EXAMPLES", "150"))


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=20), max_size=40))
def test_same_document_as_lark_on_random_line_orders(lines: list[str]):
    _same("\n".join(lines))


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.lists(st.sampled_from(SEED_LINES), min_size=1, max_size=80), st.sampled_from(FRAGMENTS))
def test_same_document_as_lark_on_shuffled_seed_lines(lines: list[str], inserted: str):
    _same("\n".join([*lines[: len(lines) // 2], inserted, *lines[len(lines) // 2 :]]))


class _RawText:
    """A stand-in Source whose text is not normalised (may lack its final newline)."""

    def __init__(self, text: str):
        self.text = text

    def line_table(self):
        starts = [0, *(m.end() for m in re.finditer("\n", self.text))]
        return starts, list(range(1, len(starts) + 1))


@pytest.mark.parametrize(
    "text",
    ["§ 1. x\nVälfärdsrådet beslutade:", "Föredragande:", "§ 1. Punkt\nBeslut:", "Dnr:", "§ 1. x\nFöredragande:"],
)
def test_an_unfinished_block_is_reported_where_lark_reports_it(text: str):
    """Normalised text always ends in a newline; the runner still ends like Lark without one."""
    lean = parse(_RawText(text), ORGANISATIONS)
    reference = parse_with_lark_loop(_RawText(text), ORGANISATIONS)
    assert lean == reference
    assert lean[0] is None and lean[1][-1].message == INCOMPLETE


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=20), min_size=1, max_size=30))
def test_same_result_as_lark_on_raw_text(lines: list[str]):
    """Text as it comes (no final newline, stray carriage returns): errors and ends alike."""
    text = "\n".join(lines)
    assert parse(_RawText(text), ORGANISATIONS) == parse_with_lark_loop(_RawText(text), ORGANISATIONS)


def test_incomplete_carries_the_offset():
    assert Incomplete(7).offset == 7


def test_a_lint_imports_no_parser_library():
    """The tables are generated ahead of time: linting needs neither lark nor its cache."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from vfr_lint.api import lint_text\n"
        "lint_text('§ 1. Mötets öppnande\\nVälfärdsrådet beslutade att godkänna.\\n')\n"
        "print('lark' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
