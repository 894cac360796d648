"""The vfr-lint benchmark: one command, a Markdown table of figures.

    bash bench/setup_peers.sh     # once, for the peer comparison (optional)
    python bench/run.py           # everything; ~30-40 minutes on 2 cores
    python bench/run.py --quick   # no 10,000-document runs, no big files, 3 runs each

Writes bench/results/latest.md (and latest.json) and prints the table. Every figure
is the median of several runs (--runs, default 5; the 10,000-document runs use
--runs-large, default 3). See docs/benchmark.md for what each figure means.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import compare  # noqa: E402
from _common import (  # noqa: E402
    BENCH,
    CORPUS,
    PYTHON,
    RESULTS,
    SEED_FILE,
    bench_env,
    cache_supported,
    fmt_s,
    lsp_available,
    measure,
    median,
    parallel_efficiency,
    run_once,
)
from corpus import write_big, write_set, write_yaml_set  # noqa: E402

TARGET_INPROCESS_MS = 2.0
TARGET_LSP_MS = 10.0


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------- in-process
def inprocess(path: Path, iterations: int) -> dict:
    """Lint `path` `iterations` times in this process, timing each phase separately."""
    from vfr_lint.api import default_settings, lint_bytes, parse_document
    from vfr_lint.output import render
    from vfr_lint.parser import get_parser
    from vfr_lint.registry import rule_infos
    from vfr_lint.rule import Context
    from vfr_lint.source import source_from_bytes

    settings = default_settings()
    infos = rule_infos()
    data = path.read_bytes()
    get_parser()
    phases: dict[str, list[float]] = {k: [] for k in ("read", "parse", "rules", "output", "total", "end_to_end")}
    per_rule: dict[str, list[float]] = {r.code: [] for r in settings.rule_instances}
    clock = time.perf_counter
    for i in range(iterations + 10):  # 10 warm-up iterations
        t0 = clock()
        src = source_from_bytes(data, str(path))
        t1 = clock()
        # The parser builds the AST as it goes (embedded transformer): one phase.
        doc = parse_document(src, settings.profile.organisations)
        t3 = clock()
        ctx = Context(src, settings.profile, settings.language, settings.severities, settings.options)
        findings = []
        rule_times = {}
        for rule in settings.rule_instances:
            r0 = clock()
            findings.extend(rule.check(doc, ctx))
            rule_times[rule.code] = clock() - r0
        findings.sort(key=lambda f: f.sort_key)
        t4 = clock()
        render(findings, "concise", rules=infos)
        t5 = clock()
        lint_bytes(data, str(path), settings)
        t6 = clock()
        if i < 10:
            continue
        for key, value in (("read", t1 - t0), ("parse", t3 - t1), ("rules", t4 - t3),
                           ("output", t5 - t4), ("total", t5 - t0), ("end_to_end", t6 - t5)):
            phases[key].append(value * 1000)
        for code, value in rule_times.items():
            per_rule[code].append(value * 1000)
    result = {k: median(v) for k, v in phases.items()}
    rules = sorted(((code, median(v)) for code, v in per_rule.items()), key=lambda kv: -kv[1])
    result["slowest_rules"] = rules[:3]
    result["findings"] = len(findings)
    result["bytes"] = len(data)
    return result


def inprocess_child(path: Path, iterations: int) -> dict:
    """Run `inprocess` in a fresh interpreter (so earlier work does not skew it)."""
    code = (f"import json, sys; sys.path.insert(0, {str(BENCH)!r}); import run; "
            f"print(json.dumps(run.inprocess(__import__('pathlib').Path({str(path)!r}), {iterations})))")
    out = subprocess.run([PYTHON, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------------------- the run
def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--runs-large", type=int, default=3, help="runs of the 10,000-document figures")
    ap.add_argument("--iterations", type=int, default=200, help="in-process lints of the seed")
    ap.add_argument("--quick", action="store_true", help="skip 10,000 documents and big files; 3 runs")
    ap.add_argument("--no-peers", action="store_true", help="skip the peer comparison")
    ap.add_argument("--output", type=Path, default=RESULTS / "latest.md")
    ap.add_argument("--snapshot", metavar="REF", nargs="?", const="HEAD",
                    help="benchmark a frozen copy of a commit (git archive; default HEAD) instead of the "
                         "working tree, so that edits during the run change nothing (the cache keys on "
                         "the code's files)")
    args = ap.parse_args(argv)
    code = _code_under_test(args.snapshot)
    if args.quick:
        args.runs = min(args.runs, 3)
    cores = os.cpu_count() or 1
    has_cache = cache_supported()
    fig: dict = {"cores": cores, "cache": has_cache, "date": dt.datetime.now().isoformat(timespec="seconds"),
                 "python": platform.python_version(), "machine": platform.machine(),
                 "loadavg_start": _load(), "code": code}

    sizes = [1, 1000] if args.quick else [1, 100, 1000, 10000]
    log(f"corpus {sizes} ...")
    for n in sizes:
        write_set(n)
    write_yaml_set(1)
    write_yaml_set(1000)
    one = CORPUS / "n1" / "doc00000.txt"
    rows: list[tuple[str, str, str]] = []  # (figure, value, note)

    def vfr(target, jobs=None, cache=False):
        return compare.vfr_cmd(target, jobs, cache)

    # 0. the machine
    log("machine: parallel efficiency ...")
    eff = parallel_efficiency(cores)
    fig["parallel_efficiency"] = eff
    rows.append((f"Machine: {cores} CPU-bound processes at once", f"{eff * cores:.2f}× one",
                 f"parallel efficiency {eff:.0%} (100% = {cores} real cores free for the benchmark)"))

    # 1. cold start
    log("cold start ...")
    cold = measure(vfr(one), args.runs, cwd=CORPUS)[0]
    py = measure([PYTHON, "-c", "pass"], args.runs)[0]
    cold_nopyc = measure(vfr(one), args.runs, cwd=CORPUS, env=bench_env(bytecode=False))[0]
    fig["cold"], fig["python_pass"], fig["cold_no_bytecode"] = cold, py, cold_nopyc
    rows.append(("Cold start `vfr-lint check one.txt`", fmt_s(cold),
                 f"{cold / py:.1f}× `python -c pass` ({fmt_s(py)})" + ("; --no-cache" if has_cache else "")))
    rows.append(("  same, no .pyc files (PYTHONDONTWRITEBYTECODE=1)", fmt_s(cold_nopyc),
                 "vfr-lint's own modules compiled from source on every run"))

    # 2. in-process
    log("in-process phases ...")
    ip = inprocess_child(SEED_FILE, args.iterations)
    fig["inprocess"] = ip
    rows.append((f"In-process lint, 7 KB seed ({ip['bytes']} B)", f"{ip['total']:.2f} ms",
                 f"lint_bytes end to end {ip['end_to_end']:.2f} ms; {ip['findings']} findings"))
    for key, label in (("read", "source_from_bytes"), ("parse", "parse_document (parser + AST builder, one pass)")):
        rows.append((f"  read/parse: {label}", f"{ip[key]:.2f} ms", ""))
    slow = ", ".join(f"{c} {t:.2f} ms" for c, t in ip["slowest_rules"])
    rows.append(("  rules (all checks)", f"{ip['rules']:.2f} ms", f"slowest: {slow}"))
    rows.append(("  output (concise)", f"{ip['output']:.2f} ms", ""))

    # 3. many documents
    shutil.rmtree(CORPUS / ".vfr-lint-cache", ignore_errors=True)  # stale entries of earlier code
    per_doc = {}
    rss = {}
    for n in ([1000] if args.quick else [1000, 10000]):
        runs = args.runs if n <= 1000 else args.runs_large
        target = CORPUS / f"n{n}"
        for jobs in (1, cores):
            for cache in ((False, True) if has_cache else (False,)):
                what = f"{n} docs, --jobs {jobs}" + (", cache" if cache else (", no cache" if has_cache else ""))
                log(what + " ...")
                if cache:  # a first run fills the cache; the timed runs find it warm
                    run_once(vfr(target, jobs, True), CORPUS, 900)
                t, rss_kb, _ = measure(vfr(target, jobs, cache), runs, cwd=CORPUS, timeout=900, warmup=0)
                fig[what] = {"wall": t, "maxrss_kb": rss_kb}
                if not cache:
                    per_doc[(n, jobs)] = t / n if t else None
                    rss[(n, jobs)] = rss_kb
                rows.append((what, fmt_s(t), f"{n / t:.0f} docs/s" if t else "timeout"))
            if not has_cache:
                rows.append((f"{n} docs, --jobs {jobs}, cache", "n/a", "cache: n/a (no --no-cache in the CLI)"))
    for jobs in (1, cores):
        if (10000, jobs) in rss:
            rows.append((f"Peak memory, 10000 docs, --jobs {jobs}", f"{rss[(10000, jobs)] / 1024:.0f} MB",
                         f"max RSS of one process; 1000 docs: {rss[(1000, jobs)] / 1024:.0f} MB"))
    if per_doc.get((10000, 1)) and per_doc.get((1000, 1)):
        ratio = per_doc[(10000, 1)] / per_doc[(1000, 1)]
        fig["linearity"] = ratio
        rows.append(("Per-document time 10000 / 1000 (--jobs 1)", f"{ratio:.2f}",
                     f"{per_doc[(1000, 1)] * 1000:.1f} ms vs {per_doc[(10000, 1)] * 1000:.1f} ms per doc; 1.0 = linear"))
        rss_ratio = rss[(10000, 1)] / rss[(1000, 1)]
        rows.append(("Peak memory 10000 / 1000 (--jobs 1)", f"{rss_ratio:.2f}", "1.0 = flat; 10 = linear in documents"))

    # 4. big files
    if not args.quick:
        big50 = write_big(50_000_000, "50mb.txt")
        big5 = write_big(5_000_000, "5mb.txt")
        log("50 MB file ...")
        t50, _, runs50 = measure(vfr(big50), args.runs_large, cwd=CORPUS, timeout=300)
        out = subprocess.run(vfr(big50), cwd=CORPUS, capture_output=True, text=True, timeout=300)
        refused = "VFR003" in out.stdout
        fig["big50"] = {"wall": t50, "refused": refused, "stdout": out.stdout.strip()[:300]}
        rows.append(("50 MB file (default limit 10 MB)", fmt_s(t50),
                     ("refused: " + out.stdout.strip().split(": ", 1)[-1][:90]) if refused else "linted (not refused)"))
        log("5 MB file ...")
        t5, rss5, _ = measure(vfr(big5), args.runs_large, cwd=CORPUS, timeout=300)
        fig["big5"] = {"wall": t5, "maxrss_kb": rss5}
        rows.append(("5 MB file, linted", fmt_s(t5) if t5 else "timeout (> 300 s)",
                     f"max RSS {rss5 / 1024:.0f} MB" if t5 else ""))

    # 5. language server (as shipped: it lints each change at once, no debounce timer)
    lsp = None
    if lsp_available():
        log("language server ...")
        try:
            out = subprocess.run([PYTHON, str(BENCH / "lsp_latency.py"), "--edits", "20"],
                                 capture_output=True, text=True, timeout=300)
            lsp = json.loads(out.stdout.strip().splitlines()[-1]) if out.returncode == 0 else None
            if lsp is None:
                log("lsp_latency failed: " + out.stderr.strip()[-300:])
        except (subprocess.TimeoutExpired, IndexError, json.JSONDecodeError) as exc:
            log(f"lsp_latency failed: {exc}")
    fig["lsp"] = lsp
    relint = lsp
    if lsp is None:
        rows.append(("LSP didChange → publishDiagnostics (7 KB)", "n/a",
                     "src/vfr_lint/lsp.py not present" if not lsp_available() else "failed"))
    else:
        rows.append(("LSP didChange → publishDiagnostics (7 KB), as shipped", f"{lsp['median_ms']:.1f} ms",
                     f"median of 20 edits, {lsp['sync']} sync; the server lints each change at once; "
                     f"start-up (spawn → initialize answered) {lsp['startup_ms']:.0f} ms"))

    # 6. peers
    peers = None
    if not args.no_peers and compare.peers():
        log("peers ...")
        many = fig.get(f"1000 docs, --jobs {cores}" + (", no cache" if has_cache else ""), {}).get("wall")
        peers = compare.compare(args.runs, 3, vfr_single=cold, vfr_many=many, log=lambda m: log(m.strip()))
    fig["peers"] = peers

    # 7. targets
    targets = []
    if peers:
        targets += compare.targets(peers)
    else:
        targets += [("cold single file ≤ 0.25× textlint", "n/a", "n/a"), ("1000 docs ≤ 0.6× textlint", "n/a", "n/a")]
    targets.append((f"in-process 7 KB lint ≤ {TARGET_INPROCESS_MS:g} ms", f"{ip['total']:.2f} ms",
                    "met" if ip["total"] <= TARGET_INPROCESS_MS else "missed"))
    targets.append((f"LSP re-lint ≤ {TARGET_LSP_MS:g} ms", f"{relint['median_ms']:.1f} ms" if relint else "n/a",
                    ("met" if relint["median_ms"] <= TARGET_LSP_MS else "missed") if relint else "n/a"))
    fig["targets"] = targets

    fig["loadavg_end"] = _load()
    md = render(fig, rows, peers, targets, args)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(md, encoding="utf-8")
    args.output.with_suffix(".json").write_text(json.dumps(fig, indent=2, default=str), encoding="utf-8")
    print(md)
    log(f"written {args.output}")
    return 0


def _code_under_test(snapshot: str | None) -> str:
    """Describe (and with `snapshot`, extract and put first on PYTHONPATH) the code measured."""
    root = BENCH.parent

    def git(*a: str) -> str:
        return subprocess.run(["git", *a], cwd=root, capture_output=True, text=True).stdout.strip()

    if not snapshot:
        return "working tree " + (git("describe", "--always", "--dirty") or "(not a git checkout)")
    sha = git("rev-parse", "--verify", snapshot + "^{commit}")
    if not sha:
        raise SystemExit(f"run.py: no commit {snapshot!r}")
    dest = RESULTS / f"snapshot-{sha[:12]}"
    if not (dest / "src").is_dir():
        dest.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(["git", "archive", sha], cwd=root, capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)
    os.environ["PYTHONPATH"] = str(dest / "src") + (os.pathsep + os.environ["PYTHONPATH"] if os.environ.get("PYTHONPATH") else "")
    return f"snapshot of {sha[:12]} ({git('log', '-1', '--format=%s', sha)[:60]})"


def _load() -> str:
    try:
        return " ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "n/a"


def render(fig: dict, rows, peers, targets, args) -> str:
    head = (f"# vfr-lint benchmark\n\n{fig['date']} · {fig['cores']} cores (`os.cpu_count()`) · "
            f"Python {fig['python']} · {fig['machine']} · cache: {'yes' if fig['cache'] else 'n/a'} · "
            f"median of {args.runs} runs ({args.runs_large} for 10,000 documents and big files) · "
            f"code: {fig.get('code')} · load average at start {fig.get('loadavg_start')}, at end {fig.get('loadavg_end')} "
            f"(other work on the machine inflates the figures)\n")
    out = [head, "| figure | value | note |", "|---|---|---|"]
    out += [f"| {a} | {b} | {c} |" for a, b, c in rows]
    if peers:
        out += ["", "## Peers (ratio = vfr-lint time / peer time; < 1: vfr-lint faster)", "", compare.table(peers)]
    out += ["", "## Targets (2-core machine)", "", "| target | value | |", "|---|---|---|"]
    out += [f"| {a} | {b} | {c} |" for a, b, c in targets]
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    sys.exit(main())
