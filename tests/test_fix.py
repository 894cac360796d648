from __future__ import annotations

import os
import re
import stat
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vfr_lint import fix as fixmod
from vfr_lint.findings import Applicability, Edit, Finding, Fix, Severity
from vfr_lint.fix import (
    apply_edits,
    apply_fixes,
    fix_text,
    select_fixes,
    unified_diff,
    write_atomically,
)
from vfr_lint.source import encode, source_from_bytes, source_from_text


def src(text: str, **kw) -> object:
    return source_from_text(text, "m.txt", **kw)


def ins(line: int, column: int, content: str) -> Edit:
    return Edit(line, column, line, column, content)


# --- apply_edits ----------------------------------------------------------------------------
def test_insert_delete_replace_with_swedish_letters():
    s = src("Sammanträde i kommunfullmäktige\nPlats: Rådhuset\n")
    text, n = apply_edits(
        s,
        [
            ins(1, 12, "t"),  # before " i"
            Edit(1, 13, 1, 15, ""),  # delete "i "
            Edit(2, 8, 2, 16, "Stadshuset, sal ö"),  # replace "Rådhuset"
        ],
    )
    assert (text, n) == ("Sammanträdet kommunfullmäktige\nPlats: Stadshuset, sal ö\n", 3)


def test_multi_line_edit():
    s = src("§ 1 Öppnande\nrad två\nrad tre\n§ 2 Val\n")
    text, n = apply_edits(s, [Edit(1, 5, 3, 4, "Upprop och\nnärvaro")])
    assert (text, n) == ("§ 1 Upprop och\nnärvaro tre\n§ 2 Val\n", 1)


def test_crlf_text_and_inserted_newline_uses_document_newline():
    s = src("Närvarande:\r\nAnna Åberg\r\nÖrjan Ek\r\n")
    text, n = apply_edits(s, [ins(2, 11, ","), ins(3, 1, "Per Ärlig\n")])
    assert (text, n) == ("Närvarande:\r\nAnna Åberg,\r\nPer Ärlig\r\nÖrjan Ek\r\n", 2)


def test_lf_document_keeps_lf_for_inserted_crlf():
    s = src("a\nb\n")
    assert apply_edits(s, [ins(2, 1, "x\r\n")]) == ("a\nx\nb\n", 1)


def test_column_past_line_end_never_splits_crlf():
    s = src("abc\r\ndef\r\n")
    # Source.position of the normalised newline of line 1 is the end of the line's text,
    # never between the CR and the LF.
    nl = s.text.index("\n")
    line, col = s.position(nl)
    assert (line, col) == (1, 4)
    assert apply_edits(s, [ins(line, col, ".")]) == ("abc.\r\ndef\r\n", 1)
    assert apply_edits(s, [ins(1, 99, ".")]) == ("abc.\r\ndef\r\n", 1)


def test_end_of_file_positions():
    s = src("a\nb\n")
    end = s.original_position(len(s.original))
    assert apply_edits(s, [ins(*end, "c\n")]) == ("a\nb\nc\n", 1)
    assert apply_edits(s, [ins(s.line_count + 1, 1, "c\n")]) == ("a\nb\nc\n", 1)


def test_overlapping_edits_skipped_in_order_of_position():
    s = src("abcdef\n")
    edits = [
        Edit(1, 3, 1, 6, "X"),  # cde, overlaps the first by position -> skipped
        Edit(1, 1, 1, 4, "Y"),  # abc, first by position -> taken
        Edit(1, 6, 1, 7, "Z"),  # f, touches nothing taken
        ins(1, 2, "!"),  # inside "abc" -> skipped
        Edit(1, 4, 1, 4, "-"),  # insertion exactly at the end of "abc" -> taken
    ]
    assert apply_edits(s, edits) == ("Y-deZ\n", 3)


def test_two_insertions_at_one_point_conflict():
    s = src("ab\n")
    assert apply_edits(s, [ins(1, 2, "1"), ins(1, 2, "2")]) == ("a1b\n", 1)
    # An insertion at the start of a replaced range conflicts as well (arbitrary order).
    assert apply_edits(s, [Edit(1, 2, 1, 3, "B"), ins(1, 2, "1")]) == ("a1b\n", 1)


def test_edits_sorted_regardless_of_input_order():
    s = src("ett två tre\n")
    edits = [Edit(1, 9, 1, 12, "TRE"), Edit(1, 1, 1, 4, "ETT"), Edit(1, 5, 1, 8, "TVÅ")]
    expected = ("ETT TVÅ TRE\n", 3)
    assert apply_edits(s, edits) == expected
    assert apply_edits(s, list(reversed(edits))) == expected


