"""The data the demo district is made of: the named structure taken from the reference articles
(桂林市象山区象山街道, 五美社区 and its resident units), and the lists that plausible people, places and
numbers are drawn from. Only data lives here; `builder` turns it into a plan and loads it."""

from __future__ import annotations

from typing import NamedTuple

DEMO_PASSWORD = "gongzhi2026"
DEFAULT_SEED = 2026

# --- the region tree ---------------------------------------------------------------------------------

CITY = ("桂林市", "450300")


class District(NamedTuple):
    key: str
    name: str
    code: str


class Street(NamedTuple):
    key: str
    district: str
    name: str
    code: str
    committee: str  # the street party working committee (街道党工委)


class Community(NamedTuple):
    slug: str  # pinyin, used for grid-worker usernames
    street: str
    name: str
    code: str
    roads: tuple[str, ...]  # for unit addresses
    neighbourhoods: tuple[str, ...]  # named neighbourhoods, used first and in this order
    teams: int  # how many of TEAMS the community has (unit-based teams come on top)


DISTRICTS = (
    District("xiangshan", "象山区", "450304"),
    District("qixing", "七星区", "450305"),
)

STREETS = (
    Street("xiangshan_street", "xiangshan", "象山街道", "450304001", "象山街道党工委"),
    Street("lidong_street", "qixing", "漓东街道", "450305002", "漓东街道党工委"),
)

# 象山街道 has the seven community party committees of the articles; 五美社区 comes first and its third
# neighbourhood (桂电宿舍, an old work-unit compound) is the one left without a party branch.
UNCOVERED_NEIGHBOURHOOD = ("五美社区", "桂电宿舍")

COMMUNITIES = (
    Community("wumei", "xiangshan_street", "五美社区", "450304001001", ("五美路", "中山南路", "文化路"),
              ("五美小区", "文化里", "桂电宿舍", "五美新村", "中医院宿舍", "五美路42号院"), 7),
    Community("nanmen", "xiangshan_street", "南门社区", "450304001002", ("南门路", "环城南一路", "中山南路"),
              ("南门花园", "南门桥小区", "南门新村", "税务宿舍", "环城南一路院落", "南门公寓"), 7),
    Community("wenming", "xiangshan_street", "文明社区", "450304001003", ("文明路", "崇信路", "象山路"),
              ("文明里", "安新南区", "文明路小区", "检察院宿舍", "卫校宿舍", "文明花园"), 7),
    Community("hongqiao", "xiangshan_street", "虹桥社区", "450304001004", ("上海路", "虹桥路", "瓦窑路"),
              ("虹桥小区", "虹桥坝院落", "上海路小区", "虹桥新苑", "供电宿舍", "瓦窑小区"), 7),
    Community("chongshan", "xiangshan_street", "崇善社区", "450304001005", ("崇善路", "民主路", "正阳路"),
              ("崇善里", "崇善花园", "民主新村", "崇善路小区", "正阳院落", "教工宿舍"), 7),
    Community("sanlidian", "xiangshan_street", "三里店社区", "450304001006", ("凯风路", "南溪路", "象山路"),
              ("三里店小区", "三里店新村", "漓江花园", "凯风路小区", "南溪新苑", "象山水月苑"), 7),
    Community("wenchang", "xiangshan_street", "文昌社区", "450304001007", ("文昌路", "翊武路", "中隐路"),
              ("文昌里", "文昌花园", "文昌桥小区", "翊武路小区", "中隐路院落", "象山新苑"), 7),
    Community("longyin", "lidong_street", "龙隐社区", "450305002001", ("龙隐路", "七星路"),
              ("龙隐小区", "龙隐路院落", "漓东花园", "七星路小区", "龙隐新村", "月牙苑"), 3),
    Community("putuo", "lidong_street", "普陀社区", "450305002002", ("普陀路", "穿山路"),
              ("普陀小区", "普陀新村", "穿山花园", "漓东公寓", "普陀路院落", "穿山里"), 3),
)

# Generated neighbourhood names, once a community's named ones run out (larger scales).
NEIGHBOURHOOD_PREFIXES = (
    "漓江", "象鼻", "桂花", "丹桂", "榕城", "玉兰", "翠竹", "金桂", "锦绣", "阳光", "和平", "幸福", "康乐",
    "安居", "瑞景", "紫竹", "碧水", "青山", "南溪", "春晓", "秀水", "书香", "东方", "嘉和", "新华", "民丰",
    "永福", "清风", "兴业", "芳园",
)
NEIGHBOURHOOD_SUFFIXES = ("小区", "花园", "苑", "新村", "家园", "雅居", "公寓", "大院", "里", "名都", "华庭", "山庄")

