"""User configuration: finding the config file, reading it, validating it.

Sources, looked for from the linted file's directory (the cwd for stdin) up to the
filesystem root; the first directory holding one of them wins, checked in this order:

* ``.vfr-lint.toml``, ``vfr-lint.toml``: settings as top-level keys;
* ``pyproject.toml``: settings in ``[tool.vfr-lint]``; a pyproject without that table is
  skipped and the walk goes on.

There is no merging: the one file found is the whole configuration.

Keys are kebab-case in the files and snake_case attributes on :class:`Config`. Rule
selectors are checked for their form only here; resolving them against the rule registry
(and checking per-rule options) is done later by whoever knows the rules.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from .records import field, fields, record, replace

if TYPE_CHECKING:  # pydantic is imported only when a config file is loaded
    from pydantic import ValidationError

__all__ = [
    "CONFIG_FILE_NAMES",
    "Config",
    "ConfigError",
    "config_for",
    "discover_config",
    "find_config_file",
    "load_config",
]

CONFIG_FILE_NAMES = (".vfr-lint.toml", "vfr-lint.toml", "pyproject.toml")
_PYPROJECT = "pyproject.toml"
_TABLE = ("tool", "vfr-lint")


class ConfigError(Exception):
    """One-line, user-facing: ``'<file>: <key>: <problem>'``."""


@record(frozen=True)
class Config:
    """The settings of one config file (or the defaults). Immutable.

    ``select`` is None when the file does not set it (meaning: the profile's / default
    selection), as opposed to ``[]`` (select nothing).

    A frozen record (records.py: dataclass-like), cheap to import and build; a file's content is validated by
    :class:`vfr_lint.config_schema.ConfigSchema` (pydantic) in :func:`load_config`.
    """

    profile: str | None = None
    select: list[str] | None = None
    ignore: list[str] = field(default_factory=list)
    extend_select: list[str] = field(default_factory=list)
    extend_ignore: list[str] = field(default_factory=list)
    include: list[str] = field(default_factory=lambda: ["*.txt", "*.md"])
    exclude: list[str] = field(default_factory=lambda: [".git", ".venv", "node_modules", "__pycache__"])
    extend_exclude: list[str] = field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    severity: dict[str, Literal["error", "warning", "info"]] = field(default_factory=dict)
    language: Literal["sv", "en"] = "sv"
    max_file_size: int = 10_000_000
    cache_dir: str | None = None
    baseline: str | None = None
    jobs: int | None = None
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)

    # Not settable from a file.
    path: Path | None = None
    root: Path = field(default_factory=Path.cwd)


_NOT_FROM_FILE = frozenset({"path", "root"})


def _kebab(name: str) -> str:
    return name.replace("_", "-")


def _file_keys() -> list[str]:
    return [_kebab(name) for name in fields(Config) if name not in _NOT_FROM_FILE]


# --------------------------------------------------------------------------- discovery


def _start_dir(start: Path) -> Path:
    start = Path(os.path.abspath(start))
    try:
        return start if start.is_dir() else start.parent
    except OSError:
        return start.parent


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:
        return False


# Every way TOML can spell the key tool.vfr-lint: a [tool.vfr-lint] header or dotted
# key (either part quoted or not), or a [tool] table or `tool = {...}` that may hold it.
_TOOL_TABLE = re.compile(
    r"""["']?tool["']?\s*\.\s*["']?vfr-lint|^\s*\[\s*["']?tool["']?\s*\]|^\s*["']?tool["']?\s*=""", re.M
)


def _may_hold_table(text: str) -> bool:
    """Could this pyproject configure vfr-lint? Most that name it only list it as a
    dependency: no need to import tomllib (~7 ms) and parse them."""
    return "vfr-lint" in text and _TOOL_TABLE.search(text) is not None


def _pyproject_has_table(path: Path) -> bool:
    """True if the pyproject has [tool.vfr-lint] -- or mentions vfr-lint but is not valid
    TOML, so that load_config reports the error rather than it being silently skipped.
    An unreadable pyproject is skipped (we cannot tell whether it is ours)."""
    try:
        text = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    if not _may_hold_table(text):
        return False
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return True
    tool = data.get("tool")
    return isinstance(tool, dict) and "vfr-lint" in tool


def _config_in(directory: Path) -> Path | None:
    for name in CONFIG_FILE_NAMES:
        candidate = directory / name
        if not _is_file(candidate):
            continue
        if name != _PYPROJECT or _pyproject_has_table(candidate):
            return candidate
    return None


def find_config_file(start: Path) -> Path | None:
    """The config file that applies to `start` (a directory, or a file: its directory),
    as an absolute path, or None."""
    directory = _start_dir(start)
    for d in (directory, *directory.parents):
        found = _config_in(d)
        if found is not None:
            return found
    return None


# --------------------------------------------------------------------------- loading


def _display(path: Path) -> str:
    """The path relative to the cwd when below it, else absolute."""
    absolute = os.path.abspath(path)
    try:
        rel = os.path.relpath(absolute)
    except ValueError:  # other drive on Windows
        return absolute
    return absolute if rel == os.pardir or rel.startswith(os.pardir + os.sep) else rel


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def _dotted(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
            continue
        key = part if _BARE_KEY.fullmatch(part) else '"' + part.replace('"', '\\"') + '"'
        out += f".{key}" if out else key
    return out


def _toml_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    for kind, name in ((float, "float"), (str, "string"), (list, "array"), (dict, "table")):
        if isinstance(value, kind):
            return name
    return "date/time"


def _got(value: Any) -> str:
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return f"{_toml_type(value)} {value}"
    return _toml_type(value)


# What a whole key expects, when the problem is its type.
_TOP_EXPECTED = {
    "per-file-ignores": "a table of glob = [selectors]",
    "severity": 'a table of selector = "error" | "warning" | "info"',
    "rules": "a table of per-rule option tables",
    "max-file-size": "a positive integer (bytes)",
    "jobs": "a positive integer",
}
_EXPECTED = {
    "string_type": "a string",
    "list_type": "a list of strings",
    "dict_type": "a table",
    "int_type": "an integer",
}


def _problem(err: dict[str, Any], top: bool) -> str:
    kind = err["type"]
    ctx = err.get("ctx") or {}
    value = err.get("input")
    if kind == "value_error" and "error" in ctx:
        return str(ctx["error"])
    if kind in _EXPECTED:
        key = err["loc"][0] if err["loc"] else None
        expected = (_TOP_EXPECTED.get(key) if top else None) or _EXPECTED[kind]
        return f"expected {expected}, got {_got(value)}"
    if kind == "literal_error":
        return f"expected {ctx.get('expected')}, got {_got(value)}"
    if kind == "greater_than":
        return f"must be greater than {ctx.get('gt')}, got {_got(value)}"
    if kind == "greater_than_equal":
        return f"must be at least {ctx.get('ge')}, got {_got(value)}"
    msg = str(err.get("msg", kind))
    return msg[:1].lower() + msg[1:]


def _one_line(exc: ValidationError, shown: str, prefix: tuple[str, ...]) -> str:
    errors = exc.errors()
    err = errors[0]
    loc = tuple(err["loc"])
    if "[key]" in loc:  # a bad dict key: point at the table, the message names the key
        loc = loc[: loc.index("[key]") - 1]
    if err["type"] == "extra_forbidden":  # backstop; unknown keys are caught before
        where = _dotted(prefix + loc[:-1])
        line = f"{shown}: {where + ': ' if where else ''}unknown key {loc[-1]!r}"
    else:
        where = _dotted(prefix + loc)
        problem = _problem(err, top=len(loc) == 1)
        line = f"{shown}: {where}: {problem}" if where else f"{shown}: {problem}"
    return line + _more(len(errors) - 1)


def _more(n: int) -> str:
    return f" (and {n} more problem{'s' if n > 1 else ''})" if n else ""


def _read_toml(path: Path, shown: str) -> dict[str, Any]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{shown}: cannot read: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ConfigError(f"{shown}: invalid TOML: not UTF-8 (line {line})") from None
    import tomllib  # ~7 ms: only when there is a file to read

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        m = re.search(r"\s*\(at line (\d+), column \d+\)\s*$", msg)
        if m:
            line, msg = int(m.group(1)), msg[: m.start()]
        else:  # "(at end of document)"
            msg = re.sub(r"\s*\(at end of document\)\s*$", "", msg)
            line = text.count("\n") + (0 if text.endswith("\n") or not text else 1)
            line = max(line, 1)
        raise ConfigError(f"{shown}: invalid TOML: {msg} (line {line})") from None


def _unknown_keys(data: dict[str, Any], shown: str, prefix: tuple[str, ...]) -> None:
    known = _file_keys()
    unknown = [k for k in data if k not in known]
    if not unknown:
        return
    import difflib  # only on the error path

    key = unknown[0]
    close = difflib.get_close_matches(key.replace("_", "-"), known, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    where = f"{_dotted(prefix)}: " if prefix else ""
    raise ConfigError(f"{shown}: {where}unknown key {key!r}{hint}{_more(len(unknown) - 1)}")


def _looks_like_path(profile: str) -> bool:
    return profile.endswith(".toml") or "/" in profile or "\\" in profile or profile[0] in "~."


def _resolve(root: Path, value: str) -> str:
    return os.path.normpath(root / os.path.expanduser(value))


def load_config(path: Path) -> Config:
    """Read and validate one config file (a ``pyproject.toml`` is read from its
    ``[tool.vfr-lint]`` table; a pyproject without the table gives the defaults).

    Relative paths in ``profile`` (when it names a file rather than a built-in
    profile), ``cache-dir`` and ``baseline`` are resolved against the file's directory.
    Raises ConfigError."""
    path = Path(os.path.abspath(path))
    shown = _display(path)
    data = _read_toml(path, shown)
    prefix: tuple[str, ...] = ()
    if path.name == _PYPROJECT:
        prefix = _TABLE
        for depth in (1, 2):
            if not isinstance(data, dict):
                break
            data = data.get(_TABLE[depth - 1], {})
            if not isinstance(data, dict):
                raise ConfigError(f"{shown}: {_dotted(_TABLE[:depth])}: expected a table, got {_got(data)}")
    _unknown_keys(data, shown, prefix)
    root = path.parent
    from .config_schema import ConfigSchema, ValidationError  # pydantic: slow to import

    try:
        checked = ConfigSchema.model_validate({**data, "path": path, "root": root})
    except ValidationError as exc:
        raise ConfigError(_one_line(exc, shown, prefix)) from None
    config = Config(**checked.set_values())

    update: dict[str, Any] = {}
    if config.profile is not None and _looks_like_path(config.profile):
        pack = _resolve(root, config.profile)
        if not os.path.isfile(pack):
            where = _dotted(prefix + ("profile",))
            raise ConfigError(f"{shown}: {where}: rule pack not found: {pack}")
        update["profile"] = pack
    for name in ("cache_dir", "baseline"):
        value = getattr(config, name)
        if value is not None:
            update[name] = _resolve(root, value)
    return replace(config, **update) if update else config


def discover_config(start: Path) -> Config:
    """The configuration for `start` (a directory, or a file: its directory); the
    defaults with ``root`` = cwd when no config file is found. Raises ConfigError."""
    found = find_config_file(start)
    return load_config(found) if found is not None else Config(root=Path.cwd())


def config_for(path: Path, cache: dict) -> Config:
    """discover_config for the file `path` (need not exist; its directory is used),
    memoised in `cache` per directory and per config file, for linting many files.
    Pass the same (initially empty) dict each time; treat its content as opaque.
    Raises ConfigError (not cached)."""
    directory = Path(os.path.abspath(path)).parent
    visited: list[Path] = []
    d = directory
    while True:
        if d in cache:
            config = cache[d]
            break
        visited.append(d)
        found = _config_in(d)
        if found is not None:
            key = ("file", found)
            if key not in cache:
                cache[key] = load_config(found)
            config = cache[key]
            break
        if d.parent == d:
            if ("default",) not in cache:
                cache[("default",)] = Config(root=Path.cwd())
            config = cache[("default",)]
            break
        d = d.parent
    for v in visited:
        cache[v] = config
    return config
