"""The check command's workflow: fixes on real files, parallel jobs, output defaults,
progress, exit status."""

from __future__ import annotations

import io
import os
import re
import shutil
import stat
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vfr_lint import run as runmod
from vfr_lint.api import default_settings, lint_source
from vfr_lint.ast import Document
from vfr_lint.cli import main
from vfr_lint.findings import Applicability, Finding, Severity
from vfr_lint.fix import fix_text, select_fixes
from vfr_lint.progress import Progress
from vfr_lint.registry import select_rules
from vfr_lint.rule import Context, Rule
from vfr_lint.source import Source, encode, source_from_bytes

FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = sorted(FIXTURES.glob("*.txt"))
SEED_TEXTS = [p.read_text(encoding="utf-8") for p in SEEDS]


# --- generated variants of the seeds ------------------------------------------------------
@st.composite
def variants(draw) -> tuple[bytes, bool]:
    """(file bytes, unsafe): a seed with blank lines and spaces inserted, CRLF or LF,
    UTF-8 with or without BOM, or cp1252."""
    lines = draw(st.sampled_from(SEED_TEXTS)).split("\n")
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(lines)))
        lines.insert(at, draw(st.sampled_from(["", " ", "   ", "\t"])))
    for _ in range(draw(st.integers(0, 4))):
        i = draw(st.integers(0, len(lines) - 1))
        col = draw(st.integers(0, len(lines[i])))
        lines[i] = lines[i][:col] + draw(st.sampled_from([" ", "  "])) + lines[i][col:]
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    text = newline.join(lines)
    if draw(st.booleans()):
        text = text.rstrip("\r\n")  # no final newline
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]))
    return text.encode(encoding), draw(st.booleans())


def _line_starts(text: str) -> list[int]:
    starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]
    if len(starts) > 1 and starts[-1] == len(text):
        starts.pop()
    return starts


def _offset(text: str, starts: list[int], line: int, column: int) -> int:
    """1-based (line, column) -> offset, a column past the line's end clamped to it
    (independent of vfr_lint.fix, to check it)."""
    if line > len(starts):
        return len(text)
    start = starts[line - 1]
    end = starts[line] if line < len(starts) else len(text)
    content_end = start + len(text[start:end].rstrip("\r\n"))
    if line == len(starts) and start + column - 1 >= len(text):
        return len(text)
    return min(start + column - 1, content_end)


def _kept_segments(source: Source, findings: list[Finding], unsafe: bool) -> list[str]:
    """The parts of `source.original` that no selected fix touches."""
    text = source.original
    starts = _line_starts(text)
    spans = sorted(
        (_offset(text, starts, e.line, e.column), _offset(text, starts, e.end_line, e.end_column))
        for fix in select_fixes(findings, unsafe=unsafe)
        for e in fix.edits
    )
    segments, last = [], 0
    for start, end in spans:
        if start > last:
            segments.append(text[last:start])
        last = max(last, end)
    segments.append(text[last:])
    return segments


def _contains_in_order(whole: bytes, parts: list[bytes]) -> bool:
    """`whole` is parts[0] + * + parts[1] + * + ... + parts[-1] (each * anything)."""
    if not whole.startswith(parts[0]) or not whole.endswith(parts[-1]):
        return False
    pos, stop = len(parts[0]), len(whole) - len(parts[-1])
    if stop < pos:
        return False
    for part in parts[1:-1]:
        found = whole.find(part, pos, stop)
        if found < 0:
            return False
        pos = found + len(part)
    return True


