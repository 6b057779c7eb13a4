"""The response side: playbooks, checklists, incidents."""
