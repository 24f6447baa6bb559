"""Writing to and checking the chronicle. `record()` is called inside the service that made the change,
in the same transaction, so a change and its entry land together or not at all."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Model

from gongzhi.chronicle.models import GENESIS, Entry, Head
from gongzhi.chronicle.versions import bump, deferred_bumps
from gongzhi.core import clock
from gongzhi.core.privacy import scrub, scrub_data


def canonical(*, seq: int, at, subject_type: str, subject_id: str, subject_label: str, region_path: str,
              action: str, actor_id: int | None, actor_label: str, data: Any) -> str:
    at_utc = at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return json.dumps(
        [seq, at_utc, subject_type, subject_id, subject_label, region_path, action, actor_id, actor_label, data],
        ensure_ascii=False, sort_keys=True, separators=(",", ":"),
    )


def chain_hash(prev_hash: str, payload: str) -> str:
    return hashlib.sha256((prev_hash + payload).encode()).hexdigest()


def _subject_fields(subject: Model | tuple[str, str]) -> tuple[str, str, str, str]:
    if isinstance(subject, tuple):
        subject_type, subject_id = subject
        return subject_type, str(subject_id), "", ""
    meta = subject._meta
    region_path = getattr(subject, "chronicle_region_path", None)
    if callable(region_path):
        region_path = region_path()
    # a subject's label ("GZ… 漏水 电话137…") holds free text: masked like the entry's data
    return f"{meta.app_label}.{meta.model_name}", str(subject.pk), scrub(str(subject))[:200], region_path or ""


@transaction.atomic
def record(subject: Model | tuple[str, str], action: str, actor=None, data: dict | None = None) -> Entry:
    """Append one entry. `subject` is a saved model instance (or a (type, id) pair); `data` is JSON-able
    and is scrubbed of phone and ID numbers before it is hashed and stored."""
    subject_type, subject_id, subject_label, region_path = _subject_fields(subject)
    held = _held.get()
    head = _held_state(held) if held is not None else Head.objects.select_for_update().get_or_create(id=1)[0]
    actor_id = actor.pk if actor is not None and getattr(actor, "pk", None) else None
    actor_label = (getattr(actor, "display_name", "") or getattr(actor, "username", "")) if actor_id else ""
    clean = json.loads(json.dumps(scrub_data(data or {}), ensure_ascii=False, default=str))
    at = clock.now()
    seq = head.seq + 1
    payload = canonical(seq=seq, at=at, subject_type=subject_type, subject_id=subject_id,
                        subject_label=subject_label, region_path=region_path, action=action,
                        actor_id=actor_id, actor_label=actor_label, data=clean)
    entry = Entry.objects.create(
        seq=seq, at=at, subject_type=subject_type, subject_id=subject_id, subject_label=subject_label,
        region_path=region_path, action=action, actor_id=actor_id, actor_label=actor_label, data=clean,
        prev_hash=head.hash, hash=chain_hash(head.hash, payload),
    )
    if held is not None:
        held.seq, held.hash = seq, entry.hash
    else:
        Head.objects.filter(id=1).update(seq=seq, hash=entry.hash)
    bump(region_path, seq)
    return entry


# --- bulk loads -------------------------------------------------------------------------------------------------
# PostgreSQL keeps every version of a row updated again and again in one open transaction until it ends, and each
# lookup walks them all: the demo's ten thousand entries in its one transaction made each `record` slower than the
# last (the head row and the root's region version), thirty minutes in all. `held_head` locks the head once, keeps
# it in memory and writes it, and the region versions, once at the end. The entries are the same, byte for byte.

_held: ContextVar[Head | None] = ContextVar("held_head", default=None)


def _held_state(held: Head) -> Head:
    """The held head, re-read from the entries if a savepoint rolled back the last one we wrote (a service that
    failed inside the load, its error caught): the chain then continues from the entry that stayed."""
    if held.seq and not Entry.objects.filter(seq=held.seq, hash=held.hash).exists():
        last = Entry.objects.order_by("-seq").values_list("seq", "hash").first()
        held.seq, held.hash = last if last else (0, GENESIS)
    return held


@contextmanager
def held_head() -> Iterator[None]:
    """For a bulk load inside one transaction (`gongzhi demo`): `record` takes the chain's head from memory and
    the head row and region versions are written when the block ends without an error (else the transaction they
    belong to is rolled back anyway). Nothing else may write the chronicle meanwhile: the head stays locked."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("held_head() needs a transaction")
    head, _ = Head.objects.select_for_update().get_or_create(id=1)
    token = _held.set(head)
    try:
        with deferred_bumps():
            yield
            _held_state(head)
            Head.objects.filter(id=1).update(seq=head.seq, hash=head.hash)
    finally:
        _held.reset(token)


@dataclass(frozen=True)
class Verification:
    ok: bool
    checked: int
    first_bad_seq: int | None = None
    reason: str = ""


def verify(batch_size: int = 5000) -> Verification:
    """Walk the whole chain in order. Names the first entry that was edited, deleted or inserted out of
    order, or reports that the newest entries were cut off."""
    expected_seq, prev_hash, checked = 1, GENESIS, 0
    while True:
        rows = list(Entry.objects.filter(seq__gte=expected_seq).order_by("seq")[:batch_size])
        if not rows:
            break
        for e in rows:
            if e.seq != expected_seq:
                return Verification(False, checked, expected_seq, f"entry #{expected_seq} is missing")
            if e.prev_hash != prev_hash:
                return Verification(False, checked, e.seq, f"entry #{e.seq} does not follow entry #{e.seq - 1}")
            payload = canonical(seq=e.seq, at=e.at, subject_type=e.subject_type, subject_id=e.subject_id,
                                subject_label=e.subject_label, region_path=e.region_path, action=e.action,
                                actor_id=e.actor_id, actor_label=e.actor_label, data=e.data)
            if chain_hash(prev_hash, payload) != e.hash:
                return Verification(False, checked, e.seq, f"entry #{e.seq} was altered")
            prev_hash, expected_seq, checked = e.hash, e.seq + 1, checked + 1
    head = Head.objects.filter(id=1).first()
    head_seq, head_hash = (head.seq, head.hash) if head else (0, GENESIS)
    if head_seq != checked or head_hash != prev_hash:
        if head_seq > checked:
            return Verification(False, checked, checked + 1, f"entry #{checked + 1} is missing (chain head is #{head_seq})")
        return Verification(False, checked, head_seq + 1, "the chain head does not match the last entry")
    return Verification(True, checked)


def entries_for(subject: Model):
    meta = subject._meta
    return Entry.objects.filter(subject_type=f"{meta.app_label}.{meta.model_name}", subject_id=str(subject.pk))
