"""The volunteer team page's name in `core.registry.register_page_section`: apps above `people` add sections to it
from their `AppConfig.ready()` (talent: residents of the talent pool whose skills suit the team)."""

TEAM_PAGE = "people.team"
