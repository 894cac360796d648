"""`vfr-lint check`: find the files, lint (and fix) each, report, choose the exit code.

`lint_file` does one FileJob and returns a picklable FileResult, so files can be linted
in parallel worker processes with the same code as in-process. Results come back in
the order of the jobs, whatever the number of processes. In check mode the cache
(cache.py) is consulted first, in this process. Each result also carries the document's
facts; once all files are linted, the checks across documents (corpus.py, VFR9xx) run
on them. A baseline (baseline.py) filters the findings of all files at the end.
"""

from __future__ import annotations

import os
import sys
import time
from collections import Counter
from pathlib import Path

from .api import RuleCrash, Settings, lint_document, lint_source, unreadable_finding
from .cache import DEFAULT_DIR as DEFAULT_CACHE_DIR
from .cache import Cache
from .cache import entry_key as cache_entry_key
from .corpus import DocumentFacts
from .findings import Applicability, Finding
from .settings import Overrides


class UsageError(Exception):
    """Exit 2 with this one line."""


class CheckOptions:
    """What `vfr-lint check` was asked to do (cli._check fills it in by keyword).

    A plain class: a dataclass costs the cold start about 2 ms to define."""

    paths: list[str]
    output_format: str | None = None
    overrides: Overrides
    stdin_filename: str | None = None
    config_file: str | None = None
    isolated: bool = False
    fix: bool = False
    unsafe_fixes: bool = False
    diff: bool = False
    fix_only: bool = False
    show_fixes: bool = False
    exit_zero: bool = False
    quiet: bool = False
    statistics: bool = False
    jobs: int | None = None
    exclude: list[str]
    extend_exclude: list[str]
    color: str = "auto"
    debug: bool = False
    baseline: str | None = None
    write_baseline: str | None = None
    cache_dir: str | None = None
    no_cache: bool = False

    def __init__(self, **options):
        self.paths, self.exclude, self.extend_exclude = [], [], []
        self.overrides = Overrides()
        for name, value in options.items():
            if name not in CheckOptions.__annotations__:
                raise TypeError(f"CheckOptions() got an unexpected keyword argument {name!r}")
            setattr(self, name, value)


class FileResult:
    """One per linted file, all held to the end of the run (so slotted)."""

    __slots__ = ("display", "findings", "contexts", "fixed", "diff", "fixed_text", "original", "errors", "cached",
                 "facts")

    def __init__(self, display: str):
        self.display = display
        self.findings: list[Finding] = []
        self.contexts: list[str] = []  # per finding, for baselines (empty without one)
        self.fixed = 0
        self.diff = ""
        self.fixed_text: bytes | None = None  # for stdin: the fixed document
        self.original: str | None = None  # kept for the `full` format's snippets
        self.errors: list[str] = []
        self.cached = False
        self.facts: DocumentFacts | None = None  # for the checks across documents (corpus.py)


class FileJob:
    """One file to lint; picklable, so it can go to a worker process."""

    __slots__ = ("path", "display", "settings", "mode", "unsafe", "keep_original", "data", "cache", "settings_key",
                 "contexts", "facts")

    def __init__(
        self,
        path: Path | None,
        display: str,
        settings: Settings,
        mode: str = "check",  # "check" | "fix" | "diff"
        unsafe: bool = False,
        keep_original: bool = False,
        data: bytes | None = None,  # standard input
        cache: Cache | None = None,  # only in "check" mode
        settings_key: str = "",
        contexts: bool = True,  # keep the findings' baseline contexts (only a baseline needs them)
        facts: bool = True,  # gather the document's facts (only the checks across documents and the cache use them)
    ):
        self.path, self.display, self.settings, self.mode = path, display, settings, mode
        self.unsafe, self.keep_original, self.data, self.cache = unsafe, keep_original, data, cache
        self.settings_key, self.contexts, self.facts = settings_key, contexts, facts