def test_end_before_start_is_skipped():
    s = src("abc\n")
    assert apply_edits(s, [Edit(1, 3, 1, 2, "x"), ins(1, 1, ">")]) == (">abc\n", 1)


# --- property: apply_edits equals a reference on offsets ------------------------------------
_PIECES = ["a", "Å", "ä", "ö", " ", ".", "😀", "\n", "\r\n", "\r"]
_CONTENT = st.lists(st.sampled_from(["x", "é", "😀", "\n", "\r\n", " "]), max_size=4).map("".join)


@st.composite
def text_and_edits(draw):
    text = "".join(draw(st.lists(st.sampled_from(_PIECES), max_size=30)))
    valid = [
        o for o in range(len(text) + 1) if not (0 < o < len(text) and text[o - 1 : o + 1] == "\r\n")
    ]
    points = sorted(draw(st.sets(st.sampled_from(valid), max_size=8)))
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(points):
        kind = "insert"
        if i + 1 < len(points):
            kind = draw(st.sampled_from(["insert", "span", "touch"]))
        if kind == "insert":
            spans.append((points[i], points[i]))
            i += 1
        else:
            spans.append((points[i], points[i + 1]))
            i += 2 if kind == "span" else 1  # "touch": the next edit starts at this end
    edits = [(s, e, draw(_CONTENT)) for s, e in spans]
    order = draw(st.permutations(range(len(edits))))
    return text, [edits[k] for k in order]


def _reference(text: str, edits: list[tuple[int, int, str]]) -> str:
    crlf = text.count("\r\n")
    newline = "\r\n" if crlf > text.count("\n") - crlf else "\n"
    for start, end, content in sorted(edits, reverse=True):
        content = re.sub(r"\r\n|\n", newline, content)
        text = text[:start] + content + text[end:]
    return text


@settings(max_examples=300, deadline=None)
@given(text_and_edits())
def test_apply_edits_matches_offset_reference(case):
    text, offset_edits = case
    s = src(text)
    edits = []
    for start, end, content in offset_edits:
        line, col = s.original_position(start)
        end_line, end_col = s.original_position(end)
        edits.append(Edit(line, col, end_line, end_col, content))
    assert apply_edits(s, edits) == (_reference(text, offset_edits), len(edits))


# --- select_fixes ---------------------------------------------------------------------------
def finding(code: str, fix: Fix | None, line: int = 1) -> Finding:
    return Finding("m.txt", line, 1, line, 1, code, code.lower(), Severity.WARNING, "msg", fix)


def test_select_fixes():
    safe = Fix(Applicability.SAFE, (ins(1, 1, "a"),))
    unsafe = Fix(Applicability.UNSAFE, (ins(2, 1, "b"),))
    empty = Fix(Applicability.SAFE, ())
    fs = [finding("X1", unsafe), finding("X2", safe), finding("X3", None), finding("X4", safe),
          finding("X5", empty)]
    assert select_fixes(fs, unsafe=False) == [safe]
    assert select_fixes(fs, unsafe=True) == [unsafe, safe]


def test_apply_fixes_skips_whole_fix_on_any_conflict():
    s = src("abc\ndef\n")
    first = Fix(Applicability.SAFE, (Edit(1, 1, 1, 2, "A"), Edit(2, 1, 2, 2, "D")))
    # Its second edit overlaps `first`, so its harmless first edit is not applied either.
    second = Fix(Applicability.SAFE, (ins(1, 4, "!"), Edit(2, 1, 2, 3, "XX")))
    third = Fix(Applicability.SAFE, (ins(2, 4, "?"),))
    assert apply_fixes(s, [second, third, first]) == ("Abc\nDef?\n", 2)


def test_apply_fixes_skips_fix_with_self_conflict_and_unencodable_content():
    s = source_from_bytes("Sammanträde\n".encode("cp1252"), "m.txt")
    assert s.encoding == "cp1252"
    self_conflict = Fix(Applicability.SAFE, (ins(1, 1, "a"), ins(1, 1, "b")))
    unencodable = Fix(Applicability.SAFE, (ins(1, 12, " →"),))
    ok = Fix(Applicability.SAFE, (ins(1, 12, " ä"),))
    assert apply_fixes(s, [self_conflict, unencodable, ok]) == ("Sammanträde ä\n", 1)


