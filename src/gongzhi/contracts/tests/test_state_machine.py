"""Property-based: no sequence of API calls, by anybody, edits a signed contract, changes a published board
page, or succeeds outside the caller's scope (hypothesis stateful testing)."""

import datetime as dt

import pytest
from django.test import Client
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from gongzhi.chronicle.services import verify
from gongzhi.contracts.models import Contract, ContractStatus, Publication
from gongzhi.contracts.tests.conftest import build_lifecycle
from gongzhi.core import clock

DECEMBER = dt.datetime(2026, 12, 20, 10, 0, tzinfo=dt.UTC)
JSON = "application/json"
IN_SCOPE = ["wumei_staff", "street_staff", "district_staff", "liaison", "admin"]
OUT_OF_SCOPE = ["nanmen_staff", "receiver", "resident", "outsider", "wumei_grid_worker"]


def _text_of(contract) -> list:
    """Everything a signature freezes."""
    return [contract.title, contract.term_start, contract.term_end, contract.document_sha256,
            sorted(contract.parties.values_list("organisation_id", "representative")),
            [(m.title, m.content, m.deadline, m.target_services, m.target_person_times,
              sorted(m.undertakers.values_list("pk", flat=True)), sorted(m.milestones.values_list("title", "due_on")))
             for m in contract.commitments.order_by("pk")]]


class ContractMachine(RuleBasedStateMachine):
    world = None
    lifecycle = None

    @initialize()
    def remember(self):
        self.clients = {p: self._client(p) for p in IN_SCOPE + OUT_OF_SCOPE}
        self.frozen_texts = {}
        self.published = {}
        self._freeze_signed()

    def _client(self, persona):
        client = Client()
        client.force_login(getattr(self.world, persona))
        return client

    def _freeze_signed(self):
        for c in Contract.objects.exclude(status=ContractStatus.DRAFT):
            self.frozen_texts.setdefault(c.pk, _text_of(c))
        for p in Publication.objects.all():
            self.published.setdefault(p.pk, (p.sha256, p.snapshot))

    def _contract_ids(self):
        return list(Contract.objects.values_list("pk", flat=True))

    def _call(self, persona, method, url, data=None, **extra):
        with clock.frozen(DECEMBER):
            response = getattr(self.clients[persona], method)(url, data, **extra)
        assert response.status_code < 500, (persona, url, response.content[:300])
        if persona in OUT_OF_SCOPE:
            assert response.status_code >= 400, f"{persona} succeeded at {method} {url}"
        self._freeze_signed()
        return response

    @rule(persona=st.sampled_from(IN_SCOPE + OUT_OF_SCOPE), pick=st.integers(0, 20),
          title=st.text(alphabet="义诊助老讲座课堂", min_size=1, max_size=6))
    def add_commitment(self, persona, pick, title):
        ids = self._contract_ids()
        self._call(persona, "post", f"/api/v1/contracts/{ids[pick % len(ids)]}/commitments", {
            "area": "governance", "title": title, "content": "服务", "deadline": "2026-12-01",
            "undertaker_ids": [self.world.hospital.pk]}, content_type=JSON)

    @rule(persona=st.sampled_from(IN_SCOPE + OUT_OF_SCOPE), pick=st.integers(0, 20))
    def remove_a_commitment(self, persona, pick):
        ids = list(Contract.objects.values_list("commitments", flat=True).exclude(commitments=None))
        if ids:
            self._call(persona, "delete", f"/api/v1/contracts/commitments/{ids[pick % len(ids)]}")

    @rule(persona=st.sampled_from(IN_SCOPE + OUT_OF_SCOPE), pick=st.integers(0, 20))
    def agree_and_sign(self, persona, pick):
        ids = self._contract_ids()
        contract_id = ids[pick % len(ids)]
        for party in Contract.objects.get(pk=contract_id).parties.all():
            self._call(persona, "post", f"/api/v1/contracts/{contract_id}/agree",
                       {"organisation_id": party.organisation_id, "representative": "代表"}, content_type=JSON)
        self._call(persona, "post", f"/api/v1/contracts/{contract_id}/sign")

    @rule(persona=st.sampled_from(IN_SCOPE + OUT_OF_SCOPE), pick=st.integers(0, 20))
    def amend(self, persona, pick):
        ids = self._contract_ids()
        self._call(persona, "post", f"/api/v1/contracts/{ids[pick % len(ids)]}/amend", {"reason": "调整"},
                   content_type=JSON)

    @rule(persona=st.sampled_from(IN_SCOPE + OUT_OF_SCOPE), people=st.integers(0, 80), month=st.integers(1, 12))
    def record_fulfilment(self, persona, people, month):
        self._call(persona, "post", f"/api/v1/contracts/commitments/{self.lifecycle.clinic.pk}/fulfilments",
                   {"date": f"2026-{month:02d}-10", "content": "义诊", "person_times": people})

    @rule(persona=st.sampled_from(IN_SCOPE + OUT_OF_SCOPE), period=st.integers(0, 4))
    def publish(self, persona, period):
        self._call(persona, "post", "/api/v1/contracts/publications",
                   {"community_id": self.world.wumei.pk, "year": 2026, "period": period}, content_type=JSON)

    @invariant()
    def signed_text_never_changes(self):
        for pk, text in self.frozen_texts.items():
            assert _text_of(Contract.objects.get(pk=pk)) == text

    @invariant()
    def publications_never_change(self):
        for pk, (digest, snapshot) in self.published.items():
            p = Publication.objects.get(pk=pk)
            assert (p.sha256, p.snapshot) == (digest, snapshot)

    @invariant()
    def each_chain_of_versions_has_one_current_signed_version(self):
        for root in Contract.objects.filter(previous__isnull=True).exclude(status=ContractStatus.DRAFT):
            chain, current = [root], root
            while (current := Contract.objects.filter(previous=current).first()) is not None:
                chain.append(current)
            statuses = [c.status for c in chain]
            assert statuses.count(ContractStatus.SIGNED) == 1, statuses
            signed_at = statuses.index(ContractStatus.SIGNED)
            assert all(s == ContractStatus.SUPERSEDED for s in statuses[:signed_at]), statuses
            assert all(s == ContractStatus.DRAFT for s in statuses[signed_at + 1:]), statuses


@pytest.mark.django_db(transaction=False)
def test_no_sequence_of_api_calls_breaks_the_rules(world):
    ContractMachine.world = world
    ContractMachine.lifecycle = build_lifecycle(world)
    run_state_machine_as_test(ContractMachine, settings=settings(
        max_examples=20, stateful_step_count=10, deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]))
    assert verify().ok
