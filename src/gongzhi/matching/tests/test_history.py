"""The history channel (docs/adr/0023): needs matched to a resource before are evidence of how residents describe
it; a resource without history ranks exactly as before."""

from dataclasses import replace

import pytest
from django.utils import translation

from gongzhi.matching.engine import DEFAULT_WEIGHTS, Index, Need, Resource, rank, rank_and_assign

RESOURCES = [Resource("pipes", "管道疏通：上门疏通下水道、马桶"), Resource("fix", "家电维修：冰箱、洗衣机、空调"),
             Resource("talk", "心理疏导：心理咨询师谈心"), Resource("meals", "长者助餐：老年人饭堂、送餐上门")]
HISTORY = {"talk": ["孩子考试没考好，天天哭", "退休以后老是闷得慌，夜里睡不着"], "fix": ["冰箱不冷了"],
           "meals": ["老伴住院了，家里没人做饭"], "pipes": ["厕所堵了"]}
NEEDS = [Need("1", "老是闷得慌，睡不着"), Need("2", "冰箱坏了"), Need("3", "下水道堵了"), Need("4", "今天天气不错"),
         Need("5", "老人没人做饭")]


def ranked(history, needs=NEEDS, weights=DEFAULT_WEIGHTS):
    return [[(s.resource.id, s.score, s.reason) for s in row]
            for row in rank(needs, Index(RESOURCES, weights, history=history))]


def test_a_need_like_one_matched_before_ranks_that_resource_and_says_so():
    assert ranked(None)[0][0][0] != "talk"  # its own text shares nothing with 闷得慌, 睡不着
    first = ranked(HISTORY)[0][0]
    assert first[0] == "talk"
    assert first[2].startswith("与已对接的需求相近：“退休以后老是闷得慌，夜里睡不着”")


def test_no_history_changes_nothing():
    alone = ranked(None)
    assert ranked({}) == alone
    assert ranked({"unknown": ["老是闷得慌"], "talk": ["", "  "]}) == alone
    assert ranked(HISTORY, weights=replace(DEFAULT_WEIGHTS, history=0.0)) == alone


def test_history_never_lowers_a_resource_nor_adds_to_its_own_evidence():
    """A resource's score is the larger of its own evidence and its history's: a strong match on its own text is
    neither pushed down by another resource's history nor summed with its own."""
    alone, remembered = ranked(None), ranked(HISTORY)
    for before, after in zip(alone, remembered, strict=True):
        scores = {r: s for r, s, _reason in after}
        for resource, score, _reason in before:
            assert scores.get(resource, score) >= score
    # 冰箱坏了 and 下水道堵了 are decided by their own texts: same first, same score, no history reason
    for i in (1, 2):
        assert remembered[i][0][:2] == alone[i][0][:2] and "已对接" not in remembered[i][0][2]


def test_every_need_still_gets_suggestions_with_history():
    assert all(ranked(HISTORY))
    suggestions, assignments = rank_and_assign(NEEDS, Index(RESOURCES, history=HISTORY))
    assert all(suggestions) and len(assignments) == len(NEEDS)


def test_history_is_capped_per_resource():
    many = {"talk": ["冰箱不冷了"] + [f"第{i}次谈心" for i in range(60)]}
    index = Index(RESOURCES, replace(DEFAULT_WEIGHTS, history_cap=5), history=many)
    assert len(index.history.texts) == 5
    assert len(Index(RESOURCES, history=many).history.texts) == 50


def test_a_long_past_need_is_shortened_in_the_reason():
    history = {**HISTORY, "talk": ["退休以后老是闷得慌，夜里睡不着，白天也不想出门，跟谁都不想说话，儿女在外地"]}
    reason = ranked(history)[0][0][2]
    assert reason.startswith("与已对接的需求相近：“退休以后老是闷得慌，夜里睡不着，白天也不想出门，") and "…”" in reason


