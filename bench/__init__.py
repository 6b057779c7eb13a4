"""Evaluation harness for the severity engine (synthetic labelled timelines, not shipped)."""
