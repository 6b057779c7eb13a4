"""Built-in scenarios: the demo (an outage) and one rehearsal crisis per playbook."""

DEMO_PLAYBOOK = "service-outage"
"""The playbook whose built-in scenario is the demo's, shipped as ``scenario.jsonl``."""


def scenario_resource(playbook_id: str) -> str:
    """Path, inside this package, of the built-in scenario for a playbook id."""
    return "scenario.jsonl" if playbook_id == DEMO_PLAYBOOK else f"scenarios/{playbook_id}.jsonl"
