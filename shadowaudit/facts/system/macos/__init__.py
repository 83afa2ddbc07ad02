"""macOS (`system.macos.*`): the collector, thin readers, and pure parsers of what they read."""
