"""`vfr-lint lsp`: a Language Server on stdio (pygls 2), calling the library in-process.

Only `vfr-lint lsp` imports this module: pygls is never loaded on the CLI path.

What it does:

* diagnostics for .txt / .md documents (languageId plaintext / markdown, or by
  extension) on open, save and change; an empty list on close. A change is linted at
  once; changes that arrive while a run is going are folded into one run of the newest
  text after it. Results for a document version that is no longer current are never
  published;
* code actions: a quick fix per fixable finding, ``source.fixAll.vfr-lint`` (all safe
  fixes to a fixed point, as one edit of the whole document) and, for Markdown, inline
  suppression comments;
* hover: the rule's documentation over a diagnostic;
* configuration: the config file found from the document's directory, plus editor
  overrides from ``initializationOptions`` and the ``vfr-lint`` settings section.

Positions: findings carry 1-based lines and code-point columns in the stored text; the
client gets 0-based lines and columns in the negotiated position encoding (UTF-16 by
default, UTF-8 / UTF-32 if the client offers them in ``general.positionEncodings``).
Lines are split at CRLF, CR and LF only, as in the LSP specification and the library.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import os
import re
import sys
import threading
import traceback
from bisect import bisect_right
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol
from pygls.uris import to_fs_path

from . import __version__
from .config import CONFIG_FILE_NAMES
from .findings import Applicability, Finding, Fix, Severity
from .source import MARKDOWN_SUFFIXES

logger = logging.getLogger("vfr_lint.lsp")

NAME = "vfr-lint"
SOURCE = "vfr-lint"
SETTINGS_SECTION = "vfr-lint"
FIX_ALL_KIND = "source.fixAll.vfr-lint"
# No timer by default: a lint of a page of minutes takes milliseconds, and runs never
# pile up (see VfrLanguageServer.schedule). A debounce can still be set for slow setups.
DEBOUNCE_SECONDS = 0.0

TEXT_LANGUAGES = frozenset({"plaintext", "text", "markdown"})
TEXT_SUFFIXES = frozenset({".txt", *MARKDOWN_SUFFIXES})

_SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}

_NEWLINE = re.compile(r"\r\n|\r|\n")
_BOM = "\ufeff"


# --------------------------------------------------------------------------- positions
class LineIndex:
    """Offsets (code points) of a text <-> LSP positions in a given encoding."""

    def __init__(self, text: str, encoding: str = types.PositionEncodingKind.Utf16):
        self.text = text
        self.encoding = str(encoding)
        self.starts = [0, *(m.end() for m in _NEWLINE.finditer(text))]

    # code units of a piece of one line
    def _units(self, s: str) -> int:
        if self.encoding == types.PositionEncodingKind.Utf32:
            return len(s)
        if self.encoding == types.PositionEncodingKind.Utf8:
            return len(s.encode("utf-8", "surrogatepass"))
        return len(s.encode("utf-16-le", "surrogatepass")) // 2

    def _line_end(self, i: int) -> int:
        """Offset of the end of line i's content (before its newline)."""
        if i + 1 < len(self.starts):
            end = self.starts[i + 1]
            nl = self.text[end - 2 : end]
            return end - (2 if nl == "\r\n" else 1)
        return len(self.text)

    def position(self, offset: int) -> types.Position:
        offset = max(0, min(offset, len(self.text)))
        i = bisect_right(self.starts, offset) - 1
        return types.Position(line=i, character=self._units(self.text[self.starts[i] : offset]))

    def range(self, start: int, end: int) -> types.Range:
        return types.Range(start=self.position(start), end=self.position(max(start, end)))

    def offset(self, position: types.Position) -> int:
        """A client position -> offset; past the end of a line means its end, past the
        last line the end of the text, inside a character its start."""
        if position.line < 0:
            return 0
        if position.line >= len(self.starts):
            return len(self.text)
        start = self.starts[position.line]
        end = self._line_end(position.line)
        if self.encoding == types.PositionEncodingKind.Utf32:
            return min(start + max(position.character, 0), end)
        units = 0
        for i in range(start, end):
            if units >= position.character:
                return i
            units += self._units(self.text[i])
        return end

    def finding_offset(self, line: int, column: int) -> int:
        """A 1-based (line, code-point column) of the library -> offset, clamped the way
        vfr_lint.fix applies edits: past the end of a line means the end of its content,
        past the last line the end of the text."""
        n = len(self.starts)
        if self.text.endswith(("\n", "\r")) and n > 1:
            n -= 1  # a final newline does not open another line (as in Source)
        if line > n:
            return len(self.text)
        if line < 1:
            return 0
        start = self.starts[line - 1]
        raw = start + max(column, 1) - 1
        if line == n and raw >= len(self.text):
            return len(self.text)
        return min(raw, self._line_end(line - 1))

    def finding_range(self, line: int, column: int, end_line: int, end_column: int) -> tuple[int, int]:
        start = self.finding_offset(line, column)
        return start, max(start, self.finding_offset(end_line, end_column))


