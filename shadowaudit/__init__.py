"""shadowaudit: a read-only, offline digital-security self-audit for human rights defenders."""

import os

__version__ = "0.1.0"

# NOTE: no third-party pydantic plugin may watch our models (they would see the facts read from
# the person's computer), and looking for plugins scans every installed package (12 ms).
os.environ["PYDANTIC_DISABLE_PLUGINS"] = "__all__"
