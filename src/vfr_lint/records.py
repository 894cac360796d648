"""Records: classes declared like dataclasses, made without the dataclasses module.

    @record                       # or @record(frozen=True, kw_only=True, slots=False)
    class Span:
        start: int
        end: int
        items: list[int] = field(default_factory=list)

gives what the linter uses of a dataclass: `__slots__`, an `__init__` taking the fields
in order (defaults and default factories as dataclasses have them), `__eq__` and
`__repr__` by fields, a hash by fields when frozen, and `fields(cls)`, `replace(obj,
**changes)` and `asdict(obj)`. Methods the class defines itself (`__eq__`, `__hash__`, `__repr__`) win.

Why not dataclasses: `import dataclasses` brings `inspect` (~13 ms), and defining a
dataclass compiles its methods one class at a time (~0.4 ms each). The CLI pays both on
every cold start. Here the `__init__`s of all records defined so far are compiled
together, on the first instantiation of any of them; `__eq__` and `__repr__` are shared.
pydantic, which needs real dataclasses, gets twins where it needs them (ast.py).
"""

from __future__ import annotations

import threading
from typing import Any

MISSING: Any = type("MISSING", (), {"__repr__": lambda self: "MISSING"})()


class Factory:
    """`field(default_factory=f)`: each record gets a new `f()`."""

    __slots__ = ("make",)

    def __init__(self, make):
        self.make = make


def field(*, default: Any = MISSING, default_factory: Any = MISSING) -> Any:
    return Factory(default_factory) if default_factory is not MISSING else default


class FrozenError(AttributeError):
    """Assignment to a field of a frozen record (dataclasses' FrozenInstanceError)."""


_PENDING: list[type] = []  # records whose __init__ is not compiled yet
_COMPILING = threading.Lock()  # the language server builds nodes in worker threads


def record(cls: type | None = None, *, frozen: bool = False, kw_only: bool = False, slots: bool = True):
    def make(cls: type) -> type:
        return _make_record(cls, frozen, kw_only, slots)

    return make(cls) if cls is not None else make


def fields(cls_or_record: Any) -> tuple[str, ...]:
    """The field names, in order."""
    return cls_or_record.__record_fields__


def defaults(cls: type) -> dict[str, Any]:
    """Field -> its default value, or its Factory."""
    return cls.__record_defaults__


def replace(obj: Any, **changes: Any) -> Any:
    """A copy of `obj` with some fields changed (dataclasses.replace)."""
    unknown = set(changes) - set(obj.__record_fields__)
    if unknown:
        raise TypeError(f"{type(obj).__name__} has no field {sorted(unknown)[0]!r}")
    return type(obj)(**{name: changes.get(name, getattr(obj, name)) for name in obj.__record_fields__})


def asdict(obj: Any) -> Any:
    """Records as dicts, recursively through lists, tuples and dicts (dataclasses.asdict)."""
    if hasattr(type(obj), "__record_fields__"):
        return {name: asdict(getattr(obj, name)) for name in obj.__record_fields__}
    if isinstance(obj, (list, tuple)):
        return type(obj)(asdict(v) for v in obj)
    if isinstance(obj, dict):
        return {k: asdict(v) for k, v in obj.items()}
    return obj


def is_record(obj: Any) -> bool:
    return hasattr(type(obj) if not isinstance(obj, type) else obj, "__record_fields__")


def _make_record(cls: type, frozen: bool, kw_only: bool, slots: bool) -> type:
    names = tuple(cls.__dict__.get("__annotations__", {}))
    inherited = getattr(cls, "__record_fields__", ())
    own_defaults = {name: cls.__dict__[name] for name in names if name in cls.__dict__}
    namespace = {k: v for k, v in cls.__dict__.items() if k not in own_defaults and k not in ("__dict__", "__weakref__")}
    all_defaults = {**getattr(cls, "__record_defaults__", {}), **own_defaults}
    namespace.update(
        __record_fields__=inherited + names,
        __record_defaults__=all_defaults,
        __record_options__=(frozen, kw_only),
    )
    if slots:
        namespace["__slots__"] = names
    else:  # the defaults stay readable on the class, as with a dataclass
        namespace.update({k: v for k, v in own_defaults.items() if not isinstance(v, Factory)})
    own = cls.__dict__
    if "__eq__" not in own:
        namespace["__eq__"] = _eq
    if "__repr__" not in own:
        namespace["__repr__"] = _repr
    if "__hash__" not in own:
        namespace["__hash__"] = _hash if frozen else None
    if frozen:
        namespace.setdefault("__setattr__", _frozen_setattr)
        namespace.setdefault("__delattr__", _frozen_delattr)
    new = type(cls)(cls.__name__, cls.__bases__, namespace)

    def first_init(self, *args, **kwargs):
        with _COMPILING:
            if new.__init__ is first_init:
                _compile_pending()
        new.__init__(self, *args, **kwargs)

    new.__init__ = first_init
    _PENDING.append(new)
    return new


def _compile_pending() -> None:
    """Compile the `__init__` of every record defined so far, as one module."""
    env: dict[str, Any] = {"MISSING": MISSING, "setattr_": object.__setattr__}
    sources = []
    pending = list(_PENDING)
    for i, cls in enumerate(pending):
        sources.append(_init_source(f"init_{i}", cls, env, f"c{i}"))
    exec("\n".join(sources), env)  # noqa: S102 - made from the classes' own field names, as dataclasses do
    for i, cls in enumerate(pending):
        init = env[f"init_{i}"]
        init.__name__, init.__qualname__ = "__init__", f"{cls.__qualname__}.__init__"
        cls.__init__ = init
    del _PENDING[: len(pending)]


def _init_source(function: str, cls: type, env: dict[str, Any], prefix: str) -> str:
    frozen, kw_only = cls.__record_options__
    params, body = [], []
    for name in cls.__record_fields__:
        default = cls.__record_defaults__.get(name, MISSING)
        value = name
        if isinstance(default, Factory):
            env[f"{prefix}_new_{name}"] = default.make
            params.append(f"{name}=MISSING")
            value = f"{prefix}_new_{name}() if {name} is MISSING else {name}"
        elif default is MISSING:
            params.append(name)
        else:
            env[f"{prefix}_default_{name}"] = default
            params.append(f"{name}={prefix}_default_{name}")
        body.append(f"setattr_(self, {name!r}, {value})" if frozen else f"self.{name} = {value}")
    if kw_only and params:
        params.insert(0, "*")
    return f"def {function}(self, {', '.join(params)}):\n    " + "\n    ".join(body or ["pass"])


def _eq(self, other: object) -> bool:
    if other.__class__ is not self.__class__:
        return NotImplemented
    return all(getattr(self, name) == getattr(other, name) for name in self.__record_fields__)


def _repr(self) -> str:
    shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__record_fields__)
    return f"{type(self).__qualname__}({shown})"


def _hash(self) -> int:
    return hash(tuple(getattr(self, name) for name in self.__record_fields__))


def _frozen_setattr(self, name: str, value: Any) -> None:
    raise FrozenError(f"cannot assign to field {name!r}")


def _frozen_delattr(self, name: str) -> None:
    raise FrozenError(f"cannot delete field {name!r}")
