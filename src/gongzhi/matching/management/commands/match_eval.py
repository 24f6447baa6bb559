"""gongzhi match_eval: top-1 / top-3 accuracy and the needs left without a suggestion, for the engine and the
character n-gram TF-IDF baseline (computed in the same run), on every labelled collection kept in the repository
(a resource list with its development and test sets; see evaluation/README.md)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from gongzhi.matching import sentences
from gongzhi.matching.quality import (
    COLLECTIONS,
    EVALUATION_DIR,
    MEASURED_ONLY,
    UNTUNED_2612,
    UNTUNED_2701,
    UNTUNED_2702,
    UNTUNED_2703,
    UNTUNED_2704,
    UNTUNED_2705,
    UNTUNED_2706,
    UNTUNED_2707,
    UNTUNED_2708,
    UNTUNED_2709,
    UNTUNED_2710,
    UNTUNED_2711,
    UNTUNED_2712,
    UNTUNED_2801,
    UNTUNED_2802,
    UNTUNED_2803,
    UNTUNED_2804,
    UNTUNED_2805,
    UNTUNED_TEST,
    Accuracy,
    evaluate,
    load_labelled,
    new_offerings,
)

SUBSETS = {"dev": "开发集", "test": "测试集"}
METHODS = {"engine": "引擎", "engine+history": "引擎+历史(留一集)", "baseline": "基线(字符1-2gram TF-IDF)"}
# Development sets whose misses may be listed; a test set's misses are never printed (that would make it a
# tuning target).
# The spent February 2027 to April 2028 test sets are development data from the fourth to the eighteenth round on.
MISSES = {"dev": ("2611", "dev"), "dev2612": ("2612", "dev"), "dev2701": ("2701", "dev"),
          "spent2702": ("2702", "test"), "spent2703": ("2703", "test"),
          "spent2704": ("2704", "test"), "spent2705": ("2705", "test"), "spent2706": ("2706", "test"),
          "spent2707": ("2707", "test"), "spent2708": ("2708", "test"), "spent2709": ("2709", "test"),
          "spent2710": ("2710", "test"), "spent2711": ("2711", "test"), "spent2712": ("2712", "test"),
          "spent2801": ("2801", "test"), "spent2802": ("2802", "test"),
          "spent2803": ("2803", "test"), "spent2804": ("2804", "test")}


# The test sets written with 20 new offerings each and measured with the history of the earlier sets: (month, first
# measurement, the round it judges, what became of it after that round; None: measured a second time at that round's
# end and spent).
FRESH_SETS = (
    ("2027年3月", UNTUNED_2703["test"], "第四轮", None),
    ("2027年4月", UNTUNED_2704["test"], "第五轮", None),
    ("2027年5月", UNTUNED_2705["test"], "第六轮", None),
    ("2027年6月", UNTUNED_2706["test"], "第七轮", None),
    ("2027年7月", UNTUNED_2707["test"], "第八轮", None),
    ("2027年8月", UNTUNED_2708["test"], "第九轮", None),
    ("2027年9月", UNTUNED_2709["test"], "第十轮", None),
    ("2027年10月", UNTUNED_2710["test"], "第十一轮", None),
    ("2027年11月", UNTUNED_2711["test"], "第十二轮", None),
    ("2027年12月", UNTUNED_2712["test"], "第十三轮", "第十三轮未改变任何分数，未再测，现已用尽。"),
    ("2028年1月", UNTUNED_2801["test"], "第十四轮", None),
    ("2028年2月", UNTUNED_2802["test"], "第十五轮", None),
    ("2028年3月", UNTUNED_2803["test"], "第十六轮", None),
    ("2028年4月", UNTUNED_2804["test"], "第十七轮", None),
    ("2028年5月", UNTUNED_2805["test"], "第十八轮", "第十八轮结束时再测一次。"),
)


def _first_measurement(month: str, figures: dict, round_: str, after: str | None) -> str:
    return (f"{month}测试集（含 20 项新资源）在{round_}改动之前测过一次——引擎 {figures['engine'][0]:.3f} / "
            f"{figures['engine'][1]:.3f}，引擎+历史 {figures['history'][0]:.3f} / {figures['history'][1]:.3f}，"
            f"基线 {figures['baseline'][0]:.3f} / {figures['baseline'][1]:.3f}；"
            + (after or f"{round_}结束时测过第二次，现已用尽。"))


def _texts(*, fresh: bool) -> dict[str, str]:
    """Text → how the sentence model embeds it (a need as a query, a resource as a passage) for every labelled set;
    ``fresh``: with the sets measured only (MEASURED_ONLY) and the resource lists only they use."""
    texts: dict[str, str] = {}
    for collection in COLLECTIONS:
        kept = tuple(name for name, _f in collection.sets if fresh or (collection.key, name) not in MEASURED_ONLY)
        if kept:
            labelled, resources = load_labelled(sets=kept, collection=collection)
            texts.update({r.text: sentences.PASSAGE for r in resources})
            texts.update({item.need.text: sentences.QUERY for item in labelled})
    return texts


def as_on_arrival() -> list[tuple[str, int, Accuracy]]:
    """Each spent test set written with new offerings, ranked with the other sets' history and none for its own new
    offerings, as when it arrived: (collection key, new offerings, engine figures). The first collection, all of
    whose offerings are new, has nothing to compare with."""
    rows = []
    for collection in COLLECTIONS[1:]:
        new = new_offerings(collection)
        if not new or ("test" not in dict(collection.sets)) or (collection.key, "test") in MEASURED_ONLY:
            continue
        figures, _picks, _labelled = evaluate(sets=("test",), collection=collection, history=True, cold=new)
        rows.append((collection.key, len(new), next(f for f in figures if f.method == "engine+history")))
    return rows


class Command(BaseCommand):
    help = ("在各组标注评测集上计算匹配引擎与字符 n-gram TF-IDF 基线（同一次运行中计算）的 top-1 / top-3 准确率"
            "和没有任何推荐的需求数，开发集与测试集分别报告")

    def add_arguments(self, parser):
        parser.add_argument("--misses", choices=tuple(MISSES), nargs="?", const="dev2612",
                            help="列出引擎在某个开发集上 top-1 未命中的需求（默认 2026年12月开发集；"
                                 "spent2702–spent2804 为已用尽、转作开发数据的 2027年2月至2028年4月测试集）；新测试集的未命中不提供，以免被用来调词典")

        parser.add_argument("--embed", action="store_true",
                            help="用两个语义模型为各评测集的需求和资源文本（及资源按居民问法拆出的分句）计算向量，写入 evaluation/sentence_vectors.npz 与 sentence_vectors_use.npz"
                                 "（随仓库提交，评测和测试不必再跑模型），不做评测")
        parser.add_argument("--fit-basis", action="store_true",
                            help="在开发集（只测的新测试集除外）的需求与资源向量上重新拟合两个语义模型各自的中心与 128 个主方向，"
                                 "写入 evaluation/sentence_basis.npz（改变引擎的分数：只在一轮调整开始时做），不做评测")

    def _as_on_arrival(self) -> None:
        rows = as_on_arrival()
        if not rows:
            return
        self.stdout.write("\n如同到达时：已用尽的测试集以其余集合为已对接历史，但它自己的新资源没有历史（新上线的服务）")
        self.stdout.write(f"{'集合':<14}{'新资源':>6}{'有历史 top-1/top-3':>20}{'无推荐':>7}")
        for key, new, row in rows:
            self.stdout.write(f"{key + ' ' + SUBSETS['test']:<14}{new:>6}{row.top1:>12.3f} / {row.top3:.3f}{row.empty:>7}")
        count = sum(row.count for _k, _n, row in rows)
        top1 = sum(round(row.top1 * row.count) for _k, _n, row in rows) / count
        top3 = sum(round(row.top3 * row.count) for _k, _n, row in rows) / count
        self.stdout.write(f"{'合计':<14}{'':>6}{top1:>12.3f} / {top3:.3f}{sum(row.empty for _k, _n, row in rows):>7}")

    def handle(self, *args, misses: str | None, embed: bool = False, fit_basis: bool = False, **options):
        if fit_basis:  # a fresh test set's needs and new offerings stay out
            self.stdout.write(f"已在 {sentences.fit_basis(_texts(fresh=False))} 个文本上拟合：{sentences.BASIS}、"
                              f"{sentences.SECOND_BASIS}")
            return
        if embed:
            texts = _texts(fresh=True)
            asked, _owned = sentences.asked_clauses([text for text, kind in texts.items() if kind == sentences.PASSAGE])
            self.stdout.write(f"已写入 {sentences.write_seed(texts, queries=asked)} 个向量：{sentences.SEED}"
                              f"（第二个模型的向量：{sentences.SECOND_SEED}）")
            return
        self.stdout.write(f"评测集目录：{EVALUATION_DIR}")
        results = {}
        loso: list[tuple[str, Accuracy, Accuracy]] = []  # (set, engine without history, engine with it)
        for collection in COLLECTIONS:
            figures, picks, labelled = results[collection.key] = evaluate(collection=collection)
            remembered, _picks, _labelled = evaluate(collection=collection, history=True)
            files = "、".join(f for _name, f in collection.sets)
            self.stdout.write(f"\n{collection.label}（资源 {collection.resources}；需求 {files}）")
            self.stdout.write(f"{'集合':<6}{'方法':<24}{'条数':>6}{'top-1':>8}{'top-3':>8}{'无推荐':>7}")
            for f in figures:
                rows = [f]
                if f.method == "engine":
                    with_history = next(h for h in remembered if h.method == "engine+history" and h.subset == f.subset)
                    rows.append(with_history)
                    if (collection.key, f.subset) not in MEASURED_ONLY:
                        loso.append((f"{collection.key} {SUBSETS.get(f.subset, f.subset)}", f, with_history))
                for row in rows:
                    self.stdout.write(f"{SUBSETS.get(row.subset, row.subset):<6}{METHODS[row.method]:<24}"
                                      f"{row.count:>6}{row.top1:>8.3f}{row.top3:>8.3f}{row.empty:>7}")
        if loso:
            self.stdout.write("\n留一集（leave-one-set-out）：每个集合以其余所有集合的需求为已对接历史（按资源文本对应），"
                              "该集合自身的需求从不进入历史；新的测试集只测不调，既不作历史也不计入此表")
            self.stdout.write(f"{'集合':<14}{'无历史 top-1/top-3':>20}{'有历史 top-1/top-3':>20}{'无推荐':>7}")
            for name, alone, remembered_row in loso:
                self.stdout.write(f"{name:<14}{alone.top1:>12.3f} / {alone.top3:.3f}"
                                  f"{remembered_row.top1:>12.3f} / {remembered_row.top3:.3f}{remembered_row.empty:>7}")
            n = len(loso)
            self.stdout.write(
                f"{'平均':<14}{sum(a.top1 for _n, a, _h in loso) / n:>12.3f} / {sum(a.top3 for _n, a, _h in loso) / n:.3f}"
                f"{sum(h.top1 for _n, _a, h in loso) / n:>12.3f} / {sum(h.top3 for _n, _a, h in loso) / n:.3f}"
                f"{sum(h.empty for _n, _a, h in loso):>7}")
        self._as_on_arrival()
        engine, baseline = UNTUNED_TEST["engine"], UNTUNED_TEST["baseline"]
        first, fresh, february = UNTUNED_2612["test"], UNTUNED_2701["test"], UNTUNED_2702["test"]
        self.stdout.write(
            "\n说明：开发集用于调词典和权重，其数字偏乐观。2026年11月测试集在任何调整之前测过一次——"
            f"引擎 {engine[0]:.3f} / {engine[1]:.3f}，基线 {baseline[0]:.3f} / {baseline[1]:.3f}——此后词典曾针对它"
            "增补，现仅作历史参照。2026年12月集由未读过词典和引擎的人编写，在引擎任何改动之前提交并测过一次——测试集"
            f"引擎 {first['engine'][0]:.3f} / {first['engine'][1]:.3f}（{first['engine'][2]} 条无推荐），"
            f"基线 {first['baseline'][0]:.3f} / {first['baseline'][1]:.3f}。2027年1月测试集同样由未读过引擎的人编写，"
            f"在下一轮改动之前测过一次——引擎 {fresh['engine'][0]:.3f} / {fresh['engine'][1]:.3f}，"
            f"基线 {fresh['baseline'][0]:.3f} / {fresh['baseline'][1]:.3f}；该轮结束时测过第二次，现已用尽。"
            f"2027年2月测试集（含 20 项新资源）在下一轮改动之前测过一次——引擎 {february['engine'][0]:.3f} / "
            f"{february['engine'][1]:.3f}，基线 {february['baseline'][0]:.3f} / {february['baseline'][1]:.3f}；"
            "第三轮结束时测过第二次，现已用尽，转作开发数据和已对接历史。"
            + "".join(_first_measurement(month, figures, round_, after)
                      for month, figures, round_, after in FRESH_SETS) +
            "方法见 evaluation/README.md。")
        if misses:
            key, subset = MISSES[misses]
            _figures, picks, labelled = results[key]
            for item in labelled:
                if item.set != subset:
                    continue
                got = picks[(item.set, item.need.id)]
                if not (got and got[0] in item.answers):
                    self.stdout.write(f"{item.need.id} [{item.split}] {item.need.text}  应为 "
                                      f"{'|'.join(sorted(item.answers))}  得到 {'、'.join(got) or '无'}")
