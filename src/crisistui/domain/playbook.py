"""Playbooks: one TOML file per crisis type, with phases, tasks, statements and FAQ answers.

They are prepared in calm times and edited after every drill, so a broken one must be reported
with its file and key at load time, never discovered mid-crisis.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    ValidationError,
    field_validator,
    model_validator,
)

from crisistui.config import ConfigError, dotted_key, read_toml
from crisistui.domain.languages import iso_code

BUILTIN_DIR = Path(__file__).resolve().parent.parent / "playbooks"

_Id = Annotated[str, Field(min_length=1, pattern=r"^[a-z0-9][a-z0-9_-]*$")]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


DoneWith = Literal["statement.drafted", "statement.approved", "statement.published"]
"""What a statement can do that is a task done: drafted, approved, published."""


class Task(_Model):
    """One checklist item."""

    id: _Id
    phase: str
    title: str = Field(min_length=1)
    role: str = Field(default="crisis lead", min_length=1)
    mandatory: StrictBool = False
    due_minutes: int | None = Field(default=None, ge=0, description="Due after incident start.")
    hint: str = ""
    done_with: DoneWith | None = Field(
        default=None,
        description="Ticked by itself when a statement of the incident is first drafted, "
        "first approved, or has been published on every channel the playbook lists (on one, "
        "if it lists none): the draft, the approval or the publication is the task.",
    )
    statement: _Id | None = Field(
        default=None,
        description="With done_with: only a statement made from this template of the "
        "playbook does the task (the resolution, not the holding statement).",
    )
    channel: str | None = Field(
        default=None,
        description="With done_with = 'statement.published': the channel whose publication "
        "does the task (\"post 'investigating' on the status page first\"), instead of every "
        "channel the playbook lists.",
    )
    min_severity: Literal["SEV1", "SEV2", "SEV3", "SEV4"] | None = Field(
        default=None,
        description="Only on incidents this severe or worse (SEV1 is worst): a SEV1 adds "
        "the executive briefing, a SEV4 does not need it.",
    )

    def applies_at(self, severity: str | None) -> bool:
        """Whether the task belongs on an incident of this severity (unset counts as SEV4)."""
        if self.min_severity is None:
            return True
        return (severity or "SEV4") <= self.min_severity


class Template(_Model):
    """A prepared statement or FAQ answer; ``{brand}``-style placeholders are filled later."""

    id: _Id
    title: str = Field(min_length=1)
    body: str = Field(min_length=1)
    lang: str | None = Field(
        default=None,
        description="The language it is written in (ISO 639-1, e.g. 'vi'): a reply to a "
        "mention in that language offers it first. None: the playbook's own language.",
    )

    @field_validator("lang")
    @classmethod
    def _language(cls, value: str | None) -> str | None:
        if value is None:
            return None
        code = iso_code(value)
        if code is None:
            raise ValueError(f"{value!r} names no language: write an ISO 639-1 code, e.g. 'vi'")
        return code


class Playbook(_Model):
    """The contingency plan for one kind of crisis."""

    id: _Id
    name: str = Field(min_length=1)
    incident_title: str = Field(
        default="",
        description="Default title of an incident opened from an alert, written for the "
        "public because statements use it as {incident_title}; may use {brand}.",
    )
    description: str = ""
    crisis_types: list[str] = Field(default_factory=list)
    phases: list[str] = Field(min_length=1)
    channels: list[str] = Field(default_factory=list)
    tasks: list[Task] = Field(min_length=1)
    statements: list[Template] = Field(default_factory=list)
    faq: list[Template] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> Playbook:
        seen: set[str] = set()
        for index, task in enumerate(self.tasks):
            if task.phase not in self.phases:
                raise ValueError(
                    f"tasks[{index}].phase: {task.phase!r} is not one of phases {self.phases}"
                )
            if task.id in seen:
                raise ValueError(f"tasks[{index}].id: {task.id!r} is used twice")
            seen.add(task.id)
        templates: set[str] = set()
        statement_ids = {template.id for template in self.statements}
        for index, task in enumerate(self.tasks):
            if task.statement is not None and task.done_with is None:
                raise ValueError(f"tasks[{index}].statement: only means something with done_with")
            if task.channel is not None and task.done_with != "statement.published":
                raise ValueError(
                    f"tasks[{index}].channel: only means something with "
                    "done_with = 'statement.published'"
                )
            if task.channel is not None and self.channels and task.channel not in self.channels:
                raise ValueError(
                    f"tasks[{index}].channel: {task.channel!r} is not one of the playbook's "
                    f"channels {self.channels}"
                )
            if task.statement is not None and task.statement not in statement_ids:
                raise ValueError(
                    f"tasks[{index}].statement: {task.statement!r} is not one of the "
                    f"playbook's statements {sorted(statement_ids)}"
                )
        for key, items in (("statements", self.statements), ("faq", self.faq)):
            for index, template in enumerate(items):
                if template.id in templates:
                    raise ValueError(
                        f"{key}[{index}].id: {template.id!r} is used twice (statements and FAQ "
                        "answers share one set of ids)"
                    )
                templates.add(template.id)
        for index, channel in enumerate(self.channels):
            if channel in self.channels[:index]:
                raise ValueError(f"channels[{index}]: {channel!r} is listed twice")
        return self

    def tasks_in(self, phase: str) -> list[Task]:
        return [t for t in self.tasks if t.phase == phase]

    def statement_of(self, template_id: str) -> str:
        """The statement a template stands for: ``holding-vi``, written in Vietnamese (``lang =
        "vi"``) beside a ``holding``, is the holding statement."""
        template = next((t for t in self.statements if t.id == template_id), None)
        if template is None or not template.lang:
            return template_id
        base = template_id.removesuffix(f"-{template.lang}")
        return base if any(t.id == base for t in self.statements) else template_id

    def tasks_done_by(self, kind: str, template_id: str | None) -> list[Task]:
        """The tasks that ``kind`` (``statement.drafted``, ``.approved``, ``.published``) of a
        statement made from ``template_id`` does: those done with it, and of those that name
        a statement only the ones naming this one (in any of its languages)."""
        named = {template_id, self.statement_of(template_id)} if template_id else set()
        return [
            task
            for task in self.tasks
            if task.done_with == kind and (task.statement is None or task.statement in named)
        ]


def load_playbook(path: Path) -> Playbook:
    """Read and validate one playbook file."""
    data = read_toml(path)
    try:
        return Playbook.model_validate(data)
    except ValidationError as exc:
        problems = [
            f"{dotted_key(tuple(e['loc']))}: {e['msg'].removeprefix('Value error, ')}"
            if e["loc"]
            else e["msg"].removeprefix("Value error, ")
            for e in exc.errors()
        ]
        raise ConfigError(str(path), problems) from None


def load_playbooks(extra_dirs: Iterable[Path] = ()) -> dict[str, Playbook]:
    """Built-in playbooks, overridden by id by those in ``extra_dirs`` (in order)."""
    playbooks: dict[str, Playbook] = {}
    problems: list[ConfigError] = []
    for folder in [BUILTIN_DIR, *extra_dirs]:
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.toml")):
            try:
                playbook = load_playbook(path)
            except ConfigError as exc:
                problems.append(exc)
                continue
            playbooks[playbook.id] = playbook
    if len(problems) == 1:
        raise problems[0]
    if problems:
        raise PlaybookErrors(problems)
    return playbooks


class PlaybookErrors(ConfigError):
    """Broken playbooks in several files, all said at once; each line names its own file
    (they were once all given the first file's name)."""

    def __init__(self, errors: Sequence[ConfigError]) -> None:
        lines = [line for error in errors for line in str(error).splitlines()]
        Exception.__init__(self, "\n".join(lines))
        self.file = errors[0].file
        self.problems = lines
        self.errors = list(errors)
