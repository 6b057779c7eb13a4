"""Screens pushed over the main console."""
