"""records.py: dataclass-style classes without the dataclasses module."""

from __future__ import annotations

import threading

import pytest

from vfr_lint import records
from vfr_lint.records import field, record


@record
class Point:
    x: int
    y: int = 0
    tags: list[str] = field(default_factory=list)


@record(frozen=True, kw_only=True, slots=False)
class Setting:
    name: str
    level: int = 1
    values: dict[str, int] = field(default_factory=dict)


def test_init_defaults_and_factories():
    p = Point(1)
    assert (p.x, p.y, p.tags) == (1, 0, [])
    assert Point(1).tags is not Point(1).tags
    assert Point(1, 2, ["a"]).tags == ["a"]
    with pytest.raises(TypeError):
        Point()
    with pytest.raises(AttributeError):
        p.other = 1  # slotted


def test_eq_repr_and_hash():
    assert Point(1, 2) == Point(1, 2) and Point(1, 2) != Point(2, 1)
    assert repr(Point(1, 2)) == "Point(x=1, y=2, tags=[])"
    with pytest.raises(TypeError):
        hash(Point(1))  # mutable: unhashable, as with dataclasses
    assert hash(Setting(name="a", values=None)) == hash(Setting(name="a", values=None))


def test_frozen_and_keyword_only():
    s = Setting(name="a")
    with pytest.raises(records.FrozenError):
        s.level = 2
    with pytest.raises(AttributeError):
        del s.name
    with pytest.raises(TypeError):
        Setting("a")
    assert Setting.level == 1  # without slots the defaults stay on the class


def test_fields_replace_asdict():
    assert records.fields(Setting) == ("name", "level", "values")
    s = records.replace(Setting(name="a", values={"k": 1}), level=3)
    assert (s.name, s.level, s.values) == ("a", 3, {"k": 1})
    with pytest.raises(TypeError, match="no field 'nope'"):
        records.replace(s, nope=1)
    assert records.asdict([Point(1, tags=["t"])]) == [{"x": 1, "y": 0, "tags": ["t"]}]
    assert records.is_record(Point) and records.is_record(Point(1)) and not records.is_record(object())


def test_first_instances_in_threads_all_get_their_fields():
    @record
    class Late:
        a: int
        b: int = 2

    results: list[tuple[int, int]] = []

    def make(i: int) -> None:
        obj = Late(i)
        results.append((obj.a, obj.b))

    threads = [threading.Thread(target=make, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [(i, 2) for i in range(8)]
