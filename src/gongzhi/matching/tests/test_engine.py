from dataclasses import replace

import pytest
from django.utils import translation

from gongzhi.matching.engine import (
    DEFAULT_WEIGHTS,
    AssignmentReport,
    Index,
    Need,
    Resource,
    analyse,
    assign,
    assign_greedy,
    rank,
    rank_and_assign,
)
from gongzhi.matching.quality import load_labelled

_labelled, EVAL_RESOURCES = load_labelled(sets=("dev",))
BY_ID = {r.id: r for r in EVAL_RESOURCES}


@pytest.mark.parametrize(("text", "expected", "concept"), [
    ("孩子放学没人管", "R01", "课后看护"),  # 四点半课堂
    ("下水道堵了", "R04", "管道疏通"),
])
def test_the_issue_examples_rank_first_with_the_shared_concept(text, expected, concept):
    [suggestions] = rank([Need("n", text)], EVAL_RESOURCES, top_k=3)
    assert suggestions[0].resource.id == expected
    assert f"共同概念：{concept}" in suggestions[0].reason


def test_a_noise_at_night_finds_mediation_by_its_concept_and_first_once_both_offerings_have_history():
    """楼上半夜敲东西: on the list's texts alone the night patrol (红袖标治安巡逻队夜间巡逻), worded as residents speak of
    nights, comes first since the asked channel of the tenth round, and mediation (人民调解, worded as an office
    would) second with the shared concept; once both have a few confirmed matches — a list in use — mediation
    is first."""
    need = Need("n", "楼上半夜敲东西")
    [alone] = rank([need], EVAL_RESOURCES, top_k=3)
    assert [s.resource.id for s in alone[:2]].count("R09") == 1
    assert "共同概念：矛盾调解" in next(s.reason for s in alone if s.resource.id == "R09")
    history = {"R09": ["邻居家装修天天砸墙，吵得没法休息", "和对门为了楼道堆东西吵起来了", "楼上漏水淹了我家，他不认"],
               "R38": ["晚上小区里有陌生人转悠", "单元门锁坏了，夜里谁都能进", "电动车晚上被偷了两回"]}
    [used] = rank([need], Index(EVAL_RESOURCES, history=history), top_k=3)
    assert used[0].resource.id == "R09"


def test_reason_names_community_and_places_left():
    resources = [Resource("a", "四点半课堂：课后看护", community="五美社区", capacity=12)]
    [[best]] = rank([Need("n", "孩子放学没人管", community="五美社区")], resources)
    assert best.reason.startswith("共同概念：课后看护")
    assert "同一社区" in best.reason and "剩余名额 12" in best.reason


def test_no_community_on_either_side_is_not_the_same_community():
    resources = [Resource("with", "人民调解：邻里纠纷", community="五美社区"), Resource("without", "人民调解：邻里纠纷")]
    [suggestions] = rank([Need("n", "楼上半夜敲东西")], resources)
    assert suggestions[0].score == suggestions[1].score  # no bonus for two empty communities
    assert all("同一社区" not in s.reason for s in suggestions)


def test_bonuses_never_create_a_match_and_full_resources_are_penalised():
    resources = [Resource("same-place", "免费磨刀", category="legal", community="五美社区", capacity=5),
                 Resource("full", "人民调解：邻里纠纷", capacity=0),
                 Resource("open", "人民调解：邻里纠纷", capacity=3)]
    [suggestions] = rank([Need("n", "楼上半夜敲东西", category="legal", community="五美社区")], resources)
    assert [s.resource.id for s in suggestions] == ["open", "full"]
    assert "名额已满" in suggestions[1].reason
    assert suggestions[1].score < suggestions[0].score


