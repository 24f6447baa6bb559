"""Property-based state-machine test of the four ordered stages, driven through the API.

Random personas — the units' liaisons, community, street and district staff of 五美/象山, and staff of other
communities, streets and districts — call random stages of the two assessments in random order, with random
(sometimes invalid) scores, reports and reasons, and sometimes try to publish. After every step:
- the stages completed are a prefix of 自评 → 社区评议 → 街道总评 → 城区复核;
- a recorded stage result is never changed, removed or duplicated;
- every recorded stage was done by the one persona whose role and scope allow it;
- the final score and grade are set exactly when the district has re-checked.
The responses must match a model of the rules exactly (200, 400 for order and input, 404 for scope and role).
The world is built once; each example runs inside a savepoint rolled back at its end."""

from __future__ import annotations

import json
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from gongzhi.evaluation.models import STAGE_ORDER, Assessment, Scheme, Score, Stage, StageResult
from gongzhi.evaluation.tests.conftest import docx_report, pdf_report

API = "/api/v1/evaluation"
PERSONAS = ["liaison", "centre_liaison", "school_liaison", "wumei_staff", "nanmen_staff", "wumei_grid_worker",
            "street_staff", "lijun_staff", "district_staff", "xiufeng_staff", "admin"]
UNITS = ["hospital", "centre"]
# who sees which assessment (the API answers 404 to everybody else)
VISIBLE = {"liaison": {"hospital"}, "centre_liaison": {"centre"}, "wumei_staff": set(UNITS),
           "street_staff": set(UNITS), "district_staff": set(UNITS), "admin": set(UNITS)}
# the one persona who may do each stage of each assessment
ACTOR = {("hospital", Stage.SELF): "liaison", ("centre", Stage.SELF): "centre_liaison",
         **{(u, Stage.COMMUNITY): "wumei_staff" for u in UNITS}, **{(u, Stage.STREET): "street_staff" for u in UNITS},
         **{(u, Stage.DISTRICT): "district_staff" for u in UNITS}}
REPORTS = {"pdf": pdf_report, "docx": docx_report, "none": None,
           "text": lambda: SimpleUploadedFile("报告.pdf", b"plain text, renamed", content_type="application/pdf")}

score_values = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)
modes = st.sampled_from(["random", "same", "same", "same", "missing", "too_high", "negative"])
reasons = st.sampled_from(["", "  ", "抽查台账后调整"])
reports = st.sampled_from(["pdf", "pdf", "docx", "none", "text"])
starting_stages = st.sampled_from([0, 1, 2, 3, 4, 4, 4])  # how many stages a unit has done when an example starts


def _snapshot() -> dict:
    """Every stage result with its scores, as recorded."""
    scores: dict[int, dict] = {}
    for s in Score.objects.order_by("pk"):
        scores.setdefault(s.result_id, {})[s.indicator_id] = s.score
    return {r.pk: (r.assessment_id, r.stage, r.total, r.actor_id, r.at, r.comment, r.adjustment_reason,
                   scores.get(r.pk, {}))
            for r in StageResult.objects.order_by("pk")}


