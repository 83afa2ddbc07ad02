"""Maintainers' tools: translation catalogues, text extraction, JSON Schemas. A scan never
imports this package; only `catalogues` needs Babel, which the `dev` extra installs."""