# --- fix_text -------------------------------------------------------------------------------
def period_rule(s) -> list[Finding]:
    """Safe: end each non-empty line with '.'. Unsafe: capitalise a lowercase first letter."""
    out = []
    for n in range(1, s.line_count + 1):
        line = s.original_line(n)
        if line and not line.endswith("."):
            fix = Fix(Applicability.SAFE, (ins(n, len(line) + 1, "."),), "add period")
            out.append(finding("VFR100", fix, n))
        if line[:1].islower():
            fix = Fix(Applicability.UNSAFE, (Edit(n, 1, n, 2, line[0].upper()),), "capitalise")
            out.append(finding("VFR101", fix, n))
    return out


def test_fix_text_only_safe_unless_unsafe():
    s = src("mötet öppnas\r\nAnna Åberg valdes.\r\nårets budget\r\n")
    safe = fix_text(s, period_rule, unsafe=False)
    assert safe.text == "mötet öppnas.\r\nAnna Åberg valdes.\r\nårets budget.\r\n"
    assert (safe.applied, safe.rounds, safe.changed) == (2, 1, True)
    assert safe.source.original == safe.text
    both = fix_text(s, period_rule, unsafe=True)
    assert both.text == "Mötet öppnas.\r\nAnna Åberg valdes.\r\nÅrets budget.\r\n"
    assert both.applied == 4


def test_fix_text_is_idempotent():
    s = src("mötet öppnas\nslut")
    first = fix_text(s, period_rule, unsafe=True)
    assert first.changed
    again = fix_text(first.source, period_rule, unsafe=True)
    assert (again.text, again.applied, again.rounds, again.changed) == (first.text, 0, 0, False)
    assert period_rule(first.source) == []


def double_a_rule(s) -> list[Finding]:
    """Collapse 'aa' to 'a'; overlapping matches give overlapping fixes."""
    out = []
    for m in re.finditer(r"(?=aa)", s.original):
        line, col = s.original_position(m.start())
        fix = Fix(Applicability.SAFE, (Edit(line, col, line, col + 2, "a"),))
        out.append(finding("VFR102", fix, line))
    return out


def test_fix_text_rounds_until_fixed_point():
    s = src("aaaaa\n")
    result = fix_text(s, double_a_rule, unsafe=False)
    # Round 1 takes two of the four overlapping fixes (aaaaa -> aaa), round 2 one, round 3 one.
    assert (result.text, result.rounds, result.applied) == ("a\n", 3, 4)


def test_fix_text_stops_at_max_rounds():
    def growing(s) -> list[Finding]:
        return [finding("VFR103", Fix(Applicability.SAFE, (ins(1, 1, "x"),)))]

    result = fix_text(src("a\n"), growing, unsafe=False, max_rounds=3)
    assert (result.text, result.rounds, result.applied) == ("xxxa\n", 3, 3)


def parse_error_rule(s) -> list[Finding]:
    """VFR001 for each '{'; once every line has its period, a safe fix turns '(' into '{'."""
    out = [finding("VFR001", None) for _ in re.finditer(r"\{", s.original)]
    periods = period_rule(s)
    out += [f for f in periods if f.code == "VFR100"]
    if not out:
        for m in re.finditer(r"\(", s.original):
            line, col = s.original_position(m.start())
            fix = Fix(Applicability.SAFE, (Edit(line, col, line, col + 1, "{"),))
            out.append(finding("VFR104", fix, line))
    return out


def test_round_adding_parse_errors_is_reverted():
    s = src("Beslut (enhälligt)\nJustering\n")
    result = fix_text(s, parse_error_rule, unsafe=False)
    # Round 1 (periods) is kept; round 2 would add a VFR001 and is undone.
    assert result.text == "Beslut (enhälligt).\nJustering.\n"
    assert (result.rounds, result.applied, result.reverted) == (1, 2, True)
    # Starting from the fixed text, the only round is reverted: nothing changes.
    again = fix_text(result.source, parse_error_rule, unsafe=False)
    assert (again.text, again.changed, again.rounds) == (result.text, False, 0)
    assert again.reverted


def test_round_keeping_parse_error_count_is_kept():
    def rule(s) -> list[Finding]:
        out = [finding("VFR001", None) for _ in re.finditer(r"\{", s.original)]
        if "}" not in s.original:
            out.append(finding("VFR105", Fix(Applicability.SAFE, (ins(1, 2, "}"),))))
        return out

    result = fix_text(src("{\n"), rule, unsafe=False)
    assert (result.text, result.rounds, result.reverted) == ("{}\n", 1, False)


