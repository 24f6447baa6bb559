"""The talent pool API: search (pinyin), add with consent, change, withdraw, suggest, the resident's own entry;
404 out of scope, 400 in Chinese, phones masked for roles that do not need them."""

from gongzhi.talent import services
from gongzhi.talent.models import Talent

API = "/api/v1/talent"


def post(client, url, data=None):
    return client.post(API + url, data or {}, content_type="application/json")


def test_it_requires_a_login(client):
    assert client.get(API).status_code == 401


def test_staff_add_search_change_withdraw_and_suggest(world, people, client_for):
    c = client_for(world.wumei_staff)
    r = post(c, "", {"person_id": people.nurse.pk, "skills": ["medical"], "availability": ["weekend"]})
    assert r.status_code == 400 and "请确认居民本人已同意" in r.json()["message"]
    r = post(c, "", {"person_id": people.nurse.pk, "skills": ["medical"], "availability": ["weekend"],
                     "consent": True, "consent_note": "电话确认"})
    assert r.status_code == 201, r.json()
    tid = r.json()["id"]
    assert r.json()["phone"] == "13907730001" and r.json()["skill_labels"] == ["医疗护理"]
    assert c.get(f"{API}?q=zlh").json()["items"][0]["name"] == "张丽华"
    r = post(c, f"/{tid}", {"availability": ["weekday", "weekend"]})
    assert r.json()["availability"] == ["weekday", "weekend"]
    found = c.get(f"{API}/suggest?community_id={world.wumei.pk}&skill=medical&availability=weekday").json()
    assert [s["talent"]["name"] for s in found] == ["张丽华"] and found[0]["score"] == 13
    assert post(c, f"/{tid}/withdraw").json()["active"] is False
    r = post(c, f"/{tid}/withdraw")
    assert r.status_code == 400 and "已退出" in r.json()["message"]


def test_street_staff_read_masked_phones_and_cannot_add(world, people, client_for):
    services.register_talent(actor=world.wumei_staff, person=people.nurse, skills=["medical"],
                             availability=["weekend"], consent=True)
    street = client_for(world.street_staff)
    assert street.get(API).json()["items"][0]["phone"] == "139****0001"
    assert post(street, "", {"person_id": people.lawyer.pk, "skills": ["legal"], "availability": ["weekend"],
                             "consent": True}).status_code == 404
    page = street.get("/workbench/talent/").content.decode()
    assert "139****0001" in page and "13907730001" not in page


def test_other_communities_get_404(world, people, client_for):
    t = services.register_talent(actor=world.wumei_staff, person=people.nurse, skills=["medical"],
                                 availability=["weekend"], consent=True)
    c = client_for(world.nanmen_staff)
    assert c.get(f"{API}/{t.pk}").status_code == 404
    assert post(c, f"/{t.pk}/withdraw").status_code == 404
    assert c.get(f"{API}/suggest?community_id={world.wumei.pk}").status_code == 404
    assert c.get(API).json()["count"] == 0
    assert Talent.objects.get().active


def test_the_resident_registers_on_her_own(world, frozen, client_for):
    phone = client_for(world.resident)
    r = post(phone, "/mine", {"skills": ["care"], "availability": ["weekday"]})
    assert r.status_code == 400 and "请先确认本人同意" in r.json()["message"]
    r = post(phone, "/mine", {"skills": ["care"], "availability": ["weekday"], "consent": True})
    assert r.status_code == 201 and r.json()["source"] == "self"
    assert phone.get(f"{API}/mine").json()[0]["skills"] == ["care"]
    assert phone.get(API).status_code == 404  # the pool is the staff's
    assert post(client_for(world.outsider), "/mine", {"skills": ["care"], "availability": ["weekday"],
                                                      "consent": True}).status_code == 404