# --------------------------------------------------------------------------- state
@dataclass
class LintResult:
    generation: int
    text: str
    source: Any  # vfr_lint.source.Source
    findings: list[Finding]
    settings: Any  # api.Settings


@dataclass
class OpenDocument:
    uri: str
    path: str
    text: str
    version: int | None
    language_id: str
    generation: int = 0
    task: asyncio.Task | None = None
    linting: bool = False  # the task's run is in the worker now
    result: LintResult | None = None

    @property
    def markdown(self) -> bool:
        return self.language_id == "markdown" or Path(self.path).suffix.lower() in MARKDOWN_SUFFIXES

    @property
    def lintable(self) -> bool:
        return self.language_id in TEXT_LANGUAGES or Path(self.path).suffix.lower() in TEXT_SUFFIXES


def _uri_path(uri: str) -> str:
    path = to_fs_path(uri)
    if path is None:
        path = unquote(urlparse(uri).path) or uri
    return path


def _is_file_uri(uri: str) -> bool:
    return uri.startswith("file:")


# --------------------------------------------------------------------------- overrides
_OVERRIDE_KEYS = {
    "select": "select",
    "ignore": "ignore",
    "extendselect": "extend_select",
    "extend-select": "extend_select",
    "extend_select": "extend_select",
    "profile": "profile",
    "language": "language",
}


def _overrides_from(options: dict[str, Any]) -> tuple[Any, list[str]]:
    """Editor options -> (settings.Overrides, warnings). Raises SettingsError."""
    from .settings import Overrides, SettingsError

    values: dict[str, Any] = {}
    warnings: list[str] = []
    for key, value in options.items():
        name = _OVERRIDE_KEYS.get(key) or _OVERRIDE_KEYS.get(key.lower())
        if name is None:
            warnings.append(f"unknown vfr-lint setting {key!r} ignored")
            continue
        if value is None:
            continue
        if name in ("profile", "language"):
            if not isinstance(value, str) or not value:
                raise SettingsError(f"editor setting {key}: expected a string, got {value!r}")
            if name == "language" and value not in ("sv", "en"):
                raise SettingsError(f"editor setting {key}: expected 'sv' or 'en', got {value!r}")
        else:
            if isinstance(value, str):
                value = [s.strip() for s in value.split(",") if s.strip()]
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise SettingsError(f"editor setting {key}: expected a list of strings, got {value!r}")
        values[name] = value
    return Overrides(**values), warnings


def _settings_section(settings: Any) -> dict[str, Any] | None:
    """The vfr-lint section of a didChangeConfiguration payload (or None)."""
    if isinstance(settings, dict):
        section = settings.get(SETTINGS_SECTION)
        if isinstance(section, dict):
            return section
    return None


# --------------------------------------------------------------------------- protocol
class _Handled:
    """Stands in for a request that was answered while it was being decoded."""

    jsonrpc = None


