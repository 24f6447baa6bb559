"""System administrators maintain the case categories (limits, attributes) and may correct the 权责清单 here;
every change is chronicled (ChronicledAdmin). Cases, whistles, escalations and meetings change only through the
services, so the admin shows them read-only."""

from django.contrib import admin

from gongzhi.cases.models import (
    Case,
    CaseCategory,
    CategoryAttribute,
    Escalation,
    Meeting,
    Responsibility,
    Whistle,
)
from gongzhi.chronicle.admin_mixins import ChronicledAdmin


class CategoryAttributeInline(admin.TabularInline):
    model = CategoryAttribute
    extra = 0


@admin.register(CaseCategory)
class CaseCategoryAdmin(ChronicledAdmin):
    list_display = ["name", "code", "group", "urgency", "resolution_counting", "resolution_hours", "resolution_days",
                    "response_hours", "contact_hours", "active", "order"]
    list_editable = ["active", "order"]
    list_filter = ["urgency", "group", "is_dispute", "active"]
    search_fields = ["name", "code", "keywords"]
    inlines = [CategoryAttributeInline]

    def has_delete_permission(self, request, obj=None):
        # a category in use is protected by the database; retire it by un-ticking "active"
        return obj is None or not obj.cases.exists()


@admin.register(Responsibility)
class ResponsibilityAdmin(ChronicledAdmin):
    list_display = ["title", "region", "kind", "level", "parent", "order"]
    list_filter = ["kind", "level", "region"]
    search_fields = ["title", "basis"]
    autocomplete_fields = ["parent"]
    filter_horizontal = ["departments", "case_categories"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class WhistleInline(admin.TabularInline):
    model = Whistle
    extra = 0
    fields = ["department", "status", "blown_at", "respond_due_at", "reported_at", "act_due_at", "done_at", "score"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = ["number", "title", "community", "category", "channel", "status", "owner", "reported_at", "due_at",
                    "satisfaction"]
    list_filter = ["status", "channel", "kind", "category", "satisfaction"]
    search_fields = ["number", "title"]
    date_hierarchy = "reported_at"
    exclude = ["reporter_phone", "reporter_email", "search_key"]  # personal data stays on the scoped pages
    inlines = [WhistleInline]


@admin.register(Escalation)
class EscalationAdmin(ReadOnlyAdmin):
    list_display = ["message", "step", "level", "to_region", "due_at", "created_at"]
    list_filter = ["step", "level"]


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ["case", "held_at", "place"]
