"""VFR902's fast path (NameIndex, banded levenshtein) against the straightforward one:
every pair of names compared with similar(), the full edit-distance table. The
generated names use a small alphabet (with a hyphen and letters that casefold
oddly), so near-duplicates, shared words and words around 5 and 8 letters are common."""

from __future__ import annotations

from collections import defaultdict

from hypothesis import given, settings
from hypothesis import strategies as st

from vfr_lint.checks.corpus import NameIndex, RosterSpelling, similar
from vfr_lint.corpus import DocumentFacts, Mention, levenshtein
from vfr_lint.people import normalise_name

word = st.text(alphabet="abenrst-é", min_size=2, max_size=11)


@st.composite
def name_lists(draw) -> list[str]:
    """Names of 1–4 words drawn from a small pool of words, some of them mutated by
    one or two edits, so that many pairs are near each other."""
    pool = draw(st.lists(word, min_size=1, max_size=8))
    variants = []
    for w in pool:
        for _ in range(draw(st.integers(0, 2))):
            i = draw(st.integers(0, len(w)))
            edit = draw(st.sampled_from(["insert", "delete", "substitute"]))
            c = draw(st.sampled_from("abenrst"))
            variants.append(w[:i] + c + w[i:] if edit == "insert" else w[:i] + (c if edit == "substitute" else "") + w[i + 1 :])
    words = st.sampled_from(pool + [v for v in variants if v])
    names = draw(st.lists(st.lists(words, min_size=1, max_size=4), min_size=1, max_size=40))
    return sorted({normalise_name(" ".join(n)) for n in names} - {""})


def all_pairs(keys: list[str], key: str) -> list[str]:
    return sorted(k for k in keys if k != key and similar(k, key))


@settings(max_examples=300, deadline=None)
@given(name_lists())
def test_index_finds_exactly_the_similar_names(keys: list[str]):
    index = NameIndex(keys)
    for key in keys:
        assert index.similar_to(key) == all_pairs(keys, key)


@settings(max_examples=200, deadline=None)
@given(name_lists(), name_lists())
def test_index_finds_similar_names_of_a_name_not_in_it(roster: list[str], names: list[str]):
    index = NameIndex(roster)  # as for the roster: the names looked up are not indexed
    for key in names:
        assert index.similar_to(key) == all_pairs(roster, key)


@settings(max_examples=500, deadline=None)
@given(word, word, st.integers(0, 3))
def test_banded_levenshtein_agrees_with_the_full_table(a: str, b: str, limit: int):
    full = levenshtein(a, b)
    assert levenshtein(a, b, limit) == min(full, limit + 1)


def _reference_rivals(docs: dict[str, set[str]]) -> dict[str, tuple[str | None, str | None]]:
    """VFR902's majority and tie decisions with every pair of names compared."""
    out = {}
    for key in docs:
        rivals = all_pairs(list(docs), key)
        better = [k for k in rivals if len(docs[k]) >= 2 and len(docs[k]) > len(docs[key])]
        best = max(better, key=lambda k: len(docs[k]), default=None)
        if best is not None and sum(len(docs[k]) == len(docs[best]) for k in better) > 1:
            best = None
        equal = [k for k in rivals if len(docs[k]) == len(docs[key]) and not docs[k] <= docs[key]]
        out[key] = (best, equal[0] if best is None and not better and len(equal) == 1 else None)
    return out


@settings(max_examples=100, deadline=None)
@given(name_lists(), st.lists(st.integers(0, 5), min_size=40, max_size=40))
def test_roster_spelling_same_reports_as_all_pairs(keys: list[str], spread: list[int]):
    # each name in 1–6 of six documents
    facts = {f"d{i}.txt": DocumentFacts(body="Rådet") for i in range(6)}
    docs: dict[str, set[str]] = defaultdict(set)
    for key, n in zip(keys, spread, strict=False):
        for i in range(n + 1):
            facts[f"d{(i * 7 + len(key)) % 6}.txt"].names.append(Mention(key, key, 1, 1, 1, 2))
            docs[key].add(f"d{(i * 7 + len(key)) % 6}.txt")

    class NoOptions:
        options: dict = {}

    got = defaultdict(list)
    for r in RosterSpelling.check_corpus(facts, lambda _path: NoOptions()):
        got[r.values["name"]].append((r.key, r.values.get("expected") or r.values.get("other")))
    reference = _reference_rivals(docs)
    want = defaultdict(list)
    for f in facts.values():
        for m in f.names:
            best, tied = reference[m.value]
            if best is not None:
                want[m.value].append(("majority", best))
            elif tied is not None:
                want[m.value].append(("variant", tied))
    assert got == want
