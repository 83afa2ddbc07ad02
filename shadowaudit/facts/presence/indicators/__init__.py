"""Indicator sets (STIX 2.1, Echap ioc.yaml, extension-ID lists) matched against the facts."""