class VfrProtocol(LanguageServerProtocol):
    """Answers a request whose params cannot be decoded with an InvalidParams error
    (pygls alone would log it and never answer, leaving the client waiting)."""

    def structure_message(self, data: dict[str, Any]):
        try:
            return super().structure_message(data)
        except JsonRpcException as exc:
            if isinstance(data, dict) and "id" in data and "method" in data:
                logger.warning("invalid params for %s (request %s)", data.get("method"), data.get("id"))
                self._send_response(data["id"], None, exc.to_response_error())
                return _Handled()
            raise

    def handle_message(self, message):
        if isinstance(message, _Handled):
            return
        super().handle_message(message)


# --------------------------------------------------------------------------- server
@dataclass
class _SettingsEntry:
    settings: Any
    error: str | None = None


@dataclass
class _WorkerOutput:
    result: LintResult | None
    error: str | None = None
    crashes: list[str] = field(default_factory=list)


class VfrLanguageServer(LanguageServer):
    def __init__(self, debounce: float = DEBOUNCE_SECONDS):
        super().__init__(
            NAME,
            __version__,
            text_document_sync_kind=types.TextDocumentSyncKind.Full,
            protocol_cls=VfrProtocol,
        )
        self.debounce = debounce
        self.docs: dict[str, OpenDocument] = {}
        self.init_options: dict[str, Any] = {}
        self.editor_settings: dict[str, Any] = {}
        self.epoch = 0  # bumped when configuration changes
        self._settings_cache: dict[tuple[int, str], _SettingsEntry] = {}
        self._settings_lock = threading.Lock()
        self._shown_errors: set[str] = set()
        self._logged: set[str] = set()
        # One worker: lint runs are serialised (the library need not be thread-safe) and
        # never block the event loop, which keeps answering requests.
        self.lint_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="vfr-lint")

    # --- messages -----------------------------------------------------------------------
    def log(self, message: str, kind: types.MessageType = types.MessageType.Log) -> None:
        try:
            self.window_log_message(types.LogMessageParams(type=kind, message=message))
        except Exception:  # noqa: BLE001 - logging must never fail a handler
            logger.exception("cannot send logMessage")

    def log_once(self, message: str, kind: types.MessageType = types.MessageType.Warning) -> None:
        if message not in self._logged:
            self._logged.add(message)
            self.log(message, kind)

    def show_error_once(self, message: str) -> None:
        if message in self._shown_errors:
            return
        self._shown_errors.add(message)
        self.log(message, types.MessageType.Error)
        try:
            self.window_show_message(types.ShowMessageParams(type=types.MessageType.Error, message=message))
        except Exception:  # noqa: BLE001
            logger.exception("cannot send showMessage")

    @property
    def encoding(self) -> str:
        try:
            return str(self.workspace.position_encoding or types.PositionEncodingKind.Utf16)
        except RuntimeError:  # not initialised
            return types.PositionEncodingKind.Utf16

    def index(self, text: str) -> LineIndex:
        return LineIndex(text, self.encoding)

    # --- settings (called in the worker thread) -------------------------------------------
    def settings_for(self, doc_path: str, is_file: bool) -> _SettingsEntry:
        """The settings for a document, cached per directory (until the configuration
        changes). A broken config file or editor setting gives the defaults and an error
        message to show."""
        if is_file:
            directory = os.path.dirname(os.path.abspath(doc_path))
        else:  # e.g. an untitled buffer: the workspace root, else the cwd
            root = self.workspace.root_path if self._has_workspace() else None
            directory = root or os.getcwd()
        with self._settings_lock:
            key = (self.epoch, directory)
            entry = self._settings_cache.get(key)
            if entry is None:
                entry = self._settings_cache[key] = self._resolve_settings(directory)
            return entry

    def _resolve_settings(self, directory: str) -> _SettingsEntry:
        from .config import ConfigError, discover_config
        from .settings import SettingsError, resolve

        fallback = "; using the default settings"
        try:
            overrides, _ = _overrides_from({**self.init_options, **self.editor_settings})
        except SettingsError as exc:
            return _SettingsEntry(resolve(None, None), f"vfr-lint: {exc}{fallback}")
        try:
            return _SettingsEntry(resolve(discover_config(Path(directory)), overrides))
        except (ConfigError, SettingsError) as exc:
            error = f"vfr-lint: {exc}{fallback}"
        try:  # nothing from the broken config file; the editor's overrides still apply
            return _SettingsEntry(resolve(None, overrides), error)
        except SettingsError:
            return _SettingsEntry(resolve(None, None), error)

    def check_editor_settings(self) -> None:
        """Log unknown editor settings (errors are reported when a document is linted)."""
        from .settings import SettingsError

        try:
            _, warnings = _overrides_from({**self.init_options, **self.editor_settings})
        except SettingsError:
            return
        for warning in warnings:
            self.log_once(f"vfr-lint: {warning}")

    def _has_workspace(self) -> bool:
        try:
            self.workspace  # noqa: B018
        except RuntimeError:
            return False
        return True

    def drop_settings(self) -> None:
        with self._settings_lock:
            self.epoch += 1
            self._settings_cache.clear()
        self._shown_errors.clear()

    # --- linting --------------------------------------------------------------------------
    def _lint_job(self, doc: OpenDocument, generation: int, text: str) -> _WorkerOutput:
        """Runs in the worker thread."""
        from .api import lint_source
        from .source import source_from_text

        if doc.generation != generation:
            return _WorkerOutput(None)  # superseded while queued
        entry = self.settings_for(doc.path, _is_file_uri(doc.uri))
        crashes: list[str] = []
        source = source_from_text(text, doc.path, format="markdown" if doc.markdown else None)
        findings = lint_source(source, entry.settings, on_rule_error=lambda c: crashes.append(str(c)))
        return _WorkerOutput(LintResult(generation, text, source, findings, entry.settings), entry.error, crashes)

    async def lint(self, doc: OpenDocument) -> LintResult | None:
        """Lint the document's current text off the event loop; None if it changed
        meanwhile."""
        generation, text = doc.generation, doc.text
        loop = asyncio.get_running_loop()
        out = await loop.run_in_executor(self.lint_pool, self._lint_job, doc, generation, text)
        if out.error:
            self.show_error_once(out.error)
        for crash in out.crashes:
            self.log_once(f"vfr-lint: {crash}", types.MessageType.Error)
        if out.result is None or doc.generation != generation or self.docs.get(doc.uri) is not doc:
            return None
        doc.result = out.result
        return out.result

    async def current(self, doc: OpenDocument) -> LintResult | None:
        """The lint result for the document as it is now (linting it if needed)."""
        if doc.result is not None and doc.result.generation == doc.generation:
            return doc.result
        for _ in range(3):
            result = await self.lint(doc)
            if result is not None:
                return result
            if self.docs.get(doc.uri) is not doc:
                return None
        return None

    def schedule(self, doc: OpenDocument, delay: float) -> None:
        """(Re)lint and publish. A run already in the worker is left to finish, and the
        same task then lints the newest text at once: the first edit after a pause is
        linted without waiting, and a burst of edits costs at most one extra run."""
        doc.generation += 1
        if doc.task is not None and not doc.task.done():
            if doc.linting:
                return  # the running task sees the new generation and lints again
            doc.task.cancel()  # still waiting out a debounce
        doc.task = asyncio.ensure_future(self._lint_and_publish(doc, delay))

    async def _lint_and_publish(self, doc: OpenDocument, delay: float) -> None:
        try:
            if delay > 0:
                await asyncio.sleep(delay)
            while self.docs.get(doc.uri) is doc:
                doc.linting = True
                try:
                    result = await self.lint(doc)
                finally:
                    doc.linting = False
                if result is not None:  # None: the text changed during the run
                    self.publish(doc, result)
                    return
        except asyncio.CancelledError:
            pass
        except Exception:  # noqa: BLE001 - never crash the server
            self.log(f"vfr-lint: linting {doc.uri} failed:\n{traceback.format_exc()}", types.MessageType.Error)

    def publish(self, doc: OpenDocument, result: LintResult) -> None:
        index = self.index(result.text)
        diagnostics = [self.diagnostic(f, index, doc) for f in result.findings]
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=doc.uri, diagnostics=diagnostics, version=doc.version)
        )

    def clear(self, uri: str) -> None:
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    def relint_all(self) -> None:
        for doc in list(self.docs.values()):
            if doc.lintable:
                self.schedule(doc, 0)

    def diagnostic(self, f: Finding, index: LineIndex, doc: OpenDocument) -> types.Diagnostic:
        from .registry import find_rule

        start, end = _finding_span(f, index)
        rule = find_rule(f.code)
        href = rule.url() if rule is not None else None
        return types.Diagnostic(
            range=index.range(start, end),
            severity=_SEVERITY.get(f.severity, types.DiagnosticSeverity.Warning),
            code=f.code,
            code_description=types.CodeDescription(href=href) if href else None,
            source=SOURCE,
            message=f.message,
            data={
                "name": f.name,
                "version": doc.version,
                "fix": f.fix.to_dict() if f.fix is not None else None,
            },
        )

    # --- edits ------------------------------------------------------------------------------
    def workspace_edit(self, doc: OpenDocument, edits: list[types.TextEdit]) -> types.WorkspaceEdit:
        caps = self.client_capabilities
        document_changes = bool(
            caps.workspace and caps.workspace.workspace_edit and caps.workspace.workspace_edit.document_changes
        )
        if document_changes:
            return types.WorkspaceEdit(
                document_changes=[
                    types.TextDocumentEdit(
                        text_document=types.OptionalVersionedTextDocumentIdentifier(uri=doc.uri, version=doc.version),
                        edits=list(edits),
                    )
                ]
            )
        return types.WorkspaceEdit(changes={doc.uri: list(edits)})


