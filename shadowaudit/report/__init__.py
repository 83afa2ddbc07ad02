"""The report: findings model, ordering, renderers and JSON Schemas."""
