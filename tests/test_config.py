"""Config discovery, loading and validation (vfr_lint.config)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from vfr_lint import records
from vfr_lint.config import (
    Config,
    ConfigError,
    config_for,
    discover_config,
    find_config_file,
    load_config,
)


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """cwd = tmp_path, so error messages show file names relative to it."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def settings_of(config: Config) -> dict[str, Any]:
    """The settings a file can set: all fields but path and root."""
    values = records.asdict(config)
    del values["path"], values["root"]
    return values


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def error_of(path: Path) -> str:
    with pytest.raises(ConfigError) as info:
        load_config(path)
    message = str(info.value)
    assert "\n" not in message
    return message


# --------------------------------------------------------------------------- discovery


def test_discovery_order_within_one_directory(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "[tool.vfr-lint]\n")
    assert find_config_file(tmp_path) == tmp_path / "pyproject.toml"
    write(tmp_path / "vfr-lint.toml", "")
    assert find_config_file(tmp_path) == tmp_path / "vfr-lint.toml"
    write(tmp_path / ".vfr-lint.toml", "")
    assert find_config_file(tmp_path) == tmp_path / ".vfr-lint.toml"


def test_walks_up_and_nearest_directory_wins(tmp_path: Path) -> None:
    write(tmp_path / ".vfr-lint.toml", 'language = "en"\n')
    deep = tmp_path / "a" / "b" / "c"
    deep.mkdir(parents=True)
    assert find_config_file(deep) == tmp_path / ".vfr-lint.toml"
    # A file as start: its directory is used (the file need not exist).
    assert find_config_file(deep / "protokoll.txt") == tmp_path / ".vfr-lint.toml"
    # A nearer pyproject with the table beats a dot-file further up.
    write(tmp_path / "a" / "pyproject.toml", '[tool.vfr-lint]\nlanguage = "sv"\n')
    assert find_config_file(deep) == tmp_path / "a" / "pyproject.toml"
    assert discover_config(deep).language == "sv"
    assert discover_config(tmp_path).language == "en"


def test_pyproject_without_table_is_skipped(tmp_path: Path) -> None:
    write(tmp_path / ".vfr-lint.toml", 'language = "en"\n')
    sub = tmp_path / "pkg"
    write(sub / "pyproject.toml", '[project]\nname = "vfr-lint"\n[tool.ruff]\nline-length = 9\n')
    assert find_config_file(sub) == tmp_path / ".vfr-lint.toml"
    # Unrelated broken pyproject (does not mention us) is skipped too.
    write(sub / "pyproject.toml", "[project\n")
    assert find_config_file(sub) == tmp_path / ".vfr-lint.toml"


def test_broken_pyproject_that_mentions_us_is_reported(in_tmp: Path) -> None:
    write(in_tmp / "pyproject.toml", "[tool.vfr-lint]\nselect = [\n")
    found = find_config_file(in_tmp)
    assert found == in_tmp / "pyproject.toml"
    with pytest.raises(ConfigError, match=r"^pyproject\.toml: invalid TOML: "):
        discover_config(in_tmp)


def test_quoted_table_name_in_pyproject(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool."vfr-lint"]\nlanguage = "en"\n')
    assert discover_config(tmp_path).language == "en"


def test_directory_named_like_config_is_ignored(tmp_path: Path) -> None:
    (tmp_path / "sub" / ".vfr-lint.toml").mkdir(parents=True)
    write(tmp_path / "vfr-lint.toml", "")
    assert find_config_file(tmp_path / "sub") == tmp_path / "vfr-lint.toml"


def test_defaults_when_nothing_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import vfr_lint.config as module

    monkeypatch.setattr(module, "_config_in", lambda directory: None)
    monkeypatch.chdir(tmp_path)
    assert find_config_file(tmp_path) is None
    config = discover_config(tmp_path / "x")
    assert config.path is None
    assert config.root == tmp_path


