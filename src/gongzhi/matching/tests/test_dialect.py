"""Cantonese written as spoken is read as Mandarin (dialect.py) by the lexicon, jieba and the sentence model."""

from gongzhi.matching import sentences
from gongzhi.matching.dialect import mandarin
from gongzhi.matching.engine import Need, Resource, analyse, rank


def test_cantonese_written_forms_are_read_as_mandarin():
    assert mandarin("雪柜唔冻，买咗五年") == "冰箱不冻，买了五年"
    assert mandarin("阿嫲听唔到嘢，同佢讲嘢要嗌") == "奶奶听不到东西，同他讲东西要喊"
    assert mandarin("有冇人揾") == "有没有人找"
    assert mandarin("屋头灯不亮，哪门搞") == "家里灯不亮，怎么搞"  # southwestern Mandarin
    # Mandarin words that share a character with a Cantonese form are left alone
    for text in ("食堂饮水机坏了", "最近很郁闷", "手上有道伤痕", "系统登录不了", "怎么办呢"):
        assert mandarin(text) == text


def test_a_need_in_cantonese_finds_the_offering_written_in_mandarin():
    assert "冰箱" in analyse("雪柜唔冻啦").words
    resources = [Resource("fridge", "家电维修：冰箱、洗衣机、空调上门维修"), Resource("law", "法律咨询：律师免费解答")]
    [row] = rank([Need("n", "屋企个雪柜唔冻啦")], resources, top_k=1)
    assert row[0].resource.id == "fridge" and "冰箱" in row[0].reason


def test_the_sentence_model_reads_the_mandarin_text():
    assert sentences.cleaned("佢喺屋企") == "他在家里"
    assert sentences._cleaned_key(sentences.QUERY, "佢喺屋企") == sentences._cleaned_key(sentences.QUERY, "他在家里")