# --- departments (职能部门) ---------------------------------------------------------------------------


class DepartmentSpec(NamedTuple):
    name: str
    kind: str  # organisations.models.DepartmentKind
    home: str  # "city", a district key or a street key


DEPARTMENTS = (
    DepartmentSpec("桂林市卫生健康委员会", "health", "city"),
    DepartmentSpec("桂林市文化广电和旅游局", "culture", "city"),
    DepartmentSpec("桂林市人民政府国有资产监督管理委员会", "state_assets", "city"),
    DepartmentSpec("中共桂林市象山区委组织部", "organisation_dept", "xiangshan"),
    DepartmentSpec("象山区教育局", "education", "xiangshan"),
    DepartmentSpec("象山区民政局", "civil_affairs", "xiangshan"),
    DepartmentSpec("象山区住房和城乡建设局", "housing", "xiangshan"),
    DepartmentSpec("象山区市场监督管理局", "market_regulation", "xiangshan"),
    DepartmentSpec("象山区城市管理局", "urban_management", "xiangshan"),
    DepartmentSpec("丽景街司法所", "judicial_office", "xiangshan_street"),
    DepartmentSpec("象山派出所", "police_station", "xiangshan_street"),
    DepartmentSpec("广西桂象律师事务所", "legal_adviser", "xiangshan_street"),
    DepartmentSpec("七星区住房和城乡建设局", "housing", "qixing"),
    DepartmentSpec("漓东司法所", "judicial_office", "lidong_street"),
    DepartmentSpec("漓东派出所", "police_station", "lidong_street"),
)
HEALTH = "桂林市卫生健康委员会"
CULTURE = "桂林市文化广电和旅游局"
SASAC = "桂林市人民政府国有资产监督管理委员会"
EDUCATION = "象山区教育局"
CIVIL = "象山区民政局"
HOUSING = "象山区住房和城乡建设局"
MARKET = "象山区市场监督管理局"

# --- resident units (驻区单位) -----------------------------------------------------------------------


class UnitSpec(NamedTuple):
    name: str
    short_name: str
    kind: str  # organisations.models.OrganisationKind
    partner_type: str  # organisations.models.PartnerType ("" = not a community partner)
    community: str  # community slug
    supervisor: str  # department name, or ""
    party: str  # "unit_committee" or "unit_branch"
    address: str
    description: str = ""
    liaison: str = ""  # a fixed liaison name (the demo accounts), else generated


