from django.contrib import admin

from gongzhi.chronicle.admin_mixins import ChronicledAdmin
from gongzhi.party.models import BigCommitteeMembership, PartyOrganisation


@admin.register(PartyOrganisation)
class PartyOrganisationAdmin(ChronicledAdmin):
    list_display = ["name", "kind", "region", "organisation"]
    list_filter = ["kind"]
    search_fields = ["name"]
    raw_id_fields = ["parent", "region", "organisation"]


@admin.register(BigCommitteeMembership)
class BigCommitteeMembershipAdmin(ChronicledAdmin):
    list_display = ["committee", "member", "joined_on"]
    raw_id_fields = ["committee", "member"]
