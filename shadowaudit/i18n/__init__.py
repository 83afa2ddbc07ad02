"""Translations: the person's language, and text looked up in the gettext catalogues."""
