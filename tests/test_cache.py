"""The findings cache: keyed by content, path, version, settings and code."""

from __future__ import annotations

import os
import shutil
import time
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


# --- pruning: the cache stays bounded ------------------------------------------------------------
DAY = 86400


def age(path: Path, days: float) -> None:
    """Mark an entry as last used `days` ago (no sleeping: set its times)."""
    when = time.time() - days * DAY
    os.utime(path, (when, when))


def test_a_hit_marks_the_entry_as_used(repo, capsys):
    run(capsys, ".")
    cache = repo / ".vfr-lint-cache"
    for e in entries(cache):
        age(e, 10)
    run(capsys, ".")
    assert all(time.time() - e.stat().st_mtime < DAY for e in entries(cache))


def test_entries_unused_for_a_month_are_pruned(repo, capsys):
    run(capsys, ".")
    cache = repo / ".vfr-lint-cache"
    old, recent, *rest = entries(cache)
    age(old, cachemod.MAX_AGE_DAYS + 1)
    age(recent, cachemod.MAX_AGE_DAYS - 1)
    assert cachemod.Cache(cache).prune() == 1
    assert not old.exists() and recent.exists() and all(e.exists() for e in rest)


def test_over_the_size_bound_least_recently_used_go_first(repo, capsys):
    run(capsys, ".")
    cache = repo / ".vfr-lint-cache"
    found = entries(cache)
    for days, e in enumerate(found):  # found[0] used today, found[5] five days ago
        age(e, days)
    size = sum(e.stat().st_size for e in found)
    bound = int(size * 0.9)  # one too many; pruning goes down to 3/4 of the bound
    removed = cachemod.Cache(cache).prune(max_bytes=bound)
    kept = [e for e in found if e.exists()]
    assert removed == len(found) - len(kept) >= 1
    assert kept == found[: len(kept)]  # the most recently used stay
    assert sum(e.stat().st_size for e in kept) <= bound * 0.75


def test_pruning_spares_the_entries_of_this_run(repo, capsys):
    run(capsys, ".")
    cache = repo / ".vfr-lint-cache"
    found = entries(cache)
    age(found[0], 1)  # used before this run
    started = time.time() - 3600
    assert cachemod.Cache(cache).prune(max_bytes=1, keep_since=started) == 1
    assert entries(cache) == found[1:]


def test_other_formats_and_stale_temporary_files_are_removed(repo, capsys):
    run(capsys, ".")
    cache = repo / ".vfr-lint-cache"
    shard = entries(cache)[0].parent
    stale = cache / "v1" / "ab" / ("ab" * 32 + ".json")
    stale.parent.mkdir(parents=True)
    stale.write_text("{}")
    (shard / ".tmp-old").write_text("")
    (shard / ".tmp-new").write_text("")  # another process may be writing it now
    age(shard / ".tmp-old", 1)
    cachemod.Cache(cache).prune()
    assert not (cache / "v1").exists() and len(entries(cache)) == 6
    assert not (shard / ".tmp-old").exists() and (shard / ".tmp-new").exists()


def test_a_run_prunes_when_due(repo, capsys, monkeypatch):
    run(capsys, ".")
    cache = repo / ".vfr-lint-cache"
    marker = cache / f"v{cachemod.FORMAT}" / ".pruned"
    assert marker.is_file()  # the first run that wrote entries pruned
    old = entries(cache)[0]
    age(old, cachemod.MAX_AGE_DAYS + 1)
    (repo / "new.txt").write_text(SEEDS[0].read_text(encoding="utf-8") + "\n")
    run(capsys, ".")  # one entry written, pruned a moment ago: not due
    assert old.exists()
    age(marker, 2)
    (repo / "newer.txt").write_text(SEEDS[0].read_text(encoding="utf-8") + "\n\n")
    run(capsys, ".")  # the last pruning is two days old: due
    # the old entry was used by this run (it is one of the six files), so it stays;
    # what goes is an entry no file needs any more
    assert old.exists()
    gone = cache / f"v{cachemod.FORMAT}" / "zz" / ("zz" * 32 + ".json")
    gone.parent.mkdir()
    gone.write_text("{}")
    age(gone, cachemod.MAX_AGE_DAYS + 1)
    age(marker, 2)
    (repo / "newest.txt").write_text(SEEDS[0].read_text(encoding="utf-8") + "\n\n\n")
    run(capsys, ".")
    assert not gone.exists() and len(entries(cache)) == 9


def test_a_run_without_new_entries_does_not_prune(repo, capsys):
    run(capsys, ".")
    cache = repo / ".vfr-lint-cache"
    marker = cache / f"v{cachemod.FORMAT}" / ".pruned"
    age(marker, 2)
    gone = cache / f"v{cachemod.FORMAT}" / "zz" / ("zz" * 32 + ".json")
    gone.parent.mkdir()
    gone.write_text("{}")
    age(gone, cachemod.MAX_AGE_DAYS + 1)
    run(capsys, ".")  # all served from the cache: it did not grow, nothing to do
    assert gone.exists()


def test_clean_removes_only_a_vfr_lint_cache(repo, capsys):
    run(capsys, ".")
    assert cachemod.clean(repo / ".vfr-lint-cache") is True
    assert not (repo / ".vfr-lint-cache").exists()
    assert cachemod.clean(repo / ".vfr-lint-cache") is False
    (repo / "notes").mkdir()
    (repo / "notes" / "keep.txt").write_text("mine")
    assert cachemod.clean(repo / "notes") is False and (repo / "notes" / "keep.txt").exists()


# --- vfr-lint clean ---------------------------------------------------------------------------
def test_clean_removes_the_cache_a_check_here_uses(repo, capsys, monkeypatch):
    (repo / ".vfr-lint.toml").write_text('cache-dir = "build/cache"\n', encoding="utf-8")
    run(capsys, ".")
    assert entries(repo / "build" / "cache")
    (repo / "sub").mkdir()
    monkeypatch.chdir(repo / "sub")  # the config is found from here too
    assert main(["clean"]) == 0
    assert "removed" in capsys.readouterr().out
    assert not (repo / "build" / "cache").exists()
    assert main(["clean"]) == 0  # nothing left: says so, still exit 0
    assert "no vfr-lint cache" in capsys.readouterr().out


def test_clean_never_removes_a_folder_vfr_lint_did_not_make(repo, capsys):
    precious = repo / "precious"
    precious.mkdir()
    (precious / "notes.txt").write_text("keep me", encoding="utf-8")
    assert main(["clean", "--cache-dir", str(precious)]) == 0
    assert (precious / "notes.txt").read_text(encoding="utf-8") == "keep me"
