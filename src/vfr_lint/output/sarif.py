"""`sarif`: a SARIF 2.1.0 log with one run (for GitHub code scanning and other viewers).

Columns are Unicode code points (`columnKind`), 1-based, end exclusive, as in SARIF.
Relative paths stay relative, percent-encoded, against `%SRCROOT%`.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import PurePath
from typing import TYPE_CHECKING
from urllib.parse import quote

from vfr_lint.findings import Finding, Severity

from .full import split_lines

if TYPE_CHECKING:
    from . import Options, RuleInfo

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
FINGERPRINT = "vfrLint/v1"


def _information_uri() -> str | None:
    """The project's home page, from the installed package metadata, if it declares one."""
    from importlib import metadata

    try:
        md = metadata.metadata("vfr-lint")
    except metadata.PackageNotFoundError:
        return None
    for entry in md.get_all("Project-URL") or []:
        label, _, url = entry.partition(",")
        if label.strip().lower() in ("homepage", "home", "documentation", "source"):
            return url.strip()
    return md.get("Home-page") or None


def artifact_location(path: str) -> dict:
    p = PurePath(path)
    if p.is_absolute():
        return {"uri": p.as_uri()}
    return {"uri": quote(p.as_posix(), safe="/"), "uriBaseId": "%SRCROOT%"}


def _region(line: int, column: int, end_line: int, end_column: int) -> dict:
    line, column = max(line, 1), max(column, 1)
    end_line = max(end_line, line)
    end_column = max(end_column, column if end_line == line else 1)
    return {"startLine": line, "startColumn": column, "endLine": end_line, "endColumn": end_column}


def _descriptor(rule: RuleInfo) -> dict:
    d = {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary or rule.name},
        "fullDescription": {"text": rule.doc or rule.summary or rule.name},
        "defaultConfiguration": {"level": LEVEL[Severity(rule.severity)]},
    }
    if rule.doc:
        d["help"] = {"text": rule.doc, "markdown": rule.doc}
    if rule.url:
        d["helpUri"] = rule.url
    return d


def _fix(f: Finding) -> dict:
    assert f.fix is not None
    return {
        "description": {"text": f.fix.message or "fix available"},
        "artifactChanges": [
            {
                "artifactLocation": artifact_location(f.path),
                "replacements": [
                    {
                        "deletedRegion": _region(e.line, e.column, e.end_line, e.end_column),
                        "insertedContent": {"text": e.content},
                    }
                    for e in f.fix.edits
                ],
            }
        ],
        "properties": {"applicability": f.fix.applicability.value},
    }


def _fingerprint(f: Finding, text: str, seen: dict[str, int]) -> str:
    """Stable across line moves: rule, file and the text of the line, plus an occurrence
    counter for identical lines (like GitHub's primaryLocationLineHash)."""
    key = "\0".join((f.code, f.path, text.strip()))
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    seen[digest] = seen.get(digest, 0) + 1
    return f"{digest}:{seen[digest]}"


def _line(f: Finding, opts: Options, split: dict[str, list[str]]) -> str:
    """The stored line the finding starts on: from the finding, else from the sources."""
    if f.source_line or f.path not in opts.sources:
        return f.source_line
    if f.path not in split:
        split[f.path] = split_lines(opts.sources[f.path])
    lines = split[f.path]
    return lines[f.line - 1] if 1 <= f.line <= len(lines) else ""


def render(findings: list[Finding], opts: Options) -> str:
    from vfr_lint import __version__

    descriptors = [_descriptor(r) for r in opts.rules]
    index = {d["id"]: i for i, d in enumerate(descriptors)}
    seen: dict[str, int] = {}
    split: dict[str, list[str]] = {}
    results = []
    for f in findings:
        if f.code not in index:  # a rule the caller did not list: describe it minimally
            index[f.code] = len(descriptors)
            descriptors.append({"id": f.code, "name": f.name, "shortDescription": {"text": f.name}})
        result = {
            "ruleId": f.code,
            "ruleIndex": index[f.code],
            "level": LEVEL[Severity(f.severity)],
            "message": {"text": f.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": artifact_location(f.path),
                        "region": _region(f.line, f.column, f.end_line, f.end_column),
                    }
                }
            ],
            "partialFingerprints": {FINGERPRINT: _fingerprint(f, _line(f, opts, split), seen)},
        }
        if f.fix is not None and f.fix.edits:
            result["fixes"] = [_fix(f)]
        results.append(result)

    driver = {"name": "vfr-lint", "version": __version__}
    if uri := _information_uri():
        driver["informationUri"] = uri
    driver["rules"] = descriptors
    run = {"tool": {"driver": driver}, "columnKind": "unicodeCodePoints", "results": results}
    log = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
