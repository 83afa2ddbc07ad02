"""Facts, in wings laid out like the fact names (facts/<area>/<source>/); the list of every
collector and the catalogue of facts are in `shadowaudit.facts.collectors`, imported only by
what runs or describes collectors (the engine's models import `facts.base` without them)."""
