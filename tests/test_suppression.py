"""Suppression comments in Markdown (`<!-- vfr-lint: ... -->`) and VFR010 unused-suppression."""

from __future__ import annotations

from vfr_lint.api import default_settings, lint_source, lint_text
from vfr_lint.cli import main
from vfr_lint.fix import fix_text
from vfr_lint.registry import select_rules
from vfr_lint.source import source_from_text

PRESENTER = "Föredragande: Mats Andersson, Samhällsanalytiker, Region Dalarna"

DOC = """# Minnesanteckningar Välfärdsrådet

Dnr: HSN 2025/936
Datum: 2025-04-25
Tid: Kl. 9.00–12.00
Plats: Digitalt via Teams

Närvarande:
Region Dalarna Sofia Jarl (ordf)
Falun Jonas Sallén
Mora Bert Persson

1. Mötets öppnande
Välfärdsrådet beslutade att öppna mötet.

2. Godkännande av dagordning
Välfärdsrådet beslutade att godkänna dagordningen.

3. Val av justerare
Välfärdsrådet beslutade att utse Jonas Sallén till justerare.

4. Föregående minnesanteckningar 250213
Välfärdsrådet beslutade att lägga minnesanteckningarna till handlingarna.

5. Information: Demografisk utveckling i Dalarna
{before}{presenter}
Länet står inför en demografisk omställning.
Välfärdsrådet beslutade att lägga informationen till handlingarna.
{after}
6. Övriga frågor
Inget togs upp.

7. Mötets avslutande
Ordföranden avslutade mötet.
"""


def doc(before: str = "", after: str = "", presenter: str = PRESENTER, top: str = "") -> str:
    return top + DOC.format(before=before, after=after, presenter=presenter)


def lint(text: str, path: str = "m.md", **settings) -> list[tuple[int, str]]:
    return [(f.line, f.code) for f in lint_text(text, path, default_settings(**settings))]


def codes(text: str, path: str = "m.md", **settings) -> list[str]:
    return [c for _, c in lint(text, path, **settings)]


def presenter_line(text: str) -> int:
    return text.splitlines().index(PRESENTER) + 1


def test_the_document_has_one_finding_to_suppress():
    text = doc()
    assert lint(text) == [(presenter_line(text), "VFR505")]


def test_disable_next_line_with_reason():
    text = doc(before="<!-- vfr-lint: disable-next-line=VFR505 -- titeln är ett namn -->\n")
    assert lint(text) == []


def test_disable_next_line_covers_only_the_next_line():
    text = doc(before="<!-- vfr-lint: disable-next-line=VFR505 -->\n\n")
    assert sorted(codes(text)) == ["VFR010", "VFR505"]


def test_several_codes_names_and_prefixes():
    for selectors in ("VFR505,VFR503", "VFR505, VFR503", "role-capitalization", "VFR5", "vfr505"):
        text = doc(before=f"<!-- vfr-lint: disable-next-line={selectors} -->\n")
        # a code of a rule that found nothing in a list with a used one is reported
        found = codes(text)
        assert "VFR505" not in found, selectors
        if "VFR503" in selectors:
            assert found == ["VFR010"], selectors
        else:
            assert found == [], selectors


def test_disable_region_until_enable():
    text = doc(before="<!-- vfr-lint: disable=VFR505 -->\n", after="<!-- vfr-lint: enable -->\n")
    assert lint(text) == []
    # after the region the rule is on again
    later = text.replace("7. Mötets avslutande\n", "7. Mötets avslutande\n" + PRESENTER + "\n")
    assert [c for c in codes(later) if c != "VFR001"] == ["VFR505"]


def test_enable_with_code_and_unclosed_region():
    text = doc(before="<!-- vfr-lint: disable=VFR505 -->\n", after="<!-- vfr-lint: enable=VFR505 -->\n")
    assert lint(text) == []
    text = doc(top="<!-- vfr-lint: disable=role-capitalization -->\n")
    assert lint(text) == []
    for disable, enable in (("role-capitalization", "VFR505"), ("VFR505", "VFR5"), ("VFR505,VFR503", "VFR50")):
        text = doc(before=f"<!-- vfr-lint: disable={disable} -->\n", after=f"<!-- vfr-lint: enable={enable} -->\n")
        assert [c for c in codes(text)] == (["VFR010"] if "VFR503" in disable else []), (disable, enable)
    # enable=VFR505 does not end disable=VFR5 (which also holds the other VFR5 rules)
    text = doc(before="<!-- vfr-lint: disable=VFR5 -->\n", after="<!-- vfr-lint: enable=VFR505 -->\n")
    assert codes(text) == ["VFR010"]


