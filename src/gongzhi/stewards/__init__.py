"""Building stewards (楼门管家): one per entrance, selection, roles, monthly evaluation, commendation,
honourable retirement; suggestions they collect become needs or cases."""
