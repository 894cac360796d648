"""End-to-end tests of `vfr-lint lsp` (vfr_lint.lsp) with pytest-lsp: the server runs in a
subprocess and is driven over stdio like an editor would. No fixed sleeps: every wait is
for a message from the server (with a generous timeout so a broken server fails, not
hangs)."""

from __future__ import annotations

import asyncio
import sys
from concurrent.futures import Future
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pygls.protocol import default_converter
from pytest_lsp import ClientServerConfig, LanguageClient
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

from vfr_lint.api import lint_source
from vfr_lint.config import discover_config
from vfr_lint.fix import apply_edits, fix_text
from vfr_lint.registry import find_rule
from vfr_lint.settings import Overrides, resolve
from vfr_lint.source import source_from_text

FIXTURES = Path(__file__).parent / "fixtures"
SEED = FIXTURES / "000_f9f2acdc3d3ad322.txt"
SERVER = [sys.executable, "-m", "vfr_lint.lsp"]
TIMEOUT = 30  # seconds; a safety net only, every wait ends on a server message


# --------------------------------------------------------------------------- client
def _on_publish(client: LanguageClient, params: types.PublishDiagnosticsParams) -> None:
    client.diagnostics[params.uri] = params.diagnostics
    client.published.append(params)
    for predicate, future in list(client.waiters):
        if not future.done() and predicate(params):
            future.set_result(params)


def _on_show_message(client: LanguageClient, params: types.ShowMessageParams) -> None:
    client.messages.append(params)
    for predicate, future in list(client.message_waiters):
        if not future.done() and predicate(params):
            future.set_result(params)


def make_client() -> LanguageClient:
    client = LanguageClient(converter_factory=default_converter)
    client.published = []
    client.waiters = []
    client.message_waiters = []
    register_lsp_features(
        client,
        {
            **DEFAULT_CLIENT_FEATURES,
            types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS: _on_publish,
            types.WINDOW_SHOW_MESSAGE: _on_show_message,
        },
    )
    return client


async def wait_publish(client, uri: str, *, since: int = 0, version: int | None = None):
    """The first publishDiagnostics for `uri` (and `version`) at index >= since."""

    def wanted(p: types.PublishDiagnosticsParams) -> bool:
        return p.uri == uri and (version is None or p.version == version)

    for p in client.published[since:]:
        if wanted(p):
            return p
    future = asyncio.get_running_loop().create_future()
    client.waiters.append((wanted, future))
    return await asyncio.wait_for(future, TIMEOUT)


async def wait_message(client, predicate):
    for m in client.messages:
        if predicate(m):
            return m
    future = asyncio.get_running_loop().create_future()
    client.message_waiters.append((predicate, future))
    return await asyncio.wait_for(future, TIMEOUT)


def capabilities(encodings: list[str] | None) -> types.ClientCapabilities:
    return types.ClientCapabilities(
        general=types.GeneralClientCapabilities(position_encodings=encodings) if encodings else None,
        workspace=types.WorkspaceClientCapabilities(
            workspace_edit=types.WorkspaceEditClientCapabilities(document_changes=True),
            did_change_configuration=types.DidChangeConfigurationClientCapabilities(),
            did_change_watched_files=types.DidChangeWatchedFilesClientCapabilities(),
        ),
        text_document=types.TextDocumentClientCapabilities(
            synchronization=types.TextDocumentSyncClientCapabilities(did_save=True),
            publish_diagnostics=types.PublishDiagnosticsClientCapabilities(
                version_support=True, code_description_support=True, data_support=True
            ),
            hover=types.HoverClientCapabilities(
                content_format=[types.MarkupKind.Markdown, types.MarkupKind.PlainText]
            ),
            code_action=types.CodeActionClientCapabilities(
                code_action_literal_support=types.ClientCodeActionLiteralOptions(
                    code_action_kind=types.ClientCodeActionKindOptions(
                        value_set=[types.CodeActionKind.QuickFix, types.CodeActionKind.Source]
                    )
                ),
                is_preferred_support=True,
                data_support=True,
            ),
        ),
    )


