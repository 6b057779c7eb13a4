"""Built-in demo scenario."""
