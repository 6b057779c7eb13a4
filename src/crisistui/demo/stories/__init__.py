"""The built-in stories by playbook id, one per shipped playbook."""

from __future__ import annotations

from crisistui.demo.stories import data_breach, service_outage
from crisistui.demo.story import Story

STORIES: dict[str, Story] = {
    story.id: story
    for story in (
        data_breach.STORY,
        service_outage.STORY,
    )
}
