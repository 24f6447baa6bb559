from django.contrib import admin

from gongzhi.notifications.models import Delivery


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """Operators look at failed deliveries here (the inbox itself is private to each recipient)."""

    list_display = ("notification_id", "channel", "status", "attempts", "next_attempt_at", "sent_at", "last_error")
    list_filter = ("status", "channel")
    readonly_fields = [f.name for f in Delivery._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
