"""Checks the May 2028 test set (test_needs_2028_05.csv) and its resource list (resources_2028_05.csv).

python3 src/gongzhi/matching/evaluation/check_sets_2028_05.py

1. resources_2028_05.csv: same header as resources_2028_04.csv; ids R01–R400 in order; R01–R380 equal to the rows
   of resources_2028_04.csv, and the first 381 lines byte for byte the same; the new rows R381–R400 have a text of
   30–55 characters, an org, a known category and community; no duplicate text.
2. test_needs_2028_05.csv: header id,text,answers,split,category,community; ids E001, E002, … in order;
   split test2805; every need has a text and at least one answer; every answer is a resource id;
   category and community empty or from the known sets; no duplicate text; 240 needs.
3. Every new resource (R381–R400) is an acceptable answer of 4 to 6 needs. (Not every old offering R01–R380 is
   required to be answered; the number answered by none, by one and by two or more is printed.)
4. At least 100 needs (and at least 35% of them) name a new resource (R381–R400) among their answers.
5. No need has a character-bigram Jaccard of 0.4 or more with any need of the twenty-one earlier sets
   (needs.csv, test_needs.csv, dev_needs_2026_12.csv, test_needs_2026_12.csv, dev_needs_2027_01.csv,
   test_needs_2027_01.csv … test_needs_2027_12.csv, test_needs_2028_01.csv … test_needs_2028_04.csv).
Prints counts and the ids of this set's rows only — never a text of the earlier sets (they are read to
compute overlaps and nothing else). Exits 1 when a check fails.
"""
import csv
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
SET = "test_needs_2028_05.csv"
RESOURCES = "resources_2028_05.csv"
PREVIOUS_RESOURCES = "resources_2028_04.csv"
SPLIT = "test2805"
PREFIX = "E"
HEADER = ["id", "text", "answers", "split", "category", "community"]
EARLIER = ["needs.csv", "test_needs.csv", "dev_needs_2026_12.csv", "test_needs_2026_12.csv",
           "dev_needs_2027_01.csv", "test_needs_2027_01.csv", "test_needs_2027_02.csv", "test_needs_2027_03.csv",
           "test_needs_2027_04.csv", "test_needs_2027_05.csv",
           "test_needs_2027_06.csv", "test_needs_2027_07.csv", "test_needs_2027_08.csv",
           "test_needs_2027_09.csv", "test_needs_2027_10.csv", "test_needs_2027_11.csv",
           "test_needs_2027_12.csv", "test_needs_2028_01.csv", "test_needs_2028_02.csv",
           "test_needs_2028_03.csv", "test_needs_2028_04.csv"]
CATEGORIES = {"culture_sports", "education", "elderly", "employment", "environment", "hardship_relief",
              "lecture", "legal", "medical", "party_building", "repairs"}
COMMUNITIES = {"", "五美社区", "南门社区"}
N_RESOURCES = 400
N_OLD = 380
N_NEEDS = 240
NEW = {f"R{i:02d}" for i in range(N_OLD + 1, N_RESOURCES + 1)}
MIN_COVER = 0
MIN_COVER_NEW = 4
MAX_COVER_NEW = 6
TEXT_LENGTH = (30, 55)
MIN_NEW_SHARE = 0.35
MIN_NEW_NEEDS = 100
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


