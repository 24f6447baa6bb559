from django.contrib import admin

from gongzhi.chronicle.admin_mixins import ChronicledAdmin
from gongzhi.worktime.models import Calendar, SpecialDay

# Saving or deleting a special day here fires the model signals that bump the calendar's revision, so the
# working-time cache of every process reloads (see gongzhi.worktime.services).


class SpecialDayInline(admin.TabularInline):
    model = SpecialDay
    extra = 0
    fields = ["date", "kind", "name"]


@admin.register(Calendar)
class CalendarAdmin(ChronicledAdmin):
    list_display = ["name", "code", "time_zone", "morning_start", "morning_end", "afternoon_start",
                    "afternoon_end"]
    inlines = [SpecialDayInline]


@admin.register(SpecialDay)
class SpecialDayAdmin(ChronicledAdmin):
    list_display = ["date", "kind", "name", "calendar"]
    list_filter = ["calendar", "kind"]
    search_fields = ["name"]
    date_hierarchy = "date"

    def get_readonly_fields(self, request, obj=None):
        return ["calendar"] if obj is not None else []  # moving a day to another calendar: delete and add
