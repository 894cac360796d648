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

The cache keeps itself bounded (prune): a hit refreshes its entry's modification
time, so that time is when the entry was last used. After a run that wrote entries,
entries unused for MAX_AGE_DAYS go, then the least recently used ones while the folder
holds more than MAX_BYTES (never those the run used), and folders of other entry
formats. A changed setting or vfr-lint version makes a new generation of entries; the
old one ages out instead of piling up. `clean` removes the whole cache.
"""

from __future__ import annotations

# hashlib, json, shutil and tempfile are imported where they are used: a run with
# --no-cache needs none of them, and together they cost ~8 ms of a cold start.
import os
import re
import sys
import time
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .findings import Applicability, Edit, Finding, Fix, Severity

if TYPE_CHECKING:
    from .api import Settings
    from .corpus import DocumentFacts

DEFAULT_DIR = ".vfr-lint-cache"
FORMAT = 3  # 2: entries hold the document's facts (corpus.py); 3: their lines compressed
_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# vfr-lint cache: see https://bford.info/cachedir/\n"
MAX_AGE_DAYS = 30  # an entry unused for this long is removed
MAX_BYTES = 256 * 2**20  # beyond this, the least recently used entries go first …
_LOW_WATER = 0.75  # … down to this share of it, so that the next runs need not prune again
_PRUNE_AFTER = 100  # entries written by a run that make a pruning due at once …
_PRUNE_EVERY = 24 * 3600  # … else at most once a day (a pruning reads every entry's size)
_STALE_TEMP = 3600  # a temporary file this old was left by a killed process


@lru_cache(maxsize=8)
def _code_stamp(files: tuple[str, ...]) -> str:
    """Name, size and modification time of the files the findings depend on."""
    import hashlib

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
    import hashlib
    import json

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
    import hashlib

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
        d["path"],
        d["line"],
        d["column"],
        d["end_line"],
        d["end_column"],
        d["code"],
        d["name"],
        Severity(d["severity"]),
        d["message"],
        fix,
        d.get("source_line", ""),
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
        import json

        from .corpus import DocumentFacts

        file = self._file(key)
        try:
            data = json.loads(file.read_bytes())
            if data.get("key") != key or data.get("format") != FORMAT:
                return None
            findings = [_finding_from_json(d) for d in data["findings"]]
            contexts = [str(c) for c in data["contexts"]]
            if len(contexts) != len(findings):
                return None
            facts = DocumentFacts.from_json(data["facts"]) if data.get("facts") is not None else None
        except Exception:  # noqa: BLE001 - a broken entry is a miss, never a crash
            return None
        try:
            os.utime(file)  # last used now: pruning removes the least recently used
        except OSError:
            pass  # a read-only cache still serves
        return findings, contexts, facts

    def put(self, key: str, findings: list[Finding], contexts: list[str], facts: DocumentFacts | None = None) -> None:
        import json
        import tempfile

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

    def prune_if_due(self, written: int, started: float) -> int:
        """Prune after a run that wrote `written` entries, when enough were written or
        the last pruning is a day old. `started`: when the run began (its entries stay)."""
        if written == 0:
            return 0  # the cache did not grow
        marker = self.directory / f"v{FORMAT}" / ".pruned"
        try:
            due = written >= _PRUNE_AFTER or time.time() - marker.stat().st_mtime > _PRUNE_EVERY
        except OSError:
            due = True  # never pruned
        if not due:
            return 0
        removed = self.prune(keep_since=started - 2)  # 2 s: file systems with coarse clocks
        try:
            marker.touch()
        except OSError:
            pass
        return removed

    def prune(
        self, max_age_days: float = MAX_AGE_DAYS, max_bytes: int = MAX_BYTES, keep_since: float | None = None
    ) -> int:
        """Remove entries unused for `max_age_days`, then the least recently used while
        the entries take more than `max_bytes` (down to 3/4 of it), sparing those used
        since `keep_since`; also other formats' folders and stale temporary files.
        Returns the number of entries removed. Errors are ignored (another process may
        be pruning too)."""
        import shutil

        now = time.time()
        removed = 0
        try:
            folders = list(os.scandir(self.directory))
        except OSError:
            return 0
        for folder in folders:  # entries of another format are never read again
            if (
                re.fullmatch(r"v\d+", folder.name)
                and folder.name != f"v{FORMAT}"
                and folder.is_dir(follow_symlinks=False)
            ):
                shutil.rmtree(folder.path, ignore_errors=True)
        entries: list[tuple[float, int, str]] = []  # (last used, size, path)
        for shard in _scandir(self.directory / f"v{FORMAT}"):
            if not shard.is_dir(follow_symlinks=False):
                continue
            for entry in _scandir(Path(shard.path)):
                try:
                    st = entry.stat(follow_symlinks=False)
                except OSError:
                    continue
                if entry.name.startswith(".tmp-"):
                    if now - st.st_mtime > _STALE_TEMP:
                        _unlink(entry.path)
                elif entry.name.endswith(".json"):
                    entries.append((st.st_mtime, st.st_size, entry.path))
        entries.sort()
        total = sum(size for _, size, _ in entries)
        old = now - max_age_days * 86400
        target = max_bytes * _LOW_WATER if total > max_bytes else total
        for used, size, path in entries:  # least recently used first
            if used >= old and total <= target:
                break
            if keep_since is not None and used >= keep_since:
                break  # used by this run (and all that follow are newer)
            if _unlink(path):
                removed += 1
                total -= size
        return removed


def _scandir(folder: Path) -> list[os.DirEntry]:
    try:
        return list(os.scandir(folder))
    except OSError:
        return []


def _unlink(path: str) -> bool:
    try:
        os.unlink(path)
        return True
    except OSError:
        return False


def clean(directory: str | Path) -> bool:
    """Remove the cache folder `directory` (`vfr-lint clean`). Only a folder vfr-lint
    made (its CACHEDIR.TAG) is removed, so a mistyped --cache-dir deletes nothing else.
    False when there was no such folder."""
    import shutil

    folder = Path(directory)
    try:
        tag = (folder / "CACHEDIR.TAG").read_text(encoding="utf-8")
    except OSError:
        return False
    if tag != _TAG:
        return False
    shutil.rmtree(folder, ignore_errors=True)
    return True