def _bom(text: str) -> int:
    return 1 if text.startswith(_BOM) else 0


def _finding_span(f: Finding, index: LineIndex) -> tuple[int, int]:
    """Offsets in the editor's text of a finding. The library strips a leading BOM from
    the stored text; the editor's text may keep it (only line 1 shifts)."""
    start, end = index.finding_range(f.line, f.column, f.end_line, f.end_column)
    if _bom(index.text):
        start += f.line == 1
        end += f.end_line == 1
    return start, end


def fix_text_edits(fix: Fix, index: LineIndex, newline: str) -> list[types.TextEdit]:
    """A Fix's edits as LSP TextEdits, skipping edits that conflict with an earlier one
    (in order of position), as vfr_lint.fix.apply_edits does."""
    shift = _bom(index.text)
    spans = []
    for i, e in enumerate(fix.edits):
        start, end = index.finding_offset(e.line, e.column), index.finding_offset(e.end_line, e.end_column)
        if start > end:
            continue
        spans.append((start + (shift and e.line == 1), end + (shift and e.end_line == 1), i))
    spans.sort()
    taken: list[tuple[int, int]] = []
    edits = []
    for start, end, i in spans:
        if any(s == start or (s < end and start < e) for s, e in taken):
            continue
        taken.append((start, end))
        content = fix.edits[i].content
        if "\n" in content:
            content = re.sub(r"\r\n|\n", lambda _m: newline, content)
        edits.append(types.TextEdit(range=index.range(start, end), new_text=content))
    return edits


