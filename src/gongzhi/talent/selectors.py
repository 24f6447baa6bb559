"""Read queries of the talent pool: the staff's searchable list (name, pinyin initials, skills, notes), a resident's
own entries, figures, and `suggest` — the people to propose for a need, a team or an election."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from gongzhi.core.listing import as_id, search
from gongzhi.regions.models import RegionNode
from gongzhi.talent.models import SKILL_CATEGORIES, SKILL_WORDS, Availability, Skill, Talent
from gongzhi.talent.permissions import may_see_pool, own_person, talents_visible_to

SEARCH_FIELDS = ("person__name", "person__search_key", "search_key", "skills_note")


def _json_contains(qs, field_name: str, value: str):
    """Rows whose JSON list `field_name` holds `value`, on SQLite and PostgreSQL alike (codes are plain ASCII words,
    so the quoted code is a safe substring of the stored list)."""
    return qs.filter(**{f"{field_name}__icontains": f'"{value}"'})


def pool(user, *, q: str = "", skill: str = "", availability: str = "", community=None,
         active: str = "1") -> QuerySet[Talent]:
    qs = talents_visible_to(user)
    pk = as_id(community.pk if isinstance(community, RegionNode) else community)
    if pk is not None:
        qs = qs.filter(community_id=pk)
    elif community not in (None, ""):
        qs = qs.none()
    if active == "0":
        qs = qs.filter(active=False)
    elif active != "all":  # the default: those in the pool now
        qs = qs.filter(active=True)
    if skill in Skill.values:
        qs = _json_contains(qs, "skills", skill)
    if availability in Availability.values:
        qs = _json_contains(qs, "availability", availability)
    qs = search(qs, q, SEARCH_FIELDS)
    return qs.select_related("community", "person__home").order_by("community__path", "-registered_at", "-pk")


def mine(user) -> list[Talent]:
    person = own_person(user)
    if person is None:
        return []
    return list(Talent.objects.filter(person=person).select_related("community").order_by("-registered_at"))


# --- suggestions ---------------------------------------------------------------------------------------------------

@dataclass
class Suggestion:
    talent: Talent
    score: int
    matched_skills: list[str] = field(default_factory=list)
    matched_availability: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)


def skills_in_text(text: str) -> list[str]:
    """The skills the words of `text` point to (a need's, a team's or a meeting task's wording)."""
    return [s for s in Skill.values if any(w in text for w in SKILL_WORDS.get(s, ()))]


def skills_for_need(need) -> list[str]:
    """The skills a need (lists.Need) calls for: those serving its category, and those its words point to."""
    code = need.category.code if need.category_id else ""
    found = [s for s in Skill.values if code in SKILL_CATEGORIES.get(s, ())]
    return found + [s for s in skills_in_text(f"{need.title} {need.description}") if s not in found]


def suggest(*, community: RegionNode, skills: Iterable[str] = (), availability: Iterable[str] = (), need=None,
            exclude_person_ids: Iterable[int] = (), limit: int = 10) -> list[Suggestion]:
    """People of `community`'s pool to propose, best first: those with at least one wanted skill (or, when no skill
    is asked for, everybody), who are available when wanted (any of `availability`, if given). Score: 10 per
    skill in common, 3 per matching time; ties by the most recent registration. `need` (a lists.Need) adds the
    skills it calls for. One query; used by the suggestion page, the API, and other apps (elections, teams)."""
    labels, times = dict(Skill.choices), dict(Availability.choices)
    wanted = [s for s in Skill.values if s in set(skills or ())]
    if need is not None:
        wanted += [s for s in skills_for_need(need) if s not in wanted]
    when = [a for a in Availability.values if a in set(availability or ())]
    excluded = set(exclude_person_ids or ())
    rows = (Talent.objects.filter(community=community, active=True).select_related("person__home", "community")
            .order_by("-registered_at", "-pk"))
    found: list[Suggestion] = []
    for talent in rows:
        if talent.person_id in excluded:
            continue
        common = [s for s in wanted if s in talent.skills]
        times_ok = [a for a in when if a in talent.availability]
        if wanted and not common:
            continue
        if when and not times_ok:
            continue
        reasons = []
        if common:
            reasons.append(_("特长：%(s)s") % {"s": "、".join(str(labels[s]) for s in common)})
        if times_ok:
            reasons.append(_("可服务：%(s)s") % {"s": "、".join(str(times[a]) for a in times_ok)})
        reasons.append(_("同在%(c)s") % {"c": community.name})
        found.append(Suggestion(talent=talent, score=10 * len(common) + 3 * len(times_ok),
                                matched_skills=common, matched_availability=times_ok, reasons=reasons))
    found.sort(key=lambda s: -s.score)  # stable: most recent first within a score
    return found[:max(0, min(int(limit), 100))]


# --- figures -------------------------------------------------------------------------------------------------------

def figures(*, path: str, year: int | None = None) -> dict[str, int]:
    qs = Talent.objects.filter(community__path__startswith=path)
    if year is not None:
        qs = qs.filter(registered_at__year=year)
    return {"active": qs.filter(active=True).count()}


def residents_in(communities, text: str):
    """Residents of `communities` found by mobile number (exact) or name (exact): a few, so staff tell namesakes
    apart."""
    import re
    from functools import reduce
    from operator import or_

    from django.db.models import Q

    from gongzhi.people.models import Person

    paths = list(communities.values_list("path", flat=True))
    text = (text or "").strip()[:50]
    if not paths or not text:
        return []
    digits = re.sub(r"\D", "", text)
    qs = Person.objects.filter(reduce(or_, [Q(home__path__startswith=p) for p in paths]))
    qs = qs.filter(phone=digits) if len(digits) == 11 else qs.filter(name=text)
    return list(qs.select_related("home").order_by("pk")[:5])


@dataclass
class ShownSuggestion:
    s: Suggestion
    who: object  # permissions.TalentShown


def suggestions_for(user, *, community: RegionNode, text: str, exclude_person_ids: Iterable[int] = (),
                    limit: int = 5) -> list[ShownSuggestion] | None:
    """People of `community`'s pool to invite for a piece of work described by `text` (a volunteer team's name and
    speciality, a meeting task's title and detail), shown as `user` may see them; None when `user` does not see that
    community's pool (the section is then left out)."""
    from gongzhi.talent.permissions import shown_talent

    if not may_see_pool(user, community):
        return None
    found = suggest(community=community, skills=skills_in_text(text), exclude_person_ids=exclude_person_ids,
                    limit=limit)
    return [ShownSuggestion(s, shown_talent(user, s.talent)) for s in found]