def test_defaults() -> None:
    config = Config()
    assert config.profile is None
    assert config.select is None
    assert config.ignore == [] and config.extend_select == [] and config.extend_ignore == []
    assert config.include == ["*.txt", "*.md"]
    assert config.exclude == [".git", ".venv", "node_modules", "__pycache__"]
    assert config.extend_exclude == []
    assert config.per_file_ignores == {} and config.severity == {} and config.rules == {}
    assert config.language == "sv"
    assert config.max_file_size == 10_000_000
    assert config.cache_dir is None and config.baseline is None and config.jobs is None
    assert config.root == Path.cwd()


def test_empty_file_gives_defaults_with_path_and_root(tmp_path: Path) -> None:
    cfg_file = write(tmp_path / "vfr-lint.toml", "")
    config = load_config(cfg_file)
    assert config.path == cfg_file
    assert config.root == tmp_path
    assert type(config) is Config
    assert settings_of(config) == settings_of(Config())


def test_config_is_frozen() -> None:
    config = Config()
    with pytest.raises(records.FrozenError):
        config.language = "en"  # type: ignore[misc]


def test_snake_case_names_work_in_python() -> None:
    config = Config(extend_select=["VFR3"], max_file_size=5)
    assert config.extend_select == ["VFR3"] and config.max_file_size == 5


def test_defaults_are_not_shared_between_instances() -> None:
    one, two = Config(), Config()
    assert one.include == two.include and one.include is not two.include
    assert one.per_file_ignores is not two.per_file_ignores


def test_schema_matches_the_dataclass() -> None:
    """The pydantic model that checks a file has the record's fields and defaults."""
    from vfr_lint.config_schema import ConfigSchema

    assert list(ConfigSchema.model_fields) == list(records.fields(Config))
    schema_defaults = ConfigSchema().model_dump(exclude={"path", "root"})
    assert schema_defaults == settings_of(Config())


def run_python(code: str, cwd: Path) -> str:
    done = subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def test_discovery_without_a_config_file_does_not_import_pydantic(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "import vfr_lint.config as module\n"
        "module._config_in = lambda directory: None  # ignore files above tmp_path\n"
        f"config = module.config_for(Path({str(tmp_path)!r}) / 'x.txt', {{}})\n"
        "assert config.path is None\n"
        "print('pydantic' in sys.modules)\n"
    )
    assert run_python(code, tmp_path) == "False"


def test_discovery_in_an_empty_directory_does_not_import_pydantic(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from vfr_lint.config import config_for\n"
        f"config_for(Path({str(tmp_path)!r}) / 'x.txt', {{}})\n"
        "print('pydantic' in sys.modules)\n"
    )
    # A config file further up (outside tmp_path) would be loaded, with pydantic.
    from vfr_lint.config import find_config_file

    expected = "False" if find_config_file(tmp_path) is None else "True"
    assert run_python(code, tmp_path) == expected


def test_loading_a_file_gives_the_dataclass(tmp_path: Path) -> None:
    config = load_config(write(tmp_path / "vfr-lint.toml", 'language = "en"\njobs = 3\n'))
    assert type(config) is Config
    assert config == Config(language="en", jobs=3, path=tmp_path / "vfr-lint.toml", root=tmp_path)


# --------------------------------------------------------------------------- loading


FULL = """\
profile = "valfardsradet"
select = ["VFR", "VFR3", "VFR304", "dnr-format"]
ignore = ["VFR1"]
extend-select = ["VFR2"]
extend-ignore = ["decision-layout"]
include = ["*.txt"]
exclude = ["build"]
extend-exclude = ["old"]
language = "en"
max-file-size = 1000
cache-dir = "cache"
baseline = "base/line.json"
jobs = 4

[per-file-ignores]
"arkiv/*.txt" = ["VFR3", "dnr-format"]

[severity]
VFR304 = "warning"
dnr-format = "info"

[rules.decision-layout]
layout = "block-colon"

[rules.VFR101]
max = 3
"""


