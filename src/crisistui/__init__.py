"""crisistui: a keyboard-driven terminal console for social-media crisis management."""

__version__ = "0.1.0"
