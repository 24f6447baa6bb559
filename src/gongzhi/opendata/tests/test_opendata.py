"""开放数据: every dataset as CSV (UTF-8 with BOM) and JSON with its dictionary, a zip of all; only what the boards
show; rebuilt after a change; no personal data."""

import csv
import io
import json
import zipfile

import pytest

from gongzhi.core.privacy import find_personal_numbers
from gongzhi.lists import services as lists
from gongzhi.lists.tests.conftest import seed_categories
from gongzhi.opendata.datasets import DATASETS
from gongzhi.people.models import Person


@pytest.fixture
def published(world):
    category = seed_categories()["medical"]
    need = lists.submit_need(actor=world.wumei_staff, community=world.wumei, channel="window", category=category,
                             title="独居老人助餐 联系13812345678", description="五美小区1栋2单元101 王秀英")
    lists.review_need(actor=world.wumei_staff, need=need, decision="approve")
    return need


def test_the_index_lists_every_dataset_with_its_dictionary(world, client):
    page = client.get("/open-data/").content.decode()
    for d in DATASETS:
        assert f'id="{d.key}"' in page and f"/open-data/{d.key}.csv" in page
    assert "数据字典" in page and "数据生成时间" in page


def test_csv_has_a_bom_and_the_dictionarys_columns(world, client, published):
    response = client.get("/open-data/needs.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body[1:])))
    needs = next(d for d in DATASETS if d.key == "needs")
    assert rows[0] == [str(c.label) for c in needs.columns]
    [row] = rows[1:]
    assert row[0] == "五美社区" and row[1] == world.wumei.code and row[2] == "象山街道"
    assert "13812345678" not in body  # the need's title is scrubbed as on the board's publications
    assert "2单元" not in body  # the description is never published


def test_json_carries_the_dictionary_licence_and_build_time(world, client, published):
    data = client.get("/open-data/needs.json").json()
    assert data["dataset"] == "needs" and data["licence"] and data["built_at"]
    assert [c["column"] for c in data["dictionary"]][:3] == ["community", "community_code", "street"]
    assert len(data["rows"]) == 1


def test_a_change_is_in_the_next_download(world, client, published):
    assert len(client.get("/open-data/needs.json").json()["rows"]) == 1
    lists.close_need(actor=world.wumei_staff, need=published)
    assert client.get("/open-data/needs.json").json()["rows"] == []


def test_unknown_dataset_is_404(client, db):
    assert client.get("/open-data/people.csv").status_code == 404
    assert client.get("/open-data/needs.xml").status_code == 404


def test_the_zip_holds_every_file_and_no_personal_data(world, client, published):
    response = client.get("/open-data/gongzhi-open-data.zip")
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = set(archive.namelist())
    for d in DATASETS:
        assert {f"{d.key}.csv", f"{d.key}.json", f"{d.key}.dictionary.csv"} <= names
    assert "README.txt" in names
    private_names = set(Person.objects.values_list("name", flat=True))
    for name in names:
        text = archive.read(name).decode("utf-8")
        assert find_personal_numbers(text) == [], name
        assert not [n for n in private_names if n in text], name
    json.loads(archive.read("needs.json"))
