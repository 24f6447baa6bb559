"""人才储备库: every write (keyword-only functions, one transaction, the checks, the chronicle entry).

`actor` None means the system (the demo): permission checks are skipped, the rules are not. Chronicle data hold
codes and ids, never names or phone numbers."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from gongzhi.chronicle.services import record
from gongzhi.core import clock, limits
from gongzhi.core.checks import require
from gongzhi.core.pinyin import search_key
from gongzhi.people.models import Person
from gongzhi.regions.models import RegionKind, RegionNode
from gongzhi.talent.models import Availability, Skill, Source, Talent
from gongzhi.talent.permissions import may_keep_pool, own_person


def community_of(person: Person) -> RegionNode | None:
    home = person.home
    if home.kind == RegionKind.COMMUNITY:
        return home
    return home.ancestors().filter(kind=RegionKind.COMMUNITY).first()


def _choices(values: Iterable[str] | None, allowed: list[str], *, field: str, empty: str, unknown: str) -> list[str]:
    values = [str(v) for v in (values or ())]
    if any(v not in allowed for v in values):
        raise ValidationError({field: unknown})
    chosen = [v for v in allowed if v in set(values)]  # the fixed order, each once
    if not chosen and empty:
        raise ValidationError({field: empty})
    return chosen


def _note(value: str | None) -> str:
    value = (value or "").strip()
    if "\x00" in value:
        raise ValidationError({"skills_note": _("特长说明含有无效字符")})
    if len(value) > limits.SHORT_TEXT:
        raise ValidationError({"skills_note": _("特长说明不能超过 %(n)d 个字") % {"n": limits.SHORT_TEXT}})
    return value


def _clean(skills, skills_note, availability) -> tuple[list[str], str, list[str]]:
    note = _note(skills_note)
    skills = _choices(skills, Skill.values, field="skills", empty="" if note else _("请至少选择一项特长或填写特长说明"),
                      unknown=_("特长须从列表中选择"))
    availability = _choices(availability, Availability.values, field="availability",
                            empty=_("请至少选择一个可服务时间"), unknown=_("可服务时间须从列表中选择"))
    return skills, note, availability


def _key(person: Person, skills: list[str], note: str) -> str:
    labels = dict(Skill.choices)
    return search_key(" ".join([person.name, *[str(labels[s]) for s in skills], note]))


@transaction.atomic
def register_talent(*, actor, person: Person, skills: Iterable[str] = (), skills_note: str = "",
                    availability: Iterable[str] = (), consent: bool = False, consent_note: str = "") -> Talent:
    """Put a resident in her community's pool.

    - on the phone, a resident registers herself (source 居民自荐): she ticks the consent on the form;
    - community staff add a resident of their community (source 社区登记) and confirm she agreed, saying how
      (`consent_note`: 书面登记表, 电话确认 …)."""
    community = community_of(person)
    if community is None:
        raise ValidationError({"person": _("该居民的居住地不在任何社区")})
    mine = own_person(actor) if actor is not None else None
    own = mine is not None and mine.pk == person.pk
    keeper = actor is None or may_keep_pool(actor, community)
    require(own or keeper)
    source = Source.SELF if own and not keeper else Source.STAFF
    if not consent:
        raise ValidationError({"consent": _("请先确认本人同意加入人才储备库") if source == Source.SELF
                               else _("请确认居民本人已同意加入人才储备库")})
    skills, note, availability = _clean(skills, skills_note, availability)
    consent_note = (consent_note or "").strip()[:limits.SHORT_TEXT]
    if Talent.objects.filter(person=person, active=True).exists():
        raise ValidationError(_("该居民已在人才储备库中，请直接修改其特长和可服务时间"))
    now = clock.now()
    try:
        with transaction.atomic():
            talent = Talent.objects.create(
                person=person, community=community, skills=skills, skills_note=note, availability=availability,
                source=source, consent_at=now, consent_by=actor, consent_note=consent_note, registered_by=actor,
                registered_at=now, changed_at=now, search_key=_key(person, skills, note))
    except IntegrityError:
        raise ValidationError(_("该居民已在人才储备库中，请直接修改其特长和可服务时间")) from None
    record(talent, "talent.registered", actor, {"person": person.pk, "source": source, "skills": skills,
                                                "availability": availability})
    return talent


def _lock(talent: Talent) -> Talent:
    talent.refresh_from_db(from_queryset=Talent.objects.select_for_update())
    return talent


def _may_write(actor, talent: Talent) -> bool:
    return actor is None or may_keep_pool(actor, talent.community) or talent.person_id in actor.scope.person_ids


@transaction.atomic
def change_talent(*, actor, talent: Talent, skills: Iterable[str] | None = None, skills_note: str | None = None,
                  availability: Iterable[str] | None = None) -> Talent:
    require(_may_write(actor, talent))
    _lock(talent)
    if not talent.active:
        raise ValidationError(_("该居民已退出人才储备库，不能修改"))
    skills, note, availability = _clean(talent.skills if skills is None else skills,
                                        talent.skills_note if skills_note is None else skills_note,
                                        talent.availability if availability is None else availability)
    changed = [f for f, new in (("skills", skills), ("skills_note", note), ("availability", availability))
               if getattr(talent, f) != new]
    talent.skills, talent.skills_note, talent.availability = skills, note, availability
    talent.changed_at = clock.now()
    talent.search_key = _key(talent.person, skills, note)
    talent.save(update_fields=["skills", "skills_note", "availability", "changed_at", "search_key"])
    record(talent, "talent.changed", actor, {"fields": changed})
    return talent


@transaction.atomic
def withdraw_talent(*, actor, talent: Talent) -> Talent:
    """She leaves the pool (or staff take her off at her request): the entry stays, inactive."""
    require(_may_write(actor, talent))
    _lock(talent)
    if not talent.active:
        raise ValidationError(_("该居民已退出人才储备库"))
    talent.active = False
    talent.withdrawn_at = clock.now()
    talent.withdrawn_by = actor
    talent.save(update_fields=["active", "withdrawn_at", "withdrawn_by"])
    record(talent, "talent.withdrawn", actor, {"person": talent.person_id})
    return talent
