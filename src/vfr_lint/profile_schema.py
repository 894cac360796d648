"""The pydantic model that validates a user's profile (a rule pack given as a path).

Imported lazily by :func:`vfr_lint.profile.load_profile`, only for a user's profile:
the built-in profiles are trusted shipped data (a test runs each of them through
:func:`validate`), and pydantic is slow to import.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .profile import ProfileError, _check_regex

__all__ = ["ProfileSchema", "SectionSchema", "validate"]


class SectionSchema(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    key: str
    name: str
    aliases: list[str] = []
    phase: Literal["start", "end"]


class ProfileSchema(BaseModel):
    """Field names, aliases and defaults match :class:`vfr_lint.profile.Profile`. The
    fields keep their order: the first error reported is the first field's."""

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
    sections: list[SectionSchema] = []

    _check_patterns = field_validator("dnr_pattern", "time_pattern")(_check_regex)


def _check_exempt_sections(profile: ProfileSchema) -> None:
    """exempt-sections must name keys of [[sections]]. (Checked after the fields:
    `sections` is validated after `exempt-sections`.)"""
    keys = {s.key for s in profile.sections}
    unknown = [v for v in profile.exempt_sections if v not in keys]
    if unknown:
        error = ValueError(f"unknown section key(s): {', '.join(unknown)}")
        raise ValidationError.from_exception_data(
            ProfileSchema.__name__,
            [
                {
                    "type": "value_error",
                    "loc": ("exempt-sections",),
                    "input": profile.exempt_sections,
                    "ctx": {"error": error},
                }
            ],
        )


def validate(data: dict[str, Any], path: Path | str) -> dict[str, Any]:
    """Validate a profile's TOML data; the values it sets, by attribute name (for
    ``Profile.from_dict``). Raises ProfileError naming `path` and the key."""
    try:
        profile = ProfileSchema.model_validate(data)
        _check_exempt_sections(profile)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"]) or "(top level)"
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise ProfileError(f"{path}: {where}: {err['msg']}{more}") from None
    return profile.model_dump(exclude_unset=True)
