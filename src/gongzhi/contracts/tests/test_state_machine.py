"""Property-based: random API calls by random personas on the contract lifecycle (hypothesis stateful testing).

A model of the rules predicts every response — the success code, or the specific refusal: 404 when the persona's
scope or role does not allow the act, 400 with the service's own message when the contract's state does not —
and the machine checks that no sequence edits a signed contract, changes a published board page, or leaves a
chain of versions without exactly one signed version. The world and the signed contract of build_lifecycle are
built once; each example runs inside a savepoint rolled back at its end, so every example starts from the same
state. By default 12 examples from a fixed seed keep the run short and repeatable (signing and publishing render
PDFs); GONGZHI_STATEFUL_EXAMPLES=200 explores that many random examples instead."""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass

import pytest
from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from gongzhi.chronicle.services import verify
from gongzhi.contracts.models import Commitment, Contract, ContractStatus, Publication
from gongzhi.contracts.tests.conftest import build_lifecycle
from gongzhi.core import clock

DECEMBER = dt.datetime(2026, 12, 20, 10, 0, tzinfo=dt.UTC)  # quarters 1–3 of 2026 have ended, the 4th has not
JSON = "application/json"
IN_SCOPE = ["wumei_staff", "street_staff", "district_staff", "liaison", "admin"]
OUT_OF_SCOPE = ["nanmen_staff", "receiver", "resident", "outsider", "wumei_grid_worker"]
PERSONAS = IN_SCOPE + OUT_OF_SCOPE
# The rules of contracts/permissions.py, written out per persona of the world (五美社区's contract, the hospital
# and the social centre its units, the hospital undertaking the clinic):
DRAFTERS = {"wumei_staff", "street_staff", "district_staff", "admin"}  # draft, change, sign and amend
ORGANISERS = {"street_staff", "district_staff", "admin"}  # record any unit's agreement
FULFILLERS = {"wumei_staff", "admin", "liaison"}  # the clinic's fulfilment: community staff and the hospital
PUBLISHERS = {"wumei_staff", "street_staff", "admin"}  # 五美社区's board

NOT_A_DRAFT = "契约已签订，文本不可修改"


@dataclass
class Version:
    """One contract version as the model sees it."""

    pk: int
    status: str
    commitments: list[int]
    agreed: set[int]
    previous: int | None = None
    amended: bool = False  # an amendment draft (or a later version) exists


@dataclass
class Expect:
    status: int
    says: str = ""  # a fragment of the refusal's message

    @classmethod
    def refuse(cls, says: str) -> Expect:
        return cls(400, says)


NOT_YOURS = Expect(404)


def _text_of(contract) -> list:
    """Everything a signature freezes."""
    return [contract.title, contract.term_start, contract.term_end, contract.document_sha256,
            sorted(contract.parties.values_list("organisation_id", "representative")),
            [(m.title, m.content, m.deadline, m.target_services, m.target_person_times,
              sorted(m.undertakers.values_list("pk", flat=True)), sorted(m.milestones.values_list("title", "due_on")))
             for m in contract.commitments.order_by("pk")]]


