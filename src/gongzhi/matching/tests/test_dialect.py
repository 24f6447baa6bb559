"""Cantonese written as spoken is read as Mandarin (dialect.py) by the lexicon, jieba and the sentence model."""

from django.utils import translation

from gongzhi.matching import sentences
from gongzhi.matching.dialect import mandarin, readings
from gongzhi.matching.engine import Need, Resource, analyse, rank


def test_cantonese_written_forms_are_read_as_mandarin():
    assert mandarin("雪柜唔冻，买咗五年") == "冰箱不冻，买了五年"
    assert mandarin("阿嫲听唔到嘢，同佢讲嘢要嗌") == "奶奶听不到东西，同他讲东西要喊"
    assert mandarin("有冇人揾") == "有没有人找"
    assert mandarin("屋头灯不亮，哪门搞") == "家里灯不亮，怎么搞"  # southwestern Mandarin
    # a Mandarin text holds none of the markers and is left as it is, though it may hold keys of the tables
    mandarin_texts = ("食堂饮水机坏了", "最近很郁闷", "手上有道伤痕", "系统登录不了", "怎么办呢", "高音喇叭扰民",
                      "孩子感冒得厉害", "步行街太吵", "重点解决", "完成日期", "养成日常习惯", "翻成日文", "然而家里",
                      "而家长会", "周边度假", "那边个别人", "食药监局", "老豆腐", "哪门子事", "小区哪门进",
                      "头先着地", "听日语广播", "国外母婴店", "我家姐姐", "靓丽", "返工重做")
    for text in mandarin_texts:
        assert mandarin(text) == text, text
    # in a text written in Cantonese the same collisions are guarded
    assert mandarin("佢感冒得好犀利") == "他感冒得好犀利"
    assert mandarin("楼下高音喇叭吵到佢瞓唔着") == "楼下高音喇叭吵到他睡不着"
    assert mandarin("佢喺步行街开铺") == "他在步行街开铺"


def test_reading_a_text_twice_changes_nothing_more():
    for text in ("雪柜唔冻，买咗五年", "屋头灯不亮，哪门搞", "返屋企睇家姐", "佢哋成日喺度", "有冇人揾"):
        once = mandarin(text)
        assert mandarin(once) == once, text


def test_a_need_in_cantonese_finds_the_offering_written_in_mandarin():
    assert "冰箱" in analyse("雪柜唔冻啦").words
    resources = [Resource("fridge", "家电维修：冰箱、洗衣机、空调上门维修"), Resource("law", "法律咨询：律师免费解答")]
    [row] = rank([Need("n", "屋企个雪柜唔冻啦")], resources, top_k=1)
    assert row[0].resource.id == "fridge" and "冰箱" in row[0].reason


def test_the_sentence_model_reads_the_mandarin_text():
    assert sentences.cleaned("佢喺屋企") == "他在家里"
    assert sentences._cleaned_key(sentences.QUERY, "佢喺屋企") == sentences._cleaned_key(sentences.QUERY, "他在家里")


def test_the_reason_shows_the_dialect_word_the_resident_wrote():
    """Staff see 冰箱 shared and that the resident wrote 雪柜; grammar words (咗 → 了) and readings that matched
    nothing are not shown."""
    assert readings("屋企雪柜唔冻咗") == (("屋企", "家里"), ("雪柜", "冰箱"), ("唔", "不"), ("咗", "了"))
    assert readings("冰箱不冻了") == ()
    resources = [Resource("fridge", "家电维修：冰箱、洗衣机、空调上门维修"), Resource("law", "法律咨询：律师免费解答")]
    with translation.override("zh-hans"):
        [[fridge]] = rank([Need("n", "屋企个雪柜唔冻咗")], resources, top_k=1)
    assert "按方言读作：雪柜→冰箱" in fridge.reason and "咗" not in fridge.reason.split("按方言读作")[1]
    with translation.override("en"):
        [[fridge]] = rank([Need("n", "屋企个雪柜唔冻咗")], resources, top_k=1)
    assert "Read from dialect: 雪柜→冰箱" in fridge.reason
    [[plain]] = rank([Need("m", "冰箱不冻了")], resources, top_k=1)
    assert "方言" not in plain.reason
