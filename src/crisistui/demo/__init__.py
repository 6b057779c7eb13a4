"""Built-in scenarios: the demo (an outage), one rehearsal crisis per playbook, and variants
whose crisis breaks out in another language than English."""

DEMO_PLAYBOOK = "service-outage"
"""The playbook whose built-in scenario is the demo's, shipped as ``scenario.jsonl``."""


def scenario_resource(playbook_id: str, lang: str = "en") -> str:
    """Path, inside this package, of the built-in scenario for a playbook id; with a ``lang``
    other than English, of its variant whose crisis breaks out in that language."""
    if lang != "en":
        return f"scenarios/{playbook_id}.{lang}.jsonl"
    return "scenario.jsonl" if playbook_id == DEMO_PLAYBOOK else f"scenarios/{playbook_id}.jsonl"
