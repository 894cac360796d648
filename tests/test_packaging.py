"""Packaging: third-party rule plugins through the `vfr_lint.rules` entry-point group,
and the wheel (data files inside, installs and runs outside the checkout)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
SEED0 = FIXTURES / "000_f9f2acdc3d3ad322.txt"
CONSOLE_SCRIPT = Path(sys.executable).parent / ("vfr-lint.exe" if os.name == "nt" else "vfr-lint")

CLEAN = (Path(__file__).parent / "fixtures" / "clean" / "minutes.txt").read_text(encoding="utf-8")

PLUGIN_RULES = '''\
import pathlib

from vfr_lint.findings import Severity
from vfr_lint.rule import Rule

# Leave a trace when imported, so a test can tell whether the module was loaded.
pathlib.Path(__file__).with_name("IMPORTED").write_text("yes")


class DemoPlugin(Rule):
    """A demo plugin rule: reports the start of every document."""

    code = "VFR950"
    name = "demo-plugin"
    severity = Severity.WARNING
    messages = {"demo": ("Demoregeln slog till", "The demo rule fired")}

    def check(self, doc, ctx):
        yield ctx.finding(self, (0, 0), "demo")
'''


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    env["NO_COLOR"] = "1"
    env.update(extra)
    return env


def vfr(
    *args: str, cwd: Path, env: dict[str, str] | None = None, exe: list[str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess:
    command = (exe or [sys.executable, "-m", "vfr_lint"]) + list(args)
    proc = subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, encoding="utf-8", env=env or _env(), timeout=timeout
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


def write_plugin(site: Path, *, dist_info: bool = True) -> Path:
    """A package `vfr_plugin_demo` in `site`, registered (when `dist_info`) as an
    installed distribution with an entry point in the group `vfr_lint.rules`."""
    pkg = site / "vfr_plugin_demo"
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").write_text("", encoding="utf-8")
    (pkg / "rules.py").write_text(PLUGIN_RULES, encoding="utf-8")
    if dist_info:
        info = site / "vfr_plugin_demo-0.1.dist-info"
        info.mkdir()
        (info / "METADATA").write_text("Metadata-Version: 2.1\nName: vfr-plugin-demo\nVersion: 0.1\n", encoding="utf-8")
        (info / "entry_points.txt").write_text("[vfr_lint.rules]\ndemo = vfr_plugin_demo.rules\n", encoding="utf-8")
    return pkg


def findings_of(proc: subprocess.CompletedProcess) -> list[dict]:
    assert proc.returncode in (0, 1), proc.stderr
    return json.loads(proc.stdout)


# --------------------------------------------------------------------------- plugins


@pytest.fixture
def plugin(tmp_path: Path) -> tuple[Path, Path]:
    """(site folder holding the installed plugin, a work folder with a clean document)."""
    site = tmp_path / "site"
    pkg = write_plugin(site)
    work = tmp_path / "work"
    work.mkdir()
    (work / "clean.txt").write_text(CLEAN, encoding="utf-8")
    return site, pkg


def test_plugin_rule_is_found_through_its_entry_point(tmp_path: Path, plugin: tuple[Path, Path]) -> None:
    site, pkg = plugin
    work = tmp_path / "work"
    env = _env(PYTHONPATH=str(site))

    for args in ((), ("--extend-select", "VFR950"), ("--select", "demo-plugin")):
        proc = vfr("check", "--output-format", "json", *args, "clean.txt", cwd=work, env=env)
        assert proc.returncode == 1, proc.stderr
        found = findings_of(proc)
        assert [(f["code"], f["name"], f["severity"], f["line"], f["column"]) for f in found] == [
            ("VFR950", "demo-plugin", "warning", 1, 1)
        ]
        assert found[0]["message"] == "Demoregeln slog till"
    found = findings_of(vfr("check", "--output-format", "json", "--lang", "en", "clean.txt", cwd=work, env=env))
    assert [f["message"] for f in found] == ["The demo rule fired"]

    listed = vfr("rules", cwd=work, env=env)
    assert listed.returncode == 0
    line = next(ln for ln in listed.stdout.splitlines() if ln.startswith("VFR950"))
    assert "demo-plugin" in line and "warning" in line
    doc = vfr("rule", "VFR950", cwd=work, env=env)
    assert doc.returncode == 0 and "A demo plugin rule" in doc.stdout
    # the plugin can be switched off like any rule
    assert vfr("check", "--ignore", "VFR950", "clean.txt", cwd=work, env=env).returncode == 0


def test_plugin_not_on_the_path_is_not_loaded(tmp_path: Path, plugin: tuple[Path, Path]) -> None:
    _, pkg = plugin
    work = tmp_path / "work"
    assert vfr("check", "clean.txt", cwd=work).returncode == 0
    assert "VFR950" not in vfr("rules", cwd=work).stdout
    proc = vfr("check", "--extend-select", "VFR950", "clean.txt", cwd=work)
    assert proc.returncode == 2
    assert "VFR950" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
    assert not (pkg / "IMPORTED").exists()


@pytest.mark.parametrize("how", ["python-m", "console-script"])
def test_module_in_the_working_directory_is_never_loaded(tmp_path: Path, how: str) -> None:
    """An uninstalled module lying in the cwd (no .dist-info) is not a plugin."""
    work = tmp_path / "work"
    pkg = write_plugin(work, dist_info=False)
    (work / "vfr_lint_rules.py").write_text(PLUGIN_RULES, encoding="utf-8")  # a tempting name
    (work / "clean.txt").write_text(CLEAN, encoding="utf-8")
    if how == "console-script":
        if not CONSOLE_SCRIPT.exists():
            pytest.skip(f"no console script at {CONSOLE_SCRIPT}")
        exe = [str(CONSOLE_SCRIPT)]
    else:
        exe = [sys.executable, "-m", "vfr_lint"]
    assert vfr("check", "--select", "ALL", "clean.txt", cwd=work, exe=exe).returncode == 0
    assert "VFR950" not in vfr("rules", cwd=work, exe=exe).stdout
    assert vfr("check", "--extend-select", "VFR950", "clean.txt", cwd=work, exe=exe).returncode == 2
    assert not (pkg / "IMPORTED").exists()
    assert not (work / "IMPORTED").exists()


def test_installed_looking_plugin_in_cwd_is_not_loaded_by_the_console_script(tmp_path: Path) -> None:
    """Even a .dist-info in the cwd is ignored by the installed `vfr-lint` command (the
    cwd is not on its import path)."""
    if not CONSOLE_SCRIPT.exists():
        pytest.skip(f"no console script at {CONSOLE_SCRIPT}")
    work = tmp_path / "work"
    pkg = write_plugin(work)
    (work / "clean.txt").write_text(CLEAN, encoding="utf-8")
    proc = vfr("check", "clean.txt", cwd=work, exe=[str(CONSOLE_SCRIPT)])
    assert proc.returncode == 0, proc.stdout
    assert not (pkg / "IMPORTED").exists()


def test_broken_plugin_is_a_one_line_error(tmp_path: Path) -> None:
    site = tmp_path / "site"
    pkg = write_plugin(site)
    (pkg / "rules.py").write_text("raise ImportError('the plugin is broken')\n", encoding="utf-8")
    work = tmp_path / "work"
    work.mkdir()
    (work / "clean.txt").write_text(CLEAN, encoding="utf-8")
    proc = vfr("check", "clean.txt", cwd=work, env=_env(PYTHONPATH=str(site)))
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "demo" in lines[0]


# --------------------------------------------------------------------------- the wheel

_OFFLINE_SIGNS = (
    "Could not find a version that satisfies",
    "No matching distribution found",
    "Failed to establish a new connection",
    "Temporary failure in name resolution",
    "Network is unreachable",
    "Max retries exceeded",
    "ConnectionError",
    "ProxyError",
    "SSLError",
    "Read timed out",
)


def _pip(args: list[str], python: str, cwd: Path, what: str) -> subprocess.CompletedProcess:
    try:
        proc = subprocess.run(
            [python, "-m", "pip", *args],
            cwd=cwd,
            capture_output=True,
            text=True,
            env=_env(PIP_DISABLE_PIP_VERSION_CHECK="1"),
            timeout=900,
        )
    except subprocess.TimeoutExpired:
        pytest.skip(f"{what}: pip took longer than 15 minutes (package index unreachable?)")
    if proc.returncode != 0:
        output = proc.stdout + proc.stderr
        if any(sign in output for sign in _OFFLINE_SIGNS):
            pytest.skip(f"{what}: pip cannot reach the package index: {output.strip().splitlines()[-1]}")
        pytest.fail(f"{what} failed:\n{output[-3000:]}")
    return proc


@pytest.mark.slow
def test_wheel_contents_and_install_outside_the_checkout(tmp_path: Path) -> None:
    # (1) build the wheel (the build backend comes from the index, in build isolation)
    wheelhouse = tmp_path / "wheelhouse"
    _pip(["wheel", "--no-deps", "-w", str(wheelhouse), str(ROOT)], sys.executable, tmp_path, "building the wheel")
    (wheel,) = wheelhouse.glob("vfr_lint-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        entry_points = next(zf.read(n).decode() for n in names if n.endswith(".dist-info/entry_points.txt"))
    assert "vfr_lint/grammar/minutes.lark" in names
    assert "vfr_lint/rules/valfardsradet.toml" in names
    assert any(n.startswith("vfr_lint/examples/") and n.endswith(".txt") for n in names)
    assert "vfr_lint/examples/minnesanteckningar.txt" in names
    assert "vfr_lint/__main__.py" in names and "vfr_lint/cli.py" in names
    assert not any(n.startswith(("tests/", "src/")) for n in names)
    assert "[vfr_lint.rules]" in entry_points and "[console_scripts]" in entry_points
    assert "vfr-lint = vfr_lint.cli:main" in entry_points

    # (2) a fresh virtual environment, the wheel installed (dependencies from the index)
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True, clear=True).create(env_dir)
    bindir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    python = str(bindir / ("python.exe" if os.name == "nt" else "python"))
    _pip(["install", str(wheel)], python, tmp_path, "installing the wheel")
    where = subprocess.run(
        [python, "-c", "import vfr_lint; print(vfr_lint.__file__)"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=_env(),
        check=True,
    ).stdout.strip()
    assert Path(where).resolve().is_relative_to(env_dir.resolve()), where  # not the checkout

    # (3) lint a seed in a folder outside the checkout with the installed command
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    shutil.copyfile(SEED0, outside / "minutes.txt")
    installed = [str(bindir / ("vfr-lint.exe" if os.name == "nt" else "vfr-lint"))]
    proc = vfr("check", "--output-format", "json", "minutes.txt", cwd=outside, exe=installed)
    assert proc.returncode == 1, proc.stderr
    from_wheel = json.loads(proc.stdout)
    in_checkout = findings_of(vfr("check", "--output-format", "json", "minutes.txt", cwd=outside))
    assert from_wheel == in_checkout
    assert from_wheel and {f["path"] for f in from_wheel} == {"minutes.txt"}

    text = vfr("check", "minutes.txt", cwd=outside, exe=installed)
    assert text.returncode == 1 and text.stdout == vfr("check", "minutes.txt", cwd=outside).stdout

    # the data files are found inside the installed package
    rules = vfr("rules", cwd=outside, exe=installed)
    assert rules.returncode == 0 and sum(ln.startswith("VFR") for ln in rules.stdout.splitlines()) >= 32
    example = vfr("check", "--example", "--output-format", "json", cwd=outside, exe=installed)
    assert example.returncode == 1
    assert all(Path(f["path"]).resolve().is_relative_to(env_dir.resolve()) for f in json.loads(example.stdout))
    assert vfr("rule", "VFR304", cwd=outside, exe=installed).returncode == 0
    schema = vfr("parse", "--schema", cwd=outside, exe=installed)
    assert schema.returncode == 0 and "$defs" in json.loads(schema.stdout)
    profile = (Path(where).parent / "rules" / "valfardsradet.toml").read_text(encoding="utf-8")
    assert 'body = "Välfärdsrådet"' in profile
