"""shadowaudit: a read-only, offline digital-security self-audit for human rights defenders."""

__version__ = "0.1.0"
