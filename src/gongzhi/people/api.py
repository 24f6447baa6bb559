from ninja import Router, Schema
from ninja.pagination import paginate

from gongzhi.people.permissions import get_person_for_user
from gongzhi.people.selectors import person_list, present

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
    return [_out(request.user, p) for p in person_list(request.user, q=q, kind=kind)]


@router.get("/{person_id}", response=PersonOut, summary="人员详情")
def get_person(request, person_id: int):
    person = get_person_for_user(request.user, person_id)
    return _out(request.user, person)
