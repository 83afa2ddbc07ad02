"""Firefox-family profiles (`browser.firefox.*`): the collector and the readers of its files."""
