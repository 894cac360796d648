"""Measure `vfr-lint lsp`: spawn -> initialize response, and didChange -> publishDiagnostics
on the 7 KB seed (median of N edits, each waited for before the next). Not a test:

    .venv/bin/python tests/lsp/bench_latency.py [N]

The didChange figure includes the server's debounce (vfr_lint.lsp.DEBOUNCE_SECONDS)."""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient

SEED = Path(__file__).parent.parent / "fixtures" / "000_f9f2acdc3d3ad322.txt"


async def main(n: int) -> None:
    from vfr_lint.api import lint_text
    from vfr_lint.lsp import DEBOUNCE_SECONDS

    client = LanguageClient("bench", "0")
    waiting: dict[int, asyncio.Future] = {}

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def on_publish(params: types.PublishDiagnosticsParams):
        fut = waiting.pop(params.version, None)
        if fut is not None and not fut.done():
            fut.set_result((time.perf_counter(), len(params.diagnostics)))

    t0 = time.perf_counter()
    await client.start_io(sys.executable, "-m", "vfr_lint.lsp")
    await client.initialize_async(types.InitializeParams(capabilities=types.ClientCapabilities()))
    startup = time.perf_counter() - t0
    client.initialized(types.InitializedParams())

    uri = SEED.as_uri()
    text = SEED.read_text(encoding="utf-8")
    edited = text.replace("(17 juni) en extern för", "(17 juni) för")
    loop = asyncio.get_running_loop()

    waiting[1] = loop.create_future()
    t0 = time.perf_counter()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="plaintext", version=1, text=text)
        )
    )
    t1, _ = await waiting[1] if 1 in waiting else (time.perf_counter(), 0)
    first = t1 - t0

    latencies = []
    for i in range(n):
        version = i + 2
        fut = waiting[version] = loop.create_future()
        t0 = time.perf_counter()
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[types.TextDocumentContentChangeWholeDocument(text=edited if i % 2 == 0 else text)],
            )
        )
        t1, _ = await asyncio.wait_for(fut, 30)
        latencies.append(t1 - t0)

    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()

    lint_times = []
    for _ in range(n):
        t0 = time.perf_counter()
        lint_text(text, str(SEED))
        lint_times.append(time.perf_counter() - t0)

    ms = lambda s: f"{s * 1000:.0f} ms"  # noqa: E731
    print(f"seed: {SEED.name} ({len(text.encode())} bytes)")
    print(f"spawn -> initialize response: {ms(startup)}")
    print(f"didOpen -> publishDiagnostics (first lint, no debounce): {ms(first)}")
    print(
        f"didChange -> publishDiagnostics, median of {n}: {ms(statistics.median(latencies))} "
        f"(min {ms(min(latencies))}, max {ms(max(latencies))}; includes the {ms(DEBOUNCE_SECONDS)} debounce)"
    )
    print(f"in-process lint_text of the seed, median of {n}: {ms(statistics.median(lint_times))}")


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 10))
