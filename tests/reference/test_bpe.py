"""Checks of the bpe reference: decoding gives the text back, every merge compresses the corpus,
and the stated rules (weights, ties, stopping early, merge order, bytes)."""

from __future__ import annotations

import itertools

import numpy as np

from tests.reference.support import MODERN, ExerciseUnderTest, as_numpy, outcome

EX = ExerciseUnderTest.load("bpe", "q11_byte_pair_encoding.yaml", MODERN)
REFERENCE = EX.reference


def _spellings(merges: np.ndarray) -> dict[int, bytes]:
    spelled = {i: bytes([i]) for i in range(256)}
    for r, (a, b) in enumerate(merges.tolist()):
        spelled[256 + r] = spelled[a] + spelled[b]
    return spelled


def test_decoding_the_ids_gives_the_text_back() -> None:
    for case in EX.every_case(range(10)):
        merges, ids = REFERENCE.reference(*case.args)
        spelled = _spellings(merges)
        assert b"".join(spelled[i] for i in ids.tolist()) == "".join(case.args[2]).encode()


def test_each_merge_shortens_the_corpus_and_training_is_incremental() -> None:
    for case in EX.every_case(range(5)):
        word_counts = case.args[0]
        merges, _ = REFERENCE.reference(*case.args)
        for m in range(1, len(merges)):  # training for m merges gives the first m
            assert np.array_equal(REFERENCE.reference(word_counts, m, [])[0], merges[:m])
        sizes = [
            sum(len(_replay(merges[:m], w)) * c for w, c in word_counts.items())
            for m in range(len(merges) + 1)
        ]
        assert all(a > b for a, b in itertools.pairwise(sizes)), case.name


def _replay(merges: np.ndarray, word: str) -> list[int]:
    tokens = list(word.encode())
    for r, (a, b) in enumerate(merges.tolist()):
        out, i = [], 0
        while i < len(tokens):
            if tokens[i : i + 2] == [a, b]:
                out.append(256 + r)
                i += 2
            else:
                out.append(tokens[i])
                i += 1
        tokens = out
    return tokens


def test_the_rules_on_small_corpora() -> None:
    merges, _ = REFERENCE.reference({"ab": 1, "cd": 3}, 1, ["x"])
    assert merges.tolist() == [[99, 100]]  # weighted by the word counts
    merges, _ = REFERENCE.reference({"ba": 1, "ab": 1}, 1, ["x"])
    assert merges.tolist() == [[97, 98]]  # a tie goes to the smallest pair
    merges, _ = REFERENCE.reference({"ab": 2}, 5, ["x"])
    assert merges.shape == (1, 2)  # stops when no pair is left
    merges, ids = REFERENCE.reference({"bc": 3, "ab": 2}, 2, ["abc"])
    assert ids.tolist() == [97, 256]  # replayed in learned order: a + bc


def test_non_ascii_text_is_bytes() -> None:
    _, ids = REFERENCE.reference({"ab": 1}, 1, ["é🤗"])
    assert ids.tolist() == list("é🤗".encode())


def test_random_cases_stop_early_sometimes_and_merge_a_lot_usually() -> None:
    cases = [c for s in range(5) for c in EX.random_cases(s)]
    learned = [len(REFERENCE.reference(*c.args)[0]) for c in cases]
    assert any(n < c.args[1] for n, c in zip(learned, cases, strict=True))
    assert sum(n >= 5 for n in learned) >= 10


def test_the_torch_solution_returns_tensors_that_match() -> None:
    function = EX.entry_of(EX.solution_dir / "torch_pair_codes.py")
    for case in EX.every_case(range(3)):
        assert EX.close(as_numpy(function(*case.args)), outcome(REFERENCE.reference, case))
