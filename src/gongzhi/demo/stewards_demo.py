"""Demo data for 楼门管家 in 象山街道: 五美社区's buildings (its region tree has no entrances, so each building is a
post) have stewards — recommended, self-nominated or appointed, with their roles — except a few still vacant; a
year of monthly evaluations (last month a few still missing, which the sweep reminds about); commendations on the
board; one steward honourably retired and her post filled again; suggestions stewards collected, turned into needs
and a case. 王秀英 is the steward of her own building. The stewards (one a post: they grow with --scale) are
bulk-loaded and counted in the load's one chronicle entry, as the grid workers are; the year of evaluations is one bulk
insert with one chronicle entry (the documented exception for bulk loads, ADR 0004). The retirement, the refilled post,
commendations and suggestions go through the services. Returns counts."""

from __future__ import annotations

import datetime as dt
import random

from gongzhi.cases.models import CaseCategory
from gongzhi.chronicle.services import record
from gongzhi.core import clock, limits
from gongzhi.demo.bulk import insert
from gongzhi.lists.models import Category
from gongzhi.people.models import Person
from gongzhi.stewards import selectors, services
from gongzhi.stewards.models import Evaluation, Grade, Selection, Steward, StewardRole, StewardStatus

NOTES = {Selection.RECOMMENDED: "本楼居民联名推荐", Selection.SELF: "本人自荐，社区考察后确认",
         Selection.APPOINTED: "社区党委任命"}
GRADE_WEIGHTS = ((Grade.EXCELLENT, 30), (Grade.GOOD, 50), (Grade.PASS, 18), (Grade.FAIL, 2))
SUGGESTIONS = (
    ("楼道灯坏了一个多月，老人晚上上下楼不方便", "need", "environment", "更换楼道照明灯"),
    ("几位独居老人希望有人定期上门测血压", "need", "elderly", "独居老人定期上门健康监测"),
    ("楼下烧烤摊油烟大，晚上十一点后还很吵", "case", None, ""),
    ("建议在小区门口加装快递柜", "declined", None, ""),
    ("楼道里堆放的纸箱较多，存在消防隐患", "new", None, ""),
)


def _months_back(today: dt.date, n: int) -> dt.date:
    month = today.replace(day=1)
    for _ in range(n):
        month = (month - dt.timedelta(days=1)).replace(day=1)
    return month