def test_full_file(tmp_path: Path) -> None:
    config = load_config(write(tmp_path / "vfr-lint.toml", FULL))
    assert config.profile == "valfardsradet"  # a built-in name stays a name
    assert config.select == ["VFR", "VFR3", "VFR304", "dnr-format"]
    assert config.ignore == ["VFR1"]
    assert config.extend_select == ["VFR2"]
    assert config.extend_ignore == ["decision-layout"]
    assert config.include == ["*.txt"]
    assert config.exclude == ["build"]
    assert config.extend_exclude == ["old"]
    assert config.language == "en"
    assert config.max_file_size == 1000
    assert config.cache_dir == str(tmp_path / "cache")
    assert config.baseline == str(tmp_path / "base" / "line.json")
    assert config.jobs == 4
    assert config.per_file_ignores == {"arkiv/*.txt": ["VFR3", "dnr-format"]}
    assert config.severity == {"VFR304": "warning", "dnr-format": "info"}
    assert config.rules == {"decision-layout": {"layout": "block-colon"}, "VFR101": {"max": 3}}


def test_pyproject_table(tmp_path: Path) -> None:
    text = '[project]\nname = "x"\n\n[tool.vfr-lint]\nselect = ["VFR3"]\n'
    text += '\n[tool.vfr-lint.rules.decision-layout]\nlayout = "block-colon"\n'
    config = load_config(write(tmp_path / "pyproject.toml", text))
    assert config.select == ["VFR3"]
    assert config.rules == {"decision-layout": {"layout": "block-colon"}}


def test_relative_profile_path_resolved_against_config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "packs" / "mine.toml", "")
    cfg_file = write(tmp_path / "proj" / "vfr-lint.toml", 'profile = "../packs/mine.toml"\n')
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    config = load_config(cfg_file)
    assert config.profile == str(tmp_path / "packs" / "mine.toml")
    assert discover_config(tmp_path / "proj" / "sub").profile == config.profile


def test_missing_profile_file_is_reported(in_tmp: Path) -> None:
    write(in_tmp / "pyproject.toml", '[tool.vfr-lint]\nprofile = "nope.toml"\n')
    message = error_of(in_tmp / "pyproject.toml")
    assert message.startswith("pyproject.toml: tool.vfr-lint.profile: rule pack not found: ")
    assert message.endswith(str(in_tmp / "nope.toml"))


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("line", "key", "problem"),
    [
        ("profile = 3", "profile", "expected a string, got integer 3"),
        ('profile = ""', "profile", "must not be empty"),
        ('select = "VFR3"', "select", "expected a list of strings, got 'VFR3'"),
        ('select = ["VFR3", 1]', "select[1]", "expected a string, got integer 1"),
        ('select = ["VFR3", "vfr 3"]', "select[1]", "invalid rule selector 'vfr 3'"),
        ('ignore = ["VFR3000"]', "ignore[0]", "invalid rule selector 'VFR3000'"),
        ('extend-select = "VFR"', "extend-select", "expected a list of strings"),
        ('extend-ignore = ["Dnr"]', "extend-ignore[0]", "invalid rule selector 'Dnr'"),
        ("include = [true]", "include[0]", "expected a string, got true"),
        ('exclude = "build"', "exclude", "expected a list of strings"),
        ("extend-exclude = [{}]", "extend-exclude[0]", "expected a string, got table"),
        ('per-file-ignores = ["x"]', "per-file-ignores", "expected a table of glob"),
        ('per-file-ignores = {"*.md" = "VFR3"}', 'per-file-ignores."*.md"', "list of strings"),
        ('per-file-ignores = {"a" = ["x y"]}', "per-file-ignores.a[0]", "invalid rule selector"),
        ('severity = "error"', "severity", "expected a table of selector"),
        ('severity = {VFR3 = "fatal"}', "severity.VFR3", "'error', 'warning' or 'info'"),
        ('severity = {"Bad!" = "error"}', "severity", "invalid rule selector 'Bad!'"),
        ('language = "de"', "language", "expected 'sv' or 'en', got 'de'"),
        ("language = 1", "language", "expected 'sv' or 'en'"),
        ("max-file-size = 0", "max-file-size", "must be greater than 0"),
        ('max-file-size = "10MB"', "max-file-size", "expected a positive integer (bytes)"),
        ("max-file-size = 1.5", "max-file-size", "got float 1.5"),
        ("max-file-size = true", "max-file-size", "got true"),
        ("cache-dir = false", "cache-dir", "expected a string, got false"),
        ("baseline = []", "baseline", "expected a string, got array"),
        ("jobs = 0", "jobs", "must be at least 1"),
        ('jobs = "4"', "jobs", "expected a positive integer, got '4'"),
        ("rules = 1", "rules", "expected a table of per-rule option tables"),
        ("rules = {dnr-format = 1}", "rules.dnr-format", "expected a table, got integer 1"),
        ("rules = {VFR3 = {}}", "rules", "invalid rule 'VFR3'"),
    ],
)
def test_wrong_value_names_file_and_key(in_tmp: Path, line: str, key: str, problem: str) -> None:
    message = error_of(write(in_tmp / "vfr-lint.toml", line + "\n"))
    assert message.startswith(f"vfr-lint.toml: {key}: "), message
    assert problem in message


