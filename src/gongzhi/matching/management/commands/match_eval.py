"""gongzhi match_eval: top-1 / top-3 accuracy of the engine against the character n-gram TF-IDF baseline
(computed in the same run) on the development set and, separately, on the test set kept in the repository."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from gongzhi.matching.quality import EVALUATION_DIR, UNTUNED_TEST, evaluate

SUBSETS = {"dev": "开发集", "test": "测试集"}
METHODS = {"engine": "引擎", "baseline": "基线(字符1-2gram TF-IDF)"}


class Command(BaseCommand):
    help = ("在标注评测集上计算匹配引擎与字符 n-gram TF-IDF 基线（同一次运行中计算）的 top-1 / top-3 准确率，"
            "开发集与测试集分别报告")

    def add_arguments(self, parser):
        parser.add_argument("--misses", choices=("dev", "test"), nargs="?", const="dev",
                            help="列出引擎 top-1 未命中的需求（默认开发集；测试集的未命中不得用于调词典）")

    def handle(self, *args, misses: str | None, **options):
        figures, picks, labelled = evaluate()
        self.stdout.write(f"评测集：{EVALUATION_DIR}（资源 resources.csv；开发集 needs.csv；测试集 test_needs.csv）")
        self.stdout.write(f"{'集合':<6}{'方法':<24}{'条数':>6}{'top-1':>8}{'top-3':>8}")
        for f in figures:
            self.stdout.write(f"{SUBSETS.get(f.subset, f.subset):<6}{METHODS[f.method]:<24}{f.count:>6}"
                              f"{f.top1:>8.3f}{f.top3:>8.3f}")
        engine, baseline = UNTUNED_TEST["engine"], UNTUNED_TEST["baseline"]
        self.stdout.write(
            "说明：开发集用于调词典和权重，其数字偏乐观；测试集在任何调整之前测过一次——"
            f"引擎 {engine[0]:.3f} / {engine[1]:.3f}，基线 {baseline[0]:.3f} / {baseline[1]:.3f}——"
            "此后从未依据测试集的未命中调整。方法见 evaluation/README.md。")
        if misses:
            for item in labelled:
                if item.set != misses:
                    continue
                got = picks[(item.set, item.need.id)]
                if not (got and got[0] in item.answers):
                    self.stdout.write(f"{item.need.id} [{item.split}] {item.need.text}  应为 "
                                      f"{'|'.join(sorted(item.answers))}  得到 {'、'.join(got) or '无'}")
