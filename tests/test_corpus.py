"""The checks across documents (VFR9xx), through the CLI on folders of small minutes
built from the clean corrected copy of seed 000 (meeting 2025-04-25, Dnr HSN 2025/936,
previous minutes 250213, "Brita Sohlin" in the attendance)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from vfr_lint.checks.corpus import similar
from vfr_lint.corpus import DocumentFacts, check_corpus, levenshtein

CLEAN = Path(__file__).parent / "fixtures" / "corrected" / "000.txt"


def minutes(date: str = "2025-04-25", dnr: str = "HSN 2025/936", previous: str = "250213", **names: str) -> str:
    text = CLEAN.read_text(encoding="utf-8")
    for old, new in (("Datum: 2025-04-25", f"Datum: {date}"), ("HSN 2025/936", dnr),
                     ("minnesanteckningar 250213", f"minnesanteckningar {previous}")):
        assert old in text
        text = text.replace(old, new)
    for old, new in names.items():
        old = old.replace("_", " ")
        assert old in text
        text = text.replace(old, new)
    return text


def write(folder: Path, docs: dict[str, str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in docs.items():
        (folder / name).write_text(text, encoding="utf-8")


def cli(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, "-m", "vfr_lint", "check", *args], capture_output=True, text=True,
                          encoding="utf-8", cwd=cwd, env=env, timeout=120)


def findings(cwd: Path, *args: str) -> list[dict]:
    proc = cli(cwd, "--output-format", "json", *args)
    assert proc.returncode in (0, 1), proc.stderr
    assert "Traceback" not in proc.stderr
    return json.loads(proc.stdout)


def corpus(cwd: Path, *args: str) -> list[tuple[str, str, int, int]]:
    return [(f["path"], f["code"], f["line"], f["column"]) for f in findings(cwd, *args) if f["code"].startswith("VFR9")]


# --- VFR901 previous-minutes-not-found -----------------------------------------------------------
def test_single_file_gets_no_cross_document_findings(tmp_path: Path):
    write(tmp_path / "m", {"a.txt": minutes()})
    assert findings(tmp_path, "--isolated", "--no-cache", "m") == []


def test_previous_minutes_present(tmp_path: Path):
    write(tmp_path / "m", {
        "2025-04-25.txt": minutes(),
        "2025-02-13.txt": minutes("2025-02-13", "HSN 2025/100", "241212"),
    })
    # the April minutes refer to the February ones, which are linted: nothing for them;
    # the February minutes refer to 241212, which is not
    assert corpus(tmp_path, "--isolated", "--no-cache", "m") == [("m/2025-02-13.txt", "VFR901", 84, 35)]


def test_previous_minutes_absent(tmp_path: Path):
    write(tmp_path / "m", {
        "2025-04-25.txt": minutes(),
        "2025-03-13.txt": minutes("2025-03-13", "HSN 2025/100", "250213"),
    })
    got = findings(tmp_path, "--isolated", "--no-cache", "m")
    vfr9 = [(f["path"], f["code"], f["line"], f["column"], f["end_column"]) for f in got if f["code"].startswith("VFR9")]
    assert vfr9 == [("m/2025-03-13.txt", "VFR901", 84, 35, 41), ("m/2025-04-25.txt", "VFR901", 84, 35, 41)]
    f = next(f for f in got if f["code"] == "VFR901")
    assert f["severity"] == "warning" and "250213" in f["message"] and "Välfärdsrådet" in f["message"]


def test_previous_minutes_iso_date_and_english(tmp_path: Path):
    write(tmp_path / "m", {
        "a.txt": minutes(previous="2025-02-13"),
        "b.txt": minutes("2025-02-13", "HSN 2025/100", "2025-01-10"),
    })
    got = [f for f in findings(tmp_path, "--isolated", "--no-cache", "--lang", "en", "m") if f["code"] == "VFR901"]
    assert [(f["path"], f["message"]) for f in got] == [
        ("m/b.txt", "The previous minutes (2025-01-10) are not among the linted documents of Välfärdsrådet")
    ]


def test_concise_output_carries_the_source_line(tmp_path: Path):
    write(tmp_path / "m", {"a.txt": minutes(), "b.txt": minutes(dnr="HSN 2025/937")})
    proc = cli(tmp_path, "--isolated", "--no-cache", "--output-format", "full", "m")
    assert "VFR901" in proc.stdout and "Föregående minnesanteckningar 250213" in proc.stdout


# --- VFR903 duplicate-dnr ------------------------------------------------------------------------
def test_duplicate_dnr_in_both(tmp_path: Path):
    write(tmp_path / "m", {
        "a.txt": minutes(),
        "b.txt": minutes("2025-02-13", previous="241212"),
    })
    got = [f for f in findings(tmp_path, "--isolated", "--no-cache", "--select", "VFR903", "m")]
    assert [(f["path"], f["code"], f["line"], f["column"], f["end_column"]) for f in got] == [
        ("m/a.txt", "VFR903", 9, 7, 19),
        ("m/b.txt", "VFR903", 9, 7, 19),
    ]
    assert got[0]["severity"] == "error"
    assert "m/b.txt" in got[0]["message"] and "m/a.txt" in got[1]["message"]
    assert "HSN 2025/936" in got[0]["message"]


def test_distinct_dnr_pass(tmp_path: Path):
    write(tmp_path / "m", {"a.txt": minutes(), "b.txt": minutes("2025-02-13", "HSN 2025/100", "241212")})
    assert [c for c in corpus(tmp_path, "--isolated", "--no-cache", "m") if c[1] == "VFR903"] == []


def test_ignored_rule_is_not_reported(tmp_path: Path):
    write(tmp_path / "m", {"a.txt": minutes(), "b.txt": minutes()})
    assert corpus(tmp_path, "--isolated", "--no-cache", "--ignore", "VFR9", "m") == []
    assert {c[1] for c in corpus(tmp_path, "--isolated", "--no-cache", "--ignore", "VFR903", "m")} == {"VFR901"}


# --- VFR902 roster-spelling ----------------------------------------------------------------------
def test_minority_spelling_reported(tmp_path: Path):
    write(tmp_path / "m", {
        "a.txt": minutes(),
        "b.txt": minutes("2025-02-13", "HSN 2025/100", "241212"),
        "c.txt": minutes("2025-03-13", "HSN 2025/200", "250213", Brita_Sohlin="Britta Sohlin"),
    })
    got = [f for f in findings(tmp_path, "--isolated", "--no-cache", "--select", "VFR902", "m")]
    assert [(f["path"], f["line"], f["column"], f["end_column"]) for f in got] == [("m/c.txt", 38, 27, 40)]
    assert "Britta Sohlin" in got[0]["message"] and "Brita Sohlin" in got[0]["message"]
    assert got[0]["severity"] == "warning"


def test_equally_common_spellings_are_both_reported(tmp_path: Path):
    # The catalogue's own example: Brita Sohlin in one document, Britta Sohlin in the
    # other. Nothing tells which is right, but one is wrong: each names the other.
    write(tmp_path / "m", {
        "a.txt": minutes(),
        "b.txt": minutes("2025-02-13", "HSN 2025/100", "241212", Brita_Sohlin="Britta Sohlin"),
    })
    found = corpus(tmp_path, "--isolated", "--no-cache", "--select", "VFR902", "m")
    assert [(path, code) for path, code, *_ in found] == [("m/a.txt", "VFR902"), ("m/b.txt", "VFR902")]


def test_roster_option(tmp_path: Path):
    write(tmp_path / "m", {
        "a.txt": minutes(),
        "b.txt": minutes("2025-02-13", "HSN 2025/100", "241212"),
    })
    (tmp_path / "pyproject.toml").write_text(
        '[tool.vfr-lint.rules.roster-spelling]\nroster = ["Britta Sohlin", "Sofia Jarl"]\n', encoding="utf-8")
    got = [f for f in findings(tmp_path, "--no-cache", "--select", "VFR902", "m")]
    assert [(f["path"], f["line"], f["column"]) for f in got] == [("m/a.txt", 38, 27), ("m/b.txt", 38, 27)]
    assert "Britta Sohlin" in got[0]["message"]


def test_unknown_roster_option_is_refused(tmp_path: Path):
    write(tmp_path / "m", {"a.txt": minutes()})
    (tmp_path / "pyproject.toml").write_text('[tool.vfr-lint.rules.roster-spelling]\nrooster = []\n', encoding="utf-8")
    proc = cli(tmp_path, "--no-cache", "m")
    assert proc.returncode == 2 and "rooster" in proc.stderr


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("brita sohlin", "britta sohlin", True),
        ("jonas sallén", "jonas sallen", True),
        ("eva berg", "eva borg", False),  # short words: more likely two people
        ("lisa karlsson", "lina carlsson", False),  # no word in common
        ("sofia jarl", "sofia jarl", False),
        ("anna pollack", "anna pollack lind", False),
        ("cecilia rodin", "cecilia jansson", False),
        ("agneta haraldsson", "agneta haralldson", True),  # 2 edits in a long word
        ("karin mikkonen", "karin mikonen", True),
    ],
)
def test_similar(a: str, b: str, expected: bool):
    assert similar(a, b) is expected


def test_levenshtein():
    assert levenshtein("brita", "britta") == 1
    assert levenshtein("kitten", "sitting") == 3
    assert levenshtein("kitten", "sitting", limit=1) == 2
    assert levenshtein("", "abc") == 3


# --- cache and processes ------------------------------------------------------------------------
def test_cache_serves_the_facts(tmp_path: Path):
    write(tmp_path / "m", {
        "a.txt": minutes(),
        "b.txt": minutes("2025-03-13", previous="250213"),
        "c.txt": minutes("2025-02-13", "HSN 2025/100", "241212", Brita_Sohlin="Britta Sohlin"),
        "d.txt": minutes("2025-01-13", "HSN 2025/101", "241212"),
    })
    args = ("--isolated", "--cache-dir", "cache", "--output-format", "json", "m")
    first = cli(tmp_path, *args)
    entries = list((tmp_path / "cache").rglob("*.json"))
    assert len(entries) == 4
    assert all(json.loads(e.read_text(encoding="utf-8"))["facts"]["body"] == "Välfärdsrådet" for e in entries)
    second = cli(tmp_path, *args)
    assert first.stdout == second.stdout
    codes = {f["code"] for f in json.loads(second.stdout)}
    assert {"VFR901", "VFR902", "VFR903"} <= codes
    for e in entries:  # the facts come from the cache: corrupt them and the findings change
        data = json.loads(e.read_text(encoding="utf-8"))
        data["facts"]["dnr"] = []
        e.write_text(json.dumps(data), encoding="utf-8")
    third = cli(tmp_path, *args)
    assert "VFR903" not in {f["code"] for f in json.loads(third.stdout)}


def test_cache_entry_round_trip(tmp_path: Path):
    from vfr_lint.api import default_settings, parse_document
    from vfr_lint.cache import Cache
    from vfr_lint.corpus import document_facts
    from vfr_lint.source import source_from_text

    settings = default_settings()
    source = source_from_text(minutes(), "a.txt")
    facts = document_facts(parse_document(source, settings.profile.organisations), source, settings)
    assert facts.meeting == "2025-04-25" and [m.value for m in facts.previous] == ["2025-02-13"]
    assert [m.value for m in facts.dnr] == ["HSN 2025/936"] and "Brita Sohlin" in [m.value for m in facts.names]
    cache = Cache(tmp_path)
    cache.put("ab" * 32, [], [], facts)
    assert cache.get("ab" * 32) == ([], [], facts)
    assert DocumentFacts.from_json(json.loads(json.dumps(facts.to_json()))) == facts
    import pickle

    assert pickle.loads(pickle.dumps(facts)) == facts


def test_jobs_2_same_as_jobs_1(tmp_path: Path):
    # 18 documents (a process pool is used from 16 files): a chain of monthly minutes,
    # each referring to the one before; the first refers to a missing one, two share a
    # Dnr, one misspells a name.
    docs = {}
    for k in range(18):
        year, month = 2024 + k // 12, k % 12 + 1
        prev_year, prev_month = (year, month - 1) if month > 1 else (year - 1, 12)
        names = {"Brita_Sohlin": "Britta Sohlin"} if k == 5 else {}
        docs[f"{k:02}.txt"] = minutes(f"{year}-{month:02}-10", f"HSN {year}/{k if k != 7 else 6}",
                                      f"{prev_year % 100:02}{prev_month:02}10", **names)
    write(tmp_path / "m", docs)
    one = cli(tmp_path, "--isolated", "--no-cache", "--jobs", "1", "--output-format", "json", "m")
    two = cli(tmp_path, "--isolated", "--no-cache", "--jobs", "2", "--output-format", "json", "m")
    assert one.returncode == two.returncode == 1
    assert one.stdout == two.stdout
    got = [(f["path"], f["code"]) for f in json.loads(one.stdout) if f["code"].startswith("VFR9")]
    assert got == [("m/00.txt", "VFR901"), ("m/05.txt", "VFR902"), ("m/06.txt", "VFR903"), ("m/07.txt", "VFR903")]


def test_baseline_holds_cross_document_findings(tmp_path: Path):
    write(tmp_path / "m", {"a.txt": minutes(), "b.txt": minutes()})
    proc = cli(tmp_path, "--isolated", "--no-cache", "--write-baseline", "baseline.json", "m")
    assert proc.returncode == 0, proc.stderr
    proc = cli(tmp_path, "--isolated", "--no-cache", "--baseline", "baseline.json", "m")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_check_corpus_needs_two_documents():
    from vfr_lint.api import default_settings

    assert check_corpus({"a": DocumentFacts("Välfärdsrådet", "2025-04-25")}, default_settings()) == []
