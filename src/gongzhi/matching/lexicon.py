"""The maintained domain lexicon of the matching engine: service concepts, the words residents and units use
for them, and the stop words of resident speech.

Each concept has a canonical name (what the reason shows), the category code of the lists' taxonomy it
belongs to, *phrases* (exact words or expressions, also registered with jieba so segmentation keeps them
whole) and *patterns* (regular expressions for the ways residents say it in several words, such as
"放学……没人管"). ``kind`` is "service" for what a provider does and "group" for who benefits (老人, 孩子):
groups count less, because they say who, not what.

Write entries from how residents and units speak (service windows, forums, wish walls, unit resource
lists), never by copying the evaluation set's sentences: the evaluation measures this file.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from math import log

# The category taxonomy seeded by lists/migrations/0003_seed_categories.py: code → name. Inputs may give
# either; the engine compares codes.
CATEGORY_NAMES = {
    "medical": "义诊医疗",
    "lecture": "公益讲座",
    "elderly": "助老",
    "education": "助学",
    "legal": "法律服务",
    "culture_sports": "文体活动",
    "repairs": "便民维修",
    "environment": "环境整治",
    "employment": "就业帮扶",
    "hardship_relief": "帮困慰问",
    "party_building": "党建共建",
}


@dataclass(frozen=True)
class Concept:
    name: str
    category: str
    phrases: tuple[str, ...]
    patterns: tuple[str, ...] = ()
    kind: str = "service"  # "service" or "group"
    pattern_regex: re.Pattern | None = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "pattern_regex", re.compile("|".join(self.patterns)) if self.patterns else None)


def _c(name, category, phrases, patterns=(), kind="service"):
    return Concept(name, category, tuple(phrases.split()), tuple(patterns), kind)


# Each entry: how residents, grid workers and unit liaisons say it. Common objects and their faults are
# listed whole (every household appliance, every drain fixture, every school subject) rather than the
# wordings of any one sentence.
_ELDER = (r"(老人|老人家|老年人|老太太|老大爷|老爷子|老头子?|老太婆?|爷爷|奶奶|外婆|外公|姥姥|姥爷|老母亲|老父亲|我妈|我爸|老妈|"
          r"老爸|母亲|父亲|老两口|大爷|大妈|长辈|老伴|婆婆|公公|老邻居|阿公|阿婆)")
_CHILD = r"(孩子|娃|娃娃|小孩|小孩子|儿子|女儿|孙子|孙女|外孙|外孙女|崽|崽崽|细崽|伢|闺女|小朋友|学生)"

CONCEPTS: tuple[Concept, ...] = (
    # --- children and school (助学) ---------------------------------------------------------------------
    _c("课后看护", "education",
       "四点半课堂 四点半学校 课后看护 课后托管 课后服务 课后班 托管 托管班 晚托 晚托班 午托 小饭桌 接送孩子 接孩子 "
       "接娃 看孩子 看娃 带孩子 带娃 放学没人管 放学没人接 放学后没人看 双职工 没人看管 看护 四点半",
       [r"放(了)?学.{0,10}(没人|无人|没有人|没大人|没空|顾不上|管|看|接|照看|去哪|没地方|没处)",
        r"(放学|放了).{0,15}(下班|上班)", r"(下班|上班).{0,15}放(了)?学",
        r"(待|呆|等|留)到.{0,6}下班",
        _CHILD + r".{0,10}(没人|无人|没有人|没大人)(管|看|带|接|照顾|照看)",
        r"(下班|上班).{0,8}(晚|迟|忙).{0,10}(孩子|娃|小孩|接)"]),
    _c("作业辅导", "education",
       "作业辅导 辅导作业 学习辅导 学业辅导 功课 写作业 做作业 补课 补习 补习班 辅导班 家教 辅导 学习成绩 成绩差 跟不上 陪读 "
       "讲题 讲讲题 答疑 解题 数学 语文 英语 物理 化学 生物 地理 历史 作文 阅读理解 拼音 口算 应用题 奥数 单词 听写 "
       "不及格 丢分 考试 中考 高考 升学 期末考 算数 算术 错题",
       [r"(作业|题目|题|功课|课本).{0,8}(不会|不懂|看不懂|听不懂|不写|辅导|没人|教|检查|帮不了)",
        r"(学习|成绩|分数|功课).{0,6}(差|下降|往下掉|不好|落后|跟不上|掉)", r"(辅导|教)不了.{0,4}(作业|功课|孩子|娃)",
        r"补(一)?补|考(得|的)?(不好|很差)", r"(题|作业|功课).{0,4}(做错|老错|总错|不对)"]),
    _c("七彩假期", "education",
       "七彩假期 暑假 寒假 寒暑假 暑期 假期 放假 夏令营 冬令营 暑托班 暑假班 寒假班 假期班 假期托管 研学 防溺水",
       [r"(暑|寒)假.{0,10}(没人|无人|没地方|去哪|管|看|带|报班|学点)"]),
    _c("助学帮扶", "education",
       "助学 助学金 奖学金 学费 上不起学 交不起学费 读书困难 资助 书本费"),
    _c("青少年", "education",
       "孩子 小孩 小孩子 儿童 学生 青少年 娃 娃娃 娃儿 小朋友 孙子 孙女 外孙 外孙女 小孙子 小孙女 小学生 中学生 初中生 "
       "高中生 儿子 女儿 崽 崽崽 细崽 伢 伢子 闺女",
       [r"[一二三四五六]年级|初[一二三]|高[一二三]|小学|初中|高中|幼儿园"],
       kind="group"),
    _c("家庭教育", "lecture",
       "家庭教育 亲子 亲子关系 亲子沟通 叛逆 叛逆期 沉迷游戏 打游戏 玩游戏 网瘾 玩手机 不听话 顶嘴 早恋 谈恋爱 厌学 "
       "不想上学 不愿意上学 逃学 旷课 青春期 代沟 管不住 管不了 教育孩子 管孩子",
       [_CHILD + r".{0,10}(不听话|叛逆|沉迷|迷上|逃学|不肯上学|不愿意上学|顶嘴|管不住|管不了|摔门|不理|对着干|谈恋爱)",
        r"(怎么|如何|咋个?).{0,4}(教育|管|沟通|相处).{0,4}" + _CHILD]),
    # --- repairs and household services (便民维修) ------------------------------------------------------
    _c("管道疏通", "repairs",
       "管道疏通 疏通 下水道 下水管 下水管道 排水管 管道堵塞 马桶堵 马桶堵了 地漏 反水 返水 堵塞 不下水 "
       "厕所堵 水槽堵 洗菜池堵 通下水 通马桶 通管道 下水口 搋子 皮搋子",
       [r"(下水|管道|管子|马桶|地漏|水槽|洗菜池|洗碗池|洗菜盆|洗手盆|洗脸盆|面盆|厕所|蹲坑|便池|坐便|卫生间|排水|水池|浴缸)"
        r".{0,10}(堵|不通|不下水|下不去|下得慢|下水慢|反水|返水|冒水|往上冒|冒出|漫|咕噜)",
        r"冲(水)?.{0,3}(不下去|不走|不掉)", r"(水|脏水).{0,4}(下不去|下得慢|往上冒|倒灌)",
        r"(下水|排水|水池|水槽|地漏|马桶).{0,4}(慢|堵起)"]),
    _c("便民维修", "repairs",
       "便民维修 维修 修理 上门维修 水电维修 换灯泡 灯泡 灯管 水龙头 漏水 电路 跳闸 短路 插座 插头 开关 门锁 防盗门 "
       "换锁 修锁 锁芯 纱窗 把手 门把手 合页 修补 小修小补 修东西 坏了 水管 阀门",
       [r"(灯|灯泡|灯管|水龙头|龙头|插座|插头|开关|电路|电线|门锁|锁|锁芯|钥匙|窗户|窗子|纱窗|水管|接头|水表|阀门|椅子|柜子|"
        r"柜门|抽屉|门|把手|合页|晾衣架)"
        r".{0,6}(坏|破|漏|不亮|修|换|松|不灵|滴水|打不开|关不上|关不严|关不拢|关不紧|拧不紧|断|掉|卡|转不动|锁不上|不通电)",
        r"(修|换).{0,4}(灯|水龙头|锁|插座|开关|窗|水管|把手)"]),
    _c("家电维修", "repairs",
       "家电维修 家电 电器 电器维修 检修 家电检修 打不着火 点不着火",
       [r"(电视|冰箱|冰柜|洗衣机|空调|微波炉|电饭煲|电饭锅|热水器|风扇|电磁炉|油烟机|饮水机|电暖器|取暖器)"
        r".{0,8}(坏|不|没|只有|修|异响|响|漏|吹的是|打不着|点不着|不转|不动|结冰|冒烟|闪|黑屏|滴水)"]),
    _c("理发", "repairs",
       "理发 一元理发 剪头发 剪发 剃头 推头 理个发 头发长 头发太长 剪头 洗剪吹 上门理发 剃个头 剪个头",
       [r"头发.{0,6}(长|乱|剪|理)", r"(剪|理|剃|推)(个|一下|一个|短)?(光头|平头|寸头|头发|头)(?!疼|痛|晕)"]),
    _c("磨刀", "repairs",
       "磨刀 磨剪刀 菜刀 刀钝 刀不快 刀切不动 剪刀钝 磨菜刀 卷刃 不锋利 剪子",
       [r"(刀|剪刀|剪子|刀子).{0,8}(钝|不快|切不动|剪不动|不好用|磨|不锋利|卷刃|豁口)", r"剪不动|切不动"]),
    _c("房屋渗漏", "repairs",
       "渗水 渗漏 屋顶漏 房顶漏 墙面渗水 防水 天花板漏 墙皮 发霉",
       [r"(屋顶|房顶|天花板|墙|楼顶).{0,6}(漏|渗|滴水|发霉|掉皮|脱落)", r"(渗|漏)(水)?(到|进|下)(了)?(楼下|隔壁|邻居)"]),
    # --- disputes and legal services (法律服务) ----------------------------------------------------------
    _c("矛盾调解", "legal",
       "矛盾调解 调解 人民调解 调解员 纠纷 邻里纠纷 矛盾 吵架 扯皮 闹矛盾 闹纠纷 噪音 噪声 扰民 吵闹 吵得 不讲理 "
       "说和 评理 评评理 说理 协商 闹僵 闹翻 翻脸 不可开交 争执 争吵 闹别扭 撕破脸 打架 讲不通 说不通",
       [r"(楼上|楼下|隔壁|邻居|对门|对面|邻里|那家|他家).{0,15}(吵|敲|闹|噪|响|跺|蹦|砸|拖|打孔|钻|装修|漏水|渗水|占|堆|摆|"
        r"不讲理|养狗|狗叫|扯皮|矛盾|纠纷|吵架|熏|烧|晾|滴水|不肯赔|不赔|不听)",
        r"(狗|猫|鸡|鸽子).{0,6}(叫|咬|拉屎|吵)",
        r"(半夜|深夜|晚上|夜里|凌晨|大清早|整夜|一整夜|通宵).{0,10}(吵|敲|响|闹|跺|剁|砸|拖|装修|唱歌|打麻将|放音乐|划拳)",
        r"(吵|闹|敲|响).{0,6}(睡不着|睡不好|睡不成|休息不好)", r"声音.{0,4}(大|吵|刺耳|响)",
        r"吵(起来|翻|架)|闹(起来|翻|僵)|打起来|讲不听", r"(为了|因为).{0,12}(吵|闹|矛盾|翻脸)",
        r"(油烟|烟|味道|臭味|异味).{0,8}(飘|熏|呛|窜).{0,6}(家|屋|窗)"]),
    _c("法律服务", "legal",
       "法律服务 法律咨询 法律 律师 问律师 法律问题 打官司 官司 起诉 起诉状 诉状 告他 法院 合同 劳动合同 租房合同 购房合同 "
       "维权 遗产 继承 遗嘱 公证 过户 赡养 借钱不还 欠钱 欠款 欠债 借条 欠条 劳动仲裁 仲裁 工伤 赔偿 补偿 经济补偿 索赔 "
       "房产证 产权 法律顾问 离婚 抚养费 抚养权 押金 退押金 房东 租房 中介 假货 退货 退款 退钱 医药费 法律文书 懂法 开发商 "
       "担保 债务 还债 交房",
       [r"(借|欠).{0,6}(钱|款).{0,6}(不还|没还|要不回)", r"借给.{0,12}(不还|不接|要不回|找不到人|联系不上)",
        r"(受伤|弄伤|伤了|摔伤|轧伤|压伤).{0,10}(老板|厂|公司|单位)", r"老板.{0,4}不(认|管|赔)",
        r"(子女|儿女|儿子|女儿).{0,6}不(养|管|赡养)", r"(辞退|开除|解雇|裁员).{0,8}(补偿|赔偿|不给)",
        r"不(退|还|赔|给)(钱|款|押金)|(赔|退)(钱|款)", r"(被|挨)(人)?打"]),
    _c("法律援助", "legal",
       "法律援助 法援 请不起律师 免费律师 没钱打官司 农民工 讨薪 欠薪 拖欠工资 工资不给 工钱 血汗钱 包工头",
       [r"(工资|工钱|血汗钱|薪水).{0,8}(不给|没给|拖欠|欠|要不回|讨不回|不发|没发|一分没)",
        r"(老板|包工头|公司|厂|工地).{0,8}(跑|拖|欠|不给|赖)", r"(请不起|请不来|没钱请).{0,3}律师",
        r"(不给|没给|拖欠|欠|不发|没发|扣|克扣|拖)(了|着|我)?.{0,4}(工资|工钱|薪水|血汗钱)",
        r"(困难|低保|残疾|没钱|没得钱|没有钱|穷).{0,10}(官司|律师|起诉|告)",
        r"(官司|律师).{0,6}(没钱|没得钱|没有钱)"]),
    _c("婚姻家庭", "legal",
       "婚姻家庭 婚姻 离婚 家暴 家庭暴力 婆媳 婆媳关系 夫妻吵架 家庭矛盾 分家 老屋 祖屋",
       [r"(夫妻|两口子|老公|老婆|丈夫|妻子|婆婆|媳妇|儿媳|兄弟|姐妹).{0,8}(吵|打|闹|矛盾|不和|别扭)"]),
    _c("物业纠纷", "legal",
       "物业纠纷 物业 物管 物业费 物业公司 业委会 业主委员会 维修基金 公摊 停车费",
       [r"物业.{0,10}(不管|不作为|乱收|收费|涨|不修|不来|态度|不办事|纠纷|吵|推|拖)", r"电梯.{0,6}(坏|停|不修|困)"]),
    _c("普法宣传", "lecture",
       "普法 普法宣传 法治讲座 法治宣传 法律知识 法律常识 法律讲座 民法典 以案说法 学法 不懂法 讲法"),
    # --- health (义诊医疗) ---------------------------------------------------------------------------------
    _c("义诊医疗", "medical",
       "义诊 大型义诊 量血压 测血压 测血糖 血压 血糖 血脂 尿酸 三高 看病 看医生 体检 健康体检 检查身体 全面检查 医生 问诊 "
       "中医 老中医 把脉 号脉 高血压 糖尿病 慢性病 慢病 头晕 头昏 头疼 胸闷 腰疼 腿疼 关节疼 关节 颈椎 腰椎 肩周炎 风湿 "
       "心脏 不舒服 就医 健康咨询 医疗 发麻",
       [r"(身体|腰|腿|膝盖|关节|胃|心脏|头|胸口|胸|颈椎|肩膀|脖子|手|脚).{0,6}(疼|痛|晕|昏|闷|麻|不舒服|难受|不好|毛病)",
        r"(量|测|查).{0,3}(血压|血糖|血脂|心电图|尿酸)"]),
    _c("眼科诊疗", "medical",
       "眼科 眼睛 白内障 青光眼 看不清 眼花 视力 配眼镜 老花眼 眼病 眼疾 重影",
       [r"(眼睛|眼珠子?|视力).{0,8}(看不清|模糊|花|不好|发白|白|雾|疼|干|涩|重影|看不见)",
        r"看(东西|电视|书|字).{0,8}(模糊|看不清|不清楚|重影|花|雾|毛玻璃)"]),
    _c("康复护理", "medical",
       "康复 康复指导 复健 康复训练 康复师 护理 中风 脑梗 脑出血 脑溢血 瘫痪 卧床 偏瘫 半身不遂 理疗 按摩 针灸 推拿 "
       "术后 失能 褥疮 骨折 拆石膏 手术 做手术 恢复",
       [r"(摔|骨折|断了|手术|中风|脑梗|脑出血|出院).{0,15}(恢复|康复|锻炼|护理|练|复健)", r"手脚.{0,4}不(灵|便|听使唤)",
        r"半边身子", r"骨头.{0,3}(断|裂)"]),
    _c("家庭医生", "medical",
       "家庭医生 签约医生 上门看病 上门诊疗 医生上门 出不了门 行动不便 下不了楼 上门体检 开药 配药 拿药 慢病随访 随访",
       [r"(出|下)不了(门|楼)", r"上门.{0,4}(看病|检查|体检|诊疗|量血压|随访)", r"医生.{0,6}(上门|到家|来家|到屋|家里来)",
        r"签.{0,3}(家庭)?医生", r"(拿|开|配)药.{0,8}(不方便|难|麻烦|难题)", r"(药|药品).{0,8}(拿|开|配).{0,6}(不方便|难|麻烦)"]),
    _c("妇幼保健", "medical",
       "妇幼保健 妇幼 孕妇 怀孕 孕期 产检 建档 坐月子 月子 产后 生完孩子 新生儿 婴儿 宝宝 育儿 喂奶 母乳 疫苗 打疫苗 预防针 "
       "接种 黄疸 发育 儿保 儿童保健 母婴 哺乳",
       [r"(宝宝|婴儿|小孩|孩子).{0,8}(疫苗|预防针|发育|黄疸|不长|长不高|喂奶)",
        r"怀(起|上)?了?(娃|孩子|宝宝|小孩)"]),
    _c("心理疏导", "medical",
       "心理疏导 心理咨询 心理医生 心理 抑郁 焦虑 想不开 情绪 压力大 失眠 心情不好 闷闷不乐 唉声叹气 心结 自杀 轻生 "
       "孤独症 发脾气 烦躁 郁闷 去世 过世 丧偶 缓不过来 走不出来 活着没意思 想哭 崩溃 开导 霸凌 校园霸凌 被孤立",
       [r"(心里|心头|心情|情绪).{0,6}(不好|差|难受|低落|憋|苦闷|空|堵|烦)", r"压力.{0,3}大",
        r"(么子|什么|啥|啥子)都不想(做|干|吃)", r"(关在|躲在).{0,6}(房间|屋)",
        r"整天.{0,4}(不说话|不出门|不理人|闷)", r"(没考好|考砸|落榜)", r"(老伴|亲人|家人).{0,4}(走了|没了)"]),
    _c("用药咨询", "medical",
       "用药咨询 用药 用药安全 吃药 吃错药 药品 药物 药品知识 说明书 副作用 过期药 药量 剂量 药师 降压药 降糖药 感冒药 消炎药 "
       "抗生素",
       [r"药.{0,10}(一起吃|能不能吃|吃法|太多|吃多|饭前|饭后|副作用|过期|看不懂|说明)", r"(几|七八|好几|十几)种药",
        r"药.{0,10}(怎么|哪门|咋个?|怎样|如何)吃", r"(一把一把|一大把).{0,3}(吃药|药)"]),
    _c("健康讲座", "lecture",
       "健康讲座 养生 养生讲座 健康知识 保健 保健知识 饮食 控烟 戒烟 健康宣教 健康教育 急救 急救知识 心肺复苏 调理 湿气 "
       "进补 食疗 艾灸 泡脚 节气 冬病夏治",
       [r"(调理|调养|保养).{0,2}身体"]),
    # --- older people (助老) -----------------------------------------------------------------------------
    _c("助老探访", "elderly",
       "助老探访 探访 上门探访 走访 独居 独居老人 空巢老人 空巢 孤寡老人 孤寡 看望老人 陪老人 陪伴 聊天 说说话 "
       "陪聊 关爱老人 长者驿站 子女不在身边 孤单 寂寞 一个人住 一个人过 隔三差五",
       [_ELDER + r".{0,12}(一个人|独自|独居|没人|无人|照顾|孤单|寂寞|没人说话|不在身边|在外地)",
        r"(儿女|子女|孩子|儿子|女儿).{0,8}(在外地|不在身边|外出打工|在外面|不常回|都在外)",
        r"(儿女|子女).{0,3}都在", r"陪.{0,3}(讲讲话|说说话|聊聊天|讲话|说话|聊天)",
        r"(去|上门|定期|经常|隔几天|隔三差五).{0,4}(看看|看望|探望|陪陪)"]),
    _c("老年人", "elderly",
       "老人 老年人 老人家 老太太 老大爷 老爷子 老头 老头子 老太婆 爷爷 奶奶 外婆 外公 姥姥 姥爷 老伴 长者 长辈 大爷 大妈 退休 "
       "高龄 老两口 老母亲 老父亲 老妈 老爸 八十多岁 七十多岁 九十多岁 年纪大 上了年纪",
       [r"[六七八九]十.{0,2}岁|[六七八九]十多了|[六七八九]十[一二三四五六七八九]了"], kind="group"),
    _c("老年助餐", "elderly",
       "老年助餐 助餐 助餐点 老年食堂 长者饭堂 社区食堂 社区饭堂 饭堂 食堂 送餐 送饭 吃饭难 做饭 煮饭 做不动饭 老年餐 订餐 "
       "饭菜 剩菜",
       [r"(吃饭|做饭|煮饭|三餐|午饭|中午饭|晚饭|饭).{0,8}(难|不方便|没人做|没人|做不动|问题|不会做|懒得|没着落|吃不上|没得吃)",
        r"送.{0,4}饭|饭.{0,4}送", r"(做|煮|烧)不动(饭|菜)?", r"订(个|份)?餐"]),
    _c("日间照料", "elderly",
       "日间照料 日托 托老 托老所 养老院 敬老院 护工 保姆 照料 居家养老 失智 老年痴呆 痴呆 糊涂 认知障碍",
       [_ELDER + r".{0,12}白天|白天.{0,12}" + _ELDER]),
    _c("适老化改造", "elderly",
       "适老化 适老化改造 扶手 防滑 防滑垫 无障碍 坡道 门槛 台阶 坐便椅 洗澡椅 摔倒 摔跤 跌倒 滑倒 绊倒 爬楼 爬楼梯 "
       "加装电梯",
       [r"(卫生间|厕所|浴室|楼梯|台阶|地板|地面|地砖|门槛).{0,8}(滑|扶手|摔|绊|高)", r"(滑|摔|绊)(倒|了一跤|一跤|跤)"]),
    _c("智能手机教学", "lecture",
       "智能手机 手机教学 用手机 微信 视频通话 视频聊天 发语音 网上挂号 挂号 扫码 二维码 健康码 移动支付 手机支付 "
       "打车软件 网购 按错 支付宝",
       [r"(手机|微信|支付宝|扫码|二维码|健康码|视频|挂号).{0,8}(不会|学|教|弄不来|搞不来|搞不懂|看不懂|怎么弄|只会)",
        r"手机.{0,6}(付钱|付款|支付|转账|挂号|交费|缴费|交电费)"]),
    _c("防诈骗", "lecture",
       "防诈骗 反诈 诈骗 骗子 骗钱 被骗 上当 上当受骗 保健品 电信诈骗 电话诈骗 养老骗局 非法集资 推销 中奖 转账 汇款 汇钱 "
       "安全账户 冻结 公检法 刷单 高回报 理财 金融知识 防骗",
       [r"(讲座|推销|免费领|免费送).{0,15}(买|交钱|花了|卖)", r"(电话|短信|微信).{0,12}(中奖|转账|汇款|转钱|汇钱|冻结|出事)",
        r"(要我|叫我|让我).{0,6}(转账|汇钱|汇款|转钱)", r"(投资|回报).{0,10}(靠谱|百分之|翻倍|高)",
        r"(儿子|女儿|孙子|孙女|孩子|家人).{0,6}(被抓|出事|住院|出车祸).{0,10}(交|转|打|汇)(钱|款|账|保证金|押金)", r"保证金"]),
    # --- jobs (就业帮扶) ---------------------------------------------------------------------------------
    _c("就业帮扶", "employment",
       "就业帮扶 就业 找工作 找活干 找份工作 找事做 失业 下岗 没工作 没活干 招聘 招聘会 岗位 再就业 求职 简历 面试 工作难找 "
       "打零工 兼职 就业推荐 用工 保洁 保安 待业 啃老 倒闭",
       [r"(工作|活|事做).{0,4}(难找|找不到|没了|丢了)", r"(失业|下岗|辞退|裁员)",
        r"(找不到|没找到|找不着|想找|找个|找份).{0,6}(工作|活|事做|事情做)", r"毕业.{0,8}(工作|找)"]),
    _c("技能培训", "employment",
       "技能培训 职业技能 职业培训 学技术 学手艺 学门手艺 手艺 电工证 电工 焊工 育婴师 月嫂 家政 家政培训 厨师 电焊 面点 "
       "美容 美发 培训班 考证 培训",
       [r"学.{0,6}(技术|手艺|月嫂|家政|厨师|电工|焊工|美容|美发|修车)"]),
    _c("创业扶持", "employment",
       "创业扶持 创业 开店 开小店 创业贷款 小额贷款 贷款 启动资金 本钱 做生意 小生意 摆摊 个体户 营业执照 门面 网店 扶持政策",
       [r"开(个|家|间|一家)?.{0,4}(店|铺|馆|门面)", r"做(点|个|些)?(小)?(买卖|生意)"]),
    # --- hardship (帮困慰问) -----------------------------------------------------------------------------
    _c("帮困慰问", "hardship_relief",
       "帮困慰问 困难群众 困难家庭 困难户 生活困难 经济困难 慰问 慰问品 节日慰问 低保 低保户 救助 临时救助 揭不开锅 "
       "没钱 生病没钱 大病 因病致贫 物资 米面油 结对帮扶 年货 过年 过节 积蓄",
       [r"(日子|生活|家里).{0,6}(困难|难过|过不下去|紧|特别难)", r"(交不起|付不起|看不起病|拿不出钱|吃不上饭)",
        r"(过年|过节|春节|中秋).{0,8}(没钱|困难|买不起)", r"(年|日子|生活).{0,4}过不下去",
        r"(男人|老公|老婆|家里人|屋头人|顶梁柱).{0,4}(生病|住院|病倒|瘫)"]),
    _c("残疾人帮扶", "hardship_relief",
       "残疾人帮扶 残疾 残疾人 残疾证 轮椅 盲人 视障 聋哑 耳聋 助听器 听力 听障 智障 脑瘫 肢残 截肢 假肢 拐杖 助行器 "
       "助残 辅具 辅助器具"),
    _c("微心愿", "hardship_relief",
       "微心愿 心愿 许愿 书包 文具 学习用品 字典 词典 课外书 棉被 棉衣 过冬 新衣服 球鞋 小心愿 愿望"),
    _c("社保代办", "hardship_relief",
       "社保代办 代办 社保 医保 社保卡 医保卡 养老保险 医疗保险 养老金 退休金 认证 人脸认证 年审 高龄补贴 补贴 报销 "
       "住院报销 补办 续交 补交 办证 开证明 政策咨询 灵活就业 参保 办手续",
       [r"(社保|医保|养老金|退休金|补贴|证明|保险).{0,8}(办|交|缴|领|认证|不会|报销|补|转)"]),
    # --- environment and safety (环境整治) -------------------------------------------------------------
    _c("环境整治", "environment",
       "环境整治 环境 环境卫生 卫生差 不卫生 搞卫生 打扫卫生 脏乱差 脏 垃圾 垃圾桶 垃圾箱 垃圾分类 乱扔 清扫 打扫 楼道堆物 "
       "堆杂物 杂物 乱堆 小广告 烟头 塑料袋 狗屎 蚊子 苍蝇 老鼠 蟑螂 消杀 杂草 臭 异味 大扫除",
       [r"(楼道|院子|小区|门口|巷子|草丛|楼梯间|单元).{0,10}(脏|乱|堆|垃圾|臭|杂物|烟头|广告)"]),
    _c("化粪池清掏", "environment",
       "化粪池清掏 化粪池 清掏 粪池 粪坑 粪水 冒粪 污水井 窨井 下水井 井盖 沼气 污水横流",
       [r"(化粪池|粪池|粪坑|污水井|窨井|下水井|井盖).{0,10}(满|冒|臭|溢|翻|掏)", r"污水.{0,4}(横流|冒|漫|翻)"]),
    _c("绿化养护", "environment",
       "绿化养护 绿化 绿化带 种树 花草 树枝 枯枝 树根 树叶 修剪 修枝 砍树 挡光 挡阳光 草坪 花坛",
       [r"树.{0,8}(太高|太大|挡|修剪|倒|断|砍|歪|根|枝|伸)"]),
    _c("停车管理", "environment",
       "停车管理 停车 乱停 乱停车 车位 停车位 抢车位 电动车 电瓶车 充电 飞线充电 充电桩 堵车 占道 僵尸车 停满 消防车",
       [r"停.{0,3}(满|乱)", r"(车|车子).{0,4}乱停", r"充电.{0,4}(桩|点|地方)"]),
    _c("老旧小区改造", "environment",
       "老旧小区改造 老旧小区 小区改造 路面 坑洼 积水 路灯 破损 外墙 雨棚 老小区 旧改"),
    _c("治安巡逻", "legal",
       "治安巡逻 治安 巡逻 巡逻队 小偷 偷东西 被偷 被盗 盗窃 撬门 撬锁 陌生人 生面孔 门禁 监控 安全隐患 红袖标 黑灯瞎火 贼 "
       "防盗",
       [r"(丢|偷|被盗|撬).{0,6}(车|东西|钱包|手机|门|锁)", r"(车|自行车|电动车|电瓶车|东西).{0,6}(丢|被人?偷|被盗)",
        r"晚上.{0,10}(不安全|害怕|陌生人|生面孔|有人跟)"]),
    _c("消防安全", "environment",
       "消防安全 消防 火灾 灭火器 着火 起火 失火 燃气 煤气 天然气 漏气 液化气 煤气罐 液化气罐 电线老化 消防通道 烟感",
       [r"(煤气|燃气|液化气|天然气).{0,6}(味|漏|检查|罐)"]),
    # --- culture and sports (文体活动) ------------------------------------------------------------------
    _c("文体活动", "culture_sports",
       "文体活动 文艺 文艺队 广场舞 跳舞 舞蹈 舞蹈队 唱歌 合唱 合唱团 合唱队 演出 表演 节目 文艺演出 书法 毛笔字 画画 国画 "
       "绘画 下棋 象棋 太极 太极拳 兴趣班 老年大学 文化活动 晚会 戏曲 彩调 桂剧 乐器 二胡 摄影 手工"),
    _c("健身场地", "culture_sports",
       "健身场地 健身 健身器材 器械 运动 锻炼身体 球场 篮球 乒乓球 羽毛球 跑步 打球 活动场地 健身角 器材 八段锦 单杠 "
       "双杠",
       [r"(健身|运动|锻炼|活动|打球).{0,6}(地方|场地|器材|没处|没地方)",
        r"(想|去|一起|每天|多|学|找人|教).{0,4}锻炼(?!.{0,2}恢复)"]),
    _c("阅读服务", "culture_sports",
       "阅读服务 阅读 读书 图书 图书馆 图书室 借书 阅览室 看书 书籍 绘本 读书会 流动图书 亲子阅读",
       [r"(读|看|借).{0,2}书|书.{0,2}(看|读|借)"]),
    # --- party building (党建共建) ----------------------------------------------------------------------
    _c("党建共建", "party_building",
       "党建共建 党建 党课 主题党日 组织生活 党员 在职党员 入党 党支部 支部 党组织 党建指导 党员教育 红色教育 党校 报到"),
    _c("志愿服务", "hardship_relief",
       "志愿服务 志愿者 做志愿 当志愿者 献爱心 做好事 志愿服务队 学雷锋 义工"),
    # --- offerings of the December 2026 resource list (R46–R80), written from the offerings' own descriptions
    # and the everyday names of the same things (issue 13); general forms, never a need's sentence
    _c("宠物防疫", "environment",
       "宠物防疫 狂犬疫苗 狂犬病 打狂犬 犬只 养狗 养犬 狗狗 宠物 猫狗 犬猫 狗证 犬证 养犬登记 犬只登记 驱虫 宠物疫苗 遛狗 "
       "被狗咬 被猫抓 猫咪 小狗 小猫",
       [r"(狗|猫|宠物).{0,8}(疫苗|打针|防疫|登记|办证|驱虫|证|打(过|了)?针)"]),
    _c("通信网络", "repairs",
       "通信网络 宽带 网络 网速 没网 断网 信号 机顶盒 路由器 无线网 投屏 电视盒子 光猫 流量 智能电视 有线电视 手机设置 "
       "WiFi wifi 上网 网线 装宽带 手机卡",
       [r"(网|信号|宽带|网络).{0,6}(断|卡|慢|没|不好|连不上|差)", r"手机.{0,8}(设置|调|字太小|声音小|不会弄|弄不来)"]),
    _c("助浴", "elderly",
       "助浴 上门助浴 洗澡 洗浴 擦身 擦洗 擦澡 修剪指甲 剪指甲 洗头 冲凉",
       [r"(洗澡|擦身|擦洗|洗浴).{0,8}(帮|没人|不方便|抱不动|洗不了|困难)", r"身上.{0,4}(有味|臭|脏)"]),
    _c("线路检修", "repairs",
       "线路检修 线路 老化电线 电线老化 跳闸 漏电 空气开关 电闸 短路 插座 插头 冒火花 打火 断电 没电 保险丝 电路 漏电保护器 总闸 "
       "电表 用电安全",
       [r"(电|插座|插头|开关|电线).{0,6}(冒烟|冒火|火花|打火|发烫|烫手|烧焦|麻手)", r"一用.{0,6}就(跳|断电|停电)"]),
    _c("燃气安全", "repairs",
       "燃气安全 燃气 天然气 煤气 液化气 燃气管 燃气管道 煤气罐 燃气灶 胶管 软管 阀门 漏气 煤气味 燃气味 燃气安检 入户安检",
       [r"(煤气|燃气|天然气|气).{0,4}(味|泄漏|漏|安检|检查)"]),
    _c("慢病管理", "medical",
       "慢病管理 慢性病 慢病 高血压 糖尿病 血压高 血糖高 三高 降压药 降糖药 随访 健康档案 量血压 测血糖 血压 血糖",
       [r"(血压|血糖).{0,6}(高|量|测|控制|不稳)"]),
    _c("心理危机", "medical",
       "心理危机 心理热线 热线 想不开 轻生 不想活 活着没意思 失眠 睡不着 焦虑 抑郁 心慌 情绪崩溃 心里难受",
       [r"(睡不着|失眠|心慌|想不开).{0,10}(说说|电话|聊|找人)"]),
    _c("旧物交换", "environment",
       "旧物交换 旧衣服 旧衣物 闲置 捐赠 捐衣服 旧书 旧玩具 二手 换物 跳蚤市场 以物换物 不穿的衣服 捐给 交换",
       [r"(衣服|书|玩具|东西).{0,8}(捐|换|送人|闲置|扔了可惜|用不上)"]),
    _c("招聘会", "employment",
       "招聘会 专场招聘 现场招聘 招聘 面试 求职 求职登记 招工 岗位 用工 进厂"),
    _c("公证", "legal",
       "公证 公证处 遗嘱 立遗嘱 继承 遗产 赠与 委托书 房产继承 过户"),
    _c("育儿指导", "education",
       "育儿指导 育儿 养育 幼儿 婴幼儿 学前 入园 幼儿园 早教 如厕 上厕所 哄睡 头胎 新手爸妈 家长课堂 生活习惯",
       [r"(一|两|三|四)岁.{0,10}(不会|还不|不肯|怎么|咋个|哪门)"]),
    _c("交通安全", "lecture",
       "交通安全 头盔 戴头盔 骑电动车 电动自行车 过马路 闯红灯 交通规则 驾校 骑行 交通事故 逆行"),
    _c("家电清洗", "repairs",
       "家电清洗 清洗 油烟机 抽油烟机 抽烟机 拆洗 除垢 水垢 空调清洗 油污 深度清洗",
       [r"(油烟机|空调|热水器|洗衣机|冰箱).{0,8}(脏|油|清洗|洗一洗|洗洗|霉|味|灰|除垢|水垢)"]),
    _c("缝补修鞋", "repairs",
       "缝补 缝衣服 补衣服 改裤脚 裤脚 改衣服 拉链 换拉链 修鞋 鞋跟 鞋底 钉掌 开线 破洞 纽扣 扣子 改短 裤子",
       [r"(衣服|裤子|鞋|外套|羽绒服).{0,8}(破|烂|坏|开线|掉|长|短|改|补|缝)"]),
    _c("辅具租赁", "elderly",
       "辅具租赁 租借 租用 护理床 坐便椅 助行器 拐杖 气垫 防褥疮 褥疮",
       [r"(租|借).{0,4}(床|椅|拐杖|助行器|轮椅)"]),
    _c("陪诊", "elderly",
       "陪诊 陪同就医 陪看病 陪去医院 挂号 候诊 取药 陪护就医",
       [r"(医院|看病|复查|检查|就医).{0,8}(没人陪|陪|一个人|不会挂号)", r"陪.{0,6}(医院|看病|复查)"]),
    _c("游泳安全", "culture_sports",
       "游泳安全 游泳 防溺水 溺水 旱鸭子 学游泳 游泳课 玩水 下河 自救 游泳池"),
    _c("科技兴趣", "education",
       "科技兴趣 编程 机器人 航模 科技 科学实验 乐高 无人机 少儿编程 电脑编程 科普"),
    _c("社会救助", "hardship_relief",
       "社会救助 低保 最低生活保障 特困 特困供养 临时救助 救助 揭不开锅 生活困难 吃不上饭 申请低保 五保",
       [r"(没钱|没得钱|失业|生病).{0,10}(吃饭|生活|过不下去|揭不开)"]),
    _c("残疾证", "hardship_relief",
       "残疾证 残疾人证 残疾评定 伤残鉴定 办残疾证 两项补贴 残疾补贴 护理补贴"),
    _c("养老金认证", "elderly",
       "养老金认证 资格认证 生存认证 人脸识别 领养老金 待遇认证 刷脸"),
    _c("户籍证件", "legal",
       "户籍证件 身份证 居住证 户口 户籍 迁户口 落户 补办身份证 换身份证 暂住证 户口本 证件"),
    _c("口腔保健", "medical",
       "口腔保健 口腔 牙 牙齿 看牙 牙疼 牙痛 假牙 义齿 牙龈 蛀牙 补牙 洗牙 涂氟 窝沟封闭 牙周 拔牙"),
    _c("两癌筛查", "medical",
       "两癌筛查 两癌 宫颈癌 乳腺癌 乳腺 宫颈 妇科 妇科检查 乳房 硬块 乳腺增生"),
    _c("大件清运", "environment",
       "大件清运 大件垃圾 旧家具 旧沙发 旧床垫 床垫 装修垃圾 建筑垃圾 清运 旧柜子 装修废料 搬走",
       [r"(沙发|床垫|柜子|家具|桌子|床).{0,8}(扔|搬|丢|清走|拉走|处理)"]),
    _c("病媒防制", "environment",
       "病媒防制 老鼠 蟑螂 蚊子 灭鼠 灭蟑 灭蚊 消杀 四害 白蚁 跳蚤 臭虫 苍蝇 耗子"),
    _c("废品回收", "environment",
       "废品回收 废品 回收 收废品 纸箱 纸壳 塑料瓶 易拉罐 旧报纸 废铁 卖废品 旧家电 饮料瓶 称重",
       [r"(旧|不要的|不用的|用不上的|坏了的).{0,8}(卖掉|卖了|卖钱|换钱|论斤)"]),
    _c("反家暴", "legal",
       "反家暴 家暴 家庭暴力 打老婆 被打 妇女权益 维权 抚养费 妇联 妇女儿童"),
    _c("退役军人", "employment",
       "退役军人 退伍 退伍军人 当兵 老兵 军人 优待证 复员 转业 优抚 军属"),
    _c("组织关系", "party_building",
       "组织关系 党组织关系 转党关系 流动党员 党员报到 转入 转出 党费 关系转接"),
    _c("骑手驿站", "party_building",
       "骑手驿站 快递员 外卖 骑手 外卖员 快递小哥 网约车 司机 歇脚 喝水 充电 爱心驿站 歇一歇 歇个脚"),
    _c("消费维权", "legal",
       "消费维权 投诉 退款 退费 预付卡 办卡 会员卡 跑路 假货 质量问题 售后 三无产品 消协 消费者 12315 退货 退钱 不给退 "
       "不肯退",
       [r"(买|办).{0,10}(退|坏|假|骗|不给退)",
        r"(商家|超市|店家|店里|老板|卖家|商场|网店|客服|厂家).{0,6}(不肯|不给|不让|不愿|拒绝)(退|换|赔|修)"]),
    # --- offerings of the February 2027 resource list (R81–R100), written from the offerings' own descriptions
    # and the everyday names of the same things after the February 2027 test set was spent (issue 13, fourth
    # round); general forms, never a need's sentence
    _c("电梯维保", "repairs",
       "电梯维保 电梯 电梯故障 电梯维修 电梯保养 困电梯 关在电梯 电梯困人 电梯异响 电梯坏了 电梯停了 升降梯 轿厢",
       [r"电梯.{0,8}(响|晃|抖|坏|停|卡|不动|关人|困|异响|咣当|吓人|不安全|故障|维修|保养)", r"(困|关|卡)在电梯"]),
    _c("验光配镜", "medical",
       "验光配镜 验光 配镜 配眼镜 眼镜 近视 远视 散光 老花 老花镜 视力 视力筛查 眼睛 度数 镜片 镜框 看不清 眼镜店",
       [r"(看|瞧)(东西|字|黑板|远处|招牌|书|报纸|手机).{0,6}(模糊|花|不清|看不清|重影)",
        r"眼睛.{0,6}(花|模糊|不行|看不清|近视|度数)", r"眼镜.{0,6}(坏|烂|断|丢|掉|摔)"]),
    _c("安宁疗护", "medical",
       "安宁疗护 临终关怀 临终 终末期 晚期 癌症晚期 癌晚期 舒缓护理 缓和医疗 姑息治疗 止痛 镇痛 疼痛 哀伤辅导 最后一程 "
       "扩散 没得治 治不好",
       [r"(晚期|扩散|转移|治不好|没得治|没办法治|没有办法了?).{0,12}(痛|疼|回家|接回|上门|护理|照顾)",
        r"(痛|疼)得.{0,6}(睡不着|整夜|受不了|直哼|喊)"]),
    _c("手语翻译", "hardship_relief",
       "手语翻译 手语 手语班 学手语 聋哑 聋哑人 聋人 哑巴 听不见 不会讲话 无障碍沟通 翻译",
       [r"(听不见|聋|哑).{0,12}(翻译|陪|沟通|交流|看病|办事)"]),
    _c("个税汇算", "legal",
       "个税汇算 个税 个人所得税 所得税 汇算 汇算清缴 年度汇算 专项附加扣除 专项扣除 退税 补税 个税APP 扣税 交税 报税 税务"),
    _c("急救培训", "lecture",
       "急救培训 急救 心肺复苏 人工呼吸 按压 AED 除颤 除颤仪 海姆立克 噎住 卡喉咙 卡到喉咙 呛到 烫伤 止血 包扎 "
       "急救知识 救护 晕倒 昏倒",
       [r"(卡|噎|呛)(到|住|了).{0,6}(喉咙|嗓子|气管)?", r"(学|教|晓得|知道|会).{0,6}(救人|急救|抢救)",
        r"(咋个|怎么|哪门|如何)(救|处理|抢救)"]),
    _c("听力验配", "medical",
       "听力验配 听力 听力检测 听力筛查 助听器 耳背 耳朵背 听不清 耳聋 重听 耳鸣 耳朵不好",
       [r"耳朵.{0,6}(背|聋|不好|听不清|听不见|不灵|越来越)", r"(讲话|说话).{0,6}(要吼|听不清|听不见|大声)",
        r"电视.{0,6}(开得|声音).{0,4}(大|响)"]),
    _c("婴幼儿托育", "education",
       "婴幼儿托育 托育 托育中心 托育园 托班 全日托 半日托 临时托 日托班 幼儿托管 三岁以下",
       [r"(宝宝|娃|孩子|小孩|崽|老二|女儿|儿子).{0,10}([一二两三]岁|[一二两三]岁半|\d+个月|几个月|[十二三四五六七八九]+个月)",
        r"([一二两三]岁|\d+个月|[十二三四五六七八九]+个月).{0,12}(没人带|送过去|托|白天|幼儿园还不收|上不了幼儿园)",
        r"白天.{0,6}(没人带|送过去|托管)"]),
    _c("住房保障", "hardship_relief",
       "住房保障 公租房 公共租赁住房 廉租房 保障房 保障性住房 租房补贴 住房补贴 租赁补贴 政府房子 便宜房子 经适房",
       [r"(租|住|买)不起.{0,4}(房|房子)", r"(便宜|政府|公家).{0,4}(房|房子)", r"房租.{0,6}(贵|高|交不起|付不起)"]),
    _c("殡葬服务", "hardship_relief",
       "殡葬服务 殡葬 丧事 后事 办后事 丧葬 殡仪馆 火化 骨灰 骨灰盒 墓地 公墓 寿衣 追悼会 遗体 灵堂 丧葬费 安葬 送终",
       [r"(走了|去世|过世|不在了|没了|老了|咽气).{0,12}(怎么办|咋个办|哪门办|张罗|办|操办|料理)"]),
    _c("房屋安全鉴定", "repairs",
       "房屋安全鉴定 房屋安全 危房 房屋鉴定 安全鉴定 开裂 裂缝 墙裂 楼板 下沉 沉降 地基 倾斜 歪了 承重墙 墙体",
       [r"(墙|墙壁|墙面|楼板|天花板|房子|地板|柱子|梁).{0,6}(裂|开裂|裂缝|下沉|沉|歪|斜|塌|掉渣)"]),
    _c("供水服务", "repairs",
       "供水服务 供水 自来水 水质 水黄 黄水 浑水 水压 水压小 水压低 水表 二次供水 水箱 停水 没水 出水小 铁锈味 自来水公司",
       [r"水.{0,4}(黄|浑|浊|有味|锈|压小|压低|压不够|小得很|上不来|上不去)", r"(水龙头|龙头).{0,8}(黄|浑|锈|水小|没水)",
        r"水表.{0,6}(坏|不走|乱走|转|快)"]),
    _c("青年交友", "culture_sports",
       "青年交友 交友 联谊 联谊会 相亲 相亲会 找对象 对象 脱单 单身 婚恋 介绍对象 男朋友 女朋友 谈恋爱 大龄青年 剩男 剩女",
       [r"(没|没有|找不到|找个|介绍个?|谈)(个)?对象", r"(屋头|家里|爸妈|父母).{0,6}催.{0,4}(婚|结婚|找)?",
        r"认识.{0,8}(年轻人|异性|男的|女的|朋友)"]),
    _c("升学指导", "education",
       "升学指导 升学规划 志愿填报 填志愿 报志愿 选专业 专业选择 选学校 择校 高考志愿 中考志愿 录取 分数线 大学 "
       "报考 专业",
       [r"(志愿|专业|学校|大学|高中).{0,6}(怎么|咋个|哪门|如何)?(填|报|选)", r"(填|报|选)(志愿|专业|学校)"]),
    _c("认知障碍", "elderly",
       "认知障碍 老年痴呆 痴呆 阿尔茨海默 阿尔茨海默症 失智 记性差 忘事 健忘 走失 走丢 防走失 定位手环 记忆门诊 糊涂",
       [r"(出门|出去).{0,8}(找不到|不记得|认不得).{0,4}(家|路|回来)", r"(走丢|走失|跑丢)",
        r"(老是|总是|经常|越来越).{0,4}(忘|不记得|记不住|糊涂)"]),
    _c("上门金融", "elderly",
       "上门金融 银行 银行卡 存折 补登 激活 挂失 密码 密码重置 忘记密码 取钱 取不了钱 储蓄 社保卡激活 存款",
       [r"(卡|银行卡|存折|社保卡).{0,6}(激活|挂失|丢|锁|密码|补登|取不出)", r"(密码).{0,6}(忘|错|锁)"]),
    _c("场馆开放", "culture_sports",
       "场馆开放 球场 篮球场 足球场 乒乓球室 跑道 田径场 操场 体育场 运动场地 锻炼场地 学校操场",
       [r"(没有?|没得|找不到|缺)(个)?(地方|场地|球场).{0,6}(打|跑|锻炼|运动|踢)"]),
    _c("不动产登记", "legal",
       "不动产登记 不动产 房产证 房本 产权证 产权 过户 继承过户 抵押 抵押注销 解押 查封 房产信息 房屋登记 二手房 "
       "不动产权证",
       [r"(房子|房产|房屋).{0,8}(过户|查封|抵押|产权|登记|证)"]),
    _c("电动车上牌", "legal",
       "电动车上牌 上牌 车牌 牌照 补牌 挂牌 电动车牌 防盗芯片 超标车 登记上牌 号牌",
       [r"(电动车|电瓶车|电驴|电单车|电摩).{0,8}(牌|上牌|登记|芯片|超标)", r"(牌照|车牌|牌子).{0,6}(掉|丢|补|办|上)"]),
    _c("住房公积金", "legal",
       "住房公积金 公积金 提取公积金 公积金贷款 公积金提取 缴存 公积金账户 灵活就业缴存",
       [r"公积金.{0,6}(取|提|贷|交|缴|用)"]),
)

# Words of resident speech that say nothing about what is needed.
_STOP_WORDS_TEXT = """
    的 了 着 过 得 地 吗 呢 啊 吧 呀 嘛 哦 哈 啦 么 咋 的话 之 与 及 和 跟 同 或 或者 还是 就 都 也 还 又 再 才 只 很 太 最
    挺 真 好 更 非常 特别 比较 总是 老是 一直 经常 常常 每天 天天 最近 现在 今天 昨天 这 那 这个 那个 这些 那些 这样
    那样 这么 那么 什么 怎么 怎么办 怎样 如何 为什么 哪里 哪儿 哪 谁 多少 几 个 些 点 一点 一下 一些 一个 有点 有些
    我 我们 我家 咱 咱们 你 你们 您 他 她 它 他们 她们 自己 人家 大家 别人 有 没 没有 是 不是 在 不 能 能不能 可以
    可不可以 可能 会 要 想 想要 需要 希望 请 请问 麻烦 帮 帮忙 帮帮 帮我 给 让 把 被 对 向 从 到 在于 因为 所以
    但是 但 可是 而且 如果 就是 然后 其实 问题 事 事情 情况 东西 时候 地方 一下子 搞 弄 弄弄 看看 找 找个 找人
    有没有 有人 没人 人 社区 服务 提供 开展 活动 单位 一 二 三 十 号 楼 单元 栋 室 户 住 年 月 日 天 次 岁 上 下
    里 中 后 前 去 来 说 做 用 让 已经 还有 以及 等 等等 呗 喽 咯 嗯 唉 哎 诶 吧 呃
    """
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())

CONCEPT_TOKEN = "§"  # prefix that keeps concept tokens apart from words in the vocabulary


@cache
def concept_by_name() -> dict[str, Concept]:
    return {concept.name: concept for concept in CONCEPTS}


@cache
def group_phrases() -> frozenset[str]:
    """Phrases of the beneficiary groups (孩子, 老人): they say who, not what, so they count through their
    group concept (at the group weight) and never again as plain words."""
    return frozenset(p for c in CONCEPTS if c.kind == "group" for p in (c.name, *c.phrases))


def category_code(value: str) -> str:
    """A category given as code or name → its code ('' when unknown or empty)."""
    value = (value or "").strip()
    if not value:
        return ""
    if value in CATEGORY_NAMES:
        return value
    for code, name in CATEGORY_NAMES.items():
        if value == name:
            return code
    return value  # an unknown category still matches itself


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


@dataclass(frozen=True)
class Found:
    concepts: tuple[str, ...]  # concept names, lexicon order
    corrections: tuple[tuple[str, str], ...]  # (what was written, the lexicon phrase it sounds like)
    weak: tuple[str, ...] = ()  # concepts read from one-character phrases only (臭, 脏): weaker evidence


class Matcher:
    """Finds the concepts a text speaks of, in three ways:

    1. phrases, leftmost-longest: at each position the longest lexicon phrase wins and the scan resumes
       after it, so a phrase inside a longer one of another concept does not count (养老 in 养老保险);
    2. patterns, anywhere (expressions in several words: 放学……没人管). A pattern is only tried when one
       of the literal strings it cannot match without (read from its parse tree) occurs in the text;
    3. homophone typos — what pinyin input methods produce: a stretch of two or more Chinese characters that
       no phrase covered, that sounds exactly like a lexicon phrase (tones ignored; the phrase read as
       pypinyin reads it in context, 调解 as tiaojie, each written character by its main reading), that begins
       and ends where jieba's words do (供课 in 提供课后 is no typo), holds at least one word jieba did not
       know as a word of several characters (the typo splits 雪压 into 雪 压), is not itself a common
       word (jieba's dictionary frequency below ``COMMON_WORD``: 一声 is not a typo of 医生) and, when it is
       two characters long, holds no stop word (问一哈 is no typo of 文艺).

    A concept read only from one-character phrases (臭, 脏) is reported as weak: weaker evidence.
    """

    COMMON_WORD = 5

    def __init__(self, concepts: tuple[Concept, ...]):
        from pypinyin import lazy_pinyin

        self.concepts = concepts
        # atoms: string → (concept indices it is a phrase of, pattern indices it triggers)
        phrases: dict[str, set[int]] = {}
        for i, concept in enumerate(concepts):
            for phrase in (concept.name, *concept.phrases):
                phrases.setdefault(phrase, set()).add(i)
        self.patterns: list[tuple[int, re.Pattern]] = []
        self.always: list[int] = []  # patterns without a necessary literal: always tried
        triggers: dict[str, set[int]] = {}
        for i, concept in enumerate(concepts):
            if concept.pattern_regex is None:
                continue
            needed: set[str] | None = set()
            for pattern in concept.patterns:
                literals = necessary_literals(pattern)
                if literals is None:
                    needed = None
                    break
                needed |= literals
            k = len(self.patterns)
            self.patterns.append((i, concept.pattern_regex))
            if needed is None:
                self.always.append(k)
            else:
                for literal in needed:
                    triggers.setdefault(literal, set()).add(k)
        self.atoms: dict[str, tuple[tuple[int, ...], tuple[int, ...]]] = {
            atom: (tuple(sorted(phrases.get(atom, ()))), tuple(sorted(triggers.get(atom, ()))))
            for atom in {*phrases, *triggers}}
        self.longest = max(map(len, self.atoms))
        # one lookup per step of the scan: string → (phrase concepts, triggered patterns, longer atoms go on)
        prefixes = {atom[:k] for atom in self.atoms for k in range(1, len(atom))}
        self.table: dict[str, tuple[tuple[int, ...], tuple[int, ...], bool]] = {
            piece: (*self.atoms.get(piece, ((), ())), piece in prefixes) for piece in {*self.atoms, *prefixes}}
        self.phrases = {p: tuple(sorted(c)) for p, c in phrases.items()}
        # sounds: (first syllable, second syllable) → [(phrase, syllables of the remaining characters)]
        self.sounds: dict[tuple[str, str], list[tuple[str, tuple[str, ...]]]] = {}
        for phrase in self.phrases:
            if len(phrase) < 2 or not all(_is_han(ch) for ch in phrase):
                continue
            syllables = [fuzzy(_toneless(s)) for s in lazy_pinyin(phrase)]
            if len(syllables) == len(phrase):
                self.sounds.setdefault((syllables[0], syllables[1]), []).append((phrase, tuple(syllables[2:])))

    def find(self, text: str, tokens: list[str] | None = None) -> Found:
        """``tokens``: jieba's words of the text (HMM off), when the caller has them already."""
        n = len(text)
        table = self.table
        found: set[int] = set()
        tried: set[int] = set(self.always)
        longest_at: list[int] = [0] * n  # length of the longest phrase starting at each position
        for i in range(n):
            end = i + 1
            while end <= n:
                entry = table.get(text[i:end])
                if entry is None:
                    break
                if entry[0]:
                    longest_at[i] = end - i
                if entry[1]:
                    tried.update(entry[1])
                if not entry[2]:
                    break
                end += 1
        covered = bytearray(n)
        strong: set[int] = set()
        i = 0
        while i < n:
            length = longest_at[i]
            if length:
                hit = self.phrases[text[i:i + length]]
                found.update(hit)
                if length > 1:
                    strong.update(hit)
                covered[i:i + length] = b"\x01" * length
                i += length
            else:
                i += 1
        for k in tried:
            index, regex = self.patterns[k]
            if index not in strong and regex.search(text):
                found.add(index)
                strong.add(index)
        corrections = self._homophones(text, covered, _segment(text) if tokens is None else tokens)
        for _written, phrase in corrections:
            found.update(self.phrases[phrase])
            strong.update(self.phrases[phrase])
        names = self.concepts
        return Found(tuple(names[i].name for i in sorted(found)), corrections,
                     tuple(names[i].name for i in sorted(found - strong)))

    @staticmethod
    def _exact(written: str, phrase: str) -> bool:
        """Whether the written characters sound exactly like the phrase (tones aside), without merged sounds."""
        from pypinyin import lazy_pinyin

        return [reading_of(ch) for ch in written] == [_toneless(s) for s in lazy_pinyin(phrase)]

    def _homophones(self, text: str, covered: bytearray, tokens: list[str]) -> tuple[tuple[str, str], ...]:
        frequency = _frequencies()
        common = self.COMMON_WORD
        n = len(text)
        weak, starts, ends = _word_bounds(tokens)
        if not any(weak):
            return ()
        result = []
        sounds = self.sounds
        skip_to = 0
        for i in starts:
            if i < skip_to or i >= n - 1 or covered[i]:
                continue
            first, second = text[i], text[i + 1]
            if not ("\u4e00" <= first <= "\u9fff" and "\u4e00" <= second <= "\u9fff"):
                continue
            candidates = sounds.get((fuzzy(reading_of(first)), fuzzy(reading_of(second))))
            if not candidates:
                continue
            best = None
            for phrase, rest in candidates:
                end = i + 2 + len(rest)
                if end > n or end not in ends or (best is not None and len(phrase) <= len(best)):
                    continue
                written = text[i:end]
                if written == phrase or all(covered[i:end]) or not any(weak[i:end]):
                    continue
                if end - i == 2 and (written[0] in STOP_WORDS or written[1] in STOP_WORDS):
                    continue  # 问一(哈) is no typo of 文艺: a typo replaces a character of a word, not a function word
                if (frequency.get(written) or 0) >= common:
                    continue
                if all(_is_han(ch) and fuzzy(reading_of(ch)) == sound
                       for ch, sound in zip(written[2:], rest, strict=True)) and (
                        end - i >= 3 or self._exact(written, phrase)):
                    best = phrase  # a typo read by merged sounds only is three characters or more (水放 ≠ 随访)
            if best is not None:
                result.append((text[i:i + len(best)], best))
                skip_to = i + len(best)
        return tuple(result)


def _word_bounds(tokens: list[str] | tuple[str, ...]) -> tuple[bytearray, list[int], set[int]]:
    """For the homophone readings: per character of the text jieba cut into ``tokens``, whether it lies inside a
    one-character or rare word (where a typo splits a word: 雪压 is 雪 压); where the words begin; where they end."""
    frequency = _frequencies()
    weak = bytearray()
    starts: list[int] = []
    ends: set[int] = set()
    position = 0
    for token in tokens:
        length = len(token)
        weak += (b"\x01" if length == 1 or (frequency.get(token) or 0) < Matcher.COMMON_WORD else b"\x00") * length
        starts.append(position)
        position += length
        ends.add(position)
    return weak, starts, ends


# A stretch of a text that may be a homophone typo of a word some offering uses (not only of a lexicon phrase):
# (where it starts, what was written, its syllables by the merged sounds of `fuzzy`, its exact toneless syllables).
Stretch = tuple[int, str, tuple[str, ...], tuple[str, ...]]


def sound_stretches(text: str, tokens: list[str] | tuple[str, ...]) -> tuple[Stretch, ...]:
    """The stretches of two to four Chinese characters of a text that could be a typo of a word, by the Matcher's
    rules for homophone typos: they begin and end where jieba's words do, hold a character of a one-character or
    rare word (the typo split the word: 马通 is 马 通), are not themselves a common word, and a two-character one
    holds no stop word and is no word of jieba's dictionary at all. Which of them is a typo, and of what, depends
    on the words of the list they are matched against (Index.heard)."""
    frequency = _frequencies()
    common = Matcher.COMMON_WORD
    weak, starts, ends = _word_bounds(tokens)
    if not any(weak):
        return ()
    result = []
    for i in starts:
        if not ("\u4e00" <= text[i] <= "\u9fff"):
            continue
        for end in range(i + 2, min(i + 4, len(weak)) + 1):
            if not ("\u4e00" <= text[end - 1] <= "\u9fff"):
                break  # every character from i on is Chinese up to here: the stretch ends before end - 1
            written = text[i:end]
            if end not in ends or not any(weak[i:end]) or (frequency.get(written) or 0) >= common:
                continue
            if end - i == 2 and (written[0] in STOP_WORDS or written[1] in STOP_WORDS or frequency.get(written)):
                continue  # two characters jieba knows as a word, however rare (出声), are that word
            exact = tuple(reading_of(ch) for ch in written)
            result.append((i, written, tuple(fuzzy(s) for s in exact), exact))
    return tuple(result)


def word_sounds(word: str) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """(syllables by the merged sounds, exact toneless syllables) of a word of two to four Chinese characters, read
    in context as pypinyin reads it; None for any other word."""
    from pypinyin import lazy_pinyin

    if not 2 <= len(word) <= 4 or not all(_is_han(ch) for ch in word):
        return None
    exact = tuple(_toneless(s) for s in lazy_pinyin(word))
    if len(exact) != len(word):
        return None
    return tuple(fuzzy(s) for s in exact), exact


def necessary_literals(pattern: str) -> set[str] | None:
    """Strings one of which every match of the regular expression contains (read from its parse tree), or
    None when there are none to rely on."""
    from re import _constants as sre
    from re import _parser

    def sequence(items) -> set[str] | None:
        options: list[set[str]] = []
        run: list[str] = []
        for op, av in items:
            if op is sre.LITERAL:
                run.append(chr(av))
                continue
            if run:
                options.append({"".join(run)})
                run = []
            needed = node(op, av)
            if needed:
                options.append(needed)
        if run:
            options.append({"".join(run)})
        # the most selective: longest shortest string, then fewest strings
        return max(options, key=lambda o: (min(map(len, o)), -len(o)), default=None)

    def node(op, av) -> set[str] | None:
        if op is sre.SUBPATTERN:
            return sequence(av[3])
        if op is sre.BRANCH:
            union: set[str] = set()
            for branch in av[1]:
                needed = sequence(branch)
                if not needed:
                    return None
                union |= needed
            return union
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
            low, _high, sub = av
            return sequence(sub) if low >= 1 else None
        if op is sre.IN and all(o is sre.LITERAL for o, _v in av):
            return {chr(v) for _o, v in av}
        return None

    return sequence(_parser.parse(pattern))


def _segment(text: str) -> list[str]:
    return segment(text)


def segment(text: str) -> list[str]:
    """jieba's accurate mode without the HMM — ``jieba.lcut(text, HMM=False)`` word for word (the tests compare
    the two) — with the lexicon's phrases registered, done without jieba's generators and tuples: the same
    prefix dictionary, the same route scores (log frequency − log total, ties to the longer word), the same
    handling of letters, digits and spaces."""
    import jieba

    register_with_jieba()
    tokenizer = jieba.dt
    tokenizer.check_initialized()
    frequency = tokenizer.FREQ
    log_total = log(tokenizer.total)
    words: list[str] = []
    for block in jieba.re_han_default.split(text):
        if not block:
            continue
        if jieba.re_han_default.match(block):
            _cut_block(block, frequency, log_total, words)
        else:
            for piece in jieba.re_skip_default.split(block):
                if jieba.re_skip_default.match(piece):
                    words.append(piece)
                else:
                    words.extend(piece)
    return words


def _cut_block(sentence: str, frequency: dict[str, int], log_total: float, words: list[str]) -> None:
    n = len(sentence)
    score = [0.0] * (n + 1)
    end_of = list(range(n + 1))
    for start in range(n - 1, -1, -1):
        best_score = None
        best_end = start
        end = start
        piece = sentence[start]
        while end < n:
            count = frequency.get(piece)
            if count is None:
                break
            if count:
                value = log(count) - log_total + score[end + 1]
                if best_score is None or value >= best_score:  # max() over (score, end): ties to the longer
                    best_score, best_end = value, end
            end += 1
            piece = sentence[start:end + 1]
        if best_score is None:  # not a word: the character alone, with frequency 1
            best_score, best_end = -log_total + score[start + 1], start
        score[start], end_of[start] = best_score, best_end
    letters = ""
    position = 0
    while position < n:
        stop = end_of[position] + 1
        word = sentence[position:stop]
        if len(word) == 1 and ("a" <= word <= "z" or "A" <= word <= "Z" or "0" <= word <= "9"):
            letters += word
        else:
            if letters:
                words.append(letters)
                letters = ""
            words.append(word)
        position = stop
    if letters:
        words.append(letters)


def _toneless(syllable: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", syllable) if not unicodedata.combining(c))


# What residents of Guilin type by ear: 桂柳话 (south-western Mandarin) has no retroflex initials (zh ch sh are
# said z c s), does not tell n from l, nor the finals in / ing and en / eng apart, and pinyin input methods offer
# the same "fuzzy sounds" (模糊音). A typo is read by these merged sounds: 招娉会 (zhao ping hui) is 招聘会 (zhao pin
# hui), 留感 (liu gan) is 流感.
FUZZY = (("zh", "z"), ("ch", "c"), ("sh", "s"))


@cache
def fuzzy(syllable: str) -> str:
    """A toneless syllable with the sounds 桂柳话 and fuzzy pinyin merge folded together (zh→z, ch→c, sh→s, n→l
    as the initial, ing→in, eng→en)."""
    for hard, soft in FUZZY:
        if syllable.startswith(hard):
            syllable = soft + syllable[len(hard):]
            break
    if syllable.startswith("n") and len(syllable) > 1:
        syllable = "l" + syllable[1:]
    if syllable.endswith("ng") and syllable[-3:] in ("ing", "eng"):
        syllable = syllable[:-1]
    return syllable


@cache
def reading_of(ch: str) -> str:
    """The main toneless pinyin reading of one Chinese character (pypinyin's table, first reading; ü is
    read as u), '' for a character it does not know."""
    from pypinyin.pinyin_dict import pinyin_dict

    raw = pinyin_dict.get(ord(ch))
    return _toneless(raw.split(",")[0]) if raw else ""


@cache
def _frequencies() -> dict[str, int]:
    import jieba

    jieba.dt.check_initialized()
    return jieba.dt.FREQ


@cache
def matcher() -> Matcher:
    return Matcher(CONCEPTS)


def find(text: str, tokens: list[str] | None = None) -> Found:
    """The concepts a text speaks of (lexicon order) and the homophone typos read on the way."""
    return matcher().find(text, tokens)


@cache
def register_with_jieba() -> None:
    """Add every lexicon phrase to jieba's dictionary so segmentation keeps it whole (done once)."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)

    for concept in CONCEPTS:
        for phrase in (concept.name, *concept.phrases):
            if len(phrase) > 1:
                jieba.add_word(phrase, freq=20000)
