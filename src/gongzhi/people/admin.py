from django.contrib import admin

from gongzhi.chronicle.admin_mixins import ChronicledAdmin
from gongzhi.people.models import PartyMember, Person, Volunteer, VolunteerTeam


@admin.register(Person)
class PersonAdmin(ChronicledAdmin):
    list_display = ["name", "gender", "birth_year", "home"]
    search_fields = ["name", "search_key"]
    raw_id_fields = ["home", "user"]


@admin.register(PartyMember)
class PartyMemberAdmin(ChronicledAdmin):
    list_display = ["person", "party_organisation", "in_service", "work_unit", "registered_community"]
    list_filter = ["in_service"]
    raw_id_fields = ["person", "party_organisation", "work_unit", "registered_community"]


@admin.register(VolunteerTeam)
class VolunteerTeamAdmin(ChronicledAdmin):
    list_display = ["name", "community", "organisation"]
    raw_id_fields = ["community", "organisation"]


@admin.register(Volunteer)
class VolunteerAdmin(ChronicledAdmin):
    list_display = ["person", "registered_on"]
    raw_id_fields = ["person", "teams"]
