import csv

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

NEEDS = [["id", "text", "community"], ["n1", "孩子放学没人管", "五美社区"], ["n2", "下水道堵了", ""],
         ["n3", "楼上半夜敲东西", ""]]
RESOURCES = [["id", "text", "org", "category", "community", "capacity"],
             ["r1", "四点半课堂：课后看护与作业辅导", "桂爱社会工作服务中心", "education", "五美社区", "30"],
             ["r2", "管道疏通：上门疏通下水道、马桶", "五美路商家联盟", "便民维修", "", "1"],
             ["r3", "人民调解：调解邻里纠纷", "五美社区人民调解委员会", "legal", "", ""]]


def write_csv(path, rows, encoding):
    with open(path, "w", encoding=encoding, newline="") as handle:
        csv.writer(handle).writerows(rows)
    return str(path)


def write_xlsx(path, rows):
    workbook = Workbook()
    for row in rows:
        workbook.active.append([int(c) if c.isdigit() and c else c for c in row])
    workbook.save(path)
    return str(path)


def read_out(path):
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


@pytest.mark.parametrize("kind", ["utf-8", "utf-8-sig", "gb18030", "xlsx"])
def test_match_reads_every_input_format(tmp_path, kind):
    if kind == "xlsx":
        needs, resources = write_xlsx(tmp_path / "n.xlsx", NEEDS), write_xlsx(tmp_path / "r.xlsx", RESOURCES)
    else:
        needs = write_csv(tmp_path / "n.csv", NEEDS, kind)
        resources = write_csv(tmp_path / "r.csv", RESOURCES, kind)
    out = tmp_path / "out.csv"
    call_command("match", needs=needs, resources=resources, top=2, out=str(out))
    rows = read_out(out)
    assert rows[0] == ["need_id", "rank", "resource_id", "score", "reason"]
    firsts = {row[0]: row for row in rows[1:] if row[1] == "1"}
    assert {n: row[2] for n, row in firsts.items()} == {"n1": "r1", "n2": "r2", "n3": "r3"}
    assert "课后看护" in firsts["n1"][4] and "同一社区" in firsts["n1"][4]
    assert "剩余名额 1" in firsts["n2"][4]
    assert float(firsts["n1"][3]) > 0


def test_match_assign_output(tmp_path):
    needs = write_csv(tmp_path / "n.csv", [*NEEDS, ["n4", "马桶堵了冲不下去", ""], ["n5", "想学书法", ""]], "utf-8")
    resources = write_csv(tmp_path / "r.csv", RESOURCES, "utf-8")
    out = tmp_path / "out.csv"
    call_command("match", needs=needs, resources=resources, assign=True, out=str(out))
    rows = read_out(out)
    assert rows[0] == ["need_id", "resource_id", "score"]
    got = {row[0]: row[1] for row in rows[1:]}
    assert [got["n1"], got["n3"], got["n5"]] == ["r1", "r3", ""]
    assert sorted([got["n2"], got["n4"]]) == ["", "r2"]  # r2 has one place left
    assert all(len(row) == 3 for row in rows)


@pytest.mark.parametrize(("which", "rows", "row", "column"), [
    ("needs", [["id", "content"], ["n1", "下水道堵了"]], 1, "text"),
    ("needs", [["id", "text"], ["n1", "下水道堵了"], ["", "楼上半夜敲东西"]], 3, "id"),
    ("needs", [["id", "text"], ["n1", "下水道堵了"], ["n1", "楼上吵"]], 3, "id"),
    ("resources", [["id", "text", "capacity"], ["r1", "管道疏通", "5"], ["r2", "人民调解", "很多"]], 3, "capacity"),
    ("resources", [["id", "text", "capacity"], ["r1", "管道疏通", "-1"]], 2, "capacity"),
    ("resources", [["id", "text"], ["r1", ""]], 2, "text"),
])
def test_malformed_input_exits_2_naming_row_and_column(tmp_path, which, rows, row, column):
    files = {"needs": write_csv(tmp_path / "n.csv", NEEDS, "utf-8"),
             "resources": write_csv(tmp_path / "r.csv", RESOURCES, "utf-8")}
    files[which] = write_csv(tmp_path / "bad.csv", rows, "utf-8")
    with pytest.raises(CommandError) as caught:
        call_command("match", needs=files["needs"], resources=files["resources"], out=str(tmp_path / "o.csv"))
    assert caught.value.returncode == 2
    assert f"第 {row} 行" in str(caught.value) and f"“{column}”列" in str(caught.value)


