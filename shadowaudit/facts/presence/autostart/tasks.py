"""Scheduled tasks from `schtasks /query /fo CSV /v`, English column names only.

The columns are those Microsoft documents for `schtasks /query` (learn.microsoft.com,
windows-commands/schtasks-query) and prints in English: "TaskName", "Task To Run",
"Scheduled Task State", "Run As User". Windows translates the header into the system's
language; an unknown header is "could not check", never a guess at which column is which.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from msgspec import Struct

from shadowaudit.errors import Damaged, Unsupported

#: The English names of the columns read.
NAME, COMMAND, STATE, USER = "TaskName", "Task To Run", "Scheduled Task State", "Run As User"
#: Most rows read (each trigger of a task is a row; a computer has a few hundred).
MAX_ROWS = 20_000
_COM_HANDLER = "com handler"


class Task(Struct, frozen=True):
    """One scheduled task: its full name, the program it runs, whether it is on, as whom."""

    name: str
    command: str
    enabled: bool
    user: str


def parse_tasks(text: str) -> list[Task]:
    """The tasks of schtasks' verbose CSV (its header repeats for each task folder).

    Raises Unsupported for a header in another language, Damaged for text that is not it."""
    try:
        return _tasks(csv.reader(io.StringIO(text)), text)
    except csv.Error as exc:
        raise Damaged(f"schtasks: {exc}") from exc


def _tasks(rows: Iterator[list[str]], text: str) -> list[Task]:
    """The tasks of the rows of schtasks' CSV (see parse_tasks)."""
    columns: dict[str, int] = {}
    tasks: dict[str, Task] = {}
    for count, row in enumerate(rows):
        if count >= MAX_ROWS:
            break
        if not row:
            continue
        if row[0] in ("HostName", "Hostname") or not columns:
            if NAME not in row or COMMAND not in row or STATE not in row:
                if not columns and len(row) >= 10:
                    raise Unsupported("schtasks printed its columns in a language not known")
                raise Damaged("not the output of schtasks /fo CSV /v")
            columns = {name: row.index(name) for name in (NAME, COMMAND, STATE)}
            columns[USER] = row.index(USER) if USER in row else -1
            continue
        if len(row) <= max(columns.values()):
            raise Damaged("schtasks: a row is cut short")
        name = row[columns[NAME]]
        command = row[columns[COMMAND]].strip()
        if command.lower() == _COM_HANDLER:
            command = ""
        state = row[columns[STATE]].strip().lower()
        user = row[columns[USER]] if columns[USER] >= 0 else ""
        tasks.setdefault(name, Task(name, command, state != "disabled", user))
    if not columns and text.strip():
        raise Damaged("not the output of schtasks /fo CSV /v")
    return list(tasks.values())
