"""AST nodes behave as the dataclasses they are declared like (ast.py: `_node`)."""

from __future__ import annotations

import pickle

import pytest

from vfr_lint.ast import AgendaItem, Clause, Header, ItemBody, Span, SubItem, Title


def test_fields_in_declared_order_with_defaults():
    span = Span(0, 5, 1)
    clause = Clause("att godkänna", span)
    assert (clause.text, clause.span, clause.inline) == ("att godkänna", span, False)
    assert Clause("x", span, inline=True).inline is True
    assert repr(clause) == "Clause(text='att godkänna', span=Span(start=0, end=5, line=1), inline=False)"


def test_default_factories_give_each_node_its_own_value():
    first, second = Header(), Header()
    first.titles.append(Title("Välfärdsrådet", Span(0, 13, 1)))
    assert second.titles == []
    item = AgendaItem(1, Span(0, 1, 1), None, "Titel", Span(0, 1, 1), Span(0, 1, 1), Span(0, 1, 1))
    assert isinstance(item.body, ItemBody) and item.subitems == [] and item.attachments == []


def test_equality_and_hash_by_value():
    assert Span(1, 2, 3) == Span(1, 2, 3) and Span(1, 2, 3) != Span(1, 2, 4)
    assert len({Span(1, 2, 3), Span(1, 2, 3)}) == 1
    assert Title("a", Span(0, 1, 1)) == Title("a", Span(0, 1, 1))
    assert Title("a", Span(0, 1, 1)) != Title("b", Span(0, 1, 1))
    assert Span(1, 2, 3) != (1, 2, 3)
    with pytest.raises(TypeError):
        hash(Title("a", Span(0, 1, 1)))  # mutable nodes are not hashable, as with dataclasses


def test_slotted_and_picklable():
    sub = SubItem("a", None, "Delpunkt", Span(0, 1, 1), Span(0, 9, 1))
    with pytest.raises(AttributeError):
        sub.no_such_field = 1
    assert pickle.loads(pickle.dumps(sub)) == sub


def test_missing_argument_is_a_type_error():
    with pytest.raises(TypeError):
        Title("only text")
