"""The LALR parser of grammar/minutes.lark: Lark's tables, run by a lean loop of our own.

Lark compiles the grammar into LALR(1) tables, one lexer per parser state (its
contextual lexer: only the terminals that may stand there) and, per rule, how the
builder is called (which children it gets, which helper rules are spliced into their
parent). `describe` reads all that off a `lark.Lark` parser as plain data; it is
written ahead of time to `_minutes_tables.py` (scripts/generate.py), so a run
imports neither lark nor a generated parser module.

Lark's own run loop is general: a lexer thread, a generator per token, a Token with
eight positions, a parser-state object, recovery through exceptions and an interactive
parser. For a grammar with one token per line that machinery costs more than the
parsing. `LalrRunner` runs the same tables, lexers and callbacks in one loop, and does
what Lark does:

* the token at a position is the first terminal of the current state's lexer that
  matches (Lark's priority order, one combined regex per state);
* a token that does not fit, or a character no terminal of the state matches, is a
  syntax error: the runner reports where, skips to the end of that line (further, when
  Lark's root lexer would have read a longer token there), and goes on in the state the
  parser had reached, as `Lark.parse(text, on_error=...)` does with parser.py's
  `skip_line`;
* at the end, an input the grammar cannot finish is reported at the start of the last
  token read.

tests/test_lalr.py checks it against Lark's own loop (parser.parse_with_lark_loop) on
the fixtures and random texts: same documents, same skipped lines.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial
from typing import Any

# Must match the fallback in parser.py and scripts/generate.py.
LARK_OPTIONS = dict(parser="lalr", lexer="contextual", maybe_placeholders=False)


class Token(str):
    """A terminal's text with its kind and offsets (what the builder reads of Lark's Token)."""

    __slots__ = ("type", "value", "start_pos", "end_pos")


class Inline:
    """A helper rule's children (`_part`, `item*`), spliced into the parent rule's."""

    __slots__ = ("data", "children")

    def __init__(self, data: str, children: list):
        self.data, self.children = data, children


class Incomplete(Exception):
    """The text ended in the middle of a block; `offset` is where the last token began."""

    def __init__(self, offset: int):
        super().__init__(offset)
        self.offset = offset


# --- the tables as data ------------------------------------------------------------------
def describe(lark_parser: Any, builder: Any) -> dict:
    """The tables, lexers and callbacks of a `lark.Lark` LALR parser built with `builder`
    as its embedded transformer, as plain data (see _minutes_tables.py)."""
    frontend = lark_parser.parser
    inner = frontend.parser.parser  # lark's _Parser: parse table and callbacks
    table = inner.parse_table
    rules: list = []
    rule_index: dict = {}
    actions: dict[int, dict[str, int]] = {}
    for state, row in sorted(table.states.items()):
        out: dict[str, int] = {}
        for symbol, (_action, arg) in sorted(row.items()):
            symbol = str(symbol)  # Lark may hand out its Token (a str) for a name
            if isinstance(arg, int):
                out[symbol] = arg  # shift, or goto after a reduction
                continue
            if arg not in rule_index:
                rule_index[arg] = len(rules)
                rules.append(_describe_rule(arg, inner.callbacks[arg], builder))
            out[symbol] = ~rule_index[arg]  # reduce: negative
        actions[state] = out
    lexers: list = []
    lexer_index: dict = {}

    def lexer_of(lexer) -> int:
        if lexer.ignore_types or getattr(lexer, "user_callbacks", None):
            raise ValueError("the grammar uses %ignore or terminal callbacks: lalr.py runs neither")
        patterns = tuple((p.pattern, p.flags) for p in lexer.scanner._mres)
        if patterns not in lexer_index:
            lexer_index[patterns] = len(lexers)
            lexers.append(patterns)
        return lexer_index[patterns]

    state_lexer = {state: lexer_of(frontend.lexer.lexers[state]) for state in sorted(actions)}
    return {
        "start": table.start_states["start"],
        "end": table.end_states["start"],
        "rules": rules,
        "actions": actions,
        "lexers": lexers,
        "state_lexer": state_lexer,
        "root_lexer": lexer_of(frontend.lexer.root_lexer),
    }


def _describe_rule(rule, callback, builder) -> tuple:
    """(size, origin, name, is_method, include): reduce `size` symbols to `origin`, build
    the value with builder.<name> (or an Inline node), passing the children `include`
    lists, (index, splice) pairs, or all of them when it is None."""
    # The name Lark looked up on the transformer (see lark.parse_tree_builder).
    name = str(rule.alias or rule.options.template_source or rule.origin.name)
    include = None
    if type(callback).__name__.startswith("ChildFilter"):
        if type(callback).__name__ != "ChildFilterLALR_NoPlaceholders":
            raise ValueError(f"unsupported Lark callback for {rule}: {type(callback).__name__}")
        include = tuple((i, bool(splice)) for i, splice in callback.to_include)
        callback = callback.node_builder
    if isinstance(callback, partial):
        is_method = False  # Lark's Tree: the transformer has no method for this rule
    elif getattr(callback, "__self__", None) is builder:
        is_method = True
    else:
        raise ValueError(f"unsupported Lark callback for {rule}: {callback!r}")
    if is_method != hasattr(builder, name):
        raise ValueError(f"rule {rule} calls {callback!r}, not builder.{name}")
    return (len(rule.expansion), str(rule.origin.name), name, is_method, include)


# --- the run loop ------------------------------------------------------------------------
class LalrRunner:
    """Parses with the tables of `describe`, calling `builder` as each rule is reduced."""

    def __init__(self, tables: dict, builder: Any):
        self.start_state = tables["start"]
        self.end_state = tables["end"]
        self.actions = tables["actions"]
        # A reduction is (size, callback, origin); `actions` holds its index as ~index.
        self.reductions = [
            (size, _callback(builder, name, is_method, include), origin)
            for size, origin, name, is_method, include in tables["rules"]
        ]
        self._lexer_patterns = tables["lexers"]
        self._state_lexer = tables["state_lexer"]
        self._root_lexer = tables["root_lexer"]
        self._compiled: dict[int, Callable] = {}  # lexer index -> match
        self._scanners: dict[int, Callable] = {}  # state -> match

    def _scanner(self, state: int) -> Callable:
        """The state's lexer as one `match(text, pos)`, compiled on first use (as Lark does)."""
        scanner = self._scanners.get(state)
        if scanner is None:
            scanner = self._scanners[state] = self._lexer(self._state_lexer[state])
        return scanner

    def _lexer(self, index: int) -> Callable:
        match = self._compiled.get(index)
        if match is None:
            patterns = [re.compile(pattern, flags) for pattern, flags in self._lexer_patterns[index]]
            match = self._compiled[index] = _match_function(patterns)
        return match

    def run(self, text: str, on_error: Callable[[int, int], None]):
        """Parse `text`; the value of the start rule. `on_error(pos, resume)` is told of
        each syntax error at `pos`; parsing resumes at `resume`. Raises Incomplete."""
        actions = self.actions
        reductions = self.reductions
        scanners = self._scanners
        new_token = str.__new__
        states = [self.start_state]
        values: list = []
        pos = 0
        size = len(text)
        last_start = None
        while pos < size:
            state = states[-1]
            m = (scanners.get(state) or self._scanner(state))(text, pos)
            if m is None:
                # Lark's contextual lexer asks its root lexer before giving up: a token
                # that exists but does not fit here is skipped whole.
                error_at = pos
                root = self._lexer(self._root_lexer)(text, pos)
                if root is not None:
                    last_start = pos
                    pos = root.end()
                pos = _resume_after(text, error_at, pos)
                on_error(error_at, pos)
                continue
            value = m.group()
            kind = m.lastgroup
            token = new_token(Token, value)
            token.type = kind
            token.value = value
            token.start_pos = last_start = pos
            pos = token.end_pos = m.end()
            # Feed the token: reduce while the table says so, then shift.
            while True:
                action = actions[state].get(kind)
                if action is None:
                    pos = _resume_after(text, last_start, pos)
                    on_error(last_start, pos)
                    break
                if action >= 0:
                    states.append(action)
                    values.append(token)
                    break
                state = _reduce(actions, states, values, reductions[~action])
        return self._finish(states, values, last_start)

    def _finish(self, states: list, values: list, last_start: int | None):
        """Feed the end of input: reduce until the start rule is complete."""
        actions = self.actions
        while states[-1] != self.end_state:
            action = actions[states[-1]].get("$END")
            if action is None or action >= 0:
                raise Incomplete(last_start or 0)
            _reduce(actions, states, values, self.reductions[~action])
        return values[-1]


