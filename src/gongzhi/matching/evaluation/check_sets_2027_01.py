"""Checks the January 2027 test set (test_needs_2027_01.csv) against resources_2026_12.csv and the earlier sets.

python3 src/gongzhi/matching/evaluation/check_sets_2027_01.py

1. resources_2026_12.csv: ids R01–R80 in order (the answers refer to it).
2. test_needs_2027_01.csv: header id,text,answers,split,category,community; ids Y001, Y002, … in order;
   split test2701; every need has a text and at least one answer; every answer is a resource id;
   category and community empty or from the known sets; no duplicate text.
3. Every resource R01–R80 is an acceptable answer of at least 2 needs.
4. At least 40% of the needs name a new resource (R46–R80) among their answers.
5. No need has a character-bigram Jaccard of 0.4 or more with any need of the earlier sets
   (dev_needs_2026_12.csv, test_needs_2026_12.csv, needs.csv, test_needs.csv).
Prints counts and the ids of this set's rows only — never a text of the earlier sets (they are read to
compute overlaps and nothing else). Exits 1 when a check fails.
"""
import csv
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
SET = "test_needs_2027_01.csv"
SPLIT = "test2701"
PREFIX = "Y"
HEADER = ["id", "text", "answers", "split", "category", "community"]
EARLIER = ["dev_needs_2026_12.csv", "test_needs_2026_12.csv", "needs.csv", "test_needs.csv"]
CATEGORIES = {"culture_sports", "education", "elderly", "employment", "environment", "hardship_relief",
              "lecture", "legal", "medical", "party_building", "repairs"}
COMMUNITIES = {"", "五美社区", "南门社区"}
NEW = {f"R{i:02d}" for i in range(46, 81)}
MIN_COVER = 2
MIN_NEW_SHARE = 0.4
THRESHOLD = 0.4


def read(name):
    with open(HERE / name, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        return reader.fieldnames, list(reader)


def bigrams(text):
    text = "".join(ch for ch in text if not ch.isspace())
    return {text[i:i + 2] for i in range(len(text) - 1)} or {text}


def jaccard(a, b):
    return len(a & b) / len(a | b) if a | b else 0.0


def main():
    failures = []
    _, resources = read("resources_2026_12.csv")
    ids = [r["id"] for r in resources]
    if ids != [f"R{i:02d}" for i in range(1, 81)]:
        failures.append("resource ids are not R01..R80 in order")
    known = set(ids)

    header, rows = read(SET)
    if header != HEADER:
        failures.append(f"header is {header}, expected {HEADER}")
    cover = Counter()
    new = multi = with_category = with_community = 0
    seen = set()
    for n, r in enumerate(rows, 1):
        rid = r["id"]
        if rid != f"{PREFIX}{n:03d}" or r["split"] != SPLIT:
            failures.append(f"row {n}: id {rid} / split {r['split']}")
        text = (r["text"] or "").strip()
        if not text:
            failures.append(f"{rid}: empty text")
        if text in seen:
            failures.append(f"{rid}: duplicate text")
        seen.add(text)
        answers = [a for a in (r["answers"] or "").split("|") if a]
        if not answers:
            failures.append(f"{rid}: no answer")
        if len(set(answers)) != len(answers):
            failures.append(f"{rid}: an answer is repeated")
        for a in answers:
            if a not in known:
                failures.append(f"{rid}: unknown answer {a}")
        cover.update(set(answers))
        new += bool(NEW & set(answers))
        multi += len(answers) > 1
        if r["category"]:
            with_category += 1
            if r["category"] not in CATEGORIES:
                failures.append(f"{rid}: unknown category")
        if r["community"]:
            with_community += 1
            if r["community"] not in COMMUNITIES:
                failures.append(f"{rid}: unknown community")
    thin = [i for i in ids if cover[i] < MIN_COVER]
    if thin:
        failures.append(f"resources answered by fewer than {MIN_COVER} needs: {' '.join(thin)}")
    share = new / len(rows) if rows else 0.0
    if share < MIN_NEW_SHARE:
        failures.append(f"only {new} of {len(rows)} needs point at R46–R80")
    print(f"test2701: {len(rows)} needs; {new} point at a new resource (R46–R80), share {share:.3f}; "
          f"{multi} with several answers; {with_category} with category, {with_community} with community; "
          f"least-covered resource answered by {min(cover[i] for i in ids)} needs")

    mine = [(r["id"], bigrams(r["text"] or "")) for r in rows]
    overall = 0.0
    offenders = {}
    for name in EARLIER:
        _, earlier = read(name)
        grams = [bigrams(e["text"] or "") for e in earlier]
        worst, close = 0.0, 0
        for rid, g in mine:
            best = max((jaccard(g, e) for e in grams), default=0.0)
            worst = max(worst, best)
            if best >= THRESHOLD:
                close += 1
                offenders[rid] = max(offenders.get(rid, 0.0), best)
        overall = max(overall, worst)
        print(f"× {name} ({len(earlier)} needs): highest character-bigram Jaccard {worst:.3f}; "
              f"needs of this set ≥ {THRESHOLD}: {close}")
    print(f"highest character-bigram Jaccard to any earlier need: {overall:.3f}")
    for rid in sorted(offenders):
        failures.append(f"{rid}: character-bigram Jaccard {offenders[rid]:.2f} with an earlier need")

    for f in failures:
        print("FAIL", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
