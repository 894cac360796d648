"""Language-server re-lint latency: didChange -> publishDiagnostics, on the 7 KB seed.

    python bench/lsp_latency.py [--edits 10] [--file PATH] [--cmd "python -m vfr_lint.lsp"]

A minimal LSP client over stdio (JSON-RPC with Content-Length framing): initialize,
didOpen the seed, wait for its first diagnostics, then make `--edits` edits (each
changes one word of a body line, so the diagnostics must be recomputed), timing each
from writing the didChange notification to reading the publishDiagnostics for the
document (the one for the new version when the server reports versions). Prints one
JSON object: median and all samples in milliseconds. Any debounce the server applies
is part of the figure, as the user sees it.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import shlex
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import PYTHON, SEED_FILE  # noqa: E402

# The server as shipped, but with create_server(debounce=0): the didChange -> diagnostics
# time is then the re-lint itself plus the protocol round trip.
NO_DEBOUNCE = (
    "import functools, vfr_lint.lsp as lsp; "
    "lsp.create_server = functools.partial(lsp.create_server, debounce=0); "
    "raise SystemExit(lsp.main())"
)


class Client:
    def __init__(self, argv: list[str]):
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.messages: queue.Queue = queue.Queue()
        self._next_id = 0
        threading.Thread(target=self._reader, daemon=True).start()
        threading.Thread(target=self._drain_stderr, daemon=True).start()
        self.stderr: list[bytes] = []

    def _drain_stderr(self) -> None:
        for line in self.proc.stderr:
            self.stderr.append(line)

    def _reader(self) -> None:
        out = self.proc.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    self.messages.put(None)
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            body = out.read(length or 0)
            msg = json.loads(body)
            self.messages.put((time.perf_counter(), msg))

    def send(self, msg: dict) -> float:
        body = json.dumps({"jsonrpc": "2.0", **msg}, ensure_ascii=False).encode("utf-8")
        t = time.perf_counter()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()
        return t

    def request(self, method: str, params) -> dict:
        self._next_id += 1
        rid = self._next_id
        self.send({"id": rid, "method": method, "params": params})
        _, msg = self.wait(lambda m: m.get("id") == rid and "method" not in m, 60)
        return msg

    def notify(self, method: str, params) -> float:
        return self.send({"method": method, "params": params})

    def wait(self, pred, timeout: float):
        deadline = time.perf_counter() + timeout
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                raise TimeoutError("no answer from the language server")
            item = self.messages.get(timeout=left)
            if item is None:
                err = b"".join(self.stderr).decode("utf-8", "replace")[-800:]
                raise RuntimeError(f"language server exited: {err}")
            t, msg = item
            if "method" in msg and "id" in msg:  # a request from the server: answer it
                self._answer(msg)
                continue
            if pred(msg):
                return t, msg

    def _answer(self, msg: dict) -> None:
        result = None
        if msg["method"] == "workspace/configuration":
            result = [None for _ in msg.get("params", {}).get("items", [])]
        self.send({"id": msg["id"], "result": result})

    def close(self) -> None:
        try:
            self.request("shutdown", None)
            self.notify("exit", None)
            self.proc.wait(timeout=5)
        except Exception:  # noqa: BLE001
            self.proc.kill()
            self.proc.wait()


def measure(file: Path, edits: int, argv: list[str], language_id: str = "plaintext") -> dict:
    text = file.read_bytes().decode("utf-8")
    uri = file.resolve().as_uri()
    started = time.perf_counter()
    client = Client(argv)
    try:
        init = client.request("initialize", {
            "processId": os.getpid(), "rootUri": file.resolve().parent.as_uri(),
            "capabilities": {"textDocument": {"publishDiagnostics": {"versionSupport": True},
                                              "synchronization": {"didSave": True}}},
        })
        startup_ms = (time.perf_counter() - started) * 1000  # spawn -> initialize answered
        sync = init.get("result", {}).get("capabilities", {}).get("textDocumentSync", 1)
        change_kind = sync.get("change", 1) if isinstance(sync, dict) else sync
        client.notify("initialized", {})

        def is_diag(version):
            def pred(m):
                if m.get("method") != "textDocument/publishDiagnostics" or m["params"].get("uri") != uri:
                    return False
                v = m["params"].get("version")
                return v is None or v == version
            return pred

        client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": language_id, "version": 1, "text": text}})
        _, first = client.wait(is_diag(1), 60)
        lines = text.split("\n")
        target = next(i for i, line in enumerate(lines) if "positiv" in line)
        samples = []
        version = 1
        for k in range(edits + 2):  # two warm-up edits
            version += 1
            old = lines[target]
            new = old.replace("positiv", "positiva", 1) if k % 2 == 0 else old.replace("positiva", "positiv", 1)
            lines[target] = new
            if change_kind == 2:  # incremental
                change = {"range": {"start": {"line": target, "character": 0},
                                    "end": {"line": target, "character": len(old)}}, "text": new}
            else:
                change = {"text": "\n".join(lines)}
            sent = client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version},
                                                             "contentChanges": [change]})
            got, msg = client.wait(is_diag(version), 30)
            if k >= 2:
                samples.append((got - sent) * 1000)
        return {"median_ms": statistics.median(samples), "samples_ms": [round(s, 2) for s in samples],
                "sync": "incremental" if change_kind == 2 else "full",
                "diagnostics": len(msg["params"]["diagnostics"]), "first_diagnostics": len(first["params"]["diagnostics"]), "startup_ms": round(startup_ms, 1)}
    finally:
        client.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--edits", type=int, default=10)
    ap.add_argument("--file", type=Path, default=SEED_FILE)
    ap.add_argument("--cmd", default=f"{shlex.quote(PYTHON)} -m vfr_lint.lsp")
    ap.add_argument("--no-debounce", action="store_true",
                    help="force the server's change debounce to 0 (already the default; kept for servers built with one)")
    ap.add_argument("--language-id", default="plaintext")
    args = ap.parse_args(argv)
    argv = shlex.split(args.cmd)
    if args.no_debounce:
        argv = [PYTHON, "-c", NO_DEBOUNCE]
    print(json.dumps(measure(args.file, args.edits, argv, args.language_id)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
