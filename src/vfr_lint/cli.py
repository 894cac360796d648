"""Command line: argument parsing and dispatch only. Imports are lazy so that
`vfr-lint --version` and `vfr-lint rule CODE` start fast."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

COMMANDS = ("check", "rules", "rule", "parse", "lsp", "example", "clean")
OUTPUT_FORMATS = ("full", "concise", "text", "json", "json-lines", "sarif", "github", "junit")


def _split(values: list[str] | None) -> list[str] | None:
    if values is None:
        return None
    return [v.strip() for chunk in values for v in chunk.split(",") if v.strip()]


def _columns() -> int:
    """shutil.get_terminal_size().columns, without importing shutil (it imports bz2 and
    lzma: some 7 ms of every run, as argparse makes a formatter for each argument)."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


class _Formatter(argparse.HelpFormatter):
    def __init__(self, prog, indent_increment=2, max_help_position=24, width=None):
        super().__init__(prog, indent_increment, max_help_position, _columns() - 2 if width is None else width)


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser (and, being its type, every subcommand's) with _Formatter."""

    def __init__(self, *args, formatter_class=_Formatter, **kwargs):
        super().__init__(*args, formatter_class=formatter_class, **kwargs)


def _parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser; given the `command` about to be parsed, only that subcommand gets its
    arguments (each subparser costs a cold run ~0.5 ms, mostly argparse's gettext calls)."""
    from . import __version__

    def wanted(name: str) -> bool:
        return command is None or command == name

    parser = _Parser(
        prog="vfr-lint",
        description="Lint Swedish council minutes (minnesanteckningar, protokoll).",
        epilog="`vfr-lint PATH...` is short for `vfr-lint check PATH...`.",
    )
    parser.add_argument("--version", action="version", version=f"vfr-lint {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    if wanted("check"):
        _check_parser(sub.add_parser("check", help="lint files and folders (the default command)"))
    if wanted("rules"):
        rules = sub.add_parser("rules", help="list the rules")
        rules.add_argument("--output-format", choices=("text", "json"), default="text")
    if wanted("rule"):
        rule = sub.add_parser("rule", help="show a rule's documentation")
        rule.add_argument("code", metavar="CODE_OR_NAME")
    if wanted("parse"):
        parse = sub.add_parser("parse", help="print a document's syntax tree as JSON")
        parse.add_argument("file", nargs="?", help="the minutes file ('-' for standard input)")
        parse.add_argument("--schema", action="store_true", help="print the JSON Schema of the tree instead")
        parse.add_argument("--profile")
    if wanted("lsp"):
        sub.add_parser("lsp", help="start the language server on standard input/output")
    if wanted("example"):
        sub.add_parser("example", help="print the path of the bundled example minutes")
    if wanted("clean"):
        clean = sub.add_parser("clean", help="remove the cache of findings (the one a check here would use)")
        clean.add_argument("--cache-dir", metavar="DIR", help="remove this cache folder instead")
    return parser


def _check_parser(check: argparse.ArgumentParser) -> None:
    check.add_argument("paths", nargs="*", metavar="PATH", help="files or folders; '-' reads standard input")
    check.add_argument("--example", action="store_true", help="lint the example minutes shipped with vfr-lint")
    sel = check.add_argument_group("rule selection (codes, prefixes such as VFR2, or names; comma separated)")
    sel.add_argument("--select", action="append", help="use exactly these rules")
    sel.add_argument("--ignore", action="append", help="do not use these rules")
    sel.add_argument("--extend-select", action="append", help="use these rules too")
    check.add_argument("--profile", help="a built-in profile name or a path to a .toml rule pack")
    check.add_argument("--config", dest="config_file", metavar="FILE", help="use this config file, no discovery")
    check.add_argument("--isolated", action="store_true", help="ignore all config files")
    check.add_argument("--lang", choices=("sv", "en"), help="language of the messages (default: sv)")
    out = check.add_argument_group("output")
    out.add_argument("--output-format", choices=OUTPUT_FORMATS, help="default: full on a terminal, else concise")
    out.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    out.add_argument("--statistics", action="store_true", help="count findings per rule")
    out.add_argument("-q", "--quiet", action="store_true", help="no summary line")
    out.add_argument("--exit-zero", action="store_true", help="exit 0 even when findings are reported")
    fx = check.add_argument_group("fixes")
    fx.add_argument("--fix", action="store_true", help="apply safe fixes")
    fx.add_argument("--unsafe-fixes", action="store_true", help="with --fix or --diff: apply unsafe fixes too")
    fx.add_argument("--diff", action="store_true", help="print the fixes as a diff; change nothing")
    fx.add_argument("--fix-only", action="store_true", help="apply fixes and report nothing else")
    fx.add_argument("--show-fixes", action="store_true", help="show each finding's fix")
    files = check.add_argument_group("files")
    files.add_argument("--stdin-filename", help="the name standard input is reported under")
    files.add_argument("--exclude", action="append", help="glob patterns to skip (replaces the config's)")
    files.add_argument("--extend-exclude", action="append", help="glob patterns to skip as well")
    files.add_argument("-j", "--jobs", type=int, help="worker processes (default: all cores)")
    files.add_argument("--cache-dir", metavar="DIR", help="where to cache findings (default: .vfr-lint-cache)")
    files.add_argument("--no-cache", action="store_true", help="do not read or write the cache")
    bl = check.add_argument_group("baseline")
    bl.add_argument("--baseline", metavar="FILE", help="report only findings not recorded in this baseline")
    bl.add_argument("--write-baseline", metavar="FILE", help="record the current findings in FILE and report nothing")
    check.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] not in COMMANDS and argv[0] not in ("-h", "--help", "--version"):
        argv.insert(0, "check")
    args = _parser(argv[0] if argv and argv[0] in COMMANDS else None).parse_args(argv)
    debug = getattr(args, "debug", False)
    try:
        return _dispatch(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 1
    except Exception as exc:  # noqa: BLE001 - the contract: one line, exit 2, no traceback
        if debug:
            raise
        print(f"vfr-lint: error: {_one_line(exc)}", file=sys.stderr)
        return 2


def _one_line(exc: BaseException) -> str:
    from .config import ConfigError
    from .profile import ProfileError
    from .run import UsageError
    from .settings import SettingsError

    if isinstance(exc, (ConfigError, ProfileError, SettingsError, UsageError)):
        return str(exc)
    return f"internal error: {type(exc).__name__}: {exc} (run with --debug for details)".replace("\n", " ")


def _dispatch(args) -> int:
    if args.command is None:
        _parser().print_help()
        return 2
    if args.command == "check":
        return _check(args)
    if args.command == "rules":
        return _list_rules(args.output_format)
    if args.command == "rule":
        return _show_rule(args.code)
    if args.command == "parse":
        return _parse(args)
    if args.command == "lsp":
        from .lsp import main as lsp_main

        return lsp_main()
    if args.command == "example":
        print(_example_path())
        return 0
    if args.command == "clean":
        return _clean(args.cache_dir)
    return 2


def _clean(cache_dir: str | None) -> int:
    """Remove the cache `vfr-lint check` would use from here (as `ruff clean`). Only a
    folder vfr-lint made itself is removed (cache.clean checks its tag)."""
    from . import cache
    from .config import config_for

    config = config_for(Path.cwd() / "-", {})
    folder = Path(cache_dir or config.cache_dir or Path(config.root) / cache.DEFAULT_DIR)
    print(f"removed {folder}" if cache.clean(folder) else f"no vfr-lint cache at {folder}")
    return 0


def _example_path() -> str:
    from .resources import folder

    return str(folder("examples") / "minnesanteckningar.txt")


def _check(args) -> int:
    from .run import CheckOptions, run_check
    from .settings import Overrides

    paths = list(args.paths)
    if args.example:
        paths.append(_example_path())
    opts = CheckOptions(
        paths=paths,
        output_format=args.output_format,
        overrides=Overrides(
            profile=args.profile,
            select=_split(args.select),
            ignore=_split(args.ignore) or [],
            extend_select=_split(args.extend_select) or [],
            language=args.lang,
        ),
        stdin_filename=args.stdin_filename,
        config_file=args.config_file,
        isolated=args.isolated,
        fix=args.fix,
        unsafe_fixes=args.unsafe_fixes,
        diff=args.diff,
        fix_only=args.fix_only,
        show_fixes=args.show_fixes,
        exit_zero=args.exit_zero,
        quiet=args.quiet,
        statistics=args.statistics,
        jobs=args.jobs,
        exclude=_split(args.exclude) or [],
        extend_exclude=_split(args.extend_exclude) or [],
        color=args.color,
        debug=args.debug,
        baseline=args.baseline,
        write_baseline=args.write_baseline,
        cache_dir=args.cache_dir,
        no_cache=args.no_cache,
    )
    return run_check(opts)


def _list_rules(fmt: str) -> int:
    from .registry import rule_infos

    infos = rule_infos()
    if fmt == "json":
        import json

        data = [
            {"code": r.code, "name": r.name, "severity": r.severity.value, "summary": r.summary,
             "fix": r.fix, "opt_in": r.opt_in, "url": r.url}
            for r in infos
        ]
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    for r in infos:
        flags = ("fix" if r.fix else "") + (" opt-in" if r.opt_in else "")
        print(f"{r.code}  {r.name:<26} {r.severity.value:<8} {flags.strip():<11} {r.summary}")
    return 0


def _show_rule(code: str) -> int:
    from .registry import find_rule

    rule = find_rule(code)
    if rule is None:
        print(f"vfr-lint: error: no rule '{code}' (see 'vfr-lint rules')", file=sys.stderr)
        return 2
    fix = rule.fix.value if rule.fix else "none"
    print(f"# {rule.code} {rule.name}\n\nSeverity: {rule.severity.value}. Fix: {fix}."
          + (" Opt-in." if rule.opt_in else "") + f"\n\n{rule.doc()}")
    return 0


def _parse(args) -> int:
    from .ast import document_adapter

    if args.schema:
        import json

        print(json.dumps(document_adapter().json_schema(), ensure_ascii=False, indent=2))
        return 0
    if not args.file:
        print("vfr-lint: error: parse needs a FILE (or --schema)", file=sys.stderr)
        return 2
    from .api import parse_document
    from .profile import DEFAULT_PROFILE, load_profile
    from .source import UnreadableError, read_source, source_from_bytes

    try:
        if args.file == "-":
            source = source_from_bytes(sys.stdin.buffer.read(), "-")
        else:
            source = read_source(args.file)
    except UnreadableError as exc:
        print(f"vfr-lint: error: {args.file}: {exc}", file=sys.stderr)
        return 2
    doc = parse_document(source, load_profile(args.profile or DEFAULT_PROFILE).organisations)
    sys.stdout.write(document_adapter().dump_json(doc, indent=2).decode("utf-8") + "\n")
    return 0