# --- bytes round trip -------------------------------------------------------------------------
@pytest.mark.parametrize(
    "data, encoding, bom",
    [
        ("\ufeffProtokoll\nSammanträde med nämnden\nÅtgärd\n".encode(), "utf-8", True),
        ("Protokoll\nSammanträde med nämnden\nÅtgärd\n".encode("cp1252"), "cp1252", False),
        ("Protokoll\r\nSammanträde med nämnden\r\nÅtgärd\r\n".encode(), "utf-8", False),
    ],
)
def test_bytes_outside_edits_unchanged(data, encoding, bom):
    s = source_from_bytes(data, "m.txt")
    assert (s.encoding, s.bom) == (encoding, bom)
    # Replace "med" (line 2, columns 13-15) by "i ärendet\n"; the newline follows the file.
    text, n = apply_edits(s, [Edit(2, 13, 2, 16, "i ärendet\n")])
    assert n == 1
    out = encode(text, s)
    old = "med".encode(encoding)
    cut = data.index(old)
    assert out[:cut] == data[:cut]
    assert out.endswith(data[cut + len(old) :])
    newline = b"\r\n" if b"\r\n" in data else b"\n"
    inserted = out[cut : len(out) - len(data) + cut + len(old)]
    assert inserted == "i ärendet".encode(encoding) + newline
    assert out.startswith(b"\xef\xbb\xbf") == bom


def test_fix_text_result_encodes_like_input():
    data = "mötet öppnas\r\nslut\r\n".encode("cp1252")
    s = source_from_bytes(data, "m.txt")
    result = fix_text(s, period_rule, unsafe=False)
    assert (result.source.encoding, result.source.fallback) == ("cp1252", True)
    assert encode(result.text, result.source) == "mötet öppnas.\r\nslut.\r\n".encode("cp1252")


# --- write_atomically -------------------------------------------------------------------------
def test_write_atomically_keeps_permissions_and_leaves_no_temp(tmp_path: Path):
    target = tmp_path / "protokoll.txt"
    target.write_bytes(b"old\n")
    os.chmod(target, 0o640)
    write_atomically(target, "nytt å\n".encode())
    assert target.read_bytes() == "nytt å\n".encode()
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert os.listdir(tmp_path) == ["protokoll.txt"]


def test_write_atomically_creates_new_file(tmp_path: Path):
    target = tmp_path / "new.txt"
    write_atomically(target, b"x")
    assert target.read_bytes() == b"x"
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~mask
    assert os.listdir(tmp_path) == ["new.txt"]


def test_write_atomically_follows_symlink(tmp_path: Path):
    real = tmp_path / "real.txt"
    real.write_bytes(b"old")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    write_atomically(link, b"new")
    assert link.is_symlink()
    assert real.read_bytes() == b"new"


@pytest.mark.parametrize("failing", ["replace", "fsync"])
def test_write_atomically_failure_leaves_original(tmp_path: Path, monkeypatch, failing):
    target = tmp_path / "protokoll.txt"
    target.write_bytes(b"original\n")
    os.chmod(target, 0o640)

    def boom(*args, **kwargs):
        raise OSError("disk on fire")

    monkeypatch.setattr(fixmod.os, failing, boom)
    with pytest.raises(OSError, match="disk on fire"):
        write_atomically(target, b"replacement\n")
    monkeypatch.undo()
    assert target.read_bytes() == b"original\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert os.listdir(tmp_path) == ["protokoll.txt"]


# --- unified_diff -----------------------------------------------------------------------------
def test_unified_diff_headers_and_crlf_body():
    before = "Rad ett\r\nrad två\r\nRad tre\r\n"
    after = "Rad ett\r\nRad två.\r\nRad tre\r\n"
    diff = unified_diff("dir/m.txt", before, after)
    lines = diff.split("\n")
    assert lines[0] == "--- a/dir/m.txt"
    assert lines[1] == "+++ b/dir/m.txt"
    assert lines[2].startswith("@@ ")
    assert "-rad två\r" in lines
    assert "+Rad två.\r" in lines
    assert " Rad ett\r" in lines


def test_unified_diff_no_change_and_missing_final_newline():
    assert unified_diff("m.txt", "a\n", "a\n") == ""
    diff = unified_diff("m.txt", "a\nb", "a\nb.")
    assert diff.endswith("-b\n\\ No newline at end of file\n+b.\n\\ No newline at end of file\n")


def test_unified_diff_breaks_lines_only_at_cr_lf():
    diff = unified_diff("m.txt", "a\u2028b\x0cc\n", "a\u2028b\x0cC\n")
    assert "-a\u2028b\x0cc\n" in diff
    assert "+a\u2028b\x0cC\n" in diff
