"""Counts of what the caller may see: `stats`."""
