"""The scheduler's runs, read-only: rows are written by `gongzhi scheduler` alone (ADR 0021)."""

from django.contrib import admin

from gongzhi.scheduler.models import ScheduledRun


@admin.register(ScheduledRun)
class ScheduledRunAdmin(admin.ModelAdmin):
    list_display = ["job", "slot", "enqueued_at", "task_result_id"]
    list_filter = ["job"]
    search_fields = ["job", "task_result_id"]
    date_hierarchy = "slot"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
