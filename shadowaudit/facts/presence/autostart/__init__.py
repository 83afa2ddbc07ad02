"""Programs that start by themselves (`presence.autostart`), one reader module per system."""
