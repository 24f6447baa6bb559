import pytest

from gongzhi.matching.engine import Index, Need, Resource, assign, assign_greedy, rank
from gongzhi.matching.quality import load_labelled

_labelled, EVAL_RESOURCES = load_labelled()
BY_ID = {r.id: r for r in EVAL_RESOURCES}


@pytest.mark.parametrize(("text", "expected", "concept"), [
    ("孩子放学没人管", "R01", "课后看护"),  # 四点半课堂
    ("下水道堵了", "R04", "管道疏通"),
    ("楼上半夜敲东西", "R09", "矛盾调解"),
])
def test_the_issue_examples_rank_first_with_the_shared_concept(text, expected, concept):
    [suggestions] = rank([Need("n", text)], EVAL_RESOURCES, top_k=3)
    assert suggestions[0].resource.id == expected
    assert f"共同概念：{concept}" in suggestions[0].reason


def test_reason_names_community_and_places_left():
    resources = [Resource("a", "四点半课堂：课后看护", community="五美社区", capacity=12)]
    [[best]] = rank([Need("n", "孩子放学没人管", community="五美社区")], resources)
    assert best.reason.startswith("共同概念：课后看护")
    assert "同一社区" in best.reason and "剩余名额 12" in best.reason


def test_bonuses_never_create_a_match_and_full_resources_are_penalised():
    resources = [Resource("same-place", "免费磨刀", category="legal", community="五美社区", capacity=5),
                 Resource("full", "人民调解：邻里纠纷", capacity=0),
                 Resource("open", "人民调解：邻里纠纷", capacity=3)]
    [suggestions] = rank([Need("n", "楼上半夜敲东西", category="legal", community="五美社区")], resources)
    assert [s.resource.id for s in suggestions] == ["open", "full"]
    assert "名额已满" in suggestions[1].reason
    assert suggestions[1].score < suggestions[0].score


def test_a_need_without_any_shared_term_gets_nothing():
    assert rank([Need("n", "今天天气不错")], EVAL_RESOURCES) == [[]]


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
    result = assign(needs, resources)
    assert sum(1 for a in result if a.resource and a.resource.id == "R04") == BY_ID["R04"].capacity == 50
    assert not any(a.resource and a.resource.id == "full" for a in result)
    assert result[-1].resource is None and result[-1].score == 0


def test_the_evaluation_set_meets_its_targets():
    from gongzhi.matching.quality import evaluate

    figures, _picks, labelled = evaluate()
    assert len(labelled) >= 150
    engine = {f.subset: f for f in figures if f.method == "engine"}
    baseline = {f.subset: f for f in figures if f.method == "baseline"}
    assert engine["all"].top1 >= 0.90
    assert engine["all"].top3 >= 0.97
    assert engine["all"].top1 >= baseline["all"].top1 + 0.2
    assert engine["all"].top3 >= baseline["all"].top3 + 0.2
