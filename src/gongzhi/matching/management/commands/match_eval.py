"""gongzhi match_eval: top-1 / top-3 accuracy of the engine against the character n-gram TF-IDF baseline on
the labelled evaluation set kept in the repository."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from gongzhi.matching.quality import EVALUATION_DIR, evaluate

SUBSETS = {"all": "全部", "dev": "开发集", "holdout": "留出集"}


class Command(BaseCommand):
    help = "在标注评测集上计算匹配引擎与字符 n-gram TF-IDF 基线的 top-1 / top-3 准确率"

    def add_arguments(self, parser):
        parser.add_argument("--misses", action="store_true", help="列出引擎 top-1 未命中的需求")

    def handle(self, *args, misses: bool, **options):
        figures, picks, labelled = evaluate()
        self.stdout.write(f"评测集：{EVALUATION_DIR}")
        self.stdout.write(f"{'子集':<8}{'方法':<12}{'条数':>6}{'top-1':>8}{'top-3':>8}")
        for f in figures:
            method = "引擎" if f.method == "engine" else "基线(字符1-2gram TF-IDF)"
            self.stdout.write(f"{SUBSETS.get(f.subset, f.subset):<8}{method:<12}{f.count:>6}{f.top1:>8.3f}{f.top3:>8.3f}")
        if misses:
            for item in labelled:
                got = picks[item.need.id]
                if not (got and got[0] in item.answers):
                    self.stdout.write(f"{item.need.id} [{item.split}] {item.need.text}  应为 {'|'.join(sorted(item.answers))}"
                                      f"  得到 {'、'.join(got) or '无'}")