def _read_bytes(path: Path, limit: int) -> bytes:
    """The file's bytes, or UnreadableError (VFR003). Only regular files are read: a
    named pipe or a device would block or never end."""
    import stat

    from .source import UnreadableError

    try:
        st = path.stat()
        if stat.S_ISDIR(st.st_mode):
            raise UnreadableError("is a directory")
        if not stat.S_ISREG(st.st_mode):
            raise UnreadableError("not a regular file (a named pipe, socket or device)")
        if st.st_size > limit:
            raise UnreadableError(f"file is larger than the size limit ({limit} bytes)")
        return path.read_bytes()
    except OSError as exc:
        raise UnreadableError(exc.strerror or str(exc)) from None


def _resolved(path: Path) -> Path:
    """The real path, where config discovery starts; a symbolic-link loop or an
    unreadable folder leaves the absolute path (the file is then reported as VFR003)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return Path(os.path.abspath(path))


def lint_file(job: FileJob) -> FileResult:
    from .source import UnreadableError, source_from_bytes

    settings, display, mode = job.settings, job.display, job.mode
    result = FileResult(display)

    def on_error(crash: RuleCrash) -> None:
        result.errors.append(str(crash))

    try:
        if job.data is not None:
            data = job.data
            if len(data) > settings.max_file_size:
                raise UnreadableError(f"larger than the size limit ({settings.max_file_size} bytes)")
        else:
            data = _read_bytes(job.path, settings.max_file_size)
        key = None
        if job.cache is not None and mode == "check":
            key = cache_entry_key(data, str(job.path), display, job.settings_key)
            if _from_cache(job, key, data, result):
                return result
        source = source_from_bytes(data, display)
    except UnreadableError as exc:
        result.findings = unreadable_finding(display, str(exc), settings)
        result.contexts = [""] * len(result.findings)
        return result

    if mode in ("fix", "diff"):
        from .fix import fix_text, unified_diff, write_atomically
        from .source import encode

        fixed = fix_text(source, lambda s: lint_source(s, settings, on_error), unsafe=job.unsafe)
        if fixed.changed:
            result.fixed = fixed.applied
            if mode == "diff":
                result.diff = unified_diff(display, source.original, fixed.text)
            elif job.data is not None:
                result.fixed_text = encode(fixed.text, source)
            else:
                try:
                    write_atomically(job.path, encode(fixed.text, source))
                except OSError as exc:
                    result.errors.append(f"{display}: cannot write the fixed file: {exc.strerror or exc}")
                    return result
        elif job.data is not None:
            result.fixed_text = job.data
        if mode == "fix":
            source = fixed.source
    result.findings, doc = lint_document(source, settings, on_error)
    if job.contexts or key is not None:  # a baseline needs them, and so does the cache entry
        result.contexts = [source.line_context(f.line) for f in result.findings]
    if job.facts and source.text.strip():
        from .corpus import document_facts, wanted

        if wanted(settings):
            try:
                result.facts = document_facts(doc, source, settings)
            except Exception as exc:  # noqa: BLE001 - reported like a crashed rule
                result.errors.append(f"checks across documents failed on {display}: {type(exc).__name__}: {exc}")
    if key is not None and not result.errors:
        job.cache.put(key, result.findings, result.contexts, result.facts)
    if not job.contexts:
        result.contexts = []  # results are held to the end of the run: keep them small
    if job.keep_original and result.findings:
        result.original = source.original
    return result


class SettingsForFiles:
    """Config discovery per folder, settings resolved once per config file."""

    def __init__(self, opts: CheckOptions):
        self.opts = opts
        self._configs: dict = {}
        self._settings: dict = {}
        self._keys: dict[int, str] = {}
        self._explicit = None
        if opts.config_file:
            from .config import load_config

            self._explicit = load_config(Path(opts.config_file))

    def config(self, path: Path):
        from .config import Config, config_for

        if self._explicit is not None:
            return self._explicit
        if self.opts.isolated:
            return Config()
        # config_for takes a file and looks from its folder up; a folder stands for a
        # file in it.
        return config_for(path / "-" if path.is_dir() else path, self._configs)

    def settings(self, path: Path) -> Settings:
        from .settings import resolve

        config = self.config(path)
        key = id(config)
        if key not in self._settings:
            self._settings[key] = (config, resolve(config, self.opts.overrides))
        return self._settings[key][1]

    def settings_key(self, settings: Settings) -> str:
        from .cache import settings_key

        key = id(settings)
        if key not in self._keys:
            self._keys[key] = settings_key(settings)
        return self._keys[key]


def run_check(opts: CheckOptions) -> int:
    from .discovery import Candidate, discover
    from .output import RULE_FORMATS, render
    from .registry import rule_infos

    started = time.time()
    settings_for = SettingsForFiles(opts)
    fmt = opts.output_format or ("full" if sys.stdout.isatty() else "concise")
    mode = "diff" if opts.diff else ("fix" if (opts.fix or opts.fix_only) else "check")
    keep_original = fmt == "full"
    if opts.jobs is not None and opts.jobs < 0:
        raise UsageError(f"--jobs must be 0 (all cores) or more, got {opts.jobs}")

    stdin = opts.paths == ["-"] or (not opts.paths and opts.stdin_filename)
    paths = opts.paths or ["."]
    if stdin:
        base = _resolved(Path(opts.stdin_filename)) if opts.stdin_filename else Path.cwd()
    else:
        for p in paths:
            if not os.path.lexists(p):
                raise UsageError(f"{p}: no such file or directory")
        base = _resolved(Path(paths[0]))
    base_config = settings_for.config(base)
    baseline = _load_baseline(opts, base_config)
    cache = None
    if mode == "check" and not opts.no_cache:
        cache = Cache(opts.cache_dir or base_config.cache_dir or Path(base_config.root) / DEFAULT_CACHE_DIR)

    jobs: list[FileJob] = []
    if stdin:
        display = opts.stdin_filename or "-"
        jobs.append(FileJob(None, display, settings_for.settings(base), mode, opts.unsafe_fixes, keep_original,
                            data=sys.stdin.buffer.read(), facts=False))  # one document: no checks across documents
        results = [lint_file(jobs[0])]
    else:
        include = list(base_config.include)
        exclude = list(opts.exclude or base_config.exclude) + list(base_config.extend_exclude) + opts.extend_exclude
        candidates: list[Candidate] = list(discover(paths, include, exclude))
        for c in candidates:
            settings = settings_for.settings(_resolved(c.path))
            key = settings_for.settings_key(settings) if cache is not None else ""
            jobs.append(FileJob(c.path, c.display, settings, mode, opts.unsafe_fixes, keep_original, None, cache, key,
                                contexts=baseline is not None or bool(opts.write_baseline),
                                facts=cache is not None or len(candidates) > 1))
        results = _run_jobs(jobs, opts.jobs if opts.jobs is not None else base_config.jobs, quiet=opts.quiet)

    if cache is not None:  # keep the cache bounded: see cache.py
        cache.prune_if_due(sum(j.cache is not None and not r.cached for j, r in zip(jobs, results, strict=True)), started)
    if mode != "diff":
        _add_corpus_findings(jobs, results, settings_for)
    errors = [e for r in results for e in r.errors]
    if opts.write_baseline:
        where = Path(os.path.abspath(opts.write_baseline)).parent
        return _write_baseline(opts.write_baseline, _keyed(jobs, results, where), errors)
    if baseline is not None:
        findings = _not_in_baseline(baseline, jobs, results, opts.quiet)
    else:
        findings = sorted((f for r in results for f in r.findings), key=lambda f: f.sort_key)
    out = sys.stdout

    if mode == "diff":
        out.write("".join(r.diff for r in results))
    elif stdin and mode == "fix" and results[0].fixed_text is not None:
        sys.stdout.buffer.write(results[0].fixed_text)
        sys.stdout.flush()
        out = sys.stderr  # the fixed document owns standard output
    if mode == "check" or (mode == "fix" and not opts.fix_only):
        sources = {r.display: r.original for r in results if r.original is not None}
        color = opts.color == "always" or (opts.color == "auto" and out.isatty() and not os.environ.get("NO_COLOR"))
        rules = rule_infos() if fmt in RULE_FORMATS else []
        text = render(findings, fmt, rules=rules, color=color, show_fixes=opts.show_fixes, sources=sources)
        out.write(text)
    if opts.statistics:
        counts = Counter((f.code, f.name) for f in findings)
        for (code, name), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            out.write(f"{n:>6}  {code}  {name}\n")
    out.flush()

    fixed = sum(r.fixed for r in results)
    if not opts.quiet:
        _summary(findings, fixed, mode, len(results), opts.unsafe_fixes)
    for e in errors:
        print(f"vfr-lint: error: {e}", file=sys.stderr)
    if errors:
        return 2
    if opts.exit_zero or opts.fix_only or mode == "diff":
        return 1 if (mode == "diff" and fixed and not opts.exit_zero) else 0
    return 1 if findings else 0


def _add_corpus_findings(jobs: list[FileJob], results: list[FileResult], settings_for: SettingsForFiles) -> None:
    """The findings across documents (VFR9xx), added to the results of their files
    (with their baseline contexts), so baselines and output treat them like any other."""
    from .corpus import check_corpus

    facts = {r.display: r.facts for r in results if r.facts is not None}
    if len(facts) < 2:
        return
    by_display = {r.display: (job, r) for job, r in zip(jobs, results, strict=True)}
    found = check_corpus(facts, jobs[0].settings, lambda display: by_display[display][0].settings)
    for finding, context in found:
        job, result = by_display[finding.path]
        result.findings.append(finding)
        if job.contexts:
            result.contexts.append(context)
        if job.keep_original and result.original is None and job.path is not None:
            _load_original(job, result)


def _load_original(job: FileJob, result: FileResult) -> None:
    """The stored text for the `full` format's snippets, of a file that had no findings
    of its own (so it was not kept)."""
    from .source import UnreadableError, source_from_bytes

    try:
        result.original = source_from_bytes(_read_bytes(job.path, job.settings.max_file_size), job.display).original
    except (UnreadableError, UnicodeError):
        pass


def _shown(path: Path) -> str:
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if rel.startswith(os.pardir) else rel


def _load_baseline(opts: CheckOptions, config):
    """The baseline to compare with (--baseline, else the config's), or None. Not read
    when a new one is being written."""
    path = opts.baseline or config.baseline
    if opts.write_baseline or not path:
        return None
    from .baseline import BaselineError, load

    try:
        return load(path)
    except BaselineError as exc:
        raise UsageError(str(exc)) from None


def _keyed(jobs: list[FileJob], results: list[FileResult], where: Path) -> list:
    from .baseline import keyed

    return [
        k for job, r in zip(jobs, results, strict=True)
        for k in keyed(r.findings, r.contexts, str(job.path) if job.path is not None else job.display, where)
    ]


def _not_in_baseline(baseline, jobs: list[FileJob], results: list[FileResult], quiet: bool) -> list[Finding]:
    """The findings the baseline does not hold; says on stderr how many of its entries
    for the linted files no longer occur."""
    from .baseline import apply, path_key, stale

    items = _keyed(jobs, results, baseline.directory)
    linted = {path_key(str(j.path) if j.path is not None else j.display, baseline.directory) for j in jobs}
    # Findings across documents (VFR9xx) depend on which files are linted together: a
    # run of one document cannot tell whether its VFR9xx entries still occur.
    together = sum(r.facts is not None for r in results) >= 2
    gone = stale(baseline, items, linted, () if together else ("VFR9",))
    if gone and not quiet:
        print(f"vfr-lint: {gone} baseline finding{'s' if gone != 1 else ''} no longer occur{'s' if gone == 1 else ''}"
              f" (rewrite {_shown(baseline.path)} with --write-baseline)", file=sys.stderr)
    return sorted(apply(baseline, items), key=lambda f: f.sort_key)


def _write_baseline(path: str, keyed, errors: list[str]) -> int:
    from .baseline import BaselineError, write

    for e in errors:
        print(f"vfr-lint: error: {e}", file=sys.stderr)
    if errors:  # a baseline missing a crashed rule's findings would hide them later
        print(f"vfr-lint: error: baseline {path} not written", file=sys.stderr)
        return 2
    try:
        n = write(path, keyed)
    except BaselineError as exc:
        raise UsageError(str(exc)) from None
    print(f"vfr-lint: wrote {n} finding{'s' if n != 1 else ''} to the baseline {path}", file=sys.stderr)
    return 0


def _from_cache(job: FileJob, key: str, data: bytes, result: FileResult) -> bool:
    """Fill `result` from the cache entry `key`; False on a miss."""
    from .source import source_from_bytes

    hit = job.cache.get(key)
    if hit is None:
        return False
    result.findings, result.contexts, result.facts = hit
    if not job.contexts:
        result.contexts = []
    result.cached = True
    if job.keep_original and result.findings:
        result.original = source_from_bytes(data, job.display).original
    return True


def _cached(job: FileJob) -> FileResult | None:
    """The result from the cache, looked up in this process (cheaper than sending the
    file to a worker); None on a miss or when the file cannot be read (the worker that
    lints it reports that)."""
    from .source import UnreadableError

    try:
        data = _read_bytes(job.path, job.settings.max_file_size)
        result = FileResult(job.display)
        if _from_cache(job, cache_entry_key(data, str(job.path), job.display, job.settings_key), data, result):
            return result
    except (UnreadableError, UnicodeError):
        pass
    return None


def _lint_chunk(jobs: list[FileJob]) -> list[FileResult]:
    return [lint_file(j) for j in jobs]


def _run_jobs(jobs: list[FileJob], n_jobs: int | None, quiet: bool = False) -> list[FileResult]:
    """Lint in worker processes (all cores unless `n_jobs`); results in the jobs' order."""
    from .progress import Progress

    workers = n_jobs or os.cpu_count() or 1
    results: list[FileResult | None] = [None] * len(jobs)
    with Progress(len(jobs), enabled=not quiet) as progress:
        todo = []
        for i, job in enumerate(jobs):
            results[i] = _cached(job) if job.cache is not None and job.mode == "check" else None
            if results[i] is None:
                todo.append(i)
        progress.advance(len(jobs) - len(todo))
        done = None
        if workers > 1 and len(todo) >= 16:  # a process pool costs more than a few files
            try:
                done = _in_pool([jobs[i] for i in todo], workers, progress)
            except (OSError, ImportError, NotImplementedError):
                pass  # no process support here (e.g. no semaphores): lint in this process
        if done is None:
            done = []
            for i in todo:
                done.append(lint_file(jobs[i]))
                progress.advance()
        for i, result in zip(todo, done, strict=True):
            results[i] = result
    return results


def _in_pool(jobs: list[FileJob], workers: int, progress) -> list[FileResult]:
    from concurrent.futures import ProcessPoolExecutor

    size = max(1, min(64, len(jobs) // (workers * 8)))
    chunks = [jobs[i : i + size] for i in range(0, len(jobs), size)]
    results: list[FileResult] = []
    with ProcessPoolExecutor(max_workers=min(workers, len(chunks))) as pool:
        for part in pool.map(_lint_chunk, chunks):
            for r in part:
                if r.facts is not None:
                    r.facts.shared()  # unpickled copies; the facts are held to the end of the run
            results.extend(part)
            progress.advance(len(part))
    return results


def _summary(findings: list[Finding], fixed: int, mode: str, files: int, unsafe: bool = False) -> None:
    parts = []
    if fixed:
        parts.append(f"{fixed} fixed")
    if mode == "check":
        if findings:
            parts.append(f"{len(findings)} finding{'s' if len(findings) != 1 else ''} in {files} file{'s' if files != 1 else ''}")
            safe = sum(1 for f in findings if f.fix is not None and f.fix.applicability is Applicability.SAFE)
            risky = sum(1 for f in findings if f.fix is not None and f.fix.applicability is not Applicability.SAFE)
            if unsafe and safe + risky:
                parts.append(f"{safe + risky} fixable with --fix --unsafe-fixes")
            elif safe and risky:
                parts.append(f"{safe} fixable with --fix, {risky} more with --unsafe-fixes")
            elif safe:
                parts.append(f"{safe} fixable with --fix")
            elif risky:
                parts.append(f"{risky} fixable with --fix --unsafe-fixes")
        else:
            parts.append(f"All checks passed ({files} file{'s' if files != 1 else ''})")
    elif findings:
        parts.append(f"{len(findings)} remaining")
    if parts:
        print("; ".join(parts) + ".", file=sys.stderr)
