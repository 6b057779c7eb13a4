"""The built-in stories: one per shipped playbook (one module each here), by playbook id, and
the variants whose crisis breaks out in another language, by (playbook id, language)."""

from __future__ import annotations

import importlib
import pkgutil

from crisistui.demo.story import Story

_ALL: tuple[Story, ...] = tuple(
    importlib.import_module(f"{__name__}.{module.name}").STORY
    for module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name)
)

STORIES: dict[str, Story] = {story.id: story for story in _ALL if story.lang == "en"}
"""The playbook's own story: ``crisistui drill PLAYBOOK`` replays it."""

VARIANTS: dict[tuple[str, str], Story] = {
    (story.id, story.lang): story for story in _ALL if story.lang != "en"
}
"""Stories whose crisis breaks out in another language: ``crisistui drill PLAYBOOK --replay
LANG`` replays them (``boycott``, ``vi``: a boycott on Vietnamese social media)."""
