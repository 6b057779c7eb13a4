"""crisistui: a keyboard-driven terminal console for social-media crisis management."""

import os

__version__ = "0.1.0"

# crisistui uses no pydantic plugin, and looking for them reads the metadata of every package
# installed (40 ms of each start here, more in a crowded environment: `status` runs every
# minute). PYDANTIC_DISABLE_PLUGINS="" in the environment looks for them again.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
