"""Numbers a resident types into an order follow her phone field (orders.permissions.order_text_access): before
issue 16 "帮忙修水管 电话137…" reached every volunteer and liaison in the order hall, in full, before anyone
took the order."""

from django.urls import reverse

from gongzhi.orders import services
from gongzhi.orders.tests.conftest import help_order

TITLE = "帮忙修水管 电话137 7301 2345"
FULL, MASKED = "137 7301 2345", "137****2345"


def _texts(client, order, *pages):
    api = client.get(f"/api/v1/orders/{order.pk}")
    listed = client.get("/api/v1/orders")
    return [client.get(reverse(p)).content.decode() for p in pages] + [str(api.json()), str(listed.json())]


def test_the_order_hall_masks_numbers_until_the_order_is_taken(menu, client_for, frozen):
    w = menu.world
    order = help_order(menu, title=TITLE)
    for user, pages in ((w.volunteer, ["orders:m_hall"]), (w.merchant_liaison, ["orders:provider"]),
                        (w.liaison, ["orders:provider"])):
        for text in _texts(client_for(user), order, *pages)[:1]:
            assert FULL not in text and MASKED in text, user
        api = client_for(user).get(f"/api/v1/orders/{order.pk}")
        if api.status_code == 200:
            assert api.json()["title"] == "帮忙修水管 电话137****2345"
    for user, page in ((w.wumei_staff, "orders:board"), (w.resident, "orders:m_orders")):
        client = client_for(user)
        assert FULL in client.get(reverse(page)).content.decode(), user
        assert client.get(f"/api/v1/orders/{order.pk}").json()["title"] == TITLE
    street = client_for(w.street_staff).get(f"/api/v1/orders/{order.pk}")
    assert street.status_code == 404 or street.json()["title"] == "帮忙修水管 电话137****2345"

    services.take_order(actor=w.merchant_liaison, order=order)
    taker = client_for(w.merchant_liaison)
    assert taker.get(f"/api/v1/orders/{order.pk}").json()["title"] == TITLE  # she must reach the resident
    assert FULL in taker.get(reverse("orders:detail", args=[order.pk])).content.decode()
