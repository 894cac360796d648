"""Where the data files live: inside the package in a wheel (vfr_lint/grammar, ...),
at the top of the checkout when running from source or an editable install."""

from __future__ import annotations

from functools import cache, lru_cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_CHECKOUT = _PACKAGE.parent.parent


@cache
def folder(name: str) -> Path:
    """`name` is one of "grammar", "rules", "examples", "docs"."""
    for candidate in (_PACKAGE / name, _CHECKOUT / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"vfr-lint is installed without its {name}/ folder")


def read_text(name: str, filename: str) -> str:
    return (folder(name) / filename).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def docs_uri() -> str:
    """file: URI of the rule documentation (docs/rules.md), for editors and SARIF."""
    try:
        return (folder("docs") / "rules.md").as_uri()
    except FileNotFoundError:
        return "https://pypi.org/project/vfr-lint/"
