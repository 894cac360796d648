"""The pydantic model that validates a config file (imported lazily by
:func:`vfr_lint.config.load_config`, never on the discovery path: pydantic is slow to
import).

The model checks; :class:`vfr_lint.config.Config` (a plain dataclass) is what the rest of
vfr-lint sees. Only the keys a file sets are copied over, so the defaults live in
``Config``; the ones here are kept equal to them (a test checks this).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

__all__ = ["ConfigSchema", "ValidationError"]

# A code "VFR304", a prefix "VFR3" / "VFR", or a rule name "dnr-format".
_SELECTOR_RE = re.compile(r"VFR\d{0,3}|[a-z][a-z0-9-]*")
# Per-rule options are keyed by one rule: a full code or a name, not a prefix.
_RULE_KEY_RE = re.compile(r"VFR\d{3}|[a-z][a-z0-9-]*")


def _selector(value: str) -> str:
    if not _SELECTOR_RE.fullmatch(value):
        raise ValueError(
            f"invalid rule selector {value!r} (expected a code like 'VFR304', "
            "a prefix like 'VFR3' or a rule name like 'dnr-format')"
        )
    return value


def _rule_key(value: str) -> str:
    if not _RULE_KEY_RE.fullmatch(value):
        raise ValueError(f"invalid rule {value!r} (expected a code like 'VFR304' or a rule name like 'dnr-format')")
    return value


def _not_empty(value: str) -> str:
    if not value:
        raise ValueError("must not be empty")
    return value


Selector = Annotated[str, AfterValidator(_selector)]
RuleKey = Annotated[str, AfterValidator(_rule_key)]
NonEmpty = Annotated[str, AfterValidator(_not_empty)]
SeverityName = Literal["error", "warning", "info"]


def _kebab(name: str) -> str:
    return name.replace("_", "-")


class ConfigSchema(BaseModel):
    """One config file's settings, as validated. Field names and defaults match
    :class:`vfr_lint.config.Config`."""

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        strict=True,
        populate_by_name=True,
        alias_generator=_kebab,
    )

    profile: NonEmpty | None = None
    select: list[Selector] | None = None
    ignore: list[Selector] = []
    extend_select: list[Selector] = []
    extend_ignore: list[Selector] = []
    include: list[NonEmpty] = ["*.txt", "*.md"]
    exclude: list[NonEmpty] = [".git", ".venv", "node_modules", "__pycache__"]
    extend_exclude: list[NonEmpty] = []
    per_file_ignores: dict[NonEmpty, list[Selector]] = {}
    severity: dict[Selector, SeverityName] = {}
    language: Literal["sv", "en"] = "sv"
    max_file_size: int = Field(10_000_000, gt=0)
    cache_dir: NonEmpty | None = None
    baseline: NonEmpty | None = None
    jobs: int | None = Field(None, ge=1)
    rules: dict[RuleKey, dict[str, Any]] = {}

    # Not settable from a file.
    path: Path | None = Field(None, strict=False)
    root: Path = Field(default_factory=Path.cwd, strict=False)

    def set_values(self) -> dict[str, Any]:
        """The fields the input set, by attribute name (for ``Config(**...)``)."""
        return {name: getattr(self, name) for name in self.model_fields_set}
