"""The pre-commit hooks (.pre-commit-hooks.yaml), run by the real pre-commit in throwaway
minutes repositories that point at this checkout.

pre-commit clones the hook repository at `rev` and pip-installs it into an environment of
its own (from PyPI: needs the network, takes a while the first time). `rev` is the
checkout's HEAD, so the hooks run committed code. Until the hooks file is committed,
a snapshot of the working tree, committed in a throwaway repository, stands in for it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("pre_commit")
if shutil.which("git") is None:
    pytest.skip("git is not installed", allow_module_level=True)

CHECKOUT = Path(__file__).resolve().parent.parent
SEED = Path(__file__).resolve().parent / "fixtures" / "000_f9f2acdc3d3ad322.txt"

CLEAN = """Minnesanteckningar Välfärdsrådet

Dnr: HSN 2025/936
Datum: 2025-04-25
Tid: Kl. 9.00–12.00
Plats: Digitalt via Teams

Närvarande:
Region Dalarna Sofia Jarl (ordf)
Falun Jonas Sallén
Mora Bert Persson

1. Mötets öppnande
Välfärdsrådet beslutade att öppna mötet.

2. Godkännande av dagordning
Välfärdsrådet beslutade att godkänna dagordningen.

3. Val av justerare
Välfärdsrådet beslutade att utse Jonas Sallén till justerare.

4. Föregående minnesanteckningar 250213
Välfärdsrådet beslutade att lägga minnesanteckningarna till handlingarna.

5. Information: Demografisk utveckling i Dalarna
Föredragande: Mats Andersson, samhällsanalytiker, Region Dalarna
Länet står inför en demografisk omställning.
Välfärdsrådet beslutade att lägga informationen till handlingarna.

6. Övriga frågor
Inget togs upp.

7. Mötets avslutande
Ordföranden avslutade mötet.
"""


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_") and k != "VIRTUAL_ENV"}
    env.update(PRE_COMMIT_HOME=str(home), PRE_COMMIT_COLOR="never", PIP_DISABLE_PIP_VERSION_CHECK="1")
    return env


def git(*args: str, cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=vfr-lint tests", "-c", "user.email=tests@vfr-lint.invalid",
         "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args],
        cwd=cwd, env=env, capture_output=True, text=True, check=True,
    )
    return done.stdout.strip()


def _has_hooks_at_head() -> bool:
    return subprocess.run(
        ["git", "cat-file", "-e", "HEAD:.pre-commit-hooks.yaml"], cwd=CHECKOUT, capture_output=True
    ).returncode == 0


def _snapshot(into: Path, env: dict[str, str]) -> tuple[Path, str]:
    """The working tree (tracked and untracked, not ignored files), committed in a
    throwaway repository."""
    names = git("ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=CHECKOUT).split("\0")
    for name in filter(None, names):
        source = CHECKOUT / name
        if source.is_file():
            (into / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, into / name)
    git("init", "-q", cwd=into, env=env)
    git("add", "-A", cwd=into, env=env)
    git("commit", "-q", "-m", "snapshot of the working tree", cwd=into, env=env)
    return into, git("rev-parse", "HEAD", cwd=into, env=env)


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory) -> dict:
    """Where the hooks come from (repo, rev) and a PRE_COMMIT_HOME shared by the tests,
    so the hook environment is installed once."""
    home = tmp_path_factory.mktemp("pre-commit-home")
    env = _env(home)
    if _has_hooks_at_head():
        repo, rev = CHECKOUT, git("rev-parse", "HEAD", cwd=CHECKOUT, env=env)
    else:
        repo, rev = _snapshot(tmp_path_factory.mktemp("vfr-lint-snapshot"), env)
    return {"repo": repo, "rev": rev, "env": env}


def minutes_repo(path: Path, hook_repo: dict, hook_id: str, files: dict[str, bytes]) -> Path:
    path.mkdir()
    git("init", "-q", cwd=path, env=hook_repo["env"])
    (path / ".pre-commit-config.yaml").write_text(
        "repos:\n"
        f"  - repo: {hook_repo['repo'].as_posix()}\n"
        f"    rev: {hook_repo['rev']}\n"
        "    hooks:\n"
        f"      - id: {hook_id}\n",
        encoding="utf-8",
    )
    for name, data in files.items():
        (path / name).write_bytes(data)
    git("add", "-A", cwd=path, env=hook_repo["env"])
    return path


def pre_commit(repo: Path, hook_repo: dict) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--all-files", "--color", "never"],
        cwd=repo, env=hook_repo["env"], capture_output=True, text=True, timeout=900,
    )
    output = done.stdout + done.stderr
    if "An unexpected error has occurred" in output and (
        "Could not find a version" in output or "Failed to establish a new connection" in output
    ):
        pytest.skip("pre-commit could not install the hook: no network to PyPI")
    return done


def test_manifest_and_project_config_are_valid():
    for command, name in (("validate-manifest", ".pre-commit-hooks.yaml"), ("validate-config", ".pre-commit-config.yaml")):
        done = subprocess.run(
            [sys.executable, "-m", "pre_commit", command, str(CHECKOUT / name)], capture_output=True, text=True
        )
        assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.slow
def test_hook_fails_on_minutes_with_findings(tmp_path, hook_repo):
    repo = minutes_repo(tmp_path / "minutes", hook_repo, "vfr-lint", {"2025-04-25.txt": SEED.read_bytes(), "README.py": b"x = 1\n"})
    done = pre_commit(repo, hook_repo)
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert "vfr-lint" in output and "Failed" in output
    assert "2025-04-25.txt:140:15: VFR502 [error]" in output
    assert "README.py" not in output  # only minutes are passed to the hook


@pytest.mark.slow
def test_hook_passes_on_clean_minutes(tmp_path, hook_repo):
    # One document: two would meet the cross-document rules (the same Dnr twice, and
    # the earliest one's previous minutes are never in the repository).
    repo = minutes_repo(tmp_path / "minutes", hook_repo, "vfr-lint", {"2025-04-25.md": CLEAN.encode()})
    done = pre_commit(repo, hook_repo)
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert "Passed" in output


@pytest.mark.slow
def test_fix_hook_applies_safe_fixes(tmp_path, hook_repo):
    repo = minutes_repo(tmp_path / "minutes", hook_repo, "vfr-lint-fix", {"2025-04-25.txt": SEED.read_bytes()})
    done = pre_commit(repo, hook_repo)
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert "files were modified by this hook" in output
    fixed = (repo / "2025-04-25.txt").read_text(encoding="utf-8")
    assert "Föredragande: Föredragande:" not in fixed
    assert "Föredragande: Paula Broström, Utvecklingsledare" in fixed  # an unsafe fix: not applied
