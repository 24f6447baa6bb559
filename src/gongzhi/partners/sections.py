"""The partner record page's name in `core.registry.register_page_section`: apps above `partners` add sections to
it from their `AppConfig.ready()` (spaces: the services the partner gives in exchange for space, and their
fulfilment)."""

PARTNER_PAGE = "partners.partner"
