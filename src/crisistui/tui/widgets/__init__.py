"""Widgets of the main console."""