@pytest.mark.parametrize(("language", "expected"), [("zh-hans", "与已对接的需求相近"), ("en", "“")])
def test_the_history_reason_goes_through_gettext(language, expected):
    with translation.override(language):
        assert expected in ranked(HISTORY)[0][0][2]


def test_leave_one_set_out_history_never_holds_the_set_itself():
    from gongzhi.matching.quality import COLLECTIONS, history_without, load_labelled

    collection = next(c for c in COLLECTIONS if c.key == "2612")
    labelled, resources = load_labelled(sets=("dev",), collection=collection)
    history = history_without(collection, "dev", resources)
    everything = history_without(collection, "no such set", resources)
    # what the held-out set adds to the history of every set is exactly its own (need, answer) pairs
    assert history and (sum(map(len, everything.values())) - sum(map(len, history.values()))
                        == sum(len(item.answers) for item in labelled))
    # a resource named cold (a new offering) gets none
    assert "R46" in history and "R46" not in history_without(collection, "dev", resources, cold=frozenset({"R46"}))



def test_a_fresh_test_set_is_never_history_for_another_set():
    from gongzhi.matching.quality import (
        COLLECTIONS,
        EVALUATION_DIR,
        MEASURED_ONLY,
        history_without,
        read_labelled,
    )

    fresh_texts = set()
    for collection in COLLECTIONS:
        for name, filename in collection.sets:
            if (collection.key, name) in MEASURED_ONLY:
                fresh_texts |= {item.need.text for item in read_labelled(EVALUATION_DIR / filename, name)}
    assert fresh_texts
    for collection in COLLECTIONS:
        _labelled, resources = load_labelled_all(collection)
        history = history_without(collection, "no such set", resources)
        assert not fresh_texts & {text for texts in history.values() for text in texts}, collection.key


def load_labelled_all(collection):
    from gongzhi.matching.quality import load_labelled

    return load_labelled(sets=tuple(name for name, _f in collection.sets), collection=collection)


# Development sets only (no test set is pinned): each development set ranked with the history of every other set
# (leave-one-set-out) keeps these hits — top-1, top-3, needs — and loses at most one need against the engine alone.
# (2611: 381 → 380 with the semantic channel of ADR 0026, one near tie; the sentence model of ADR 0027 takes it to 382,
# 2612 from 248 to 252 and 2701 from 181 to 184; with its larger weight of the eighth round 2611 is at 376, 2612 at
# 253, 2701 at 184.)
REACHED_DEV_WITH_HISTORY = {"2611": (376, 388, 388), "2612": (253, 269, 269), "2701": (184, 197, 197)}


@pytest.mark.parametrize("key", sorted(REACHED_DEV_WITH_HISTORY))
def test_development_sets_with_the_history_of_the_other_sets(key):
    from gongzhi.matching.quality import COLLECTIONS, evaluate

    collection = next(c for c in COLLECTIONS if c.key == key)
    alone = next(f for f in evaluate(sets=("dev",), collection=collection)[0] if f.method == "engine")
    remembered = next(f for f in evaluate(sets=("dev",), collection=collection, history=True)[0]
                      if f.method == "engine+history")
    top1, top3, count = REACHED_DEV_WITH_HISTORY[key]
    assert remembered.count == count and remembered.empty == 0
    assert round(remembered.top1 * count) >= top1 and round(remembered.top3 * count) >= top3
    assert round(remembered.top1 * count) >= round(alone.top1 * count) - 1
    assert round(remembered.top3 * count) >= round(alone.top3 * count) - 1


def test_history_gives_the_same_suggestions_in_blocks_and_in_worker_processes():
    needs = NEEDS * 5
    whole = rank(needs, Index(RESOURCES, history=HISTORY), workers=1)
    index = Index(RESOURCES, history=HISTORY)
    index.BLOCK_CELLS = 3 * (len(RESOURCES) + len(index.history.texts))  # three needs a block
    assert rank(needs, index, workers=1) == whole
    assert rank(needs, index, workers=2) == whole
