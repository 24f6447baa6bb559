"""An external client's view: a real HTTP server (live_server), urllib, form-encoded POST, then GET the request
back in XML and JSON — no Django test client involved."""

import json
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

from gongzhi.cases.testing import seed_case_categories
from gongzhi.open311 import services
from gongzhi.open311.tests.conftest import WUMEI


def fetch(url: str, data: dict | None = None) -> tuple[int, str, bytes]:
    body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
    request = urllib.request.Request(url, data=body, headers={"Accept-Language": "zh-CN"})
    if body is not None:
        request.add_header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read()


def test_an_external_client_posts_and_reads_back(live_server, live_world):
    seed_case_categories()
    services.define_service_area(actor=None, community=live_world.wumei, lat=WUMEI[0], long=WUMEI[1], radius_m=600)
    _client, key = services.issue_client(actor=None, name="外部客户端")
    base = f"{live_server.url}/open311/v2"

    status, content_type, raw = fetch(f"{base}/discovery.json")
    assert status == 200 and content_type == "application/json; charset=utf-8"
    endpoint = json.loads(raw)["endpoints"][0]["url"]
    assert endpoint == base

    status, _, raw = fetch(f"{endpoint}/services.xml?jurisdiction_id=guilin.gongzhi")
    assert status == 200 and "sanitation" in [s.findtext("service_code") for s in ET.fromstring(raw)]

    form = {"api_key": key, "jurisdiction_id": "guilin.gongzhi", "service_code": "sanitation",
            "lat": WUMEI[0], "long": WUMEI[1], "description": "文化路口垃圾堆积，无人清运",
            "first_name": "伟", "last_name": "张", "phone": "13607731111"}
    status, content_type, raw = fetch(f"{endpoint}/requests.xml", form)
    assert status == 200 and content_type == "text/xml; charset=utf-8", raw
    number = ET.fromstring(raw).find("request").findtext("service_request_id")

    status, _, raw = fetch(f"{endpoint}/requests/{number}.json")
    [item] = json.loads(raw)
    assert status == 200 and item["status"] == "open" and item["agency_responsible"] == "五美社区"
    assert item["description"] is None  # the resident's own words stay inside until staff approve a wording
    assert "13607731111" not in raw.decode() and "张伟" not in raw.decode()

    status, _, raw = fetch(f"{endpoint}/requests.json?status=open&service_code=sanitation")
    assert [i["service_request_id"] for i in json.loads(raw)] == [number]

    status, content_type, raw = fetch(f"{endpoint}/requests.json", {**form, "api_key": "wrong"})
    assert (status, content_type) == (403, "application/json; charset=utf-8")
    assert json.loads(raw)[0]["code"] == 403
