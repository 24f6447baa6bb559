"""The sentence model's channel (sentences.py, docs/adr/0027): vectors from the model, the disk cache and the
repository's evaluation vectors are the same; a need told as a situation finds its offering; in a short list the
channel makes no match out of nothing; a broken cache costs time, not an answer."""

from dataclasses import replace

import numpy as np
import pytest

from gongzhi.matching import sentences
from gongzhi.matching.engine import DEFAULT_WEIGHTS, Index, Need, Resource, assign, rank
from gongzhi.matching.quality import COLLECTIONS, EVALUATION_DIR, load_labelled
from gongzhi.matching.tables import read_resources

RESOURCES = read_resources(EVALUATION_DIR / "resources_2027_05.csv")


@pytest.fixture
def fresh_process(monkeypatch, tmp_path):
    """No vector kept in this process, an empty disk cache of its own."""
    monkeypatch.setattr(sentences, "_kept", type(sentences._kept)())
    monkeypatch.setattr(sentences, "_projected", type(sentences._projected)())
    monkeypatch.setenv("GONGZHI_SENTENCE_CACHE", str(tmp_path / "sentences.sqlite3"))
    return tmp_path / "sentences.sqlite3"


def test_a_need_told_as_a_situation_finds_its_offering_by_the_whole_sentence():
    need = Need("n", "我们两口子打算要二宝，想先检查下身体")
    best = rank([need], Index(RESOURCES), top_k=3)[0]
    without = rank([need], Index(RESOURCES, replace(DEFAULT_WEIGHTS, sentence=0)), top_k=3)[0]
    assert best[0].resource.text.startswith("免费婚检孕检")
    assert not without[0].resource.text.startswith("免费婚检孕检")


def test_the_reason_says_when_the_sentence_model_alone_made_the_match():
    index = Index(read_resources(EVALUATION_DIR / "resources.csv"))
    shown = [s.reason for row in rank([Need("n", "楼上半夜敲东西"), Need("m", "亲人去世后一直走不出来")], index, top_k=3)
             for s in row]
    assert any(reason.startswith("整句意思相近（语义模型）") for reason in shown)


def test_in_a_short_list_the_sentence_model_makes_no_match_out_of_nothing():
    short = [Resource("r1", "四点半课堂：课后看护与作业辅导"), Resource("r2", "管道疏通：上门疏通下水道、马桶"),
             Resource("r3", "人民调解：调解邻里纠纷")]
    # the closest of three is always a little closer than the other two: no score, no assignment
    [row] = rank([Need("n", "想学书法")], Index(short), top_k=3)
    assert all(s.score == 0 for s in row)
    assert assign([Need("n", "想学书法")], short)[0].resource is None


def test_the_same_vector_from_the_model_the_disk_cache_and_the_process(fresh_process):
    texts = ["厕所灯不亮了，踩凳子怕摔", "孩子放学没人接"]
    first = sentences.vectors(texts, sentences.QUERY)
    assert fresh_process.is_file()
    sentences._kept.clear()
    again = sentences.vectors(texts, sentences.QUERY)  # from disk
    assert np.array_equal(first, again)
    assert np.allclose(np.linalg.norm(first, axis=1), 1, atol=2e-3)
    # a query and a passage of the same text are different vectors; an address is not part of the meaning
    assert not np.array_equal(sentences.vectors(texts[:1], sentences.PASSAGE)[0], first[0])
    assert np.array_equal(sentences.vectors(["五美社区12栋3单元 孩子放学没人接"], sentences.QUERY)[0], first[1])


def test_the_second_model_reads_each_text_on_its_own(fresh_process):
    """A text's vector from the second model does not depend on the texts embedded with it, nor on the cache."""
    alone = sentences.vectors(["楼道灯坏了"], sentences.SECOND)
    sentences._kept.clear()  # read back from the disk cache
    with_others = sentences.vectors(["孩子放学没人接", "楼道灯坏了"], sentences.SECOND)
    assert alone.shape == (1, sentences.SECOND_DIMENSIONS) and np.array_equal(alone[0], with_others[1])
    sentences._kept.clear()
    sentences._projected.clear()
    fresh = sentences.vectors(["楼道灯坏了", "孩子放学没人接"], sentences.SECOND)
    assert np.array_equal(fresh[0], alone[0])


