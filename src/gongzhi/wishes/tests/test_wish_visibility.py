"""One visibility decision per wish (wishes.permissions.WishView): the phone page, the workbench page and
`GET /api/v1/wishes/{id}` show each role the same. Before issue 16 a neighbour or a volunteer read the
community's confirmation note ("代为确认" reasons) and the review reason of other people's wishes via the API."""

import pytest
from django.urls import reverse

from gongzhi.wishes import services
from gongzhi.wishes.tests.conftest import fulfilled

NOTE = "老人住院由社区代为确认内部说明"


@pytest.fixture
def confirmed(world):
    wish = fulfilled(world, "想要一台收音机，电话13812345678")
    services.confirm_fulfilment(actor=world.wumei_staff, wish=wish, reason=NOTE)
    wish.refresh_from_db()
    return wish


@pytest.mark.parametrize(("persona", "sees_notes"), [("resident", True), ("wumei_staff", True),
                                                     ("volunteer", False), ("liaison", False)])
def test_page_and_api_show_the_confirmation_note_to_the_same_roles(world, client_for, confirmed, persona, sees_notes):
    client = client_for(getattr(world, persona))
    page_name = "wishes:detail" if persona in ("wumei_staff", "liaison") else "wishes:m_detail"
    page = client.get(reverse(page_name, args=[confirmed.pk]))
    api = client.get(f"/api/v1/wishes/{confirmed.pk}")
    assert page.status_code == 200 and api.status_code == 200
    assert (NOTE in page.content.decode()) == sees_notes
    data = str(api.json())
    assert (NOTE in data) == sees_notes
    assert "13812345678" not in data or persona in ("resident", "wumei_staff")
