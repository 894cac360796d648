"""people.py reads names out of running text; these pin its behaviour on the cases its
fast paths handle specially (chair markers, odd table runs, names across lines)."""

from vfr_lint.ast import Span
from vfr_lint.people import read_attendance, read_presenters


def _lines(text: str) -> list[Span]:
    spans, pos = [], 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            first = pos + line.index(stripped[0])
            spans.append(Span(first, first + len(stripped), 0))
        pos += len(line) + 1
    return spans


def _span(start: int, end: int) -> Span:
    return Span(start, end, 0)


def _attendance(text: str) -> list[tuple]:
    persons = read_attendance(text, _lines(text), _span, ["Falu kommun"])
    return [(p.name, p.span.start, p.span.end, p.organisation, p.role) for p in persons]


def _presenters(text: str) -> list[tuple]:
    presenters = read_presenters(text, _lines(text), _span, [])
    return [(p.name, p.span.start, p.span.end, p.role, p.organisation) for p in presenters]


def test_prose_attendance_with_chair_markers():
    text = "Anna Berg Region Dalarna (ordf.), Karl Vikström Falu kommun (v. ordf), Åsa Öberg-Lind"
    assert _attendance(text) == [
        ("Anna Berg", 0, 9, "Region Dalarna", "ordförande"),
        ("Karl Vikström", 34, 47, "Falu kommun", "vice ordförande"),
        ("Åsa Öberg-Lind", 71, 85, None, None),
    ]


def test_table_rows_split_into_pairs_and_chair_marker_across_lines():
    text = "Region Dalarna Anna Berg Karl Vikström Per\nFalu kommun Olof Ehrs (ordf\n) Sune Hemmingsson"
    assert _attendance(text) == [
        ("Anna Berg", 15, 24, "Region Dalarna", None),
        ("Karl Vikström Per", 25, 42, "Region Dalarna", None),  # the odd word joins the name before
        ("Olof Ehrs", 55, 64, "Falu kommun", "ordförande"),
        ("Sune Hemmingsson", 73, 89, None, None),
    ]


def test_presenters_with_roles_and_organisations():
    assert _presenters("Roger Larsson, Chefsläkare och Olof Ehrs, Vaccinationssamordnare Region Dalarna") == [
        ("Roger Larsson", 0, 26, "Chefsläkare", None),
        ("Olof Ehrs", 31, 79, "Vaccinationssamordnare Region Dalarna", None),
    ]
    assert _presenters("Tanja Mårtensson och Stefan Nielsen, Omställning Hälso och sjukvård") == [
        ("Tanja Mårtensson", 0, 16, None, None),
        ("Stefan Nielsen", 21, 67, None, "Omställning Hälso och sjukvård"),
    ]
