"""A lean run loop over the LALR tables and lexers that Lark built for our grammar.

Lark's own loop is general: a lexer thread, a generator per token, a Token with eight
positions, a parser-state object, and recovery through exceptions and an interactive
parser. For a line-oriented grammar with one token per line that machinery costs more
than the parsing itself. `LalrRunner` runs the *same* tables, the *same* per-state
regular expressions (Lark's contextual lexer) and the *same* reduce callbacks (the AST
builder), in one loop, so it accepts, builds and recovers exactly as Lark does:

* the token at a position is the first terminal of the current state's lexer that
  matches (Lark's priority order, one combined regex per state);
* a token that does not fit, or a character no terminal of the state matches, is a
  syntax error; the runner reports where, skips to the end of that line (further, when
  Lark's root lexer would have read a longer token there), and goes on in the state the
  parser had reached, as `parser.parse(text, on_error=skip_line)` does;
* at the end, an input the grammar cannot finish is reported at the start of the last
  token read.

tests/test_lalr.py checks it against Lark's loop on the seeds, the fixtures and random
edits of them (ASTs and problems equal).
"""

from __future__ import annotations

from collections.abc import Callable


class Incomplete(Exception):
    """The text ended in the middle of a block; `offset` is where the last token began."""

    def __init__(self, offset: int):
        super().__init__(offset)
        self.offset = offset


class LalrRunner:
    """Runs one Lark LALR parser (stand-alone or `lark.Lark`, contextual lexer)."""

    def __init__(self, lark_parser, token_class: type):
        frontend = lark_parser.parser
        inner = frontend.parser.parser  # lark's _Parser: parse table and callbacks
        table = inner.parse_table
        callbacks = inner.callbacks
        self.start_state = table.start_states["start"]
        self.end_state = table.end_states["start"]
        # actions[state][symbol]: an int is a shift (or a goto) to that state; a tuple
        # (size, callback, origin) reduces by a rule.
        reduces: dict = {}
        self.actions: dict[int, dict[str, object]] = {}
        for state, row in table.states.items():
            out: dict[str, object] = {}
            for symbol, (_action, arg) in row.items():
                if isinstance(arg, int):
                    out[symbol] = arg
                else:
                    if arg not in reduces:
                        reduces[arg] = (len(arg.expansion), callbacks[arg], arg.origin.name)
                    out[symbol] = reduces[arg]
            self.actions[state] = out
        self._lexers = frontend.lexer.lexers
        self._root_lexer = frontend.lexer.root_lexer
        for lexer in {id(lx): lx for lx in self._lexers.values()}.values():
            # Lark features this loop does not carry out: none is used by the grammar.
            assert not lexer.ignore_types and not getattr(lexer, "user_callbacks", None)
        self._scanners: dict[int, Callable] = {}
        self._token_class = token_class

    def _scanner(self, state: int) -> Callable:
        """The state's lexer as one `match(text, pos)` (built on first use, as Lark does)."""
        scanner = self._scanners.get(state)
        if scanner is None:
            scanner = self._scanners[state] = _match_function(self._lexers[state].scanner._mres)
        return scanner

    def _root_match(self, text: str, pos: int):
        return _match_function(self._root_lexer.scanner._mres)(text, pos)

    def run(self, text: str, on_error: Callable[[int, int], None]):
        """Parse `text`; the value of the start rule. `on_error(pos, resume)` is told of
        each syntax error at `pos`; parsing resumes at `resume`. Raises Incomplete."""
        actions = self.actions
        scanners = self._scanners
        make_token = str.__new__
        Token = self._token_class
        states = [self.start_state]
        values: list = []
        pos = 0
        size = len(text)
        last_start = None
        while pos < size:
            state = states[-1]
            scan = scanners.get(state) or self._scanner(state)
            m = scan(text, pos)
            if m is None:
                # Lark's contextual lexer asks its root lexer before giving up: a token
                # that exists but does not fit here is skipped whole.
                error_at = pos
                root = self._root_match(text, pos)
                if root is not None:
                    last_start = pos
                    pos = root.end()
                pos = _resume_after(text, error_at, pos)
                on_error(error_at, pos)
                continue
            value = m.group()
            kind = m.lastgroup
            token = make_token(Token, value)
            token.type = kind
            token.value = value
            token.start_pos = pos
            last_start = pos
            pos = token.end_pos = m.end()
            # Feed the token: reduce while the table says so, then shift.
            while True:
                action = actions[state].get(kind)
                if action is None:
                    start = token.start_pos
                    pos = _resume_after(text, start, pos)
                    on_error(start, pos)
                    break
                if action.__class__ is int:
                    states.append(action)
                    values.append(token)
                    break
                state = _reduce(actions, states, values, action)
        return self._finish(states, values, last_start)

    def _finish(self, states: list, values: list, last_start: int | None):
        """Feed the end of input: reduce until the start rule is complete."""
        actions = self.actions
        while states[-1] != self.end_state:
            action = actions[states[-1]].get("$END")
            if action is None or action.__class__ is int:
                raise Incomplete(last_start or 0)
            _reduce(actions, states, values, action)
        return values[-1]


def _reduce(actions: dict, states: list, values: list, action: tuple) -> int:
    """Reduce by a rule: its children off the stacks, its value (the builder's node) and
    the goto state on. Returns the new state."""
    length, callback, origin = action
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
