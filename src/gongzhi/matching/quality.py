"""The labelled evaluation set (evaluation/needs.csv, evaluation/resources.csv) and its figures: top-1 and
top-3 accuracy of the engine and of the character n-gram TF-IDF baseline, on the whole set and on each
half (``split``: dev / holdout)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from gongzhi.matching.baseline import CharNgramTfidf
from gongzhi.matching.engine import Index, Need, rank
from gongzhi.matching.tables import read_resources

EVALUATION_DIR = Path(__file__).resolve().parent / "evaluation"


@dataclass(frozen=True)
class LabelledNeed:
    need: Need
    answers: frozenset[str]
    split: str


@dataclass(frozen=True)
class Accuracy:
    method: str
    subset: str
    count: int
    top1: float
    top3: float


def load_labelled(directory: Path = EVALUATION_DIR):
    resources = read_resources(directory / "resources.csv")
    with open(directory / "needs.csv", encoding="utf-8", newline="") as handle:
        labelled = [LabelledNeed(Need(row["id"], row["text"], row.get("category", ""), row.get("community", "")),
                                 frozenset(a for a in row["answers"].split("|") if a), row.get("split", ""))
                    for row in csv.DictReader(handle)]
    return labelled, resources


def _accuracy(method, subset, picks, items) -> Accuracy:
    hits1 = sum(1 for p, item in zip(picks, items, strict=True) if p[:1] and p[0] in item.answers)
    hits3 = sum(1 for p, item in zip(picks, items, strict=True) if set(p[:3]) & item.answers)
    n = len(items)
    return Accuracy(method, subset, n, hits1 / n if n else 0.0, hits3 / n if n else 0.0)


def evaluate(directory: Path = EVALUATION_DIR):
    """(list of Accuracy, engine picks by need id) for the engine and the baseline on all/dev/holdout."""
    labelled, resources = load_labelled(directory)
    needs = [item.need for item in labelled]
    engine = [[s.resource.id for s in row] for row in rank(needs, Index(resources), top_k=3)]
    baseline_index = CharNgramTfidf([f"{r.text} {r.org}" for r in resources])
    baseline = [[resources[i].id for i in row] for row in baseline_index.rank([n.text for n in needs], 3)]
    figures = []
    for subset in ("all", "dev", "holdout"):
        chosen = [i for i, item in enumerate(labelled) if subset == "all" or item.split == subset]
        if not chosen:
            continue
        items = [labelled[i] for i in chosen]
        figures.append(_accuracy("engine", subset, [engine[i] for i in chosen], items))
        figures.append(_accuracy("baseline", subset, [baseline[i] for i in chosen], items))
    return figures, {item.need.id: picks for item, picks in zip(labelled, engine, strict=True)}, labelled