def load(builder) -> dict[str, int]:
    users = builder.demo_users()
    staff = users["wumei"]
    wumei = next(c for c in builder.street_communities() if c.name == "五美社区")
    rng = random.Random(builder.plan.seed + 42)
    today = clock.today()
    year_ago = max(_months_back(today, 13), limits.PLATFORM_START)
    posts = [p["node"] for p in selectors.posts_of(wumei)]
    residents: dict[int, list[Person]] = {}
    for person in (Person.objects.filter(home__path__startswith=wumei.path, birth_year__lte=2000)
                   .select_related("home").order_by("pk")):
        residents.setdefault(person.home_id, []).append(person)
    wang = users["wangxiuying"].person
    vacant = {p.pk for i, p in enumerate(posts) if i % 8 == 5 and p.pk != wang.home_id}
    # one steward a post (a district's community has ~18,000): the rows the appointing service would write, bulk-loaded
    # and counted in the load's one chronicle entry, as the grid workers are (ADR 0004)
    appointed_at = clock.now()
    rows = []
    for post in posts:
        if post.pk in vacant:
            continue
        people = [p for p in residents.get(post.pk, []) if p.pk != wang.pk]
        person = wang if post.pk == wang.home_id else (rng.choice(people) if people else None)
        if person is None:
            continue
        selection = rng.choice(Selection.values)
        roles = sorted(rng.sample(StewardRole.values, rng.choice((2, 2, 3))), key=StewardRole.values.index)
        rows.append({"community_id": wumei.pk, "post_id": post.pk, "person_id": person.pk, "selection": selection,
                     "selection_note": NOTES[selection], "roles": roles,
                     "started_on": year_ago + dt.timedelta(days=rng.randrange(0, 20)),
                     "status": StewardStatus.CURRENT, "appointed_by_id": staff.pk, "appointed_at": appointed_at})
    stewards = [Steward(pk=pk, **row) for row, pk in zip(rows, insert(Steward, rows), strict=True)]
    # one steward honourably retired two months ago; her post was filled again last month
    retired = next(s for s in stewards if s.person_id != wang.pk)
    services.retire(actor=staff, steward=retired, retired_on=_months_back(today, 2) + dt.timedelta(days=9),
                    reason="年事已高，搬至子女家居住")
    others = [p for p in residents.get(retired.post_id, []) if p.pk not in {s.person_id for s in stewards}]
    refilled = 0
    if others:
        services.appoint(actor=staff, post=retired.post, person=others[0], selection=Selection.RECOMMENDED,
                         roles=[StewardRole.POLICY, StewardRole.SAFETY],
                         started_on=_months_back(today, 1) + dt.timedelta(days=3), selection_note="原楼门管家推荐接任")
        refilled = 1
    # a year of monthly evaluations (bulk), last month still missing for a few
    last = _months_back(today, 1)
    grades, weights = [g for g, _ in GRADE_WEIGHTS], [w for _, w in GRADE_WEIGHTS]
    now = clock.now()
    rows = []
    for i, s in enumerate(stewards):
        month = s.started_on.replace(day=1)
        end = min(last, s.retired_on.replace(day=1)) if s.retired_on else last
        while month <= end:
            if not (month == last and i % 6 == 1):
                rows.append({"steward_id": s.pk, "month": month, "grade": rng.choices(grades, weights)[0],
                             "evaluated_by_id": staff.pk, "evaluated_at": now})
            month = (month + dt.timedelta(days=32)).replace(day=1)
    insert(Evaluation, rows)
    record(("stewards.evaluations", wumei.code or str(wumei.pk)), "stewards.evaluations_loaded", staff,
           {"community": wumei.pk, "evaluations": len(rows)})
    # commendations
    commended = 0
    for s, name_shown in zip(rng.sample(stewards[1:], min(3, len(stewards) - 1)), ("full", "masked", "masked"),
                             strict=False):
        services.commend(actor=staff, steward=s, title=f"{_months_back(today, 6).year}年度优秀楼门管家",
                         awarded_on=max(s.started_on, _months_back(today, 3)), reason="热心服务邻里，及时反映社情民意",
                         name_shown=name_shown)
        commended += 1
    # suggestions stewards collected
    current = [s for s in stewards if s.retired_on is None]
    handled = 0
    case_category = CaseCategory.objects.filter(active=True).order_by("order", "code").first()
    collectors = [x for x in current if x.person_id == wang.pk] + [x for x in current if x.person_id != wang.pk]
    for (text, outcome, code, title), s in zip(SUGGESTIONS, collectors, strict=False):
        x = services.submit_suggestion(actor=staff, steward=s, text=text, collected_on=today - dt.timedelta(days=9))
        category = Category.objects.filter(code=code).first() if code else None
        if outcome == "need" and category is not None:
            services.to_need(actor=staff, suggestion=x, title=title, category=category)
            handled += 1
        elif outcome == "case" and case_category is not None:
            services.to_case(actor=staff, suggestion=x, category=case_category, title="楼下烧烤摊油烟和噪音扰民")
            handled += 1
        elif outcome == "declined":
            services.decline(actor=staff, suggestion=x, reason="物业公司已在安装快递柜")
            handled += 1
    return {"stewards": len(stewards) - 1 + refilled, "steward_vacancies": len(selectors.vacancies(wumei)),
            "steward_evaluations": len(rows), "steward_commendations": commended,
            "steward_suggestions": len(SUGGESTIONS), "steward_suggestions_handled": handled}
