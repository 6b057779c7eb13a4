"""The built-in playbooks load, are consistent, and broken playbook files are reported clearly."""

from __future__ import annotations

import string
from pathlib import Path

import pytest

from crisistui.config import ConfigError
from crisistui.domain.playbook import Playbook, load_playbook, load_playbooks

EXPECTED_IDS = {
    "default",
    "customer-service",
    "product-recall",
    "data-breach",
    "executive-misconduct",
    "influencer-backlash",
    "misinformation",
    "boycott",
    "community-manager-misstep",
    "service-outage",
}
PHASES = ["assess", "plan", "respond", "review"]
PLACEHOLDERS = {"brand", "incident_title", "time", "status_url", "contact"}

HEADER = """\
id = "broken"
name = "Broken playbook"
phases = ["assess", "plan", "respond", "review"]
"""
VALID_TASK = """
[[tasks]]
id = "confirm-facts"
phase = "assess"
title = "Establish the facts"
"""


@pytest.fixture(scope="module")
def playbooks() -> dict[str, Playbook]:
    return load_playbooks()


def _write(tmp_path: Path, text: str, name: str = "broken.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_all_builtin_playbooks_load(playbooks: dict[str, Playbook]) -> None:
    missing = EXPECTED_IDS - playbooks.keys()
    assert not missing, f"built-in playbooks missing: {sorted(missing)}"


def test_default_playbook_is_the_generic_one(playbooks: dict[str, Playbook]) -> None:
    default = playbooks["default"]
    assert default.name == "General crisis response"
    assert default.crisis_types == ["reputation"]


@pytest.mark.parametrize("playbook_id", sorted(EXPECTED_IDS))
def test_phases_in_order_and_a_mandatory_task(
    playbooks: dict[str, Playbook], playbook_id: str
) -> None:
    playbook = playbooks[playbook_id]
    assert playbook.phases == PHASES
    assert any(task.mandatory for task in playbook.tasks), f"{playbook_id}: no mandatory task"
    for phase in PHASES:
        assert playbook.tasks_in(phase), f"{playbook_id}: no task in phase {phase!r}"


@pytest.mark.parametrize("playbook_id", sorted(EXPECTED_IDS))
def test_templates_use_only_known_placeholders(
    playbooks: dict[str, Playbook], playbook_id: str
) -> None:
    playbook = playbooks[playbook_id]
    formatter = string.Formatter()
    for kind, templates in (("statements", playbook.statements), ("faq", playbook.faq)):
        for template in templates:
            for text in (template.title, template.body):
                fields = {field for _, field, _, _ in formatter.parse(text) if field is not None}
                unknown = fields - PLACEHOLDERS
                assert not unknown, f"{playbook_id} {kind} {template.id!r}: {sorted(unknown)}"


def test_task_phase_not_in_phases_names_file_and_key(tmp_path: Path) -> None:
    path = _write(tmp_path, HEADER + VALID_TASK.replace('"assess"', '"triage"'))
    with pytest.raises(ConfigError) as info:
        load_playbook(path)
    message = str(info.value)
    assert info.value.file == str(path)
    assert str(path) in message
    assert "tasks[0].phase" in message


def test_mandatory_yes_string_is_rejected(tmp_path: Path) -> None:
    path = _write(tmp_path, HEADER + VALID_TASK + 'mandatory = "yes"\n')
    with pytest.raises(ConfigError) as info:
        load_playbook(path)
    message = str(info.value)
    assert str(path) in message
    assert "tasks[0].mandatory" in message


def test_mandatory_non_boolean_string_names_file_and_key(tmp_path: Path) -> None:
    path = _write(tmp_path, HEADER + VALID_TASK + 'mandatory = "sometimes"\n')
    with pytest.raises(ConfigError) as info:
        load_playbook(path)
    message = str(info.value)
    assert str(path) in message
    assert "tasks[0].mandatory" in message


def test_invalid_toml_names_file(tmp_path: Path) -> None:
    path = _write(tmp_path, HEADER + '[[tasks]\nid = "unclosed\n')
    with pytest.raises(ConfigError) as info:
        load_playbook(path)
    message = str(info.value)
    assert info.value.file == str(path)
    assert str(path) in message
    assert "invalid TOML" in message


def test_errors_in_several_playbooks_each_name_their_own_file(tmp_path: Path) -> None:
    """Every error was prefixed with the first broken file's name (and so twice for it)."""
    first = _write(tmp_path, HEADER, "a-no-tasks.toml")
    second = _write(tmp_path, HEADER + "[[tasks]\n", "b-bad-toml.toml")
    with pytest.raises(ConfigError) as info:
        load_playbooks([tmp_path])
    lines = str(info.value).splitlines()
    assert lines == [f"{first}: tasks: Field required", lines[1]]
    assert lines[1].startswith(f"{second}: invalid TOML")
    assert str(first) not in lines[1]


def test_check_config_names_each_broken_playbook_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from crisistui.cli import main

    config = tmp_path / "crisistui.toml"
    config.write_text('[brand]\nname = "Acme Air"\nterms = ["acme air"]\n', encoding="utf-8")
    folder = tmp_path / "playbooks"  # beside the config: read with it
    folder.mkdir()
    first = _write(folder, HEADER, "a-no-tasks.toml")
    second = _write(folder, HEADER + VALID_TASK + 'mandatory = "yes"\n', "b-mandatory.toml")
    assert main(["check-config", str(config)]) == 2
    assert capsys.readouterr().err.splitlines() == [
        f"{first}: tasks: Field required",
        f"{second}: tasks[0].mandatory: Input should be a valid boolean",
    ]


def test_a_playbook_saved_with_a_byte_order_mark_or_not_in_utf8_is_read_or_named(
    tmp_path: Path,
) -> None:
    from crisistui.config import ConfigError
    from crisistui.domain.playbook import load_playbook

    latin1 = tmp_path / "latin1.toml"
    latin1.write_bytes('name = "Café"\n'.encode("latin-1"))
    with pytest.raises(ConfigError) as caught:
        load_playbook(latin1)
    assert "not UTF-8 text (line 1: byte 0xe9)" in str(caught.value)
    marked = tmp_path / "marked.toml"
    marked.write_bytes(b"\xef\xbb\xbfname = 'x'\n")
    with pytest.raises(ConfigError) as caught:  # read past the mark: the table is what is wrong
        load_playbook(marked)
    assert "invalid TOML" not in str(caught.value)


def test_every_shipped_playbook_has_its_approval_ticked_by_the_approval() -> None:
    for playbook in load_playbooks().values():
        approvals = [t for t in playbook.tasks if t.done_with == "statement.approved"]
        assert approvals, playbook.id
        assert all(task.title.startswith("Approve") for task in approvals), playbook.id


def test_a_breach_notice_is_approved_on_its_own_not_with_the_holding_statement() -> None:
    """Approving the holding statement ticked the data-breach playbook's "Approve the holding
    statement and customer notice", and the report said the notice was approved, though it
    had never been drafted: regulators may ask what customers were told and when."""
    playbooks = load_playbooks()
    approved = "statement.approved"
    for playbook_id, second in (
        ("data-breach", "customer-notice"),
        ("product-recall", "recall-notice"),
        ("customer-service", "public-reply"),
    ):
        playbook = playbooks[playbook_id]
        holding = [t.title for t in playbook.tasks_done_by(approved, "holding")]
        other = [t.title for t in playbook.tasks_done_by(approved, second)]
        assert holding == ["Approve the holding statement"], playbook_id
        assert len(other) == 1 and other != holding, playbook_id
        assert all(t.mandatory for t in playbook.tasks if t.done_with == approved), playbook_id


def test_an_approval_ticks_only_the_task_of_its_own_statement() -> None:
    """Approving a boycott's holding statement, in English or Vietnamese, is not approving its
    position; a misinformation holding statement is not its correction. A translation counts
    as the statement it translates."""
    playbooks = load_playbooks()
    boycott, misinformation = playbooks["boycott"], playbooks["misinformation"]
    approved = "statement.approved"
    assert boycott.tasks_done_by(approved, "holding") == []
    assert boycott.tasks_done_by(approved, "holding-vi") == []
    assert [t.title for t in boycott.tasks_done_by(approved, "position")] == [
        "Approve the position statement"
    ]
    assert misinformation.tasks_done_by(approved, "holding") == []
    assert [t.id for t in misinformation.tasks_done_by(approved, "correction")] == [
        "approve-correction"
    ]
    outage = playbooks["service-outage"]
    assert outage.statement_of("investigating-vi") == "investigating"
    assert outage.statement_of("investigating") == "investigating"
    assert [t.id for t in outage.tasks_done_by(approved, "investigating-vi")] == [
        "approve-holding-statement"
    ]
    # a task naming no statement is done by any; a statement from no template does those only
    influencer = playbooks["influencer-backlash"]
    assert len(influencer.tasks_done_by(approved, "resolution")) == 1
    assert len(influencer.tasks_done_by(approved, None)) == 1
    assert playbooks["data-breach"].tasks_done_by(approved, "update") == []
    assert outage.tasks_done_by(approved, None) == []
    # every approval task whose title names one statement is narrowed to it
    for playbook in playbooks.values():
        for task in playbook.tasks:
            if task.done_with == approved and " and " not in task.title:
                assert task.statement is not None, (playbook.id, task.id)


def test_a_task_done_by_a_statement_the_playbook_lacks_is_named(tmp_path: Path) -> None:
    task = VALID_TASK + 'done_with = "statement.published"\nstatement = "resolution"\n'
    statement = '\n[[statements]]\nid = "holding"\ntitle = "Holding"\nbody = "We know."\n'
    with pytest.raises(ConfigError) as info:
        load_playbook(_write(tmp_path, HEADER + task + statement))
    assert "tasks[0].statement: 'resolution' is not one of the playbook's statements" in str(
        info.value
    )
    assert load_playbook(
        _write(tmp_path, HEADER + task.replace("resolution", "holding") + statement)
    )


def test_every_all_channels_task_waits_for_its_statement_everywhere() -> None:
    for playbook in load_playbooks().values():
        for task in playbook.tasks:
            if "on all channels" in task.title:
                assert task.done_with == "statement.published", (playbook.id, task.id)
                assert task.statement is not None, (playbook.id, task.id)


def test_a_task_of_one_channel_names_a_channel_of_the_playbook(tmp_path: Path) -> None:
    task = VALID_TASK + 'done_with = "statement.published"\nchannel = "status pgae"\n'
    channels = 'channels = ["status page", "x"]\n'
    with pytest.raises(ConfigError) as info:
        load_playbook(_write(tmp_path, HEADER.replace("\n", "\n" + channels, 1) + task))
    assert "tasks[0].channel: 'status pgae' is not one of the playbook's channels" in str(
        info.value
    )
    without = VALID_TASK + 'channel = "x"\n'
    with pytest.raises(ConfigError, match="channel: only means something with done_with"):
        load_playbook(_write(tmp_path, HEADER + without))
