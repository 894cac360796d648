"""vfr-lint beside its peers on the same corpus, as ratios (vfr-lint time / peer time).

    bash bench/setup_peers.sh        # once: textlint (npm), proselint + yamllint (PyPI)
    python bench/compare.py          # cold single file and 1000 documents

Peers and what they run:
  * textlint 15 with textlint-rule-no-todo (one light rule) on the same .txt files;
  * proselint (prose style checks, English) on the same .txt files;
  * yamllint on as many small YAML files (the minutes' metadata): it lints YAML
    only, so it is compared on an equivalent number of files, not on the same ones.
vfr-lint runs with all default rules and all cores (its default) and, when the CLI
has a cache, with --no-cache, so every file is really linted. A ratio below 1 means
vfr-lint is faster. Each figure is the median of several runs; output goes to
/dev/null for every tool.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import CORPUS, PEERS, VFR_LINT, cache_supported, fmt_ratio, fmt_s, measure  # noqa: E402

TEXTLINT = PEERS / "node_modules" / ".bin" / "textlint"
PROSELINT = PEERS / "venv" / "bin" / "proselint"
YAMLLINT = PEERS / "venv" / "bin" / "yamllint"

# Targets (2-core machine): vfr-lint / textlint.
TARGET_COLD = 0.25
TARGET_1000 = 0.6


def vfr_cmd(target: Path, jobs: int | None = None, cache: bool = False) -> list[str]:
    cmd = [VFR_LINT, "check", str(target), "-q", "--output-format", "concise"]
    if jobs:
        cmd += ["--jobs", str(jobs)]
    if not cache and cache_supported():
        cmd.append("--no-cache")
    return cmd


def peers() -> dict[str, dict]:
    """name -> {single: argv, many: argv, note} for the peers that are installed."""
    one = CORPUS / "n1" / "doc00000.txt"
    many = CORPUS / "n1000"
    out: dict[str, dict] = {}
    if TEXTLINT.exists():
        base = [str(TEXTLINT), "-c", str(PEERS / ".textlintrc.json"), "--format", "compact"]
        out["textlint"] = {"single": base + [str(one)], "many": base + [str(many)],
                           "note": "textlint-rule-no-todo, same .txt files"}
    if PROSELINT.exists():
        out["proselint"] = {"single": [str(PROSELINT), "check", str(one)], "many": [str(PROSELINT), "check", str(many)],
                            "note": "default checks, same .txt files"}
    if YAMLLINT.exists():
        out["yamllint"] = {"single": [str(YAMLLINT), str(CORPUS / "yaml1" / "doc00000.yaml")],
                           "many": [str(YAMLLINT), str(CORPUS / "yaml1000")],
                           "note": "1000 small YAML files (it lints YAML only)"}
    return out


def compare(runs: int = 5, runs_many: int = 3, vfr_single: float | None = None,
            vfr_many: float | None = None, log=print) -> dict:
    """Measure the peers (and vfr-lint unless its times are given). Returns a dict."""
    from corpus import write_set, write_yaml_set

    write_set(1)
    write_set(1000)
    write_yaml_set(1)
    write_yaml_set(1000)
    one = CORPUS / "n1" / "doc00000.txt"
    if vfr_single is None:
        log("  vfr-lint cold single file ...")
        vfr_single = measure(vfr_cmd(one), runs)[0]
    if vfr_many is None:
        log("  vfr-lint 1000 documents ...")
        vfr_many = measure(vfr_cmd(CORPUS / "n1000"), runs_many, timeout=600)[0]
    result = {"vfr-lint": {"single": vfr_single, "many": vfr_many}, "peers": {}}
    for name, spec in peers().items():
        log(f"  {name} cold single file ...")
        single = measure(spec["single"], runs, cwd=PEERS, timeout=120)[0]
        log(f"  {name} 1000 files ...")
        many = measure(spec["many"], runs_many, cwd=PEERS, timeout=600)[0]
        result["peers"][name] = {
            "single": single, "many": many, "note": spec["note"],
            "ratio_single": vfr_single / single if single and vfr_single else None,
            "ratio_many": vfr_many / many if many and vfr_many else None,
        }
    return result


def targets(result: dict) -> list[tuple[str, str, str]]:
    tl = result["peers"].get("textlint")
    if tl is None:
        return [("cold single file ≤ 0.25× textlint", "n/a", "n/a (textlint not installed)"),
                ("1000 docs ≤ 0.6× textlint", "n/a", "n/a (textlint not installed)")]
    out = []
    for label, key, limit in (("cold single file ≤ 0.25× textlint", "ratio_single", TARGET_COLD),
                              ("1000 docs ≤ 0.6× textlint", "ratio_many", TARGET_1000)):
        r = tl[key]
        out.append((label, fmt_ratio(r), "n/a" if r is None else ("met" if r <= limit else "missed")))
    return out


def table(result: dict) -> str:
    lines = ["| peer | what it runs | peer cold 1 file | vfr-lint / peer | peer 1000 files | vfr-lint / peer |",
             "|---|---|---|---|---|---|"]
    v = result["vfr-lint"]
    lines.append(f"| vfr-lint | all default rules, all cores, no cache | {fmt_s(v['single'])} | 1 | {fmt_s(v['many'])} | 1 |")
    for name, p in result["peers"].items():
        lines.append(f"| {name} | {p['note']} | {fmt_s(p['single'])} | {fmt_ratio(p['ratio_single'])} "
                     f"| {fmt_s(p['many'])} | {fmt_ratio(p['ratio_many'])} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5, help="runs per single-file figure (median)")
    ap.add_argument("--runs-many", type=int, default=3, help="runs per 1000-document figure (median)")
    args = ap.parse_args(argv)
    if not (TEXTLINT.exists() or PROSELINT.exists() or YAMLLINT.exists()):
        print("no peers installed: run `bash bench/setup_peers.sh` first", file=sys.stderr)
        return 2
    result = compare(args.runs, args.runs_many, log=lambda m: print(m, file=sys.stderr))
    print(table(result))
    print()
    for label, value, verdict in targets(result):
        print(f"{label}: {value} — {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