CONFIG = ClientServerConfig(server_command=SERVER, client_factory=make_client)


@pytest_lsp.fixture(config=CONFIG, params=["utf-16", "utf-8"])
async def client(lsp_client: LanguageClient, request):
    encodings = None if request.param == "utf-16" else [request.param]  # UTF-16 is the default
    result = await lsp_client.initialize_session(
        types.InitializeParams(capabilities=capabilities(encodings), root_uri=FIXTURES.as_uri())
    )
    lsp_client.encoding = request.param
    assert result.capabilities.position_encoding == request.param
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=CONFIG)
async def client16(lsp_client: LanguageClient):
    """A UTF-16 client with initializationOptions (ignore VFR205)."""
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=capabilities(None),
            initialization_options={"ignore": ["VFR205"]},
        )
    )
    lsp_client.encoding = "utf-16"
    yield
    await lsp_client.shutdown_session()


# --------------------------------------------------------------------------- helpers
def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def library_settings(path: Path, **overrides):
    return resolve(discover_config(path.parent), Overrides(**overrides))


def library_lint(text: str, path: Path, **overrides):
    source = source_from_text(text, str(path))
    return source, lint_source(source, library_settings(path, **overrides))


def units(s: str, encoding: str) -> int:
    """Code units of `s` in an LSP position encoding (independent of the server's code)."""
    if encoding == "utf-8":
        return len(s.encode("utf-8"))
    if encoding == "utf-32":
        return len(s)
    return len(s.encode("utf-16-le")) // 2


def lines_of(text: str) -> list[str]:
    out, start = [], 0
    for i, ch in enumerate(text):
        if ch == "\n":
            out.append(text[start : i + 1])
            start = i + 1
    out.append(text[start:])
    return out


def to_lsp(text: str, line: int, column: int, encoding: str) -> types.Position:
    """1-based line, code-point column -> LSP position (text uses LF only)."""
    content = lines_of(text)[line - 1]
    return types.Position(line=line - 1, character=units(content[: column - 1], encoding))


def to_offset(text: str, pos: types.Position, encoding: str) -> int:
    lines = lines_of(text)
    offset = sum(len(x) for x in lines[: pos.line])
    content = lines[pos.line] if pos.line < len(lines) else ""
    count = 0
    for i, ch in enumerate(content):
        if count >= pos.character:
            return offset + i
        count += units(ch, encoding)
    return offset + len(content)


def apply_text_edits(text: str, edits: list[types.TextEdit], encoding: str) -> str:
    spans = [
        (to_offset(text, e.range.start, encoding), to_offset(text, e.range.end, encoding), e.new_text)
        for e in edits
    ]
    for start, end, new in sorted(spans, reverse=True):
        text = text[:start] + new + text[end:]
    return text


def edits_of(action: types.CodeAction, uri: str) -> list[types.TextEdit]:
    edit = action.edit
    assert edit is not None
    if edit.document_changes:
        return [e for dc in edit.document_changes if dc.text_document.uri == uri for e in dc.edits]
    return list(edit.changes[uri])


def open_doc(client: LanguageClient, path: Path, text: str, language_id: str = "plaintext", version: int = 1):
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=path.as_uri(), language_id=language_id, version=version, text=text)
        )
    )


def change_doc(client: LanguageClient, path: Path, text: str, version: int):
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=path.as_uri(), version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


def whole(text: str) -> types.Range:
    lines = lines_of(text)
    return types.Range(start=types.Position(0, 0), end=types.Position(len(lines), 0))


async def code_actions(client, path: Path, rng: types.Range, only=None, diagnostics=()):
    return await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=path.as_uri()),
            range=rng,
            context=types.CodeActionContext(diagnostics=list(diagnostics), only=only),
        )
    )


async def open_seed(client) -> tuple[str, list[types.Diagnostic]]:
    text = read(SEED)
    open_doc(client, SEED, text)
    published = await wait_publish(client, SEED.as_uri(), version=1)
    return text, published.diagnostics


