"""The Textual console: renders state and dispatches what people ask for."""
