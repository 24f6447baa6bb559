from django.http import Http404
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from gongzhi.core.listing import Presented
from gongzhi.people.permissions import get_person_for_user, may_register_person
from gongzhi.people.selectors import person_list, present
from gongzhi.people.services import register_person
from gongzhi.regions.permissions import nodes_visible_to

router = Router(tags=["people"])


class PersonOut(Schema):
    id: int
    name: str
    gender: str
    birth_year: int | None
    home_id: int
    home_name: str
    phone: str  # masked unless the viewer's role needs it
    id_number: str  # masked unless the viewer's role needs it
    tags: list[str]


def _out(user, person) -> dict:
    card = present(user, person)
    return {"id": person.pk, "name": person.name, "gender": person.gender, "birth_year": person.birth_year,
            "home_id": person.home_id, "home_name": person.home.name, "phone": card.phone,
            "id_number": card.id_number, "tags": card.tags}


@router.get("", response=list[PersonOut], summary="人员（本人范围内；电话、身份证号按角色脱敏）")
@paginate
def list_people(request, q: str = "", kind: str = ""):
    return Presented(person_list(request.user, q=q, kind=kind), lambda p: _out(request.user, p))


@router.get("/{int:person_id}", response=PersonOut, summary="人员详情")
def get_person(request, person_id: int):
    person = get_person_for_user(request.user, person_id)
    return _out(request.user, person)


class PersonIn(Schema):
    name: str
    home_id: int
    gender: str = ""
    birth_year: int | None = None
    phone: str = ""
    id_number: str = ""


@router.post("", response={201: PersonOut}, summary="登记居民（社区、街道、城区工作人员，在本人范围内）")
def create_person(request, payload: PersonIn):
    home = nodes_visible_to(request.user).filter(pk=payload.home_id).first()
    if home is None or not may_register_person(request.user, home):
        raise Http404
    person = register_person(actor=request.user, home=home, **payload.dict(exclude={"home_id"}))
    return Status(201, _out(request.user, person))