def test_wrong_value_in_pyproject_has_dotted_location(in_tmp: Path) -> None:
    write(in_tmp / "pyproject.toml", '[tool.vfr-lint]\nselect = "VFR3"\n')
    assert error_of(in_tmp / "pyproject.toml") == (
        "pyproject.toml: tool.vfr-lint.select: expected a list of strings, got 'VFR3'"
    )


def test_more_errors_are_counted(in_tmp: Path) -> None:
    write(in_tmp / "vfr-lint.toml", 'language = "de"\njobs = 0\nselect = 1\n')
    message = error_of(in_tmp / "vfr-lint.toml")
    assert message.endswith("(and 2 more problems)")


def test_unknown_key(in_tmp: Path) -> None:
    write(in_tmp / "vfr-lint.toml", 'selct = ["VFR3"]\n')
    assert error_of(in_tmp / "vfr-lint.toml") == ("vfr-lint.toml: unknown key 'selct' (did you mean 'select'?)")


@pytest.mark.parametrize("key", ["extend_select", "root", "path"])
def test_snake_case_and_internal_names_are_unknown_in_files(in_tmp: Path, key: str) -> None:
    write(in_tmp / ".vfr-lint.toml", f'{key} = "x"\n')
    message = error_of(in_tmp / ".vfr-lint.toml")
    assert message.startswith(f".vfr-lint.toml: unknown key '{key}'")


def test_unknown_key_in_pyproject(in_tmp: Path) -> None:
    write(in_tmp / "pyproject.toml", "[tool.vfr-lint]\nfoo = 1\nbar = 2\n")
    assert error_of(in_tmp / "pyproject.toml") == (
        "pyproject.toml: tool.vfr-lint: unknown key 'foo' (and 1 more problem)"
    )


def test_table_itself_wrong_type_in_pyproject(in_tmp: Path) -> None:
    write(in_tmp / "pyproject.toml", 'tool = {vfr-lint = "yes"}\n')
    assert error_of(in_tmp / "pyproject.toml") == ("pyproject.toml: tool.vfr-lint: expected a table, got 'yes'")


def test_invalid_toml(in_tmp: Path) -> None:
    write(in_tmp / "vfr-lint.toml", 'language = "en"\n\nselect = [VFR3]\n')
    message = error_of(in_tmp / "vfr-lint.toml")
    assert message.startswith("vfr-lint.toml: invalid TOML: ")
    assert message.endswith("(line 3)")
    assert "column" not in message


def test_invalid_toml_at_end_of_document(in_tmp: Path) -> None:
    write(in_tmp / "vfr-lint.toml", 'language = "en"\nselect = [\n')
    message = error_of(in_tmp / "vfr-lint.toml")
    assert message.startswith("vfr-lint.toml: invalid TOML: ")
    assert message.endswith("(line 2)")
    assert "end of document" not in message


def test_not_utf8(in_tmp: Path) -> None:
    (in_tmp / "vfr-lint.toml").write_bytes(b'language = "sv"\n# m\xf6te\n')
    assert error_of(in_tmp / "vfr-lint.toml") == "vfr-lint.toml: invalid TOML: not UTF-8 (line 2)"


def test_unreadable_file(in_tmp: Path) -> None:
    # A missing file is unreadable on any platform / as any user (root ignores chmod).
    message = error_of(in_tmp / "vfr-lint.toml")
    assert message.startswith("vfr-lint.toml: cannot read: ")


