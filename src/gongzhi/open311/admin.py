"""System administrators manage Open311 clients and service areas here (chronicled).

A client added here gets a freshly generated key, shown once in the confirmation message; only its hash is
kept. Revoking is an action (through the service), never a deletion, so past requests keep their client."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongzhi.chronicle.admin_mixins import ChronicledAdmin
from gongzhi.open311 import services
from gongzhi.open311.models import ApiClient, ServiceArea


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):
    list_display = ["name", "key_prefix", "active", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["active"]
    search_fields = ["name", "key_prefix"]
    fields = ["name", "key_prefix", "active", "created_at", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    def get_readonly_fields(self, request, obj=None):
        return ["key_prefix", "active", "created_at", "last_used_at", "revoked_at"] + (["name"] if obj else [])

    def save_model(self, request, obj, form, change):
        if change:
            return
        client, key = services.issue_client(actor=request.user, name=obj.name)
        obj.pk = client.pk
        messages.warning(request, _("客户端“%(name)s”的 api_key（只显示这一次，请立即妥善转交）：%(key)s")
                         % {"name": client.name, "key": key})

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=gettext_lazy("停用所选客户端的密钥"))
    def revoke(self, request, queryset):
        for client in queryset.filter(active=True):
            try:
                services.revoke_client(actor=request.user, client=client)
            except ValidationError as exc:
                messages.error(request, "；".join(exc.messages))


@admin.register(ServiceArea)
class ServiceAreaAdmin(ChronicledAdmin):
    list_display = ["community", "name", "lat", "long", "radius_m", "active"]
    list_editable = ["radius_m", "active"]
    list_filter = ["active"]
    search_fields = ["community__name", "name"]
    raw_id_fields = ["community"]
