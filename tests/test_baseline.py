"""Baselines: --write-baseline records findings, --baseline reports only new ones."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from vfr_lint import baseline as bl
from vfr_lint.cli import main
from vfr_lint.findings import Finding, Severity
from vfr_lint.source import source_from_text

FIXTURES = Path(__file__).parent / "fixtures"
SEED = "000_f9f2acdc3d3ad322.txt"
OTHER = "003_3d823900d853d8c7.txt"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch) -> Path:
    """Two seed minutes in a folder, the current folder."""
    for name in (SEED, OTHER):
        shutil.copy(FIXTURES / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["check", "--no-cache", "--output-format", "concise", *args])
    out, err = capsys.readouterr()
    return code, out, err


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_write_then_check_reports_nothing(repo, capsys):
    code, out, err = run(capsys, "--write-baseline", "bl.json", ".")
    assert (code, out) == (0, "")
    # 25 of the seeds' own and 4 across documents: VFR901 in each (neither seed's
    # previous minutes are among the two) and VFR902 (Brita / Britta Sohlin) in each
    assert "wrote 29 findings" in err
    data = json.loads((repo / "bl.json").read_text(encoding="utf-8"))
    assert data["version"] == 1
    assert {e["path"] for e in data["entries"]} == {SEED, OTHER}
    assert sum(e["count"] for e in data["entries"]) == 29
    code, out, err = run(capsys, "--baseline", "bl.json", ".")
    assert (code, out) == (0, "")
    assert "no longer occur" not in err


def test_fingerprint_survives_lines_inserted_above(repo, capsys):
    run(capsys, "--write-baseline", "bl.json", ".")
    seed = repo / SEED
    edit(seed, "Föredraganden redogjorde för arbetet kring MiniMaria.",
         "Mötet inleddes med en kort presentationsrunda.\n\n\n  \nFöredraganden redogjorde för arbetet kring MiniMaria.")
    edit(seed, "Dnr:  HSN 2025/936", "Dnr:    HSN 2025/936   ")  # white space in a neighbour line
    code, out, err = run(capsys, "--baseline", "bl.json", ".")
    assert (code, out) == (0, ""), out
    # Without the baseline the findings are all still there, on other lines.
    code, out, _ = run(capsys, ".")
    assert code == 1 and f"./{SEED}:144:15: VFR502" in out


def test_a_new_finding_is_reported(repo, capsys):
    run(capsys, "--write-baseline", "bl.json", ".")
    edit(repo / OTHER, "På föregående möte fastställdes", "På föregående möte möte fastställdes")
    code, out, _ = run(capsys, "--baseline", "bl.json", ".")
    assert code == 1
    assert out.splitlines() == [f"./{OTHER}:68:20: VFR601 [warning] «möte» upprepas"]


def test_duplicates_are_counted():
    src = source_from_text("a\nb\na\nb\n", "m.txt")

    def finding(line: int) -> Finding:
        return Finding("m.txt", line, 1, line, 2, "VFR601", "repeated-phrase", Severity.WARNING, "x")

    one, two = finding(2), finding(4)
    contexts = [bl.finding_context(src, f) for f in (one, two)]
    assert contexts[0] == "a\nb\na" and contexts[1] == "a\nb\n"
    # Same code, same context: same fingerprint, so the baseline counts them.
    same = bl.finding_context(src, finding(2))
    items = bl.keyed([one, finding(2)], [contexts[0], same], "m.txt", Path.cwd())
    assert items[0].fingerprint == items[1].fingerprint
    data = json.loads(bl.dump(items[:1]))
    base = bl.Baseline(Path("x.json"), bl.parse(data))
    assert bl.apply(base, items) == [items[1].finding]  # the second one is new
    assert bl.stale(base, items, {"m.txt"}) == 0


def test_stale_entries_are_counted_on_stderr(repo, capsys):
    run(capsys, "--write-baseline", "bl.json", ".")
    edit(repo / SEED, "Folkhälsoanalytiker", "folkhälsoanalytiker")
    edit(repo / SEED, "en extern (17 juni) en extern", "en extern (17 juni)")
    code, out, err = run(capsys, "--baseline", "bl.json", ".")
    assert (code, out) == (0, "")
    assert "vfr-lint: 2 baseline findings no longer occur" in err
    # Files not linted in this run do not make their entries stale.
    code, out, err = run(capsys, "--baseline", "bl.json", OTHER)
    assert (code, out) == (0, "") and "no longer occur" not in err


def test_paths_are_relative_to_the_baseline(repo, capsys, monkeypatch):
    (repo / "docs").mkdir()
    shutil.move(repo / SEED, repo / "docs" / SEED)
    run(capsys, "--write-baseline", "bl.json", "docs")
    entries = json.loads((repo / "bl.json").read_text(encoding="utf-8"))["entries"]
    assert {e["path"] for e in entries} == {f"docs/{SEED}"}
    monkeypatch.chdir(repo / "docs")
    code, out, err = run(capsys, "--baseline", "../bl.json", SEED)
    assert (code, out) == (0, ""), err


def test_baseline_from_config(repo, capsys):
    run(capsys, "--write-baseline", "bl.json", ".")
    (repo / ".vfr-lint.toml").write_text('baseline = "bl.json"\n', encoding="utf-8")
    assert run(capsys, ".")[:2] == (0, "")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{not json", "not valid JSON"),
        (b'{"version": 1, "entries": [{"path": "a", "code": "VFR101", "fingerprint": "00", "count": 1}]}', "entries.0.fingerprint"),
        (b'{"version": 1, "entries": [{"path": "a", "code": "VFR101", "fingerprint": "' + b"0" * 20 + b'", "count": 0}]}', "entries.0.count"),
        (b'{"version": 7, "entries": []}', "version 7 is not supported"),
        (b'{"entries": []}', "version"),
        (b"[]", "(top level)"),
        (b"\xff\xfe", "not valid JSON"),
    ],
)
def test_broken_baseline_is_one_line_and_exit_2(repo, capsys, content, message):
    (repo / "bl.json").write_bytes(content)
    code, out, err = run(capsys, "--baseline", "bl.json", ".")
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and err.startswith("vfr-lint: error: baseline bl.json: ") and message in err, err


def test_missing_baseline_is_exit_2(repo, capsys):
    code, out, err = run(capsys, "--baseline", "nope.json", ".")
    assert (code, out) == (2, "")
    assert err == "vfr-lint: error: baseline nope.json: cannot read: No such file or directory\n"


def test_baseline_with_standard_input(repo, capsys, monkeypatch):
    import io
    import sys

    run(capsys, "--write-baseline", "bl.json", SEED)
    data = (repo / SEED).read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    code, out, err = run(capsys, "--baseline", "bl.json", "--stdin-filename", SEED, "-")
    assert (code, out) == (0, ""), err
