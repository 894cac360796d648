"""Finding the rules (entry-point group `vfr_lint.rules`) and selecting among them.

Built-in rules are registered in pyproject.toml through the same entry-point group a
third-party package uses. An entry point names a module (every Rule subclass in it
with a `code` is taken) or a Rule class. Only installed distributions are consulted:
nothing is ever imported from the working directory.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from .rule import Rule

ENTRY_POINT_GROUP = "vfr_lint.rules"
_CODE = re.compile(r"^[A-Z]+\d+$")


class SelectorError(ValueError):
    pass


class PluginError(Exception):
    pass


def _rules_in(obj) -> list[type[Rule]]:
    if isinstance(obj, type):
        return [obj] if issubclass(obj, Rule) and getattr(obj, "code", None) else []
    found = []
    for value in vars(obj).values():
        if isinstance(value, type) and issubclass(value, Rule) and value is not Rule and getattr(value, "code", None):
            if value.__module__ == obj.__name__:
                found.append(value)
    return found


class _EntryPoint:
    __slots__ = ("name", "value")

    def __init__(self, name: str, value: str):
        self.name, self.value = name, value

    def load(self):
        import importlib

        module, _, attr = self.value.partition(":")
        obj = importlib.import_module(module.strip())
        for part in attr.strip().split(".") if attr.strip() else ():
            obj = getattr(obj, part)
        return obj


def _normalise_dist(folder: str) -> str:
    name = folder.rsplit(".", 1)[0].split("-")[0]
    return re.sub(r"[-_.]+", "-", name).lower()


def entry_points(group: str) -> list[_EntryPoint]:
    """The entry points of `group` in the distributions installed on sys.path.

    What importlib.metadata does, reading only `*.dist-info/entry_points.txt`: importing
    importlib.metadata costs a cold run some 60 ms (email, zipfile, csv ...). The first
    distribution of a name on sys.path wins, as in importlib.metadata."""
    import os
    import sys

    found: list[_EntryPoint] = []
    seen: set[str] = set()
    for entry in sys.path:
        try:
            names = sorted(os.listdir(entry or "."))
        except OSError:
            continue
        for folder in names:
            if not folder.endswith((".dist-info", ".egg-info")):
                continue
            dist = _normalise_dist(folder)
            if dist in seen:
                continue
            seen.add(dist)
            try:
                with open(os.path.join(entry, folder, "entry_points.txt"), encoding="utf-8") as f:
                    text = f.read()
            except OSError:
                continue
            found.extend(_parse_entry_points(text, group))
    return found


def _parse_entry_points(text: str, group: str) -> list[_EntryPoint]:
    points, current = [], None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1].strip()
        elif current == group and "=" in line:
            name, _, value = line.partition("=")
            points.append(_EntryPoint(name.strip(), value.strip()))
    return points


@lru_cache(maxsize=1)
def all_rules() -> tuple[type[Rule], ...]:
    rules: dict[str, type[Rule]] = {}
    for ep in entry_points(ENTRY_POINT_GROUP):
        try:
            loaded = ep.load()
        except Exception as exc:  # a broken plugin must not take the linter down silently
            raise PluginError(f"rule plugin '{ep.name}' ({ep.value}) failed to load: {exc}") from None
        for rule in _rules_in(loaded):
            if not _CODE.match(rule.code):
                raise PluginError(f"rule plugin '{ep.name}': invalid code {rule.code!r}")
            other = rules.get(rule.code)
            if other is not None and other is not rule:
                raise PluginError(f"rule code {rule.code} is defined twice ({other.__module__} and {rule.__module__})")
            rules[rule.code] = rule
    return tuple(sorted(rules.values(), key=lambda r: r.code))


def find_rule(code_or_name: str) -> type[Rule] | None:
    key = code_or_name.strip()
    for rule in all_rules():
        if rule.code.upper() == key.upper() or rule.name == key.lower():
            return rule
    return None


def _matches(selector: str, rule: type[Rule]) -> bool:
    s = selector.strip()
    if s.upper() == "ALL":
        return True
    if s[:1].isupper() or s[:1].isdigit():
        return rule.code.startswith(s.upper())
    return rule.name == s


def _explicit(selector: str, rule: type[Rule]) -> bool:
    """Opt-in rules are enabled only by their code, their name, or a family prefix."""
    s = selector.strip().upper()
    return _matches(selector, rule) and s not in ("ALL", "VFR")


def validate_selectors(selectors: Iterable[str], what: str = "selector") -> None:
    rules = all_rules()
    for s in selectors:
        if not any(_matches(s, r) for r in rules):
            raise SelectorError(f"{what} '{s}' matches no rule (see 'vfr-lint rules')")


def select_rules(
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    extend_select: list[str] | None = None,
) -> list[type[Rule]]:
    """ruff's semantics: `select` replaces the default set, `extend_select` adds to it,
    `ignore` removes; the most specific selector wins is not needed at this size."""
    rules = all_rules()
    validate_selectors([*(select or []), *(ignore or []), *(extend_select or [])])
    if select is None:
        chosen = [r for r in rules if not r.opt_in]
    else:
        chosen = [r for r in rules if any((_explicit(s, r) if r.opt_in else _matches(s, r)) for s in select)]
    for s in extend_select or []:
        chosen += [r for r in rules if r not in chosen and (_explicit(s, r) if r.opt_in else _matches(s, r))]
    ignored = ignore or []
    return [r for r in rules if r in chosen and not any(_matches(s, r) for s in ignored)]


class RuleInfo:
    """What output formats need to know of a rule (code, name, severity, docs)."""

    __slots__ = ("code", "name", "severity", "summary", "doc", "url", "opt_in", "fix")

    def __init__(self, rule: type[Rule]):
        self.code, self.name, self.severity = rule.code, rule.name, rule.severity
        self.summary, self.doc, self.url = rule.summary(), rule.doc(), rule.url()
        self.opt_in = rule.opt_in
        self.fix = rule.fix.value if rule.fix else None


def rule_infos() -> list[RuleInfo]:
    return [RuleInfo(r) for r in all_rules()]