@pytest.mark.django_db(transaction=False)
def test_no_sequence_of_api_calls_breaks_the_rules(world, client_for):
    c = build_lifecycle(world)
    clients = {p: client_for(getattr(world, p)) for p in PERSONAS}
    units = [world.hospital.pk, c.social_centre.pk]
    reached = {"ok": set(), "refused": set()}

    class ContractMachine(RuleBasedStateMachine):
        @initialize()
        def start_from_the_signed_contract(self):
            self.savepoint = transaction.savepoint()
            self.versions = [Version(pk=c.contract.pk, status=ContractStatus.SIGNED, agreed=set(units),
                                     commitments=[c.clinic.pk, c.classroom.pk])]
            self.published: set[int] = set()  # periods of 五美社区's 2026 board
            self.frozen_texts: dict[int, list] = {}
            self.frozen_pages: dict[int, tuple] = {}
            self._freeze()

        def teardown(self):
            if hasattr(self, "savepoint"):
                transaction.savepoint_rollback(self.savepoint)

        # --- calling and checking -----------------------------------------------------------------------

        def _call(self, what: str, persona: str, expect: Expect, method: str, url: str, data=None, **extra):
            with clock.frozen(DECEMBER):
                response = getattr(clients[persona], method)(url, data, **extra)
            body = response.content.decode()
            if response.status_code == 400:
                body = json.dumps(response.json(), ensure_ascii=False)
            assert response.status_code == expect.status, (what, persona, expect, response.status_code, body[:400])
            assert expect.says in body, (what, persona, expect, body[:400])
            (reached["ok"] if expect.status < 400 else reached["refused"]).add(what)
            self._freeze()
            return response

        def _freeze(self):
            for contract in Contract.objects.exclude(status=ContractStatus.DRAFT):
                self.frozen_texts.setdefault(contract.pk, _text_of(contract))
            for p in Publication.objects.all():
                self.frozen_pages.setdefault(p.pk, (p.sha256, p.snapshot))

        def _version(self, pick: int) -> Version:
            return self.versions[pick % len(self.versions)]

        # --- the rules ------------------------------------------------------------------------------------

        @rule(persona=st.sampled_from(PERSONAS), pick=st.integers(0, 20),
              title=st.text(alphabet="义诊助老讲座课堂", min_size=1, max_size=6))
        def add_commitment(self, persona, pick, title):
            v = self._version(pick)
            expect = (NOT_YOURS if persona not in DRAFTERS else
                      Expect.refuse(NOT_A_DRAFT) if v.status != ContractStatus.DRAFT else Expect(201))
            response = self._call("add_commitment", persona, expect, "post", f"/api/v1/contracts/{v.pk}/commitments", {
                "area": "governance", "title": title, "content": "服务", "deadline": "2026-12-01",
                "undertaker_ids": [world.hospital.pk]}, content_type=JSON)
            if expect.status == 201:
                v.commitments.append(response.json()["id"])
                v.agreed.clear()  # the units agree again to the changed commitments

        @rule(persona=st.sampled_from(PERSONAS), pick=st.integers(0, 40))
        def remove_a_commitment(self, persona, pick):
            owned = [(v, pk) for v in self.versions for pk in v.commitments]
            if not owned:
                return
            v, commitment = owned[pick % len(owned)]
            expect = (NOT_YOURS if persona not in DRAFTERS else
                      Expect.refuse(NOT_A_DRAFT) if v.status != ContractStatus.DRAFT else Expect(204))
            self._call("remove_commitment", persona, expect, "delete", f"/api/v1/contracts/commitments/{commitment}")
            if expect.status == 204:
                v.commitments.remove(commitment)
                v.agreed.clear()

        @rule(persona=st.sampled_from(PERSONAS), pick=st.integers(0, 20), unit=st.sampled_from([0, 1]))
        def agree(self, persona, pick, unit):
            v, organisation = self._version(pick), units[unit]
            may = persona in ORGANISERS or (persona == "liaison" and organisation == world.hospital.pk)
            expect = (NOT_YOURS if not may else
                      Expect.refuse(NOT_A_DRAFT) if v.status != ContractStatus.DRAFT else Expect(200))
            self._call("agree", persona, expect, "post", f"/api/v1/contracts/{v.pk}/agree",
                       {"organisation_id": organisation, "representative": "代表"}, content_type=JSON)
            if expect.status == 200:
                v.agreed.add(organisation)

        @rule(persona=st.sampled_from(PERSONAS), pick=st.integers(0, 20))
        def sign(self, persona, pick):
            v = self._version(pick)
            expect = (NOT_YOURS if persona not in DRAFTERS else
                      Expect.refuse(NOT_A_DRAFT) if v.status != ContractStatus.DRAFT else
                      Expect.refuse("契约至少要有一项承诺事项") if not v.commitments else
                      Expect.refuse("尚未确认") if v.agreed != set(units) else Expect(200))
            self._call("sign", persona, expect, "post", f"/api/v1/contracts/{v.pk}/sign")
            if expect.status == 200:
                v.status = ContractStatus.SIGNED
                if v.previous is not None:
                    next(p for p in self.versions if p.pk == v.previous).status = ContractStatus.SUPERSEDED

        @rule()
        def the_street_gets_the_latest_version_agreed_and_the_community_signs_it(self):
            """The proper way through, so that examples reach signed amendments."""
            pick = len(self.versions) - 1
            for unit in (0, 1):
                self.agree("street_staff", pick, unit)
            self.sign("wumei_staff", pick)

        @rule(title=st.text(alphabet="义诊助老讲座课堂", min_size=1, max_size=6))
        def the_community_amends_the_signed_version_and_adds_a_commitment(self, title):
            """The proper way to change a signed contract: a new draft version, then its commitments."""
            signed = next(i for i, v in enumerate(self.versions) if v.status == ContractStatus.SIGNED)
            self.amend("wumei_staff", signed, "调整")
            self.add_commitment("wumei_staff", len(self.versions) - 1, title)

        @rule(persona=st.sampled_from(PERSONAS), pick=st.integers(0, 20), reason=st.sampled_from(["调整", " "]))
        def amend(self, persona, pick, reason):
            v = self._version(pick)
            expect = (NOT_YOURS if persona not in DRAFTERS else
                      Expect.refuse("只有已签订的契约可以修订") if v.status != ContractStatus.SIGNED else
                      Expect.refuse("该契约已有一份修订草案") if v.amended else
                      Expect.refuse("请说明修订原因") if not reason.strip() else Expect(201))
            response = self._call("amend", persona, expect, "post", f"/api/v1/contracts/{v.pk}/amend",
                                  {"reason": reason}, content_type=JSON)
            if expect.status == 201:
                new = response.json()["id"]
                assert response.json()["status"] == ContractStatus.DRAFT
                v.amended = True
                copies = list(Commitment.objects.filter(contract_id=new).order_by("pk").values_list("pk", flat=True))
                assert len(copies) == len(v.commitments)  # the draft copies every commitment
                self.versions.append(Version(pk=new, status=ContractStatus.DRAFT, commitments=copies, agreed=set(),
                                             previous=v.pk))

        @rule(persona=st.sampled_from(PERSONAS), people=st.integers(-1, 80), month=st.integers(1, 12))
        def record_fulfilment(self, persona, people, month):
            """Always on the first version's clinic: once an amendment is signed it is no longer in force."""
            first = self.versions[0]
            expect = (NOT_YOURS if persona not in FULFILLERS else
                      Expect.refuse("只有已签订且现行有效的契约可以登记履约") if first.status != ContractStatus.SIGNED
                      else Expect.refuse("人次和时长不能为负数") if people < 0 else Expect(201))
            self._call("record_fulfilment", persona, expect, "post",
                       f"/api/v1/contracts/commitments/{c.clinic.pk}/fulfilments",
                       {"date": f"2026-{month:02d}-10", "content": "义诊", "person_times": people})

        @rule(people=st.integers(0, 80), month=st.integers(1, 12))
        def the_community_records_a_service(self, people, month):
            """Guided, like the rules above: random personas alone rarely record on a version still in force."""
            self.record_fulfilment("wumei_staff", people, month)

        @rule(persona=st.sampled_from(PERSONAS), period=st.integers(0, 4))
        def publish(self, persona, period):
            expect = (NOT_YOURS if persona not in PUBLISHERS else
                      Expect.refuse("本期已公示") if period in self.published else
                      Expect.refuse("第4季度尚未结束") if period == 4 else Expect(201))
            self._call("publish", persona, expect, "post", "/api/v1/contracts/publications",
                       {"community_id": world.wumei.pk, "year": 2026, "period": period}, content_type=JSON)
            if expect.status == 201:
                self.published.add(period)

        @rule(period=st.integers(0, 4))
        def the_community_publishes(self, period):
            self.publish("wumei_staff", period)

        # --- what must always hold ------------------------------------------------------------------------

        @invariant()
        def the_database_is_what_the_model_says(self):
            for v in self.versions:
                contract = Contract.objects.get(pk=v.pk)
                assert contract.status == v.status, (v, contract.status)
                assert sorted(contract.commitments.values_list("pk", flat=True)) == sorted(v.commitments)
                agreed = set(contract.parties.filter(agreed_at__isnull=False).values_list("organisation_id", flat=True))
                assert agreed == v.agreed
            assert Contract.objects.count() == len(self.versions)
            assert set(Publication.objects.filter(community=world.wumei, year=2026)
                       .values_list("period", flat=True)) == self.published

        @invariant()
        def signed_text_never_changes(self):
            for pk, text in self.frozen_texts.items():
                assert _text_of(Contract.objects.get(pk=pk)) == text

        @invariant()
        def publications_never_change(self):
            for pk, (digest, snapshot) in self.frozen_pages.items():
                p = Publication.objects.get(pk=pk)
                assert (p.sha256, p.snapshot) == (digest, snapshot)

        @invariant()
        def each_chain_of_versions_has_one_current_signed_version(self):
            statuses = [Contract.objects.get(pk=v.pk).status for v in self.versions]  # the chain, in order
            assert statuses.count(ContractStatus.SIGNED) == 1, statuses
            signed_at = statuses.index(ContractStatus.SIGNED)
            assert all(s == ContractStatus.SUPERSEDED for s in statuses[:signed_at]), statuses
            assert all(s == ContractStatus.DRAFT for s in statuses[signed_at + 1:]), statuses

    deeper = os.environ.get("GONGZHI_STATEFUL_EXAMPLES")  # a longer, random exploration on demand
    run_state_machine_as_test(ContractMachine, settings=settings(
        max_examples=int(deeper or 12), derandomize=not deeper, stateful_step_count=12, deadline=None,
        database=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                              HealthCheck.function_scoped_fixture]))
    # One scripted walk through every success path, checked by the same model and invariants, so the rules'
    # successes are exercised whatever the random examples happened to draw.
    walk = ContractMachine()
    walk.start_from_the_signed_contract()
    try:
        for step in (lambda: walk.the_community_records_a_service(3, 3), lambda: walk.the_community_publishes(1),
                     lambda: walk.the_community_amends_the_signed_version_and_adds_a_commitment("义诊"),
                     walk.the_street_gets_the_latest_version_agreed_and_the_community_signs_it,
                     lambda: walk.record_fulfilment("liaison", -1, 5)):
            step()
            walk.the_database_is_what_the_model_says()
            walk.signed_text_never_changes()
            walk.publications_never_change()
            walk.each_chain_of_versions_has_one_current_signed_version()
    finally:
        walk.teardown()
    assert verify().ok
    # the examples did exercise both sides of the rules
    assert {"add_commitment", "agree", "sign", "amend", "record_fulfilment", "publish"} <= reached["ok"], reached
    assert len(reached["refused"]) >= 4, reached
