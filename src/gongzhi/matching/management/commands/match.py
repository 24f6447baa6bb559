"""gongzhi match --needs NEEDS --resources RESOURCES [--top K] [--assign] --out OUT"""

from __future__ import annotations

import csv

from django.core.management.base import BaseCommand, CommandError

from gongzhi.matching.engine import AssignmentReport, Index, rank
from gongzhi.matching.engine import assign as assign_needs
from gongzhi.matching.tables import TableError, read_needs, read_resources

BAD_INPUT = 2  # exit status for a malformed input file


class Command(BaseCommand):
    help = ("为需求清单匹配资源清单：输入 CSV（UTF-8、带 BOM 的 UTF-8 或 GB18030，自动识别）或 .xlsx，"
            "输出 UTF-8 CSV（排名与理由，或 --assign 时的整批分配结果）")

    def add_arguments(self, parser):
        parser.add_argument("--needs", required=True, help="需求文件：列 id,text，可选 category,community")
        parser.add_argument("--resources", required=True,
                            help="资源文件：列 id,text，可选 org,category,community,capacity")
        parser.add_argument("--top", type=int, default=3, help="每条需求列出的资源数（默认 3）")
        parser.add_argument("--assign", action="store_true", help="在名额约束下整批分配，使总分最高")
        parser.add_argument("--out", required=True, help="输出 CSV 文件（UTF-8）")

    def handle(self, *args, needs: str, resources: str, top: int, assign: bool, out: str, **options):
        if top < 1:
            raise CommandError("--top 应为正整数", returncode=BAD_INPUT)
        try:
            need_list = read_needs(needs)
            resource_list = read_resources(resources)
        except TableError as exc:
            raise CommandError(str(exc), returncode=BAD_INPUT) from None
        index = Index(resource_list)
        try:
            handle = open(out, "w", encoding="utf-8", newline="")  # noqa: SIM115 - closed below
        except OSError as exc:
            raise CommandError(f"无法写入“{out}”：{exc.strerror}") from None
        with handle:
            writer = csv.writer(handle)
            if assign:
                writer.writerow(["need_id", "resource_id", "score"])
                report = AssignmentReport()
                assignments = assign_needs(need_list, index, report=report)
                for a in assignments:
                    writer.writerow([a.need.id, a.resource.id if a.resource else "", f"{a.score:.4f}"])
                done = sum(1 for a in assignments if a.resource)
                proof = ("总分已证明为全体资源上的最优" if report.gap_bound <= 1e-6
                         else f"与全体资源上最优总分的差距已证明不超过 {report.gap_bound:.4f}")
                summary = f"已分配 {done} / {len(need_list)} 条需求（{proof}）"
            else:
                writer.writerow(["need_id", "rank", "resource_id", "score", "reason"])
                for need, suggestions in zip(need_list, rank(need_list, index, top_k=top), strict=True):
                    for position, s in enumerate(suggestions, start=1):
                        writer.writerow([need.id, position, s.resource.id, f"{s.score:.4f}", s.reason])
                summary = f"已为 {len(need_list)} 条需求排出前 {top} 名资源"
        self.stdout.write(self.style.SUCCESS(f"{summary}，结果写入 {out}"))

