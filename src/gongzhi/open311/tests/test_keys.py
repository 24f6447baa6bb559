"""Issuing keys: `gongzhi open311-key` prints a key once (and it works), --revoke stops it, --list shows the
clients; the admin issues and revokes the same way."""

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from gongzhi.chronicle.models import Entry
from gongzhi.open311.models import ApiClient, RequestToken
from gongzhi.open311.tests.conftest import errors_of, good_request, post


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("open311-key", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_command_prints_a_key_that_works(anon, world, cats, areas):
    out, err = run("微信小程序·象山随手拍")
    key = out.strip()
    assert re.fullmatch(r"gz311_[A-Za-z0-9_-]{43}", key)
    assert "only this once" in err and key not in err
    response = post(anon, good_request(key))
    assert response.status_code == 200, response.content
    assert RequestToken.objects.get().client.name == "微信小程序·象山随手拍"
    issued = Entry.objects.get(action="open311.client_issued")
    assert issued.data == {"name": "微信小程序·象山随手拍", "key_prefix": key[:10]} and key not in str(issued.data)


def test_revoke_and_list(anon, world, cats, areas):
    key = run("热线")[0].strip()
    run("--revoke", "热线")
    errors_of(post(anon, good_request(key)), 403)
    listing = run("--list")[0]
    assert key[:10] in listing and "热线" in listing and "revoked" in listing and key not in listing
    with pytest.raises(CommandError, match="已经停用"):
        run("--revoke", "热线")


@pytest.mark.parametrize("args, message", [((), "name"), (("--revoke", "nobody"), "no Open311 client")])
def test_command_errors(db, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)


def test_a_name_is_issued_once(db):
    run("热线")
    with pytest.raises(CommandError):
        run("热线")
    assert ApiClient.objects.count() == 1


def test_admin_issues_a_key_shown_once_and_revokes_it(world, cats, areas, client_for, anon):
    admin = client_for(world.admin)
    response = admin.post("/admin/open311/apiclient/add/", {"name": "区政务服务热线"}, follow=True)
    assert response.status_code == 200
    [message] = [str(m) for m in response.context["messages"] if "gz311_" in str(m)]
    key = re.search(r"gz311_\S+", message).group(0)
    client = ApiClient.objects.get(name="区政务服务热线")
    assert client.key_prefix == key[:10] and key not in str(ApiClient.objects.filter(pk=client.pk).values().get())
    assert post(anon, good_request(key)).status_code == 200
    page = admin.get(f"/admin/open311/apiclient/{client.pk}/change/").content.decode()
    assert key not in page and key[:10] in page
    admin.post("/admin/open311/apiclient/", {"action": "revoke", "_selected_action": [client.pk]})
    client.refresh_from_db()
    assert not client.active and client.revoked_at is not None
    errors_of(post(anon, good_request(key)), 403)


def test_admin_lists_service_areas(world, areas, client_for):
    page = client_for(world.admin).get("/admin/open311/servicearea/").content.decode()
    assert "五美社区" in page and "五美路片区" in page
