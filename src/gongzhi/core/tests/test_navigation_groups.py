"""The workbench side navigation groups its entries under headings, each entry under the band of its order."""

import re

from django.urls import reverse

from gongzhi.core.context_processors import group_of


def test_bands():
    assert [str(group_of(n)) for n in (0, 41, 45, 50, 60, 70, 78, 80, 88, 900)] == [
        "", "居民服务", "居民服务", "诉求办理", "诉求办理", "志愿服务", "志愿服务", "共建共治", "共建共治", "账号与工具"]


def test_a_community_worker_sees_each_capability_under_its_heading(world, client_for):
    page = client_for(world.wumei_staff).get(reverse("core:workbench")).content.decode()
    nav = page[page.index('id="sidenav"'):page.index("</nav>")]
    order = [nav.index(text) for text in ("基础台账", "区划与网格", "清单与契约", "需求清单", "居民服务", "微心愿",
                                          "诉求办理", "矛盾纠纷", "志愿服务", "志愿活动", "积分与积分超市",
                                          "账号与工具", "纪实档案")]
    assert order == sorted(order)
    headings = re.findall(r'class="nav-group"[^>]*>([^<]+)<', nav)
    assert headings[:2] == ["基础台账", "清单与契约"] and len(headings) == len(set(headings))  # none twice