def _kind_wanted(kind: str, only: Sequence[str] | None) -> bool:
    if not only:
        return True
    return any(kind == o or kind.startswith(o + ".") for o in only)


def _overlaps(start: int, end: int, rstart: int, rend: int) -> bool:
    return start <= rend and rstart <= end


def _rule_doc(code: str) -> str | None:
    from .registry import find_rule

    rule = find_rule(code)
    if rule is None:
        return None
    text = f"**{rule.code} {rule.name}**\n\n{rule.doc()}"
    return text + f"\n\n[{rule.code} documentation]({rule.url()})"


# --------------------------------------------------------------------------- handlers
def _guard(default: Any = None) -> Callable:
    """Log any exception of a handler (to the client too) and return `default`."""

    def decorate(fn):
        @functools.wraps(fn)
        async def wrapper(ls: VfrLanguageServer, params):
            try:
                return await fn(ls, params)
            except Exception:  # noqa: BLE001 - never crash the server
                message = f"vfr-lint: {fn.__name__} failed:\n{traceback.format_exc()}"
                logger.error(message)
                ls.log(message, types.MessageType.Error)
                return default

        return wrapper

    return decorate


def create_server(debounce: float = DEBOUNCE_SECONDS) -> VfrLanguageServer:
    server = VfrLanguageServer(debounce)

    @server.feature(types.INITIALIZE)
    @_guard()
    async def initialize(ls: VfrLanguageServer, params: types.InitializeParams):
        options = params.initialization_options
        if isinstance(options, dict):
            section = _settings_section(options)
            ls.init_options = dict(section if section is not None else options)
        elif options is not None:
            ls.log_once("vfr-lint: initializationOptions must be an object; ignored")
        ls.check_editor_settings()

    @server.feature(types.INITIALIZED)
    @_guard()
    async def initialized(ls: VfrLanguageServer, params: types.InitializedParams):
        # Warm up (imports, default settings) in the worker while the editor opens files.
        asyncio.get_running_loop().run_in_executor(ls.lint_pool, _warm_up)
        caps = ls.client_capabilities.workspace
        registrations = []
        if caps and caps.did_change_watched_files and caps.did_change_watched_files.dynamic_registration:
            watchers = [types.FileSystemWatcher(glob_pattern=f"**/{name}") for name in CONFIG_FILE_NAMES]
            registrations.append(
                types.Registration(
                    id="vfr-lint-config-files",
                    method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                    register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers),
                )
            )
        if caps and caps.did_change_configuration and caps.did_change_configuration.dynamic_registration:
            registrations.append(
                types.Registration(id="vfr-lint-configuration", method=types.WORKSPACE_DID_CHANGE_CONFIGURATION)
            )
        if registrations:
            try:
                await ls.client_register_capability_async(types.RegistrationParams(registrations=registrations))
            except Exception as exc:  # noqa: BLE001 - the client may refuse
                ls.log(f"vfr-lint: client/registerCapability failed: {exc}", types.MessageType.Warning)
        if caps and caps.configuration:
            await _pull_configuration(ls)

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    @_guard()
    async def did_open(ls: VfrLanguageServer, params: types.DidOpenTextDocumentParams):
        item = params.text_document
        doc = OpenDocument(item.uri, _uri_path(item.uri), item.text, item.version, item.language_id or "")
        old = ls.docs.get(item.uri)
        if old is not None and old.task is not None:
            old.task.cancel()
        ls.docs[item.uri] = doc
        if doc.lintable:
            ls.schedule(doc, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    @_guard()
    async def did_change(ls: VfrLanguageServer, params: types.DidChangeTextDocumentParams):
        doc = ls.docs.get(params.text_document.uri)
        if doc is None:
            return
        text = doc.text
        for change in params.content_changes:
            if isinstance(change, types.TextDocumentContentChangePartial):
                index = ls.index(text)
                start, end = index.offset(change.range.start), index.offset(change.range.end)
                text = text[:start] + change.text + text[max(start, end) :]
            else:
                text = change.text
        doc.text = text
        doc.version = params.text_document.version
        if doc.lintable:
            ls.schedule(doc, ls.debounce)
        else:
            doc.generation += 1

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    @_guard()
    async def did_save(ls: VfrLanguageServer, params: types.DidSaveTextDocumentParams):
        doc = ls.docs.get(params.text_document.uri)
        if doc is None:
            return
        if params.text is not None and params.text != doc.text:
            doc.text = params.text
        if doc.lintable:
            ls.schedule(doc, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    @_guard()
    async def did_close(ls: VfrLanguageServer, params: types.DidCloseTextDocumentParams):
        doc = ls.docs.pop(params.text_document.uri, None)
        if doc is not None:
            doc.generation += 1
            if doc.task is not None:
                doc.task.cancel()
        ls.clear(params.text_document.uri)

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    @_guard()
    async def did_change_configuration(ls: VfrLanguageServer, params: types.DidChangeConfigurationParams):
        section = _settings_section(params.settings)
        if section is not None:
            ls.editor_settings = dict(section)
        elif ls.client_capabilities.workspace and ls.client_capabilities.workspace.configuration:
            await _pull_configuration(ls, relint=False)
        ls.check_editor_settings()
        ls.drop_settings()
        ls.relint_all()

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    @_guard()
    async def did_change_watched_files(ls: VfrLanguageServer, params: types.DidChangeWatchedFilesParams):
        names = set(CONFIG_FILE_NAMES)
        if any(Path(_uri_path(c.uri)).name in names for c in params.changes):
            ls.drop_settings()
            ls.relint_all()

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(
            code_action_kinds=[types.CodeActionKind.QuickFix, types.CodeActionKind.SourceFixAll, FIX_ALL_KIND],
            resolve_provider=False,
        ),
    )
    @_guard()
    async def code_action(ls: VfrLanguageServer, params: types.CodeActionParams):
        doc = ls.docs.get(params.text_document.uri)
        if doc is None or not doc.lintable:
            return None
        result = await ls.current(doc)
        if result is None:
            return None
        return await _code_actions(ls, doc, result, params)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    @_guard()
    async def hover(ls: VfrLanguageServer, params: types.HoverParams):
        doc = ls.docs.get(params.text_document.uri)
        if doc is None or not doc.lintable:
            return None
        result = await ls.current(doc)
        if result is None:
            return None
        index = ls.index(result.text)
        pos = index.offset(params.position)
        parts: list[str] = []
        seen: set[str] = set()
        covered: tuple[int, int] | None = None
        for f in result.findings:
            start, end = _finding_span(f, index)
            if start <= pos < max(end, start + 1) and f.code not in seen:
                seen.add(f.code)
                doc_md = _rule_doc(f.code)
                if doc_md:
                    parts.append(doc_md)
                    covered = (start, end) if covered is None else (min(covered[0], start), max(covered[1], end))
        if not parts:
            return None
        return types.Hover(
            contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value="\n\n---\n\n".join(parts)),
            range=index.range(*covered) if covered else None,
        )

    return server


