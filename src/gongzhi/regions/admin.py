from django.contrib import admin

from gongzhi.chronicle.admin_mixins import ChronicledAdmin
from gongzhi.regions.models import Grid, RegionNode


@admin.register(RegionNode)
class RegionNodeAdmin(ChronicledAdmin):
    list_display = ["name", "kind", "code", "path"]
    list_filter = ["kind"]
    search_fields = ["name", "code", "search_key"]
    readonly_fields = ["parent", "kind", "path", "depth"]  # the tree's shape changes through services only


@admin.register(Grid)
class GridAdmin(ChronicledAdmin):
    list_display = ["name", "community"]
    raw_id_fields = ["community", "buildings"]
