"""Cantonese, Shanghainese and Southern Min written as spoken are read as Mandarin (dialect.py) by the lexicon, jieba and the sentence model."""

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


def test_shanghainese_and_southern_min_are_read_as_mandarin():
    assert mandarin("阿拉爷一家头住，脚骨不灵光，买小菜买药侪不方便") == "我们爷一个人住，腿脚不灵光，买菜买药都不方便"
    assert mandarin("阿拉屋里厢小囡侪勒国外，我怕脑子坏脱了") == "我们家里小孩都在国外，我怕脑子坏掉了"
    assert mandarin("伐晓得哪能补，好停伐") == "伐晓得哪能补，好停伐"  # no marker: left as it is
    assert mandarin("阿拉儿子体育分数老低，伐晓得哪能补") == "我们儿子体育分数老低，不知道怎么补"
    assert mandarin("阮新厝刚装好，囝仔要搬进去") == "我们新房子刚装好，孩子要搬进去"
    assert mandarin("阮阿母一个人过了十年，想给伊找个伴") == "我们妈妈一个人过了十年，想给他找个伴"
    # Mandarin texts holding keys or look-alikes of the markers are left as they are
    for text in ("阿拉伯语培训班", "伊拉克战争纪录片", "请勿吸烟", "同侪压力大", "人物事迹展览", "我想寻找工作",
                 "被人勒索了", "调查某小区的物业", "阮阿姨家的狗", "阮氏宗祠", "哪能呢", "清爽的夏天"):
        assert mandarin(text) == text, text
    # inside a Shanghainese text the same collisions are guarded
    assert mandarin("阿拉想寻找阿拉伯语老师，请勿打扰") == "我们想寻找阿拉伯语老师，请勿打扰"


def test_reading_a_text_twice_changes_nothing_more():
    for text in ("雪柜唔冻，买咗五年", "屋头灯不亮，哪门搞", "返屋企睇家姐", "佢哋成日喺度", "有冇人揾",
                 "阿拉屋里厢小囡侪勒国外", "阮阿母佇厝里"):
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
