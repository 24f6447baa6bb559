"""The talent pool (人才储备库): residents willing to serve, with skills and availability, searchable by
staff (pinyin too), suggested when a task, team or election needs someone."""
