from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from gongzhi.accounts.models import RoleAssignment, User
from gongzhi.core.admin_mixins import ChronicledAdmin


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    raw_id_fields = ["region", "grid", "organisation", "department"]


@admin.register(User)
class GongzhiUserAdmin(UserAdmin, ChronicledAdmin):
    list_display = ["username", "display_name", "is_active", "last_login"]
    fieldsets = [*UserAdmin.fieldsets, ("共治", {"fields": ["display_name", "phone"]})]
    inlines = [RoleAssignmentInline]
