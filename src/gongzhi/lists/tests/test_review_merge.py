"""Merging a duplicate need in the review queue takes an explicit choice and a confirmation: the select starts on an
empty choice, a merge without a target is a form error (never a merge into the first need of the list), and the
merge is made only from the confirmation page."""

import re

from django.urls import reverse

from gongzhi.lists.models import NeedStatus


def _review(client, need, **data):
    return client.post(reverse("lists:need_review", args=[need.pk]), {"decision": "merge", "next": "queue", **data},
                       follow=True)


def test_the_merge_select_starts_on_an_explicit_empty_choice(world, items, client_for):
    page = client_for(world.wumei_staff).get(reverse("lists:queue")).content.decode()
    select = re.search(r'<select name="merge_into"[^>]*>(.*?)</select>', page, re.S)
    assert select and " required" in select.group(0)
    first = re.search(r"<option([^>]*)>([^<]*)</option>", select.group(1))
    assert first.group(1).strip() == 'value=""' and first.group(2) == "选择要合并到的需求"


def test_a_merge_without_a_target_is_a_form_error(world, items, client_for):
    client = client_for(world.wumei_staff)
    for data in ({}, {"merge_into": ""}, {"merge_into": "", "confirm": "1"}):
        response = _review(client, items.submitted, **data)
        assert "请选择要合并到的需求" in response.content.decode()
        items.submitted.refresh_from_db()
        assert items.submitted.status == NeedStatus.SUBMITTED and items.submitted.merged_into is None


def test_a_merge_asks_for_confirmation_before_anything_changes(world, items, client_for):
    client = client_for(world.wumei_staff)
    response = _review(client, items.submitted, merge_into=items.published.pk, reason="与体检需求重复")
    page = response.content.decode()
    assert response.status_code == 200 and 'data-testid="merge-confirm"' in page
    assert items.submitted.title in page and items.published.title in page
    items.submitted.refresh_from_db()
    assert items.submitted.status == NeedStatus.SUBMITTED  # nothing merged yet

    response = _review(client, items.submitted, merge_into=items.published.pk, reason="与体检需求重复", confirm="1")
    assert response.redirect_chain[-1][0] == reverse("lists:queue")
    items.submitted.refresh_from_db()
    assert items.submitted.status == NeedStatus.MERGED and items.submitted.merged_into == items.published
    assert items.submitted.review_reason == "与体检需求重复"


def test_the_confirmation_page_requires_the_communitys_staff(world, items, client_for):
    response = client_for(world.nanmen_staff).post(reverse("lists:need_review", args=[items.submitted.pk]),
                                                   {"decision": "merge", "merge_into": items.published.pk})
    assert response.status_code == 404
