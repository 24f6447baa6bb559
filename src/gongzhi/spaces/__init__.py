"""The space platform (空间使用平台): venues with opening hours and closures, bookings never overlapping
(exclusion constraint on PostgreSQL, trigger on SQLite), recurring series, services given in exchange as tracked
commitments, usage rates."""
