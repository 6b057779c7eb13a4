"""The built-in stories by playbook id, one per shipped playbook (one module each here)."""

from __future__ import annotations

import importlib
import pkgutil

from crisistui.demo.story import Story

STORIES: dict[str, Story] = {
    story.id: story
    for story in (
        importlib.import_module(f"{__name__}.{module.name}").STORY
        for module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name)
    )
}
