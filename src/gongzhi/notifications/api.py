"""消息 JSON API under /api/v1/notifications: the caller's own inbox (the same fields as the page), the unread
count, marking one or all read. Another user's notification is 404."""

from __future__ import annotations

import datetime as dt

from ninja import Router, Schema
from ninja.pagination import paginate

from gongzhi.core.schemas import Id
from gongzhi.notifications import selectors, services
from gongzhi.notifications.permissions import get_notification_for_user

router = Router(tags=["消息通知"])


class NotificationOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    url: str
    created_at: dt.datetime
    read_at: dt.datetime | None


class UnreadOut(Schema):
    unread: int


class ReadAllOut(Schema):
    marked: int


@router.get("/", response=list[NotificationOut], summary="我的消息（新的在前；unread=true 只看未读）")
@paginate
def list_notifications(request, unread: bool = False):
    return selectors.inbox(request.user, unread=unread)


@router.get("/unread", response=UnreadOut, summary="未读消息数")
def unread(request):
    return {"unread": selectors.unread_count(request.user)}


@router.post("/{notification_id}/read", response=NotificationOut, summary="标为已读")
def read(request, notification_id: Id):
    note = get_notification_for_user(request.user, notification_id)
    return services.mark_read(actor=request.user, notification=note)


@router.post("/read-all", response=ReadAllOut, summary="全部标为已读")
def read_all(request):
    return {"marked": services.mark_all_read(actor=request.user)}
