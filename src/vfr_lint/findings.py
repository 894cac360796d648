"""What a rule reports: a Finding, with a position in the stored file and an optional Fix.

These are plain slotted classes with the equality, hash and repr the dataclasses they
were would have (defining a dataclass costs a cold start about 1.5 ms each); pydantic
describes them at the edges (JSON Schema, validation of JSON that comes back in, e.g. a
baseline).
"""

from __future__ import annotations

from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]


class Applicability(StrEnum):
    SAFE = "safe"
    UNSAFE = "unsafe"


class Edit:
    """Replace the stored text from (line, column) up to (end_line, end_column), 1-based,
    end exclusive, by `content`. An insertion has start == end; a deletion empty content.
    Immutable by convention (it is hashable)."""

    __slots__ = ("line", "column", "end_line", "end_column", "content")
    __match_args__ = __slots__

    def __init__(self, line: int, column: int, end_line: int, end_column: int, content: str):
        self.line, self.column, self.end_line, self.end_column = line, column, end_line, end_column
        self.content = content

    def _key(self) -> tuple:
        return (self.line, self.column, self.end_line, self.end_column, self.content)

    def __eq__(self, other):
        return self._key() == other._key() if other.__class__ is self.__class__ else NotImplemented

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return (f"Edit(line={self.line!r}, column={self.column!r}, end_line={self.end_line!r}, "
                f"end_column={self.end_column!r}, content={self.content!r})")

    def to_dict(self) -> dict:
        return {
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "content": self.content,
        }


class Fix:
    """Immutable by convention (it is hashable)."""

    __slots__ = ("applicability", "edits", "message")
    __match_args__ = __slots__

    def __init__(self, applicability: Applicability, edits: tuple[Edit, ...], message: str = ""):
        self.applicability, self.edits, self.message = applicability, edits, message

    def _key(self) -> tuple:
        return (self.applicability, self.edits, self.message)

    def __eq__(self, other):
        return self._key() == other._key() if other.__class__ is self.__class__ else NotImplemented

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"Fix(applicability={self.applicability!r}, edits={self.edits!r}, message={self.message!r})"

    def to_dict(self) -> dict:
        return {
            "applicability": self.applicability.value,
            "message": self.message,
            "edits": [e.to_dict() for e in self.edits],
        }


class Finding:
    __slots__ = ("path", "line", "column", "end_line", "end_column", "code", "name", "severity", "message", "fix",
                 "source_line")
    __match_args__ = __slots__
    __hash__ = None  # mutable, so unhashable (as the dataclass it was)

    def __init__(
        self,
        path: str,
        line: int,
        column: int,
        end_line: int,
        end_column: int,
        code: str,
        name: str,
        severity: Severity,
        message: str,
        fix: Fix | None = None,
        source_line: str = "",  # the stored line the finding starts on (output formats, baselines)
    ):
        self.path, self.line, self.column, self.end_line, self.end_column = path, line, column, end_line, end_column
        self.code, self.name, self.severity, self.message, self.fix = code, name, severity, message, fix
        self.source_line = source_line

    def _key(self) -> tuple:  # equality leaves out source_line
        return (self.path, self.line, self.column, self.end_line, self.end_column, self.code, self.name,
                self.severity, self.message, self.fix)

    def __eq__(self, other):
        return self._key() == other._key() if other.__class__ is self.__class__ else NotImplemented

    def __repr__(self) -> str:
        return (f"Finding(path={self.path!r}, line={self.line!r}, column={self.column!r}, "
                f"end_line={self.end_line!r}, end_column={self.end_column!r}, code={self.code!r}, "
                f"name={self.name!r}, severity={self.severity!r}, message={self.message!r}, fix={self.fix!r}, "
                f"source_line={self.source_line!r})")

    @property
    def sort_key(self) -> tuple:
        return (self.path, self.line, self.column, self.code)

    def to_dict(self) -> dict:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "code": self.code,
            "name": self.name,
            "severity": self.severity.value,
            "message": self.message,
            "fix": self.fix.to_dict() if self.fix else None,
        }
