"""Declarative rule cases: one TOML file per rule in tests/cases/VFRxxx.toml.

Each file holds `rule = "VFRxxx"` and a list of `[[case]]` tables:

    name     what the case shows (the test id)
    text     a minutes document (TOML multi-line string; a newline right after the
             opening quotes is dropped, so the first line of the text is line 1)
    path     optional, default "minutes.txt"; ".md" lints the text as Markdown
    encoding optional: the text is encoded with this codec and linted as bytes (for
             VFR002/VFR003); without it the text is linted as a decoded string
    options  optional per-rule options, e.g. { style = "period" }
    expect   the findings of THIS rule only: [{ line, column[, end_line, end_column] }]
    fixed    optional: the text after applying the safe fixes
    unsafe_fixed  optional: the text after applying safe and unsafe fixes
    xfail    optional: a reason ("bug: ..."); the case is marked xfail(strict=True)

The harness lints each case with only its rule selected, compares the positions
exactly, and checks the fixes: with `fixed` the fixed text must match and re-lint
without a finding of the rule; without `fixed` the safe fixes must leave the text
unchanged (and likewise `unsafe_fixed` for the unsafe fixes).
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from vfr_lint.api import lint_bytes, lint_path, lint_source
from vfr_lint.fix import fix_text
from vfr_lint.registry import all_rules
from vfr_lint.settings import Overrides, resolve
from vfr_lint.source import UnreadableError, source_from_bytes, source_from_text

CASES_DIR = Path(__file__).parent / "cases"
CASE_KEYS = {"name", "text", "path", "encoding", "options", "expect", "fixed", "unsafe_fixed", "xfail"}
POSITION_KEYS = {"line", "column", "end_line", "end_column"}
# The per-document rules of the catalogue (/work/shared/spec/rules.md), VFR001-VFR602.
CATALOGUE = (
    "VFR001 VFR002 VFR003 VFR101 VFR102 VFR103 VFR201 VFR202 VFR203 VFR204 VFR205 VFR206 VFR207 VFR208 "
    "VFR301 VFR302 VFR303 VFR304 VFR305 VFR306 VFR401 VFR402 VFR403 VFR404 VFR405 "
    "VFR501 VFR502 VFR503 VFR504 VFR505 VFR601 VFR602"
).split()


def _load() -> list[tuple[str, dict]]:
    out = []
    for file in sorted(CASES_DIR.glob("VFR*.toml")):
        data = tomllib.loads(file.read_text(encoding="utf-8"))
        assert data.get("rule") == file.stem, f"{file.name}: rule = {data.get('rule')!r}, expected {file.stem!r}"
        assert set(data) <= {"rule", "case"}, f"{file.name}: unknown keys {sorted(set(data) - {'rule', 'case'})}"
        for case in data.get("case", []):
            out.append((data["rule"], case))
    return out


ALL_CASES = _load()


def _params():
    params = []
    for rule, case in ALL_CASES:
        marks = [pytest.mark.xfail(strict=True, reason=case["xfail"])] if "xfail" in case else []
        params.append(pytest.param(rule, case, id=f"{rule}-{case['name']}", marks=marks))
    return params


def _settings(rule: str, options: dict | None):
    settings = resolve(None, Overrides(select=[rule]))
    if options:
        settings.options = {rule: dict(options)}
    return settings


def _source(case: dict):
    path = case.get("path", "minutes.txt")
    if "encoding" in case:
        try:
            return source_from_bytes(case["text"].encode(case["encoding"]), path)
        except UnreadableError:
            return None
    return source_from_text(case["text"], path)


def _lint(rule: str, case: dict):
    settings = _settings(rule, case.get("options"))
    path = case.get("path", "minutes.txt")
    if "encoding" in case:
        findings = lint_bytes(case["text"].encode(case["encoding"]), path, settings)
    else:
        findings = lint_source(source_from_text(case["text"], path), settings)
    return settings, findings


def _position(expected: dict, finding) -> tuple:
    if "end_line" in expected or "end_column" in expected:
        return (finding.line, finding.column, finding.end_line, finding.end_column)
    return (finding.line, finding.column)


def _expected(expected: dict) -> tuple:
    if "end_line" in expected or "end_column" in expected:
        return (expected["line"], expected["column"], expected["end_line"], expected["end_column"])
    return (expected["line"], expected["column"])


@pytest.mark.parametrize(("rule", "case"), _params())
def test_rule_case(rule: str, case: dict):
    assert set(case) <= CASE_KEYS, f"unknown keys: {sorted(set(case) - CASE_KEYS)}"
    for e in case["expect"]:
        assert set(e) <= POSITION_KEYS and {"line", "column"} <= set(e), e
    settings, findings = _lint(rule, case)
    assert all(f.code == rule for f in findings), [f.code for f in findings]
    expected = [_expected(e) for e in case["expect"]]
    actual = [_position(e, f) for e, f in zip(case["expect"], findings, strict=False)]
    actual += [(f.line, f.column) for f in findings[len(case["expect"]) :]]
    assert actual == expected, "\n".join(
        f"{f.line}:{f.column}-{f.end_line}:{f.end_column} {f.message}" for f in findings
    )

    source = _source(case)
    if source is None:  # unreadable input: nothing to fix
        assert "fixed" not in case and "unsafe_fixed" not in case
        return

    def relint(src):
        return lint_source(src, settings)

    for key, unsafe in (("fixed", False), ("unsafe_fixed", True)):
        result = fix_text(source, relint, unsafe=unsafe)
        if key in case:
            assert result.text == case[key]
            again = relint(result.source)
            assert [f for f in again if f.code == rule] == [], [f.message for f in again]
            # A second run changes nothing.
            assert fix_text(result.source, relint, unsafe=unsafe).text == result.text
        elif unsafe:  # without unsafe fixes of its own, the case fixes as with safe fixes only
            assert result.text == case.get("fixed", source.original), "the unsafe fixes changed the text"
        else:
            assert result.text == source.original, "the safe fixes changed the text"


def test_every_rule_has_failing_and_passing_cases():
    rules = set(CATALOGUE)
    assert rules <= {r.code for r in all_rules()}
    by_rule: dict[str, list[dict]] = {}
    for rule, case in ALL_CASES:
        by_rule.setdefault(rule, []).append(case)
    missing = sorted(rules - set(by_rule))
    assert not missing, f"no case file for {missing}"
    for rule, cases in by_rule.items():
        working = [c for c in cases if "xfail" not in c]
        assert any(c["expect"] for c in working), f"{rule}: no (working) failing case"
        assert any(not c["expect"] for c in working), f"{rule}: no passing case"
        names = [c["name"] for c in cases]
        assert len(names) == len(set(names)), f"{rule}: duplicate case names"
        if rule[:4] in ("VFR1", "VFR2", "VFR3", "VFR5"):
            assert len(working) >= 3, f"{rule}: expected several cases"


def test_fixable_rules_have_fix_cases():
    fixed = {rule for rule, case in ALL_CASES if "fixed" in case}
    unsafe = {rule for rule, case in ALL_CASES if "unsafe_fixed" in case}
    assert {"VFR404", "VFR502", "VFR602"} <= fixed
    assert "VFR505" in unsafe


# --- VFR003 with real paths ------------------------------------------------------------------
PDF_BYTES = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("minnesanteckningar.pdf", PDF_BYTES),
        ("minnesanteckningar.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)),
        ("export.txt", b"Minnesanteckningar\n" + bytes(200)),
        ("bild.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256))),
    ],
)
def test_vfr003_binary_path(tmp_path: Path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    findings = lint_path(path, resolve(None, Overrides(select=["VFR003"])))
    assert [(f.code, f.line, f.column) for f in findings] == [("VFR003", 1, 1)]


def test_vfr003_directory_and_missing_file(tmp_path: Path):
    settings = resolve(None, Overrides(select=["VFR003"]))
    assert [f.code for f in lint_path(tmp_path, settings)] == ["VFR003"]
    assert [f.code for f in lint_path(tmp_path / "saknas.txt", settings)] == ["VFR003"]


def test_vfr003_not_raised_for_text_file(tmp_path: Path):
    path = tmp_path / "minnesanteckningar.txt"
    path.write_text("Minnesanteckningar Välfärdsrådet\n1. Mötets öppnande\n", encoding="utf-8")
    assert lint_path(path, resolve(None, Overrides(select=["VFR003"]))) == []


def test_vfr003_cli_other_files_still_linted(tmp_path: Path):
    import json
    import subprocess
    import sys

    pdf = tmp_path / "minnesanteckningar.pdf"
    pdf.write_bytes(PDF_BYTES)
    text = tmp_path / "minnesanteckningar.txt"
    text.write_text("Minnesanteckningar Välfärdsrådet\nDatum: 2025-04-25\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "vfr_lint", "check", "--isolated", "--output-format", "json", str(pdf), str(text)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    findings = json.loads(proc.stdout)
    assert [(f["code"], f["line"], f["column"]) for f in findings if f["path"] == str(pdf)] == [("VFR003", 1, 1)]
    other = {f["code"] for f in findings if f["path"] == str(text)}
    assert {"VFR001", "VFR201", "VFR301"} <= other  # no items, no Dnr, no attendance
