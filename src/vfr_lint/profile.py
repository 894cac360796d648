"""Profiles: the rule packs in `rules/*.toml` that say what one council's minutes hold.

A profile is data, never code: TOML validated by pydantic. Regular expressions in it
are checked for nested quantifiers that could backtrack catastrophically.
"""

from __future__ import annotations

import re
import tomllib
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from . import resources

DEFAULT_PROFILE = "valfardsradet"


class ProfileError(Exception):
    """One line for the user: which file, which key, what is wrong."""


def _check_regex(pattern: str) -> str:
    try:
        re.compile(pattern)
    except re.error as exc:
        raise ValueError(f"not a valid regular expression: {exc}") from None
    # A group with a quantifier inside, itself quantified: (a+)+, (\w*)*, (x|xy)+ ...
    if re.search(r"\((?:[^()\\]|\\.)*[+*}](?:[^()\\]|\\.)*\)[+*{]", pattern):
        raise ValueError("nested quantifiers can make matching take forever; simplify the pattern")
    return pattern


class SectionSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    key: str
    name: str
    aliases: list[str] = []
    phase: Literal["start", "end"]

    @cached_property
    def patterns(self) -> tuple[str, ...]:
        return tuple(normalise_title(t) for t in (self.name, *self.aliases))

    def matches(self, title: str) -> bool:
        norm = normalise_title(title)
        return any(norm == p or norm.startswith(p + " ") for p in self.patterns)


class Profile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    name: str
    description: str = ""
    body: str
    decision_verb: str = Field("beslutade", alias="decision-verb")
    presenter_kinds: list[str] = Field(default_factory=list, alias="presenter-kinds")
    exempt_sections: list[str] = Field(default_factory=list, alias="exempt-sections")
    dnr_required: bool = Field(True, alias="dnr-required")
    dnr_pattern: str = Field(r"[A-ZÅÄÖ]{2,6} \d{4}/\d+", alias="dnr-pattern")
    dnr_example: str = Field("HSN 2025/936", alias="dnr-example")
    time_pattern: str = Field(r"(?:[Kk]l\.?\s*)?\d{1,2}[.:]\d{2}\s*[-–—]\s*\d{1,2}[.:]\d{2}", alias="time-pattern")
    time_example: str = Field("Kl. 9.00–12.00", alias="time-example")
    organisations: list[str] = []
    sections: list[SectionSpec] = []

    _check_dnr = field_validator("dnr_pattern", "time_pattern")(_check_regex)

    @field_validator("exempt_sections")
    @classmethod
    def _known_sections(cls, value: list[str], info) -> list[str]:
        keys = {s.key for s in info.data.get("sections", [])} if "sections" in info.data else None
        if keys is not None:
            unknown = [v for v in value if v not in keys]
            if unknown:
                raise ValueError(f"unknown section key(s): {', '.join(unknown)}")
        return value

    @cached_property
    def dnr_regex(self) -> re.Pattern[str]:
        return re.compile(self.dnr_pattern)

    @cached_property
    def time_regex(self) -> re.Pattern[str]:
        return re.compile(self.time_pattern)

    def section_of(self, title: str) -> SectionSpec | None:
        return next((s for s in self.sections if s.matches(title)), None)

    def needs_presenter(self, kind: str | None) -> bool:
        return kind is not None and kind.casefold() in {k.casefold() for k in self.presenter_kinds}


def normalise_title(title: str) -> str:
    """Case, spacing, hyphenation and trailing dates or punctuation do not matter."""
    t = title.casefold().replace("\u00ad", "")
    t = re.sub(r"(\w)-\s+(\w)", r"\1\2", t)  # hyphenated line wrap: avslu- tande
    t = re.sub(r"[\s\u00a0]+", " ", t)
    t = re.sub(r"[\s.:,;–-]*\d[\d\s./-]*$", "", t)  # "Föregående minnesanteckningar 250213"
    return t.strip(" .:;,–-")


def builtin_profiles() -> list[str]:
    return sorted(p.stem for p in resources.folder("rules").glob("*.toml"))


@lru_cache(maxsize=16)
def load_profile(name_or_path: str = DEFAULT_PROFILE) -> Profile:
    path = Path(name_or_path)
    if path.suffix != ".toml":
        path = resources.folder("rules") / f"{name_or_path}.toml"
        if not path.is_file():
            known = ", ".join(builtin_profiles())
            raise ProfileError(f"unknown profile '{name_or_path}' (built in: {known}; or give a path to a .toml file)")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ProfileError(f"{path}: cannot read profile: {exc.strerror or exc}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ProfileError(f"{path}: invalid TOML: {exc}") from None
    try:
        return Profile.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"]) or "(top level)"
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise ProfileError(f"{path}: {where}: {err['msg']}{more}") from None
