"""The built-in stories by playbook id, one per shipped playbook."""

from __future__ import annotations

from crisistui.demo.stories import service_outage
from crisistui.demo.story import Story

STORIES: dict[str, Story] = {story.id: story for story in (service_outage.STORY,)}
