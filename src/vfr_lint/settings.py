"""From user configuration (config file + command line or editor overrides) to the
`api.Settings` a lint run uses. Shared by the CLI and the language server."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .api import DEFAULT_MAX_FILE_SIZE, Settings
from .findings import Severity


class SettingsError(Exception):
    """A one-line, user-facing problem with selectors, profile or rule options."""


class Overrides:
    """What the command line (or an editor) says on top of the config file."""

    __slots__ = ("profile", "select", "ignore", "extend_select", "language")

    def __init__(
        self,
        profile: str | None = None,
        select: list[str] | None = None,
        ignore: list[str] | None = None,
        extend_select: list[str] | None = None,
        language: str | None = None,
    ):
        self.profile, self.select, self.language = profile, select, language
        self.ignore = [] if ignore is None else ignore
        self.extend_select = [] if extend_select is None else extend_select


def resolve(config: Any, overrides: Overrides | None = None) -> Settings:
    """`config` is a config.Config (or None for the defaults)."""
    from .profile import DEFAULT_PROFILE, ProfileError, load_profile
    from .registry import PluginError, SelectorError, find_rule, select_rules

    overrides = overrides or Overrides()
    where = f"{config.path}: " if config is not None and config.path else ""
    profile_name = overrides.profile or (config.profile if config else None) or DEFAULT_PROFILE
    try:
        profile = load_profile(profile_name)
    except ProfileError as exc:
        raise SettingsError(str(exc)) from None

    select = overrides.select if overrides.select is not None else (config.select if config else None)
    ignore = [*(config.ignore if config else []), *(config.extend_ignore if config else []), *overrides.ignore]
    extend = [*(config.extend_select if config else []), *overrides.extend_select]
    try:
        rules = select_rules(select, ignore, extend)
    except (SelectorError, PluginError) as exc:
        raise SettingsError(f"{where}{exc}") from None

    severities: dict[str, Severity] = {}
    options: dict[str, dict[str, Any]] = {}
    if config is not None:
        for selector, level in config.severity.items():
            matched = [r for r in rules if r.code.startswith(selector.upper()) or r.name == selector]
            for r in matched:
                severities[r.code] = Severity(level)
        for key, opts in config.rules.items():
            rule = find_rule(key)
            if rule is None:
                raise SettingsError(f"{where}rules.{key}: no such rule")
            unknown = sorted(set(opts) - set(rule.options))
            if unknown:
                known = ", ".join(sorted(rule.options)) or "none"
                raise SettingsError(f"{where}rules.{key}: unknown option '{unknown[0]}' (options: {known})")
            options[rule.code] = dict(opts)
    _validate_options(options, where)

    return Settings(
        profile=profile,
        rules=rules,
        language=overrides.language or (config.language if config else "sv"),
        severities=severities,
        options=options,
        per_file_ignores=dict(config.per_file_ignores) if config else {},
        max_file_size=config.max_file_size if config else DEFAULT_MAX_FILE_SIZE,
        root=config.root if config else Path.cwd(),
    )


def _validate_options(options: dict[str, dict[str, Any]], where: str) -> None:
    """Each rule declares the values its options accept; the framework checks them."""
    from .registry import find_rule

    for code, opts in options.items():
        rule = find_rule(code)
        for key, value in opts.items():
            allowed = rule.option_choices.get(key) if rule else None
            if allowed is not None and value not in allowed:
                choices = ", ".join(str(a) for a in allowed)
                raise SettingsError(f"{where}rules.{code}.{key}: expected one of {choices}, got {value!r}")