def test_no_need_is_left_without_a_suggestion():
    """Issue 13: whatever a resident writes, while resources exist the need gets suggestions — from the
    character n-gram floor when no word, concept or synonym is shared, and from the list (score 0, marked for
    staff to check) when not even a character is."""
    needs = [Need("a", "今天天气不错"), Need("b", "？？？"), Need("c", "xyz", category="legal"), Need("d", "")]
    ranked = rank(needs, EVAL_RESOURCES, top_k=3)
    assert all(len(row) == 3 for row in ranked)
    assert "字面相近" in ranked[0][0].reason
    assert all(s.score == 0 and "请人工确认" in s.reason for s in ranked[1])
    assert ranked[2][0].resource.category == "legal"
    assert rank(needs, [], top_k=3) == [[], [], [], []]


@pytest.mark.parametrize("key", ["2611", "2612", "2701", "2702", "2703", "2704", "2705", "2706", "2707", "2708",
                                 "2709", "2710", "2711", "2712", "2801", "2802", "2803",
                                 "2804", "2805"])
def test_no_need_of_any_labelled_set_is_left_without_a_suggestion(key):
    from gongzhi.matching.quality import COLLECTIONS

    collection = next(c for c in COLLECTIONS if c.key == key)
    labelled, resources = load_labelled(sets=("dev", "test"), collection=collection)
    ranked = rank([item.need for item in labelled], Index(resources), top_k=3)
    assert [item.need.id for item, row in zip(labelled, ranked, strict=True) if not row] == []


def test_a_synonym_from_the_thesaurus_matches_and_says_so():
    resources = [Resource("net", "宽带安装与维修"), Resource("other", "法律咨询")]
    [suggestions] = rank([Need("n", "宽频装不上")], resources, top_k=1)
    assert suggestions[0].resource.id == "net"
    assert suggestions[0].reason == "宽频 ≈ 宽带（同义词）"
    with translation.override("en"):
        [suggestions] = rank([Need("n", "宽频装不上")], resources, top_k=1)
    assert suggestions[0].reason == "宽频 ≈ 宽带 (synonym)"


def test_equal_scores_keep_resource_order():
    resources = [Resource(f"r{i}", "管道疏通：疏通下水道") for i in range(6)]
    [suggestions] = rank([Need("n", "下水道堵了")], resources, top_k=4)
    assert [s.resource.id for s in suggestions] == ["r0", "r1", "r2", "r3"]


# --- reading the text ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "written", "meant", "expected"), [
    ("想量量雪压", "雪压", "血压", "R13"),
    ("想借个论椅", "论椅", "轮椅", "R31"),
    ("马通堵了", "马通堵了", "马桶堵了", "R04"),
    ("想请人条解一下邻居的纠份", "条解", "调解", "R09"),
])
def test_homophone_typos_are_read_by_sound_and_said_so(text, written, meant, expected):
    assert (written, meant) in analyse(text).corrections
    [suggestions] = rank([Need("n", text)], EVAL_RESOURCES)
    assert suggestions[0].resource.id == expected
    assert f"按读音识别：{written}→{meant}" in suggestions[0].reason


@pytest.mark.parametrize("text", [
    "我一声不吭",  # 一声 sounds like 医生 but is a word
    "社区提供课后看护",  # 供课 sounds like 功课 but crosses two words
    "想问一哈社区那个下午看娃娃的班",  # 问一 sounds like 文艺 but holds a function word
    "五美社区12栋3单元，隔壁王阿姨家下水道堵了",
])
def test_ordinary_words_are_not_taken_for_typos(text):
    assert analyse(text).corrections == ()


def test_a_typo_is_read_by_the_sounds_guilin_speech_merges():
    # 桂柳话 and fuzzy pinyin: in = ing, en = eng, n = l, z = zh …; three characters or more only
    assert analyse("想做个宫劲癌筛查").corrections == (("宫劲癌", "宫颈癌"),)  # jin / jing
    assert analyse("招娉会").corrections == (("招娉会", "招聘会"),)  # ping / pin
    assert analyse("厨房的下水堵起了，水放不下去").corrections == ()  # shui fang ≠ sui fang (随访): two characters


