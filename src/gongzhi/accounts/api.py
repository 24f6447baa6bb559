from ninja import Router, Schema

router = Router(tags=["accounts"])


class RoleOut(Schema):
    role: str
    role_label: str
    scope: str


class MeOut(Schema):
    id: int
    username: str
    display_name: str
    roles: list[RoleOut]


@router.get("/me", response=MeOut, summary="当前用户及其角色")
def me(request):
    user = request.user
    return {
        "id": user.pk, "username": user.username, "display_name": user.display_name,
        "roles": [{"role": a.role, "role_label": str(a.get_role_display()),
                   "scope": str(a.region or a.organisation or a.department or "")} for a in user.active_roles],
    }
