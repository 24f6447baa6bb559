"""The semantic channel: static word vectors distilled from a packaged sentence model (semantic.py, ADR 0026)."""

from dataclasses import replace

import numpy as np
import pytest

from gongzhi.matching.engine import DEFAULT_WEIGHTS, Index, Need, rank
from gongzhi.matching.quality import EVALUATION_DIR
from gongzhi.matching.semantic import (
    ClauseSimilarity,
    Similarity,
    _closest_above,
    closest_words,
    dimensions,
    vector,
)
from gongzhi.matching.tables import read_resources

RESOURCES = read_resources(EVALUATION_DIR / "resources_2027_02.csv")


def test_a_text_has_a_unit_vector_and_junk_has_none():
    v = vector("我妈耳朵越来越背，跟她讲话要吼")
    assert v.shape == (dimensions(),) and abs(float(np.linalg.norm(v)) - 1) < 1e-5
    assert not v.flags.writeable
    assert np.array_equal(v, vector("我妈耳朵越来越背，跟她讲话要吼"))
    assert not vector("???  123 abc").any()
    # an address says where, not what
    assert np.allclose(vector("五美社区12栋3单元 水管漏水"), vector("水管漏水"), atol=1e-6)


def test_words_of_the_same_meaning_lie_closer_than_unrelated_ones():
    pipes = vector("管道疏通")
    for said, meant in (("耳朵背", "听力检测与助听器验配"), ("找对象", "青年交友联谊会"), ("记性越来越差", "老年痴呆早期筛查"),
                        ("牙疼", "口腔保健与补牙")):
        assert float(vector(said) @ vector(meant)) > float(vector(said) @ pipes) + 0.05, said


def test_an_offering_said_in_other_words_is_suggested_and_the_reason_says_why():
    need = Need("n", "想学打手势跟聋子讲话")
    best = rank([need], Index(RESOURCES), top_k=3)[0][0]
    # the reason names the two words whose meanings lie closest, the need's first
    assert best.resource.id == "R84" and "意思相近：聋子 ≈ 聋哑（语义）" in best.reason
    without = rank([need], Index(RESOURCES, replace(DEFAULT_WEIGHTS, semantic=0, sentence=0)), top_k=3)[0]
    assert all("意思相近" not in s.reason for s in without)


def test_the_closest_words_are_two_different_known_words_one_of_each_text():
    assert closest_words("老伴走了，后事不晓得怎么办", "殡葬服务：丧事礼仪指导、遗体接运") in {
        ("后事", "丧事"), ("后事", "殡葬"), ("老伴", "丧事")}
    need, offer = closest_words("我妈耳朵越来越背", "听力检测与助听器验配")
    assert need in {"耳朵", "越来越"} and offer in {"听力", "检测", "助听器", "验配"}
    assert closest_words("修水管", "修水管") is None  # the same word is no explanation
    assert closest_words("？？？ 123", "听力检测") is None and closest_words("听力检测", "") is None


def test_only_the_closest_few_pass_in_a_long_list():
    rng = np.random.default_rng(7)
    resources = rng.standard_normal((500, 16)).astype(np.float32)
    resources /= np.linalg.norm(resources, axis=1, keepdims=True)
    similarity = Similarity([], vectors=resources)
    needs = resources[:20] + 0.05 * rng.standard_normal((20, 16)).astype(np.float32)
    rows, cols, z = similarity.above(needs, 1.0, 3)
    assert np.bincount(rows, minlength=20).max() <= 3 and (z > 1.0).all()
    full = similarity.z(needs)
    for i in range(20):  # the kept ones are the best of their row, and the row's nearest is among them
        kept = cols[rows == i]
        assert i in kept.tolist()
        assert full[i, kept].min() >= np.sort(full[i])[-len(kept)] - 1e-5
    # the z-scores agree with the direct computation
    assert np.allclose(z, full[rows, cols], atol=1e-4)


