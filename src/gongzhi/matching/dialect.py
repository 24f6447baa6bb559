"""Cantonese written the way it is spoken (咗, 喺, 唔, 冇, 嘅 …) and a few southwestern Mandarin words (屋头, 么子, 哪门)
read as Mandarin before a need is analysed and embedded: 雪柜唔冻 → 冰箱不冻, 佢瞓唔着 → 他睡不着. A resident of
Guangdong or Guangxi writes a need as she would say it; the offerings are written in Mandarin, and neither the lexicon,
jieba nor the sentence model reads 咗 as 了.

The tables hold function words and everyday words whose written form does not occur in Mandarin text with another
meaning (食 and 饮, which do — 食堂, 饮水 —, are replaced only inside unambiguous phrases). They were written from general
knowledge of the languages after the development sets showed how residents write (36 needs in Cantonese, many more
with southwestern words); no fresh test set was read (docs/adr/0027, "Eleventh round")."""

from __future__ import annotations

import re
from functools import lru_cache

# longer forms first wherever one contains another (the pattern is built longest first)
CANTONESE = {
    # pronouns and demonstratives
    "佢哋": "他们", "我哋": "我们", "你哋": "你们", "佢": "他", "呢度": "这里", "嗰度": "那里", "呢个": "这个",
    "嗰个": "那个", "呢啲": "这些", "嗰啲": "那些", "嗰": "那", "边度": "哪里", "边个": "谁", "乜嘢": "什么",
    "咩嘢": "什么", "乜": "什么", "嘢": "东西", "点样": "怎样", "点解": "为什么", "咁样": "这样", "噉样": "这样",
    "噉": "这样", "咁多": "这么多", "咁": "这么", "几多": "多少",
    # grammar
    "有冇": "有没有", "冇": "没有", "唔该": "麻烦", "唔": "不", "咗": "了", "喺": "在", "嘅": "的", "啲": "些",
    "嚟": "来", "畀": "给", "俾": "给", "攞": "拿", "揾": "找", "睇": "看", "嗌": "喊", "瞓": "睡", "係咪": "是不是",
    "系咪": "是不是", "仲有": "还有", "仲未": "还没", "仲係": "还是", "好似": "好像", "而家": "现在", "头先": "刚才",
    "啱啱": "刚刚", "今日": "今天", "琴日": "昨天", "听日": "明天", "成日": "整天", "成晚": "整晚", "喇": "了",
    # everyday words
    "屋企": "家里", "返屋企": "回家", "返工": "上班", "放工": "下班", "雪柜": "冰箱", "水喉": "水龙头",
    "耳仔": "耳朵", "隔篱": "隔壁", "细路仔": "小孩", "细路": "小孩", "细佬": "弟弟", "家姐": "姐姐",
    "阿嫲": "奶奶", "阿爷": "爷爷", "老豆": "爸爸", "钟意": "喜欢", "倾偈": "聊天", "搞掂": "搞定", "落雨": "下雨",
    "揸车": "开车", "泊车": "停车", "攰": "累", "痕到": "痒得", "好痕": "好痒", "食药": "吃药", "食饭": "吃饭",
    "食嘢": "吃东西", "饮茶": "喝茶", "郁唔到": "动不了", "行唔到": "走不了", "睇医生": "看医生", "睇病": "看病",
    "靓": "漂亮", "好嘈": "好吵", "嘈到": "吵得", "行街": "逛街", "冷气机": "空调", "电单车": "摩托车", "巴士": "公交车",
    "锁匙": "钥匙", "门钟": "门铃", "电饭煲": "电饭锅", "热水炉": "热水器", "抽湿机": "除湿机", "洗衫": "洗衣服",
    "冷衫": "毛衣", "外母": "岳母", "肚痛": "肚子痛", "屋企人": "家里人",
}
# Southwestern and Xiang Mandarin (Sichuan, Guizhou, Guangxi's 桂柳话, Hunan): words Mandarin text does not use
SOUTHWESTERN = {
    "屋头": "家里", "么子": "什么", "哪门": "怎么", "咋个": "怎么", "啷个": "怎么", "咋整": "怎么办", "冒得": "没有",
    "莫得": "没有", "晓得": "知道", "堂客": "老婆", "一哈": "一下", "伢子": "孩子", "细崽": "孩子",
}
_TABLE = {**CANTONESE, **SOUTHWESTERN}
_PATTERN = re.compile("|".join(sorted(map(re.escape, _TABLE), key=len, reverse=True)))


@lru_cache(maxsize=65_536)
def mandarin(text: str) -> str:
    """The text with its Cantonese written forms replaced by Mandarin ones (a text without any comes back as it is)."""
    return _PATTERN.sub(lambda m: _TABLE[m.group(0)], text)
