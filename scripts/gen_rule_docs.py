"""Write docs/rules.md from the rules' own documentation (their docstrings).

Run after changing a rule: `python scripts/gen_rule_docs.py`. tests/test_docs.py fails
when the file is out of date."""

from __future__ import annotations

import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent.parent / "docs" / "rules.md"


def render() -> str:
    from vfr_lint.registry import all_rules

    builtin = [r for r in all_rules() if r.__module__.startswith("vfr_lint.")]
    lines = [
        "# vfr-lint rules",
        "",
        "Generated from the rules' documentation by `scripts/gen_rule_docs.py`; "
        "`vfr-lint rule CODE` prints the same text.",
        "",
        "| code | name | severity | fix | summary |",
        "|---|---|---|---|---|",
    ]
    for r in builtin:
        fix = r.fix.value if r.fix else ""
        sev = r.severity.value + (" (opt-in)" if r.opt_in else "")
        lines.append(f"| [{r.code}](#{r.code.lower()}) | {r.name} | {sev} | {fix} | {r.summary()} |")
    for r in builtin:
        fix = r.fix.value if r.fix else "none"
        lines += [
            "",
            f'<a id="{r.code.lower()}"></a>',
            f"## {r.code} {r.name}",
            "",
            f"Default severity: **{r.severity.value}**. Fix: **{fix}**." + (" *Opt-in.*" if r.opt_in else ""),
            "",
            r.doc(),
        ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    DOCS.write_text(render(), encoding="utf-8")
    print(f"wrote {DOCS}", file=sys.stderr)
