"""Table code shared by every backend: the rules of incidents, tasks, statements, triage and
source health, written once against the ``Sql`` port in portable SQL."""
