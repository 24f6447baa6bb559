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
    """A resource's score is the larger of its own evidence and its past needs' words: a strong match on its own
    text is neither pushed down by another resource's history nor summed with it. (What the past needs mean, the
    sentence model's reading, adds, and so does the vote: test_what_past_needs_mean_adds_to_the_resource and
    test_the_vote_raises_the_clearly_closest_resource below. The asked channel keeps reading the offerings with fewer
    than new_below past needs, as all of these have.)"""
    # the words of past needs only: no meaning channel nor vote, and no larger model bonus for the offerings that count
    # as new (fewer than new_below past needs, as all of these: sentence_cold raises them, it never lowers anything)
    words_only = replace(DEFAULT_WEIGHTS, history_meaning=0.0, vote=0.0, sentence_cold=1.0)
    alone = ranked(None)
    for weights in (DEFAULT_WEIGHTS, words_only):
        remembered = ranked(HISTORY, weights=weights)
        for before, after in zip(alone, remembered, strict=True):
            scores = {r: s for r, s, _reason in after}
            for resource, score, _reason in before:
                assert scores.get(resource, score) >= score
    remembered = ranked(HISTORY, weights=words_only)
    # 冰箱坏了 and 下水道堵了 are decided by their own texts: same first, same score, no history reason
    for i in (1, 2):
        assert remembered[i][0][:2] == alone[i][0][:2] and "已对接" not in remembered[i][0][2]


# twelve offerings, each with a past need or two: the mean meaning of a resource's past needs is compared with a
# need's, and z-scores over a list of twelve mean something
SERVICES = [*RESOURCES, Resource("law", "律师坐班，免费法律咨询"), Resource("hair", "一元理发，老人优先"),
            Resource("job", "社区招聘会与就业推荐"), Resource("tree", "树木修枝与绿地养护"),
            Resource("phone", "智能手机培训：教老人用微信"), Resource("wheel", "残疾人轮椅借用与辅具适配"),
            Resource("dance", "广场舞、合唱、书法兴趣班"), Resource("eyes", "白内障免费筛查")]
PAST = {**HISTORY, "fix": ["冰箱不冷了", "洗衣机不转了"], "law": ["老板欠工资不给"], "hair": ["头发长了想剪"],
        "job": ["失业了想找活干"], "tree": ["树枝戳到窗户了"], "phone": ["不会用手机视频"], "wheel": ["想借个轮椅"],
        "dance": ["想跟着跳跳舞"], "eyes": ["眼睛越来越花，看东西模糊"]}


def test_what_past_needs_mean_adds_to_the_resource():
    """A need that shares no word with a resource's text nor with its past needs, but means what they meant, ranks
    the resource higher with the sentence model's reading of the history, and staff are shown the closest past need."""
    needs = [Need("restless", "天天心里发慌，晚上翻来覆去"), Need("chat", "今天天气不错")]
    index = Index(SERVICES, history=PAST)
    with_meaning = rank(needs, index)
    words_only = rank(needs, Index(SERVICES, replace(DEFAULT_WEIGHTS, history_meaning=0.0), history=PAST))
    first = with_meaning[0][0]
    assert first.resource.id == "talk" and first.score > words_only[0][0].score
    assert first.reason.startswith("与已对接的需求意思相近：“退休以后老是闷得慌，夜里睡不着”")
    assert index.history.text(index.history.meaning_passes(needs[0], 2, DEFAULT_WEIGHTS)) == HISTORY["talk"][1]
    # small talk: no resource's past needs come close, nothing is added and no match is made
    assert [(s.resource.id, s.score) for s in with_meaning[1]] == [(s.resource.id, s.score) for s in words_only[1]]
    assert index.history.meaning_passes(needs[1], 2, DEFAULT_WEIGHTS) is None


def test_a_new_offering_weighs_the_models_reading_more_where_the_others_have_a_past():
    """Resources with history have their past needs besides their text; a new offering has only its text, so where
    the list has history its sentence bonus counts sentence_cold times (and nothing changes in a list without)."""
    study = Resource("study", "社区自习室：晚上开放安静座位、免费无线网和插座")
    need = Need("exam", "下个月要考试，屋里吵得看不进书，想找个安静的地方")
    listed = [*SERVICES, study]
    single = replace(DEFAULT_WEIGHTS, sentence_cold=1.0)

    def score(weights, history):
        row = rank([need], Index(listed, weights, history=history), top_k=len(listed))[0]
        return next(s.score for s in row if s.resource.id == "study")

    assert score(DEFAULT_WEIGHTS, PAST) > score(single, PAST) > 0
    assert score(DEFAULT_WEIGHTS, None) == score(single, None)


def test_what_past_needs_mean_needs_several_resources_with_history():
    """One resource's past needs cannot be compared with a list's average: the channel stays silent."""
    index = Index(SERVICES, history={"talk": HISTORY["talk"]})
    assert index.history.meaning is not None and len(index.history.meaning_owner) == 1
    need = Need("restless", "天天心里发慌，晚上翻来覆去")
    assert index.history.meaning_passes(need, 2, DEFAULT_WEIGHTS) is None
    words_only = Index(SERVICES, replace(DEFAULT_WEIGHTS, history_meaning=0.0), history={"talk": HISTORY["talk"]})
    assert rank([need], index) == rank([need], words_only)


def _all_scores(needs, listed, weights, history):
    return [{s.resource.id: s.score for s in row}
            for row in rank(needs, Index(listed, weights, history=history), top_k=len(listed))]


