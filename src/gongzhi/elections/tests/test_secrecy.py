"""The ballot is secret: with full access to the database (every table, every column, PostgreSQL's system columns
xmin and ctid), the chronicle and the logs, no query pairs a voter with what she chose.

Six residents vote at different minutes with known choices (two of them identically). The test then plays the
attacker: it diffs every table before and after the votes (nothing but voter records, the counters, the chronicle
and its head may change), reads the chronicle and the captured logs (with SQL logging switched on, as under DEBUG),
and tries the obvious joins between voter records and candidate rows — equal ids, insertion order, row position,
timestamps, xmin, ctid. A join "works" if it names every voter's choice; none may."""

import datetime as dt
import json
import logging

import pytest
from django.db import connection

from gongzhi.chronicle.models import Entry
from gongzhi.core import clock
from gongzhi.elections import services
from gongzhi.elections.models import Candidate, VoterRecord
from gongzhi.elections.tests.conftest import VOTING, id_number, resident

CHOICES = [[0], [0], [1], [0, 1], [2], [1, 2]]  # candidate indexes each voter marks (two identical ballots)


def _tables():
    return sorted(connection.introspection.table_names())


def _dump(table: str, system: bool = False) -> list[tuple]:
    q = connection.ops.quote_name(table)
    extra = "xmin::text AS _xmin, ctid::text AS _ctid, " if system and connection.vendor == "postgresql" else ""
    with connection.cursor() as c:
        c.execute(f"SELECT {extra}* FROM {q}")
        columns = [d[0] for d in c.description]
        return [dict(zip(columns, row, strict=True)) for row in c.fetchall()]


def _snapshot() -> dict[str, set]:
    return {t: {json.dumps(r, default=str, sort_keys=True) for r in _dump(t)} for t in _tables()}


@pytest.fixture
def ballots(world, voting, caplog):
    e = voting
    people = [resident(world, f"secret{i}", f"投票人{i}", id_number=id_number(300 + i)) for i in range(len(CHOICES))]
    before = _snapshot()
    caplog.set_level(logging.DEBUG)
    connection.force_debug_cursor = True  # as with DEBUG = True: Django keeps and logs every statement
    try:
        for i, (user, marks) in enumerate(zip(people, CHOICES, strict=True)):
            with clock.frozen(VOTING + dt.timedelta(minutes=7 * i)):
                services.cast_vote(actor=user, election=e.election, candidate_ids=[e.candidates[m].pk for m in marks])
        queries = [q["sql"] for q in connection.queries]
    finally:
        connection.force_debug_cursor = False
    e.people, e.before, e.after, e.queries = people, before, _snapshot(), queries
    e.truth = {u.person.pk: {e.candidates[m].pk for m in marks} for u, marks in zip(people, CHOICES, strict=True)}
    return e


# the chronicle's region versions move with every entry (ADR 0019): they hold entry numbers only, nothing of a choice
ALLOWED_TO_CHANGE = {VoterRecord._meta.db_table, Candidate._meta.db_table, Entry._meta.db_table, "chronicle_head",
                     "chronicle_regionversion"}


def test_a_vote_writes_nowhere_but_the_voter_record_the_counters_and_the_chronicle(ballots):
    changed = {t for t in ballots.after if ballots.after[t] != ballots.before.get(t, set())}
    assert changed <= ALLOWED_TO_CHANGE, f"a vote wrote to {sorted(changed - ALLOWED_TO_CHANGE)}"
    records = _dump(VoterRecord._meta.db_table)
    assert len(records) == len(CHOICES)
    assert set(records[0]) == {"id", "election_id", "person_id", "channel", "recorded_by_id"}  # no choice, no time
    candidate_columns = set(_dump(Candidate._meta.db_table)[0])
    assert not any(c[-2:] == "at" or "time" in c or "date" in c or "person" in c.replace("person_id", "")
                   for c in candidate_columns), candidate_columns
    assert sum(c.online_votes for c in Candidate.objects.all()) == sum(len(m) for m in CHOICES)


