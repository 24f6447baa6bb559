"""The Open Referral HSDS export validates against the official HSDS 3.0.1 JSON schemas vendored in hsds_schema/
(jsonschema_rs, formats such as uuid and date-time checked), carries organisations only and no personal data, and
the validator really refuses a broken record."""

import json
from pathlib import Path

import jsonschema_rs
import pytest

from gongzhi.organisations.services import add_contact
from gongzhi.servicepoints import hsds, services
from gongzhi.servicepoints.tests.conftest import offer_for

SCHEMAS = Path(__file__).resolve().parent.parent / "hsds_schema"
BASE = "https://gongzhi.invalid/hsds/"


def validator():
    resources = [(BASE + f.name, json.loads(f.read_text(encoding="utf-8"))) for f in sorted(SCHEMAS.glob("*.json"))]
    registry = jsonschema_rs.Registry(resources)
    export_schema = json.loads((SCHEMAS / "export.json").read_text(encoding="utf-8"))
    return jsonschema_rs.Draft202012Validator(export_schema, registry=registry, validate_formats=True,
                                              retriever=no_network)


def no_network(uri: str):
    raise AssertionError(f"the validator tried to fetch {uri}: every schema must be vendored")


def errors_of(document) -> list[str]:
    return [f"{'/'.join(map(str, e.instance_path))}: {e.message}" for e in validator().iter_errors(document)]


def test_the_vendored_schemas_are_the_official_ones():
    names = {f.name for f in SCHEMAS.glob("*.json")}
    assert {"organization.json", "service.json", "location.json", "service_at_location.json", "schedule.json",
            "address.json", "cost_option.json", "attribute.json", "taxonomy_term.json"} <= names
    service = json.loads((SCHEMAS / "service.json").read_text(encoding="utf-8"))
    assert service["required"] == ["id", "name", "status"]
    assert "279fd2eb3552c349bf698c07c00cc25f5fc8249b" in (SCHEMAS / "SOURCE.md").read_text(encoding="utf-8")
    assert "Attribution-ShareAlike 4.0" in (SCHEMAS / "LICENSE").read_text(encoding="utf-8")


def test_the_export_validates_against_hsds(world, sp):
    services.create_point(actor=world.nanmen_staff, community=world.nanmen, kind="unit_point", name="人民医院健康驿站",
                          address="南门路12号", lat="25.2600", lon="110.2860", offerings=["health", "rest"],
                          opens_at="08:00", closes_at="12:00", days="135")
    document = hsds.export(world.xiangshan_street)
    assert errors_of(document) == []
    assert len(document["locations"]) == 4 and len(document["service_at_locations"]) == 5
    # the canteen's 2-yuan discount is a cost option; the merchant's offer is a service at the same location
    canteen = next(s for s in document["services"] if s["name"] == "五美社区老饭桌")
    assert canteen["cost_options"][0]["amount"] == 2.0 and canteen["fees_description"] == "老年人就餐正常价优惠2元"
    offer = next(s for s in document["services"] if s["name"] == "老年人就餐正常价优惠2元")
    location = next(loc for loc in document["locations"] if loc["name"] == "五美社区老饭桌")
    assert {"service_id": offer["id"], "location_id": location["id"]}.items() <= next(
        link for link in document["service_at_locations"] if link["service_id"] == offer["id"]).items()
    assert location["addresses"][0]["postal_code"] == "541002" and location["addresses"][0]["city"] == "桂林市"
    schedule = next(s for s in document["services"] if s["name"] == "人民医院健康驿站")["schedules"][0]
    assert (schedule["byday"], schedule["opens_at"], schedule["closes_at"]) == ("MO,WE,FR", "08:00+08:00",
                                                                              "12:00+08:00")
    # the community runs the points no unit runs
    assert "五美社区居民委员会" in {o["name"] for o in document["organizations"]}


def test_the_validator_refuses_a_broken_export(world, sp):
    document = hsds.export(world.xiangshan_street)
    document["services"][0]["status"] = "open"
    del document["locations"][0]["location_type"]
    document["organizations"][0]["id"] = "not-a-uuid"
    problems = errors_of(document)
    assert len(problems) == 3, problems


def test_no_personal_data_and_no_closed_points(world, sp):
    add_contact(actor=world.admin, organisation=sp.canteen_owner, name="李桂兰", title="店长", phone="13977731234",
                is_liaison=True)
    offer_for(world, sp.canteen_owner, title="送餐上门", audience="all").__class__.objects.filter(
        title="送餐上门").update(description="电话 13977731234 预约送餐")
    services.set_point_active(actor=world.wumei_staff, point=sp.day_care, active=False, reason="搬迁")
    text = json.dumps(hsds.export(None), ensure_ascii=False)
    assert "13977731234" not in text and "李桂兰" not in text and "139****1234" in text
    assert "五美日间照料中心" not in text and "王秀英" not in text


@pytest.mark.parametrize("region", ["xiangshan", "wumei", "nanmen"])
def test_every_region_exports_valid_hsds(world, sp, region):
    assert errors_of(hsds.export(getattr(world, region))) == []


def test_the_zip_holds_one_csv_per_table(world, sp, client):
    import csv
    import io
    import zipfile

    response = client.get("/api/v1/servicepoints/hsds.zip", {"region_id": world.wumei.pk})
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == ["locations.csv", "organizations.csv", "service_at_location.csv",
                                          "services.csv"]
    locations = list(csv.DictReader(io.StringIO(archive.read("locations.csv").decode("utf-8"))))
    assert {row["name"] for row in locations} == {"五美红色驿站", "五美社区老饭桌", "五美日间照料中心"}
    assert {"latitude", "longitude", "location_type"} <= set(locations[0])