def test_malformed_xlsx_names_row_and_column(tmp_path):
    needs = write_xlsx(tmp_path / "n.xlsx", NEEDS)
    resources = write_xlsx(tmp_path / "r.xlsx", [["id", "text", "capacity"], ["r1", "管道疏通", "2.5"]])
    with pytest.raises(CommandError, match="第 2 行，“capacity”列") as caught:
        call_command("match", needs=needs, resources=resources, out=str(tmp_path / "o.csv"))
    assert caught.value.returncode == 2


def test_match_eval_prints_every_collection_dev_and_test_against_the_baseline(capsys):
    call_command("match_eval")
    out = capsys.readouterr().out
    lines = out.splitlines()
    # three collections with a development and a test set, and the February 2027 to March 2028 test sets alone
    for subset, collections in (("开发集", 3), ("测试集", 19)):
        rows = [line for line in lines if line.startswith(subset)]
        assert len(rows) == 3 * collections and "引擎" in rows[0] and "基线" in rows[2], rows
        assert "引擎+历史(留一集)" in rows[1], rows
    assert "resources_2026_12.csv" in out and "test_needs_2027_01.csv" in out and "无推荐" in out
    assert "resources_2027_02.csv" in out and "test_needs_2027_02.csv" in out
    # each test set's first measurement, before the changes it judges
    assert "0.718 / 0.786" in out and "0.678 / 0.818" in out and "0.758 / 0.912" in out
    assert "0.754 / 0.896" in out
    assert "resources_2027_03.csv" in out and "test_needs_2027_03.csv" in out and "0.738 / 0.883" in out
    assert "resources_2027_04.csv" in out and "test_needs_2027_04.csv" in out and "0.758 / 0.908" in out
    assert "resources_2027_05.csv" in out and "test_needs_2027_05.csv" in out and "0.717 / 0.883" in out
    assert "resources_2027_06.csv" in out and "test_needs_2027_06.csv" in out and "0.567 / 0.742" in out
    assert "resources_2027_07.csv" in out and "test_needs_2027_07.csv" in out and "0.675 / 0.867" in out
    assert "resources_2027_08.csv" in out and "test_needs_2027_08.csv" in out and "0.746 / 0.875" in out
    assert "resources_2027_09.csv" in out and "test_needs_2027_09.csv" in out and "0.696 / 0.867" in out
    assert "resources_2027_10.csv" in out and "test_needs_2027_10.csv" in out and "0.733 / 0.887" in out
    assert "resources_2027_11.csv" in out and "test_needs_2027_11.csv" in out and "0.729 / 0.887" in out
    assert "resources_2027_12.csv" in out and "test_needs_2027_12.csv" in out and "0.721 / 0.879" in out
    assert "resources_2028_01.csv" in out and "test_needs_2028_01.csv" in out and "0.596 / 0.767" in out
    assert "resources_2028_02.csv" in out and "test_needs_2028_02.csv" in out and "0.646 / 0.829" in out
    assert "resources_2028_03.csv" in out and "test_needs_2028_03.csv" in out and "0.658 / 0.808" in out
    assert "resources_2028_04.csv" in out and "test_needs_2028_04.csv" in out and "0.713 / 0.858" in out
    assert "resources_2028_05.csv" in out and "test_needs_2028_05.csv" in out and "2028年5月测试集" in out
    # each set also ranked with the history of every other set (leave-one-set-out), and their mean
    from gongzhi.matching.quality import COLLECTIONS, EVALUATION_DIR, MEASURED_ONLY

    sets = sum(1 for c in COLLECTIONS for _name, f in c.sets if (EVALUATION_DIR / f).is_file())
    assert sum(1 for line in lines if "引擎+历史(留一集)" in line) == sets
    # the development sets' table leaves the fresh test set out
    start = next(i for i, line in enumerate(lines) if line.startswith("如同到达时"))
    table = lines[next(i for i, line in enumerate(lines) if line.startswith("留一集")) + 2:start]
    assert sum(1 for line in table if line[:4].strip().isdigit()) == sets - len(MEASURED_ONLY)
    assert "留一集（leave-one-set-out）" in out and any(line.startswith("平均") for line in lines)
    # the spent sets written with new offerings, ranked as on their arrival: their own new offerings without history
    arrival = [line.split()[0] for line in lines[start + 2:] if line[:4].isdigit()]
    assert arrival == ["2612", "2702", "2703", "2704", "2705", "2706", "2707", "2708", "2709",
                       "2710", "2711", "2712", "2801", "2802", "2803", "2804"], arrival
    assert any(line.startswith("合计") for line in lines[start:])


