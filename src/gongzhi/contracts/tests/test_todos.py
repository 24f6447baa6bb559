"""契约化共建's to-dos (contracts/todos.py): a unit's liaison's commitments late or due within two weeks (项目清单
filtered by `mine` and `due`) and drafts waiting for the unit's agreement; the community side's drafts to sign and
held meetings to draft from; the street's meetings whose minutes wait. Each count is the list it opens."""

import datetime as dt

from django.urls import reverse

from gongzhi.contracts import selectors, services
from gongzhi.core import clock
from gongzhi.core.registry import todos_for
from gongzhi.testing.todos import check_todos

DEC_5 = dt.datetime(2026, 12, 5, 9, 0, tzinfo=dt.UTC)  # 义诊 (due 12-15) within two weeks; 四点半课堂 late
DEC_20 = dt.datetime(2026, 12, 20, 9, 0, tzinfo=dt.UTC)


def ours(found: dict) -> dict:
    """This app's lines of a to-do list (other apps add theirs for the same user)."""
    return {k: v for k, v in found.items() if k.startswith("contracts.")}


def test_the_liaison_sees_her_unit_s_commitments_late_and_due_soon(world, lifecycle, client_for):
    client = client_for(world.liaison)
    with clock.frozen(DEC_5):
        assert ours(check_todos(client, world.liaison)) == {"contracts.overdue": 0, "contracts.soon": 1,
                                                           "contracts.agree": 0}
        # the social centre's 四点半课堂 is late too, but it is not her unit's
        late = client.get(reverse("contracts:projects") + "?due=overdue").context["page"].paginator.count
        assert late == 1
        text = client.get(reverse("contracts:projects") + "?mine=1&due=soon").content.decode()
        assert "大型义诊进社区" in text and "四点半课堂" not in text
    with clock.frozen(DEC_20):
        assert ours(check_todos(client, world.liaison))["contracts.overdue"] == 1
        keys = [t.key for t in todos_for(world.liaison)]
        assert keys.index("contracts.overdue") < keys.index("contracts.soon")
    with clock.frozen(DEC_5):
        services.complete_milestone(actor=world.liaison, milestone=lifecycle.clinic.milestones.get(),
                                    on=dt.date(2026, 2, 20))
        for month in (3, 6, 9, 11):
            services.record_fulfilment(actor=world.liaison, commitment=lifecycle.clinic,
                                       date=dt.date(2026, month, 18), content=f"{month}月义诊", person_times=100,
                                       volunteer_hours=20)
        assert ours(check_todos(client, world.liaison))["contracts.soon"] == 0  # completed: nothing waits


def test_due_soon_is_the_reminders_approaching():
    assert selectors.APPROACHING_DAYS == services.APPROACHING_DAYS


def test_unknown_filter_values_are_ignored(world, lifecycle, client_for):
    client = client_for(world.wumei_staff)
    with clock.frozen(DEC_5):
        for url in ("contracts:projects", "contracts:list", "contracts:meetings"):
            response = client.get(reverse(url) + "?due=later&step=nonsense&mine=2&area=x&status=y")
            assert response.status_code == 200
            assert response.context["page"].paginator.count == {"contracts:projects": 2}.get(url, 1)


def test_the_negotiation_and_signing_steps_wait_for_whose_turn_it_is(world, lifecycle, client_for):
    w = world
    hospital_liaison, staff, street = client_for(w.liaison), client_for(w.wumei_staff), client_for(w.street_staff)
    with clock.frozen(DEC_5):
        meeting = services.convene_meeting(
            actor=w.street_staff, community=w.wumei, title="2027年五美社区契约化共建商谈会",
            starts_at=DEC_5 + dt.timedelta(days=5), place="五美社区党群服务中心",
            units=[w.hospital, lifecycle.social_centre])
        assert ours(check_todos(street, w.street_staff))["contracts.minutes"] == 0  # not held yet
    with clock.frozen(DEC_20):
        assert ours(check_todos(street, w.street_staff)) == {"contracts.sign": 0, "contracts.draft": 0,
                                                           "contracts.minutes": 1}
        assert "contracts.minutes" not in ours(check_todos(staff, w.wumei_staff))  # the street convenes, not her
        services.record_meeting_minutes(actor=w.street_staff, meeting=meeting, notes="商定2027年度项目")
        assert ours(check_todos(staff, w.wumei_staff)) == {"contracts.sign": 0, "contracts.draft": 1}
        draft = services.draft_contract(
            actor=w.wumei_staff, community=w.wumei, title="五美社区2027年度党建共建契约", year=2027,
            term_start=dt.date(2027, 1, 1), term_end=dt.date(2027, 12, 31),
            units=[w.hospital, lifecycle.social_centre], meeting=meeting)
        services.add_commitment(
            actor=w.wumei_staff, contract=draft, undertakers=[w.hospital], area="governance", title="健康讲座进楼院",
            content="每季度一次健康讲座", beneficiaries=["elderly"], deadline=dt.date(2027, 12, 15),
            target_services=4, target_person_times=200)
        assert ours(check_todos(staff, w.wumei_staff)) == {"contracts.sign": 0, "contracts.draft": 0}
        assert ours(check_todos(hospital_liaison, w.liaison))["contracts.agree"] == 1
        services.record_agreement(actor=w.liaison, contract=draft, organisation=w.hospital, representative="周丽华")
        services.record_agreement(actor=w.street_staff, contract=draft, organisation=lifecycle.social_centre,
                                  representative="莫晓琳")
        assert ours(check_todos(hospital_liaison, w.liaison))["contracts.agree"] == 0
        assert ours(check_todos(staff, w.wumei_staff))["contracts.sign"] == 1
        services.sign_contract(actor=w.wumei_staff, contract=draft)
        assert ours(check_todos(staff, w.wumei_staff))["contracts.sign"] == 0
    assert ours({t.key: t.count for t in todos_for(w.receiver)}) == {}