# --------------------------------------------------------------------------- tests
async def test_diagnostics_equal_library_findings(client: LanguageClient):
    text, diagnostics = await open_seed(client)
    _, findings = library_lint(text, SEED)
    assert findings, "the seed has findings"
    enc = client.encoding
    assert [d.code for d in diagnostics] == [f.code for f in findings]
    for d, f in zip(diagnostics, findings, strict=True):
        assert d.range == types.Range(
            start=to_lsp(text, f.line, f.column, enc), end=to_lsp(text, f.end_line, f.end_column, enc)
        )
        assert d.source == "vfr-lint"
        assert d.message == f.message
        assert d.severity == {
            "error": types.DiagnosticSeverity.Error,
            "warning": types.DiagnosticSeverity.Warning,
            "info": types.DiagnosticSeverity.Information,
        }[f.severity.value]
        assert d.code_description.href == find_rule(f.code).url()
        assert d.data["fix"] == (f.fix.to_dict() if f.fix else None)


async def test_position_encoding_on_line_with_non_ascii(client: LanguageClient):
    """Line 190: «Föredragande: Junia Joffer, Folkhälsoanalytiker, ...» -- the ö before the
    span is 2 bytes in UTF-8 and one unit in UTF-16; the ä inside it likewise."""
    _, diagnostics = await open_seed(client)
    (d,) = [d for d in diagnostics if d.code == "VFR505" and d.range.start.line == 189]
    expected = {"utf-16": (28, 47), "utf-8": (29, 49)}[client.encoding]
    assert (d.range.start.character, d.range.end.character) == expected
    (d,) = [d for d in diagnostics if d.code == "VFR601"]
    # «... (17 juni) en extern för övriga»: code points 63..72, no non-ASCII before
    # column 63 except «för» (ö) early in the line.
    expected = {"utf-16": (63, 72), "utf-8": (64, 73)}[client.encoding]
    assert d.range.start.line == 199
    assert (d.range.start.character, d.range.end.character) == expected


async def test_did_change_fixes_finding(client: LanguageClient):
    text, diagnostics = await open_seed(client)
    assert any(d.code == "VFR601" for d in diagnostics)
    fixed = text.replace("(17 juni) en extern för", "(17 juni) för")
    assert fixed != text
    change_doc(client, SEED, fixed, 2)
    published = await wait_publish(client, SEED.as_uri(), version=2)
    assert not any(d.code == "VFR601" for d in published.diagnostics)
    _, findings = library_lint(fixed, SEED)
    assert [d.code for d in published.diagnostics] == [f.code for f in findings]


async def test_incremental_change_in_client_units(client: LanguageClient):
    """Even though the server asks for full sync, a ranged change is applied in the
    negotiated encoding (the range sits after an ö on the line)."""
    text, _ = await open_seed(client)
    line = lines_of(text)[199]
    start = line.index(" en extern för")
    rng = types.Range(
        start=types.Position(199, units(line[:start], client.encoding)),
        end=types.Position(199, units(line[: start + len(" en extern")], client.encoding)),
    )
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=SEED.as_uri(), version=2),
            content_changes=[types.TextDocumentContentChangePartial(range=rng, text="")],
        )
    )
    published = await wait_publish(client, SEED.as_uri(), version=2)
    assert not any(d.code == "VFR601" for d in published.diagnostics)
    # The server's text is the edited text: a quick fix elsewhere still lines up.
    fixed = text.replace("(17 juni) en extern för", "(17 juni) för")
    _, findings = library_lint(fixed, SEED)
    assert [d.code for d in published.diagnostics] == [f.code for f in findings]


