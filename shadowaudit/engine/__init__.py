"""The rules engine: rule model, loader, three-valued conditions, evaluation and rule examples."""
