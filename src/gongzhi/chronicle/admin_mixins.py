"""Django admin stays available to system administrators; every change made there is chronicled too —
the object itself, its inline rows (role assignments, contacts …) and bulk deletions."""

from django.contrib import admin

from gongzhi.chronicle.services import record


class ChronicledAdmin(admin.ModelAdmin):
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        record(obj, "admin.changed" if change else "admin.created", request.user,
               {"fields": sorted(form.changed_data)})

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            record(obj, "admin.deleted", request.user, {"via": form.instance._meta.label})
            obj.delete()
        for obj in instances:
            adding = obj.pk is None
            obj.save()
            changed = next((f.changed_data for f in formset.forms if f.instance is obj), [])
            record(obj, "admin.created" if adding else "admin.changed", request.user,
                   {"via": form.instance._meta.label, "fields": sorted(changed)})
        formset.save_m2m()

    def delete_model(self, request, obj):
        record(obj, "admin.deleted", request.user, {})
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            record(obj, "admin.deleted", request.user, {})
        super().delete_queryset(request, queryset)
