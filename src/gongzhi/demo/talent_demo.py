"""Demo data for 人才储备库 in 象山街道: about thirty residents of 五美社区 willing to serve, with skills from the fixed
list (and a few free-text notes), availability and recorded consent — 王秀英 registered herself on her phone, the
others were added by the community's staff from its 书面登记表. Through the services; returns counts."""

from __future__ import annotations

import random

from gongzhi.people.models import Person
from gongzhi.talent import services
from gongzhi.talent.models import Availability, Skill

SIZE = 30
NOTES = {Skill.MEDICAL: "退休护士，会测血压血糖", Skill.LEGAL: "执业律师，可提供法律咨询", Skill.REPAIRS: "会修水电、电动车",
         Skill.TEACHING: "退休中学教师", Skill.DIGITAL: "能教老人用智能手机", Skill.CULTURE: "广场舞领队",
         Skill.PHOTOGRAPHY: "摄影爱好者，可拍活动照片"}


def load(builder) -> dict[str, int]:
    users = builder.demo_users()
    wumei = next(c for c in builder.street_communities() if c.name == "五美社区")
    rng = random.Random(builder.plan.seed + 41)
    wang = users["wangxiuying"].person
    services.register_talent(actor=users["wangxiuying"], person=wang, skills=[Skill.CARE, Skill.COOKING],
                             skills_note="做饭拿手，可以给独居老人送餐", availability=[Availability.WEEKDAY],
                             consent=True)
    candidates = list(Person.objects.filter(home__path__startswith=wumei.path, birth_year__lte=2004)
                      .exclude(pk=wang.pk).select_related("home").order_by("pk")[:400])
    chosen = rng.sample(candidates, min(SIZE - 1, len(candidates)))
    skills = Skill.values
    for person in chosen:
        mine = rng.sample(skills, rng.choice((1, 1, 2, 2, 3)))
        note = next((NOTES[s] for s in mine if s in NOTES and rng.random() < 0.5), "")
        times = rng.sample(Availability.values, rng.choice((1, 1, 2, 3)))
        services.register_talent(actor=users["wumei"], person=person, skills=mine, skills_note=note,
                                 availability=times, consent=True,
                                 consent_note=rng.choice(("书面登记表", "电话确认", "居民座谈会登记")))
    return {"talent_pool": 1 + len(chosen)}
