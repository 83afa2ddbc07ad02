"""Workshops: checklists, the anonymous share summary, and the room summary for trainers."""