# The 48 unit party organisations of 象山区's seven community committees. 五美社区 signed with 16 units
# (桂林市中医医院, 桂林市崇善小学, 华润桂林医药有限公司 …); 33 units are community partners (the
# article's 33 members of the community service alliance).
UNITS = (
    # 五美社区 (16)
    UnitSpec("桂林市中医医院", "市中医院", "public_institution", "institutional", "wumei", HEALTH, "unit_committee",
             "五美路2号", "三级甲等中医医院，签约开展大型义诊、上门体检服务。", liaison="周丽华"),
    UnitSpec("桂林市崇善小学", "崇善小学", "public_institution", "institutional", "wumei", EDUCATION, "unit_branch",
             "五美路25号", "开放校园场地，参与“四点半课堂”。"),
    UnitSpec("华润桂林医药有限公司", "华润桂林医药", "state_enterprise", "social_enterprise", "wumei", SASAC,
             "unit_committee", "中山南路18号", "健康咨询、药品知识进社区。"),
    UnitSpec("桂爱社会工作服务中心", "桂爱社工", "social_organisation", "public_good", "wumei", CIVIL, "unit_branch",
             "五美路36号", "承接“四点半课堂”“七彩假期”“一元理发”等志愿服务项目，协助社区组建志愿服务队。"),
    UnitSpec("桂林市妇幼保健院", "市妇幼", "public_institution", "institutional", "wumei", HEALTH, "unit_committee",
             "中山南路60号", "健康宣教、控烟知识教育、老年康复指导。"),
    UnitSpec("桂林象山眼科门诊部", "眼科门诊部", "private_enterprise", "social_enterprise", "wumei", HEALTH,
             "unit_branch", "中山南路88号", "每年限额免费治疗白内障患者。"),
    UnitSpec("中国建设银行桂林五美支行", "建行五美支行", "state_enterprise", "", "wumei", "", "unit_branch",
             "五美路9号"),
    UnitSpec("桂林市第十一中学", "十一中", "public_institution", "", "wumei", EDUCATION, "unit_branch",
             "文化路12号"),
    UnitSpec("象山区人民法院", "象山区法院", "agency", "", "wumei", "", "unit_committee", "文化路3号"),
    UnitSpec("国网桂林供电公司象山供电中心", "象山供电中心", "state_enterprise", "", "wumei", SASAC, "unit_branch",
             "五美路51号"),
    UnitSpec("五美路商家联盟", "五美商盟", "merchant", "social_enterprise", "wumei", MARKET, "unit_branch",
             "五美路沿街商铺", "一元理发、免费磨刀、便民维修。"),
    UnitSpec("象山区五美快剪理发店", "五美快剪", "merchant", "social_enterprise", "wumei", MARKET, "unit_branch",
             "五美路40号", "为社区老人提供“一元理发”。"),
    UnitSpec("象山区心连心志愿者协会", "心连心协会", "social_organisation", "public_good", "wumei", CIVIL,
             "unit_branch", "五美路36号之一"),
    UnitSpec("桂林市象山区图书馆", "象山区图书馆", "public_institution", "institutional", "wumei", CULTURE,
             "unit_branch", "文化路20号"),
    UnitSpec("中国邮政集团有限公司桂林市象山区分公司", "象山邮政", "state_enterprise", "", "wumei", "",
             "unit_branch", "中山南路30号"),
    UnitSpec("桂林漓韵文化传媒有限公司", "漓韵传媒", "private_enterprise", "", "wumei", MARKET, "unit_branch",
             "文化路8号"),
    # 南门社区 (6)
    UnitSpec("桂林市人民医院", "市人民医院", "public_institution", "institutional", "nanmen", HEALTH,
             "unit_committee", "南门路12号", "签约开展大型义诊。"),
    UnitSpec("国家税务总局桂林市象山区税务局", "象山区税务局", "agency", "", "nanmen", "", "unit_committee",
             "环城南一路6号"),
    UnitSpec("中国移动通信集团广西有限公司桂林分公司象山营业部", "移动象山营业部", "state_enterprise",
             "", "nanmen", "", "unit_branch", "中山南路102号"),
    UnitSpec("南门菜市场商户联合会", "南门商户联合会", "merchant", "social_enterprise", "nanmen", MARKET,
             "unit_branch", "南门路菜市场"),
    UnitSpec("桂林市南门小学", "南门小学", "public_institution", "institutional", "nanmen", EDUCATION,
             "unit_branch", "南门路30号"),
    UnitSpec("桂林南门健康养老服务中心", "南门养老中心", "social_organisation", "public_good", "nanmen", CIVIL,
             "unit_branch", "环城南一路18号"),
    # 文明社区 (6)
    UnitSpec("李宗仁文物馆", "李宗仁文物馆", "public_institution", "institutional", "wenming", CULTURE,
             "unit_branch", "文明路4号", "签约开展爱国主义教育。"),
    UnitSpec("桂林市人民检察院", "市检察院", "agency", "", "wenming", "", "unit_committee", "崇信路1号",
             "出资改造安新南区小花园健身场。"),
    UnitSpec("桂林绿城物业服务有限公司", "绿城物业", "private_enterprise", "social_enterprise", "wenming", HOUSING,
             "unit_branch", "文明路52号", "清理文明市场周边化粪池，疏通排污管道。"),
    UnitSpec("桂林卫生学校", "市卫校", "public_institution", "institutional", "wenming", HEALTH, "unit_committee",
             "象山路9号"),
    UnitSpec("桂林市逸仙中学", "逸仙中学", "public_institution", "institutional", "wenming", EDUCATION,
             "unit_branch", "文明路31号"),
    UnitSpec("文明市场商家联盟", "文明商盟", "merchant", "social_enterprise", "wenming", MARKET, "unit_branch",
             "文明路文明市场"),
    # 虹桥社区 (5)
    UnitSpec("桂林银行股份有限公司象山支行", "桂林银行象山支行", "state_enterprise", "", "hongqiao", SASAC,
             "unit_branch", "上海路15号"),
    UnitSpec("桂林市象山区市场监督管理局虹桥市场监管所", "虹桥市场监管所", "agency", "", "hongqiao", "",
             "unit_branch", "虹桥路2号"),
    UnitSpec("桂林市第四人民医院", "市四院", "public_institution", "institutional", "hongqiao", HEALTH,
             "unit_committee", "上海路40号"),
    UnitSpec("桂林瓦窑物流有限公司", "瓦窑物流", "private_enterprise", "social_enterprise", "hongqiao", MARKET,
             "unit_branch", "瓦窑路66号"),
    UnitSpec("象山区虹桥社会工作服务站", "虹桥社工站", "social_organisation", "public_good", "hongqiao", CIVIL,
             "unit_branch", "虹桥路11号"),
    # 崇善社区 (5)
    UnitSpec("桂林旅游股份有限公司", "桂林旅游", "state_enterprise", "social_enterprise", "chongshan", SASAC,
             "unit_committee", "崇善路8号"),
    UnitSpec("桂林市崇善中学", "崇善中学", "public_institution", "institutional", "chongshan", EDUCATION,
             "unit_branch", "崇善路40号"),
    UnitSpec("正阳路步行街商户联盟", "正阳商盟", "merchant", "social_enterprise", "chongshan", MARKET,
             "unit_branch", "正阳路步行街"),
    UnitSpec("广西漓水人家餐饮有限公司", "漓水人家", "private_enterprise", "", "chongshan", MARKET, "unit_branch",
             "民主路21号"),
    UnitSpec("桂林市象山区崇善社区卫生服务中心", "崇善卫生服务中心", "public_institution", "institutional",
             "chongshan", HEALTH, "unit_branch", "崇善路16号"),
    # 三里店社区 (5)
    UnitSpec("象山区机关事务管理局", "区机关事务局", "agency", "", "sanlidian", "", "unit_committee",
             "凯风路1号"),
    UnitSpec("桂林市象山区三里店小学", "三里店小学", "public_institution", "institutional", "sanlidian", EDUCATION,
             "unit_branch", "南溪路5号"),
    UnitSpec("桂林象山恒信建筑工程有限公司", "恒信建筑", "private_enterprise", "social_enterprise", "sanlidian",
             HOUSING, "unit_branch", "凯风路37号"),
    UnitSpec("桂林市象山区益家公益服务中心", "益家公益", "social_organisation", "public_good", "sanlidian", CIVIL,
             "unit_branch", "南溪路22号"),
    UnitSpec("中国石化销售股份有限公司广西桂林象山加油站", "象山加油站", "state_enterprise", "", "sanlidian",
             "", "unit_branch", "象山路88号"),
    # 文昌社区 (5)
    UnitSpec("桂林市文昌中学", "文昌中学", "public_institution", "institutional", "wenchang", EDUCATION,
             "unit_branch", "文昌路10号"),
    UnitSpec("桂林文昌医院", "文昌医院", "private_enterprise", "social_enterprise", "wenchang", HEALTH,
             "unit_branch", "翊武路3号"),
    UnitSpec("象山区文昌老年协会", "文昌老年协会", "social_organisation", "public_good", "wenchang", CIVIL,
             "unit_branch", "文昌路26号"),
    UnitSpec("文昌桥商户联合会", "文昌桥商联", "merchant", "social_enterprise", "wenchang", MARKET,
             "unit_branch", "文昌桥头"),
    UnitSpec("桂林市象山区城市管理执法大队", "城管执法大队", "agency", "", "wenchang", "", "unit_branch",
             "中隐路7号"),
)

