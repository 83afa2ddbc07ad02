"""Tests of the presence wing."""
