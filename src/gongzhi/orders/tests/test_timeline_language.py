"""An order's timeline in the reader's language: the steps, the notes the services wrote (派单给…, 4 星, 社区回访：…)
and the chronicle card's actions; what a person typed stays as typed."""

import re

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from gongzhi.orders import services
from gongzhi.orders.tests.conftest import place, walk


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _timeline(page: str) -> str:
    start = page.index('class="o-timeline"')
    return _text(page[start:page.index("</ol>", start)])


def test_the_staff_timeline_in_english(world, menu, client_for, frozen):
    order = walk(menu, place(menu), "confirmed")
    services.rate_order(actor=world.resident, order=order, rating=2, comment="等了很久")
    services.resolve_follow_up(actor=world.wumei_staff, order=order, note="已上门了解情况")
    client = client_for(world.wumei_staff)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("orders:detail", args=[order.pk])).content.decode()
    timeline = _timeline(page)
    assert "2 stars; low rating passed to the community for follow-up" in timeline, timeline
    assert "Dispatched to" in timeline and "Community follow-up: 已上门了解情况" in timeline
    assert "已在党群服务中心理发" in timeline  # the provider's own words
    for chinese in ("派单给", "星", "社区回访", "居民确认服务完成", "接单"):
        assert chinese not in timeline, chinese
    assert 'data-action="order.rated">' in page and "order.rated</" not in page  # the chronicle card: labels


def test_the_resident_timeline_in_chinese_is_unchanged(world, menu, client_for, frozen):
    with translation.override("zh-hans"):  # as the services write them: in Chinese
        order = walk(menu, place(menu), "rated")
    page = client_for(world.resident).get(reverse("orders:m_status", args=[order.pk])).content.decode()
    timeline = _text(page)
    assert "派单给" in timeline and "5 星" in timeline and "居民确认服务完成" in timeline
