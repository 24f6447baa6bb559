"""Checks the December 2026 evaluation sets (reads only the three *_2026_12.csv files next to this script).

python src/gongzhi/matching/evaluation/check_sets_2026_12.py

1. resources_2026_12.csv: ids R01–R80, unique, categories from the known set, text 20–70 characters,
   capacity empty or an integer.
2. Each need has an id, a text and at least one answer, and every answer is a resource id.
3. Every resource is an acceptable answer of at least 2 needs in each set.
4. At least half of each set's needs name a new resource (R46–R80) among their answers.
5. No dev need and test need have a character-bigram Jaccard of 0.4 or more (and none is a duplicate within
   its own set).
Prints counts only (never a need's text, unless a check fails); exits 1 when a check fails.
"""
import csv
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
CATEGORIES = {"culture_sports", "education", "elderly", "employment", "environment", "hardship_relief",
              "lecture", "legal", "medical", "party_building", "repairs"}
COMMUNITIES = {"", "五美社区", "南门社区"}
NEW = {f"R{i:02d}" for i in range(46, 81)}
THRESHOLD = 0.4


def read(name):
    with open(HERE / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def bigrams(text):
    text = "".join(ch for ch in text if not ch.isspace())
    return {text[i:i + 2] for i in range(len(text) - 1)} or {text}


def jaccard(a, b):
    return len(a & b) / len(a | b) if a | b else 0.0


def main():
    failures = []
    resources = read("resources_2026_12.csv")
    ids = [r["id"] for r in resources]
    if ids != [f"R{i:02d}" for i in range(1, 81)]:
        failures.append("resource ids are not R01..R80 in order")
    for r in resources:
        if r["category"] not in CATEGORIES:
            failures.append(f"{r['id']}: unknown category {r['category']}")
        if r["community"] not in COMMUNITIES:
            failures.append(f"{r['id']}: unknown community {r['community']}")
        if r["capacity"] and not r["capacity"].isdigit():
            failures.append(f"{r['id']}: capacity not an integer")
        if r["id"] in NEW and not 20 <= len(r["text"]) <= 70:
            failures.append(f"{r['id']}: text length {len(r['text'])}")
    known = set(ids)
    sets = {"dev": read("dev_needs_2026_12.csv"), "test": read("test_needs_2026_12.csv")}
    for name, (rows, prefix, split) in {"dev": (sets["dev"], "D", "dev2612"),
                                         "test": (sets["test"], "X", "test2612")}.items():
        cover = Counter()
        new = multi = with_category = with_community = 0
        seen = set()
        for n, r in enumerate(rows, 1):
            if r["id"] != f"{prefix}{n:03d}" or r["split"] != split:
                failures.append(f"{name} row {n}: id {r['id']} / split {r['split']}")
            if not r["text"].strip():
                failures.append(f"{r['id']}: empty text")
            if r["text"] in seen:
                failures.append(f"{r['id']}: duplicate text in {name}")
            seen.add(r["text"])
            answers = [a for a in r["answers"].split("|") if a]
            if not answers:
                failures.append(f"{r['id']}: no answer")
            for a in answers:
                if a not in known:
                    failures.append(f"{r['id']}: unknown answer {a}")
            cover.update(set(answers))
            new += bool(NEW & set(answers))
            multi += len(answers) > 1
            if r["category"]:
                with_category += 1
                if r["category"] not in CATEGORIES:
                    failures.append(f"{r['id']}: unknown category")
            if r["community"]:
                with_community += 1
                if r["community"] not in COMMUNITIES:
                    failures.append(f"{r['id']}: unknown community")
        thin = [i for i in ids if cover[i] < 2]
        if thin:
            failures.append(f"{name}: resources answered by fewer than 2 needs: {' '.join(thin)}")
        if new * 2 < len(rows):
            failures.append(f"{name}: only {new} of {len(rows)} needs point at R46–R80")
        print(f"{name}: {len(rows)} needs; {new} point at a new resource; {multi} with several answers; "
              f"{with_category} with category, {with_community} with community; "
              f"least-covered resource answered by {min(cover[i] for i in ids)} needs")
    dev = [(r["id"], r["text"], bigrams(r["text"])) for r in sets["dev"]]
    test = [(r["id"], r["text"], bigrams(r["text"])) for r in sets["test"]]
    worst, close = 0.0, []
    for did, dtext, dgrams in dev:
        for tid, ttext, tgrams in test:
            j = jaccard(dgrams, tgrams)
            worst = max(worst, j)
            if j >= THRESHOLD:
                close.append(f"{did} ~ {tid} ({j:.2f}): {dtext} / {ttext}")
    print(f"dev × test: highest character-bigram Jaccard {worst:.3f}; pairs ≥ {THRESHOLD}: {len(close)}")
    failures += close
    print(f"resources: {len(resources)} ({len(NEW)} new)")
    for f in failures:
        print("FAIL", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