# The secretary comes first; a third contact, when there is one, takes one of the other titles.
CONTACT_TITLES = {
    "unit_committee": ("党委书记", "党委副书记", "党委委员"),
    "unit_branch": ("支部书记", "支部委员", "负责人"),
}
LIAISON_TITLES = ("党建联络员", "党办主任", "工会主席", "办公室主任")

# --- volunteer teams (志愿服务队) --------------------------------------------------------------------

TEAMS = (
    ("学雷锋志愿服务队", "关爱帮扶"),
    ("红袖标安全卫士巡逻队", "治安巡逻"),
    ("文明劝导队", "文明劝导"),
    ("周末学雷锋志愿服务队", "周末便民服务"),
    ("四点半课堂志愿服务队", "课后托管"),
    ("银龄互助志愿服务队", "邻里互助"),
    ("环境卫生志愿服务队", "环境整治"),
)
# Teams based on a unit: (community slug, team name, unit name, speciality). With the seven common teams
# each of 象山区's communities has nine: the articles' 63 volunteer teams.
UNIT_TEAMS = (
    ("wumei", "医疗志愿服务队", "桂林市中医医院", "义诊医疗"),
    ("wumei", "留爱志愿者服务队", "桂爱社会工作服务中心", "留守儿童关爱"),
    ("nanmen", "医疗志愿服务队", "桂林市人民医院", "义诊医疗"),
    ("nanmen", "税法宣传志愿服务队", "国家税务总局桂林市象山区税务局", "税法宣传"),
    ("wenming", "红色讲解志愿服务队", "李宗仁文物馆", "爱国主义教育"),
    ("wenming", "卫校青年志愿服务队", "桂林卫生学校", "健康宣教"),
    ("hongqiao", "医疗志愿服务队", "桂林市第四人民医院", "义诊医疗"),
    ("hongqiao", "社工志愿服务队", "象山区虹桥社会工作服务站", "困难群众帮扶"),
    ("chongshan", "文旅志愿服务队", "桂林旅游股份有限公司", "文明旅游"),
    ("chongshan", "家庭医生志愿服务队", "桂林市象山区崇善社区卫生服务中心", "健康管理"),
    ("sanlidian", "益家公益志愿服务队", "桂林市象山区益家公益服务中心", "一老一小"),
    ("sanlidian", "安全生产志愿服务队", "桂林象山恒信建筑工程有限公司", "安全隐患排查"),
    ("wenchang", "医疗志愿服务队", "桂林文昌医院", "义诊医疗"),
    ("wenchang", "银发助老志愿服务队", "象山区文昌老年协会", "助老服务"),
)

