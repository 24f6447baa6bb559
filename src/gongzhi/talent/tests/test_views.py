"""The talent pool pages: the pool with its add form and filters, an entry, the suggestion page for a need, and the
resident's phone page."""

from gongzhi.lists.models import Category
from gongzhi.lists.services import submit_need
from gongzhi.talent import services
from gongzhi.talent.models import Talent


def test_staff_add_and_search_on_the_page(world, people, client_for):
    c = client_for(world.wumei_staff)
    r = c.post("/workbench/talent/", {"community": world.wumei.pk, "resident": "13907730002", "skills": ["legal"],
                                      "availability": ["weekend"]})
    assert "请确认居民本人已同意" in r.content.decode() and Talent.objects.count() == 0
    r = c.post("/workbench/talent/", {"community": world.wumei.pk, "resident": "13907730002", "skills": ["legal"],
                                      "availability": ["weekend"], "consent": "on"})
    assert r.status_code == 302
    page = c.get("/workbench/talent/?q=hzq").content.decode()
    assert "黄志强" in page and "13907730002" in page
    t = Talent.objects.get()
    assert c.get(f"/workbench/talent/{t.pk}/").status_code == 200
    assert client_for(world.nanmen_staff).get(f"/workbench/talent/{t.pk}/").status_code == 404


def test_the_suggestion_page_for_a_need(world, people, client_for):
    services.register_talent(actor=world.wumei_staff, person=people.fixer, skills=["repairs"],
                             availability=["evening"], consent=True)
    category = Category.objects.get_or_create(code="repairs", defaults={"name": "便民维修", "order": 70})[0]
    need = submit_need(actor=world.wumei_staff, title="楼道灯维修", category=category, community=world.wumei,
                       channel="window")
    c = client_for(world.wumei_staff)
    page = c.get(f"/workbench/talent/suggest/?need={need.pk}").content.decode()
    assert "李师傅" in page and "特长：水电维修" in page
    page = c.get(f"/workbench/talent/suggest/?community={world.wumei.pk}&skills=legal").content.decode()
    assert "暂无合适人选" in page


def test_the_residents_phone_page(world, frozen, client_for):
    phone = client_for(world.resident)
    assert "我要加入" in phone.get("/m/talent/").content.decode()
    r = phone.post("/m/talent/", {"skills": ["care"], "availability": ["weekday"]})
    assert "请先确认本人同意" in r.content.decode()
    assert phone.post("/m/talent/", {"skills": ["care"], "availability": ["weekday"], "consent": "on"}).status_code == 302
    assert "我已加入人才储备库" in phone.get("/m/talent/").content.decode()
    assert phone.post("/m/talent/withdraw/").status_code == 302
    assert not Talent.objects.get().active