def check_resources(failures):
    old_header, old = read(PREVIOUS_RESOURCES)
    header, resources = read(RESOURCES)
    if header != old_header:
        failures.append(f"{RESOURCES}: header is {header}, expected {old_header}")
    ids = [r["id"] for r in resources]
    if ids != [f"R{i:02d}" for i in range(1, N_RESOURCES + 1)]:
        failures.append(f"{RESOURCES}: ids are not R01..R{N_RESOURCES} in order")
    if resources[:N_OLD] != old:
        changed = [o["id"] for o, r in zip(old, resources[:N_OLD], strict=False) if o != r]
        if len(resources) < len(old):
            changed.append("missing rows")
        failures.append(f"{RESOURCES}: R01..R{N_OLD} differ from {PREVIOUS_RESOURCES} ({' '.join(changed)})")
    old_lines = (HERE / PREVIOUS_RESOURCES).read_bytes().splitlines(keepends=True)
    new_lines = (HERE / RESOURCES).read_bytes().splitlines(keepends=True)
    if new_lines[:N_OLD + 1] != old_lines[:N_OLD + 1] or len(old_lines) != N_OLD + 1:
        failures.append(f"{RESOURCES}: the header and R01..R{N_OLD} are not byte for byte "
                        f"those of {PREVIOUS_RESOURCES}")
    texts = Counter(r["text"] for r in resources)
    for r in resources[N_OLD:]:
        if not (r["text"] or "").strip() or not (r["org"] or "").strip():
            failures.append(f"{r['id']}: empty text or org")
        if not TEXT_LENGTH[0] <= len(r["text"] or "") <= TEXT_LENGTH[1]:
            failures.append(f"{r['id']}: text of {len(r['text'] or '')} characters")
        if texts[r["text"]] > 1:
            failures.append(f"{r['id']}: duplicate text")
        if r["category"] not in CATEGORIES:
            failures.append(f"{r['id']}: unknown category")
        if r["community"] not in COMMUNITIES:
            failures.append(f"{r['id']}: unknown community")
    same_bytes = new_lines[:N_OLD + 1] == old_lines[:N_OLD + 1]
    new_lengths = [len(r["text"] or "") for r in resources[N_OLD:]] or [0]
    print(f"{RESOURCES}: {len(resources)} resources, R01–R{N_OLD} "
          f"{'equal to' if resources[:N_OLD] == old else 'DIFFERENT FROM'} {PREVIOUS_RESOURCES} "
          f"({'byte for byte' if same_bytes else 'NOT byte for byte'}), {len(resources) - N_OLD} new; "
          f"new texts {min(new_lengths)}–{max(new_lengths)} characters")
    newgrams = [(r["id"], bigrams(r["text"])) for r in resources[N_OLD:]]
    oldgrams = [(r["id"], bigrams(r["text"])) for r in resources[:N_OLD]]
    top = max(((jaccard(a, b), i, j) for i, a in newgrams for j, b in oldgrams), default=(0.0, "", ""))
    print(f"{RESOURCES}: highest character-bigram Jaccard of a new offering's text to an old one: "
          f"{top[0]:.3f} ({top[1]} against {top[2]})")
    return ids


def main():
    failures = []
    ids = check_resources(failures)
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
    if len(rows) != N_NEEDS:
        failures.append(f"{len(rows)} needs, expected {N_NEEDS}")
    thin = [i for i in ids if cover[i] < MIN_COVER]
    if thin:
        failures.append(f"resources answered by fewer than {MIN_COVER} needs: {' '.join(thin)}")
    odd = [i for i in sorted(NEW) if not MIN_COVER_NEW <= cover[i] <= MAX_COVER_NEW]
    if odd:
        failures.append(f"new resources not answered by {MIN_COVER_NEW}–{MAX_COVER_NEW} needs: {' '.join(odd)}")
    share = new / len(rows) if rows else 0.0
    if new < MIN_NEW_NEEDS or share < MIN_NEW_SHARE:
        failures.append(f"only {new} of {len(rows)} needs point at R{N_OLD + 1}–R{N_RESOURCES}")
    lengths = sorted(len(r["text"]) for r in rows)
    print(f"{SPLIT}: {len(rows)} needs; {new} point at a new resource (R{N_OLD + 1}–R{N_RESOURCES}), "
          f"share {share:.3f}; {multi} with several answers; {with_category} with category, "
          f"{with_community} with community; least-covered resource answered by "
          f"{min(cover[i] for i in ids)} needs; each new resource answered by "
          f"{min(cover[i] for i in sorted(NEW))}–{max(cover[i] for i in sorted(NEW))} needs")
    once = [i for i in ids if cover[i] == 1]
    print(f"{SPLIT}: resources answered by exactly one need: {len(once)} ({' '.join(once)}); "
          f"by two or more: {sum(cover[i] >= 2 for i in ids)}; "
          f"old resources answered by none: {sum(cover[i] == 0 for i in ids[:N_OLD])}; "
          f"{sum(len([a for a in r['answers'].split('|') if a]) == 3 for r in rows)} needs with three answers")
    print(f"{SPLIT}: text length {lengths[0]}–{lengths[-1]} characters (median {lengths[len(lengths) // 2]}); "
          f"{sum(n <= 5 for n in lengths)} of 5 characters or fewer, {sum(n >= 50 for n in lengths)} of 50 or more")

    texts_by_id = {r["id"]: r["text"] for r in read(RESOURCES)[1]}
    own = max(((jaccard(bigrams(r["text"]), bigrams(texts_by_id[a])), r["id"], a)
               for r in rows for a in r["answers"].split("|") if a in texts_by_id), default=(0.0, "", ""))
    print(f"highest character-bigram Jaccard of a need to the text of one of its own answers: "
          f"{own[0]:.3f} ({own[1]}, {own[2]})")
    mine = [(r["id"], bigrams(r["text"] or "")) for r in rows]
    inner = max(((jaccard(a, b), ia, ib) for n, (ia, a) in enumerate(mine) for ib, b in mine[n + 1:]),
                default=(0.0, "", ""))
    print(f"highest character-bigram Jaccard between two needs of this set: {inner[0]:.3f} ({inner[1]}, {inner[2]}); "
          f"pairs ≥ 0.3: {sum(jaccard(a, b) >= 0.3 for n, (_, a) in enumerate(mine) for _, b in mine[n + 1:])}")
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
    if not failures:
        print("all checks pass")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
