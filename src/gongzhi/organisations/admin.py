from django.contrib import admin

from gongzhi.chronicle.admin_mixins import ChronicledAdmin
from gongzhi.organisations.models import Contact, Department, Organisation


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(ChronicledAdmin):
    list_display = ["name", "kind", "partner_type", "home"]
    list_filter = ["kind", "partner_type"]
    search_fields = ["name", "search_key"]
    raw_id_fields = ["home", "supervising_department"]
    inlines = [ContactInline]


@admin.register(Department)
class DepartmentAdmin(ChronicledAdmin):
    list_display = ["name", "kind", "home"]
    list_filter = ["kind"]
    search_fields = ["name"]
    raw_id_fields = ["home"]