def test_disable_without_codes_means_all_rules():
    text = doc(before="<!-- vfr-lint: disable -->\n", after="<!-- vfr-lint: enable -->\n")
    assert lint(text) == []


def test_disable_file():
    text = doc(after="<!-- vfr-lint: disable-file=VFR505 -- styrs av kommunens stilguide -->\n")
    assert lint(text) == []
    text = doc(top="<!-- vfr-lint: disable-file=VFR201,VFR505 -->\n").replace("Dnr: HSN 2025/936\n", "")
    assert lint(text) == []


def test_unused_suppression_is_reported_with_a_safe_fix():
    text = doc(after="<!-- vfr-lint: disable-next-line=VFR201 -->\nInget mer.\n")
    findings = [f for f in lint_text(text, "m.md") if f.code == "VFR010"]
    assert len(findings) == 1
    f = findings[0]
    assert (f.name, f.severity.value, f.column) == ("unused-suppression", "warning", 1)
    assert "VFR201" in f.message
    assert f.fix is not None and f.fix.applicability.value == "safe"
    fixed = fix_text(source_from_text(text, "m.md"), lambda s: lint_source(s, default_settings()), unsafe=False)
    assert "vfr-lint:" not in fixed.text
    assert fixed.text == doc(after="Inget mer.\n")


def test_partly_unused_comment_keeps_the_used_codes():
    text = doc(before="<!-- vfr-lint: disable-next-line=VFR505,VFR201 -- namn -->\n")
    found = [f for f in lint_text(text, "m.md") if f.code == "VFR010"]
    assert len(found) == 1 and "VFR201" in found[0].message and "VFR505" not in found[0].message
    fixed = fix_text(source_from_text(text, "m.md"), lambda s: lint_source(s, default_settings()), unsafe=False)
    assert fixed.text == doc(before="<!-- vfr-lint: disable-next-line=VFR505 -- namn -->\n")
    assert lint(fixed.text) == []


def test_unknown_code_unmatched_enable_and_unreadable_directive():
    text = doc(
        before="<!-- vfr-lint: disable-next-line=VFR505 -->\n",
        after="<!-- vfr-lint: disable-file=VFR999 -->\n<!-- vfr-lint: enable -->\n<!-- vfr-lint: disabel=VFR1 -->\n",
    )
    found = [f for f in lint_text(text, "m.md", default_settings(language="en"))]
    messages = [f.message for f in found]
    assert [f.code for f in found] == ["VFR010"] * 3
    assert "«VFR999» names no rule" in messages[0]
    assert "`enable` without a `disable`" in messages[1]
    assert "Unknown vfr-lint directive «disabel=VFR1»" in messages[2]
    assert found[2].fix is None  # a typo is for the author to mend


def test_codes_of_rules_not_selected_are_not_unused():
    text = doc(after="<!-- vfr-lint: disable-file=VFR602 -->\n")  # VFR602 is opt-in
    assert lint(text) == [(presenter_line(text), "VFR505")]


def test_unused_suppression_can_be_ignored_and_suppressed_by_name_only():
    text = doc(before="<!-- vfr-lint: disable-next-line=VFR201 -->\n")
    assert codes(text) == ["VFR010", "VFR505"]
    assert codes(text, rules=select_rules(ignore=["VFR010"])) == ["VFR505"]
    hidden = text.replace("# Minnes", "<!-- vfr-lint: disable-file=unused-suppression -->\n# Minnes")
    assert codes(hidden) == ["VFR505"]
    # a bare disable-file (all rules) hides VFR505, but not a report about a suppression
    bare = text.replace("# Minnes", "<!-- vfr-lint: disable-file -->\n# Minnes")
    assert codes(bare) == ["VFR010"]


def test_plain_text_has_no_comment_syntax():
    text = doc(before="<!-- vfr-lint: disable-next-line=VFR505 -->\n")
    assert "VFR505" in codes(text, path="m.txt")
    assert "VFR010" not in codes(text, path="m.txt")


def test_crlf_positions():
    text = doc(after="<!-- vfr-lint: disable-next-line=VFR201 -->\n").replace("\n", "\r\n")
    found = [f for f in lint_text(text, "m.md") if f.code == "VFR010"]
    assert len(found) == 1
    line = text.split("\r\n").index("<!-- vfr-lint: disable-next-line=VFR201 -->") + 1
    assert (found[0].line, found[0].column, found[0].end_line) == (line, 1, line)
    fixed = fix_text(source_from_text(text, "m.md"), lambda s: lint_source(s, default_settings()), unsafe=False)
    assert fixed.text == doc().replace("\n", "\r\n")


