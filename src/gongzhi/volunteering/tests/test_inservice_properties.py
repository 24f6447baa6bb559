"""Property test (hypothesis): whatever sequence of applications, confirmations, returns and waiting days, a member
has at most one application waiting, her registration date is the day of her last confirmation, a new application
is accepted exactly when none waits and her registration is missing, lapsed or in its last 30 days, and the status
on her page agrees with the six-month rule."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongzhi.core import clock
from gongzhi.volunteering.models import InServiceReport
from gongzhi.volunteering.services import inservice as services
from gongzhi.volunteering.tests.test_inservice_world import add_member, at

STEPS = st.lists(st.one_of(st.just(("apply", 0)), st.just(("confirm", 0)), st.just(("return", 0)),
                           st.tuples(st.just("wait"), st.integers(min_value=1, max_value=200))),
                 min_size=1, max_size=14)


@pytest.mark.django_db
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=STEPS)
def test_reporting_keeps_its_rules_under_any_sequence(world, steps):
    with transaction.atomic():
        chen = add_member(world, username="prop_chen")
        day = dt.date(2026, 1, 5)
        last_confirmed: dt.date | None = None
        pending: InServiceReport | None = None
        for action, days in steps:
            with clock.frozen(at(day.year, day.month, day.day)):
                chen.member.refresh_from_db()
                if action == "apply":
                    may = pending is None and (last_confirmed is None or day >= services.valid_until_of(
                        last_confirmed) - dt.timedelta(days=services.RENEWAL_WINDOW_DAYS))
                    try:
                        pending = services.apply_to_report(actor=chen.user, member=chen.member)
                    except ValidationError:
                        assert not may, (day, last_confirmed)
                    else:
                        assert may, (day, last_confirmed)
                        assert pending.kind == ("first" if last_confirmed is None else "renewal")
                elif action in ("confirm", "return") and pending is not None:
                    if action == "confirm":
                        services.confirm_report(actor=world.wumei_staff, report=pending)
                        last_confirmed = day
                    else:
                        services.return_report(actor=world.wumei_staff, report=pending, reason="请核对居住地")
                    pending = None
                elif action == "wait":
                    day += dt.timedelta(days=days)
            chen.member.refresh_from_db()
            with clock.frozen(at(day.year, day.month, day.day)):
                state = services.registration_state(chen.member)
            assert InServiceReport.objects.filter(member=chen.member, status="pending").count() == (
                0 if pending is None else 1)
            assert chen.member.registered_on == last_confirmed
            if last_confirmed is None:
                assert state.status == "unregistered"
            else:
                assert state.status == ("current" if day <= services.valid_until_of(last_confirmed) else "lapsed")
        transaction.set_rollback(True)
