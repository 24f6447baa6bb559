"""The map that carries a need's meaning toward where offerings' texts lie (sentences.toward_offerings, ADR 0027)."""

import numpy as np
from django.core.management import call_command

from gongzhi.matching import quality, sentences


def _unit(rows: np.ndarray) -> np.ndarray:
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def test_the_fitted_map_carries_needs_to_their_own_offerings():
    # needs written in a "residents' register": each offering's direction turned by a fixed rotation, plus noise
    rng = np.random.default_rng(7)
    d, offerings_n, needs_n = 16, 12, 240
    offerings = _unit(rng.normal(size=(offerings_n, d)))
    rotation, _r = np.linalg.qr(rng.normal(size=(d, d)))
    answer = rng.integers(0, offerings_n, needs_n)
    needs = _unit(offerings[answer] @ rotation.T * 0.6 + _unit(offerings[answer]) * 0.2
                  + rng.normal(scale=0.15, size=(needs_n, d)))
    answers = np.zeros((needs_n, offerings_n))
    answers[np.arange(needs_n), answer] = 1
    matrix = sentences.fit_toward(needs, answers, offerings, steps=200)

    def hits(vectors):
        return int(((vectors @ offerings.T).argmax(axis=1) == answer).sum())

    mapped = _unit(needs @ matrix)
    assert hits(mapped) > hits(needs) + needs_n // 4, (hits(needs), hits(mapped))
    # held near identity: a large shrink leaves the vectors almost where they were
    still = sentences.fit_toward(needs, answers, offerings, shrink=1e6)
    assert np.allclose(still, np.eye(d), atol=1e-3)


def test_toward_offerings_keeps_vectors_of_length_one_and_an_override_wins():
    needs = _unit(np.random.default_rng(3).normal(size=(5, sentences.DIRECTIONS))).astype(np.float32)
    assert np.allclose(np.linalg.norm(sentences.toward_offerings(needs), axis=1), 1, atol=1e-5)
    with sentences.held_out_toward(None):  # no map: the vectors unchanged
        assert np.array_equal(sentences.toward_offerings(needs), needs)
    with sentences.held_out_toward(np.eye(sentences.DIRECTIONS, dtype=np.float32) * 2):
        assert np.allclose(sentences.toward_offerings(needs), needs, atol=1e-6)


def test_the_committed_map_is_the_one_the_development_sets_give():
    # a new development set, or a refitted basis, must come with `match_eval --fit-toward`
    committed = sentences._toward()
    assert committed is not None and committed.shape == (sentences.DIRECTIONS, sentences.DIRECTIONS)
    assert np.allclose(quality.fit_toward(quality.development_pairs()), committed, atol=1e-3)


def test_held_out_pairs_leave_out_the_set_and_its_new_offerings():
    collection = next(c for c in quality.COLLECTIONS if c.key == "2711")
    labelled, resources = quality.load_labelled(sets=("test",), collection=collection)
    listed = {r.id: r.text for r in resources}
    new = frozenset(listed[i] for i in quality.new_offerings(collection))
    pairs = quality.development_pairs(("2711", "test"), new)
    texts = {text for text, _answers in pairs}
    assert new and not {item.need.text for item in labelled} & texts
    assert not any(set(answers) & new for _text, answers in pairs)
    # the fresh test set is never learned from
    fresh = {item.need.text for key, name in quality.MEASURED_ONLY
             for item in quality.load_labelled(sets=(name,), collection=next(
                 c for c in quality.COLLECTIONS if c.key == key))[0]}
    assert fresh and not fresh & {text for text, _answers in quality.development_pairs()}


def test_a_map_fitted_without_a_spent_set_ranks_it_better_than_none():
    (_k, _s, without), = quality.held_out("alone", fitted=False, keys=("2711",))
    (_k, _s, fitted), = quality.held_out("alone", keys=("2711",))
    assert fitted.top1 > without.top1 and fitted.top3 >= without.top3 and fitted.empty == 0


def test_match_eval_fits_the_map_where_told(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(sentences, "TOWARD", tmp_path / "toward.npz")
    try:
        call_command("match_eval", fit_toward=True)
        assert "条需求上拟合" in capsys.readouterr().out
        with np.load(tmp_path / "toward.npz") as data:
            assert data["map"].shape == (sentences.DIRECTIONS, sentences.DIRECTIONS)
    finally:
        sentences._toward.cache_clear()