def test_a_clause_telling_who_the_resident_is_weighs_less():
    from gongzhi.matching.engine import Weights

    text = "我是送外卖的，屋头厨房下水道堵了"
    assert analyse(text).who == {"送", "外卖", "§骑手驿站"}
    assert analyse("屋头厨房下水道堵了，想找人通一下").who == frozenset()
    assert analyse("我是退伍军人").who == frozenset()  # one clause: it is the need
    resources = [Resource("drain", "管道疏通：疏通下水道"), Resource("riders", "骑手驿站：外卖骑手歇脚")]
    [[_drain, riders]] = rank([Need("n", text)], resources)
    [[_drain, riders_full]] = rank([Need("n", text)], resources, weights=Weights(identity=1.0))
    assert riders.score == pytest.approx(riders_full.score * 0.5, rel=0.01)  # its words, concept and pieces


def test_characters_inside_words_match_a_word_nobody_else_uses():
    # 雕刻 / 木头 share no word with 木雕, but two characters
    resources = [Resource("wood", "木雕体验课"), Resource("clay", "陶瓷体验课")]
    [suggestions] = rank([Need("n", "雕刻木头")], resources)
    assert [s.resource.id for s in suggestions] == ["wood"]
    assert suggestions[0].reason == "字面相近（字符重合）"


def test_the_longest_phrase_wins():
    # 养老 (day care) inside 养老保险 (social insurance) does not count
    analysis = analyse("养老保险怎么交")
    assert analysis.concepts == ("社保代办",)
    [suggestions] = rank([Need("n", "养老保险怎么交")], EVAL_RESOURCES)
    assert suggestions[0].resource.id == "R33"


def test_an_address_with_a_building_number_is_not_content():
    assert analyse("五美社区12栋3单元，下水道堵了").words == analyse("下水道堵了").words


def test_a_group_word_counts_through_its_group_only():
    analysis = analyse("孩子作业不会做")
    assert "青少年" in analysis.concepts and "孩子" not in analysis.words


def test_a_one_character_phrase_is_weak_evidence():
    analysis = analyse("屋头的冰柜不冷了，肉都要臭了")
    assert analysis.weak == ("环境整治",) and "家电维修" in analysis.concepts
    [suggestions] = rank([Need("n", "屋头的冰柜不冷了，肉都要臭了")], EVAL_RESOURCES)
    assert suggestions[0].resource.id == "R06"


# --- assignment -------------------------------------------------------------------------------------------
def test_assign_respects_capacity_and_beats_greedy():
    # One place at 四点半课堂. Need a also fits the homework tutoring (a little less well); need b fits
    # only 四点半课堂. Greedy gives the place to a and leaves b out; the optimum serves both.
    resources = [Resource("class", "四点半课堂：放学后课后看护，作业辅导", capacity=1),
                 Resource("tutor", "志愿者作业辅导", capacity=5)]
    needs = [Need("a", "孩子放学没人管，作业也没人辅导"), Need("b", "孩子放学没人接")]
    index = Index(resources)
    [[a1, *_], [b1]] = rank(needs, index, top_k=2)
    assert a1.resource.id == "class" and b1.resource.id == "class"

    optimal = assign(needs, index)
    greedy = assign_greedy(needs, index)
    assert {a.need.id: a.resource.id for a in optimal} == {"a": "tutor", "b": "class"}
    assert [a.resource for a in greedy if a.need.id == "b"] == [None]
    assert sum(a.score for a in optimal) > sum(a.score for a in greedy)


def test_assign_never_exceeds_capacity_and_leaves_unmatched_needs_unassigned():
    resources = [BY_ID["R04"], Resource("full", "管道疏通", capacity=0)]
    needs = [Need(f"n{i}", "下水道堵了") for i in range(60)] + [Need("x", "想学书法")]
    report = AssignmentReport()
    result = assign(needs, resources, report=report)
    assert sum(1 for a in result if a.resource and a.resource.id == "R04") == BY_ID["R04"].capacity == 50
    assert not any(a.resource and a.resource.id == "full" for a in result)
    assert result[-1].resource is None and result[-1].score == 0
    assert report.classes == 1 + 1  # the 60 identical needs are one class, 想学书法 another
    assert report.assigned == 50 and report.gap_bound == 0.0


