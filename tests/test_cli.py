"""The command line, end to end: `python -m vfr_lint` in a subprocess, run in a scratch
folder (cwd = tmp_path) so no config file of the checkout leaks in.

Checks the output contract (exit codes 0/1/2, JSON keys and order, the concise text
format), rule selection, file discovery, fixes, the sub-commands and configuration.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
SEED0 = FIXTURES / "000_f9f2acdc3d3ad322.txt"
SEED3 = FIXTURES / "003_3d823900d853d8c7.txt"

# The rule catalogue (code, name, default severity): the contract with users.
CATALOGUE = [
    ("VFR001", "parse-error", "error"),
    ("VFR002", "encoding-fallback", "warning"),
    ("VFR003", "unreadable", "error"),
    ("VFR101", "missing-section", "error"),
    ("VFR102", "section-order", "warning"),
    ("VFR103", "item-numbering", "error"),
    ("VFR201", "missing-dnr", "error"),
    ("VFR202", "dnr-format", "error"),
    ("VFR203", "dnr-year", "warning"),
    ("VFR204", "missing-date", "error"),
    ("VFR205", "date-conflict", "error"),
    ("VFR206", "missing-time-or-place", "warning"),
    ("VFR207", "time-format", "warning"),
    ("VFR208", "previous-minutes-date", "error"),
    ("VFR301", "missing-attendance", "error"),
    ("VFR302", "missing-chair", "warning"),
    ("VFR303", "missing-justerare", "error"),
    ("VFR304", "justerare-not-present", "error"),
    ("VFR305", "justerare-is-chair", "warning"),
    ("VFR306", "lost-strikethrough", "warning"),
    ("VFR401", "missing-decision", "error"),
    ("VFR402", "decision-formula", "error"),
    ("VFR403", "decision-layout", "warning"),
    ("VFR404", "clause-punctuation", "warning"),
    ("VFR405", "clause-form", "error"),
    ("VFR501", "missing-presenter", "error"),
    ("VFR502", "duplicated-label", "error"),
    ("VFR503", "presenter-without-role", "warning"),
    ("VFR504", "unknown-speaker", "warning"),
    ("VFR505", "role-capitalization", "warning"),
    ("VFR601", "repeated-phrase", "warning"),
    ("VFR602", "whitespace", "info"),
    ("VFR901", "previous-minutes-not-found", "warning"),
    ("VFR902", "roster-spelling", "warning"),
    ("VFR903", "duplicate-dnr", "error"),
]
CATALOGUE_CODES = {code for code, _, _ in CATALOGUE}

CONCISE = re.compile(r"^[^:]+:\d+:\d+: VFR\d{3} \[(error|warning|info)\] .+$")
CONTRACT_KEYS = {"path", "line", "column", "end_line", "end_column", "code", "name", "severity", "message", "fix"}

# A small document with every required part; the linter reports nothing on it, not
# even with the opt-in whitespace rule (checked by test_clean_file_exits_0).
CLEAN = (Path(__file__).parent / "fixtures" / "clean" / "minutes.txt").read_text(encoding="utf-8")

# --------------------------------------------------------------------------- helpers


def vfr(
    *args: str | os.PathLike, cwd: Path, stdin: bytes | None = None, env: dict | None = None, timeout: float = 120
) -> subprocess.CompletedProcess:
    """Run `python -m vfr_lint ARGS` in `cwd`; stdout/stderr decoded as UTF-8 (strictly)."""
    full_env = {**os.environ, "NO_COLOR": "1", **(env or {})}
    proc = subprocess.run(
        [sys.executable, "-m", "vfr_lint", *map(os.fsdecode, args)],
        cwd=cwd,
        input=stdin if stdin is not None else b"",
        capture_output=True,
        env=full_env,
        timeout=timeout,
    )
    out = proc.stdout.decode("utf-8")
    err = proc.stderr.decode("utf-8")
    assert "Traceback" not in err, err
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def findings(*args: str | os.PathLike, cwd: Path, stdin: bytes | None = None) -> list[dict]:
    proc = vfr("check", "--output-format", "json", *args, cwd=cwd, stdin=stdin)
    assert proc.returncode in (0, 1), proc.stderr
    data = json.loads(proc.stdout)
    assert isinstance(data, list)
    return data


def keys(found: list[dict]) -> list[tuple]:
    return [(f["path"], f["line"], f["column"], f["code"]) for f in found]


def codes(found: list[dict]) -> set[str]:
    return {f["code"] for f in found}


def one_line_error(proc: subprocess.CompletedProcess) -> str:
    """The contract: exit 2 and a one-line message on stderr, never a traceback."""
    assert proc.returncode == 2, (proc.returncode, proc.stdout, proc.stderr)
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    return lines[0]


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def copy_seed(dest: Path, seed: Path = SEED0) -> Path:
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(seed, dest)
    return dest


@pytest.fixture
def seed0(tmp_path: Path) -> Path:
    return copy_seed(tmp_path / "s0.txt")


@pytest.fixture
def clean(tmp_path: Path) -> Path:
    return write(tmp_path / "clean.txt", CLEAN)


# Where the linted file sits relative to the config file (which is in tmp_path = cwd).
LAYOUTS = [pytest.param("", id="same-folder"), pytest.param("docs/", id="subfolder")]


# --------------------------------------------------------------------------- exit codes


def test_shorthand_equals_check(tmp_path: Path, seed0: Path) -> None:
    short = vfr("s0.txt", cwd=tmp_path)
    full = vfr("check", "s0.txt", cwd=tmp_path)
    assert short.returncode == full.returncode == 1
    assert short.stdout == full.stdout != ""
    # with options before and after the path, too
    short = vfr("--output-format", "json", "s0.txt", "--ignore", "VFR4", cwd=tmp_path)
    full = vfr("check", "--output-format", "json", "s0.txt", "--ignore", "VFR4", cwd=tmp_path)
    assert (short.returncode, short.stdout) == (full.returncode, full.stdout)


def test_clean_file_exits_0(tmp_path: Path, clean: Path) -> None:
    proc = vfr("check", "clean.txt", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout
    assert proc.stdout == ""
    # clean even with every rule, opt-in ones included
    assert findings("clean.txt", "--select", "ALL", "--extend-select", "VFR602", cwd=tmp_path) == []


def test_findings_exit_1(tmp_path: Path, seed0: Path) -> None:
    proc = vfr("check", "s0.txt", cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stdout.strip()


def test_missing_path_exits_2(tmp_path: Path, clean: Path) -> None:
    line = one_line_error(vfr("check", "clean.txt", "no-such-file.txt", cwd=tmp_path))
    assert "no-such-file.txt" in line


def test_unknown_option_exits_2(tmp_path: Path, clean: Path) -> None:
    proc = vfr("check", "--no-such-option", "clean.txt", cwd=tmp_path)
    assert proc.returncode == 2
    assert "--no-such-option" in proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize(
    ("option", "selector"),
    [
        ("--select", "VFR999"),
        ("--select", "no-such-rule"),
        ("--ignore", "VFR8"),  # no VFR8xx family (VFR9xx is: across documents)
        ("--extend-select", "VFR7"),
        ("--select", "VFR2,bogus"),
    ],
)
def test_bad_selector_exits_2(tmp_path: Path, clean: Path, option: str, selector: str) -> None:
    line = one_line_error(vfr("check", option, selector, "clean.txt", cwd=tmp_path))
    bad = selector.split(",")[-1]
    assert bad in line


BROKEN_CONFIGS = {
    "wrong-type": ('ignore = "VFR505"\n', "ignore"),
    "unknown-key": ('ignored = ["VFR505"]\n', "ignored"),
    "invalid-toml": ("ignore = [\n", "line 1"),
    "wrong-type-int": ('max-file-size = "big"\n', "max-file-size"),
    "bad-severity": ('severity = { VFR505 = "fatal" }\n', "severity"),
}


@pytest.mark.parametrize("where", LAYOUTS)
@pytest.mark.parametrize("problem", sorted(BROKEN_CONFIGS))
def test_broken_config_exits_2_with_one_line(tmp_path: Path, where: str, problem: str) -> None:
    text, key = BROKEN_CONFIGS[problem]
    write(tmp_path / "vfr-lint.toml", text)
    write(tmp_path / where / "clean.txt", CLEAN)
    line = one_line_error(vfr("check", f"{where}clean.txt", cwd=tmp_path))
    assert "vfr-lint.toml" in line
    assert key in line


@pytest.mark.parametrize("where", LAYOUTS)
def test_broken_pyproject_table_exits_2(tmp_path: Path, where: str) -> None:
    write(tmp_path / "pyproject.toml", '[project]\nname = "x"\n\n[tool.vfr-lint]\nselect = "VFR2"\n')
    write(tmp_path / where / "clean.txt", CLEAN)
    line = one_line_error(vfr("check", f"{where}clean.txt", cwd=tmp_path))
    assert "pyproject.toml" in line
    assert "select" in line


def test_explicit_broken_config_exits_2(tmp_path: Path, clean: Path) -> None:
    write(tmp_path / "conf" / "lint.toml", "ignore = [\n")
    line = one_line_error(vfr("check", "--config", "conf/lint.toml", "clean.txt", cwd=tmp_path))
    assert "lint.toml" in line


# --------------------------------------------------------------------------- output


def test_json_output_contract(tmp_path: Path) -> None:
    copy_seed(tmp_path / "b" / "x.txt", SEED0)
    copy_seed(tmp_path / "a.txt", SEED3)
    copy_seed(tmp_path / "b" / "a.txt", SEED3)
    proc = vfr("check", "--output-format", "json", "b", "a.txt", cwd=tmp_path)
    assert proc.returncode == 1
    data = json.loads(proc.stdout)  # exactly one JSON document
    assert isinstance(data, list) and data
    for f in data:
        assert CONTRACT_KEYS <= set(f), f
        assert f["severity"] in ("error", "warning", "info")
        assert re.fullmatch(r"VFR\d{3}", f["code"])
        assert f["line"] >= 1 and f["column"] >= 1
        assert (f["end_line"], f["end_column"]) >= (f["line"], f["column"])
        assert isinstance(f["message"], str) and f["message"]
        if f["fix"] is not None:
            assert f["fix"]["applicability"] in ("safe", "unsafe")
            for e in f["fix"]["edits"]:
                assert {"line", "column", "end_line", "end_column", "content"} <= set(e)
    sort_keys = [(f["path"], f["line"], f["column"], f["code"]) for f in data]
    assert sort_keys == sorted(sort_keys)
    assert {f["path"] for f in data} == {"a.txt", os.path.join("b", "a.txt"), os.path.join("b", "x.txt")}
    # names and severities are the catalogue's (no severity overrides in this run)
    catalogue = {code: (name, sev) for code, name, sev in CATALOGUE}
    for f in data:
        assert (f["name"], f["severity"]) == catalogue[f["code"]]


def test_concise_lines_match_problem_matcher(tmp_path: Path, seed0: Path) -> None:
    copy_seed(tmp_path / "s3.txt", SEED3)
    for args in (("check", "s0.txt", "s3.txt"), ("check", "--output-format", "concise", "s0.txt", "s3.txt")):
        proc = vfr(*args, cwd=tmp_path)
        assert proc.returncode == 1
        lines = proc.stdout.splitlines()
        assert lines
        for line in lines:
            assert CONCISE.match(line), line
    # the text lines and the JSON findings are the same findings
    as_json = findings("s0.txt", "s3.txt", cwd=tmp_path)
    expected = [f"{f['path']}:{f['line']}:{f['column']}: {f['code']} [{f['severity']}] {f['message']}" for f in as_json]
    assert proc.stdout.splitlines() == expected


# --------------------------------------------------------------------------- selection


def test_select_prefix(tmp_path: Path, seed0: Path) -> None:
    found = findings("s0.txt", "--select", "VFR5", cwd=tmp_path)
    assert found and all(f["code"].startswith("VFR5") for f in found)
    everything = findings("s0.txt", cwd=tmp_path)
    assert keys(found) == [k for k in keys(everything) if k[3].startswith("VFR5")]


def test_select_by_name(tmp_path: Path) -> None:
    write(tmp_path / "bad-dnr.txt", CLEAN.replace("Dnr: HSN 2025/936", "Dnr: hsn 2025-936"))
    found = findings("bad-dnr.txt", "--select", "dnr-format", cwd=tmp_path)
    assert codes(found) == {"VFR202"}
    assert found[0]["line"] == 4


def test_ignore(tmp_path: Path, seed0: Path) -> None:
    everything = findings("s0.txt", cwd=tmp_path)
    assert "VFR505" in codes(everything)
    found = findings("s0.txt", "--ignore", "VFR505", cwd=tmp_path)
    assert keys(found) == [k for k in keys(everything) if k[3] != "VFR505"]


def test_extend_select_opt_in_rule(tmp_path: Path, seed0: Path) -> None:
    default = findings("s0.txt", cwd=tmp_path)
    assert "VFR602" not in codes(default)  # opt-in: off by default
    assert "VFR602" not in codes(findings("s0.txt", "--select", "ALL", cwd=tmp_path))
    extended = findings("s0.txt", "--extend-select", "VFR602", cwd=tmp_path)
    assert "VFR602" in codes(extended)  # the seed has trailing white space
    assert [k for k in keys(extended) if k[3] != "VFR602"] == keys(default)
    only = findings("s0.txt", "--select", "whitespace", cwd=tmp_path)
    assert codes(only) == {"VFR602"}
    assert all(f["severity"] == "info" for f in only)


def test_lang_en(tmp_path: Path, seed0: Path) -> None:
    sv = findings("s0.txt", cwd=tmp_path)
    en = findings("s0.txt", "--lang", "en", cwd=tmp_path)
    assert keys(sv) == keys(en)

    def prose(message: str) -> str:  # the message without quoted document text
        return re.sub(r"«[^»]*»|`[^`]*`|'[^']*'|\"[^\"]*\"", "", message)

    assert any(re.search("[åäöÅÄÖ]", prose(f["message"])) for f in sv)
    for s, e in zip(sv, en, strict=True):
        assert s["message"] != e["message"], e
        assert not re.search("[åäöÅÄÖ]", prose(e["message"])), e["message"]


# --------------------------------------------------------------------------- inputs


def test_stdin_with_stdin_filename(tmp_path: Path, seed0: Path) -> None:
    from_file = findings("s0.txt", cwd=tmp_path)
    data = seed0.read_bytes()
    named = findings("-", "--stdin-filename", "minutes/kf.txt", cwd=tmp_path, stdin=data)
    assert [k[1:] for k in keys(named)] == [k[1:] for k in keys(from_file)]
    assert {f["path"] for f in named} == {"minutes/kf.txt"}
    bare = findings("-", cwd=tmp_path, stdin=data)
    assert {f["path"] for f in bare} == {"-"}
    assert vfr("check", "-", cwd=tmp_path, stdin=CLEAN.encode()).returncode == 0


def test_folders_recursively_with_include_and_exclude(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    for rel in (
        "a.txt",
        "sub/b.md",
        "sub/deeper/c.txt",
        "drafts/d.txt",
        ".git/e.txt",
        "notes.rst",
        "data.json",
        "sub/README",
        "sub/f.txt.bak",
    ):
        copy_seed(docs / rel)
    found = findings("docs", cwd=tmp_path)
    assert {f["path"] for f in found} == {
        os.path.join("docs", p) for p in ("a.txt", "sub/b.md", "sub/deeper/c.txt", "drafts/d.txt")
    }
    found = findings("docs", "--extend-exclude", "drafts", cwd=tmp_path)
    assert {f["path"] for f in found} == {os.path.join("docs", p) for p in ("a.txt", "sub/b.md", "sub/deeper/c.txt")}
    # --exclude replaces the configured (default) patterns, .git among them
    found = findings("docs", "--exclude", "drafts,*.md", cwd=tmp_path)
    assert {f["path"] for f in found} == {os.path.join("docs", p) for p in ("a.txt", "sub/deeper/c.txt", ".git/e.txt")}
    found = findings("docs", "--exclude", "drafts", "--exclude", "sub", "--extend-exclude", ".git", cwd=tmp_path)
    assert {f["path"] for f in found} == {os.path.join("docs", "a.txt")}
    # a file named explicitly is linted whatever its name
    assert {f["path"] for f in findings("docs/notes.rst", cwd=tmp_path)} == {"docs/notes.rst"}


def test_exit_zero(tmp_path: Path, seed0: Path) -> None:
    proc = vfr("check", "--exit-zero", "s0.txt", cwd=tmp_path)
    assert proc.returncode == 0
    assert proc.stdout.strip()  # findings are still reported
    assert all(CONCISE.match(line) for line in proc.stdout.splitlines())


def test_statistics(tmp_path: Path, seed0: Path) -> None:
    expected = Counter(f["code"] for f in findings("s0.txt", cwd=tmp_path))
    proc = vfr("check", "--statistics", "s0.txt", cwd=tmp_path)
    assert proc.returncode == 1
    stats = {}
    for line in proc.stdout.splitlines():
        m = re.fullmatch(r"\s*(\d+)\s+(VFR\d{3})\s+([a-z0-9-]+)\s*", line)
        if m:
            stats[m.group(2)] = int(m.group(1))
    assert stats == dict(expected)


# --------------------------------------------------------------------------- fixes


def test_diff_changes_nothing_and_prints_unified_diff(tmp_path: Path, seed0: Path) -> None:
    before = seed0.read_bytes()
    proc = vfr("check", "--diff", "s0.txt", cwd=tmp_path)
    assert proc.returncode in (0, 1), proc.stderr
    assert seed0.read_bytes() == before
    lines = proc.stdout.splitlines()
    assert lines[0].startswith("--- ") and lines[1].startswith("+++ ")
    assert "s0.txt" in lines[0] and "s0.txt" in lines[1]
    assert any(line.startswith("@@ -") for line in lines)
    # the diff is the --fix result: applying it gives what --fix writes
    fixed = copy_seed(tmp_path / "fixed" / "s0.txt")
    vfr("check", "--fix", "fixed/s0.txt", cwd=tmp_path)
    patch = shutil.which("patch")
    if patch:
        target = copy_seed(tmp_path / "patched.txt")
        subprocess.run([patch, "-s", str(target)], input=proc.stdout.encode(), check=True, cwd=tmp_path)
        assert target.read_bytes() == fixed.read_bytes() != before


def test_fix_exit_code_follows_remaining_findings(tmp_path: Path, seed0: Path) -> None:
    before = seed0.read_bytes()
    proc = vfr("check", "--fix", "s0.txt", cwd=tmp_path)
    assert proc.returncode == 1  # the seed has findings no fix removes
    assert seed0.read_bytes() != before
    remaining = findings("s0.txt", cwd=tmp_path)
    assert remaining and all(f["fix"] is None or f["fix"]["applicability"] == "unsafe" for f in remaining)
    assert {"VFR502", "VFR404"}.isdisjoint(codes(remaining))  # safe fixes applied

    # only fixable findings: --fix leaves nothing, so exit 0
    fixable = write(tmp_path / "ws.txt", CLEAN.replace("Plats: Digitalt via Teams", "Plats: Digitalt via Teams   "))
    assert vfr("check", "--extend-select", "VFR602", "ws.txt", cwd=tmp_path).returncode == 1
    proc = vfr("check", "--extend-select", "VFR602", "--fix", "ws.txt", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout
    assert fixable.read_text(encoding="utf-8") == CLEAN
    assert vfr("check", "--extend-select", "VFR602", "ws.txt", cwd=tmp_path).returncode == 0


# --------------------------------------------------------------------------- sub-commands


def test_rules_lists_the_catalogue(tmp_path: Path) -> None:
    proc = vfr("rules", cwd=tmp_path)
    assert proc.returncode == 0
    listed = {}
    for line in proc.stdout.splitlines():
        m = re.match(r"^(VFR\d{3})\s+(\S+)\s+(error|warning|info)\b", line)
        assert m, line
        listed[m.group(1)] = (m.group(2), m.group(3))
    for code, name, severity in CATALOGUE:
        assert listed.get(code) == (name, severity), code
    # exactly the catalogue's 35 rules in its ranges; any extra rule uses a free code
    in_catalogue = [c for c in listed if c in CATALOGUE_CODES]
    assert len(in_catalogue) == len(CATALOGUE) == 35
    assert "VFR602" in proc.stdout and "opt-in" in next(ln for ln in proc.stdout.splitlines() if "VFR602" in ln)

    as_json = json.loads(vfr("rules", "--output-format", "json", cwd=tmp_path).stdout)
    by_code = {r["code"]: r for r in as_json}
    for code, name, severity in CATALOGUE:
        assert (by_code[code]["name"], by_code[code]["severity"]) == (name, severity)
        assert by_code[code]["opt_in"] is (code == "VFR602")


def test_rule_doc(tmp_path: Path) -> None:
    proc = vfr("rule", "VFR304", cwd=tmp_path)
    assert proc.returncode == 0
    assert "VFR304" in proc.stdout and "justerare-not-present" in proc.stdout
    assert "error" in proc.stdout
    assert len(proc.stdout.splitlines()) > 5
    assert vfr("rule", "justerare-not-present", cwd=tmp_path).stdout == proc.stdout
    assert vfr("rule", "vfr304", cwd=tmp_path).stdout == proc.stdout


def test_rule_unknown_exits_2(tmp_path: Path) -> None:
    line = one_line_error(vfr("rule", "nope", cwd=tmp_path))
    assert "nope" in line


def test_parse_prints_items_and_matches_schema(tmp_path: Path, clean: Path) -> None:
    proc = vfr("parse", "clean.txt", cwd=tmp_path)
    assert proc.returncode == 0
    tree = json.loads(proc.stdout)
    assert [item["number"] for item in tree["items"]] == [1, 2, 3, 4, 5, 6, 7]
    assert tree["items"][0]["title"].startswith("Mötets öppnande")

    proc = vfr("parse", "--schema", cwd=tmp_path)
    assert proc.returncode == 0
    schema = json.loads(proc.stdout)
    assert "$defs" in schema and schema.get("type") == "object"
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.validators.validator_for(schema).check_schema(schema)
    jsonschema.validate(tree, schema)
    # a seed's tree is valid too
    copy_seed(tmp_path / "s0.txt")
    jsonschema.validate(json.loads(vfr("parse", "s0.txt", cwd=tmp_path).stdout), schema)


def test_parse_stdin_and_missing_file(tmp_path: Path) -> None:
    proc = vfr("parse", "-", cwd=tmp_path, stdin=CLEAN.encode())
    assert proc.returncode == 0 and len(json.loads(proc.stdout)["items"]) == 7
    one_line_error(vfr("parse", "missing.txt", cwd=tmp_path))


def test_version(tmp_path: Path) -> None:
    from vfr_lint import __version__

    proc = vfr("--version", cwd=tmp_path)
    assert proc.returncode == 0
    assert proc.stdout.strip() == f"vfr-lint {__version__}"


def test_check_example(tmp_path: Path) -> None:
    proc = vfr("check", "--example", "--output-format", "json", cwd=tmp_path)
    assert proc.returncode == 1
    data = json.loads(proc.stdout)
    assert data and {Path(f["path"]).name for f in data} == {"minnesanteckningar.txt"}
    path = vfr("example", cwd=tmp_path).stdout.strip()
    assert Path(path).is_file() and Path(path).name == "minnesanteckningar.txt"


# --------------------------------------------------------------------------- configuration


@pytest.mark.parametrize("where", LAYOUTS)
def test_pyproject_config_is_discovered(tmp_path: Path, where: str) -> None:
    copy_seed(tmp_path / where / "s0.txt")
    before = findings(f"{where}s0.txt", cwd=tmp_path)
    assert "VFR505" in codes(before)
    write(tmp_path / "pyproject.toml", '[project]\nname = "x"\n\n[tool.vfr-lint]\nignore = ["VFR505"]\n')
    after = findings(f"{where}s0.txt", cwd=tmp_path)
    assert keys(after) == [k for k in keys(before) if k[3] != "VFR505"]
    # also when the folder is linted
    found = findings("." if not where else where.rstrip("/"), cwd=tmp_path)
    assert found and "VFR505" not in codes(found)


@pytest.mark.parametrize("where", LAYOUTS)
def test_config_applies_to_stdin_with_stdin_filename(tmp_path: Path, where: str) -> None:
    write(tmp_path / "vfr-lint.toml", 'ignore = ["VFR505"]\n')
    (tmp_path / where).mkdir(exist_ok=True)
    found = findings("-", "--stdin-filename", f"{where}s0.txt", cwd=tmp_path, stdin=SEED0.read_bytes())
    assert found and "VFR505" not in codes(found)


def test_pyproject_without_table_is_skipped(tmp_path: Path) -> None:
    write(tmp_path / "vfr-lint.toml", 'ignore = ["VFR505"]\n')
    write(tmp_path / "docs" / "pyproject.toml", '[project]\nname = "x"\n')
    copy_seed(tmp_path / "docs" / "sub" / "s0.txt")
    found = findings("docs/sub/s0.txt", cwd=tmp_path)
    assert found and "VFR505" not in codes(found)


def test_isolated_ignores_config(tmp_path: Path) -> None:
    write(tmp_path / "vfr-lint.toml", "ignore = [\n")  # broken, but never read
    copy_seed(tmp_path / "docs" / "s0.txt")
    assert "VFR505" in codes(findings("--isolated", "docs/s0.txt", cwd=tmp_path))


@pytest.mark.parametrize("where", LAYOUTS)
def test_per_file_ignores(tmp_path: Path, where: str) -> None:
    write(tmp_path / "vfr-lint.toml", '[per-file-ignores]\n"b.txt" = ["VFR5", "date-conflict"]\n')
    copy_seed(tmp_path / where / "a.txt")
    copy_seed(tmp_path / where / "b.txt")
    found = findings(f"{where}a.txt", f"{where}b.txt", cwd=tmp_path)
    a = [f for f in found if f["path"].endswith("a.txt")]
    b = [f for f in found if f["path"].endswith("b.txt")]
    assert {"VFR505", "VFR502", "VFR205"} <= codes(a)
    assert b and not any(f["code"].startswith("VFR5") or f["code"] == "VFR205" for f in b)
    assert codes(b) == codes(a) - {"VFR505", "VFR502", "VFR205"}


@pytest.mark.parametrize("where", LAYOUTS)
def test_severity_override(tmp_path: Path, where: str) -> None:
    write(tmp_path / "vfr-lint.toml", '[severity]\nVFR505 = "error"\nVFR4 = "info"\n')
    copy_seed(tmp_path / where / "s0.txt")
    proc = vfr("check", f"{where}s0.txt", cwd=tmp_path)
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert any(" VFR505 [error] " in ln for ln in lines)
    assert not any(" VFR505 [warning] " in ln for ln in lines)
    assert any(" VFR403 [info] " in ln for ln in lines) and any(" VFR404 [info] " in ln for ln in lines)
    assert any(" VFR306 [warning] " in ln for ln in lines)  # untouched


def test_user_profile(tmp_path: Path, clean: Path) -> None:
    from vfr_lint.resources import folder

    pack = (folder("rules") / "valfardsradet.toml").read_text(encoding="utf-8")
    assert re.search(r'(?m)^body = "Välfärdsrådet"$', pack)
    write(tmp_path / "my.toml", re.sub(r"(?m)^body = .*$", 'body = "Kommunstyrelsen"', pack))
    assert findings("clean.txt", cwd=tmp_path) == []
    found = findings("clean.txt", "--profile", "my.toml", cwd=tmp_path)
    decision_lines = [i + 1 for i, ln in enumerate(CLEAN.splitlines()) if ln.startswith("Välfärdsrådet beslutade")]
    assert codes(found) == {"VFR402"}
    assert [f["line"] for f in found] == decision_lines
    assert all(f["column"] == 1 for f in found)


def test_unknown_profile_exits_2(tmp_path: Path, clean: Path) -> None:
    one_line_error(vfr("check", "--profile", "no-such-profile", "clean.txt", cwd=tmp_path))
    one_line_error(vfr("check", "--profile", "missing.toml", "clean.txt", cwd=tmp_path))


def test_a_concise_check_of_one_file_imports_only_what_it_needs(tmp_path: Path) -> None:
    """Cold start: argparse's help formatter without shutil (bz2, lzma), no json without
    facts across documents, no pydantic without a config file, no tomllib for the
    built-in profile, records instead of dataclasses (and inspect), no parser library."""
    code = (
        "import sys\n"
        "from vfr_lint.cli import main\n"
        f"main(['check', {str(SEED0)!r}, '-q', '--no-cache', '--isolated', '--output-format', 'concise'])\n"
        "heavy = ('shutil', 'bz2', 'lzma', 'json', 'pydantic', 'tomllib', 'dataclasses', 'inspect', 'lark')\n"
        "print([m for m in heavy if m in sys.modules], file=sys.stderr)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert proc.stderr.strip().splitlines()[-1] == "[]", proc.stderr
