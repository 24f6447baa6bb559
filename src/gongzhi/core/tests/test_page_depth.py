"""Lists page only so deep (core.listing.MAX_PAGES, the API's MAX_OFFSET): page 5,000 of a district's 600,000
residents made the database skip 125,000 rows; such a list is searched or filtered instead."""

import pytest
from django.test import RequestFactory

from gongzhi.core import listing
from gongzhi.core.listing import KeysFirst, paginate
from gongzhi.core.schemas import MAX_OFFSET, Pagination


def _page(rows, asked, monkeypatch, per_page=2, max_pages=3):
    monkeypatch.setattr(listing, "MAX_PAGES", max_pages)
    return paginate(RequestFactory().get("/", {"page": asked} if asked is not None else {}), rows, per_page=per_page)


@pytest.mark.parametrize(("asked", "number", "capped"), [
    (None, 1, False), ("2", 2, False), ("3", 3, False), ("4", 3, True), ("5000", 3, True), ("last", 1, False),
    ("99999999999999999999", 3, True), ("x", 1, False)])
def test_a_deep_page_shows_the_deepest_allowed_and_says_so(monkeypatch, asked, number, capped):
    page = _page(list(range(20)), asked, monkeypatch)
    assert (page.number, page.capped) == (number, capped)


def test_a_short_list_pages_to_its_end(monkeypatch):
    page = _page(list(range(5)), "9", monkeypatch)
    assert (page.number, page.capped) == (3, False)


@pytest.mark.django_db
def test_keys_first_gives_the_rows_of_the_slice_in_order(django_user_model):
    for name in ("c", "a", "b"):
        django_user_model.objects.create(username=name)
    rows = KeysFirst(django_user_model.objects.order_by("username"))
    assert rows.count() == len(rows) == 3
    assert [u.username for u in rows[1:3]] == ["b", "c"] and rows[0].username == "a"


def test_the_api_offset_is_bounded():
    assert Pagination.Input.model_fields["offset"].metadata[-1].le == MAX_OFFSET == 10_000
