"""Chromium-family profiles (`browser.chromium.*`): the collector and the readers of its files."""