def _reduce(actions: dict, states: list, values: list, reduction: tuple) -> int:
    """Reduce by a rule: its children off the stacks, its value (the builder's node) and
    the goto state on. Returns the new state."""
    length, callback, origin = reduction
    if length:
        children = values[-length:]
        del states[-length:]
        del values[-length:]
    else:
        children = []
    values.append(callback(children))
    state = actions[states[-1]][origin]
    states.append(state)
    return state


def _callback(builder: Any, name: str, is_method: bool, include: tuple | None) -> Callable:
    """What Lark's parse-tree builder makes of a rule (its ChildFilterLALR_NoPlaceholders)."""
    if is_method != hasattr(builder, name):  # a builder method added or renamed since
        raise ValueError(f"the parser tables expect builder.{name} {'' if is_method else 'not '}to exist: "
                         "run `python scripts/generate.py`")
    node = getattr(builder, name) if is_method else partial(Inline, name)
    if include is None:
        return node
    if not any(splice for _, splice in include):
        kept = tuple(i for i, _ in include)
        return lambda children: node([children[i] for i in kept])

    def filtered(children: list):
        out: list = []
        for i, splice in include:
            if splice:
                if out:
                    out += children[i].children
                else:
                    out = children[i].children  # reused, as Lark does
            else:
                out.append(children[i])
        return node(out)

    return filtered


def _resume_after(text: str, start: int, pos: int) -> int:
    """Where parsing goes on after an error at `start`, the lexer being at `pos`: the
    start of the next line, or `pos` if that is further."""
    line_end = text.find("\n", start)
    line_end = len(text) if line_end < 0 else line_end + 1
    return max(pos, line_end)


def _match_function(patterns: list) -> Callable:
    if len(patterns) == 1:
        return patterns[0].match

    def match(text: str, pos: int):
        for pattern in patterns:
            m = pattern.match(text, pos)
            if m:
                return m
        return None

    return match
