"""Reads rollups and tells how bad things are, and why."""
