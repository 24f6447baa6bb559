"""gongzhi match_bench [--needs 100000] [--resources 10000] [--candidates K] [--separate] [--scaling] [--cold N]: wall
time, CPU time and peak memory of ranking and of the exact batch assignment on generated lists (fixed seed), and of
the sentence model's pass over the texts it has not embedded before (sentences.py: once per text, then cached)."""

from __future__ import annotations

import time
from dataclasses import replace

from django.core.management.base import BaseCommand

from gongzhi.matching import sentences
from gongzhi.matching.bench import (
    Clock,
    generate,
    peak_mb,
    time_assign,
    time_index,
    time_rank,
    time_rank_and_assign,
)
from gongzhi.matching.engine import DEFAULT_WEIGHTS, Index, _cores


class Command(BaseCommand):
    help = ("基准测试：用模板生成需求与资源（固定随机种子），报告排名与整批精确分配的耗时、CPU 时间和峰值内存；"
            "默认一次评分同时得到排名与分配候选（--separate 则分别调用 rank 与 assign）")

    def add_arguments(self, parser):
        parser.add_argument("--needs", type=int, default=100_000)
        parser.add_argument("--resources", type=int, default=10_000)
        parser.add_argument("--top", type=int, default=3)
        parser.add_argument("--candidates", type=int, default=20,
                            help="分配时每条需求起始的候选资源数（默认 20；对偶证明不足的需求会自动扩到 4 倍再解）")
        parser.add_argument("--rounds", type=int, default=3, help="分配最多求解几轮（默认 3）")
        parser.add_argument("--workers", type=int, default=None, help="评分进程数（默认：大批量时每核一个）")
        parser.add_argument("--separate", action="store_true", help="分别调用 rank 与 assign（评分两遍）")
        parser.add_argument("--no-assign", action="store_true", help="只排名")
        parser.add_argument("--scaling", action="store_true", help="另测 1/4、1/2、全部需求的排名耗时（线性程度）")
        parser.add_argument("--seed", type=int, default=20240601)
        parser.add_argument("--without-semantic", action="store_true",
                            help="关闭语义通道（静态词向量，ADR 0026），用于同一负载下对比耗时")
        parser.add_argument("--without-sentences", action="store_true",
                            help="关闭整句语义模型通道（ADR 0027），用于同一负载下对比耗时")
        parser.add_argument("--cold", type=int, default=0, metavar="N",
                            help="另测语义模型对 N 条从未编码过的不同文本的编码耗时（不用任何缓存）")

    def handle(self, *args, **o):
        needs, resources = generate(o["needs"], o["resources"], o["seed"])
        distinct = len({n.text for n in needs})
        self.stdout.write(f"生成需求 {len(needs)} 条（不同文本 {distinct} 条），资源 {len(resources)} 条；"
                          f"可用核数 {_cores()}；起始内存峰值 {peak_mb():.0f} MB")
        weights = DEFAULT_WEIGHTS
        if o["without_semantic"]:
            weights = replace(weights, semantic=0.0)
        if o["without_sentences"]:
            weights = replace(weights, sentence=0.0)
        if o["cold"]:
            self._cold(o["cold"], needs)
        figures, index = time_index(resources, weights)
        self._report(figures, f"词表 {len(index.vocabulary)} 项；语义通道{'关闭' if o['without_semantic'] else '开启'}；"
                              f"整句语义模型{'关闭' if index.sentences is None else '开启'}")
        started = time.perf_counter()
        if index.sentences is not None:
            # the needs' vectors: from the caches, or one model pass for a text never embedded before (the generated
            # needs differ in their addresses, which are not part of the meaning: a few hundred distinct texts)
            passes, second, clock = sentences.model_passes, sentences.second_passes, Clock()
            sentences.meaning([n.text for n in needs], sentences.QUERY)
            self._report(clock.figures("需求的整句向量（缓存或模型）", len(needs), 0),
                         f"模型编码了 {sentences.model_passes - passes} 条此前未编码的文本（第二个模型 "
                         f"{sentences.second_passes - second} 条）；其余来自缓存")
        if o["no_assign"]:
            figures, ranked = time_rank(needs, index, o["top"], o["workers"])
            self._report(figures, f"有匹配的需求 {sum(1 for row in ranked if row)}")
            del ranked
        elif o["separate"]:
            figures, ranked = time_rank(needs, index, o["top"], o["workers"])
            self._report(figures, f"有匹配的需求 {sum(1 for row in ranked if row)}")
            del ranked
            figures, _assigned, report = time_assign(needs, index, o["candidates"], o["rounds"], o["workers"])
            self._report(figures, self._assignment(report))
        else:
            figures, ranked, _assigned, report = time_rank_and_assign(needs, index, o["top"], o["candidates"],
                                                                     o["rounds"], o["workers"])
            scoring = report.timings.get("scoring", 0.0) + report.timings.get("suggestions", 0.0)
            self._report(figures, f"其中评分与排名 {scoring:.1f} 秒（有匹配的需求 {sum(1 for row in ranked if row)}），"
                                  f"分配 {report.timings.get('assignment', 0.0):.1f} 秒；" + self._assignment(report))
            del ranked
        self.stdout.write(f"整句向量、排名与分配合计墙钟时间 {time.perf_counter() - started:.1f} 秒（不含生成数据与建索引）")
        if o["scaling"]:
            for fraction in (4, 2, 1):
                part = needs[:len(needs) // fraction]
                figures, ranked = time_rank(part, Index(resources, weights), o["top"], o["workers"])
                del ranked
                self._report(figures, "线性检验（每次重建索引，索引时间不计）")

    def _cold(self, n: int, needs) -> None:
        """The model's own speed: n distinct texts it has never seen, no cache, one process."""
        texts = [f"{needs[i % len(needs)].text}（第{i}条）" for i in range(n)]
        clock = Clock()
        for start in range(0, n, sentences.BATCH):
            sentences._model().query([sentences.cleaned(t) for t in texts[start:start + sentences.BATCH]])
        f = clock.figures("语义模型冷编码", n, 0)
        self._report(f, f"每条 {f.seconds / max(n, 1) * 1000:.1f} 毫秒（单进程单线程）；100,000 条不同的新需求约需 "
                        f"{f.seconds / max(n, 1) * 100_000 / 60 / _cores():.0f} 分钟（{_cores()} 核并行），"
                        "故在需求记录时编码并缓存，批量排名时读取")

    @staticmethod
    def _assignment(r) -> str:
        proof = "已证明为全体资源上的最优" if r.gap_bound <= 1e-6 else f"与全体资源上最优的差距已证明不超过 {r.gap_bound:.2f}"
        return (f"已分配 {r.assigned} / {r.needs}，总分 {r.total:.1f}；{proof}"
                f"（{r.rounds} 轮，合并后 {r.classes} 组需求，剥离 {r.peeled} 条，线性规划 {r.components} 个连通块，"
                f"边 {r.edges} 条，求解器 {r.solve_seconds:.1f} 秒）")

    def _report(self, f, extra):
        rate = f"（{f.needs / f.seconds:,.0f} 条/秒）" if f.needs and f.seconds else ""
        self.stdout.write(f"{f.label}：{f.needs} 条需求 × {f.resources} 条资源，墙钟 {f.seconds:.1f} 秒{rate}，"
                          f"CPU {f.cpu_seconds:.1f} 秒，峰值内存 {f.peak_mb:.0f} MB；{extra}")
