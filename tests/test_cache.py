"""The findings cache: keyed by content, path, version, settings and code."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from vfr_lint import cache as cachemod
from vfr_lint import run as runmod
from vfr_lint.api import default_settings
from vfr_lint.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = sorted(FIXTURES.glob("*.txt"))


@pytest.fixture
def repo(tmp_path: Path, monkeypatch) -> Path:
    """Six minutes (three copies of each seed) in the current folder."""
    for i in range(3):
        for seed in SEEDS:
            shutil.copy(seed, tmp_path / f"{i}_{seed.name}")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def calls(monkeypatch) -> list[str]:
    """Paths that were really linted (lint_document ran), in this process."""
    seen: list[str] = []
    real = runmod.lint_document

    def spy(source, settings, on_error=None):
        seen.append(source.path)
        return real(source, settings, on_error)

    monkeypatch.setattr(runmod, "lint_document", spy)
    return seen


def run(capsys, *args: str) -> tuple[int, str]:
    code = main(["check", "--jobs", "1", "--output-format", "json", *args])
    out, _ = capsys.readouterr()
    return code, out


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("v*/*/*.json"))


def test_second_run_is_served_from_the_cache(repo, capsys, calls):
    first = run(capsys, ".")
    assert first[0] == 1 and len(calls) == 6
    cache = repo / ".vfr-lint-cache"
    assert len(entries(cache)) == 6
    assert (cache / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"
    assert (cache / "CACHEDIR.TAG").is_file()
    calls.clear()
    assert run(capsys, ".") == first
    assert calls == []


@pytest.mark.parametrize("fmt", ["full", "concise", "sarif"])
def test_cached_output_is_identical_in_every_format(repo, capsys, calls, fmt):
    args = ("--output-format", fmt, "--show-fixes", "--statistics", ".")
    first = run(capsys, *args)
    calls.clear()
    assert run(capsys, *args) == first and calls == []


def test_a_changed_file_is_linted_again(repo, capsys, calls):
    before = run(capsys, ".")[1]
    calls.clear()
    target = repo / f"1_{SEEDS[0].name}"
    target.write_bytes(target.read_bytes().replace(b"Utvecklingsledare", b"utvecklingsledare"))
    code, out = run(capsys, ".")
    assert calls == [f"./{target.name}"]
    assert out.count(f"./{target.name}") < before.count(f"./{target.name}")
    assert out == run(capsys, "--no-cache", ".")[1]


def test_a_changed_config_or_option_invalidates(repo, capsys, calls):
    run(capsys, ".")
    calls.clear()
    (repo / ".vfr-lint.toml").write_text('ignore = ["VFR505"]\n', encoding="utf-8")
    code, out = run(capsys, ".")
    assert len(calls) == 6 and "VFR505" not in out
    calls.clear()
    run(capsys, "--lang", "en", ".")
    assert len(calls) == 6
    calls.clear()
    run(capsys, "--lang", "en", ".")
    assert calls == []
    (repo / ".vfr-lint.toml").write_text('ignore = ["VFR505"]\n[severity]\nVFR601 = "error"\n', encoding="utf-8")
    calls.clear()
    run(capsys, ".")
    assert len(calls) == 6


def test_settings_key_covers_settings_and_code(tmp_path, monkeypatch):
    base = default_settings()
    key = cachemod.settings_key(base)
    assert key == cachemod.settings_key(default_settings())
    assert key != cachemod.settings_key(default_settings(language="en"))
    assert key != cachemod.settings_key(default_settings(options={"VFR404": {"style": "period"}}))
    assert key != cachemod.settings_key(default_settings(rules=base.rules[:-1]))
    # An edited source file of a rule changes the key (development checkouts).
    module = tmp_path / "rule.py"
    module.write_text("x = 1\n")
    monkeypatch.setattr(cachemod, "_code_files", lambda settings: (str(module),))
    before = cachemod.settings_key(base)
    module.write_text("x = 22\n")
    cachemod._code_stamp.cache_clear()
    assert cachemod.settings_key(base) != before


@pytest.mark.parametrize("garbage", [b"", b"{not json", b'{"key": "other"}', b'{"key": null, "findings": 3}', b"\xff\xfe\x00"])
def test_a_corrupted_entry_is_ignored_and_replaced(repo, capsys, calls, garbage):
    first = run(capsys, ".")
    for entry in entries(repo / ".vfr-lint-cache"):
        entry.write_bytes(garbage)
    calls.clear()
    assert run(capsys, ".") == first
    assert len(calls) == 6
    calls.clear()
    assert run(capsys, ".") == first and calls == []


def test_an_entry_for_another_key_is_not_used(repo, capsys, calls):
    first = run(capsys, ".")
    files = entries(repo / ".vfr-lint-cache")
    # Swap two entries' content: each now claims the other's key.
    a, b = files[0].read_bytes(), files[1].read_bytes()
    files[0].write_bytes(b)
    files[1].write_bytes(a)
    calls.clear()
    assert run(capsys, ".") == first and len(calls) == 2


def test_no_cache_and_cache_dir(repo, capsys, calls, tmp_path):
    run(capsys, "--no-cache", ".")
    assert not (repo / ".vfr-lint-cache").exists()
    where = tmp_path / "elsewhere"
    run(capsys, "--cache-dir", str(where), ".")
    assert len(entries(where)) == 6 and not (repo / ".vfr-lint-cache").exists()
    calls.clear()
    run(capsys, "--no-cache", ".")
    assert len(calls) == 6


def test_cache_dir_from_config_is_relative_to_it(repo, capsys, monkeypatch):
    (repo / ".vfr-lint.toml").write_text('cache-dir = "build/cache"\n', encoding="utf-8")
    (repo / "sub").mkdir()
    monkeypatch.chdir(repo / "sub")
    run(capsys, "..")
    assert len(entries(repo / "build" / "cache")) == 6


def test_never_used_with_fix_or_diff(repo, capsys, calls):
    run(capsys, ".")
    calls.clear()
    main(["check", "--jobs", "1", "--diff", "."])
    assert len(calls) >= 6
    calls.clear()
    main(["check", "--jobs", "1", "--fix", "."])
    assert len(calls) >= 6
    capsys.readouterr()
    # The fixed files are new content, linted again; seed 003 has only unsafe fixes,
    # so its copies are unchanged and still served from the cache.
    calls.clear()
    run(capsys, ".")
    assert sorted(calls) == [f"./{i}_{SEEDS[0].name}" for i in range(3)]


def test_an_unwritable_cache_is_no_error(repo, capsys):
    (repo / "blocked").write_text("a file, not a folder")
    code, out = run(capsys, "--cache-dir", "blocked", ".")
    assert code == 1 and out == run(capsys, "--no-cache", ".")[1]


def test_worker_processes_share_the_cache(repo, capsys):
    for i in range(3, 10):
        for seed in SEEDS:
            shutil.copy(seed, repo / f"{i}_{seed.name}")
    args = ["check", "--jobs", "2", "--output-format", "json", "."]
    assert main(args) == 1
    first = capsys.readouterr().out
    assert len(entries(repo / ".vfr-lint-cache")) == 20
    assert main(args) == 1
    assert capsys.readouterr().out == first
    assert len(entries(repo / ".vfr-lint-cache")) == 20
