"""The long fuzz run: many random edits of the seeds through api.lint_bytes.

    python bench/fuzz.py                       # 20,000 inputs on all cores (~5 minutes on 2)
    python bench/fuzz.py -n 2000 --seed 7      # shorter, another seed
    python bench/fuzz.py --hypothesis 20000    # the property test of tests/test_hardening.py
                                               # with 20,000 examples (stops at the first failure)

Each input is a seed (tests/fixtures/*.txt) after random line edits (deleted,
duplicated, swapped, truncated lines; inserted Unicode with combining marks and emoji,
NUL and control characters, very long lines; raw bytes), re-encoded (utf-8, utf-8-sig,
cp1252, utf-16, utf-16-le) with random line endings (LF, CRLF, CR, mixed), linted with
all rules (ALL, opt-in ones too) as .txt or .md. A failure is an exception (a crash), a
finding with an unknown code, or a position outside the stored file. Failures are
grouped by signature; one reproducer per signature is written to
bench/results/fuzz/<signature>.bin. Prints one summary line of JSON.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import sys
import time
import traceback
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "results" / "fuzz"
SEEDS = [p.read_bytes().decode("utf-8") for p in sorted((ROOT / "tests" / "fixtures").glob("*.txt"))]
SPECIAL = [
    "\u0301", "e\u0301\u0308", "a\u0338\u0338\u0338", "👩‍👩‍👧", "🇸🇪", "😀", "\x00", "\x00\x00\x00",
    "\x01\x02\x1b[31m", "\x7f", "\u202e", "\ufeff", "\u200b", "\u00ad", "\r", "\n\n\n", "\u2028",
    "\x85", "\t", "\f", "\xa0", " ", "Föredragande: ", "Föredragande: Föredragande:",
    "Välfärdsrådet beslutade:", "Välfärdsrådet beslutar att", "att ", "1. ", "99. Övriga frågor",
    "Dnr: ", "Dnr: HSN 2099/1", "Tid: Kl. 9-11", "Datum: 2025-13-45", "(ordf)", "Närvarande:", "a) ",
    "# ", "**", "<!--", "-->", "- ", "> ", "x" * 20_000, "möte " * 3_000, "å" * 5_000,
]


def random_text(rng: random.Random) -> str:
    if rng.random() < 0.6:
        return rng.choice(SPECIAL)
    alphabet = "aåäöAÅÄÖ .,:;-–()/0123456789\t\n\r\u0301\u200d\U0001F600\x00\x0b\ufffd\ud7ff"
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))


def mutate(rng: random.Random) -> tuple[bytes, str]:
    lines = rng.choice(SEEDS).split("\n")
    for _ in range(rng.randint(0, 8)):
        if not lines:
            lines = [""]
        i = rng.randrange(len(lines))
        op = rng.choice(["delete", "duplicate", "swap", "truncate", "insert", "insert_line"])
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "truncate":
            lines[i] = lines[i][: rng.randint(0, len(lines[i]))]
        elif op == "insert":
            k = rng.randint(0, len(lines[i]))
            lines[i] = lines[i][:k] + random_text(rng) + lines[i][k:]
        else:
            lines.insert(i, random_text(rng))
    if rng.random() < 0.3:
        lines = lines[: rng.randint(0, len(lines))]
    ending = rng.choice(["\n", "\r\n", "\r", "mixed"])
    if ending == "mixed":
        text = "".join(line + rng.choice(["\n", "\r\n", "\r"]) for line in lines)
    else:
        text = ending.join(lines)
    encoding = rng.choice(["utf-8", "utf-8", "utf-8-sig", "cp1252", "utf-16", "utf-16-le"])
    data = text.encode(encoding, errors="replace")
    if rng.random() < 0.1:
        k = rng.randint(0, len(data))
        data = data[:k] + rng.randbytes(rng.randint(1, 8)) + data[k:]
    return data, rng.choice(["m.txt", "m.md"])


def stored_lines(original: str) -> list[str]:
    lines = re.split(r"\r\n|\r|\n", original)
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()
    return lines


def problems(data: bytes, name: str, settings, known: set[str]) -> list[str]:
    """Signatures of what is wrong with linting `data` (empty: all good)."""
    from vfr_lint.api import lint_bytes
    from vfr_lint.source import source_from_bytes

    try:
        findings = lint_bytes(data, name, settings)
    except Exception as exc:  # noqa: BLE001
        tb = traceback.extract_tb(exc.__traceback__)[-1]
        return [f"crash:{type(exc).__name__}:{Path(tb.filename).name}:{tb.lineno}"]
    try:
        lines = stored_lines(source_from_bytes(data, name).original)
    except Exception:  # noqa: BLE001 - unreadable: only VFR003 at 1:1
        return [] if all(f.code == "VFR003" for f in findings) else ["unreadable-with-findings"]
    out = []
    n = len(lines)
    for f in findings:
        if f.code not in known:
            out.append(f"unknown-code:{f.code}")
        spots = [(f.line, f.column, f.end_line, f.end_column, "")]
        if f.fix is not None:
            spots += [(e.line, e.column, e.end_line, e.end_column, "-edit") for e in f.fix.edits]
        for line, col, end_line, end_col, what in spots:
            if not (1 <= line <= n and 1 <= end_line <= n):
                out.append(f"line-outside{what}:{f.code}")
            elif not (1 <= col <= len(lines[line - 1]) + 1 and 1 <= end_col <= len(lines[end_line - 1]) + 1):
                crlf = "crlf" if col == len(lines[line - 1]) + 2 or end_col == len(lines[end_line - 1]) + 2 else "far"
                out.append(f"column-outside{what}:{f.code}:{crlf}")
            elif (end_line, end_col) < (line, col):
                out.append(f"end-before-start{what}:{f.code}")
    return sorted(set(out))


def _worker(args: tuple[int, int, int]) -> dict:
    seed, start, count = args
    from vfr_lint.api import default_settings
    from vfr_lint.registry import all_rules, select_rules

    settings = default_settings(rules=select_rules(select=["ALL"]))
    known = {r.code for r in all_rules()}
    found: dict[str, dict] = {}
    slowest = (0.0, -1)
    for i in range(start, start + count):
        rng = random.Random(seed * 1_000_003 + i)
        data, name = mutate(rng)
        t = time.perf_counter()
        for sig in problems(data, name, settings, known):
            entry = found.setdefault(sig, {"count": 0, "example": i, "name": name, "size": len(data)})
            entry["count"] += 1
            if len(data) < entry["size"]:
                entry.update(example=i, name=name, size=len(data))
        slowest = max(slowest, (time.perf_counter() - t, i))
    return {"found": found, "slowest": slowest}


def run(n: int, seed: int, jobs: int) -> dict:
    chunk = max(1, min(500, n // (jobs * 4) or 1))
    tasks = [(seed, s, min(chunk, n - s)) for s in range(0, n, chunk)]
    t0 = time.perf_counter()
    found: dict[str, dict] = {}
    slowest = (0.0, -1)
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for res in pool.map(_worker, tasks):
            slowest = max(slowest, tuple(res["slowest"]))
            for sig, e in res["found"].items():
                cur = found.setdefault(sig, {"count": 0, "example": e["example"], "name": e["name"], "size": e["size"]})
                cur["count"] += e["count"]
                if e["size"] < cur["size"]:
                    cur.update(example=e["example"], name=e["name"], size=e["size"])
    OUT.mkdir(parents=True, exist_ok=True)
    for sig, e in found.items():
        data, _ = mutate(random.Random(seed * 1_000_003 + e["example"]))
        safe = re.sub(r"[^\w.-]+", "_", sig)[:80] + "-" + hashlib.sha1(sig.encode()).hexdigest()[:6]
        (OUT / f"{safe}{Path(e['name']).suffix}.bin").write_bytes(data)
        e["reproducer"] = str((OUT / f"{safe}{Path(e['name']).suffix}.bin").relative_to(ROOT))
    crashes = sum(e["count"] for s, e in found.items() if s.startswith("crash:"))
    bad = sum(e["count"] for e in found.values())
    return {"inputs": n, "seed": seed, "seconds": round(time.perf_counter() - t0, 1),
            "crashes": crashes, "failures": bad, "signatures": found,
            "slowest_input": {"index": slowest[1], "seconds": round(slowest[0], 3)}}


def run_hypothesis(n: int) -> int:
    import pytest

    os.environ["VFR_FUZZ_EXAMPLES"] = str(n)
    return pytest.main([str(ROOT / "tests" / "test_hardening.py"), "-q", "-p", "no:cacheprovider",
                        "-k", "random_edits_never_crash", "-x"])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", type=int, default=20_000, help="number of inputs")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--hypothesis", type=int, metavar="N", help="run the hypothesis property test with N examples")
    args = ap.parse_args(argv)
    if args.hypothesis:
        return run_hypothesis(args.hypothesis)
    result = run(args.n, args.seed, args.jobs)
    print(json.dumps(result, ensure_ascii=False))
    return 1 if result["crashes"] else 0


if __name__ == "__main__":
    sys.exit(main())
