"""Tests of the seizure wing."""