def _only_newline(text: str, newline: str) -> bool:
    if newline == "\r\n":
        return re.search(r"(?<!\r)\n|\r(?!\n)", text) is None
    return "\r" not in text


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(variants())
def test_fix_properties_on_seed_variants(case):
    data, unsafe = case
    original = source_from_bytes(data, "m.txt")
    lint_settings = default_settings()

    # 1. Every round changes only what its fixes address: the bytes outside the edits
    #    appear unchanged and in order in the next round's text.
    rounds: list[tuple[Source, list[Finding]]] = []

    def relint(s: Source) -> list[Finding]:
        findings = lint_source(s, lint_settings)
        rounds.append((s, findings))
        return findings

    result = fix_text(original, relint, unsafe=unsafe)
    for (before, findings), (after, _) in zip(rounds, rounds[1:], strict=False):
        parts = [seg.encode(before.encoding) for seg in _kept_segments(before, findings, unsafe)]
        if before.bom:
            parts[0] = b"\xef\xbb\xbf" + parts[0]
        assert _contains_in_order(encode(after.original, after), parts)

    # 2. Through the command's own path: the file written keeps encoding, BOM, newlines
    #    and permissions, and equals the fixer's result.
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "m.txt"
        path.write_bytes(data)
        os.chmod(path, 0o640)
        job = runmod.FileJob(path, "m.txt", lint_settings, "fix", unsafe)
        first = runmod.lint_file(job)
        fixed = path.read_bytes()
        assert not first.errors
        assert fixed == encode(result.text, original)
        assert (first.fixed > 0) == (fixed != data) == result.changed
        again = source_from_bytes(fixed, "m.txt")
        assert (again.encoding, again.bom, again.fallback) == (original.encoding, original.bom, original.fallback)
        assert fixed.startswith(b"\xef\xbb\xbf") == data.startswith(b"\xef\xbb\xbf")
        newline = "\r\n" if "\r\n" in original.original else "\n"
        assert _only_newline(again.original, newline)
        assert stat.S_IMODE(path.stat().st_mode) == 0o640
        assert sorted(os.listdir(tmp)) == ["m.txt"]  # no temporary file left behind

        # 3. Idempotent: a second --fix changes nothing.
        second = runmod.lint_file(job)
        assert second.fixed == 0 and path.read_bytes() == fixed
        assert [f.code for f in second.findings] == [f.code for f in first.findings]


class BreaksTheHeadings(Rule):
    """Test rule: its 'fix' removes the number of every agenda item (a parse error)."""

    code = "VFR990"
    name = "breaks-the-headings"
    severity = Severity.WARNING
    fix = Applicability.SAFE
    messages = {"m": ("x", "x")}

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        for m in re.finditer(r"(?m)^\d+\. ", ctx.source.text):
            yield ctx.finding(self, m.span(), "m", fix=[ctx.edit(m.start(), m.end(), "")])


def test_a_fix_that_breaks_the_parse_is_reverted(tmp_path):
    path = tmp_path / "m.txt"
    shutil.copy(SEEDS[1], path)
    data = path.read_bytes()
    rules = [*select_rules(ignore=["VFR505"]), BreaksTheHeadings]
    job = runmod.FileJob(path, "m.txt", default_settings(rules=rules), "fix", False)
    result = runmod.lint_file(job)
    assert result.fixed == 0 and path.read_bytes() == data
    assert "VFR990" in {f.code for f in result.findings}


def test_fix_on_a_seed_through_the_cli(tmp_path, capsys):
    path = tmp_path / "m.txt"
    shutil.copy(SEEDS[0], path)
    assert main(["check", "--no-cache", "--fix", str(path)]) == 1
    _, err = capsys.readouterr()
    assert re.fullmatch(r"\d+ fixed; \d+ remaining\.\n", err)
    fixed = path.read_bytes()
    assert b"F\xc3\xb6redragande: F\xc3\xb6redragande:" not in fixed
    assert main(["check", "--no-cache", "--fix", str(path)]) == 1
    assert path.read_bytes() == fixed
    assert capsys.readouterr().err.startswith(tuple("0123456789"))
    assert main(["check", "--no-cache", "--diff", str(path)]) == 0  # nothing left to fix safely
    assert capsys.readouterr().out == ""
    assert main(["check", "--no-cache", "--diff", "--unsafe-fixes", str(path)]) == 1
    assert "-Föredragande: Paula" in capsys.readouterr().out
    assert path.read_bytes() == fixed  # --diff writes nothing


# --- parallel jobs ------------------------------------------------------------------------
def _copies(folder: Path, n: int) -> None:
    for i in range(n):
        seed = SEEDS[i % len(SEEDS)]
        shutil.copy(seed, folder / f"{i:03d}_{seed.name}")


