"""The 议题 page's views: one topic's path (detail) and the 四议两公开 matters (matters)."""