def test_a_meaning_is_both_models_side_by_side(monkeypatch):
    both = sentences.meaning(["下水道堵了"], sentences.QUERY)[0]
    first, second = both[:sentences.DIRECTIONS], both[sentences.DIRECTIONS:]
    assert abs(float(np.linalg.norm(both)) - 1) < 1e-5
    assert abs(float(np.linalg.norm(second) / np.linalg.norm(first)) - sentences.SECOND_WEIGHT) < 1e-4
    # without the second model its part is empty and the first carries the whole meaning
    monkeypatch.setattr(sentences, "_second_model", lambda: None)
    monkeypatch.setattr(sentences, "_projected", type(sentences._projected)())
    alone = sentences.meaning(["下水道堵了"], sentences.QUERY)[0]
    assert not alone[sentences.DIRECTIONS:].any() and abs(float(np.linalg.norm(alone)) - 1) < 1e-5
    assert np.allclose(alone[:sentences.DIRECTIONS], first / np.linalg.norm(first), atol=1e-5)


def test_an_unwritable_cache_costs_time_not_an_answer(fresh_process, monkeypatch, tmp_path):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a directory")
    monkeypatch.setenv("GONGZHI_SENTENCE_CACHE", str(blocked / "sentences.sqlite3"))
    v = sentences.vectors(["下水道堵了"], sentences.QUERY)
    assert v.shape == (1, sentences.DIMENSIONS) and abs(float(np.linalg.norm(v)) - 1) < 2e-3


def test_every_evaluation_text_comes_with_the_repository():
    """CI never runs the model for the evaluation sets: after adding a set, run `gongzhi match_eval --embed`."""
    seed, second = sentences._seed(), sentences._seed(sentences.SECOND_SEED)
    for collection in COLLECTIONS:
        labelled, resources = load_labelled(collection=collection)
        for text in [item.need.text for item in labelled] + [c for r in resources for c in sentences.clauses(r.text)]:
            assert sentences._cleaned_key(sentences.SECOND, text)[0] in second, text
        for item in labelled:
            assert sentences._cleaned_key(sentences.QUERY, item.need.text)[0] in seed, item.need.id
        for r in resources:
            assert sentences._cleaned_key(sentences.PASSAGE, r.text)[0] in seed, r.id
            for clause in sentences.clauses(r.text):  # the asked channel's
                assert sentences._cleaned_key(sentences.QUERY, clause)[0] in seed, (r.id, clause)


@pytest.mark.parametrize("resources", [RESOURCES, RESOURCES + RESOURCES[:40]], ids=["distinct", "repeated"])
def test_scores_are_the_same_in_blocks_and_in_worker_processes(resources):
    """Also with offerings of the same text (the asked channel computes their z-scores once)."""
    needs = [Need(str(i), t) for i, t in enumerate(
        ["我们两口子打算要二宝，想先检查下身体", "楼上半夜敲东西", "一开电饭锅空开就跳", "想学书法", "亲人去世后一直走不出来"] * 4)]
    whole = rank(needs, Index(resources), workers=1)
    index = Index(resources)
    index.BLOCK_CELLS = 3 * len(resources)  # three needs a block
    assert rank(needs, index, workers=1) == whole
    assert rank(needs, index, workers=2) == whole


def test_an_offering_is_asked_for_clause_by_clause():
    assert sentences.clauses("理发：剪发、修面（每周二）") == ["理发", "剪发", "修面", "每周二", "理发：剪发、修面（每周二）"]
    assert sentences.clauses("上门理发") == ["上门理发", "上门理发"]
    assert sentences.clauses("四点半课堂：工作日16:30—18:00看护")[:2] == ["四点半课堂", "工作日16:30—18:00看护"]
    vectors, owned = sentences.asked(["理发：剪发、修面", "管道疏通", "上门理发：剪发"])
    # the distinct clauses, each once, and each text's own
    assert vectors.shape == (7, 2 * sentences.DIRECTIONS) and owned == [[0, 1, 2, 3], [4], [5, 1, 6]]
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-5)


