from django.contrib import admin

from gongzhi.chronicle.models import Entry


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    list_display = ["seq", "at", "action", "subject_type", "subject_id", "actor_label"]
    list_filter = ["action"]
    search_fields = ["subject_label", "action"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
