"""The labelled evaluation sets and their figures: top-1 and top-3 accuracy of the engine and of the
character n-gram TF-IDF baseline, computed in the same run, on two sets of residents' needs against one
resource list (evaluation/resources.csv):

- the **development set** (evaluation/needs.csv): the needs the lexicon and the weights were tuned on
  (``split``: dev, holdout — both halves were used for tuning in the first slice — then dev2 and dev3, written
  for the later rounds of tuning). Its figures say how well the engine fits what it was tuned on.
- the **test set** (evaluation/test_needs.csv): needs written afterwards, from the domain and the
  resource descriptions, in residents' own colloquial words; measured once before any tuning
  (UNTUNED_TEST below) and never used to choose a lexicon entry or a weight. Its figures are the
  estimate for wordings nobody tuned for.

See evaluation/README.md for how the sets were written and the rules for keeping the test set clean.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from gongzhi.matching.baseline import CharNgramTfidf
from gongzhi.matching.engine import DEFAULT_WEIGHTS, Index, Need, Resource, Weights, rank
from gongzhi.matching.tables import read_resources

EVALUATION_DIR = Path(__file__).resolve().parent / "evaluation"
SETS = (("dev", "needs.csv"), ("test", "test_needs.csv"))


@dataclass(frozen=True)
class Collection:
    """One resource list and the labelled sets written against it."""

    key: str
    label: str
    resources: str
    sets: tuple[tuple[str, str], ...]  # (set name, file)


COLLECTIONS = (
    Collection("2611", "2026年11月集（历史：词典曾在开发集上调整）", "resources.csv", SETS),
    # Written in December 2026 by a helper session that never read the lexicon, the engine or the older sets, and
    # landed in 901cf00, before any tuning for issue 13; the test set's misses are never printed.
    Collection("2612", "2026年12月集（新资源 R46–R80）", "resources_2026_12.csv",
               (("dev", "dev_needs_2026_12.csv"), ("test", "test_needs_2026_12.csv"))),
    # The test set was written in December 2026 for the next round of issue 13 by a helper session that never read
    # the engine, the lexicon or the earlier need sets (evaluation/README.md); measured once on arrival, before
    # that round's first change, and next at its end. Its development set (dev2701probe, dev2701story) was written
    # by the engineer of that round, before reading the lexicon, to probe colloquial names, situations and
    # residents telling who they are beside what they need; it is tuned on (half of it only read, see README).
    Collection("2701", "2027年1月集（同 2026年12月资源）", "resources_2026_12.csv",
               (("dev", "dev_needs_2027_01.csv"), ("test", "test_needs_2027_01.csv"))),
    # Written in December 2026 for the next round of issue 13 by a helper session that never read the engine, the
    # lexicon or any earlier need set, against 20 offerings (R81–R100) no earlier list had; committed before the third
    # round's first change and measured once then, once at its end, and spent since: development data and history
    # from the fourth round on (its R81–R100 were then described in the lexicon from the offerings' texts).
    Collection("2702", "2027年2月测试集（新资源 R81–R100）", "resources_2027_02.csv",
               (("test", "test_needs_2027_02.csv"),)),
    # Written in December 2026 for the fourth round of issue 13 by a helper session that never read the engine, the
    # lexicon or any earlier need set, against 20 more offerings (R101–R120) no earlier list had; committed (cca48c3)
    # before that round's first change and measured once then, next at its end.
    Collection("2703", "2027年3月测试集（新资源 R101–R120）", "resources_2027_03.csv",
               (("test", "test_needs_2027_03.csv"),)),
    # Written in December 2026 for the fifth round of issue 13 by a helper session that never read the engine, the
    # lexicon or any earlier need set, against 20 more offerings (R121–R140); committed (a8dc0a1) before that round's
    # first change, measured once then and once at its end, and spent since (development data and history).
    Collection("2704", "2027年4月测试集（新资源 R121–R140）", "resources_2027_04.csv",
               (("test", "test_needs_2027_04.csv"),)),
    # Written in December 2026 for the sixth round of issue 13 by a helper session that never read the engine, the
    # lexicon or any earlier need set, against 20 more offerings (R141–R160); committed (3809790) before that round's
    # first change, measured once then and once at its end (9f6fa8e): spent, development data from the next round on.
    Collection("2705", "2027年5月测试集（新资源 R141–R160）", "resources_2027_05.csv",
               (("test", "test_needs_2027_05.csv"),)),
    # Written in December 2026 for the seventh round of issue 13 by a helper session that never read the engine, the
    # lexicon or any earlier need set, against 20 more offerings (R161–R180); committed (4f9f046) before that round's
    # first change, measured once then and once at its end (23ab427): spent, development data from the next round on.
    Collection("2706", "2027年6月测试集（新资源 R161–R180）", "resources_2027_06.csv",
               (("test", "test_needs_2027_06.csv"),)),
    # Written in December 2026 for the eighth round of issue 13 by a helper session that never read the engine, the
    # lexicon or any earlier need set, against 20 more offerings (R181–R200); committed (e38c579) before that round's
    # first change, measured once then and once at its end (b7e5be6): spent, development data from the ninth round on.
    Collection("2707", "2027年7月测试集（新资源 R181–R200）", "resources_2027_07.csv",
               (("test", "test_needs_2027_07.csv"),)),
    # Written in December 2026 for the ninth round of issue 13 by a helper session that never read the engine, the
    # lexicon or any earlier need set, against 20 more offerings (R201–R220); committed (5ffbc21) before that round's
    # first change, measured once then and once at its end (94e2a64): spent, development data from the tenth round on.
    Collection("2708", "2027年8月测试集（新资源 R201–R220）", "resources_2027_08.csv",
               (("test", "test_needs_2027_08.csv"),)),
    # Written in December 2026 for the tenth round of issue 13 by a helper session that never read the engine, the
    # lexicon or any earlier need set, against 20 more offerings (R221–R240); committed (788e79c, merged in 7243f63)
    # before that round's first change, measured once on arrival and once at its end (d18d9af): spent, development
    # data from the eleventh round on.
    Collection("2709", "2027年9月测试集（新资源 R221–R240）", "resources_2027_09.csv",
               (("test", "test_needs_2027_09.csv"),)),
    # Written in December 2026 for the eleventh round of issue 13 by a helper session that never read the engine, the
    # lexicon or any earlier need set, against 20 more offerings (R241–R260); committed (f363429, merged in aa05fd3)
    # before that round's first change, measured once on arrival and once at its end (6c37560): spent, development
    # data from the twelfth round on.
    Collection("2710", "2027年10月测试集（新资源 R241–R260）", "resources_2027_10.csv",
               (("test", "test_needs_2027_10.csv"),)),
    # Written in December 2026 for the twelfth round of issue 13 by a helper session that never read the engine, the
    # lexicon or any earlier need set, against 20 more offerings (R261–R280); committed (3461dbe, merged in ec47cc6)
    # before the eleventh round's first change, measured once on arrival (after the eleventh round) and once at the
    # twelfth's end (ac6fa5b): spent, development data from the thirteenth round on.
    Collection("2711", "2027年11月测试集（新资源 R261–R280）", "resources_2027_11.csv",
               (("test", "test_needs_2027_11.csv"),)),
    # Written in December 2026 for the thirteenth round of issue 13 by a helper session that never read the engine,
    # the lexicon or any earlier need set, against 20 more offerings (R281–R300); committed (a936e23, merged in
    # a369bfa) before that round's first change and measured once on arrival; the thirteenth round changed no score,
    # so a second measurement would have repeated the first, and its engineer had read the set's README section while
    # preparing the next one: spent, development data from the fourteenth round on.
    Collection("2712", "2027年12月测试集（新资源 R281–R300）", "resources_2027_12.csv",
               (("test", "test_needs_2027_12.csv"),)),
    # Written in December 2026 for the fourteenth round of issue 13 by a helper session that never read the engine,
    # the lexicon or any earlier need set, against 20 more offerings (R301–R320); committed (dbae91b, merged in
    # a679ab2) before that round's first change and measured once on arrival, a second time at its end (alone 0.583 /
    # 0.762, with history 0.721 / 0.921): spent, development data and history from the fifteenth round on.
    Collection("2801", "2028年1月测试集（新资源 R301–R320）", "resources_2028_01.csv",
               (("test", "test_needs_2028_01.csv"),)),
    # Written in December 2026 for the fifteenth round of issue 13 by a helper session that never read the engine, the
    # lexicon or any earlier need set, against 20 more offerings (R321–R340); committed (bd6b92e, merged in 900ea7d)
    # before that round's first change and measured once on arrival, a second time at its end (alone 0.662 / 0.829,
    # with history 0.842 / 0.958): spent, development data and history from the sixteenth round on.
    Collection("2802", "2028年2月测试集（新资源 R321–R340）", "resources_2028_02.csv",
               (("test", "test_needs_2028_02.csv"),)),
    # Written in December 2026 for the sixteenth round of issue 13 by a helper session that never read the engine, the
    # lexicon or any earlier need set, against 20 more offerings (R341–R360); committed (e0daf0c, merged in 1816cc9)
    # before that round's first change and measured once on arrival, a second time at its end (alone 0.658 / 0.808,
    # with history 0.854 / 0.938): spent, development data and history from the seventeenth round on.
    Collection("2803", "2028年3月测试集（新资源 R341–R360）", "resources_2028_03.csv",
               (("test", "test_needs_2028_03.csv"),)),
    # Written in December 2026 for the seventeenth round of issue 13 by a helper session that never read the engine,
    # the lexicon or any earlier need set, against 20 more offerings (R361–R380); committed (bdb8b02, merged in
    # bc05788) before that round's first change and measured once on arrival, a second time at its end (alone
    # 0.717 / 0.863, with history 0.863 / 0.967): spent, development data and history from the eighteenth round on.
    Collection("2804", "2028年4月测试集（新资源 R361–R380）", "resources_2028_04.csv",
               (("test", "test_needs_2028_04.csv"),)),
    # Written in December 2026 for the eighteenth round of issue 13 by a helper session that never read the engine,
    # the lexicon or any earlier need set, against 20 more offerings (R381–R400); committed (56e20b4, merged in
    # 2dcae04) before that round's first change and measured once on arrival, next at its end.
    Collection("2805", "2028年5月测试集（新资源 R381–R400）", "resources_2028_05.csv",
               (("test", "test_needs_2028_05.csv"),)),
)

# The test set's figures measured once, before any change made for it (engine and lexicon as committed in
# 4d5d658, 2026-11-21), on the 220 needs of evaluation/test_needs.csv as they are now.
UNTUNED_TEST = {"engine": (0.718, 0.786), "baseline": (0.559, 0.741)}
# The December 2026 sets measured once on their arrival, before any change to the engine (engine and lexicon as
# in 901cf00, where the sets landed; its earlier engine changes alter no score): (top-1, top-3, needs left without a
# suggestion).
UNTUNED_2612 = {"dev": {"engine": (0.736, 0.900, 7), "baseline": (0.784, 0.885, 0)},
                "test": {"engine": (0.678, 0.818, 17), "baseline": (0.631, 0.780, 0)}}
# The January 2027 test set measured once on its arrival (engine and lexicon as in 6cd4c21, the hybrid ranker of
# ADR 0018), before the next round of changes: (top-1, top-3, needs left without a suggestion).
UNTUNED_2701 = {"test": {"engine": (0.758, 0.912, 0), "baseline": (0.621, 0.746, 1)}}
# The February 2027 test set measured once on its arrival (engine and lexicon as in fb46d89; the set landed in
# 9fa4629), before the next round's first change.
UNTUNED_2702 = {"test": {"engine": (0.754, 0.896, 0), "baseline": (0.579, 0.746, 0)}}
# The March 2027 test set measured once on its arrival (engine and lexicon as in 9932b39; the set landed in cca48c3 on
# top of it), before the fourth round's first change; "history": ranked with the history of the earlier sets (the
# February 2027 set, still measured-only then, excepted).
UNTUNED_2703 = {"test": {"engine": (0.738, 0.883, 0), "history": (0.779, 0.900, 0), "baseline": (0.662, 0.800, 0)}}
# The April 2027 test set measured once on its arrival (engine and lexicon as in 803e71f; the set landed in a8dc0a1),
# before the fifth round's first change; "history": with the earlier sets' history (2027-03, measured-only then, excepted).
UNTUNED_2704 = {"test": {"engine": (0.758, 0.908, 0), "history": (0.783, 0.921, 0), "baseline": (0.679, 0.808, 0)}}
# The May 2027 test set measured once on its arrival (engine and lexicon as in f90fed8; the set landed in 3809790),
# before the sixth round's first change; "history": with the earlier sets' history (the spent 2027-04 set included).
UNTUNED_2705 = {"test": {"engine": (0.717, 0.883, 0), "history": (0.762, 0.917, 0), "baseline": (0.625, 0.775, 0)}}
# The June 2027 test set measured once on its arrival (engine and lexicon as in 70bf15d; the set landed in 4f9f046),
# before the seventh round's first change; "history": with the earlier sets' history (the spent 2027-05 set included).
UNTUNED_2706 = {"test": {"engine": (0.567, 0.742, 0), "history": (0.613, 0.812, 0), "baseline": (0.471, 0.679, 0)}}
# The July 2027 test set measured once on its arrival (engine and lexicon as in 23ab427, the sentence model of ADR 0027;
# the set landed in e38c579), before the eighth round's first change; "history": with the earlier sets' history (the
# spent 2027-06 set included).
UNTUNED_2707 = {"test": {"engine": (0.675, 0.867, 0), "history": (0.746, 0.912, 0), "baseline": (0.521, 0.688, 0)}}
# The August 2027 test set measured once on its arrival (engine and lexicon as in b7e5be6, the eighth round's; the set
# landed in 5ffbc21), before the ninth round's first change; "history": with the earlier sets' history (the spent
# 2027-07 set included).
UNTUNED_2708 = {"test": {"engine": (0.746, 0.875, 0), "history": (0.796, 0.917, 0), "baseline": (0.512, 0.696, 0)}}
# The September 2027 test set measured once on its arrival (engine and lexicon as in 94e2a64, the ninth round's; the
# set landed in 788e79c, merged in 7243f63), before the tenth round's first change; "history": with the earlier sets'
# history (the spent 2027-08 set included).
UNTUNED_2709 = {"test": {"engine": (0.696, 0.867, 0), "history": (0.854, 0.946, 0), "baseline": (0.550, 0.683, 0)}}
# The October 2027 test set measured once on its arrival (engine and lexicon as in d18d9af, the tenth round's; the set
# landed in f363429, merged in aa05fd3), before the eleventh round's first change; "history": with the earlier sets'
# history (the spent 2027-09 set included).
UNTUNED_2710 = {"test": {"engine": (0.733, 0.887, 0), "history": (0.833, 0.942, 0), "baseline": (0.583, 0.725, 0)}}
# The November 2027 test set measured once on its arrival (engine and lexicon as in 6c37560, the eleventh round's; the
# set landed in 3461dbe, merged in ec47cc6 before the eleventh round's first change, and was not read), before the
# twelfth round's first change; "history": with the earlier sets' history (the spent 2027-10 set included).
UNTUNED_2711 = {"test": {"engine": (0.729, 0.887, 0), "history": (0.850, 0.967, 0), "baseline": (0.412, 0.658, 0)}}
# The December 2027 test set measured once on its arrival (engine and lexicon as in ac6fa5b, the twelfth round's; the
# set landed in a936e23, merged in a369bfa), before the thirteenth round's first change; "history": with the earlier
# sets' history (the spent 2027-11 set included).
UNTUNED_2712 = {"test": {"engine": (0.721, 0.879, 0), "history": (0.858, 0.954, 0), "baseline": (0.512, 0.671, 0)}}
# The January 2028 test set measured once on its arrival (engine as at the end of the thirteenth round, which changed
# no score since ac6fa5b; the set landed in dbae91b, merged in a679ab2), before the fourteenth round's first change;
# "history": with the earlier sets' history (the spent 2027-12 set included).
UNTUNED_2801 = {"test": {"engine": (0.596, 0.767, 0), "history": (0.713, 0.921, 0), "baseline": (0.329, 0.529, 0)}}
# The February 2028 test set measured once on its arrival (engine as at the end of the fourteenth round, 7d80062; the
# set landed in bd6b92e, merged in 900ea7d), before the fifteenth round's first change; "history": with the earlier
# sets' history (the spent 2028-01 set included).
UNTUNED_2802 = {"test": {"engine": (0.646, 0.829, 0), "history": (0.812, 0.950, 0), "baseline": (0.400, 0.637, 0)}}
# The March 2028 test set measured once on its arrival (engine as at the end of the fifteenth round, 37bed2b; the set
# landed in e0daf0c, merged in 1816cc9), before the sixteenth round's first change; "history": with the earlier sets'
# history (the spent 2028-02 set included).
UNTUNED_2803 = {"test": {"engine": (0.658, 0.808, 0), "history": (0.846, 0.938, 0), "baseline": (0.388, 0.617, 0)}}
# The April 2028 test set measured once on its arrival (engine as at the end of the sixteenth round, f62392f; the set
# landed in bdb8b02, merged in bc05788), before the seventeenth round's first change; "history": with the earlier
# sets' history (the spent 2028-03 set included).
UNTUNED_2804 = {"test": {"engine": (0.713, 0.858, 0), "history": (0.854, 0.967, 0), "baseline": (0.542, 0.692, 0)}}
# The May 2028 test set measured once on its arrival (engine as at the end of the seventeenth round, fa69ff2; the set
# landed in 56e20b4, merged in 2dcae04), before the eighteenth round's first change; "history": with the earlier sets'
# history (the spent 2028-04 set included).
UNTUNED_2805 = {"test": {"engine": (0.738, 0.879, 0), "history": (0.917, 0.983, 0), "baseline": (0.546, 0.725, 0)}}


@dataclass(frozen=True)
class LabelledNeed:
    need: Need
    answers: frozenset[str]
    split: str  # the row's own split column (dev, holdout, dev2, test)
    set: str = "dev"  # which file it comes from: "dev" or "test"


@dataclass(frozen=True)
class Accuracy:
    method: str  # "engine" or "baseline"
    subset: str  # "dev" or "test"
    count: int
    top1: float
    top3: float
    empty: int = 0  # needs that got no suggestion at all


def read_labelled(path: Path, set_name: str) -> list[LabelledNeed]:
    with open(path, encoding="utf-8", newline="") as handle:
        return [LabelledNeed(Need(row["id"], row["text"], row.get("category") or "", row.get("community") or ""),
                             frozenset(a for a in row["answers"].split("|") if a), row.get("split") or set_name,
                             set_name)
                for row in csv.DictReader(handle)]


def load_labelled(directory: Path = EVALUATION_DIR, sets: tuple[str, ...] = ("dev", "test"),
                  collection: Collection = COLLECTIONS[0]):
    """(labelled needs of the chosen sets, dev first; the resource list)."""
    resources = read_resources(directory / collection.resources)
    labelled = []
    for name, filename in collection.sets:
        if name in sets and (directory / filename).is_file():
            labelled += read_labelled(directory / filename, name)
    return labelled, resources


def _accuracy(method, subset, picks, items) -> Accuracy:
    hits1 = sum(1 for p, item in zip(picks, items, strict=True) if p[:1] and p[0] in item.answers)
    hits3 = sum(1 for p, item in zip(picks, items, strict=True) if set(p[:3]) & item.answers)
    n = len(items)
    empty = sum(1 for p in picks if not p)
    return Accuracy(method, subset, n, hits1 / n if n else 0.0, hits3 / n if n else 0.0, empty)


# Fresh test sets, measured and never learned from: none of their needs is history for another set (it would carry
# their wording into the development figures, and a later round's tuning on those figures into the engine), and
# they stay out of the development sets' leave-one-set-out mean.
# The February 2027 test set was measured twice (on arrival and at the end of the third round) and is spent: from the
# fourth round on it is development data and history like the older sets; the March 2027 one likewise from the fifth,
# the April 2027 one from the sixth, the May 2027 one from the seventh, the June 2027 one from the eighth, the July 2027
# one from the ninth, the August 2027 one from the tenth, the September 2027 one from the eleventh, the October 2027
# one from the twelfth, the November 2027 one from the thirteenth, the December 2027 one from the fourteenth, the
# January 2028 one from the fifteenth, the February 2028 one from the sixteenth, the March 2028 one from the
# seventeenth, the April 2028 one from the eighteenth.
MEASURED_ONLY = frozenset({("2805", "test")})


def history_without(collection: Collection, set_name: str, resources: list[Resource],
                    directory: Path = EVALUATION_DIR, cold: frozenset[str] = frozenset()) -> dict[str, list[str]]:
    """Leave-one-set-out history for one set: resource id (of ``resources``) → the texts of the needs of every
    *other* labelled set of every collection (fresh test sets excepted: MEASURED_ONLY) whose answers include a resource of the same text (as confirmed
    matches would be in the product). ``cold``: resource ids given no history (new offerings)."""
    by_text: dict[str, list[str]] = {}
    for other in COLLECTIONS:
        listed = {r.id: r.text for r in read_resources(directory / other.resources)}
        for name, filename in other.sets:
            if ((other.key, name) == (collection.key, set_name) or (other.key, name) in MEASURED_ONLY
                    or not (directory / filename).is_file()):
                continue
            for item in read_labelled(directory / filename, name):
                for answer in sorted(item.answers):
                    if answer in listed:
                        by_text.setdefault(listed[answer], []).append(item.need.text)
    return {r.id: by_text[r.text] for r in resources if r.text in by_text and r.id not in cold}


def new_offerings(collection: Collection, directory: Path = EVALUATION_DIR) -> frozenset[str]:
    """The ids of the collection's resources whose text no earlier collection's list holds: the offerings its test
    set was written to ask about, which had no history when it arrived."""
    earlier: set[str] = set()
    for other in COLLECTIONS:
        if other.key == collection.key:
            break
        earlier |= {r.text for r in read_resources(directory / other.resources)}
    return frozenset(r.id for r in read_resources(directory / collection.resources) if r.text not in earlier)


def evaluate(directory: Path = EVALUATION_DIR, sets: tuple[str, ...] = ("dev", "test"),
             collection: Collection = COLLECTIONS[0], *, history: bool = False, weights: Weights = DEFAULT_WEIGHTS,
             cold: frozenset[str] = frozenset()):
    """(list of Accuracy — engine and baseline per set, computed now —, engine picks by (set, need id), the
    labelled needs). ``history``: each set is ranked with the history of confirmed matches taken from every other
    labelled set (leave-one-set-out, history_without; ``cold`` resources get none); without it, on the
    resources' own texts only."""
    labelled, resources = load_labelled(directory, sets, collection)
    needs = [item.need for item in labelled]
    engine: list[list[str]] = [[] for _ in labelled]
    for subset in sets:
        chosen = [i for i, item in enumerate(labelled) if item.set == subset]
        if not chosen:
            continue
        past = history_without(collection, subset, resources, directory, cold) if history else None
        ranked = rank([needs[i] for i in chosen], Index(resources, weights, history=past), top_k=3)
        for i, row in zip(chosen, ranked, strict=True):
            engine[i] = [s.resource.id for s in row]
    baseline_index = CharNgramTfidf([f"{r.text} {r.org}" for r in resources])
    baseline = [[resources[i].id for i in row] for row in baseline_index.rank([n.text for n in needs], 3)]
    figures = []
    for subset in sets:
        chosen = [i for i, item in enumerate(labelled) if item.set == subset]
        if not chosen:
            continue
        items = [labelled[i] for i in chosen]
        figures.append(_accuracy("engine+history" if history else "engine", subset, [engine[i] for i in chosen],
                                 items))
        figures.append(_accuracy("baseline", subset, [baseline[i] for i in chosen], items))
    picks = {(item.set, item.need.id): row for item, row in zip(labelled, engine, strict=True)}
    return figures, picks, labelled
