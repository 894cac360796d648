"""Shared helpers of the benchmark scripts: paths, timing child processes, medians."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
CORPUS = BENCH / "corpus"
RESULTS = BENCH / "results"
PEERS = BENCH / "peers"
SEED_FILE = ROOT / "tests" / "fixtures" / "000_f9f2acdc3d3ad322.txt"  # the 7 KB seed
PYTHON = sys.executable
VFR_LINT = str(Path(PYTHON).parent / "vfr-lint")

# Runs `argv` in a fresh intermediate process, so that RUSAGE_CHILDREN holds only that
# command (and the worker processes it waited for): the max RSS is the command's own.
_WRAPPER = r"""
import json, resource, subprocess, sys, time
timeout = float(sys.argv[1]) or None
t = time.perf_counter()
try:
    rc = subprocess.run(sys.argv[2:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=timeout).returncode
    err = ""
except subprocess.TimeoutExpired:
    rc, err = None, "timeout"
wall = time.perf_counter() - t
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"wall": wall, "rc": rc, "maxrss_kb": ru.ru_maxrss, "err": err}))
"""


@dataclass
class Run:
    wall: float  # seconds
    rc: int | None  # None: timed out
    maxrss_kb: int


def bench_env(bytecode: bool = True) -> dict:
    """The environment of measured commands. With `bytecode`, Python may write .pyc
    files (to a gitignored prefix under bench/results/), as an installed vfr-lint has
    them: a sandbox that sets PYTHONDONTWRITEBYTECODE would otherwise make every run
    compile vfr-lint's own modules from source (~80 ms of a cold start), while the
    peers' and the dependencies' site-packages carry their .pyc files."""
    env = dict(os.environ)
    if bytecode:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(RESULTS / "pycache")
    else:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        env.pop("PYTHONPYCACHEPREFIX", None)
    return env


def run_once(argv: list[str], cwd: Path | None = None, timeout: float = 0.0, env: dict | None = None) -> Run:
    env = bench_env() if env is None else env
    out = subprocess.run(
        [PYTHON, "-c", _WRAPPER, str(timeout), *argv],
        cwd=cwd, capture_output=True, text=True, env=env,
    )
    if out.returncode != 0 or not out.stdout.strip():
        raise RuntimeError(f"benchmark wrapper failed for {argv}: {out.stderr.strip()[-500:]}")
    data = json.loads(out.stdout.strip().splitlines()[-1])
    return Run(data["wall"], data["rc"], data["maxrss_kb"])


def measure(argv: list[str], runs: int, cwd: Path | None = None, timeout: float = 0.0,
            warmup: int = 1, ok_codes: tuple[int, ...] = (0, 1), env: dict | None = None,
            ) -> tuple[float | None, int, list[Run]]:
    """(median wall seconds or None on timeout/failure, max of max RSS kB, all runs)."""
    for _ in range(warmup):
        r = run_once(argv, cwd, timeout, env)
        if r.rc is None:
            return None, r.maxrss_kb, [r]
    results = []
    for _ in range(runs):
        r = run_once(argv, cwd, timeout, env)
        results.append(r)
        if r.rc is None or r.rc not in ok_codes:
            return None, r.maxrss_kb, results
    return statistics.median(r.wall for r in results), max(r.maxrss_kb for r in results), results


_BUSY = "import time\nt = time.perf_counter()\nx = 0\nfor i in range(8_000_000): x += i\nprint(time.perf_counter() - t)"


def parallel_efficiency(n: int) -> float:
    """Speed-up of n CPU-bound Python processes run at once over one, divided by n:
    1.0 when the machine really runs n processes in parallel."""
    def batch(k: int) -> float:
        procs = [subprocess.Popen([PYTHON, "-c", _BUSY], stdout=subprocess.PIPE, text=True) for _ in range(k)]
        return max(float(p.communicate()[0]) for p in procs)

    one = statistics.median(batch(1) for _ in range(3))
    many = statistics.median(batch(n) for _ in range(3))
    return one / many


def median(values) -> float:
    return statistics.median(list(values))


def cli_help() -> str:
    out = subprocess.run([VFR_LINT, "check", "--help"], capture_output=True, text=True)
    return out.stdout


def cache_supported() -> bool:
    return "--no-cache" in cli_help()


def lsp_available() -> bool:
    import importlib.util

    spec = importlib.util.find_spec("vfr_lint")
    if spec is None or not spec.submodule_search_locations:
        return False
    return any((Path(p) / "lsp.py").is_file() or (Path(p) / "lsp").is_dir() for p in spec.submodule_search_locations)


def fmt_s(value: float | None) -> str:
    if value is None:
        return "n/a"
    if value < 1:
        return f"{value * 1000:.0f} ms"
    return f"{value:.2f} s"


def fmt_ratio(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}×"