def test_a_collections_new_offerings_are_those_no_earlier_list_holds():
    from gongzhi.matching.quality import COLLECTIONS, new_offerings

    by_key = {c.key: c for c in COLLECTIONS}
    assert new_offerings(by_key["2701"]) == frozenset()  # the same list as 2612
    assert new_offerings(by_key["2707"]) == frozenset(f"R{i}" for i in range(181, 201))
    assert len(new_offerings(by_key["2612"])) == 35


def test_match_eval_lists_misses_of_a_development_set_only(capsys, monkeypatch):
    from gongzhi.matching.management.commands import match_eval
    from gongzhi.matching.quality import COLLECTIONS

    def misses(key):
        # only the listed set's collection is ranked (the full tables are test_match_eval_prints_every_collection's)
        collection = match_eval.MISSES[key][0]
        monkeypatch.setattr(match_eval, "COLLECTIONS", tuple(c for c in COLLECTIONS if c.key == collection))
        call_command("match_eval", misses=key)
        return capsys.readouterr().out

    assert "[dev" in (out := misses("dev")) and "[test" not in out
    assert "[dev2612]" in (out := misses("dev2612")) and "[test" not in out
    assert "[dev2701" in (out := misses("dev2701")) and "[test" not in out
    # the spent February 2027 to April 2028 test sets are development data now; the fresh May 2028 one is never
    # listed
    for month in ("2702", "2703", "2704", "2705", "2706", "2707", "2708", "2709", "2710", "2711", "2712", "2801",
                  "2802", "2803", "2804"):
        assert f"[test{month}]" in (out := misses(f"spent{month}")) and "test2805" not in out
    assert not any(collection == "2805" for collection, _subset in match_eval.MISSES.values())
    with pytest.raises(CommandError):
        call_command("match_eval", "--misses", "test")


def test_match_bench_runs_small(capsys):
    call_command("match_bench", needs=300, resources=100, candidates=3)
    out = capsys.readouterr().out
    assert "排名 top-3" in out and "整批分配" in out and "峰值内存" in out and "CPU" in out
    assert "已分配" in out and ("已证明为全体资源上的最优" in out or "差距已证明不超过" in out)


def test_match_bench_without_the_semantic_channel(capsys):
    call_command("match_bench", needs=200, resources=80, without_semantic=True, no_assign=True)
    out = capsys.readouterr().out
    assert "语义通道关闭" in out and "排名 top-3" in out


def test_match_bench_separate_and_scaling(capsys):
    call_command("match_bench", needs=200, resources=80, separate=True, scaling=True)
    out = capsys.readouterr().out
    assert out.count("排名 top-3（含理由）") == 4  # the run itself, then 1/4, 1/2 and all the needs
    assert "整批分配（每条需求 20 个候选，精确求解）" in out
