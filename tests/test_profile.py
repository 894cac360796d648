"""Profiles (vfr_lint.profile): built-in ones read as trusted data, users' validated."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from vfr_lint import records, resources
from vfr_lint.profile import (
    DEFAULT_PROFILE,
    Profile,
    ProfileError,
    SectionSpec,
    builtin_profiles,
    load_profile,
)

BUILTIN = builtin_profiles()

MINIMAL = 'name = "mine"\nbody = "Rådet"\n'
SECTIONS = """
[[sections]]
key = "opening"
name = "Mötets öppnande"
aliases = ["Öppnande"]
phase = "start"

[[sections]]
key = "closing"
name = "Mötets avslutande"
phase = "end"
"""


def write(tmp_path: Path, text: str, name: str = "mine.toml") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def error_of(path: str) -> str:
    with pytest.raises(ProfileError) as info:
        load_profile(path)
    message = str(info.value)
    assert "\n" not in message
    return message


def as_values(profile: Profile) -> dict:
    return records.asdict(profile)


# --------------------------------------------------------------------------- built-in


def test_there_is_a_builtin_default() -> None:
    assert DEFAULT_PROFILE in BUILTIN


@pytest.mark.parametrize("name", BUILTIN)
def test_builtin_profile_passes_the_schema(name: str) -> None:
    """The trusted path (no pydantic) must never drift from what the schema accepts."""
    from vfr_lint.profile_schema import validate

    path = resources.folder("rules") / f"{name}.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    checked = validate(data, path)  # raises ProfileError if the shipped file is invalid
    trusted = load_profile(name)
    assert as_values(Profile.from_dict(checked)) == as_values(trusted)
    # ... and loading it as a user's file (by path) gives the same profile.
    assert as_values(load_profile(str(path))) == as_values(trusted)


def test_builtin_profile_content() -> None:
    profile = load_profile(DEFAULT_PROFILE)
    assert isinstance(profile, Profile)
    assert profile.name == "valfardsradet"
    assert profile.body == "Välfärdsrådet"
    assert profile.decision_verb == "beslutade"
    assert profile.dnr_required is True
    assert set(profile.exempt_sections) <= {s.key for s in profile.sections}
    assert all(isinstance(s, SectionSpec) for s in profile.sections)
    assert [s.key for s in profile.sections][:2] == ["opening", "agenda"]
    assert "Region Dalarna" in profile.organisations


def test_loading_builtin_profile_does_not_import_pydantic() -> None:
    code = (
        "import sys\n"
        "from vfr_lint.profile import load_profile\n"
        "load_profile('valfardsradet')\n"
        "print('pydantic' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_unknown_builtin_name() -> None:
    with pytest.raises(ProfileError, match=r"^unknown profile 'nosuch' \(built in: .*valfardsradet"):
        load_profile("nosuch")


# --------------------------------------------------------------------------- behaviour


def test_profile_methods() -> None:
    profile = load_profile(DEFAULT_PROFILE)
    assert profile.section_of("Mötets öppnande").key == "opening"
    assert profile.section_of("MÖTETS  ÖPPNANDE:").key == "opening"
    assert profile.section_of("Föregående minnesanteckningar 250213").key == "previous"
    assert profile.section_of("Mötets avslu- tande").key == "closing"
    assert profile.section_of("Budget 2026") is None
    assert profile.needs_presenter("information") and profile.needs_presenter("Rapport")
    assert not profile.needs_presenter(None) and not profile.needs_presenter("Beslut")
    assert profile.dnr_regex.fullmatch("HSN 2025/936")
    assert not profile.dnr_regex.fullmatch("2025/936")
    assert profile.time_regex.search("Kl. 9.00–12.00")
    assert profile.dnr_example == "HSN 2025/936" and profile.time_example == "Kl. 9.00–12.00"


def test_section_spec() -> None:
    spec = SectionSpec(key="other", name="Övriga frågor", aliases=["Övrigt"], phase="end")
    assert spec.patterns == ("övriga frågor", "övrigt")
    assert spec.matches("Övriga frågor") and spec.matches("Övrigt om budgeten")
    assert not spec.matches("Övrigheter")
    assert spec == SectionSpec(key="other", name="Övriga frågor", aliases=["Övrigt"], phase="end")


def test_fields_are_the_data_only() -> None:
    """Derived values (compiled patterns) are cached beside the fields, not in them."""
    import json
    import pickle

    profile = load_profile(DEFAULT_PROFILE)
    profile.section_of("Övrigt")  # fill the caches
    assert profile.dnr_regex.pattern == profile.dnr_pattern
    values = records.asdict(profile)
    assert set(values) == set(records.fields(Profile))
    assert set(values["sections"][0]) == {"key", "name", "aliases", "phase"}
    json.dumps(values)
    assert "regex" not in repr(profile) and "patterns" not in repr(profile)
    copy = pickle.loads(pickle.dumps(profile))
    assert copy == profile and copy.section_of("Övrigt").key == "other-questions"


def test_profile_is_frozen() -> None:
    profile = load_profile(DEFAULT_PROFILE)
    with pytest.raises(records.FrozenError):
        profile.body = "x"  # type: ignore[misc]
    with pytest.raises(records.FrozenError):
        profile.sections[0].key = "x"  # type: ignore[misc]


def test_defaults_of_a_minimal_user_profile(tmp_path: Path) -> None:
    profile = load_profile(write(tmp_path, MINIMAL))
    assert profile == Profile(name="mine", body="Rådet")
    assert profile.description == "" and profile.decision_verb == "beslutade"
    assert profile.presenter_kinds == [] and profile.exempt_sections == []
    assert profile.sections == [] and profile.organisations == []
    assert profile.dnr_required is True
    assert profile.dnr_regex.fullmatch("HSN 2025/936")
    assert profile.time_regex.search("kl 9.00 - 12.00")


def test_user_profile(tmp_path: Path) -> None:
    text = (
        MINIMAL
        + (
            'decision-verb = "beslöt"\n'
            'presenter-kinds = ["Info"]\n'
            'exempt-sections = ["closing"]\n'
            "dnr-required = false\n"
            "dnr-pattern = '[A-Z]+-\\d+'\n"
            'dnr-example = "KS-12"\n'
            'organisations = ["Kommunen"]\n'
        )
        + SECTIONS
    )
    profile = load_profile(write(tmp_path, text))
    assert profile.decision_verb == "beslöt"
    assert profile.needs_presenter("INFO")
    assert profile.exempt_sections == ["closing"]
    assert profile.dnr_required is False
    assert profile.dnr_regex.fullmatch("KS-12")
    assert profile.organisations == ["Kommunen"]
    assert [s.key for s in profile.sections] == ["opening", "closing"]
    assert profile.sections[1].aliases == []
    assert profile.section_of("Öppnande").key == "opening"


def test_snake_case_keys_are_accepted_in_user_profiles(tmp_path: Path) -> None:
    profile = load_profile(write(tmp_path, MINIMAL + 'presenter_kinds = ["A"]\n'))
    assert profile.presenter_kinds == ["A"]


# --------------------------------------------------------------------------- errors


def test_unknown_key(tmp_path: Path) -> None:
    path = write(tmp_path, MINIMAL + "colour = 1\n")
    assert error_of(path) == f"{path}: colour: Extra inputs are not permitted"


def test_unknown_key_in_a_section(tmp_path: Path) -> None:
    path = write(tmp_path, MINIMAL + SECTIONS + "colour = 1\n")
    assert error_of(path) == f"{path}: sections.1.colour: Extra inputs are not permitted"


def test_missing_key(tmp_path: Path) -> None:
    path = write(tmp_path, 'name = "x"\n')
    assert error_of(path) == f"{path}: body: Field required"


def test_bad_section_phase(tmp_path: Path) -> None:
    path = write(tmp_path, MINIMAL + SECTIONS.replace('"end"', '"middle"'))
    assert error_of(path) == f"{path}: sections.1.phase: Input should be 'start' or 'end'"


def test_invalid_regex(tmp_path: Path) -> None:
    path = write(tmp_path, MINIMAL + 'dnr-pattern = "(ab"\n')
    assert error_of(path) == (
        f"{path}: dnr-pattern: Value error, not a valid regular expression: "
        "missing ), unterminated subpattern at position 0"
    )


@pytest.mark.parametrize("pattern", ["(a+)+", r"(\\w*)*", "(x+){2,}", r"(?:\\d+)+"])
def test_catastrophic_regex(tmp_path: Path, pattern: str) -> None:
    path = write(tmp_path, MINIMAL + f'time-pattern = "{pattern}"\n')
    assert error_of(path) == (
        f"{path}: time-pattern: Value error, nested quantifiers can make matching take forever; simplify the pattern"
    )


def test_more_errors_are_counted(tmp_path: Path) -> None:
    path = write(tmp_path, MINIMAL + 'dnr-pattern = "(a+)+"\norganisations = "x"\n')
    assert error_of(path).endswith("simplify the pattern (and 1 more)")


def test_unknown_exempt_section(tmp_path: Path) -> None:
    path = write(tmp_path, MINIMAL + 'exempt-sections = ["closing", "nope"]\n' + SECTIONS)
    assert error_of(path) == f"{path}: exempt-sections: Value error, unknown section key(s): nope"


def test_exempt_section_without_sections(tmp_path: Path) -> None:
    path = write(tmp_path, MINIMAL + 'exempt-sections = ["closing"]\n')
    assert error_of(path) == f"{path}: exempt-sections: Value error, unknown section key(s): closing"


def test_invalid_toml(tmp_path: Path) -> None:
    path = write(tmp_path, 'name = "x\n')
    assert error_of(path) == f"{path}: invalid TOML: Illegal character '\\n' (at line 1, column 10)"


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_bytes(b'name = "m\xf6te"\n')
    assert error_of(str(path)).startswith(f"{path}: invalid TOML: 'utf-8' codec can't decode")


def test_missing_file(tmp_path: Path) -> None:
    path = str(tmp_path / "absent.toml")
    assert error_of(path) == f"{path}: cannot read profile: No such file or directory"


def test_a_profile_below_the_rules_folder_is_not_trusted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Only files right in rules/ skip the schema; a name with a folder is checked."""
    rules = tmp_path / "rules"
    (rules / "sub").mkdir(parents=True)
    (rules / "sub" / "bad.toml").write_text(MINIMAL + "colour = 1\n", encoding="utf-8")
    monkeypatch.setattr(resources, "folder", lambda name: rules)
    load_profile.cache_clear()
    try:
        message = error_of("sub/bad")
    finally:
        load_profile.cache_clear()
    assert message.endswith("colour: Extra inputs are not permitted")


def test_pregenerated_builtin_profiles_are_up_to_date():
    """src/vfr_lint/_builtin_profiles.py is rules/*.toml stored as data; run
    `python scripts/generate.py` after changing a built-in profile."""
    from vfr_lint._builtin_profiles import PROFILES

    for name in builtin_profiles():
        text = (resources.folder("rules") / f"{name}.toml").read_text(encoding="utf-8")
        assert PROFILES[name][0] == text, f"rules/{name}.toml changed: run `python scripts/generate.py`"
        assert PROFILES[name][1] == tomllib.loads(text)


def test_an_edited_builtin_profile_is_read_from_its_toml(monkeypatch):
    from vfr_lint import _builtin_profiles

    name = DEFAULT_PROFILE
    text, data = _builtin_profiles.PROFILES[name]
    monkeypatch.setitem(_builtin_profiles.PROFILES, name, (text + "\n# older\n", {**data, "body": "Stale"}))
    load_profile.cache_clear()
    try:
        assert load_profile(name).body == data["body"]
    finally:
        load_profile.cache_clear()