# --- people -----------------------------------------------------------------------------------------

# Surnames with rough national frequencies (per mille), and the ones common in Guilin (韦 覃 莫 蒋 秦 廖 唐)
# weighted up a little.
SURNAMES = (
    ("王", 71), ("李", 70), ("张", 67), ("刘", 54), ("陈", 45), ("杨", 31), ("黄", 25), ("赵", 23), ("吴", 20),
    ("周", 19), ("徐", 14), ("孙", 13), ("马", 12), ("朱", 12), ("胡", 11), ("郭", 11), ("何", 11), ("林", 10),
    ("高", 10), ("罗", 10), ("郑", 9), ("梁", 9), ("谢", 8), ("宋", 7), ("唐", 10), ("韩", 6), ("冯", 6),
    ("邓", 6), ("曹", 6), ("许", 5), ("彭", 5), ("曾", 5), ("肖", 5), ("田", 5), ("董", 5), ("袁", 4),
    ("潘", 4), ("于", 4), ("蒋", 8), ("蔡", 4), ("余", 4), ("杜", 4), ("叶", 4), ("程", 3), ("苏", 3),
    ("魏", 3), ("吕", 3), ("丁", 3), ("任", 3), ("沈", 3), ("姚", 3), ("卢", 3), ("韦", 9), ("覃", 6),
    ("莫", 6), ("秦", 4), ("廖", 5), ("石", 3), ("陆", 3), ("伍", 2), ("蒙", 2), ("龙", 2), ("甘", 1),
)