async def test_latest_version_wins(client: LanguageClient):
    text, _ = await open_seed(client)
    since = len(client.published)
    fixed = text.replace("(17 juni) en extern för", "(17 juni) för")
    change_doc(client, SEED, fixed, 2)
    change_doc(client, SEED, text, 3)
    change_doc(client, SEED, fixed, 4)
    published = await wait_publish(client, SEED.as_uri(), since=since, version=4)
    assert not any(d.code == "VFR601" for d in published.diagnostics)
    # A round trip: anything the server had queued before is now in.
    await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=SEED.as_uri()), position=types.Position(0, 0))
    )
    published = [p for p in client.published[since:] if p.uri == SEED.as_uri()]
    versions = [p.version for p in published]
    # Never an older version after a newer one, the last is the latest, and each set of
    # diagnostics belongs to the text of the version it claims (v3 has the repetition).
    # (Normally the debounce drops v2 and v3 altogether; not asserted, it is timing.)
    assert versions == sorted(versions) and versions[-1] == 4
    for p in published:
        assert any(d.code == "VFR601" for d in p.diagnostics) == (p.version == 3)


async def test_did_save_and_close(client: LanguageClient):
    await open_seed(client)
    since = len(client.published)
    client.text_document_did_save(
        types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=SEED.as_uri()))
    )
    published = await wait_publish(client, SEED.as_uri(), since=since)
    assert published.diagnostics
    since = len(client.published)
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=SEED.as_uri()))
    )
    published = await wait_publish(client, SEED.as_uri(), since=since)
    assert list(published.diagnostics) == []


async def test_other_documents_are_not_linted(client: LanguageClient, tmp_path: Path):
    other = tmp_path / "notes.py"
    open_doc(client, other, read(SEED), language_id="python")
    # The seed, opened after it, is answered; the .py file never is.
    await open_seed(client)
    assert not [p for p in client.published if p.uri == other.as_uri()]


@pytest.mark.parametrize("code,line", [("VFR404", 163), ("VFR505", 190)])
async def test_quick_fix_equals_library_fix(client: LanguageClient, code: str, line: int):
    text, diagnostics = await open_seed(client)
    source, findings = library_lint(text, SEED)
    (finding,) = [f for f in findings if f.code == code and f.line == line]
    (diag,) = [d for d in diagnostics if d.code == code and d.range.start.line == line - 1]
    actions = await code_actions(client, SEED, diag.range, diagnostics=[diag])
    (action,) = [a for a in actions if a.title.startswith(code) and a.kind == types.CodeActionKind.QuickFix]
    safe = finding.fix.applicability.value == "safe"
    assert action.is_preferred is safe
    assert ("(unsafe)" in action.title) is (not safe)
    assert action.edit.document_changes[0].text_document.version == 1
    expected, n = apply_edits(source, finding.fix.edits)
    assert n == len(finding.fix.edits)
    assert apply_text_edits(text, edits_of(action, SEED.as_uri()), client.encoding) == expected


async def test_quick_fixes_only_in_range(client: LanguageClient):
    text, _ = await open_seed(client)
    # Line 1 has VFR101, which has no fix: no quick fix there.
    rng = types.Range(start=types.Position(0, 3), end=types.Position(0, 3))
    actions = await code_actions(client, SEED, rng, only=[types.CodeActionKind.QuickFix])
    assert not actions


async def test_fix_all_equals_fix_text(client: LanguageClient):
    text, _ = await open_seed(client)
    source, _ = library_lint(text, SEED)
    settings = library_settings(SEED)
    expected = fix_text(source, lambda s: lint_source(s, settings), unsafe=False).text
    assert expected != text
    actions = await code_actions(client, SEED, whole(text), only=["source.fixAll"])
    (action,) = actions
    assert action.kind == "source.fixAll.vfr-lint"
    edits = edits_of(action, SEED.as_uri())
    assert len(edits) == 1 and edits[0].range.start == types.Position(0, 0)
    assert apply_text_edits(text, edits, client.encoding) == expected


async def test_hover_shows_rule_doc(client: LanguageClient):
    text, diagnostics = await open_seed(client)
    (diag,) = [d for d in diagnostics if d.code == "VFR505" and d.range.start.line == 189]
    inside = types.Position(189, diag.range.start.character + 3)
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=SEED.as_uri()), position=inside)
    )
    rule = find_rule("VFR505")
    assert hover.contents.kind == types.MarkupKind.Markdown
    assert hover.contents.value.startswith(f"**VFR505 {rule.name}**")
    assert rule.doc() in hover.contents.value
    assert hover.range == diag.range
    # Nothing to say on a line without findings.
    nothing = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=SEED.as_uri()), position=types.Position(5, 0)
        )
    )
    assert nothing is None


