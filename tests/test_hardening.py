"""Hardening: vfr-lint never crashes, never points outside the file, never half-writes a
file, never runs code from a profile or the working directory, and handles hostile file
systems (symlink loops, unreadable files, FIFOs, 10,000 files, non-UTF-8 names).

The whole file runs in well under a minute. The long fuzz run is bench/fuzz.py.
"""

from __future__ import annotations

import contextlib
import difflib
import io
import json
import os
import re
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from vfr_lint.api import default_settings, lint_bytes, lint_source
from vfr_lint.cli import main
from vfr_lint.registry import all_rules, select_rules
from vfr_lint.source import decode, source_from_bytes

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SEEDS = {p.name: p.read_bytes().decode("utf-8") for p in sorted(FIXTURES.glob("*.txt"))}
SEED_TEXT = SEEDS["000_f9f2acdc3d3ad322.txt"]
KNOWN_CODES = {r.code for r in all_rules()}
BIN = Path(sys.executable).parent
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0

sys.path.insert(0, str(ROOT / "bench"))
from corpus import document  # noqa: E402  (bench/corpus.py: varied minutes documents)


def _cli_has(flag: str) -> bool:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.suppress(SystemExit):
        main(["check", "--help"])
    return flag in out.getvalue()


NO_CACHE = ["--no-cache"] if _cli_has("--no-cache") else []


def run_cli(args: list[str], capsys) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def stored_lines(original: str) -> list[str]:
    """Lines of the stored text, split at CRLF, CR and LF only (as the contract says)."""
    lines = re.split(r"\r\n|\r|\n", original)
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()  # a final newline does not open another line
    return lines


def _max_column(lines: list[str], crlf: list[bool], line: int) -> int:
    """A position may be anywhere in the line or just after its last character, never
    between the CR and the LF of its line end."""
    return len(lines[line - 1]) + 1


def _lines_and_crlf(original: str) -> tuple[list[str], list[bool]]:
    lines = stored_lines(original)
    ends = re.findall(r"\r\n|\r|\n", original)
    return lines, [i < len(ends) and ends[i] == "\r\n" for i in range(len(lines))]


def assert_inside(findings, original: str) -> None:
    lines, crlf = _lines_and_crlf(original)
    n = len(lines)
    for f in findings:
        assert f.code in KNOWN_CODES, f
        spots = [("finding", f.line, f.column, f.end_line, f.end_column)]
        if f.fix is not None:
            spots += [("fix edit", e.line, e.column, e.end_line, e.end_column) for e in f.fix.edits]
        for what, line, col, end_line, end_col in spots:
            where = f"{f.code} {what} at {line}:{col}-{end_line}:{end_col} ({n} lines)"
            assert 1 <= line <= n and 1 <= end_line <= n, where
            assert 1 <= col <= _max_column(lines, crlf, line), where
            assert 1 <= end_col <= _max_column(lines, crlf, end_line), where
            assert (end_line, end_col) >= (line, col), where


@pytest.mark.parametrize("data", [b"\r\n\xe4\r\n", b"1. M\xf6tets \xf6ppnande\r\n\r\nV\xe4lf\xe4rdsr\xe5det beslutade\r\natt \xf6ppna m\xf6tet.\r\natt g\xe5\r\n"])
def test_position_at_a_crlf_line_end(data):
    """Regression: positions at a CRLF line end were reported between CR and LF."""
    findings = lint_bytes(data, "m.txt", ALL_SETTINGS)
    assert findings
    assert_inside(findings, source_from_bytes(data, "m.txt").original)