# Given names by generation: born before 1970, 1970–1989, from 1990. Two-character names, and single
# characters for one-character given names.
GIVEN_NAMES = {
    ("female", 0): ("秀英", "桂英", "玉兰", "秀兰", "凤英", "淑珍", "桂兰", "玉梅", "秀珍", "素芬", "美华", "丽华",
                    "淑华", "月娥", "翠兰", "桂芳", "玉珍", "春梅", "金凤", "爱华", "秀云", "凤珍", "玉芬", "桂香"),
    ("male", 0): ("建国", "国华", "志刚", "建华", "国强", "德明", "振华", "树林", "卫东", "永福", "福生", "德胜",
                  "建军", "志明", "光明", "明华", "国庆", "宝林", "庆华", "荣华", "忠诚", "家富", "汉生", "德才"),
    ("female", 1): ("红梅", "晓燕", "丽娟", "海燕", "秀梅", "小红", "丽萍", "雪梅", "春燕", "慧敏", "艳红", "晓红",
                    "丽琼", "彩霞", "美玲", "小燕", "文静", "海英", "冬梅", "秋菊"),
    ("male", 1): ("海涛", "志强", "建军", "晓东", "俊杰", "永强", "宏伟", "文斌", "红军", "振宇", "国栋", "立新",
                  "海波", "志勇", "建平", "小军", "卫国", "少华", "春生", "新民"),
    ("female", 2): ("欣怡", "梓涵", "诗涵", "雨桐", "子涵", "思琪", "佳怡", "可欣", "雨欣", "紫萱", "梦琪", "语嫣",
                    "婉婷", "静怡", "雅琪", "晨曦", "一诺", "若曦", "欣妍", "芷若"),
    ("male", 2): ("浩然", "子轩", "宇轩", "梓轩", "俊熙", "浩宇", "一鸣", "博文", "皓轩", "明轩", "天佑", "子墨",
                  "宇航", "铭泽", "思远", "嘉豪", "晨阳", "俊宇", "承志", "家乐"),
}
# Characters that two-character given names are also composed from: (first characters, second characters).
GIVEN_CHARS = {
    ("female", 0): ("秀桂玉凤淑素美丽月翠金爱春", "英兰梅珍芬华娥香云琴芳"),
    ("male", 0): ("建国志德振树卫永福光明宝庆荣家汉", "国华刚强明林东福生胜军才成海"),
    ("female", 1): ("丽晓秀海春艳美小雪彩冬玉慧桂", "娟燕梅红萍英霞芳玲琴兰华敏"),
    ("male", 1): ("志建国海晓永宏文振少春立新卫明", "强军华平东杰伟斌波勇刚明辉峰"),
    ("female", 2): ("欣梓诗雨子思佳可紫梦语婉静雅晨若芷", "怡涵桐琪萱嫣婷妍曦诺彤悦然"),
    ("male", 2): ("浩子宇梓俊博皓明天铭思嘉晨承家睿", "然轩熙宇鸣文佑墨航泽远豪阳乐辰"),
}
SINGLE_NAMES = {
    ("female", 0): "英兰珍芳琴秀萍",
    ("male", 0): "军华明林德福发",
    ("female", 1): "丽芳敏静燕娟霞艳玲婷红",
    ("male", 1): "伟勇军杰涛斌磊刚强辉鹏",
    ("female", 2): "琳悦彤萱妍洁颖璐",
    ("male", 2): "睿泽宇航鑫昊凯洋",
}
SINGLE_NAME_SHARE = (0.1, 0.25, 0.2)  # per generation
COMPOSED_NAME_SHARE = 0.5  # of two-character given names

# First six digits of resident ID numbers: the counties and districts of 桂林市 (4503xx).
ID_PREFIXES = ("450304", "450304", "450304", "450302", "450303", "450305", "450311", "450312", "450321",
               "450323", "450324", "450325", "450326", "450327", "450328", "450329", "450330", "450332",
               "450381")
MOBILE_PREFIXES = ("130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "147", "150", "151",
                   "152", "153", "155", "156", "157", "158", "159", "166", "173", "175", "176", "177", "178",
                   "180", "181", "182", "183", "184", "185", "186", "187", "188", "189", "191", "198", "199")
AREA_CODE = "0773"  # 桂林

# --- the demo accounts ------------------------------------------------------------------------------


class AccountSpec(NamedTuple):
    username: str
    display_name: str
    role: str  # accounts.models.Role


ACCOUNTS = (
    AccountSpec("admin", "系统管理员", "system_admin"),
    AccountSpec("xiangshan", "象山区·郑红", "district_staff"),
    AccountSpec("xiangshan_street", "象山街道·吴刚", "street_staff"),
    AccountSpec("wumei", "五美社区·黄敏", "community_staff"),
    AccountSpec("nanmen", "南门社区·赵磊", "community_staff"),
    AccountSpec("wumei_grid", "五美社区网格员·孙静", "grid_worker"),
    AccountSpec("zhongyi", "桂林市中医医院·周丽华", "unit_liaison"),
    AccountSpec("sifasuo", "丽景街司法所·何平", "department_receiver"),
    AccountSpec("wangxiuying", "王秀英", "resident"),
    AccountSpec("liuyang", "刘洋", "volunteer"),
)
# The people behind the resident and volunteer accounts: (name, gender, birth year, community slug,
# neighbourhood index, building index).
FEATURED_PEOPLE = {
    "wangxiuying": ("王秀英", "female", 1958, "wumei", 0, 0),
    "liuyang": ("刘洋", "male", 1992, "wumei", 1, 1),
}
FEATURED_VOLUNTEER_TEAM = "学雷锋志愿服务队"