def test_a_need_for_one_service_of_an_offering_lies_close_to_that_clause():
    """The asked channel compares a need with an offering's closest clause: a need for one of many services listed is
    as close to the offering as to an offering of that service alone, and the mean of the clauses would not be."""
    from gongzhi.matching.semantic import ClauseSimilarity

    texts = ["老年大学社区班：太极拳、葫芦丝、书法、摄影、智能手机", "书法", "管道疏通：下水道、马桶", "法律咨询：律师解答"]
    parts, owned = sentences.asked(texts)
    need = sentences.meaning(["退休了想学写毛笔字"], sentences.QUERY)
    rows, cols = np.zeros(4, dtype=np.int64), np.arange(4)
    z = ClauseSimilarity(parts, owned, np.arange(4)).z(need, rows, cols)
    assert z[0] > z[2] and z[0] > z[3] and abs(z[0] - z[1]) < 0.3 * (z[1] - z[3])
    averaged = [parts[rows_].mean(axis=0) @ need[0] for rows_ in owned]
    assert averaged[0] < averaged[1] - 0.05  # the mean of five services lies farther from the one asked for
    # resources of the same text share a z-score; the same need in another block gets the same
    same = ClauseSimilarity(parts, owned, np.array([0, 0, 1, 2, 3]))
    other = np.vstack([sentences.meaning(["下水道堵了"], sentences.QUERY), need])
    assert same.z(need, np.zeros(2, dtype=np.int64), np.array([0, 1]))[0] == same.z(
        other, np.ones(2, dtype=np.int64), np.array([1, 0]))[1]


def _scores(index, texts):
    from gongzhi.matching.engine import analyse

    needs = [Need(str(i), t) for i, t in enumerate(texts)]
    return index.scores(needs, [analyse(n.text) for n in needs]).toarray()


ASKING = ["我们两口子打算要二宝，想先检查下身体", "楼上半夜敲东西", "一开电饭锅空开就跳", "想学书法", "家里老人走丢过两回",
          "孩子放学没人接", "腰疼得直不起来，想找人按按"]


def test_the_asked_channel_reorders_what_other_evidence_found_and_makes_no_entry():
    with_asked = _scores(Index(RESOURCES), ASKING)
    without = _scores(Index(RESOURCES, replace(DEFAULT_WEIGHTS, asked=0)), ASKING)
    # the evidence before any model channel (sentence=0 turns them all off)
    evidence = _scores(Index(RESOURCES, replace(DEFAULT_WEIGHTS, sentence=0)), ASKING)
    assert np.array_equal(with_asked != 0, without != 0)  # the same entries
    assert (with_asked >= without).all() and (with_asked > without).sum() >= 3
    # only entries near the need's best evidence, and in proportion to it
    for row_with, row_without, row_evidence in zip(with_asked, without, evidence, strict=True):
        raised = row_with > row_without
        best = row_evidence.max() if row_evidence.max() > 0 else 1.0
        assert (row_without[raised] >= DEFAULT_WEIGHTS.asked_near * best).all()


def test_with_history_offerings_with_few_past_needs_are_asked_for_and_the_others_not():
    past = [f"以前的需求{i}" for i in range(DEFAULT_WEIGHTS.new_below)]
    history = {r.id: past for r in RESOURCES[::2]}  # every other offering: new_below past needs
    history.update({r.id: past[:1] for r in RESOURCES[1::4]})  # a quarter: one (its first confirmed match)
    weights = replace(DEFAULT_WEIGHTS, history_meaning=0)
    with_asked = _scores(Index(RESOURCES, weights, history=history), ASKING)
    without = _scores(Index(RESOURCES, replace(weights, asked=0), history=history), ASKING)
    raised = {RESOURCES[c].id for _r, c in np.argwhere(with_asked > without)}
    assert raised and not raised & {r.id for r in RESOURCES[::2]}
    assert raised & {r.id for r in RESOURCES[1::4]}  # a first confirmed match keeps the reading


def test_an_offerings_first_confirmed_match_does_not_lower_it():
    need = Need("n", "我们两口子打算要二宝，想先检查下身体")
    before = {s.resource.id: s.score for s in rank([need], Index(RESOURCES), top_k=len(RESOURCES))[0]}
    first = max(before, key=before.get)
    after = {s.resource.id: s.score for s in rank([need], Index(RESOURCES, history={first: ["想要孩子，先查查身体"]}),
                                                  top_k=len(RESOURCES))[0]}
    assert after[first] >= before[first]