def test_the_vote_raises_the_clearly_closest_resource():
    """Where the list has history, the resources closest to a need in meaning share a vote (Weights.vote): the one
    whose past need is clearly closest gains, no score goes down, and no entry is made."""
    needs = [Need("restless", "天天心里发慌，晚上翻来覆去"), Need("chat", "今天天气不错"), Need("eyes", "看东西越来越模糊")]
    voted = _all_scores(needs, SERVICES, DEFAULT_WEIGHTS, PAST)
    silent = _all_scores(needs, SERVICES, replace(DEFAULT_WEIGHTS, vote=0.0), PAST)
    for with_vote, without in zip(voted, silent, strict=True):
        assert with_vote.keys() == without.keys()
        assert all(with_vote[r] >= score for r, score in without.items())
    assert voted[0]["talk"] > silent[0]["talk"] and voted[2]["eyes"] > silent[2]["eyes"]
    # a vote is a share: the resource it raises most gains at most vote × the need's best score
    best = max(silent[2].values())
    assert voted[2]["eyes"] - silent[2]["eyes"] <= DEFAULT_WEIGHTS.vote * best + 1e-9


def test_a_new_offering_takes_part_in_the_vote():
    """An offering nobody was matched to yet votes by its closest clause, lifted by vote_new: with the vote it gains
    for a need about it, as the resources with a past do for theirs."""
    study = Resource("study", "社区自习室：晚上开放安静座位、免费无线网和插座")
    need = Need("exam", "下个月要考试，屋里吵得看不进书，想找个安静的地方")
    listed = [*SERVICES, study]
    voted = _all_scores([need], listed, DEFAULT_WEIGHTS, PAST)[0]
    silent = _all_scores([need], listed, replace(DEFAULT_WEIGHTS, vote=0.0), PAST)[0]
    assert voted["study"] > silent["study"]
    assert max(voted, key=voted.get) == "study"


def test_the_vote_needs_several_resources_with_history():
    """A z-score over a few resources says little (over two it is ±1 whatever the need): with fewer than
    Index.VOTE_LEAST resources with past needs the vote stays silent."""
    need = Need("restless", "天天心里发慌，晚上翻来覆去")
    few = dict(list(PAST.items())[:Index.VOTE_LEAST - 1])
    assert len(few) == Index.VOTE_LEAST - 1 and len(PAST) >= Index.VOTE_LEAST
    for history in ({"talk": HISTORY["talk"]}, few):
        assert (_all_scores([need], SERVICES, DEFAULT_WEIGHTS, history)
                == _all_scores([need], SERVICES, replace(DEFAULT_WEIGHTS, vote=0.0), history))


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
# (leave-one-set-out) keeps these hits — top-1, top-3, needs — and loses at most two needs against the engine alone.
# (2611: 381 → 380 with the semantic channel of ADR 0026, one near tie; the sentence model of ADR 0027 takes it to 382,
# 2612 from 248 to 252 and 2701 from 181 to 184; with its larger weight of the eighth round 2611 is at 376, 2612 at
# 253, 2701 at 184. The meaning of past needs, the history weight and the sentence bonus of the ninth round: 2612 at
# 256, 2701 at 189, 2611 at 375 / 387 — near ties between neighbouring offerings lost —, while the twelve
# development sets together gain 83 needs at top-1: test_history_helps_the_development_sets_together. The asked
# channel of the tenth round takes 2611 to 376; dialects read as Mandarin in the eleventh, 2611 to 375 and 2701 to 191;
# read only in texts with a dialect marker in the twelfth, 2611 to 374 and 2701 to 190 — near ties either way; the
# spent November 2027 set's needs as history besides take 2612 to 255. The second sentence model of the fourteenth
# round takes 2611 to 376 and 2612 to 254, for 13 more on the seventeen sets with history; the spent January 2028
# set's needs as history besides take 2611 back to 375, one near tie. Reading a resource's past needs by the closest
# of them instead of their mean (fifteenth round) turns one near tie of 2611 (374) and one of 2701 (189), for 7 more
# top-1 on the eighteen sets with history and 24 more as on arrival. The vote of the sixteenth round takes 2612 to
# 259; every model channel in proportion to the evidence before them in the seventeenth, 2701 to 190.)
REACHED_DEV_WITH_HISTORY = {"2611": (374, 387, 388), "2612": (259, 269, 269), "2701": (190, 197, 197)}


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
    assert round(remembered.top1 * count) >= round(alone.top1 * count) - 2
    assert round(remembered.top3 * count) >= round(alone.top3 * count) - 2


def test_history_helps_the_development_sets_together():
    """Over every development set (the fresh test set excepted), ranking with the history of the other sets finds
    more first choices and more top-3 than the engine alone."""
    from gongzhi.matching.quality import COLLECTIONS, MEASURED_ONLY, evaluate

    hits = {False: [0, 0], True: [0, 0]}
    for collection in COLLECTIONS:
        for name, _filename in collection.sets:
            if (collection.key, name) in MEASURED_ONLY:
                continue
            for history in (False, True):
                engine = next(f for f in evaluate(sets=(name,), collection=collection, history=history)[0]
                              if f.method.startswith("engine"))
                hits[history][0] += round(engine.top1 * engine.count)
                hits[history][1] += round(engine.top3 * engine.count)
    assert hits[True][0] > hits[False][0] and hits[True][1] >= hits[False][1]


def test_history_gives_the_same_suggestions_in_blocks_and_in_worker_processes():
    needs = NEEDS * 5
    whole = rank(needs, Index(RESOURCES, history=HISTORY), workers=1)
    index = Index(RESOURCES, history=HISTORY)
    index.BLOCK_CELLS = 3 * (len(RESOURCES) + len(index.history.texts))  # three needs a block
    assert rank(needs, index, workers=1) == whole
    assert rank(needs, index, workers=2) == whole
