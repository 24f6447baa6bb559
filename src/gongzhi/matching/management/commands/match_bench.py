"""gongzhi match_bench [--needs 100000] [--resources 10000]: wall time and peak memory of the engine on
generated lists (fixed seed)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from gongzhi.matching.bench import generate, peak_mb, time_assign, time_rank


class Command(BaseCommand):
    help = "基准测试：用模板生成需求与资源（固定随机种子），报告排名与整批分配的耗时和峰值内存"

    def add_arguments(self, parser):
        parser.add_argument("--needs", type=int, default=100_000)
        parser.add_argument("--resources", type=int, default=10_000)
        parser.add_argument("--top", type=int, default=3)
        parser.add_argument("--assign-needs", type=int, default=10_000,
                            help="整批分配所用的需求数（取生成需求的前若干条，默认 10000；0 表示跳过）")
        parser.add_argument("--assign-resources", type=int, default=1_000,
                            help="整批分配所用的资源数（默认 1000）")
        parser.add_argument("--candidates", type=int, default=20, help="分配时每条需求的候选资源数（默认 20）")
        parser.add_argument("--seed", type=int, default=20240601)

    def handle(self, *args, **o):
        needs, resources = generate(o["needs"], o["resources"], o["seed"])
        distinct = len({n.text for n in needs})
        self.stdout.write(f"生成需求 {len(needs)} 条（不同文本 {distinct} 条），资源 {len(resources)} 条；"
                          f"起始内存峰值 {peak_mb():.0f} MB")
        figures, ranked = time_rank(needs, resources, o["top"])
        matched = sum(1 for row in ranked if row)
        self._report(figures, f"有匹配的需求 {matched}")
        del ranked
        if o["assign_needs"]:
            figures, assigned = time_assign(needs[:o["assign_needs"]], resources[:o["assign_resources"]],
                                            o["candidates"])
            done = sum(1 for a in assigned if a.resource)
            self._report(figures, f"已分配 {done}，总分 {sum(a.score for a in assigned):.1f}"
                                  "（峰值内存为进程峰值，含前面的排名）")

    def _report(self, f, extra):
        rate = f.needs / f.seconds if f.seconds else float("inf")
        self.stdout.write(f"{f.label}：{f.needs} 条需求 × {f.resources} 条资源，耗时 {f.seconds:.1f} 秒"
                          f"（{rate:,.0f} 条/秒），峰值内存 {f.peak_mb:.0f} MB；{extra}")
