from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from gongzhi.accounts.forms import ThrottledAdminLoginForm
from gongzhi.accounts.models import RoleAssignment, User
from gongzhi.chronicle.admin_mixins import ChronicledAdmin


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    raw_id_fields = ["region", "grid", "organisation", "department"]


@admin.register(User)
class GongzhiUserAdmin(UserAdmin, ChronicledAdmin):
    list_display = ["username", "display_name", "is_active", "last_login"]
    fieldsets = [*UserAdmin.fieldsets, ("共治", {"fields": ["display_name", "phone"]})]
    inlines = [RoleAssignmentInline]


# /admin/login/ goes through the same throttled backend; this form only words the refusal the same way.
admin.site.login_form = ThrottledAdminLoginForm