def test_cli_exit_status_follows_suppression(tmp_path, capsys):
    path = tmp_path / "m.md"
    path.write_text(doc(before="<!-- vfr-lint: disable-next-line=VFR505 -->\n"), encoding="utf-8")
    assert main(["check", "--no-cache", str(path)]) == 0
    path.write_text(doc(before="<!-- vfr-lint: disable-next-line=VFR503 -->\n"), encoding="utf-8")
    assert main(["check", "--no-cache", "--output-format", "concise", str(path)]) == 1
    out = capsys.readouterr().out
    assert "VFR505" in out and "VFR010" in out
    assert main(["check", "--no-cache", "--fix", str(path)]) == 1  # VFR505's fix is unsafe
    assert "vfr-lint:" not in path.read_text(encoding="utf-8")


# --- the checks across documents (VFR9xx) ------------------------------------------------------
def _two_with_the_same_dnr(tmp_path, comment_in_a: str = "", line_comment: str = ""):
    """a.md and b.md carry the same Dnr (VFR903 in both); `comment_in_a` goes on top of
    a.md, `line_comment` right above a.md's Dnr line."""
    a = doc(top=comment_in_a).replace("Dnr: HSN", line_comment + "Dnr: HSN")
    (tmp_path / "a.md").write_text(a, encoding="utf-8")
    (tmp_path / "b.md").write_text(doc(), encoding="utf-8")


def _found(capsys) -> list[tuple[str, str]]:
    out = capsys.readouterr().out
    return sorted(
        (line.split(":")[0].rsplit("/", 1)[-1], line.split(": ")[1].split()[0])
        for line in out.splitlines()
        if ": VFR" in line
    )


def test_a_comment_suppresses_a_finding_across_documents(tmp_path, capsys):
    _two_with_the_same_dnr(tmp_path, comment_in_a="<!-- vfr-lint: disable-file=VFR903 -- samma ärende -->\n")
    for cache in (["--no-cache"], ["--cache-dir", str(tmp_path / "cache")], ["--cache-dir", str(tmp_path / "cache")]):
        main(["check", *cache, "--output-format", "concise", str(tmp_path)])
        found = _found(capsys)
        assert ("a.md", "VFR903") not in found and ("b.md", "VFR903") in found, found
        assert not any(code == "VFR010" for _, code in found), found  # it is used: not reported unused


def test_disable_next_line_by_rule_name_across_documents(tmp_path, capsys):
    _two_with_the_same_dnr(tmp_path, line_comment="<!-- vfr-lint: disable-next-line=duplicate-dnr -->\n")
    main(["check", "--no-cache", "--output-format", "concise", str(tmp_path)])
    found = _found(capsys)
    assert ("a.md", "VFR903") not in found and ("b.md", "VFR903") in found, found


def test_a_cross_document_suppression_is_not_called_unused_in_one_document():
    """Alone (an editor, a one-file run) a document cannot tell whether a VFR9xx
    suppression is used: it is not reported, while other unused codes still are."""
    text = doc(top="<!-- vfr-lint: disable-file=VFR903,VFR505 -->\n")
    assert "VFR010" not in codes(text)
    text = doc(top="<!-- vfr-lint: disable-file=VFR903,VFR303 -->\n")
    findings = lint_text(text, "m.md", default_settings())
    unused = [f.message for f in findings if f.code == "VFR010"]
    assert len(unused) == 1 and "VFR303" in unused[0] and "VFR903" not in unused[0]


def test_the_scopes_survive_the_cache(tmp_path):
    import json

    from vfr_lint.api import lint_document
    from vfr_lint.corpus import DocumentFacts, document_facts

    text = doc(top="<!-- vfr-lint: disable-file=VFR9 -->\n", before="<!-- vfr-lint: disable-next-line=duplicate-dnr -->\n")
    settings = default_settings()
    source = source_from_text(text, "m.md")
    facts = document_facts(lint_document(source, settings)[1], source, settings)
    next_line = text.splitlines().index("<!-- vfr-lint: disable-next-line=duplicate-dnr -->") + 2
    assert facts.suppressed == [("VFR9", 1, None), ("duplicate-dnr", next_line, next_line)]
    assert DocumentFacts.from_json(json.loads(json.dumps(facts.to_json()))) == facts
