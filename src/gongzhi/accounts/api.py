from django.contrib.auth import update_session_auth_hash
from ninja import Field, Router, Schema

from gongzhi.accounts import services
from gongzhi.accounts.permissions import get_account_for_reset

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


class PasswordChangeIn(Schema):
    old_password: str = Field(max_length=128)
    new_password: str = Field(max_length=128)


class PasswordResetOut(Schema):
    username: str
    temporary_password: str


@router.post("/me/password", response={204: None}, summary="修改本人密码")
def change_my_password(request, payload: PasswordChangeIn):
    services.change_password(actor=request.user, old_password=payload.old_password,
                             new_password=payload.new_password)
    update_session_auth_hash(request, request.user)
    return 204, None


@router.post("/accounts/{user_id}/reset-password", response=PasswordResetOut,
             summary="为居民设置临时密码（管理员；社区工作人员限本社区居民）")
def reset_password(request, user_id: int):
    account = get_account_for_reset(request.user, user_id)
    return {"username": account.username,
            "temporary_password": services.reset_password(actor=request.user, user=account)}