def test_no_semantic_channel_on_an_empty_list_and_a_switch_to_turn_it_off():
    assert Index([]).semantic is None
    assert Index(RESOURCES, replace(DEFAULT_WEIGHTS, semantic=0)).semantic is None
    assert rank([Need("n", "修水管")], [], top_k=3) == [[]]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_closest_above_the_bar_are_those_a_full_sort_finds(seed):
    """semantic._closest_above looks above a higher bar first; it must pick what sorting every row would: the k
    largest entries above the row's bar, equal entries by lower column (many offerings share a text)."""
    rng = np.random.default_rng(seed)
    cosine = np.round(rng.standard_normal((200, 300)), 1).astype(np.float32)  # rounded: many equal entries
    bars = rng.uniform(-0.5, 1.5, 200).astype(np.float32)
    first = np.maximum(bars + rng.uniform(0.0, 2.5, 200).astype(np.float32), bars)
    for k in (1, 5, 10):
        rows, cols = _closest_above(cosine, bars, first, k)
        expected = [(r, c) for r in range(200)
                    for c in sorted(np.flatnonzero(cosine[r] > bars[r]), key=lambda c, r=r: (-cosine[r, c], c))[:k]]
        assert list(zip(rows.tolist(), cols.tolist(), strict=True)) == expected


def test_clause_z_scores_are_those_of_every_resource_and_clause_in_any_order():
    """ClauseSimilarity against the plain computation: each resource's largest cosine to its clauses, z over the
    list's resources (repeated texts counted once a resource)."""
    rng = np.random.default_rng(7)
    parts = rng.normal(size=(12, 16))
    parts /= np.linalg.norm(parts, axis=1, keepdims=True)
    texts = [[0, 1, 2], [3], [4, 5], [6, 7, 8, 9], [10, 11, 3]]  # five texts; clause 3 shared by two
    groups = rng.integers(0, 5, size=40)  # 40 resources
    needs = rng.normal(size=(5, 16)).astype(np.float32)
    needs /= np.linalg.norm(needs, axis=1, keepdims=True)
    largest = np.array([[max(float(parts[c] @ q) for c in texts[g]) for g in groups] for q in needs.astype(np.float64)])
    plain = (largest - largest.mean(axis=1, keepdims=True)) / largest.std(axis=1, keepdims=True)
    similarity = ClauseSimilarity(parts, texts, groups)
    rows, cols = np.repeat(np.arange(5), 40), np.tile(np.arange(40), 5)
    assert np.allclose(similarity.z(needs, rows, cols), plain.ravel(), atol=1e-9)
    order = rng.permutation(len(rows))  # in any order of the pairs, bit for bit
    assert np.array_equal(similarity.z(needs, rows[order], cols[order]), similarity.z(needs, rows, cols)[order])


def test_clause_similarity_above_keeps_each_needs_best_resources_past_the_bar():
    rng = np.random.default_rng(11)
    parts = rng.normal(size=(30, 16))
    parts /= np.linalg.norm(parts, axis=1, keepdims=True)
    texts = [list(range(i, i + 3)) for i in range(0, 30, 3)]  # ten resources of three past needs each
    needs = rng.normal(size=(7, 16)).astype(np.float32)
    needs /= np.linalg.norm(needs, axis=1, keepdims=True)
    similarity = ClauseSimilarity(parts, texts, np.arange(10))
    rows, cols, z = similarity.above(needs, 0.5, 3)
    everything = similarity.z(needs, np.repeat(np.arange(7), 10), np.tile(np.arange(10), 7)).reshape(7, 10)
    expected = [(r, c) for r in range(7) for c in sorted(np.flatnonzero(everything[r] > 0.5),
                                                         key=lambda c, r=r: (-everything[r, c], c))[:3]]
    assert list(zip(rows.tolist(), cols.tolist(), strict=True)) == expected
    assert np.array_equal(z, everything[rows, cols])
