"""System administrators maintain the category taxonomy here (chronicled). List entries change only
through the services, so the admin shows no change forms for them."""

from django.contrib import admin

from gongzhi.chronicle.admin_mixins import ChronicledAdmin
from gongzhi.lists.models import Category


@admin.register(Category)
class CategoryAdmin(ChronicledAdmin):
    list_display = ["name", "code", "order", "active", "keywords"]
    list_editable = ["order", "active"]
    list_filter = ["active"]
    search_fields = ["name", "code", "keywords"]
    ordering = ["order", "pk"]

    def has_delete_permission(self, request, obj=None):
        # Categories in use are protected by the database; retire a category by un-ticking "active".
        return obj is None or not (obj.needs.exists() or obj.resources.exists() or obj.activities.exists())
