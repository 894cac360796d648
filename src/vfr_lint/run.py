"""`vfr-lint check`: find the files, lint (and fix) each, report, choose the exit code.

`lint_file` does one file and returns a picklable FileResult, so files can be linted in
parallel worker processes with the same code as in-process.
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .api import RuleCrash, Settings, lint_source, unreadable_finding
from .findings import Finding
from .settings import Overrides


class UsageError(Exception):
    """Exit 2 with this one line."""


@dataclass
class CheckOptions:
    paths: list[str] = field(default_factory=list)
    output_format: str | None = None
    overrides: Overrides = field(default_factory=Overrides)
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
    exclude: list[str] = field(default_factory=list)
    extend_exclude: list[str] = field(default_factory=list)
    color: str = "auto"
    debug: bool = False


@dataclass
class FileResult:
    display: str
    findings: list[Finding] = field(default_factory=list)
    fixed: int = 0
    diff: str = ""
    fixed_text: bytes | None = None  # for stdin: the fixed document
    original: str | None = None  # kept for the `full` format's snippets
    errors: list[str] = field(default_factory=list)


def lint_file(path: Path | None, display: str, settings: Settings, mode: str, unsafe: bool, keep_original: bool, data: bytes | None = None) -> FileResult:
    """mode: "check" | "fix" | "diff". `data` is given for standard input."""
    from .api import read
    from .source import UnreadableError, source_from_bytes

    result = FileResult(display)

    def on_error(crash: RuleCrash) -> None:
        result.errors.append(str(crash))

    try:
        if data is not None:
            if len(data) > settings.max_file_size:
                raise UnreadableError(f"larger than the size limit ({settings.max_file_size} bytes)")
            source = source_from_bytes(data, display)
        else:
            source = read(path, settings, display)
    except UnreadableError as exc:
        result.findings = unreadable_finding(display, str(exc), settings)
        return result

    if mode in ("fix", "diff"):
        from .fix import fix_text, unified_diff, write_atomically
        from .source import encode

        fixed = fix_text(source, lambda s: lint_source(s, settings, on_error), unsafe=unsafe)
        if fixed.changed:
            result.fixed = fixed.applied
            if mode == "diff":
                result.diff = unified_diff(display, source.original, fixed.text)
            elif data is not None:
                result.fixed_text = encode(fixed.text, source)
            else:
                try:
                    write_atomically(path, encode(fixed.text, source))
                except OSError as exc:
                    result.errors.append(f"{display}: cannot write the fixed file: {exc.strerror or exc}")
                    return result
                source = fixed.source
        elif data is not None:
            result.fixed_text = data
        if mode == "fix":
            source = fixed.source
    result.findings = lint_source(source, settings, on_error)
    if keep_original and result.findings:
        result.original = source.original
    return result


def _lint_job(args) -> FileResult:
    return lint_file(*args)


class SettingsForFiles:
    """Config discovery per folder, settings resolved once per config file."""

    def __init__(self, opts: CheckOptions):
        self.opts = opts
        self._configs: dict = {}
        self._settings: dict = {}
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
        start = path if path.is_dir() else path.parent
        return config_for(start if str(start) else Path("."), self._configs)

    def settings(self, path: Path) -> Settings:
        from .settings import resolve

        config = self.config(path)
        key = id(config)
        if key not in self._settings:
            self._settings[key] = (config, resolve(config, self.opts.overrides))
        return self._settings[key][1]


def run_check(opts: CheckOptions) -> int:
    from .discovery import Candidate, discover
    from .output import render
    from .registry import rule_infos

    settings_for = SettingsForFiles(opts)
    fmt = opts.output_format or ("full" if sys.stdout.isatty() else "concise")
    mode = "diff" if opts.diff else ("fix" if (opts.fix or opts.fix_only) else "check")
    keep_original = fmt == "full"

    results: list[FileResult] = []
    stdin = opts.paths == ["-"] or (not opts.paths and opts.stdin_filename)
    if stdin:
        display = opts.stdin_filename or "-"
        settings = settings_for.settings(Path(display).resolve() if opts.stdin_filename else Path.cwd())
        data = sys.stdin.buffer.read()
        results.append(lint_file(None, display, settings, mode, opts.unsafe_fixes, keep_original, data))
    else:
        paths = opts.paths or ["."]
        for p in paths:
            if not os.path.lexists(p):
                raise UsageError(f"{p}: no such file or directory")
        base_config = settings_for.config(Path(paths[0]).resolve())
        include = list(base_config.include)
        exclude = list(opts.exclude or base_config.exclude) + list(base_config.extend_exclude) + opts.extend_exclude
        candidates: list[Candidate] = list(discover(paths, include, exclude))
        jobs = [
            (c.path, c.display, settings_for.settings(c.path.resolve()), mode, opts.unsafe_fixes, keep_original)
            for c in candidates
        ]
        results = _run_jobs(jobs, opts.jobs)

    findings = sorted((f for r in results for f in r.findings), key=lambda f: f.sort_key)
    errors = [e for r in results for e in r.errors]
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
        text = render(findings, fmt, rules=rule_infos(), color=color, show_fixes=opts.show_fixes, sources=sources)
        out.write(text)
    if opts.statistics:
        counts = Counter((f.code, f.name) for f in findings)
        for (code, name), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            out.write(f"{n:>6}  {code}  {name}\n")
    out.flush()

    fixed = sum(r.fixed for r in results)
    if not opts.quiet:
        _summary(findings, fixed, mode, len(results))
    for e in errors:
        print(f"vfr-lint: error: {e}", file=sys.stderr)
    if errors:
        return 2
    if opts.exit_zero or opts.fix_only or mode == "diff":
        return 1 if (mode == "diff" and fixed and not opts.exit_zero) else 0
    return 1 if findings else 0


def _run_jobs(jobs: list[tuple], n_jobs: int | None) -> list[FileResult]:
    workers = n_jobs or os.cpu_count() or 1
    if workers <= 1 or len(jobs) < 16:  # a process pool costs more than a few files
        return [lint_file(*j) for j in jobs]
    from concurrent.futures import ProcessPoolExecutor

    chunk = max(1, len(jobs) // (workers * 8))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(_lint_job, jobs, chunksize=chunk))


def _summary(findings: list[Finding], fixed: int, mode: str, files: int) -> None:
    parts = []
    if fixed:
        parts.append(f"{fixed} fixed")
    if mode == "check":
        fixable = sum(1 for f in findings if f.fix is not None)
        if findings:
            parts.append(f"{len(findings)} finding{'s' if len(findings) != 1 else ''} in {files} file{'s' if files != 1 else ''}")
            if fixable:
                parts.append(f"{fixable} fixable with --fix (or --unsafe-fixes)")
        else:
            parts.append(f"All checks passed ({files} file{'s' if files != 1 else ''})")
    elif findings:
        parts.append(f"{len(findings)} remaining")
    if parts:
        print("; ".join(parts) + ".", file=sys.stderr)