def test_the_chronicle_says_who_voted_never_what(ballots):
    names = {c.person.name for c in Candidate.objects.select_related("person")}
    ids = {str(c.pk) for c in ballots.candidates}
    votes = list(Entry.objects.filter(action="elections.voted"))
    assert len(votes) == len(CHOICES)
    for entry in votes:
        text = json.dumps([entry.subject_type, entry.subject_id, entry.subject_label, entry.data], ensure_ascii=False)
        assert entry.subject_type == "elections.election" and entry.data == {"channel": "online"}
        assert not any(n in text for n in names), text
        assert not (ids & set(json.dumps(entry.data).replace("{", " ").replace("}", " ").split())), text


def test_the_logs_and_the_query_log_hold_no_choice(ballots, caplog):
    names = {c.person.name for c in Candidate.objects.select_related("person")}
    logged = [r.getMessage() for r in caplog.records]
    assert not any("online_votes" in m or any(n in m for n in names) for m in logged)
    assert not any("online_votes" in q for q in ballots.queries)  # the counters' UPDATE is not in the query log
    assert any("elections_voterrecord" in q for q in ballots.queries)  # while the voter records' INSERTs are


def _works(pairing: dict, truth: dict) -> bool:
    """A join works if it names exactly what every voter chose."""
    return all(pairing.get(person) == choice for person, choice in truth.items())


def test_no_obvious_join_pairs_a_voter_with_a_choice(ballots):
    records = _dump(VoterRecord._meta.db_table, system=True)
    candidates = [c for c in _dump(Candidate._meta.db_table, system=True)
                  if c["election_id"] == ballots.election.pk]
    mine = [r for r in records if r["person_id"] in ballots.truth]
    joins = {}
    # 1. equal ids (a voter record's id used as a ballot's)
    joins["ids"] = {r["person_id"]: {c["id"] for c in candidates if c["id"] == r["id"]} for r in mine}
    # 2. insertion order / row position: the k-th voter record against the k-th candidate row
    by_id = sorted(mine, key=lambda r: r["id"])
    joins["insertion order"] = {r["person_id"]: {candidates[k % len(candidates)]["id"]} for k, r in enumerate(by_id)}
    joins["row position"] = {r["person_id"]: {candidates[k % len(candidates)]["id"]} for k, r in enumerate(mine)}
    # 3. timestamps: any datetime in a candidate row equal to the voter's chronicle entry
    at = {e.actor_id: e.at for e in Entry.objects.filter(action="elections.voted")}
    user_of = {u.person.pk: u.pk for u in ballots.people}
    joins["timestamps"] = {p: {c["id"] for c in candidates if at.get(user_of[p]) in c.values()} for p in ballots.truth}
    if connection.vendor == "postgresql":
        # 4. the transaction that wrote a row: a voter record's xmin against the candidate rows' xmin
        joins["xmin"] = {r["person_id"]: {c["id"] for c in candidates if c["_xmin"] == r["_xmin"]} for r in mine}
        # every vote rewrote every candidate row, so the xmin join can only ever name all candidates or none
        for found in joins["xmin"].values():
            assert found in (set(), {c["id"] for c in candidates})
        # 5. physical position (ctid)
        joins["ctid"] = {r["person_id"]: {c["id"] for c in candidates if c["_ctid"] == r["_ctid"]} for r in mine}
    working = [name for name, pairing in joins.items() if _works(pairing, ballots.truth)]
    assert not working, f"these joins pair voters with their choices: {working}"
    # and the attacker's own check works: the true pairing would be caught
    assert _works(ballots.truth, ballots.truth)


def test_two_identical_ballots_leave_the_same_trace(world, voting):
    """Voting for A touches exactly the same rows as voting for B: the counters are updated as a whole."""
    e = voting
    a, b = (resident(world, f"twin{i}", f"孪生{i}", id_number=id_number(400 + i)) for i in range(2))

    def rows_touched(user, pick):
        before = {c["id"]: c for c in _dump(Candidate._meta.db_table, system=True)}
        services.cast_vote(actor=user, election=e.election, candidate_ids=[pick.pk])
        after = {c["id"]: c for c in _dump(Candidate._meta.db_table, system=True)}
        if connection.vendor == "postgresql":
            return {k for k in after if after[k]["_xmin"] != before[k]["_xmin"]}
        return {k for k in after if after[k] != before[k]}

    touched_a = rows_touched(a, e.candidates[0])
    touched_b = rows_touched(b, e.candidates[1])
    if connection.vendor == "postgresql":
        assert touched_a == touched_b == {c.pk for c in e.candidates}
