"""`json` (one indented array) and `json-lines` (one compact object per line) of
`Finding.to_dict()`: path, line, column, end_line, end_column, code, name, severity,
message, fix."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from vfr_lint.findings import Finding

if TYPE_CHECKING:
    from . import Options


def render(findings: list[Finding], opts: Options) -> str:
    if opts.fmt == "json-lines":
        return "".join(
            json.dumps(f.to_dict(), ensure_ascii=False, separators=(",", ":")) + "\n"
            for f in findings
        )
    return json.dumps([f.to_dict() for f in findings], indent=2, ensure_ascii=False) + "\n"
