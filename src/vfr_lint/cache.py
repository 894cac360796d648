"""A cache of findings, keyed by content and configuration.

An entry's key is a hash of the file's bytes, its path, the vfr-lint version and a
fingerprint of the resolved settings (selected rules, profile, options, language,
severities, per-file ignores) and of the code that produced the findings (so an edited
rule in a development checkout does not serve stale results). Entries are JSON files
in the cache folder (default `.vfr-lint-cache/` next to the config file, or in the
current folder), written atomically. An entry that cannot be read is ignored and
replaced; the cache never makes a run fail. It is not used with --fix or --diff.
An entry also holds the document's facts for the checks across documents (corpus.py),
so a cached file takes part in them without being parsed again.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .findings import Applicability, Edit, Finding, Fix, Severity

if TYPE_CHECKING:
    from .api import Settings
    from .corpus import DocumentFacts

DEFAULT_DIR = ".vfr-lint-cache"
FORMAT = 2  # 2: entries hold the document's facts (corpus.py)
_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# vfr-lint cache: see https://bford.info/cachedir/\n"


@lru_cache(maxsize=8)
def _code_stamp(files: tuple[str, ...]) -> str:
    """Name, size and modification time of the files the findings depend on."""
    h = hashlib.sha256()
    for name in files:
        try:
            st = os.stat(name)
        except OSError:
            continue
        h.update(f"{name}\0{st.st_size}\0{st.st_mtime_ns}\n".encode("utf-8", "surrogateescape"))
    return h.hexdigest()


def _code_files(settings: Settings) -> tuple[str, ...]:
    package = Path(__file__).parent
    files = {str(p) for p in package.rglob("*.py")}
    try:
        from .resources import folder

        files.update(str(p) for p in folder("grammar").glob("*"))
    except Exception:  # noqa: BLE001 - only a finer key; the version is still in it
        pass
    for rule in settings.rules:  # plugins live outside the package
        module = sys.modules.get(rule.__module__)
        name = getattr(module, "__file__", None)
        if name:
            files.add(name)
    return tuple(sorted(files))


def settings_key(settings: Settings) -> str:
    """A fingerprint of everything besides the file that decides its findings."""

    def plain(value: Any) -> Any:
        return value.value if hasattr(value, "value") else repr(value)

    data = {
        "format": FORMAT,
        "version": __version__,
        "code": _code_stamp(_code_files(settings)),
        "rules": [f"{r.code} {r.__module__}.{r.__qualname__}" for r in settings.rules],
        "profile": repr(settings.profile),  # every field of the (dataclass) profile
        "language": settings.language,
        "severities": {k: v.value for k, v in sorted(settings.severities.items())},
        "options": settings.options,
        "per_file_ignores": settings.per_file_ignores,
        "max_file_size": settings.max_file_size,
        "root": str(settings.root) if settings.root is not None else None,
    }
    text = json.dumps(data, sort_keys=True, default=plain, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


def entry_key(data: bytes, path: str, display: str, settings_key: str) -> str:
    h = hashlib.sha256()
    for part in (settings_key, os.path.abspath(path), display):
        h.update(part.encode("utf-8", "surrogateescape"))
        h.update(b"\0")
    h.update(data)
    return h.hexdigest()


def _finding_to_json(f: Finding) -> dict:
    d = f.to_dict()
    d["source_line"] = f.source_line
    return d


def _finding_from_json(d: dict) -> Finding:
    fix = None
    if d["fix"] is not None:
        fx = d["fix"]
        edits = tuple(Edit(e["line"], e["column"], e["end_line"], e["end_column"], e["content"]) for e in fx["edits"])
        fix = Fix(Applicability(fx["applicability"]), edits, fx.get("message", ""))
    return Finding(
        d["path"], d["line"], d["column"], d["end_line"], d["end_column"], d["code"], d["name"],
        Severity(d["severity"]), d["message"], fix, d.get("source_line", ""),
    )


class Cache:
    """Read and write entries in one folder. Picklable (it is only a path), so worker
    processes open their own."""

    def __init__(self, directory: str | Path):
        self.directory = Path(directory)

    def _file(self, key: str) -> Path:
        return self.directory / f"v{FORMAT}" / key[:2] / f"{key}.json"

    def get(self, key: str) -> tuple[list[Finding], list[str], DocumentFacts | None] | None:
        """(findings, their baseline contexts, the document's facts or None), or None on
        a miss or a broken entry."""
        from .corpus import DocumentFacts

        try:
            data = json.loads(self._file(key).read_bytes())
            if data.get("key") != key or data.get("format") != FORMAT:
                return None
            findings = [_finding_from_json(d) for d in data["findings"]]
            contexts = [str(c) for c in data["contexts"]]
            if len(contexts) != len(findings):
                return None
            facts = DocumentFacts.from_json(data["facts"]) if data.get("facts") is not None else None
            return findings, contexts, facts
        except Exception:  # noqa: BLE001 - a broken entry is a miss, never a crash
            return None

    def put(self, key: str, findings: list[Finding], contexts: list[str], facts: DocumentFacts | None = None) -> None:
        target = self._file(key)
        data = {
            "key": key,
            "format": FORMAT,
            "findings": [_finding_to_json(f) for f in findings],
            "contexts": contexts,
            "facts": facts.to_json() if facts is not None else None,
        }
        try:
            self._prepare(target.parent)
            fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=target.parent)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    json.dump(data, handle, ensure_ascii=False)
                os.replace(tmp, target)
            except BaseException:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass
                raise
        except (OSError, ValueError, TypeError):
            pass  # a cache that cannot be written is no cache, not an error

    def _prepare(self, folder: Path) -> None:
        if folder.is_dir():
            return
        folder.mkdir(parents=True, exist_ok=True)
        ignore = self.directory / ".gitignore"
        if not ignore.exists():  # keep the cache out of version control and backups
            ignore.write_text("# created by vfr-lint\n*\n", encoding="utf-8")
            (self.directory / "CACHEDIR.TAG").write_text(_TAG, encoding="utf-8")
