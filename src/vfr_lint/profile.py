"""Profiles: the rule packs in `rules/*.toml` that say what one council's minutes hold.

A profile is data, never code: TOML. The built-in profiles are shipped, trusted data and
are read straight into the records below (a test validates each of them with the
schema); a user's profile (a path) is validated first by the pydantic model in
:mod:`vfr_lint.profile_schema`, imported only then (pydantic is slow to import).
Regular expressions in a user's profile are checked for nested quantifiers that could
backtrack catastrophically.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Literal

from . import resources
from .records import field, record

DEFAULT_PROFILE = "valfardsradet"


class ProfileError(Exception):
    """One line for the user: which file, which key, what is wrong."""


def _check_regex(pattern: str) -> str:
    try:
        re.compile(pattern)
    except re.error as exc:
        raise ValueError(f"not a valid regular expression: {exc}") from None
    if _may_backtrack(pattern):
        raise ValueError("nested quantifiers can make matching take forever; simplify the pattern")
    return pattern


def _may_backtrack(pattern: str) -> bool:
    """True if an unbounded repeat contains another repeat or an alternation: the shapes
    that make a backtracking engine take exponential time ((a+)+, (a|a?)+, ((a)+)+)."""
    import re._parser as sre  # the stdlib's own parser of regular expressions

    repeats = (sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", None))

    def risky_inside(items) -> bool:
        for op, arg in items:
            if op in repeats or op is sre.BRANCH:
                return True
            if op is sre.SUBPATTERN and risky_inside(arg[-1]):
                return True
            if op in (sre.ASSERT, sre.ASSERT_NOT) and risky_inside(arg[1]):
                return True
        return False

    def walk(items) -> bool:
        for op, arg in items:
            if op in repeats:
                low, high, body = arg
                if high > 1 and risky_inside(body):
                    return True
                if walk(body):
                    return True
            elif op is sre.SUBPATTERN:
                if walk(arg[-1]):
                    return True
            elif op is sre.BRANCH:
                if any(walk(branch) for branch in arg[1]):
                    return True
            elif op in (sre.ASSERT, sre.ASSERT_NOT) and walk(arg[1]):
                return True
        return False

    def unbounded(items) -> list[int]:
        """Positions (per sequence) of repeats without an upper bound, all levels."""
        found: list[int] = []
        for i, (op, arg) in enumerate(items):
            if op in repeats:
                if arg[1] >= sre.MAXREPEAT:
                    found.append(i)
                found.extend(-1 for _ in unbounded(arg[2]))
            elif op is sre.SUBPATTERN:
                found.extend(-1 for _ in unbounded(arg[-1]))
            elif op is sre.BRANCH:
                for branch in arg[1]:
                    found.extend(-1 for _ in unbounded(branch))
        return found

    def adjacent(items) -> bool:
        top = [i for i in unbounded(items) if i >= 0]
        return any(b == a + 1 for a, b in zip(top, top[1:], strict=False))

    parsed = sre.parse(pattern)
    # Several unbounded repeats in a row (.*.*.*) backtrack polynomially: allow at most
    # three in a pattern, never two side by side.
    return walk(parsed) or len(unbounded(parsed)) > 3 or adjacent(parsed)


# Frozen records (records.py: dataclass-like), without slots so that cached_property can
# keep derived values (compiled patterns ...) out of the fields: fields(), asdict() and
# repr() show the data.


@record(frozen=True, kw_only=True, slots=False)
class SectionSpec:
    key: str
    name: str
    aliases: list[str] = field(default_factory=list)
    phase: Literal["start", "end"]

    @cached_property
    def patterns(self) -> tuple[str, ...]:
        return tuple(normalise_title(t) for t in (self.name, *self.aliases))

    @cached_property
    def _matched(self) -> dict[str, bool]:
        return {}

    def matches(self, title: str) -> bool:
        # Memoised per title: the same few titles are asked about by several rules.
        return _memo(self._matched, title, self._matches)

    def _matches(self, title: str) -> bool:
        norm = normalise_title(title)
        return any(norm == p or norm.startswith(p + " ") for p in self.patterns)


@record(frozen=True, kw_only=True, slots=False)
class Profile:
    name: str
    description: str = ""
    body: str
    decision_verb: str = "beslutade"
    presenter_kinds: list[str] = field(default_factory=list)
    exempt_sections: list[str] = field(default_factory=list)
    dnr_required: bool = True
    dnr_pattern: str = r"[A-ZÅÄÖ]{2,6} \d{4}/\d+"
    dnr_example: str = "HSN 2025/936"
    time_pattern: str = r"(?:[Kk]l\.?\s*)?\d{1,2}[.:]\d{2}\s*[-–—]\s*\d{1,2}[.:]\d{2}"
    time_example: str = "Kl. 9.00–12.00"
    organisations: list[str] = field(default_factory=list)
    sections: list[SectionSpec] = field(default_factory=list)

    @cached_property
    def dnr_regex(self) -> re.Pattern[str]:
        return re.compile(self.dnr_pattern)

    @cached_property
    def time_regex(self) -> re.Pattern[str]:
        return re.compile(self.time_pattern)

    @cached_property
    def _presenter_kinds(self) -> frozenset[str]:
        return frozenset(k.casefold() for k in self.presenter_kinds)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Profile:
        """From TOML data (kebab-case or snake_case keys) already known to be valid."""
        values = {key.replace("-", "_"): value for key, value in data.items()}
        values["sections"] = [SectionSpec(**s) for s in values.get("sections", ())]
        return cls(**values)

    @cached_property
    def _section_by_title(self) -> dict[str, SectionSpec | None]:
        return {}

    def section_of(self, title: str) -> SectionSpec | None:
        # Memoised per title: several rules ask about every item of every document.
        return _memo(self._section_by_title, title, self._section_of)

    def _section_of(self, title: str) -> SectionSpec | None:
        return next((s for s in self.sections if s.matches(title)), None)

    @cached_property
    def section_order(self) -> str:
        """The required order of the sections, as section-order (VFR102) states it."""
        start = " → ".join(s.name for s in self.sections if s.phase == "start")
        end = " → ".join(s.name for s in self.sections if s.phase == "end")
        return f"{start} → … → {end}"

    def needs_presenter(self, kind: str | None) -> bool:
        return kind is not None and kind.casefold() in self._presenter_kinds


_MEMO_SIZE = 4096  # titles remembered per profile; a long run sees many documents


def _memo(cache: dict[str, Any], title: str, compute: Callable[[str], Any]) -> Any:
    """`compute(title)`, remembered in `cache` (emptied when full, to bound memory)."""
    try:
        return cache[title]
    except KeyError:
        if len(cache) >= _MEMO_SIZE:
            cache.clear()
        value = cache[title] = compute(title)
        return value


@lru_cache(maxsize=4096)
def normalise_title(title: str) -> str:
    """Case, spacing, hyphenation and trailing dates or punctuation do not matter."""
    t = title.casefold().replace("\u00ad", "")
    t = re.sub(r"(\w)-\s*(\w)", r"\1\2", t)  # minnes-anteckningar, avslu- tande
    t = re.sub(r"[\s\u00a0]+", " ", t)
    t = re.sub(r"[\s.:,;–-]*\d[\d\s./-]*$", "", t)  # "Föregående minnesanteckningar 250213"
    return t.strip(" .:;,–-")


def builtin_profiles() -> list[str]:
    return sorted(p.stem for p in resources.folder("rules").glob("*.toml"))


@lru_cache(maxsize=16)
def load_profile(name_or_path: str = DEFAULT_PROFILE) -> Profile:
    path = Path(name_or_path)
    builtin = path.suffix != ".toml"
    if builtin:
        path = resources.folder("rules") / f"{name_or_path}.toml"
        if not path.is_file():
            known = ", ".join(builtin_profiles())
            raise ProfileError(f"unknown profile '{name_or_path}' (built in: {known}; or give a path to a .toml file)")
        # Only a file right in the rules folder is shipped data ("sub/x" is not).
        builtin = Path(name_or_path).name == name_or_path
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ProfileError(f"{path}: cannot read profile: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise ProfileError(f"{path}: invalid TOML: {exc}") from None
    data = _pregenerated(path.stem, text) if builtin else None
    if data is None:
        import tomllib  # ~7 ms: only for a profile not stored as data

        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ProfileError(f"{path}: invalid TOML: {exc}") from None
    if builtin:
        return Profile.from_dict(data)
    from .profile_schema import validate  # pydantic: slow to import

    return Profile.from_dict(validate(data, path))


def _pregenerated(name: str, text: str) -> dict[str, Any] | None:
    """The built-in profile's data as scripts/generate.py stored it, if `text` is
    still the text it was read from."""
    from ._builtin_profiles import PROFILES

    stored = PROFILES.get(name)
    if stored is None or stored[0] != text:
        return None
    return copy.deepcopy(stored[1])  # Profile.from_dict keeps the lists it is given