# --------------------------------------------------------------------------- mutations
SPECIAL = [
    "\u0301", "e\u0301\u0308", "a\u0338\u0338\u0338", "👩‍👩‍👧", "🇸🇪", "😀", "\x00", "\x00\x00\x00",
    "\x01\x02\x1b[31m", "\x7f", "\u202e", "\ufeff", "\u200b", "\u00ad", "\r", "\n\n\n", "\u2028",
    "\x85", "\t", "\f", "\xa0", " ", "Föredragande: ", "Välfärdsrådet beslutade:", "att ",
    "1. ", "99. Övriga frågor", "Dnr: ", "Tid: Kl. 9-11", "(ordf)", "Närvarande:", "a) ",
    "x" * 20_000, "möte " * 3_000, "å" * 5_000,
]
insertion = st.one_of(st.sampled_from(SPECIAL), st.text(max_size=40))


@st.composite
def mutated(draw):
    """(bytes, encoding name) of a seed after random line edits, re-encoded."""
    text = SEEDS[draw(st.sampled_from(sorted(SEEDS)))]
    lines = text.split("\n")
    for _ in range(draw(st.integers(0, 6))):
        if not lines:
            lines = [""]
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["delete", "duplicate", "swap", "truncate", "insert", "insert_line"]))
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "truncate":
            lines[i] = lines[i][: draw(st.integers(0, max(0, len(lines[i]))))]
        elif op == "insert":
            k = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:k] + draw(insertion) + lines[i][k:]
        else:
            lines.insert(i, draw(insertion))
    if draw(st.booleans()):  # cut the document short
        lines = lines[: draw(st.integers(0, len(lines)))]
    ending = draw(st.sampled_from(["\n", "\r\n", "\r", "mixed"]))
    if ending == "mixed":
        out = "".join(line + draw(st.sampled_from(["\n", "\r\n", "\r"])) for line in lines)
    else:
        out = ending.join(lines)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16", "utf-16-le"]))
    data = out.encode(encoding, errors="replace")
    if draw(st.integers(0, 9)) == 0:  # raw bytes anywhere: invalid UTF-8, stray BOMs
        k = draw(st.integers(0, len(data)))
        data = data[:k] + draw(st.binary(max_size=8)) + data[k:]
    return data, encoding


SETTINGS = default_settings()
ALL_SETTINGS = default_settings(rules=select_rules(select=["ALL"]))


def _check_bytes(data: bytes, name: str, s=SETTINGS) -> None:
    findings = lint_bytes(data, name, s)  # must not raise (not even RuleCrash)
    try:
        original = source_from_bytes(data, name).original
    except Exception:  # unreadable: only the file-level finding
        assert [f.code for f in findings] in ([], ["VFR003"]), findings
        assert all((f.line, f.column) == (1, 1) for f in findings)
        return
    assert_inside(findings, original)


@settings(max_examples=int(os.environ.get("VFR_FUZZ_EXAMPLES", "150")), deadline=None)
@given(mutated(), st.sampled_from(["m.txt", "m.md"]))
@example((b"", "utf-8"), "m.txt")
@example((b"\n\n\n\n\n", "utf-8"), "m.txt")
@example((b"\xef\xbb\xbf", "utf-8"), "m.txt")
@example((SEED_TEXT.replace("\n", "\r").encode("utf-16"), "utf-16"), "m.md")
@example((SEED_TEXT.encode("utf-8").rstrip(b"\n "), "utf-8"), "m.txt")
def test_random_edits_never_crash_and_stay_inside(case, name):
    data = case[0]
    _check_bytes(data, name)


@settings(max_examples=60, deadline=None)
@given(mutated())
def test_random_edits_with_all_rules(case):
    _check_bytes(case[0], "m.txt", ALL_SETTINGS)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=mutated(), fmt=st.sampled_from(["concise", "json", "full", "sarif"]))
def test_cli_in_process_on_random_edits(case, fmt, capsys):
    data, _ = case
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "minutes.txt"
        path.write_bytes(data)
        code, out, err = run_cli(["check", str(path), "--isolated", "--output-format", fmt, *NO_CACHE], capsys)
    assert code in (0, 1), err
    assert "Traceback" not in err and "internal error" not in err, err
    if fmt == "json":
        items = json.loads(out)
        assert all(item["code"] in KNOWN_CODES for item in items)
        try:
            original = source_from_bytes(data, "x").original
        except Exception:
            return
        lines, crlf = _lines_and_crlf(original)
        for item in items:
            assert 1 <= item["line"] <= item["end_line"] <= len(lines), item
            assert 1 <= item["column"] <= _max_column(lines, crlf, item["line"]), item
            assert 1 <= item["end_column"] <= _max_column(lines, crlf, item["end_line"]), item