async def test_malformed_requests_do_not_break_the_server(client: LanguageClient):
    await open_seed(client)
    # A raw request (the client library would refuse to serialise it) with bad params.
    future: Future = Future()
    client.protocol._request_futures["bad-hover"] = future
    client.protocol._send_data(
        {
            "jsonrpc": "2.0",
            "id": "bad-hover",
            "method": types.TEXT_DOCUMENT_HOVER,
            "params": {"textDocument": 5, "position": "here"},
        }
    )
    with pytest.raises(JsonRpcException) as error:
        await asyncio.wait_for(asyncio.wrap_future(future), TIMEOUT)
    assert error.value.code == -32602  # InvalidParams
    unknown = await code_actions(client, FIXTURES / "missing.txt", whole(""))
    assert unknown is None
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=(FIXTURES / "missing.txt").as_uri()),
            position=types.Position(0, 0),
        )
    )
    assert hover is None
    # Still answering.
    actions = await code_actions(client, SEED, whole(read(SEED)), only=["source.fixAll"])
    assert len(actions) == 1


# --- Markdown suppressions, configuration ------------------------------------------------


async def test_markdown_disable_actions(client16: LanguageClient, tmp_path: Path):
    client = client16
    path = tmp_path / "protokoll.md"
    text = read(SEED)
    open_doc(client, path, text, language_id="markdown")
    published = await wait_publish(client, path.as_uri(), version=1)
    (diag,) = [d for d in published.diagnostics if d.code == "VFR505" and d.range.start.line == 189]
    actions = await code_actions(client, path, diag.range, diagnostics=[diag])
    line_action = next(a for a in actions if a.title == f"Disable {diag.code} for this line")
    file_action = next(a for a in actions if a.title == f"Disable {diag.code} for this file")
    after = apply_text_edits(text, edits_of(line_action, path.as_uri()), "utf-16")
    assert lines_of(after)[189] == "<!-- vfr-lint: disable-next-line=VFR505 -->\n"
    assert lines_of(after)[190:] == lines_of(text)[189:]
    after = apply_text_edits(text, edits_of(file_action, path.as_uri()), "utf-16")
    assert after == "<!-- vfr-lint: disable-file=VFR505 -->\n" + text
    # Plain-text documents get no suppression comments.
    await open_seed(client)
    seed_diag = client.diagnostics[SEED.as_uri()][0]
    actions = await code_actions(client, SEED, seed_diag.range)
    assert not [a for a in actions if a.title.startswith("Disable")]


async def test_initialization_options_apply(client16: LanguageClient):
    text, diagnostics = await open_seed(client16)
    _, findings = library_lint(text, SEED, ignore=["VFR205"])
    assert [d.code for d in diagnostics] == [f.code for f in findings]
    assert "VFR205" not in [d.code for d in diagnostics]


