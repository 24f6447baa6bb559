"""Django admin stays available to system administrators; changes made there are chronicled too."""

from django.contrib import admin

from gongzhi.chronicle.services import record


class ChronicledAdmin(admin.ModelAdmin):
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        record(obj, "admin.changed" if change else "admin.created", request.user,
               {"fields": sorted(form.changed_data)})

    def delete_model(self, request, obj):
        record(obj, "admin.deleted", request.user, {})
        super().delete_model(request, obj)