@pytest.mark.parametrize("fmt", ["concise", "json", "sarif"])
def test_jobs_give_the_same_output_in_the_same_order(tmp_path, capsys, monkeypatch, fmt):
    _copies(tmp_path, 40)
    monkeypatch.chdir(tmp_path)
    outputs = []
    for jobs in ("1", "2"):
        assert main(["check", "--no-cache", "--jobs", jobs, "--output-format", fmt, "--statistics", "."]) == 1
        outputs.append(capsys.readouterr())
    assert outputs[0] == outputs[1]
    assert "1000 findings" not in outputs[0].err and "in 40 files" in outputs[0].err


def test_jobs_use_worker_processes(tmp_path, monkeypatch):
    """With --jobs 2 and enough files the work goes to a process pool."""
    _copies(tmp_path, 20)
    used = []
    real = runmod._in_pool

    def spy(jobs, workers, progress):
        used.append((len(jobs), workers))
        return real(jobs, workers, progress)

    monkeypatch.setattr(runmod, "_in_pool", spy)
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--no-cache", "--quiet", "--jobs", "2", "."]) == 1
    assert used == [(20, 2)]


def test_jobs_from_config_and_invalid_jobs(tmp_path, capsys, monkeypatch):
    _copies(tmp_path, 20)
    (tmp_path / ".vfr-lint.toml").write_text("jobs = 1\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(runmod, "_in_pool", lambda *a: pytest.fail("jobs = 1 must not start a pool"))
    assert main(["check", "--no-cache", "--quiet", "."]) == 1
    capsys.readouterr()
    assert main(["check", "--no-cache", "--jobs", "-1", "."]) == 2
    assert capsys.readouterr().err == "vfr-lint: error: --jobs must be 0 (all cores) or more, got -1\n"


# --- output defaults, exit status, progress -------------------------------------------------
def test_default_format_is_concise_when_not_a_terminal_and_full_on_one(capsys, monkeypatch):
    seed = str(SEEDS[1])
    main(["check", "--no-cache", seed])
    concise = capsys.readouterr().out
    assert concise.splitlines()[0].startswith(f"{seed}:1:2: VFR201 [error] ")
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    main(["check", "--no-cache", "--color", "never", seed])
    full = capsys.readouterr().out
    assert full != concise and "Tid: Kl. 9-11.15" in full  # the full format quotes the line


def test_exit_zero_quiet_and_statistics(capsys):
    seed = str(SEEDS[1])
    assert main(["check", "--no-cache", "--exit-zero", "--quiet", "--statistics", seed]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert re.search(r"^\s+6  VFR505  role-capitalization$", out, re.M)


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_only_on_a_terminal_and_for_many_files():
    term = FakeTerminal()
    with Progress(300, term) as progress:
        for _ in range(300):
            progress.advance()
    shown = term.getvalue()
    assert "300/300 files" in shown and shown.endswith("\r\x1b[K")
    for stream, total in ((io.StringIO(), 300), (FakeTerminal(), 10)):
        with Progress(total, stream) as progress:
            for _ in range(total):
                progress.advance()
        assert stream.getvalue() == ""
    quiet = FakeTerminal()
    with Progress(300, quiet, enabled=False) as progress:
        progress.advance(300)
    assert quiet.getvalue() == ""


def test_no_progress_in_captured_output(tmp_path, capsys, monkeypatch):
    _copies(tmp_path, 40)
    monkeypatch.chdir(tmp_path)
    main(["check", "--no-cache", "--jobs", "2", "."])
    out, err = capsys.readouterr()
    assert "\r" not in out + err and "/40 files" not in err


def test_the_order_check_itself():
    assert _contains_in_order(b"ab-X-d", [b"ab", b"d"])
    assert _contains_in_order(b"abcd", [b"ab", b"", b"cd"])
    assert not _contains_in_order(b"abXd", [b"ab", b"cd"])
    assert not _contains_in_order(b"abc", [b"abc", b"bc"])  # the ends must not overlap
