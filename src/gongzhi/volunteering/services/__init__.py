"""Volunteering services, one module per area; every state change goes through them (transaction, rules,
chronicle)."""