def test_rank_and_assign_is_rank_plus_assign():
    from gongzhi.matching.bench import generate

    needs, resources = generate(300, 120, seed=7)
    index = Index(resources)
    ranked, assigned = rank_and_assign(needs, index, top_k=3, candidates=5)
    assert ranked == rank(needs, index, top_k=3)
    assert [(a.resource and a.resource.id, a.score) for a in assigned] == \
        [(a.resource and a.resource.id, a.score) for a in assign(needs, index, candidates=5)]


def test_worker_processes_give_the_same_results():
    from gongzhi.matching.bench import generate

    needs, resources = generate(400, 150, seed=3)
    index = Index(resources)
    index.BLOCK_CELLS = 150 * 50  # blocks of 50 needs, so that two workers share them
    one = rank_and_assign(needs, index, candidates=4, workers=1)
    two = rank_and_assign(needs, index, candidates=4, workers=2)
    assert one == two


# --- the evaluation sets ----------------------------------------------------------------------------------
# The development set's figures reached, kept as a floor: a change that loses a development need fails here. No
# test set is pinned (a pinned test-set score turns the test set into a tuning target): CI only checks that the
# evaluation runs on every collection (test_commands.py). See evaluation/README.md.
# The 2026-11 development set lost three near ties to the character pieces of issue 13's second round (0.987 →
# 0.979; the 2026-12 one gained six): evaluation/README.md, "Second round of issue 13".
# The semantic channel of the fifth round (ADR 0026) turned one more near tie (380 → 379; the 2027-03 set's needs
# about offerings never described gained 10 of 85). The sentence model of the seventh round (ADR 0027) takes it back
# to 380, the 2026-12 set from 243 to 247 and the 2027-01 one from 172 to 176; its larger weight of the eighth round
# turns three near ties of the oldest set (380 → 377) for 25 needs more on the eleven development sets. Its bonus in
# proportion to the need's best score (ninth round) turns two more (377 → 375) for 32 more on the twelve sets, the
# 2026-12 set from 248 to 252 and the 2027-01 one from 177 to 181. The asked channel of the tenth round (offerings
# read as residents ask for them) turns eight of the oldest set (375 → 367: 半夜 drawn to the night patrol, 睡不着
# to the patrol too — the words of a hand-tuned set) and one top-3 of the 2027-01 set (196 → 195), for 28 more
# top-1 on the thirteen development sets alone (39 more on the seven spent test sets). Reading southwestern Mandarin
# as Mandarin (dialect.py, eleventh round: 屋头 → 家里, 哪门 → 怎么) turns two near ties (367 → 365). The second
# sentence model of the fourteenth round (sentences.SECOND) turns two of the oldest set (365 → 363), one of the 2026-12
# set (253 → 252) and one of the 2027-01 set (182 → 181), for 23 more top-1 on the seventeen development sets alone
# (13 more on the needs about the spent sets' own new offerings). The asked channel reading an offering's closest
# clause instead of their mean (fifteenth round) takes them back (365, 253, 182) and the 2027-01 set's top-3 to 196.
# Every model channel in proportion to the need's evidence before any of them, the asked channel at 0.4 (seventeenth
# round), turns nine of the oldest set (365 → 356: offerings listing many services, 家庭医生签约与上门诊疗, drawn closer
# by their closest clause to needs its hand-tuned words named), one top-1 and one top-3 of the 2027-01 set (182 → 181,
# 196 → 195), and takes the 2026-12 set to 254, for 5 more top-1 on the twenty development sets alone (the nine sets 2707–2803: +15),
# 23 more with history and 20 more as on arrival.
REACHED_DEV = (356, 387, 388)  # top-1 hits, top-3 hits, needs of the 2026-11 development set
REACHED_DEV_2612 = (254, 269, 269)  # the same for the 2026-12 development set (issue 13; tuned on)
REACHED_DEV_2701 = (181, 195, 197)  # the same for the 2027-01 development set (issue 13, second round; tuned on)