# --------------------------------------------------------------------------- --fix
FIX_RULES = ["--extend-select", "VFR602"]  # whitespace: the opt-in rule with the most edits


def _variant(i: int) -> tuple[bytes, str]:
    text, enc = document(i)
    if i % 4 == 1:
        return ("\ufeff" + text).encode("utf-8"), "utf-8-sig"
    if i % 4 == 2:
        return text.replace("\r\n", "\n").replace("\n", "\r\n").encode(enc, "replace"), enc
    if i % 4 == 3:
        return (text.replace("  \n", "  \t\n") + "Plats:   Teams  \n").encode(enc, "replace"), enc
    return text.encode(enc, "replace"), enc


def _touched_lines(findings, unsafe: bool) -> set[int]:
    lines: set[int] = set()
    for f in findings:
        if f.fix is None or (f.fix.applicability.value != "safe" and not unsafe):
            continue
        for e in f.fix.edits:
            lines.update(range(e.line, e.end_line + 1))
    return lines


@pytest.mark.parametrize("i", range(12))
def test_fix_changes_only_the_edits_keeps_mode_and_encoding_and_is_idempotent(i, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    data, _ = _variant(i)
    unsafe = i % 3 == 0
    path = tmp_path / "minutes.txt"
    path.write_bytes(data)
    path.chmod(0o640 if i % 2 else 0o604)
    mode_before = stat.S_IMODE(path.stat().st_mode)
    before = source_from_bytes(data, str(path))
    findings = lint_source(before, default_settings(rules=select_rules(extend_select=["VFR602"])))
    args = ["check", "--fix", str(path), "--isolated", "-q", *FIX_RULES] + (["--unsafe-fixes"] if unsafe else [])

    code, _, err = run_cli(args, capsys)
    assert code in (0, 1), err
    after = path.read_bytes()
    assert stat.S_IMODE(path.stat().st_mode) == mode_before
    assert decode(after)[1:3] == decode(data)[1:3]  # same encoding, same BOM
    new = decode(after)[0]
    if "\r\n" in before.original and "\n" not in before.original.replace("\r\n", ""):
        assert "\n" not in new.replace("\r\n", ""), "a CRLF file got bare LF line ends"
    # Lines outside the fixes' edits are byte-for-byte the same (line-level diff).
    touched = _touched_lines(findings, unsafe)
    assert (after != data) == bool(touched), "fixes offered but nothing changed (or the reverse)"
    old_lines, new_lines = before.original.splitlines(True), new.splitlines(True)
    for tag, i1, i2, _, _ in difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        changed = set(range(i1 + 1, i2 + 1)) or {i1, i1 + 1}
        assert changed & touched, f"{tag} of lines {i1 + 1}-{i2} outside any fix (touched: {sorted(touched)[:20]})"
        assert tag == "insert" or changed <= touched | {max(touched, default=0) + 1}, (tag, i1, i2)
    # A second run changes nothing.
    code2, _, err2 = run_cli(args, capsys)
    assert code2 in (0, 1), err2
    assert path.read_bytes() == after
    assert sorted(os.listdir(tmp_path)) == ["minutes.txt"] or all(
        not n.endswith(".vfr-tmp") for n in os.listdir(tmp_path)
    )


@pytest.mark.parametrize("fail", ["replace", "fsync", "write"])
def test_fix_never_leaves_a_half_written_file(fail, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    data = SEED_TEXT.encode("utf-8")
    path = tmp_path / "minutes.txt"
    path.write_bytes(data)

    def boom(*args, **kwargs):
        raise OSError(28, "No space left on device")

    if fail == "replace":
        monkeypatch.setattr(os, "replace", boom)
    elif fail == "fsync":
        monkeypatch.setattr(os, "fsync", boom)
    else:
        real_fdopen = os.fdopen

        class HalfWriter(io.RawIOBase):
            def __init__(self, handle):
                self.handle = handle

            def write(self, b):
                self.handle.write(bytes(b[: len(b) // 2]))
                self.handle.flush()
                raise OSError(28, "No space left on device")

            def __enter__(self):
                return self

            def __exit__(self, *exc):
                self.handle.close()

        monkeypatch.setattr(os, "fdopen", lambda fd, *a, **k: HalfWriter(real_fdopen(fd, *a, **k)))
    code, _, err = run_cli(["check", "--fix", str(path), "--isolated", "-q"], capsys)
    assert code == 2, err
    assert "minutes.txt" in err and "Traceback" not in err
    assert path.read_bytes() == data
    assert os.listdir(tmp_path) == ["minutes.txt"] or not [n for n in os.listdir(tmp_path) if "minutes" in n and n != "minutes.txt"]


# --------------------------------------------------------------------------- config
def _config_keys() -> list[str]:
    from vfr_lint import config

    if hasattr(config, "_file_keys"):
        return list(config._file_keys())
    return [f.alias or n for n, f in config.Config.model_fields.items() if n not in ("path", "root")]


def _wrong_value(key: str) -> str:
    """A TOML value of the wrong type for `key`: a string where a number is expected,
    else a number."""
    from vfr_lint import config, records

    cls = config.Config
    if records.is_record(cls):
        annotations = {name: str(cls.__annotations__[name]) for name in records.fields(cls)}
    else:
        annotations = {n: str(f.annotation) for n, f in cls.model_fields.items()}
    annotation = annotations.get(key.replace("-", "_"), "")
    if re.search(r"\bint\b", annotation) and "str" not in annotation:
        return '"many"'
    return "12345"


@pytest.mark.parametrize("key", _config_keys())
def test_every_config_key_with_a_wrong_type_exits_2_naming_it(key, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "m.txt").write_text(SEED_TEXT, encoding="utf-8")
    (tmp_path / ".vfr-lint.toml").write_text(f"{key} = {_wrong_value(key)}\n", encoding="utf-8")
    code, out, err = run_cli(["check", "m.txt", *NO_CACHE], capsys)
    assert code == 2, (key, out, err)
    assert key in err and "Traceback" not in err, err
    assert len(err.strip().splitlines()) == 1, err


@pytest.mark.parametrize("where", ["top", "pyproject"])
def test_unknown_config_key_exits_2_naming_it(where, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "m.txt").write_text(SEED_TEXT, encoding="utf-8")
    if where == "top":
        (tmp_path / "vfr-lint.toml").write_text("selct = ['VFR1']\n", encoding="utf-8")
    else:
        (tmp_path / "pyproject.toml").write_text("[tool.vfr-lint]\nselct = ['VFR1']\n", encoding="utf-8")
    code, _, err = run_cli(["check", "m.txt", *NO_CACHE], capsys)
    assert code == 2 and "selct" in err, err


def _profile(tmp_path: Path, **replace: str) -> Path:
    text = (ROOT / "rules" / "valfardsradet.toml").read_text(encoding="utf-8")
    for key, value in replace.items():
        key = key.replace("_", "-")
        text, n = re.subn(rf"(?m)^{re.escape(key)} = .*$", lambda m, k=key, v=value: f"{k} = {v}", text)
        assert n == 1, key
    path = tmp_path / "my.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("key", ["dnr-pattern", "time-pattern"])
@pytest.mark.parametrize("pattern", [r"(a+)+$", r"(\w*)*x", r"(?:[A-Z]+\s?)+/\d+", r"(x|y+)*z"])
def test_catastrophic_profile_regex_is_rejected(key, pattern, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "m.txt").write_text(SEED_TEXT, encoding="utf-8")
    prof = _profile(tmp_path, **{key: f"'{pattern}'"})
    code, _, err = run_cli(["check", "m.txt", "--profile", str(prof), "--isolated", *NO_CACHE], capsys)
    assert code == 2, err
    assert key in err or key.replace("-", "_") in err, err


@pytest.mark.parametrize("pattern", [r"((a)+)+$", r"(a|a?)+$", r"(?:(?:a)+)+$", r"(a|aa)+$", r"(a?){25}a{25}"])
def test_catastrophic_regex_evasions_are_rejected(pattern, tmp_path, capsys, monkeypatch):
    """Regression: nesting hidden behind an inner group or an alternation."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "m.txt").write_text(SEED_TEXT, encoding="utf-8")
    prof = _profile(tmp_path, dnr_pattern=f"'{pattern}'")
    code, _, err = run_cli(["check", "m.txt", "--profile", str(prof), "--isolated", *NO_CACHE], capsys)
    assert code == 2 and "dnr-pattern" in err, err


@pytest.mark.parametrize("pattern", [r".*.*.*.*.*.*.*.*=", r"\w*\w*\w*\w*\w*\w*\w*\w*!", r"\s*\s*\s*\s*\s*\s*x"])
def test_polynomial_backtracking_regex_is_rejected(pattern, tmp_path, capsys, monkeypatch):
    """Regression: adjacent unbounded repeats backtrack polynomially; time-pattern
    '.*.*.*.*.*.*.*.*=' on 'Tid: ' + 200 × 'a' ran for more than 30 s."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "m.txt").write_text(SEED_TEXT, encoding="utf-8")  # short values: no hang either way
    prof = _profile(tmp_path, time_pattern=f"'{pattern}'")
    code, _, err = run_cli(["check", "m.txt", "--profile", str(prof), "--isolated", *NO_CACHE], capsys)
    assert code == 2 and "time-pattern" in err, err


def test_profile_is_data_not_code(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    marker = tmp_path / "MARKER"
    payload = f"__import__('pathlib').Path({str(marker)!r}).write_text('pwned')"
    (tmp_path / "m.txt").write_text(SEED_TEXT, encoding="utf-8")
    prof = _profile(tmp_path, body=json.dumps(payload), description=json.dumps("{{" + payload + "}}"),
                    decision_verb=json.dumps("{0.__class__}"))
    code, out, err = run_cli(["check", "m.txt", "--profile", str(prof), "--isolated", *NO_CACHE], capsys)
    assert code in (0, 1), err
    assert not marker.exists()
    # A Python file is not a profile, and is never imported.
    (tmp_path / "evil.py").write_text(f"{payload}\n", encoding="utf-8")
    for name in ("evil.py", "evil", str(tmp_path / "evil.py")):
        code, _, err = run_cli(["check", "m.txt", "--profile", name, "--isolated", *NO_CACHE], capsys)
        assert code == 2 and "Traceback" not in err, err
    assert not marker.exists()


# --------------------------------------------------------------------------- plugins
def _evil_cwd(tmp_path: Path, with_dist_info: bool) -> Path:
    marker = tmp_path / "MARKER"
    (tmp_path / "vfr_lint_evil.py").write_text(
        f"open({str(marker)!r}, 'w').write('imported')\n", encoding="utf-8")
    if with_dist_info:
        info = tmp_path / "vfr_lint_evil-1.0.dist-info"
        info.mkdir()
        (info / "METADATA").write_text("Metadata-Version: 2.1\nName: vfr-lint-evil\nVersion: 1.0\n")
        (info / "entry_points.txt").write_text("[vfr_lint.rules]\nevil = vfr_lint_evil\n")
    (tmp_path / "m.txt").write_text(SEED_TEXT, encoding="utf-8")
    return marker


def _env() -> dict:
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    return env


@pytest.mark.parametrize("how", ["script", "in-process"])
def test_plugins_never_load_from_the_working_directory(how, tmp_path, capsys, monkeypatch):
    marker = _evil_cwd(tmp_path, with_dist_info=False)
    if how == "script":
        out = subprocess.run([str(BIN / "vfr-lint"), "check", "m.txt", *NO_CACHE], cwd=tmp_path,
                             capture_output=True, text=True, env=_env(), timeout=60)
        assert out.returncode == 1, out.stderr
    else:
        monkeypatch.chdir(tmp_path)
        monkeypatch.syspath_prepend(str(tmp_path))  # even with the cwd on sys.path
        code, _, err = run_cli(["check", "m.txt", *NO_CACHE], capsys)
        assert code == 1, err
    assert not marker.exists()
    assert "vfr_lint_evil" not in sys.modules


def test_plugin_dist_info_in_cwd_is_ignored_by_the_console_script(tmp_path):
    marker = _evil_cwd(tmp_path, with_dist_info=True)
    out = subprocess.run([str(BIN / "vfr-lint"), "check", "m.txt", *NO_CACHE], cwd=tmp_path,
                         capture_output=True, text=True, env=_env(), timeout=60)
    assert out.returncode == 1, out.stderr
    assert not marker.exists()


def test_plugin_dist_info_in_cwd_is_ignored_by_python_m(tmp_path):
    """Regression: `python -m` puts the cwd on sys.path, where importlib.metadata found a
    *.dist-info whose vfr_lint.rules entry point was then imported."""
    marker = _evil_cwd(tmp_path, with_dist_info=True)
    subprocess.run([sys.executable, "-m", "vfr_lint", "check", "m.txt", *NO_CACHE], cwd=tmp_path,
                   capture_output=True, text=True, env=_env(), timeout=60)
    assert not marker.exists()


# --------------------------------------------------------------------------- file system
def _json(out: str) -> list[dict]:
    return json.loads(out) if out.strip() else []


def test_symlink_loops_inside_a_folder(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    d = tmp_path / "d"
    d.mkdir()
    (d / "ok.txt").write_text(SEED_TEXT, encoding="utf-8")
    (d / "up").symlink_to("..")  # a directory loop
    (d / "a.txt").symlink_to("b.txt")
    (d / "b.txt").symlink_to("a.txt")  # a file loop
    (d / "self.txt").symlink_to("self.txt")
    code, out, err = run_cli(["check", "d", "--output-format", "json", *NO_CACHE], capsys)
    assert code == 1, err
    paths = {f["path"] for f in _json(out)}
    assert any(p.endswith("ok.txt") for p in paths)
    assert "Traceback" not in err and "internal error" not in err


def test_symlink_loop_named_explicitly(tmp_path, capsys, monkeypatch):
    """Regression: Path.resolve() raised RuntimeError('Symlink loop'): exit 2."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ok.txt").write_text(SEED_TEXT, encoding="utf-8")
    (tmp_path / "a.txt").symlink_to("b.txt")
    (tmp_path / "b.txt").symlink_to("a.txt")
    code, out, err = run_cli(["check", "ok.txt", "a.txt", "--output-format", "json", *NO_CACHE], capsys)
    assert code == 1, err
    codes = {(Path(f["path"]).name, f["code"]) for f in _json(out)}
    assert ("a.txt", "VFR003") in codes
    assert any(name == "ok.txt" for name, _ in codes)


def test_unreadable_file_is_vfr003_and_others_still_linted(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ok.txt").write_text(SEED_TEXT, encoding="utf-8")
    secret = tmp_path / "secret.txt"
    secret.write_text(SEED_TEXT, encoding="utf-8")
    secret.chmod(0)
    if IS_ROOT:  # root reads anything: make the read fail the way it would for a user
        real = Path.read_bytes

        def read_bytes(self):
            if self.name == "secret.txt":
                raise PermissionError(13, "Permission denied", str(self))
            return real(self)

        monkeypatch.setattr(Path, "read_bytes", read_bytes)
        real_open = open

        def guarded_open(file, *a, **k):
            if str(file).endswith("secret.txt"):
                raise PermissionError(13, "Permission denied", str(file))
            return real_open(file, *a, **k)

        monkeypatch.setattr("builtins.open", guarded_open)
    try:
        for target in (["."], ["ok.txt", "secret.txt"]):
            code, out, err = run_cli(["check", *target, "--output-format", "json", "--jobs", "1", *NO_CACHE], capsys)
            assert code == 1, err
            found = {(Path(f["path"]).name, f["code"]) for f in _json(out)}
            assert ("secret.txt", "VFR003") in found, found
            assert any(name == "ok.txt" for name, _ in found)
            assert "Traceback" not in err
    finally:
        secret.chmod(0o644)


@pytest.mark.parametrize("named", [True, False])
def test_fifo_does_not_hang(named, tmp_path):
    """Regression: a FIFO was opened and read, and the run blocked forever."""
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    (tmp_path / "ok.txt").write_text(SEED_TEXT, encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.txt")
    args = ["ok.txt", "pipe.txt"] if named else ["."]
    try:
        out = subprocess.run([str(BIN / "vfr-lint"), "check", *args, "--output-format", "json", *NO_CACHE],
                             cwd=tmp_path, capture_output=True, text=True, timeout=6, env=_env())
    except subprocess.TimeoutExpired:
        pytest.fail("vfr-lint hangs on a FIFO")
    assert out.returncode == 1, out.stderr
    assert ("pipe.txt", "VFR003") in {(Path(f["path"]).name, f["code"]) for f in _json(out.stdout)}


def test_directory_of_10000_files(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    d = tmp_path / "many"
    d.mkdir()
    for i in range(10_000):
        (d / f"m{i:05d}.txt").write_bytes(b"x\n" if i % 1000 == 0 else b"")
    code, out, err = run_cli(["check", "many", "--select", "VFR0", "--output-format", "json", "-q", *NO_CACHE], capsys)
    assert code == 1, err[-500:]
    paths = {f["path"] for f in _json(out)}
    assert len(paths) == 10_000


def test_file_over_the_size_limit_is_refused(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".vfr-lint.toml").write_text("max-file-size = 4000\n", encoding="utf-8")
    (tmp_path / "big.txt").write_text(SEED_TEXT, encoding="utf-8")  # 7 KB
    code, out, err = run_cli(["check", "big.txt", "--output-format", "json", *NO_CACHE], capsys)
    assert code == 1, err
    assert [f["code"] for f in _json(out)] == ["VFR003"]


@pytest.mark.parametrize("how", ["folder", "explicit", "script"])
def test_path_with_non_utf8_bytes(how, tmp_path, capsys, monkeypatch):
    name = b"m\xf6te-\xff.txt"  # Latin-1 ö and an invalid byte: not UTF-8
    try:
        with open(os.path.join(os.fsencode(tmp_path), name), "wb") as handle:
            handle.write(SEED_TEXT.encode("utf-8"))
    except OSError:
        pytest.skip("the file system refuses non-UTF-8 names")
    monkeypatch.chdir(tmp_path)
    target = "." if how == "folder" else os.fsdecode(name)
    if how == "script":
        out = subprocess.run([str(BIN / "vfr-lint"), "check", os.fsencode(target), "--output-format", "concise", *NO_CACHE],
                             cwd=tmp_path, capture_output=True, env=_env(), timeout=60)
        assert out.returncode == 1, out.stderr
        assert b"VFR" in out.stdout and b"Traceback" not in out.stderr
        return
    for fmt in ("concise", "json", "full", "sarif", "github", "junit"):
        code, out, err = run_cli(["check", target, "--output-format", fmt, *NO_CACHE], capsys)
        assert code == 1, (fmt, err)
        assert "Traceback" not in err and "internal error" not in err, err
        out.encode("utf-8")  # printable as UTF-8 (no lone surrogates)
        assert "VFR" in out
