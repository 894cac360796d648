"""Baselines: accept today's findings, report only new ones.

`vfr-lint check --write-baseline .vfr-lint-baseline.json PATHS` records every finding by
a fingerprint; `--baseline FILE` (or the config key `baseline`) then reports only the
findings that are not in it.

A fingerprint survives edits elsewhere in the file: it is made of the rule code, the
file's path (relative to the baseline file) and the text, white space collapsed, of the
finding's line and of the nearest non-blank line above and below it, never the line
number. Identical fingerprints are counted, so a second identical finding is new.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .findings import Finding

if TYPE_CHECKING:
    from .source import Source

VERSION = 1


class BaselineError(Exception):
    """The baseline file cannot be read or is not a vfr-lint baseline (one line)."""


def finding_context(source: Source | None, finding: Finding) -> str:
    """The text a fingerprint is made of, apart from code and path: the finding's line
    and its nearest non-blank neighbours (Source.line_context)."""
    return "" if source is None else source.line_context(finding.line)


def fingerprint(code: str, path_key: str, context: str) -> str:
    import hashlib  # here, not at the top: most runs never make a fingerprint

    data = "\0".join((code, path_key, context)).encode("utf-8", "surrogatepass")
    return hashlib.sha256(data).hexdigest()[:20]


def path_key(path: str, baseline_dir: Path) -> str:
    """The path as stored in a baseline: relative to the baseline's folder, with `/`."""
    absolute = os.path.abspath(path)
    try:
        rel = os.path.relpath(absolute, baseline_dir)
    except ValueError:  # another drive (Windows)
        rel = absolute
    return Path(rel).as_posix()


@dataclass(frozen=True, slots=True)
class Keyed:
    """A finding with what a baseline needs to know of it."""

    finding: Finding
    path: str  # path_key
    fingerprint: str


def keyed(findings: Iterable[Finding], contexts: Iterable[str], path: str, baseline_dir: Path) -> list[Keyed]:
    key = path_key(path, baseline_dir)
    return [Keyed(f, key, fingerprint(f.code, key, c)) for f, c in zip(findings, contexts, strict=True)]


# --- the file ---------------------------------------------------------------------------
def _model():
    from typing import Annotated

    from pydantic import BaseModel, ConfigDict, Field

    class Entry(BaseModel):
        model_config = ConfigDict(extra="forbid", strict=True)
        path: Annotated[str, Field(min_length=1)]
        code: Annotated[str, Field(pattern=r"^[A-Z]+\d+$")]
        fingerprint: Annotated[str, Field(pattern=r"^[0-9a-f]{20}$")]
        count: Annotated[int, Field(ge=1)] = 1
        line: Annotated[int, Field(ge=1)] | None = None  # for people reading the file
        message: str = ""

    class File(BaseModel):
        model_config = ConfigDict(extra="forbid", strict=True)
        version: int
        entries: list[Entry]

    return File


@dataclass
class Baseline:
    path: Path
    counts: Counter[tuple[str, str]]  # (path_key, fingerprint) -> count
    codes: dict[tuple[str, str], str] = field(default_factory=dict)  # (path_key, fingerprint) -> code

    @property
    def directory(self) -> Path:
        return self.path.parent


def load(path: str | Path) -> Baseline:
    """Read and validate a baseline. Raises BaselineError with a one-line message."""
    import json

    p = Path(os.path.abspath(path))
    shown = str(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise BaselineError(f"baseline {shown}: cannot read: {exc.strerror or exc}") from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BaselineError(f"baseline {shown}: not valid JSON: {exc}".replace("\n", " ")) from None
    counts = parse(data, shown)
    codes = {(e["path"], e["fingerprint"]): e["code"] for e in data["entries"]}  # valid: parse checked it
    return Baseline(p, counts, codes)


def parse(data: object, shown: str = "") -> Counter[tuple[str, str]]:
    """Validate a baseline's JSON data: (path, fingerprint) -> count. Raises BaselineError."""
    from pydantic import ValidationError

    if isinstance(data, dict) and data.get("version", VERSION) != VERSION:
        raise BaselineError(f"baseline {shown}: version {data.get('version')!r} is not supported (expected {VERSION})")
    try:
        model = _model().model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(x) for x in err["loc"]) or "(top level)"
        raise BaselineError(f"baseline {shown}: {where}: {err['msg']}") from None
    counts: Counter[tuple[str, str]] = Counter()
    for e in model.entries:
        counts[(e.path, e.fingerprint)] += e.count
    return counts


def dump(items: Iterable[Keyed]) -> str:
    """The baseline file's text for these findings (sorted, stable, one entry per
    distinct fingerprint with its count)."""
    import json

    entries: dict[tuple[str, str], dict] = {}
    for k in items:
        e = entries.get((k.path, k.fingerprint))
        if e is None:
            f = k.finding
            entries[(k.path, k.fingerprint)] = {
                "path": k.path, "code": f.code, "fingerprint": k.fingerprint,
                "count": 1, "line": max(f.line, 1), "message": f.message,
            }
        else:
            e["count"] += 1
    ordered = sorted(entries.values(), key=lambda e: (e["path"], e["line"], e["code"], e["fingerprint"]))
    return json.dumps({"version": VERSION, "entries": ordered}, ensure_ascii=False, indent=2) + "\n"


def write(path: str | Path, items: Iterable[Keyed]) -> int:
    """Write the baseline atomically; returns the number of findings recorded."""
    from .fix import write_atomically

    items = list(items)
    target = Path(path)
    if target.parent and not target.parent.exists():
        raise BaselineError(f"baseline {path}: folder {target.parent} does not exist")
    try:
        write_atomically(target, dump(items).encode("utf-8"))
    except OSError as exc:
        raise BaselineError(f"baseline {path}: cannot write: {exc.strerror or exc}") from None
    return len(items)


def apply(baseline: Baseline, items: list[Keyed]) -> list[Finding]:
    """The findings not in the baseline (each baseline entry absorbs `count` findings)."""
    remaining = Counter(baseline.counts)
    new: list[Finding] = []
    for k in items:
        key = (k.path, k.fingerprint)
        if remaining[key] > 0:
            remaining[key] -= 1
        else:
            new.append(k.finding)
    return new


def stale(baseline: Baseline, items: list[Keyed], linted_paths: set[str], skip_codes: tuple[str, ...] = ()) -> int:
    """Baseline findings of the linted files that no longer occur (entries for files
    not linted in this run are not counted, nor those whose code starts with one of
    `skip_codes`)."""
    seen = Counter((k.path, k.fingerprint) for k in items)
    return sum(
        max(0, count - seen[key]) for key, count in baseline.counts.items()
        if key[0] in linted_paths and not (skip_codes and baseline.codes.get(key, "").startswith(skip_codes))
    )