def test_the_development_set_keeps_its_figures_and_beats_the_baseline():
    from gongzhi.matching.quality import evaluate

    figures, _picks, _labelled = evaluate(sets=("dev",))
    engine = next(f for f in figures if f.method == "engine")
    baseline = next(f for f in figures if f.method == "baseline")
    top1, top3, count = REACHED_DEV
    assert engine.count == count
    assert round(engine.top1 * count) >= top1 and round(engine.top3 * count) >= top3
    assert engine.top1 >= baseline.top1 + 0.2 and engine.top3 >= baseline.top3 + 0.2


def test_the_2612_development_set_keeps_its_figures_and_beats_the_baseline():
    from gongzhi.matching.quality import COLLECTIONS, evaluate

    figures, _picks, _labelled = evaluate(sets=("dev",), collection=next(c for c in COLLECTIONS if c.key == "2612"))
    engine = next(f for f in figures if f.method == "engine")
    baseline = next(f for f in figures if f.method == "baseline")
    top1, top3, count = REACHED_DEV_2612
    assert engine.count == count and engine.empty == 0
    assert round(engine.top1 * count) >= top1 and round(engine.top3 * count) >= top3
    assert engine.top1 >= baseline.top1 + 0.05 and engine.top3 >= baseline.top3 + 0.05


def test_the_2701_development_set_keeps_its_figures_and_beats_the_baseline():
    from gongzhi.matching.quality import COLLECTIONS, evaluate

    figures, _picks, _labelled = evaluate(sets=("dev",), collection=next(c for c in COLLECTIONS if c.key == "2701"))
    engine = next(f for f in figures if f.method == "engine")
    baseline = next(f for f in figures if f.method == "baseline")
    top1, top3, count = REACHED_DEV_2701
    assert engine.count == count and engine.empty == 0
    assert round(engine.top1 * count) >= top1 and round(engine.top3 * count) >= top3
    assert engine.top1 >= baseline.top1 + 0.1 and engine.top3 >= baseline.top3 + 0.1


def test_the_test_set_covers_every_resource_and_every_category():
    labelled, resources = load_labelled(sets=("test",))
    answered = {a for item in labelled for a in item.answers}
    assert answered == {r.id for r in resources}
    assert {r.category for r in resources if r.id in answered} == {r.category for r in resources}
    assert not {item.need.id for item in labelled} & {item.need.id for item in _labelled}


def test_a_homophone_typo_of_a_word_only_the_offerings_use_is_read_as_that_word():
    resources = [Resource("licence", "机动车驾驶证审验与补换"), Resource("law", "法律咨询与法律援助"),
                 Resource("birth", "出生医学证明补办")]
    index = Index(resources)
    need = Need("n", "我跑长途的，驾使证审验在哪里弄")
    assert index.heard(analyse(need.text)) == (("驾使证", "驾驶证"),)
    best = rank([need], index, top_k=1)[0][0]
    assert best.resource.id == "licence" and "按读音识别：驾使证→驾驶证" in best.reason
    # a typo changes one character: two changed are another word (水放 is no 随访)
    assert Index([Resource("visit", "出院病人随访")]).heard(analyse("水放不下去")) == ()
    # two characters jieba knows as a word are that word, however rare (不敢出声 is not 出生)
    assert index.heard(analyse("娃娃吓得不敢出声")) == ()
    # and a word the need has already is no typo
    assert index.heard(analyse("驾驶证审验")) == ()
    without = Index(resources, replace(DEFAULT_WEIGHTS, heard=0))
    assert without.heard(analyse(need.text)) == ()
    assert "驾使证" not in rank([need], without, top_k=1)[0][0].reason
