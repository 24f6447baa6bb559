"""The case page in English: the whistle advice's badges are separate words (they read "Department dutiesWhistle
blown" when glued together) and the timeline's steps are labelled in the reader's language."""

import re

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from gongzhi.cases import services


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def _english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_whistle_advice_badges_are_separate_words_in_english(world, cats, accepted, client_for):
    translation.activate("zh-hans")  # the services write their notes in Chinese
    services.add_responsibility(actor=world.district_staff, region=world.xiangshan, kind="department",
                                title="调处邻里漏水纠纷", departments=[world.judicial_office],
                                case_categories=[cats["sewage"]])
    services.blow_whistle(actor=world.wumei_staff, case=accepted, departments=[world.judicial_office],
                          request="请到场调解")
    page = _english(client_for(world.wumei_staff)).get(reverse("cases:case", args=[accepted.pk])).content.decode()
    text = _text(page)
    assert "Department duties Whistle blown" in text and "Department dutiesWhistle blown" not in text
    start = page.index('data-testid="timeline"')
    timeline = _text(page[start:page.index("</ol>", start)])
    assert "Whistle" in timeline, timeline
    for chinese in ("吹哨", "反映", "首问责任人", "居民手机端"):
        assert chinese not in timeline, (chinese, timeline)
