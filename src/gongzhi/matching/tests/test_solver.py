"""The exactness checks: the b-matching solver against an integer programme on small random instances, the
sparse top-k against sorting, the fast segmenter against jieba, the pattern prefilter against trying every
pattern, and the batch assignment against the optimum over *all* need–resource pairs."""

import csv
import random

import numpy as np
import pytest
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

from gongzhi.matching import lexicon
from gongzhi.matching.engine import AssignmentReport, Index, _row_top, analyse, assign
from gongzhi.matching.quality import EVALUATION_DIR
from gongzhi.matching.solver import solve


def optimum(n_left, capacity, left, right, weight, supply=None):
    """The best total by integer programming (scipy's HiGHS branch and bound), for reference."""
    supply = np.ones(n_left) if supply is None else supply
    edges = np.arange(len(weight))
    constraints = [LinearConstraint(sparse.csr_matrix((np.ones(len(weight)), (left, edges)),
                                                      shape=(n_left, len(weight))), -np.inf, supply),
                   LinearConstraint(sparse.csr_matrix((np.ones(len(weight)), (right, edges)),
                                                      shape=(len(capacity), len(weight))), -np.inf,
                                    np.minimum(capacity, supply.sum()))]
    result = milp(-weight, constraints=constraints, integrality=np.ones(len(weight)), bounds=Bounds(0, np.inf))
    return -result.fun


def random_instance(rng, *, supplies=False):
    n, m = int(rng.integers(1, 10)), int(rng.integers(1, 6))
    pairs = [(i, j) for i in range(n) for j in range(m) if rng.random() < 0.55]
    if not pairs:
        pairs = [(0, 0)]
    left = np.array([p[0] for p in pairs])
    right = np.array([p[1] for p in pairs])
    weight = rng.choice([1.0, 2.0, 2.5, 3.0], len(pairs)) if rng.random() < 0.5 else rng.random(len(pairs)) * 10
    capacity = rng.choice([0, 1, 2, 3, np.inf], m).astype(float)
    supply = rng.integers(1, 4, n).astype(float) if supplies else None
    return n, capacity, left, right, weight, supply


@pytest.mark.parametrize("supplies", [False, True])
def test_the_solver_finds_the_optimum_and_proves_it(supplies):
    rng = np.random.default_rng(11 if supplies else 5)
    for _ in range(150):
        n, capacity, left, right, weight, supply = random_instance(rng, supplies=supplies)
        solution = solve(n, capacity, left, right, weight, supply)
        need_supply = np.ones(n) if supply is None else supply
        # feasible
        assert np.all(np.bincount(left, weights=solution.flow, minlength=n) <= need_supply)
        assert np.all(np.bincount(right, weights=solution.flow, minlength=len(capacity)) <= capacity)
        # optimal
        assert solution.total == pytest.approx(optimum(n, capacity, left, right, weight, supply), abs=1e-6)
        # the duals are a proof: feasible, and their objective equals the total
        assert np.all(solution.u[left] + solution.v[right] >= weight - 1e-7)
        finite = np.where(np.isinf(capacity), 0.0, capacity)
        assert solution.u @ need_supply + finite @ solution.v == pytest.approx(solution.total, abs=1e-6)


def test_row_top_is_sorting():
    rng = np.random.default_rng(3)
    for case in range(300):
        n, m = int(rng.integers(1, 8)), int(rng.integers(1, 40))
        values = rng.choice([1.0, 2.0, 2.5], (n, m)) if case % 2 else rng.random((n, m))
        dense = np.where(rng.random((n, m)) < 0.5, values, 0.0)
        matrix = sparse.csr_matrix(dense)
        k = int(rng.integers(1, 6))
        tie = rng.random(matrix.nnz) if case % 3 == 0 else None
        ptr, cols, vals, left_out = _row_top(matrix.indptr, matrix.indices, matrix.data, k, tie)
        for i in range(n):
            stored = range(matrix.indptr[i], matrix.indptr[i + 1])
            key = {matrix.indices[p]: (matrix.indices[p] if tie is None else tie[p]) for p in stored}
            expected = sorted(key, key=lambda c: (-dense[i, c], key[c]))
            assert list(cols[ptr[i]:ptr[i + 1]]) == expected[:k]
            assert list(vals[ptr[i]:ptr[i + 1]]) == [dense[i, c] for c in expected[:k]]
            assert left_out[i] == (dense[i, expected[k]] if len(expected) > k else 0.0)


def evaluation_texts():
    texts = []
    for name in ("needs.csv", "test_needs.csv", "resources.csv"):
        with open(EVALUATION_DIR / name, encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                texts += [row["text"], row.get("org") or ""]
    return texts


def test_segment_is_jieba_word_for_word():
    from gongzhi.matching.bench import generate
    from gongzhi.matching.engine import _tokenizer

    jieba = _tokenizer()
    needs, resources = generate(500, 200, seed=1)
    texts = evaluation_texts() + [n.text for n in needs] + [r.org for r in resources] + [
        "abc 123 Hello，世界！ 3.5kg 100% C++ a-b_c #x&y", "  \r\n 多 空格\t和tab", "", "ＡＢＣ全角１２３", "😀表情🙂"]
    assert [lexicon.segment(t) for t in texts] == [jieba.lcut(t, HMM=False) for t in texts]


def test_the_pattern_prefilter_never_skips_a_matching_pattern():
    matcher = lexicon.matcher()
    for text in evaluation_texts():
        if not text:
            continue
        matched = {matcher.concepts[i].name for i, regex in matcher.patterns if regex.search(text)}
        assert matched <= set(analyse(text).concepts) | set(lexicon.find(text).concepts), text


@pytest.mark.parametrize(("pattern", "literals"), [
    (r"放(了)?学.{0,10}(没人|无人)", {"没人", "无人"}),  # the most selective: two characters beat one
    (r"放(了)?学.{0,10}(没人|管)", {"放"}),
    (r"(下水|管道).{0,8}堵", {"下水", "管道"}),
    (r"考(得|的)?(不好|很差)", {"不好", "很差"}),
    (r".{0,3}", None),
])
def test_necessary_literals(pattern, literals):
    assert lexicon.necessary_literals(pattern) == literals


def test_assign_is_the_optimum_over_all_pairs():
    """Few candidates per need, so that the dual proof fails at first and more rounds are needed: the result
    must still equal the optimum over every positive need–resource pair."""
    from gongzhi.matching.bench import generate

    for seed in range(4):
        needs, resources = generate(120, 40, seed=seed)
        rng = random.Random(seed)
        resources = [r.__class__(r.id, r.text, r.org, r.category, r.community, rng.choice((None, 0, 1, 2, 3)))
                     for r in resources]
        index = Index(resources)
        report = AssignmentReport()
        result = assign(needs, index, candidates=1, rounds=6, report=report)
        scores = index.scores(needs, [analyse(n.text) for n in needs]).tocoo()
        usable = ~index.full[scores.col]
        best = optimum(len(needs), index.capacity, scores.row[usable], scores.col[usable], scores.data[usable])
        assert report.gap_bound == 0.0
        assert report.total == pytest.approx(best, abs=1e-6)
        assert sum(a.score for a in result) == pytest.approx(best, abs=1e-4 * len(needs))  # shown to 4 places
        load = {}
        for a in result:
            if a.resource is not None:
                load[a.resource.id] = load.get(a.resource.id, 0) + 1
        assert all(count <= (r.capacity if r.capacity is not None else count)
                   for r in resources for count in [load.get(r.id, 0)])