async def _pull_configuration(ls: VfrLanguageServer, relint: bool = True) -> None:
    try:
        values = await ls.workspace_configuration_async(
            types.ConfigurationParams(items=[types.ConfigurationItem(section=SETTINGS_SECTION)])
        )
    except Exception as exc:  # noqa: BLE001 - a client may not answer
        ls.log(f"vfr-lint: workspace/configuration failed: {exc}", types.MessageType.Warning)
        return
    value = values[0] if values else None
    if not isinstance(value, dict):
        return  # the client has no vfr-lint section (keep what it may have pushed)
    new = dict(value)
    if new != ls.editor_settings:
        ls.editor_settings = new
        ls.check_editor_settings()
        if relint:
            ls.drop_settings()
            ls.relint_all()


async def _code_actions(ls: VfrLanguageServer, doc: OpenDocument, result: LintResult, params) -> list:
    only = params.context.only if params.context else None
    index = ls.index(result.text)
    rstart, rend = index.offset(params.range.start), index.offset(params.range.end)
    newline = result.source.newline
    actions: list[types.CodeAction] = []
    disables: list[types.CodeAction] = []
    disabled_codes: set[str] = set()
    for f in result.findings:
        start, end = _finding_span(f, index)
        if not _overlaps(start, end, rstart, rend):
            continue
        diagnostic = ls.diagnostic(f, index, doc)
        if f.fix is not None and f.fix.edits and _kind_wanted(types.CodeActionKind.QuickFix, only):
            edits = fix_text_edits(f.fix, index, newline)
            if edits:
                safe = f.fix.applicability is Applicability.SAFE
                title = f"{f.code}: {f.fix.message or 'Fix'}" + ("" if safe else " (unsafe)")
                actions.append(
                    types.CodeAction(
                        title=title,
                        kind=types.CodeActionKind.QuickFix,
                        diagnostics=[diagnostic],
                        is_preferred=safe,
                        edit=ls.workspace_edit(doc, edits),
                    )
                )
        if doc.markdown and f.code not in disabled_codes and _kind_wanted(types.CodeActionKind.QuickFix, only):
            disabled_codes.add(f.code)
            line_start = index.finding_offset(f.line, 1)
            comment_line = f"<!-- vfr-lint: disable-next-line={f.code} -->{newline}"
            comment_file = f"<!-- vfr-lint: disable-file={f.code} -->{newline}"
            top = _bom(index.text)
            for title, at, text in (
                (f"Disable {f.code} for this line", line_start, comment_line),
                (f"Disable {f.code} for this file", top, comment_file),
            ):
                edit = types.TextEdit(range=index.range(at, at), new_text=text)
                disables.append(
                    types.CodeAction(
                        title=title,
                        kind=types.CodeActionKind.QuickFix,
                        diagnostics=[diagnostic],
                        is_preferred=False,
                        edit=ls.workspace_edit(doc, [edit]),
                    )
                )
    actions.extend(disables)
    if _kind_wanted(FIX_ALL_KIND, only) and any(
        f.fix is not None and f.fix.applicability is Applicability.SAFE for f in result.findings
    ):
        action = await _fix_all_action(ls, doc, result, index)
        if action is not None:
            actions.append(action)
    return actions


