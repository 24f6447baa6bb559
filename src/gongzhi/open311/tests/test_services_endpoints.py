"""Discovery, GET Service List and GET Service Definition in both formats, checked against the spec's element
names and values."""

import pytest

from gongzhi.cases.models import CaseCategory
from gongzhi.chronicle.services import record
from gongzhi.open311.tests.conftest import BASE, body, errors_of, xml

SERVICE_FIELDS = ["service_code", "service_name", "description", "metadata", "type", "keywords", "group"]
ATTRIBUTE_FIELDS = ["variable", "code", "datatype", "required", "datatype_description", "order", "description",
                    "values"]


def test_discovery_json_lists_the_v2_endpoint_with_both_formats(anon, cats):
    data = body(anon.get(f"{BASE}/discovery.json"))
    assert set(data) == {"changeset", "contact", "key_service", "endpoints"}
    assert data["contact"] and "open311-key" in data["key_service"]
    [endpoint] = data["endpoints"]
    assert endpoint == {"specification": "http://wiki.open311.org/GeoReport_v2", "url": "http://testserver/open311/v2",
                        "changeset": data["changeset"], "type": "production",
                        "formats": ["text/xml", "application/json"]}
    assert data["changeset"].endswith("+08:00") or data["changeset"].endswith("Z")


def test_discovery_xml_follows_the_spec_structure(anon, cats):
    root = xml(anon.get(f"{BASE}/discovery.xml"))
    assert root.tag == "discovery"
    assert [c.tag for c in root] == ["changeset", "contact", "key_service", "endpoints"]
    [endpoint] = root.find("endpoints").findall("endpoint")
    assert [c.tag for c in endpoint] == ["specification", "url", "changeset", "type", "formats"]
    assert endpoint.findtext("url") == "http://testserver/open311/v2"
    assert [f.text for f in endpoint.find("formats").findall("format")] == ["text/xml", "application/json"]


def test_discovery_changeset_moves_when_an_administrator_edits_a_category(anon, world, cats):
    before = body(anon.get(f"{BASE}/discovery.json"))["changeset"]
    record(cats["noise"], "admin.changed", world.admin, {"fields": ["description"]})
    after = body(anon.get(f"{BASE}/discovery.json"))["changeset"]
    assert after > before


def test_root_answers_with_discovery(anon, cats):
    assert set(body(anon.get(f"{BASE}/"))) == {"changeset", "contact", "key_service", "endpoints"}


def test_services_json_lists_active_categories_with_spec_fields(anon, cats, lamp_attributes):
    CaseCategory.objects.filter(code="other").update(active=False)
    services = body(anon.get(f"{BASE}/services.json"))
    assert all(list(s) == SERVICE_FIELDS for s in services)
    by_code = {s["service_code"]: s for s in services}
    assert "other" not in by_code and len(services) == len(cats) - 1
    assert by_code["road_lighting"]["metadata"] is True and by_code["sewage"]["metadata"] is False
    sewage = by_code["sewage"]
    assert sewage["service_name"] == "下水道堵塞与污水外溢" and sewage["group"] == "市政设施"
    assert sewage["type"] == "realtime"
    assert sewage["keywords"].startswith("下水道, 堵塞, 污水")


def test_services_xml_has_one_service_element_per_category(anon, cats, lamp_attributes):
    root = xml(anon.get(f"{BASE}/services.xml"))
    assert root.tag == "services"
    services = root.findall("service")
    assert len(services) == len(cats)
    assert all([c.tag for c in s] == SERVICE_FIELDS for s in services)
    road = next(s for s in services if s.findtext("service_code") == "road_lighting")
    assert road.findtext("metadata") == "true" and road.findtext("type") == "realtime"
    assert road.findtext("service_name") == "道路与路灯"
    gas = next(s for s in services if s.findtext("service_code") == "gas_leak")
    assert gas.findtext("metadata") == "false"


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_jurisdiction_id_is_optional_but_a_wrong_one_is_not_found(anon, cats, fmt):
    assert anon.get(f"{BASE}/services.{fmt}", {"jurisdiction_id": "guilin.gongzhi"}).status_code == 200
    assert anon.get(f"{BASE}/services.{fmt}", {"jurisdiction_id": ""}).status_code == 200
    [description] = errors_of(anon.get(f"{BASE}/services.{fmt}", {"jurisdiction_id": "sfgov.org"}), 404, fmt)
    assert "sfgov.org" in description and "guilin.gongzhi" in description


def test_service_definition_json(anon, lamp_attributes):
    data = body(anon.get(f"{BASE}/services/road_lighting.json"))
    assert data["service_code"] == "road_lighting"
    assert [a["code"] for a in data["attributes"]] == ["lamp_no", "fault", "hazards"]
    assert all(list(a) == ATTRIBUTE_FIELDS for a in data["attributes"])
    lamp, fault, hazards = data["attributes"]
    assert lamp == {"variable": True, "code": "lamp_no", "datatype": "string", "required": True,
                    "datatype_description": "如 XS-0123", "order": 1, "description": "路灯杆上的编号", "values": []}
    assert fault["values"] == [{"key": "off", "name": "不亮"}, {"key": "flicker", "name": "闪烁"}]
    assert hazards["datatype"] == "multivaluelist" and hazards["required"] is False
    assert hazards["datatype_description"] is None


def test_service_definition_xml(anon, lamp_attributes):
    root = xml(anon.get(f"{BASE}/services/road_lighting.xml"))
    assert root.tag == "service_definition"
    assert root.findtext("service_code") == "road_lighting"
    attributes = root.find("attributes").findall("attribute")
    assert [a.findtext("code") for a in attributes] == ["lamp_no", "fault", "hazards"]
    assert all([c.tag for c in a] == ATTRIBUTE_FIELDS for a in attributes)
    fault = attributes[1]
    assert fault.findtext("variable") == "true" and fault.findtext("required") == "true"
    assert fault.findtext("order") == "2" and fault.findtext("datatype") == "singlevaluelist"
    assert [(v.findtext("key"), v.findtext("name")) for v in fault.find("values").findall("value")] == [
        ("off", "不亮"), ("flicker", "闪烁")]
    assert attributes[2].findtext("datatype_description") == ""


def test_service_definition_without_attributes_is_empty(anon, cats):
    assert body(anon.get(f"{BASE}/services/sewage.json")) == {"service_code": "sewage", "attributes": []}


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_unknown_or_retired_service_code_is_not_found(anon, cats, fmt):
    [description] = errors_of(anon.get(f"{BASE}/services/potholes.{fmt}"), 404, fmt)
    assert "potholes" in description
    CaseCategory.objects.filter(code="noise").update(active=False)
    errors_of(anon.get(f"{BASE}/services/noise.{fmt}"), 404, fmt)


def test_xml_escapes_markup_in_category_text(anon, cats):
    CaseCategory.objects.filter(code="noise").update(description="<b>夜间 & 清晨</b>\x07噪音")
    root = xml(anon.get(f"{BASE}/services.xml"))
    noise = next(s for s in root.findall("service") if s.findtext("service_code") == "noise")
    assert noise.findtext("description") == "<b>夜间 & 清晨</b>噪音"


def test_get_endpoints_allow_cross_origin_reads(anon, cats):
    assert anon.get(f"{BASE}/services.json")["Access-Control-Allow-Origin"] == "*"
