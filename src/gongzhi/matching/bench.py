"""The benchmark of `gongzhi match_bench`: needs and resources generated from templates (a fixed seed; the
generator is unchanged since the first slice, so figures stay comparable), wall time, CPU time and peak memory
of ranking and of the exact batch assignment on the full sizes."""

from __future__ import annotations

import random
import resource
import time
from dataclasses import dataclass

from gongzhi.matching.engine import (
    DEFAULT_WEIGHTS,
    AssignmentReport,
    Index,
    Need,
    Resource,
    Weights,
    assign,
    rank,
    rank_and_assign,
)

SERVICES = (
    ("四点半课堂：工作日下午为双职工家庭孩子提供课后看护与作业辅导", "education"),
    ("七彩假期：寒暑假青少年托管与兴趣课程", "education"),
    ("党员教师为中小学生辅导功课", "education"),
    ("上门疏通下水道、马桶和地漏", "repairs"),
    ("水电维修、换灯泡、修水龙头", "repairs"),
    ("家电义务维修：电视、冰箱、洗衣机检修", "repairs"),
    ("一元理发，老人优先", "repairs"),
    ("免费磨刀磨剪刀", "repairs"),
    ("人民调解：调解邻里纠纷、家庭矛盾", "legal"),
    ("律师坐班，免费法律咨询", "legal"),
    ("法律援助：农民工讨要欠薪", "legal"),
    ("大型义诊：测血压血糖、中医问诊", "medical"),
    ("家庭医生上门随访、开具慢病药品", "medical"),
    ("白内障免费筛查", "medical"),
    ("术后居家康复训练指导", "medical"),
    ("心理咨询师提供心理疏导", "medical"),
    ("长者驿站：上门探访独居、空巢老人", "elderly"),
    ("长者饭堂：老年人助餐、送餐上门", "elderly"),
    ("老年人日间照料", "elderly"),
    ("适老化改造：加装扶手、防滑处理", "elderly"),
    ("智能手机培训：教老人用微信、视频通话", "lecture"),
    ("防诈骗宣传讲座", "lecture"),
    ("社区招聘会与就业推荐", "employment"),
    ("家政、育婴师职业技能培训", "employment"),
    ("困难家庭节日慰问物资", "hardship_relief"),
    ("残疾人轮椅借用与辅具适配", "hardship_relief"),
    ("楼道清理与垃圾分类宣传", "environment"),
    ("化粪池清掏与污水井清理", "environment"),
    ("树木修枝与绿地养护", "environment"),
    ("广场舞、合唱、书法兴趣班", "culture_sports"),
)
PROVIDERS = ("医院", "社工服务中心", "商家联盟", "志愿者协会", "律师事务所", "供电中心", "小学", "中学", "图书馆",
             "物业公司", "银行支行", "人社局", "民政局", "司法所", "派出所")
PLACES = ("五美", "南门", "红旗", "文昌", "象山", "崇善", "桃花江", "漓江", "榕湖", "杉湖")
SCHEDULES = ("每月第一个周六", "工作日下午", "每季度一次", "每周三上午", "隔周周日", "预约上门")
PROBLEMS = (
    "孩子放学没人管", "娃放学后家里没人接", "作业不会做没人辅导", "暑假孩子天天在家打游戏",
    "下水道堵了", "马桶冲不下去", "厨房水池堵住了", "灯泡坏了换不了", "水龙头一直滴水", "冰箱不制冷了",
    "头发长了想剪", "菜刀钝了切不动", "楼上半夜敲东西", "邻居家的狗整夜叫", "老板拖欠工资不给",
    "借钱不还想打官司", "血压高想量一量", "想测测血糖", "眼睛看不清东西", "中风后回家不会做康复",
    "最近心情很差睡不着", "老人一个人住没人照顾", "老妈做不动饭了", "白天老人没人照看",
    "卫生间太滑老人怕摔", "不会用智能手机", "接到电话说中奖要转账", "失业了想找份工作", "想学个手艺",
    "家里低保过年困难", "想借个轮椅", "楼道堆满杂物", "化粪池满了很臭", "树枝伸到窗户边", "想参加广场舞",
)
WHO = ("我家", "我妈", "我爸", "隔壁王阿姨家", "楼下李大爷", "我们", "我婆婆", "老张家", "对门", "我")


@dataclass(frozen=True)
class Figures:
    label: str
    needs: int
    resources: int
    seconds: float
    cpu_seconds: float  # this process and its finished worker processes
    peak_mb: float  # the largest resident set of this process or of any worker process so far


def generate(n_needs: int, n_resources: int, seed: int = 20240601) -> tuple[list[Need], list[Resource]]:
    rng = random.Random(seed)
    resources = []
    for i in range(n_resources):
        text, category = rng.choice(SERVICES)
        place = rng.choice(PLACES)
        org = f"{place}{rng.choice(PROVIDERS)}{i % 97}"
        resources.append(Resource(f"R{i}", f"{text}（{rng.choice(SCHEDULES)}）", org, category, f"{place}社区",
                                  rng.choice((None, 0, 5, 10, 20, 30, 50))))
    needs = []
    for i in range(n_needs):
        place = rng.choice(PLACES)
        text = f"{place}社区{rng.randint(1, 60)}栋{rng.randint(1, 6)}单元，{rng.choice(WHO)}{rng.choice(PROBLEMS)}"
        needs.append(Need(f"N{i}", text, "", f"{place}社区" if rng.random() < 0.7 else ""))
    return needs, resources


def peak_mb() -> float:
    """Peak resident memory (MB) of this process or of its largest worker process (Linux reports KiB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


class Clock:
    def __init__(self):
        self.wall, self.cpu = time.perf_counter(), cpu_seconds()

    def figures(self, label: str, needs: int, resources: int) -> Figures:
        return Figures(label, needs, resources, time.perf_counter() - self.wall, cpu_seconds() - self.cpu, peak_mb())


def time_index(resources, weights: Weights = DEFAULT_WEIGHTS) -> tuple[Figures, Index]:
    clock = Clock()
    index = Index(resources, weights)
    return clock.figures("建索引", 0, len(resources)), index


def time_rank(needs, index: Index, top_k: int = 3, workers: int | None = None) -> tuple[Figures, list]:
    clock = Clock()
    result = rank(needs, index, top_k=top_k, workers=workers)
    return clock.figures(f"排名 top-{top_k}（含理由）", len(needs), len(index.resources)), result


def time_assign(needs, index: Index, candidates: int, rounds: int = 3, workers: int | None = None
                ) -> tuple[Figures, list, AssignmentReport]:
    clock = Clock()
    report = AssignmentReport()
    result = assign(needs, index, candidates=candidates, rounds=rounds, workers=workers, report=report)
    return (clock.figures(f"整批分配（每条需求 {candidates} 个候选，精确求解）", len(needs), len(index.resources)),
            result, report)


def time_rank_and_assign(needs, index: Index, top_k: int, candidates: int, rounds: int = 3,
                         workers: int | None = None) -> tuple[Figures, list, list, AssignmentReport]:
    clock = Clock()
    report = AssignmentReport()
    ranked, assigned = rank_and_assign(needs, index, top_k=top_k, candidates=candidates, rounds=rounds,
                                       workers=workers, report=report)
    return (clock.figures(f"排名 top-{top_k} + 整批分配（一次评分）", len(needs), len(index.resources)),
            ranked, assigned, report)