async def _fix_all_action(ls: VfrLanguageServer, doc: OpenDocument, result: LintResult, index: LineIndex):
    loop = asyncio.get_running_loop()
    crashes: list[str] = []
    new_text = await loop.run_in_executor(ls.lint_pool, _fix_all_text, result, crashes)
    for crash in crashes:
        ls.log_once(f"vfr-lint: {crash}", types.MessageType.Error)
    if new_text is None:
        return None
    if _bom(result.text):
        new_text = _BOM + new_text
    if new_text == result.text:
        return None
    edit = types.TextEdit(range=index.range(0, len(result.text)), new_text=new_text)
    return types.CodeAction(
        title="vfr-lint: fix all safely fixable problems",
        kind=FIX_ALL_KIND,
        edit=ls.workspace_edit(doc, [edit]),
    )


def _fix_all_text(result: LintResult, crashes: list[str]) -> str | None:
    """Runs in the worker thread."""
    from .api import lint_source
    from .fix import fix_text

    def relint(source):
        return lint_source(source, result.settings, on_rule_error=lambda c: crashes.append(str(c)))

    fixed = fix_text(result.source, relint, unsafe=False)
    return fixed.text if fixed.changed else None


def _warm_up() -> None:
    try:
        from .api import default_settings, lint_text

        lint_text("", "warm-up.txt", default_settings(), on_rule_error=lambda c: None)
    except Exception:  # noqa: BLE001 - only a warm-up
        logger.debug("warm-up failed", exc_info=True)


# --------------------------------------------------------------------------- entry point
def main() -> int:
    """Serve on stdio until the client says exit (or closes the pipe). Returns the exit
    code: 0 after a shutdown request, 1 otherwise (as the LSP specification says)."""
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="vfr-lint lsp: %(message)s")
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # a stray print must not corrupt the protocol stream
    server = create_server()
    try:
        server.start_io(stdin, stdout)
    finally:
        server.lint_pool.shutdown(wait=False, cancel_futures=True)
    return 0 if server.protocol._shutdown else 1


if __name__ == "__main__":
    raise SystemExit(main())


__all__ = ["LineIndex", "VfrLanguageServer", "create_server", "main"]
