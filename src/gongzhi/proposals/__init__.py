"""Resident proposals (居民提议): a problem and a suggested fix, supported by other residents once each,
answered by the community within a limit, optionally put on a joint meeting's agenda."""