async def test_config_file_and_changes(client16: LanguageClient, tmp_path: Path):
    client = client16
    doc = tmp_path / "minutes.txt"
    text = read(SEED)
    config = tmp_path / "vfr-lint.toml"
    config.write_text('ignore = ["VFR4"]\n', encoding="utf-8")
    open_doc(client, doc, text)
    published = await wait_publish(client, doc.as_uri(), version=1)
    codes = [d.code for d in published.diagnostics]
    assert codes and not [c for c in codes if c.startswith("VFR4")]
    assert "VFR205" not in codes  # initializationOptions still apply

    # A broken config: an error message (once), the defaults (plus editor overrides).
    config.write_text('ignore = "VFR4"\n', encoding="utf-8")
    since = len(client.published)
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=config.as_uri(), type=types.FileChangeType.Changed)]
        )
    )
    message = await wait_message(client, lambda m: "vfr-lint.toml" in m.message)
    assert message.type == types.MessageType.Error
    assert "default settings" in message.message
    published = await wait_publish(client, doc.as_uri(), since=since)
    findings = lint_source(source_from_text(text, str(doc)), resolve(None, Overrides(ignore=["VFR205"])))
    assert [d.code for d in published.diagnostics] == [f.code for f in findings]

    # Editor settings pushed with didChangeConfiguration.
    config.unlink()
    since = len(client.published)
    client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"vfr-lint": {"select": ["VFR5"]}})
    )
    published = await wait_publish(client, doc.as_uri(), since=since)
    codes = [d.code for d in published.diagnostics]
    assert codes and all(c.startswith("VFR5") for c in codes)
    assert len([m for m in client.messages if "vfr-lint.toml" in m.message]) == 1

    # A bad editor setting: an error, the defaults.
    since = len(client.published)
    client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"vfr-lint": {"select": ["NOPE!"]}})
    )
    message = await wait_message(client, lambda m: "NOPE" in m.message)
    assert message.type == types.MessageType.Error
    published = await wait_publish(client, doc.as_uri(), since=since)
    assert len(published.diagnostics) > 0


# --- in-process units: position conversion, rule crashes ---------------------------------
def test_line_index_encodings():
    from vfr_lint.lsp import LineIndex

    text = "\ufeffå😀b\r\nrad två\rc\n"
    # «b» on line 1 sits after the BOM, «å» and an astral emoji.
    b_column = {"utf-16": 5, "utf-8": 10, "utf-32": 4}
    emoji_middle = {"utf-16": 3, "utf-8": 7, "utf-32": 2}
    for enc in ("utf-16", "utf-8", "utf-32"):
        index = LineIndex(text, enc)
        off = text.index("b")
        assert index.position(off) == types.Position(0, b_column[enc] - 1)
        assert index.offset(index.position(off)) == off
        # A lone CR ends a line too: «c» starts line 3.
        assert index.position(text.index("c")) == types.Position(2, 0)
        assert index.offset(types.Position(1, 99)) == text.index("\rc")  # clamped to the line end
        assert index.offset(types.Position(9, 0)) == len(text)
        assert index.position(len(text)) == types.Position(3, 0)
        # A position inside the emoji's code units resolves to a character boundary.
        assert index.offset(types.Position(0, emoji_middle[enc])) in (text.index("😀"), off)
    # 1-based library positions, clamped like vfr_lint.fix: past a line's end -> its end.
    index = LineIndex("ab\r\ncd\n")
    assert index.finding_offset(1, 99) == 2
    assert index.finding_offset(2, 3) == 6
    assert index.finding_offset(3, 1) == 7


def test_rule_crash_is_reported_not_raised():
    from vfr_lint.findings import Severity
    from vfr_lint.lsp import OpenDocument, _SettingsEntry, create_server
    from vfr_lint.rule import Rule

    class Boom(Rule):
        """Always fails."""

        code = "VFR999"
        name = "boom"
        severity = Severity.ERROR

        def check(self, doc, ctx):
            raise RuntimeError("kaboom")

    settings = library_settings(SEED)
    settings.rules = [*settings.rules, Boom]
    settings._instances = None
    server = create_server()
    server.settings_for = lambda path, is_file: _SettingsEntry(settings)
    text = read(SEED)
    doc = OpenDocument(SEED.as_uri(), str(SEED), text, 1, "plaintext")
    out = server._lint_job(doc, doc.generation, text)
    assert any("VFR999" in c and "kaboom" in c for c in out.crashes)
    _, findings = library_lint(text, SEED)
    assert [f.code for f in out.result.findings] == [f.code for f in findings]
    server.lint_pool.shutdown()


def test_cli_path_does_not_import_pygls():
    import subprocess

    code = (
        "import sys, vfr_lint.cli, vfr_lint.api; "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('pygls', 'lsprotocol', 'vfr_lint.lsp')]; "
        "assert not bad and 'vfr_lint.lsp' not in sys.modules, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
