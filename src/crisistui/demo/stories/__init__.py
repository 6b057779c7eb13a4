"""The built-in stories by playbook id, one per shipped playbook."""

from __future__ import annotations

from crisistui.demo.stories import (
    boycott,
    community_manager_misstep,
    customer_service,
    data_breach,
    default,
    executive_misconduct,
    influencer_backlash,
    misinformation,
    product_recall,
    service_outage,
)
from crisistui.demo.story import Story

STORIES: dict[str, Story] = {
    module.STORY.id: module.STORY
    for module in (
        boycott,
        community_manager_misstep,
        customer_service,
        data_breach,
        default,
        executive_misconduct,
        influencer_backlash,
        misinformation,
        product_recall,
        service_outage,
    )
}