def test_file_outside_cwd_is_shown_absolute(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg_file = write(tmp_path / "proj" / "vfr-lint.toml", "jobs = 0\n")
    other = tmp_path / "other"
    other.mkdir()
    monkeypatch.chdir(other)
    assert error_of(cfg_file).startswith(f"{cfg_file}: jobs: ")


def test_file_below_cwd_is_shown_relative(in_tmp: Path) -> None:
    write(in_tmp / "a" / "vfr-lint.toml", "jobs = 0\n")
    assert error_of(in_tmp / "a" / "vfr-lint.toml").startswith(f"{os.path.join('a', 'vfr-lint.toml')}: jobs: ")


# --------------------------------------------------------------------------- config_for


def test_config_for_memoises_per_directory_and_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import vfr_lint.config as module

    write(tmp_path / "vfr-lint.toml", 'language = "en"\n')
    write(tmp_path / "b" / ".vfr-lint.toml", "jobs = 2\n")
    loads: list[Path] = []
    real_load = module.load_config

    def counting_load(path: Path) -> Config:
        loads.append(path)
        return real_load(path)

    monkeypatch.setattr(module, "load_config", counting_load)
    cache: dict = {}
    first = config_for(tmp_path / "a" / "x" / "one.txt", cache)
    second = config_for(tmp_path / "a" / "two.txt", cache)
    third = config_for(tmp_path / "top.txt", cache)
    nested = config_for(tmp_path / "b" / "c" / "three.txt", cache)
    assert first is second is third
    assert first.language == "en"
    assert nested.jobs == 2 and nested.language == "sv"
    assert loads == [tmp_path / "vfr-lint.toml", tmp_path / "b" / ".vfr-lint.toml"]
    # Same answer as the uncached path.
    assert config_for(tmp_path / "a" / "x" / "one.txt", cache) == discover_config(tmp_path / "a" / "x")


def test_config_for_raises_config_error(in_tmp: Path) -> None:
    write(in_tmp / "vfr-lint.toml", "jobs = 0\n")
    with pytest.raises(ConfigError, match=r"^vfr-lint\.toml: jobs: "):
        config_for(in_tmp / "f.txt", {})


def test_config_for_does_not_walk_again_for_a_known_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import vfr_lint.config as module

    write(tmp_path / "vfr-lint.toml", "")
    looked_in: list[Path] = []
    real_config_in = module._config_in

    def counting_config_in(directory: Path) -> Path | None:
        looked_in.append(directory)
        return real_config_in(directory)

    monkeypatch.setattr(module, "_config_in", counting_config_in)
    cache: dict = {}
    config_for(tmp_path / "a" / "b" / "one.txt", cache)
    assert looked_in == [tmp_path / "a" / "b", tmp_path / "a", tmp_path]
    looked_in.clear()
    config_for(tmp_path / "a" / "b" / "two.txt", cache)
    config_for(tmp_path / "a" / "three.txt", cache)
    assert looked_in == []


@pytest.mark.parametrize(
    "text",
    [
        '[tool.vfr-lint]\nselect = ["VFR1"]\n',
        '[tool."vfr-lint"]\nselect = ["VFR1"]\n',
        'tool.vfr-lint.select = ["VFR1"]\n',
        '[tool]\nvfr-lint = { select = ["VFR1"] }\n',
        'tool = { vfr-lint = { select = ["VFR1"] } }\n',
        '["tool".vfr-lint]\nselect = ["VFR1"]\n',
    ],
)
def test_every_spelling_of_the_tool_table_is_read(tmp_path: Path, text: str) -> None:
    """The quick text check before parsing a pyproject never skips a real table."""
    (tmp_path / "pyproject.toml").write_text(text + '\n[project]\nname = "x"\n', encoding="utf-8")
    assert find_config_file(tmp_path) == tmp_path / "pyproject.toml"


def test_a_pyproject_that_only_depends_on_vfr_lint_is_not_parsed(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "protokoll"\ndependencies = ["vfr-lint>=0.1"]\n[project.scripts]\nvfr-lint = "x:y"\n',
        encoding="utf-8",
    )
    from vfr_lint import config

    assert not config._may_hold_table((tmp_path / "pyproject.toml").read_text(encoding="utf-8"))
    assert find_config_file(tmp_path) is None
