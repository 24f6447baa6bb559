"""Matching reasons are read by staff in the language they chose: the labels are translated when the reason is
asked for, the shared words and concepts stay the texts' own."""

from django.utils import translation

from gongzhi.matching.engine import Need, Resource, rank

RESOURCES = [Resource("a", "四点半课堂：课后看护", community="五美社区", capacity=12),
             Resource("b", "四点半课堂：课后看护", community="五美社区", capacity=0)]


def _reasons():
    [suggestions] = rank([Need("n", "孩子放学没人管", community="五美社区")], RESOURCES, top_k=2)
    return {s.resource.id: s.reason for s in suggestions}


def test_reasons_in_chinese():
    with translation.override("zh-hans"):
        reasons = _reasons()
    assert reasons["a"].startswith("共同概念：课后看护") and "；同一社区；" in reasons["a"]
    assert reasons["a"].endswith("剩余名额 12") and reasons["b"].endswith("名额已满")


def test_reasons_in_english_have_no_chinese_labels():
    with translation.override("en"):
        reasons = _reasons()
    assert reasons["a"].startswith("Shared concepts: 课后看护")
    assert "; Same community; " in reasons["a"] and reasons["a"].endswith("12 places left")
    assert reasons["b"].endswith("No places left")
    for label in ("共同概念", "共同词语", "同一社区", "剩余名额", "名额已满", "；"):
        assert label not in reasons["a"] + reasons["b"]

