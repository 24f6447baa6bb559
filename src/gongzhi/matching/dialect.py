"""Cantonese written the way it is spoken (咗, 喺, 唔, 冇, 嘅 …), a few southwestern Mandarin words (屋头, 么子, 哪门) and,
from the seventeenth round, Shanghainese and other Wu (阿拉, 侬, 侪, 屋里厢) and Southern Min (阮, 厝, 囝仔) read as
Mandarin before a need is analysed and embedded: 雪柜唔冻 → 冰箱不冻, 佢瞓唔着 → 他睡不着. A resident of
Guangdong or Guangxi writes a need as she would say it; the offerings are written in Mandarin, and neither the lexicon,
jieba nor the sentence model reads 咗 as 了.

A text is read only when it holds a form no Mandarin text has (MARKERS: 咗, 喺, 嘅, 佢, 冇, 屋企, 么子, 屋头 …), and then
the keys that may begin or end a Mandarin word are read only where they cannot (GUARDS: 喇 but not 喇叭, 冒得 but not
感冒得); 食 and 饮 (食堂, 饮水) are replaced only inside unambiguous phrases. The tables were written from general
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
# Wu (Shanghai, Suzhou, Ningbo): pronouns, grammar words and everyday words
WU = {
    "阿拉": "我们", "侬": "你", "伊拉": "他们", "侪": "都", "屋里厢": "家里", "一家头": "一个人", "两家头": "两个人",
    "物事": "东西", "辰光": "时候", "覅": "不要", "伐晓得": "不知道", "伐": "吗", "勿": "不", "伊": "他", "搿": "这",
    "哪能": "怎么", "交关": "很多",
    "小囡": "小孩", "囡囡": "女儿", "姆妈": "妈妈", "脚骨": "腿脚", "买小菜": "买菜", "寻": "找", "勒": "在",
    "脱": "掉", "讲闲话": "说话", "清爽": "清楚", "欢喜": "喜欢", "弗": "不", "嘸没": "没有", "老酒": "黄酒",
}
# Southern Min (Fujian, Taiwan, Chaoshan)
MINNAN = {
    "阮": "我们", "厝边": "邻居", "厝": "房子", "囝仔": "孩子", "佇": "在", "恁": "你们", "歹势": "不好意思",
    "查某": "女人", "查埔": "男人", "阿嬷": "奶奶", "阿母": "妈妈", "阿爸": "爸爸", "袂": "不会", "毋": "不",
    "头家": "老板",
}
_TABLE = {**CANTONESE, **SOUTHWESTERN, **WU, **MINNAN}
# Forms found in no Mandarin text: a text holding none of them is left as it is, so that a Mandarin text can never be
# misread (喇叭, 感冒得, 步行街, 完成日期, 然而家里 hold keys of the tables).
MARKERS = re.compile("[咗喺嘅佢冇啲嚟揾睇瞓嘢攞嗌噉嗰哋]|屋企|雪柜|水喉|耳仔|阿嫲|"
                     "么子|咋个|啷个|咋整|莫得|屋头|堂客|伢子|细崽|一哈|"
                     "阿拉(?![伯斯丁善木])|[侬覅搿]|伊拉(?![克斯])|屋里厢|一家头|两家头|嘸没|"
                     "[厝佇]|囝仔|歹势|(?<![调检审核清追复排])查某|查埔|阿嬷|阮(?=阿[母爸公嬷]|[兜厝]|做)")
# Inside a marked text, the keys that also end or begin a Mandarin word are read only where they cannot be part of one
GUARDS = {
    "喇": "喇(?![叭嘛])", "冒得": "(?<!感)冒得", "行街": "(?<!步)行街", "点解": "点解(?!决)",
    "成日": "(?<![完养翻形变])成日(?![期文常])", "而家": "(?<!然)而家(?!长)", "边度": "(?<![周旁那这两])边度",
    "边个": "(?<![周旁那这两])边个(?![别人])", "食药": "食药(?!监)", "老豆": "老豆(?![腐芽角])", "哪门": "哪门(?!子)",
    "头先": "头先(?!着)", "听日": "听日(?![语文])", "外母": "(?<![国海])外母(?!婴)", "家姐": "家姐(?!姐)",
    "靓": "靓(?!丽)",
    # Wu and Southern Min
    "阿拉": "阿拉(?![伯斯丁善木])", "伊拉": "伊拉(?![克斯])", "侪": "(?<![同吾])侪(?!辈)", "物事": "(?<![人])物事(?![迹业])",
    "伐": r"(?<![征讨砍步采杀])伐(?=[，。？！?!\s]|$)", "哪能": "哪能(?![呢够])", "交关": "(?<![外])交关(?![系])",
    "寻": "(?<![追找搜探觅])寻(?![找求常觅思味])", "勒": "(?<![勾弥])勒(?![索紧死令])", "弗": "(?<![佛])弗(?![兰洛])",
    "脱": r"(?<=[坏碎敲落忘掉用])脱(?=了|[，。！？\s]|$)", "清爽": "清爽(?![口])", "欢喜": "(?<![皆])欢喜(?![冤])",
    "阮": "阮(?![氏])", "查某": "(?<![调检审核清追复排])查某", "毋": "毋(?![庸须宁])", "袂": "(?<![衣分])袂", "头家": "(?<![外])头家",
    "勿": "(?<![请切务])勿(?![忘论])", "伊": "伊(?![拉斯犁朗甸利春万])",
}
_PATTERN = re.compile("|".join(GUARDS.get(key, re.escape(key)) for key in sorted(_TABLE, key=len, reverse=True)))


@lru_cache(maxsize=65_536)
def mandarin(text: str) -> str:
    """The text with its Cantonese and southwestern Mandarin forms replaced by Mandarin ones, when it holds one of
    the MARKERS; any other text comes back as it is. Reading the result again changes nothing (the markers are all
    replaced)."""
    if not MARKERS.search(text):
        return text
    return _PATTERN.sub(lambda m: _TABLE[m.group(0)], text)


@lru_cache(maxsize=65_536)
def readings(text: str) -> tuple[tuple[str, str], ...]:
    """The dialect forms mandarin() replaces in the text, each once and in order: (as written, as read) — what staff
    are shown when a match rests on a word the resident wrote in dialect (雪柜 → 冰箱)."""
    if not MARKERS.search(text):
        return ()
    return tuple(dict.fromkeys((m.group(0), _TABLE[m.group(0)]) for m in _PATTERN.finditer(text)))
