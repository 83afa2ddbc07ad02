"""Linux (`system.linux.*`): four collectors, then the helpers they share (ini files, units)."""
