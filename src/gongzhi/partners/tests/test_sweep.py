"""The partners sweep ends partnerships whose agreement ran out, once; the unit's partner type follows."""

import datetime as dt
from io import StringIO

from django.core.management import call_command

from gongzhi.chronicle.models import Entry
from gongzhi.partners import services
from gongzhi.partners.models import Partner
from gongzhi.partners.tests.conftest import approved


def test_the_sweep_ends_lapsed_agreements_once(world, partners):
    p = approved(world, partners.noodles)  # agreement 2026-07-01 — 2027-06-30
    open_ended = approved(world, world.hospital, kind="institutional")
    Partner.objects.filter(pk=open_ended.pk).update(agreement_end=None)
    assert services.sweep(today=dt.date(2027, 6, 30)) == 0
    assert services.sweep(today=dt.date(2027, 7, 1)) == 1
    p.refresh_from_db()
    partners.noodles.refresh_from_db()
    assert p.status == "ended" and "2027-06-30" in p.end_note and partners.noodles.partner_type == ""
    assert services.sweep(today=dt.date(2027, 7, 2)) == 0
    assert Entry.objects.filter(action="partners.ended").count() == 1
    out = StringIO()
    call_command("partners_sweep", "--now", stdout=out)
    assert "ended: 0" in out.getvalue()
    assert Partner.objects.get(pk=open_ended.pk).status == "approved"