def test_no_sequence_of_api_calls_skips_reorders_or_changes_a_stage(evaluation, client_for):
    c = evaluation
    w = c.world
    users = {name: getattr(w, name) for name in PERSONAS}
    clients = {name: client_for(user) for name, user in users.items()}
    assessments = {"hospital": c.hospital_assessment, "centre": c.centre_assessment}
    indicators = [i.pk for i in c.scheme.indicators.all()]
    values = st.lists(score_values, min_size=len(indicators), max_size=len(indicators))
    reached = {"max": 0, "steps": 0, "published": 0}

    class EvaluationMachine(RuleBasedStateMachine):
        def __init__(self):
            super().__init__()
            self.savepoint = transaction.savepoint()
            self.done = dict.fromkeys(UNITS, 0)  # stages completed, in the model
            self.scores = {u: {} for u in UNITS}  # the last recorded stage's scores, in the model
            self.recorded: dict = {}
            self.published = False

        @initialize(hospital=starting_stages, centre=starting_stages, values=values)
        def start_somewhere(self, hospital, centre, values):
            """Examples start from any state: each unit already taken through some stages, properly."""
            for unit, stages in (("hospital", hospital), ("centre", centre)):
                for stage in STAGE_ORDER[:stages]:
                    self.attempt(ACTOR[(unit, stage)], unit, stage, values, "same", "", True, "pdf")

        def teardown(self):
            transaction.savepoint_rollback(self.savepoint)

        @rule(persona=st.sampled_from(PERSONAS), unit=st.sampled_from(UNITS), stage=st.sampled_from(STAGE_ORDER),
              values=values, mode=modes, reason=reasons, double=st.booleans(), report=reports)
        def anybody_does_any_stage(self, persona, unit, stage, values, mode, reason, double, report):
            self.attempt(persona, unit, stage, values, mode, reason, double, report)

        @rule(unit=st.sampled_from(UNITS), stage=st.sampled_from(STAGE_ORDER), values=values, mode=modes,
              reason=reasons, double=st.booleans(), report=reports)
        def the_right_role_does_any_stage(self, unit, stage, values, mode, reason, double, report):
            self.attempt(ACTOR[(unit, stage)], unit, stage, values, mode, reason, double, report)

        @rule(unit=st.sampled_from(UNITS), values=values, mode=modes, reason=reasons, double=st.booleans(),
              report=reports)
        def the_right_role_does_the_next_stage(self, unit, values, mode, reason, double, report):
            stage = STAGE_ORDER[min(self.done[unit], len(STAGE_ORDER) - 1)]
            self.attempt(ACTOR[(unit, stage)], unit, stage, values, mode, reason, double, report)

        def attempt(self, persona, unit, stage, values, mode, reason, double, report):
            assessment = assessments[unit]
            if mode == "same" and self.scores[unit]:
                scores = {str(k): str(v) for k, v in self.scores[unit].items()}
            else:
                scores = {str(pk): str(v) for pk, v in zip(indicators, values, strict=True)}
            if mode == "missing":
                scores.pop(str(indicators[-1]))
            elif mode == "too_high":
                scores[str(indicators[0])] = "100.01"
            elif mode == "negative":
                scores[str(indicators[0])] = "-1"
            valid_scores = mode not in ("missing", "too_high", "negative")

            url = f"{API}/assessments/{assessment.pk}/{stage.value}"
            client = clients[persona]
            if stage == Stage.SELF:
                data = {"scores": json.dumps(scores), "comment": "自评", "file_to_street": "true",
                        "file_to_supervisor": "true" if double else "false"}
                if REPORTS[report] is not None:
                    data["annual_report"] = REPORTS[report]()
                response = client.post(url, data)
            else:
                response = client.post(url, json.dumps({"scores": scores, "comment": "", "adjustment_reason": reason}),
                                       content_type="application/json")

            # the model of the rules
            index = STAGE_ORDER.index(stage)
            cleaned = {int(k): Decimal(v) for k, v in scores.items()} if valid_scores else {}
            out_of_turn = index != self.done[unit]
            no_double_report = stage == Stage.SELF and (not double or report in ("none", "text"))
            unexplained = stage == Stage.DISTRICT and cleaned != self.scores[unit] and not reason.strip()
            if unit not in VISIBLE.get(persona, set()) or ACTOR[(unit, stage)] != persona:
                expected = 404
            elif out_of_turn or not valid_scores or no_double_report or unexplained:
                expected = 400
            else:
                expected = 200
            assert response.status_code == expected, (persona, unit, stage, mode, response.content.decode())
            reached["steps"] += 1
            if expected == 200:
                self.done[unit] += 1
                reached["max"] = max(reached["max"], self.done[unit])
                self.scores[unit] = cleaned
                new = {pk: row for pk, row in _snapshot().items() if pk not in self.recorded}
                assert len(new) == 1 and next(iter(new.values()))[1] == stage
                self.recorded.update(new)

        @rule()
        def the_district_publishes(self):
            self.publish("district_staff")

        @rule(persona=st.sampled_from(PERSONAS))
        def anybody_publishes(self, persona):
            self.publish(persona)

        def publish(self, persona):
            response = clients[persona].post(f"{API}/schemes/{c.scheme.pk}/publish")
            if persona != "district_staff":
                expected = 404
            elif self.published or any(n < len(STAGE_ORDER) for n in self.done.values()):
                expected = 400
            else:
                expected = 200
            assert response.status_code == expected, (persona, response.content.decode())
            self.published = self.published or expected == 200
            reached["published"] += expected == 200

        @invariant()
        def stages_completed_are_a_prefix_of_the_order(self):
            for unit, a in assessments.items():
                stages = list(StageResult.objects.filter(assessment=a).order_by("at", "pk").values_list("stage",
                                                                                                       flat=True))
                assert stages == [s.value for s in STAGE_ORDER[: len(stages)]]
                assert len(stages) == self.done[unit]
                current = Assessment.objects.get(pk=a.pk).stage
                assert current == (stages[-1] if stages else "")

        @invariant()
        def recorded_results_never_change_nor_multiply(self):
            assert _snapshot() == self.recorded

        @invariant()
        def only_the_stages_role_in_scope_ever_succeeds(self):
            by_pk = {a.pk: unit for unit, a in assessments.items()}
            for assessment_id, stage, actor_id in StageResult.objects.values_list("assessment_id", "stage", "actor_id"):
                assert actor_id == users[ACTOR[(by_pk[assessment_id], Stage(stage))]].pk

        @invariant()
        def final_score_and_grade_iff_the_district_has_rechecked(self):
            for a in Assessment.objects.filter(pk__in=[a.pk for a in assessments.values()]):
                final = a.stage == Stage.DISTRICT
                assert (a.final_score is not None) == final and (a.grade != "") == final
                if final:
                    assert a.grade == a.scheme.grade_for(a.final_score)
            scheme = Scheme.objects.get(pk=c.scheme.pk)
            assert (scheme.outcomes_published_at is not None) == self.published

    run_state_machine_as_test(EvaluationMachine, settings=settings(
        max_examples=30, stateful_step_count=12, deadline=None, database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]))
    assert reached["max"] == len(STAGE_ORDER), reached  # the examples did reach the district re-check
